import type { SettlementInput } from "@org/core";

/**
 * A payment provider payout as a pipeline would read it from the provider's payout report: sales, a refund, fees
 * (one with a sub-cent fraction, as some providers report), a chargeback, a gift card sale, and one sale whose
 * transaction matches no storefront order.
 */
export const samplePayout: SettlementInput = {
  payoutId: "po_1PxY7Q",
  provider: "stripe",
  currency: "EUR",
  payoutDate: "2026-03-03",
  periodStart: "2026-03-01",
  periodEnd: "2026-03-02",
  depositAmount: "198.96",
  lines: [
    { type: "sale", amount: "63.64", transactionRef: "ch_3Nabc", description: "Order 100234" },
    { type: "sale", amount: "120.00", transactionRef: "ch_3Ndef", description: "Order 100235" },
    { type: "sale", amount: "45.50", transactionRef: "ch_3Nxyz", description: "unknown order" },
    { type: "refund", amount: "-20.00", transactionRef: "re_3Nabc", description: "Refund on order 100234" },
    { type: "fee", amount: "-2.145", transactionRef: "ch_3Nabc" },
    { type: "fee", amount: "-3.78", transactionRef: "ch_3Ndef" },
    { type: "fee", amount: "-1.62", transactionRef: "ch_3Nxyz" },
    { type: "fee_refund", amount: "0.37", transactionRef: "re_3Nabc" },
    { type: "chargeback", amount: "-25.00", transactionRef: "dp_1Nq", description: "Dispute on order 100201" },
    { type: "gift_card", amount: "25.00", transactionRef: "ch_3Ngc1", description: "Gift card sold" },
    { type: "adjustment", amount: "-3.00", transactionRef: "adj_1" },
  ],
};

/**
 * The next day's payout: sales and a partial refund that all match orders, fees, a gift card sale and a chargeback
 * the merchant won back (a reversal).
 */
export const secondPayout: SettlementInput = {
  payoutId: "po_1PyB3R",
  provider: "stripe",
  currency: "EUR",
  payoutDate: "2026-03-04",
  periodStart: "2026-03-03",
  periodEnd: "2026-03-03",
  depositAmount: "191.95",
  lines: [
    { type: "sale", amount: "89.90", transactionRef: "ch_3Nghi", description: "Order 100236" },
    { type: "sale", amount: "42.35", transactionRef: "ch_3Njkl", description: "Order 100237" },
    { type: "refund", amount: "-12.90", transactionRef: "re_3Njkl", description: "Partial refund on order 100237" },
    { type: "fee", amount: "-1.51", transactionRef: "ch_3Nghi" },
    { type: "fee", amount: "-0.89", transactionRef: "ch_3Njkl" },
    { type: "gift_card", amount: "50.00", transactionRef: "ch_3Ngc2", description: "Gift card sold" },
    { type: "chargeback_reversal", amount: "25.00", transactionRef: "dp_1Nq", description: "Dispute on 100201 won" },
  ],
};

/**
 * A payout whose report has a malformed line (an amount written with a decimal comma): it cannot be booked until
 * the provider's report is fixed, so it is held as an exception for finance while the other payouts post.
 */
export const malformedPayout: unknown = {
  payoutId: "po_1PzX9K",
  provider: "stripe",
  currency: "EUR",
  payoutDate: "2026-03-05",
  depositAmount: "12.50",
  lines: [{ type: "sale", amount: "12,50", transactionRef: "ch_3Nmno", description: "Order 100238" }],
};

/** The demo's payouts, oldest first. */
export const samplePayouts: readonly unknown[] = [samplePayout, secondPayout, malformedPayout];

/** Transaction ids of payments and refunds recorded on storefront orders (what the matcher looks up). */
export const knownTransactions = new Map<string, string>([
  ["ch_3Nabc", "100234"],
  ["ch_3Ndef", "100235"],
  ["re_3Nabc", "100234"],
  ["dp_1Nq", "100201"],
  ["ch_3Nghi", "100236"],
  ["ch_3Njkl", "100237"],
  ["re_3Njkl", "100237"],
  ["ch_3Nmno", "100238"],
]);
