/**
 * Defensive readers shared by the Magento mappers. Magento payloads arrive as JSON the mapper cannot trust (an
 * extension's plugin, a hand-edited fixture, a changed schema): every reader names the field it rejects and throws
 * {@link PayloadError}, which each mapper turns into an `INVALID_PAYLOAD` exception for its record.
 */
import { type Address, Decimal, InvalidInputError } from "@org/core";

/** A field of a Magento payload the mapper cannot read. */
export class PayloadError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * An amount or quantity. Magento sends JSON numbers (some extension attributes send decimal strings); a number is
 * taken at its shortest decimal form (`Decimal.from`), so `19.99` stays `19.99`. Absent means zero.
 */
export function amount(value: unknown, field: string): Decimal {
  if (value === undefined || value === null || value === "") return Decimal.ZERO;
  if (typeof value !== "string" && typeof value !== "number")
    throw new PayloadError(field, `expected a number, got ${describe(value)}`);
  return Decimal.from(value, field);
}

/** Like {@link amount}, but `undefined` when the field is absent (to tell "not sent" from zero). */
export function optionalAmount(value: unknown, field: string): Decimal | undefined {
  return value === undefined || value === null || value === "" ? undefined : amount(value, field);
}

/** A short description of a bad value for messages; never the value itself (it may be personal data). */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "string" ? `a string of ${value.length} characters` : typeof value;
}

/** A non-empty trimmed string, or a number as text; anything else is absent. */
export function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== ""
    ? value.trim()
    : typeof value === "number" && Number.isFinite(value)
      ? String(value)
      : undefined;
}

export function list(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new PayloadError(field, `expected a list, got ${describe(value)}`);
  return value;
}

export function record(value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new PayloadError(field, `expected an object, got ${describe(value)}`);
  return value as Record<string, unknown>;
}

export function optionalRecord(value: unknown, field: string): Record<string, unknown> | undefined {
  return value === undefined || value === null ? undefined : record(value, field);
}

/** A Magento id: a safe positive integer (JSON number or its decimal text). */
export function entityId(value: unknown, field: string): number {
  const id = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 0)
    throw new PayloadError(field, `expected an id, got ${describe(value)}`);
  return id;
}

/** Magento's integer flags (`customer_is_guest: 1`) and booleans alike. */
export function flag(value: unknown): boolean {
  return value === true || value === 1 || value === "1";
}

const MAGENTO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?$/;

/**
 * Magento stores and sends dates in UTC without an offset (`2026-03-01 10:15:00`); canonical dates are ISO 8601
 * with one. Dates with an offset are read as they are. Impossible dates (`2026-02-30`) are rejected, not rolled over.
 */
export function isoDate(value: unknown, field: string): string {
  if (typeof value === "string") {
    const match = MAGENTO_DATE_TIME.exec(value.trim());
    if (match) {
      const iso = `${match[1]}T${match[2]}Z`;
      const parsed = new Date(iso);
      if (!Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 19) === iso.slice(0, 19)) return iso;
    } else if (/^\d{4}-\d{2}-\d{2}T.+(?:Z|[+-]\d{2}:?\d{2})$/.test(value.trim())) {
      const parsed = new Date(value.trim());
      if (!Number.isNaN(parsed.getTime())) return parsed.toISOString();
    }
  }
  throw new PayloadError(field, `expected a date such as 2026-03-01 10:15:00, got ${describe(value)}`);
}

/** An `InvalidInputError`'s reason without the value it quotes (exception messages never carry payload values). */
export function reasonOf(error: InvalidInputError): string {
  return error.message.replace(/ \(got [\s\S]*\)$/, "");
}

/** Field and reason of a reader or parser error, or `undefined` for anything else (a bug, rethrown). */
export function payloadProblem(error: unknown): { field: string; message: string } | undefined {
  if (error instanceof PayloadError) return { field: error.field, message: error.message };
  if (error instanceof InvalidInputError) return { field: error.field, message: reasonOf(error) };
  return undefined;
}

/** A Magento order or customer address (`sales-data-order-address-interface`) as a canonical address. */
export function address(raw: Record<string, unknown>, field: string): Address {
  const street = list(raw.street, `${field}.street`)
    .map((line) => text(line))
    .filter((line): line is string => line !== undefined);
  const name = [text(raw.firstname), text(raw.middlename), text(raw.lastname)].filter(Boolean).join(" ");
  const line2 = street.slice(1).join(", ");
  const region = text(raw.region_code) ?? text(raw.region);
  const postalCode = text(raw.postcode);
  const company = text(raw.company);
  const phone = text(raw.telephone);
  const email = text(raw.email);
  return {
    ...(name ? { name } : {}),
    ...(company ? { company } : {}),
    line1: street[0] ?? "",
    ...(line2 ? { line2 } : {}),
    city: text(raw.city) ?? "",
    ...(region ? { region } : {}),
    ...(postalCode ? { postalCode } : {}),
    countryCode: (text(raw.country_id) ?? "").toUpperCase(),
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
  };
}
