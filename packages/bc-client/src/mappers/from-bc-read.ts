import { PayloadError } from "@org/core";

/**
 * Readers for BC payloads in the BC → canonical mappers (internal, not exported from the package): the
 * generic ones come from `@org/core`, re-exported under the short names the mappers use; only BC's own
 * encodings live here.
 */
export {
  mapSafely,
  ownEntry as own,
  PayloadError,
  readList as list,
  readOptionalBoolean as optionalBoolean,
  readOptionalDecimal as optionalDecimal,
  readOptionalText as optionalText,
  readRecord as record,
  readText as text,
  recordKey as keyOf,
  withoutValue,
} from "@org/core";

/**
 * A BC enum value as text. BC writes enum members XML-encoded (`_x0020_` for the blank member,
 * `G_x002F_L_x0020_Account`); some clients and proxies send them decoded (`" "`, `G/L Account`). Both read the same;
 * the blank member reads as `""`.
 */
export function bcEnum(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new PayloadError(field, "expected an enum member name");
  return value
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .trim();
}

/** A BC `Edm.Date` (`2026-03-02`) as the start of that day at `offset`; BC posting dates carry no time. */
export function bcDateTime(value: unknown, offset: string, field: string): string {
  const day = typeof value === "string" ? /^\d{4}-\d{2}-\d{2}$/.exec(value.trim()) : null;
  if (!day || Number.isNaN(Date.parse(day[0])) || day[0] === "0001-01-01")
    throw new PayloadError(field, "expected a date (YYYY-MM-DD)");
  return `${day[0]}T00:00:00${offset}`;
}
