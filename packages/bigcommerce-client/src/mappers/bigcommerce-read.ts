/**
 * Defensive readers shared by the BigCommerce → canonical mappers. BigCommerce payloads arrive as JSON the mapper
 * cannot trust (a webhook, a hand-edited fixture, an API change): every reader names the field it rejects and
 * throws {@link PayloadError}, which each mapper turns into an `INVALID_PAYLOAD` exception for its record.
 */
import { Decimal, type InvalidInputError, PayloadError } from "@org/core";

// Shared with every vendor → canonical mapper: one error type for bad payload fields, one text reader.
export { PayloadError, readText as text } from "@org/core";

/** Reads a decimal-string (or number) amount, naming the field on failure; absent means zero. */
export function amount(value: unknown, field: string): Decimal {
  if (value === undefined || value === null || value === "") return Decimal.ZERO;
  if (typeof value !== "string" && typeof value !== "number")
    throw new PayloadError(field, `expected a decimal, got ${typeof value}`);
  return Decimal.from(value, field);
}

/** A short description of a bad value for messages; never serialises objects (they may be huge or cyclic). */
export function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value.slice(0, 40)) : value === null ? "null" : typeof value;
}

export function list<T>(value: T[] | undefined, field: string): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new PayloadError(field, "expected a list");
  return value;
}

export function record(value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new PayloadError(field, "expected an object");
  return value as Record<string, unknown>;
}

/** A JSON number that is a whole, safe integer (BigCommerce ids and quantities). */
export function wholeNumber(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value))
    throw new PayloadError(field, `expected a whole number, got ${describe(value)}`);
  return value;
}

/** BigCommerce dates are RFC 2822 (v2) or RFC 3339 (v3); canonical dates are ISO 8601. */
export function isoDate(value: unknown, field: string): string {
  const parsed = typeof value === "string" ? new Date(value) : undefined;
  if (!parsed || Number.isNaN(parsed.getTime()))
    throw new PayloadError(field, `expected a date, got ${describe(value)}`);
  return parsed.toISOString();
}

/** An `InvalidInputError`'s reason without the rejected value it quotes (messages never carry payload values). */
export function reasonOf(error: InvalidInputError): string {
  return error.message.replace(/ \(got [\s\S]*\)$/, "");
}
