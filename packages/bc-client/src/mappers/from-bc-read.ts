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
 * Defensive readers shared by the BC → canonical mappers (internal, not exported from the package). The generated
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

/** A BC `Edm.Decimal`, exactly: a JSON number, or a string with `IEEE754Compatible=true`; `undefined` when absent. */
export function optionalDecimal(value: unknown, field: string): Decimal | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" && typeof value !== "string")
    throw new PayloadError(field, "expected a decimal number");
  return Decimal.from(value, field);
}

/** The key of a record for messages and record refs: the vendor's id as text, shortened, never an object. */
export function keyOf(value: unknown): string {
  const key = text(value);
  return key === undefined ? "(unknown)" : key.slice(0, 50);
}

/** A BC `Edm.Boolean`; `undefined` when absent. */
export function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw new PayloadError(field, "expected true or false");
  return value;
}

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
