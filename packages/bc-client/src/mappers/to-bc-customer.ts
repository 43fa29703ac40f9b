import type { PlannedCustomer } from "@org/core";
import type { CustomerCreate } from "../generated/index.js";

/**
 * A customer the posting plan says to create (O2, O3) as a BC customer. BC assigns the number; the storefront
 * customer id is not a BC field, so keep the returned number on the storefront side (the shared external id).
 */
export function toBcCustomer(
  customer: Extract<PlannedCustomer, { kind: "create" }>,
  options: { localCurrency: string; currency?: string },
): CustomerCreate {
  const address = customer.billingAddress ?? customer.shippingAddress;
  return {
    displayName: customer.name.slice(0, 100),
    type: address?.company ? "Company" : "Person",
    ...(customer.email ? { email: customer.email } : {}),
    ...(customer.taxNumber ? { taxRegistrationNumber: customer.taxNumber } : {}),
    ...(options.currency && options.currency !== options.localCurrency ? { currencyCode: options.currency } : {}),
    ...(address
      ? {
          addressLine1: address.line1,
          addressLine2: address.line2 ?? null,
          city: address.city,
          state: address.region ?? null,
          postalCode: address.postalCode ?? null,
          country: address.countryCode,
          phoneNumber: address.phone ?? null,
        }
      : {}),
  };
}
