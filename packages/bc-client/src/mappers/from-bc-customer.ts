import { type Customer, type CustomerInput, parseCustomer, type SyncResult, type SyncWarning } from "@org/core";
import type { Customer as BcCustomer } from "../generated/index.js";
import { bcEnum, keyOf, mapSafely, optionalText, PayloadError, record } from "./from-bc-read.js";

export interface FromBcCustomerConfig {
  /** System slug in records and exceptions. Default: `bc`. */
  system?: string;
  /**
   * ISO 4217 code of the company's local currency. BC leaves `currencyCode` blank for customers billed in LCY.
   * Default: none (such customers have no currency in the canonical record).
   */
  localCurrency?: string;
}

/**
 * A BC customer (`GET /companies({id})/customers({id})`, API v2.0) as a canonical customer, so storefront customers
 * are matched to the ERP account before anything is created (O2).
 * - `number` is the ERP customer number; the record id is BC's `id` (a GUID that survives renumbering).
 * - `displayName`, `email`, `phoneNumber`, `currencyCode`, `taxRegistrationNumber`; the address fields become the
 *   billing address (the standard API has no ship-to addresses: those are a custom API page). An incomplete address
 *   (no street, city or country) is left out with an `ADDRESS_INCOMPLETE` warning.
 * - `blocked` Ship, Invoice or All → `blocked` (no orders should post); blank → not blocked.
 * The input is partial so that a `$select`ed read fits. Never throws on bad data: `INVALID_PAYLOAD` exceptions name
 * the customer and the field.
 */
export function fromBcCustomer(customer: Partial<BcCustomer>, config: FromBcCustomerConfig = {}): SyncResult<Customer> {
  const system = config.system ?? "bc";
  const raw = customer as { id?: unknown; number?: unknown } | null;
  const number = text50(raw?.number);
  const ref = { system, type: "customer", id: keyOf(raw?.id), ...(number ? { number } : {}) };
  return mapSafely(ref, `Customer ${number ?? ref.id}`, (warnings) =>
    parseCustomer(toCustomerInput(record(customer, "customer"), ref, config, warnings)),
  );
}

function text50(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim().slice(0, 50) : undefined;
}

function toCustomerInput(
  raw: Record<string, unknown>,
  ref: { system: string; type: string; id: string },
  config: FromBcCustomerConfig,
  warnings: SyncWarning[],
): CustomerInput {
  if (!optionalText(raw.id, "id")) throw new PayloadError("id", "is required");
  const number = optionalText(raw.number, "number");
  if (!number) throw new PayloadError("number", "is required");
  const name = optionalText(raw.displayName, "displayName");
  if (!name) throw new PayloadError("displayName", "is required");
  const blocked = bcEnum(raw.blocked, "blocked") ?? "";
  if (!["", "Ship", "Invoice", "All"].includes(blocked))
    throw new PayloadError("blocked", "expected blank, Ship, Invoice or All");
  const email = optionalText(raw.email, "email");
  const phone = optionalText(raw.phoneNumber, "phoneNumber");
  const currency = optionalText(raw.currencyCode, "currencyCode") ?? config.localCurrency;
  const taxNumber = optionalText(raw.taxRegistrationNumber, "taxRegistrationNumber");
  const line1 = optionalText(raw.addressLine1, "addressLine1");
  const line2 = optionalText(raw.addressLine2, "addressLine2");
  const city = optionalText(raw.city, "city");
  const region = optionalText(raw.state, "state");
  const postalCode = optionalText(raw.postalCode, "postalCode");
  const country = optionalText(raw.country, "country")?.toUpperCase();
  const anyAddress = line1 ?? line2 ?? city ?? postalCode ?? country;
  if (anyAddress && (!line1 || !city || !country))
    warnings.push({
      code: "ADDRESS_INCOMPLETE",
      message: "the address has no street, city or country and is left out",
      field: "addressLine1",
    });
  const updatedAt = optionalText(raw.lastModifiedDateTime, "lastModifiedDateTime");
  return {
    source: ref,
    erpCustomerNumber: number,
    name,
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
    ...(currency ? { currency } : {}),
    ...(taxNumber ? { taxNumber } : {}),
    ...(line1 && city && country
      ? {
          billingAddress: {
            company: name,
            line1,
            ...(line2 ? { line2 } : {}),
            city,
            ...(region ? { region } : {}),
            ...(postalCode ? { postalCode } : {}),
            countryCode: country,
          },
        }
      : {}),
    blocked: blocked !== "",
    ...(updatedAt ? { updatedAt } : {}),
  };
}
