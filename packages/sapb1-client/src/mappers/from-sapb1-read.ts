import { PayloadError } from "@org/core";

/**
 * Readers for B1 payloads in the B1 → canonical mappers (internal, not exported from the package): the
 * generic ones come from `@org/core`, re-exported under the short names the mappers use; only B1's own
 * encodings live here.
 */
export {
  mapSafely,
  ownEntry as own,
  PayloadError,
  readList as list,
  readOptionalDecimal as optionalDecimal,
  readOptionalInteger as optionalInteger,
  readOptionalText as optionalText,
  readRecord as record,
  readText as text,
  recordKey as keyOf,
  withoutValue,
} from "@org/core";

/** B1's `BoYesNoEnum`: `tYES` / `tNO`; `undefined` when absent. */
export function yesNo(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === "tYES") return true;
  if (value === "tNO") return false;
  throw new PayloadError(field, "expected tYES or tNO");
}

/**
 * B1 keeps dates (`2026-03-02` or `2026-03-02T00:00:00Z`, by version) and times (`14:32:10`, `1432`) apart, in
 * the company server's local time. Returns an ISO 8601 date-time with `offset`.
 */
export function b1DateTime(date: unknown, time: unknown, offset: string, field: string): string {
  const day = typeof date === "string" ? /^(\d{4}-\d{2}-\d{2})(?:T00:00:00(?:\.0+)?Z?)?$/.exec(date.trim()) : null;
  if (!day?.[1] || Number.isNaN(Date.parse(day[1]))) throw new PayloadError(field, "expected a date (YYYY-MM-DD)");
  let clock = "00:00:00";
  const rawTime = typeof time === "number" ? String(time).padStart(4, "0") : typeof time === "string" ? time : "";
  const hm = /^(\d{2}):?(\d{2})(?::?(\d{2}))?$/.exec(rawTime.trim());
  if (hm?.[1] && hm[2] && Number(hm[1]) < 24 && Number(hm[2]) < 60 && Number(hm[3] ?? "0") < 60)
    clock = `${hm[1]}:${hm[2]}:${hm[3] ?? "00"}`;
  return `${day[1]}T${clock}${offset}`;
}
