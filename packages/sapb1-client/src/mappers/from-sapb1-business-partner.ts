import {
  type Address,
  type Customer,
  type CustomerInput,
  parseCustomer,
  type SyncResult,
  type SyncWarning,
  skipped,
} from "@org/core";
import type { BusinessPartner } from "../generated/index.js";
import {
  b1DateTime,
  keyOf,
  list,
  mapSafely,
  optionalInteger,
  optionalText,
  own,
  PayloadError,
  record,
  text,
  yesNo,
} from "./from-sapb1-read.js";

/** B1's `Currency` on a business partner that may be invoiced in any currency. */
export const SAPB1_ALL_CURRENCIES = "##";

export interface FromSapB1BusinessPartnerConfig {
  /** System slug in records and exceptions. Default: `sapb1`. */
  system?: string;
  /** B1 currency code → ISO 4217 code (`$` → `USD` in the US demo company). Default: none (codes kept as they are). */
  currencies?: Readonly<Record<string, string>>;
  /** B1 price list number (`PriceListNum`) → price group name (O13, M2). Default: none (the number as text). */
  priceLists?: Readonly<Record<number, string>>;
  /**
   * User-defined field holding the id shared with the storefront (e.g. `U_WebCustomerId`), matched before e-mail
   * (O2). Default: none.
   */
  externalIdField?: `U_${string}`;
  /** UTC offset of the B1 server's clock, for `UpdateDate`/`UpdateTime`. Default: `Z`. */
  serverUtcOffset?: string;
}

/**
 * A B1 business partner of type customer or lead (`GET /BusinessPartners('C20000')`) as a canonical customer, so
 * storefront customers can be matched to the ERP account before anything is created (O2).
 * - `CardCode` is the ERP customer number; the shared id comes from a UDF (`externalIdField`), else e-mail matches.
 * - `EmailAddress` (the first one when B1 holds a `;`-separated list), `Phone1` (else `Cellular`), `FederalTaxID`.
 * - `Currency`: `##` (all currencies) means no fixed currency.
 * - `BPAddresses`: bill-to (the `BilltoDefault` one first) and ship-to addresses; incomplete ones (no street, city
 *   or country) are left out with an `ADDRESS_INCOMPLETE` warning, since the master record is still usable.
 * - `Frozen` tYES or `Valid` tNO → `blocked` (no orders should post).
 * Suppliers are `skipped` (not customers). Never throws on bad data: `INVALID_PAYLOAD` exceptions name the card
 * code and the field. The input is partial so that a `$select`ed read fits.
 */
export function fromSapB1BusinessPartner(
  bp: Partial<BusinessPartner>,
  config: FromSapB1BusinessPartnerConfig = {},
): SyncResult<Customer> {
  const system = config.system ?? "sapb1";
  const cardCode = keyOf((bp as { CardCode?: unknown } | null)?.CardCode);
  if ((bp as { CardType?: unknown } | null)?.CardType === "cSupplier")
    return skipped(`Business partner ${cardCode} is a supplier, not a customer`);
  const ref = { system, type: "businessPartner", id: cardCode };
  return mapSafely(ref, `Business partner ${cardCode}`, (warnings) => {
    const raw = record(bp, "businessPartner");
    return parseCustomer(toCustomerInput(raw, ref, config, warnings));
  });
}

function toCustomerInput(
  raw: Record<string, unknown>,
  ref: { system: string; type: string; id: string },
  config: FromSapB1BusinessPartnerConfig,
  warnings: SyncWarning[],
): CustomerInput {
  const cardCode = optionalText(raw.CardCode, "CardCode");
  if (!cardCode) throw new PayloadError("CardCode", "is required");
  const name = optionalText(raw.CardName, "CardName");
  if (!name) throw new PayloadError("CardName", "is required");
  const cardType = raw.CardType;
  if (cardType !== undefined && cardType !== null && cardType !== "cCustomer" && cardType !== "cLid")
    throw new PayloadError("CardType", "expected cCustomer, cLid or cSupplier");
  const email = optionalText(raw.EmailAddress, "EmailAddress")
    ?.split(/[;,]/)
    .map((part) => part.trim())
    .find(Boolean);
  const phone = optionalText(raw.Phone1, "Phone1") ?? optionalText(raw.Cellular, "Cellular");
  const b1Currency = optionalText(raw.Currency, "Currency");
  const currency =
    b1Currency === undefined || b1Currency === SAPB1_ALL_CURRENCIES
      ? undefined
      : ((config.currencies && own(config.currencies, b1Currency)) ?? b1Currency);
  const taxNumber = optionalText(raw.FederalTaxID, "FederalTaxID");
  const priceListNum = optionalInteger(raw.PriceListNum, "PriceListNum");
  const priceGroup =
    priceListNum === undefined
      ? undefined
      : config.priceLists
        ? own(config.priceLists, priceListNum)
        : String(priceListNum);
  const groupCode = optionalInteger(raw.GroupCode, "GroupCode");
  const externalId = config.externalIdField ? text(raw[config.externalIdField]) : undefined;
  const frozen = yesNo(raw.Frozen, "Frozen") ?? false;
  const valid = yesNo(raw.Valid, "Valid") ?? true;
  const { billing, shipping } = addresses(raw, warnings);
  const updatedAt =
    raw.UpdateDate === undefined || raw.UpdateDate === null
      ? undefined
      : b1DateTime(raw.UpdateDate, raw.UpdateTime, config.serverUtcOffset ?? "Z", "UpdateDate");
  return {
    source: ref,
    erpCustomerNumber: cardCode,
    ...(externalId ? { externalId } : {}),
    name,
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
    ...(groupCode !== undefined ? { customerGroup: String(groupCode) } : {}),
    ...(priceGroup ? { priceGroup } : {}),
    ...(currency ? { currency } : {}),
    ...(taxNumber ? { taxNumber } : {}),
    ...(billing ? { billingAddress: billing } : {}),
    shippingAddresses: shipping,
    blocked: frozen || !valid,
    ...(updatedAt ? { updatedAt } : {}),
  };
}

function addresses(
  raw: Record<string, unknown>,
  warnings: SyncWarning[],
): { billing: Address | undefined; shipping: Address[] } {
  const billToDefault = optionalText(raw.BilltoDefault, "BilltoDefault");
  const shipToDefault = optionalText(raw.ShipToDefault, "ShipToDefault");
  const rows = list(raw.BPAddresses, "BPAddresses").map((a, i) => {
    const field = `BPAddresses.${i}`;
    const row = record(a, field);
    const type = row.AddressType;
    if (type !== "bo_BillTo" && type !== "bo_ShipTo")
      throw new PayloadError(`${field}.AddressType`, "expected bo_BillTo or bo_ShipTo");
    const addressName = optionalText(row.AddressName, `${field}.AddressName`);
    const street = [optionalText(row.StreetNo, `${field}.StreetNo`), optionalText(row.Street, `${field}.Street`)]
      .filter(Boolean)
      .join(" ");
    const city = optionalText(row.City, `${field}.City`);
    const country = optionalText(row.Country, `${field}.Country`)?.toUpperCase();
    if (!street || !city || !country) {
      warnings.push({
        code: "ADDRESS_INCOMPLETE",
        message: `address ${i} (${type}) has no street, city or country and is left out`,
        field,
      });
      return undefined;
    }
    const line2 =
      optionalText(row.Block, `${field}.Block`) ?? optionalText(row.BuildingFloorRoom, `${field}.BuildingFloorRoom`);
    const region = optionalText(row.State, `${field}.State`) ?? optionalText(row.County, `${field}.County`);
    const postalCode = optionalText(row.ZipCode, `${field}.ZipCode`);
    const company = optionalText(row.AddressName2, `${field}.AddressName2`);
    const address: Address = {
      ...(company ? { company } : {}),
      line1: street,
      ...(line2 ? { line2 } : {}),
      city,
      ...(region ? { region } : {}),
      ...(postalCode ? { postalCode } : {}),
      countryCode: country,
    };
    return { type, isDefault: addressName === (type === "bo_BillTo" ? billToDefault : shipToDefault), address };
  });
  const present = rows.filter((row) => row !== undefined);
  // The default address of each kind first, then B1's order.
  const ofType = (type: string) =>
    present
      .filter((row) => row.type === type)
      .sort((a, b) => Number(b.isDefault) - Number(a.isDefault))
      .map((row) => row.address);
  return { billing: ofType("bo_BillTo")[0], shipping: ofType("bo_ShipTo") };
}
