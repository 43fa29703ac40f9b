import {
  createSyncException,
  Decimal,
  EntityValidationError,
  failed,
  InvalidInputError,
  ok,
  type RecordRef,
  type SyncException,
  type SyncResult,
  type SyncWarning,
} from "@org/core";

/**
 * Defensive readers shared by the B1 → canonical mappers (internal, not exported from the package). The generated
 * types say what B1 should send; these check what actually arrived, so a bad payload becomes an `INVALID_PAYLOAD`
 * exception naming the record and the field instead of a crash.
 */

/** A configured mapping's own entry (never an inherited `Object.prototype` member such as `constructor`). */
export function own<V>(map: Readonly<Record<string | number, V>>, key: string | number): V | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/** A field of the vendor payload is missing or has the wrong shape. */
export class PayloadError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A trimmed, non-empty string (numbers are read as their text), or `undefined`. */
export function text(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() === "" ? undefined : value.trim();
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Like {@link text}, but a value of another type than string/absent is an error, not silently dropped. */
export function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || typeof value === "string") return text(value);
  throw new PayloadError(field, "expected a string");
}

export function record(value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new PayloadError(field, "expected an object");
  return value as Record<string, unknown>;
}

/** An optional collection: absent or `null` is empty; anything but an array is an error. */
export function list(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new PayloadError(field, "expected a list");
  return value;
}

/** An `Edm.Double` amount or quantity, exactly (B1 sends JSON numbers); `undefined` when absent. */
export function optionalDecimal(value: unknown, field: string): Decimal | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" && typeof value !== "string")
    throw new PayloadError(field, "expected a decimal number");
  return Decimal.from(value, field);
}

/** B1's `BoYesNoEnum`: `tYES` / `tNO`; `undefined` when absent. */
export function yesNo(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === "tYES") return true;
  if (value === "tNO") return false;
  throw new PayloadError(field, "expected tYES or tNO");
}

/** An integer code (`PriceList`, `UoMEntry`, `TransportationCode`); `undefined` when absent. */
export function optionalInteger(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value)) throw new PayloadError(field, "expected an integer");
  return value;
}

/** The key of a record for messages and record refs: the vendor's id as text, shortened, never an object. */
export function keyOf(value: unknown): string {
  const key = text(value);
  return key === undefined ? "(unknown)" : key.slice(0, 50);
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

/** Drops the offending value that core's messages quote (`(got …)`, `: "…"`): bad values stay out of logs. */
export function withoutValue(message: string): string {
  return message
    .replace(/\s*\(got [\s\S]*\)\s*$/, "")
    .replace(/:\s*"[\s\S]*"\s*$/, "")
    .replace(/^value:\s*/, "");
}

/**
 * Runs a mapper body and turns bad data into `INVALID_PAYLOAD` exceptions for the record (X1); anything else is
 * a bug in the mapper and propagates.
 */
export function mapSafely<T>(ref: RecordRef, label: string, build: (warnings: SyncWarning[]) => T): SyncResult<T> {
  const invalid = (message: string, field: string): SyncException =>
    createSyncException("INVALID_PAYLOAD", {
      message: `${label}: ${field ? `${field}: ` : ""}${withoutValue(message)}`,
      sourceSystem: ref.system,
      records: [ref],
      ...(field ? { field } : {}),
    });
  const warnings: SyncWarning[] = [];
  try {
    return ok(build(warnings), warnings);
  } catch (error) {
    if (error instanceof EntityValidationError)
      return failed(
        error.issues.map((issue) => invalid(issue.message, issue.field)),
        warnings,
      );
    if (error instanceof InvalidInputError)
      return failed([invalid(error.message.replace(/^[^:]*:\s*/, ""), error.field)], warnings);
    if (error instanceof PayloadError) return failed([invalid(error.message, error.field)], warnings);
    throw error;
  }
}
