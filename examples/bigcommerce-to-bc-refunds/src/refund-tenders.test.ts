import type { SalesCreditMemoCreate } from "@org/bc-client";
import { Decimal, RefundPaymentSchema } from "@org/core";
import { describe, expect, it } from "vitest";
import { addTenderComments, describeTenders, hasLiabilityTender, tenderTotals } from "./refund-tenders.js";

/** Refund payments as `fromBigCommerceRefund` puts them on the credit memo. */
const split = [
  { kind: "original_payment", gateway: "stripe", transactionId: "re_3Nabc", amount: "30.50" },
  { kind: "store_credit", gateway: "storecredit", amount: "12.00" },
  { kind: "gift_card", gateway: "giftcertificate", amount: "0.10" },
].map((p) => RefundPaymentSchema.parse({ ...p, amount: Decimal.from(p.amount) }));

const body: SalesCreditMemoCreate = {
  customerNumber: "C10001",
  externalDocumentNumber: "100004-12",
  salesCreditMemoLines: [{ lineType: "Item", lineObjectNumber: "MUG-BLUE", quantity: 1 }],
};

describe("refund tenders", () => {
  it("S2/O10: a refund split across card, store credit and a gift certificate is told part by part", () => {
    expect(tenderTotals(split).get("store_credit")?.eq("12")).toBe(true);
    expect(describeTenders(split, "EUR")).toBe(
      "30.50 EUR to the original payment, 12.00 EUR to store credit, 0.10 EUR to a gift card",
    );
    expect(hasLiabilityTender(split)).toBe(true);
  });

  it("O10/S5: the store credit and gift certificate parts become comment lines on the credit memo", () => {
    const withComments = addTenderComments(body, split, "EUR", true);
    expect(withComments.salesCreditMemoLines?.slice(1)).toEqual([
      { lineType: "Comment", description: "Refunded 12.00 EUR as store credit" },
      { lineType: "Comment", description: "Refunded 0.10 EUR to a gift certificate" },
    ]);
    expect(addTenderComments(body, split, "EUR", false)).toBe(body);
    const cardOnly = split.filter((p) => p.kind === "original_payment");
    expect(hasLiabilityTender(cardOnly)).toBe(false);
    expect(addTenderComments(body, cardOnly, "EUR", true)).toBe(body);
  });
});
