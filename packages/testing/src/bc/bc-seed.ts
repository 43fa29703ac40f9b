/**
 * What the Business Central fake's demo company holds besides the shared catalog: the chart of accounts the
 * pipelines post to (CRONUS-style numbering), tax groups for the two storefront tax classes, locations, the
 * journal batches, and the fixed ids that let tests and the example kit address the company without a lookup.
 */
import type { SeedProduct } from "../seed/catalog.js";

/** Entra ID tenant of the fake (any GUID works; this one is fixed so URLs are stable across runs). */
export const BC_FAKE_TENANT_ID = "7e1d5c2a-4b3f-4a19-8d6e-0c9b8a7f6e5d";
/** Environment name in the fake's URLs. */
export const BC_FAKE_ENVIRONMENT = "production";
/** The id of the fake's one company (`companies(<id>)`). */
export const BC_FAKE_COMPANY_ID = "3f9a2b10-6c4d-4e8f-a1b2-c3d4e5f60001";
/** Client credentials the fake's token endpoint accepts by default. Not a secret: the fake accepts nothing else. */
export const BC_FAKE_CLIENT_ID = "bc-fake-client";
export const BC_FAKE_CLIENT_SECRET = "bc-fake-client-secret";

/** The guest / cash customer web orders without an account post to (O3). */
export const BC_GUEST_CUSTOMER_NUMBER = "WEBGUEST";

/** Tax groups (VAT product posting groups) and their rate in percent. */
export const BC_SEED_TAX_GROUPS: Readonly<Record<string, string>> = { VAT19: "19", VAT7: "7", NOVAT: "0" };

/** Storefront tax class (seed catalog) → BC tax group code. */
export const BC_TAX_GROUP_BY_CLASS: Readonly<Record<SeedProduct["taxClass"], string>> = {
  standard: "VAT19",
  reduced: "VAT7",
};

/** One G/L account of the demo chart. */
export interface BcSeedAccount {
  number: string;
  displayName: string;
  category: "Assets" | "Liabilities" | "Equity" | "Income" | "CostOfGoodsSold" | "Expense";
}

/**
 * The G/L accounts the pipelines post to; journal lines and sales lines to any other account number are rejected
 * the way BC rejects them.
 */
export const BC_SEED_ACCOUNTS: readonly BcSeedAccount[] = [
  { number: "2910", displayName: "Bank, checking (payouts)", category: "Assets" },
  { number: "2320", displayName: "Payment provider clearing", category: "Assets" },
  { number: "2399", displayName: "Suspense: unmatched payout lines", category: "Assets" },
  { number: "5790", displayName: "Gift card liability", category: "Liabilities" },
  { number: "6110", displayName: "Sales, shipping charges", category: "Income" },
  { number: "6910", displayName: "Sales refunds and adjustments", category: "Income" },
  { number: "6920", displayName: "Restocking and refund fees", category: "Income" },
  { number: "8640", displayName: "Payment provider fees", category: "Expense" },
  { number: "8650", displayName: "Chargebacks", category: "Expense" },
  { number: "8660", displayName: "Payout adjustments", category: "Expense" },
  { number: "9370", displayName: "Rounding differences", category: "Expense" },
];

/** Journal batches (`journals`) of the General template. */
export const BC_SEED_JOURNALS: readonly { code: string; displayName: string }[] = [
  { code: "DEFAULT", displayName: "Default journal" },
  { code: "PAYOUTS", displayName: "Payment provider payouts" },
];

/** Shipment methods (`shipmentMethods`), read by the shipments pipeline for the method's display name. */
export const BC_SEED_SHIPMENT_METHODS: readonly { code: string; displayName: string }[] = [
  { code: "DHL", displayName: "DHL Paket" },
  { code: "PICKUP", displayName: "Pickup at warehouse" },
];
