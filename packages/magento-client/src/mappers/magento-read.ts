/**
 * Defensive readers shared by the Magento mappers. Magento payloads arrive as JSON the mapper cannot trust (an
 * extension's plugin, a hand-edited fixture, a changed schema): every reader names the field it rejects and throws
 * core's `PayloadError`, which each mapper turns into an `INVALID_PAYLOAD` exception for its record. The generic
 * readers are core's; these add Magento's encodings (numbers where absent means zero, integer flags, UTC dates
 * without an offset, ids sent as numbers or text, order addresses).
 */
import { type Address, Decimal, InvalidInputError, PayloadError, readList, readRecord, readText } from "@org/core";

export { PayloadError, readList as list, readRecord as record, readText as text };

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

/** A short description of a bad value for messages; never the value itself (it may be personal data). */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "string" ? `a string of ${value.length} characters` : typeof value;
}

export function optionalRecord(value: unknown, field: string): Record<string, unknown> | undefined {
  return value === undefined || value === null ? undefined : readRecord(value, field);
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

/** Field and reason of a reader or parser error, or `undefined` for anything else (a bug, rethrown). */
export function payloadProblem(error: unknown): { field: string; message: string } | undefined {
  if (error instanceof PayloadError) return { field: error.field, message: error.message };
  if (error instanceof InvalidInputError) return { field: error.field, message: error.reason };
  return undefined;
}

/** A Magento order or customer address (`sales-data-order-address-interface`) as a canonical address. */
export function address(raw: Record<string, unknown>, field: string): Address {
  const street = readList(raw.street, `${field}.street`)
    .map((line) => readText(line))
    .filter((line): line is string => line !== undefined);
  const name = [readText(raw.firstname), readText(raw.middlename), readText(raw.lastname)].filter(Boolean).join(" ");
  const line2 = street.slice(1).join(", ");
  const region = readText(raw.region_code) ?? readText(raw.region);
  const postalCode = readText(raw.postcode);
  const company = readText(raw.company);
  const phone = readText(raw.telephone);
  const email = readText(raw.email);
  return {
    ...(name ? { name } : {}),
    ...(company ? { company } : {}),
    line1: street[0] ?? "",
    ...(line2 ? { line2 } : {}),
    city: readText(raw.city) ?? "",
    ...(region ? { region } : {}),
    ...(postalCode ? { postalCode } : {}),
    countryCode: (readText(raw.country_id) ?? "").toUpperCase(),
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
  };
}
