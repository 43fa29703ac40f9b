import type { RecordRef } from "../entities/schema-helpers";
import {
  createSyncException,
  failed,
  ok,
  type SyncException,
  type SyncResult,
  type SyncWarning,
} from "../entities/sync-exception";
import { EntityValidationError, InvalidInputError } from "../errors";
import { Decimal } from "../money/decimal";

/**
 * Defensive readers for vendor payloads, shared by every vendor → canonical mapper. The generated types say what a
 * vendor should send; these check what actually arrived, so a bad payload becomes an `INVALID_PAYLOAD` exception
 * naming the record and the field (X1) instead of a crash. Messages never quote the bad value: it may be huge,
 * cyclic or personal data.
 */

/** A field of a vendor payload is missing or has the wrong shape. Thrown inside {@link mapSafely}. */
export class PayloadError extends Error {
  override readonly name = "PayloadError";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A configured mapping's own entry (never an inherited `Object.prototype` member such as `constructor`). */
export function ownEntry<V>(map: Readonly<Record<string | number, V>>, key: string | number): V | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/** A trimmed, non-empty string (finite numbers are read as their text), or `undefined`. */
export function readText(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() === "" ? undefined : value.trim();
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Like {@link readText}, but a value that is neither a string nor absent is an error, not silently dropped. */
export function readOptionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || typeof value === "string") return readText(value);
  throw new PayloadError(field, "expected a string");
}

export function readRecord(value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new PayloadError(field, "expected an object");
  return value as Record<string, unknown>;
}

/** An optional collection: absent or `null` is empty; anything but an array is an error. */
export function readList(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new PayloadError(field, "expected a list");
  return value;
}

/** An exact amount or quantity from a JSON number or a decimal string; `undefined` when absent. */
export function readOptionalDecimal(value: unknown, field: string): Decimal | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" && typeof value !== "string")
    throw new PayloadError(field, "expected a decimal number");
  return Decimal.from(value, field);
}

/** `true`/`false`; `undefined` when absent. */
export function readOptionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw new PayloadError(field, "expected true or false");
  return value;
}

/** An integer code or id; `undefined` when absent. */
export function readOptionalInteger(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value)) throw new PayloadError(field, "expected an integer");
  return value;
}

/** The key of a record for messages and record refs: the vendor's id as text, shortened, never an object. */
export function recordKey(value: unknown): string {
  const key = readText(value);
  return key === undefined ? "(unknown)" : key.slice(0, 50);
}

/** A validation message without the value it quotes (`(got …)`, `: "…"`), so bad values stay out of logs. */
export function withoutValue(message: string): string {
  return message
    .replace(/\s*\(got [\s\S]*\)\s*$/, "")
    .replace(/:\s*"[\s\S]*"\s*$/, "")
    .replace(/^value:\s*/, "");
}

/**
 * Runs a mapper body and turns bad data ({@link PayloadError}, `InvalidInputError`, `EntityValidationError`) into
 * `INVALID_PAYLOAD` exceptions for the record, labelled e.g. `Item 1896-S`; anything else is a bug in the mapper
 * and propagates. Warnings pushed by the body travel with the result.
 */
export function mapSafely<T>(ref: RecordRef, label: string, build: (warnings: SyncWarning[]) => T): SyncResult<T> {
  const invalid = (message: string, field: string): SyncException =>
    createSyncException("INVALID_PAYLOAD", {
      message: `${label}: ${field ? `${field}: ` : ""}${message}`,
      sourceSystem: ref.system,
      records: [ref],
      ...(field ? { field } : {}),
    });
  const warnings: SyncWarning[] = [];
  try {
    return ok(build(warnings), warnings);
  } catch (error) {
    if (error instanceof EntityValidationError) {
      return failed(
        error.issues.map((issue) => invalid(withoutValue(issue.message), issue.field)),
        warnings,
      );
    }
    if (error instanceof InvalidInputError) return failed([invalid(error.reason, error.field)], warnings);
    if (error instanceof PayloadError) return failed([invalid(error.message, error.field)], warnings);
    throw error;
  }
}
