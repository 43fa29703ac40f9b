import type { BigCommerceRefund, BigCommerceTransaction } from "@org/bigcommerce-client";
import { Decimal } from "@org/core";
import { describe, expect, it } from "vitest";
import {
  describeTenders,
  hasLiabilityTender,
  RefundTenderError,
  refundPaymentsOf,
  tenderTotals,
} from "./refund-tenders.js";

const transactions = [
  { id: 77, gateway_transaction_id: "re_3Nabc", event: "refund" },
] as unknown as BigCommerceTransaction[];

describe("refund tenders", () => {
  it("S2/O10: a refund split across card, store credit and a gift certificate keeps every part exactly", () => {
    const refund: BigCommerceRefund = {
      id: 12,
      order_id: 100004,
      payments: [
        { provider_id: "stripe", amount: 30.5, offline: false, is_declined: false, transaction_id: "77" },
        { provider_id: "storecredit", amount: 12, offline: false, is_declined: false },
        { provider_id: "giftcertificate", amount: 0.1, offline: false, is_declined: false },
        { provider_id: "stripe", amount: 99, is_declined: true },
      ],
    };
    const payments = refundPaymentsOf(refund, transactions, "EUR");
    expect(payments.map((p) => [p.kind, p.gateway, p.transactionId, p.amount.toString()])).toEqual([
      ["original_payment", "stripe", "re_3Nabc", "30.50"],
      ["store_credit", "storecredit", undefined, "12.00"],
      ["gift_card", "giftcertificate", undefined, "0.10"],
    ]);
    expect(payments[0]?.storefrontTransactionId).toBe("77");
    expect(Decimal.sum(payments.map((p) => p.amount)).eq("42.60")).toBe(true);
    expect(tenderTotals(payments).get("store_credit")?.eq("12")).toBe(true);
    expect(describeTenders(payments, "EUR")).toBe(
      "30.50 EUR to the original payment, 12.00 EUR to store credit, 0.10 EUR to a gift card",
    );
    expect(hasLiabilityTender(payments)).toBe(true);
  });

  it("an offline refund is `other`; a card refund without a transaction keeps BigCommerce's id", () => {
    const payments = refundPaymentsOf(
      {
        payments: [
          { provider_id: "custom", amount: 5, offline: true },
          { provider_id: "braintree", amount: 1.25, transaction_id: "88" },
        ],
      },
      [],
      "EUR",
    );
    expect(payments.map((p) => [p.kind, p.transactionId])).toEqual([
      ["other", undefined],
      ["original_payment", "88"],
    ]);
    expect(hasLiabilityTender(payments)).toBe(false);
  });

  it("R2: an amount finer than the currency's minor unit is refused, naming the payment", () => {
    const read = () => refundPaymentsOf({ payments: [{ provider_id: "stripe", amount: 1.005 }] }, [], "EUR");
    expect(read).toThrow(RefundTenderError);
    expect(read).toThrow(/refund payment 1/);
    expect(() => refundPaymentsOf({ payments: [{ provider_id: "stripe" }] }, [], "EUR")).toThrow(/no amount/);
  });
});
