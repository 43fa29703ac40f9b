import type { PlannedCustomer } from "@org/core";
import type { BusinessPartnerCreate } from "../generated/index.js";

/**
 * A customer the posting plan says to create (O2, O3) as a B1 business partner of type customer. B1 needs the
 * card code up front: pass the one your numbering gives (e.g. `W` + the storefront customer id).
 */
export function toSapB1BusinessPartner(
  customer: Extract<PlannedCustomer, { kind: "create" }>,
  options: { cardCode: string; currency?: string; groupCode?: number },
): BusinessPartnerCreate {
  const addresses = [
    ...(customer.billingAddress ? [{ address: customer.billingAddress, type: "bo_BillTo" as const }] : []),
    ...(customer.shippingAddress ? [{ address: customer.shippingAddress, type: "bo_ShipTo" as const }] : []),
  ];
  return {
    CardCode: options.cardCode,
    CardName: customer.name.slice(0, 100),
    CardType: "cCustomer",
    ...(customer.email ? { EmailAddress: customer.email } : {}),
    ...(customer.taxNumber ? { FederalTaxID: customer.taxNumber } : {}),
    ...(options.currency ? { Currency: options.currency } : {}),
    ...(options.groupCode !== undefined ? { GroupCode: options.groupCode } : {}),
    BPAddresses: addresses.map(({ address, type }) => ({
      AddressName: type === "bo_BillTo" ? "Bill to" : "Ship to",
      AddressType: type,
      Street: address.line1,
      ...(address.line2 ? { Block: address.line2 } : {}),
      City: address.city,
      ...(address.postalCode ? { ZipCode: address.postalCode } : {}),
      ...(address.region ? { State: address.region } : {}),
      Country: address.countryCode,
    })),
  };
}
