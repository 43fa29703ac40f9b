import { z } from "zod";
import { AddressSchema } from "./address";
import { parseWith, RecordRefSchema, sourceIdOf } from "./schema-helpers";

/**
 * A B2B buyer's organization in the storefront (OroCommerce customer, BigCommerce company, Magento company) and
 * the ERP parent account it belongs to, matched by a shared id (failure catalog O2).
 */
export const OrganizationSchema = z.object({
  ref: RecordRefSchema,
  name: z.string().min(1),
  /** The ERP customer number of the parent (bill-to) account, when known. */
  parentAccountNumber: z.string().optional(),
  /** Id shared by both systems (e.g. the ERP number stored on the storefront organization). */
  externalId: z.string().optional(),
});
export type Organization = z.output<typeof OrganizationSchema>;

/** The customer as an order carries it: enough to match or create the ERP customer (O2, O3). */
export const CustomerRefSchema = z.object({
  /** The storefront customer; absent for guests. */
  ref: RecordRefSchema.optional(),
  /** Guest checkout: no storefront account. Guests follow the guest customer policy (O3). */
  isGuest: z.boolean(),
  email: z.email().optional(),
  name: z.string().optional(),
  /** The ERP customer number when the storefront already stores it (the shared external id). */
  erpCustomerNumber: z.string().optional(),
  /** The buyer's B2B organization, when the order is B2B. */
  organization: OrganizationSchema.optional(),
  /** Storefront customer group, e.g. for ring-fenced stock (I5) and price groups (O13). */
  customerGroup: z.string().optional(),
  /** VAT / tax registration number. */
  taxNumber: z.string().optional(),
  /** EORI number, needed for international shipments (O7). */
  eoriNumber: z.string().optional(),
});
export type CustomerRef = z.output<typeof CustomerRefSchema>;

/** A customer master record, on either side (storefront account or ERP customer / business partner). */
export const CustomerSchema = z.object({
  source: RecordRefSchema,
  /** The ERP customer number (BC customer No., B1 CardCode) when known. */
  erpCustomerNumber: z.string().optional(),
  /** Id shared by both systems, preferred over e-mail for matching (O2). */
  externalId: z.string().optional(),
  name: z.string().min(1),
  email: z.email().optional(),
  phone: z.string().optional(),
  organization: OrganizationSchema.optional(),
  customerGroup: z.string().optional(),
  /** ERP customer price group, for B2B price audits (O13, M2). */
  priceGroup: z.string().optional(),
  currency: z.string().optional(),
  taxNumber: z.string().optional(),
  eoriNumber: z.string().optional(),
  billingAddress: AddressSchema.optional(),
  shippingAddresses: z.array(AddressSchema).default([]),
  /** Blocked in the ERP (credit hold): orders should not post. */
  blocked: z.boolean().default(false),
  updatedAt: z.iso.datetime({ offset: true }).optional(),
});
export type Customer = z.output<typeof CustomerSchema>;
export type CustomerInput = z.input<typeof CustomerSchema>;

/** Validates a customer. @throws EntityValidationError naming the record and every failing field. */
export function parseCustomer(input: unknown): Customer {
  return parseWith(CustomerSchema, "Customer", input, sourceIdOf);
}
