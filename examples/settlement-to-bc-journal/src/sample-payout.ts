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

/** Transaction ids of payments and refunds recorded on storefront orders (what the matcher looks up). */
export const knownTransactions = new Map<string, string>([
  ["ch_3Nabc", "100234"],
  ["ch_3Ndef", "100235"],
  ["re_3Nabc", "100234"],
  ["dp_1Nq", "100201"],
]);
