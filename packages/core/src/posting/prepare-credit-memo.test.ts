import { describe, expect, it } from "vitest";
import { type CreditMemoInput, parseCreditMemo } from "../entities/credit-memo";
import { parseItem } from "../entities/item";
import type { SyncResult } from "../entities/sync-exception";
import { Decimal } from "../money/decimal";
import type { PostingConfig } from "./posting-config";
import { type CreditMemoLookups, type CreditMemoPlan, prepareCreditMemo } from "./prepare-credit-memo";

const config: PostingConfig = {
  targetSystem: "erp",
  accounts: { shipping: "6100", giftCardLiability: "2450", refundAdjustments: "6120" },
  taxMappings: [{ taxClass: "standard", erpTaxCode: "VAT19" }],
  taxExemptCode: "NOVAT",
  guestCustomer: { kind: "create_customer" },
};
const invoice = { system: "erp", type: "salesInvoice", id: "inv-1", number: "PSI-1001" };
const lookups: CreditMemoLookups = {
  itemBySku: (sku) =>
    sku === "MUG-BLUE"
      ? parseItem({ sku, erpNumber: "1896-S", description: "Blue mug", baseUnit: "PCS", active: true })
      : undefined,
  invoiceForOrder: (order) => (order.id === "8812" ? invoice : undefined),
};
const standard = [{ taxClass: "standard", ratePercent: "19", amount: "4.75" }];

function refund(overrides: Partial<CreditMemoInput> = {}): CreditMemoInput {
  return {
    source: { system: "storefront", type: "refund", id: "r-55" },
    orderRef: { system: "storefront", type: "order", id: "8812", number: "100234" },
    currency: "EUR",
    taxMode: "exclusive",
    lines: [
      { sku: "MUG-BLUE", quantity: "1", unitPrice: "24.99", returnToStock: true, taxLines: standard },
      {
        sku: "MUG-BLUE",
        quantity: "1",
        unitPrice: "5.00",
        returnToStock: false,
        taxLines: [{ taxClass: "standard", ratePercent: "19", amount: "0.95" }],
      },
    ],
    shippingTaxLines: [{ taxClass: "standard", ratePercent: "19", amount: "0.93" }],
    totals: {
      subtotal: "29.99",
      shippingRefunded: "4.90",
      adjustmentRefunded: "2.00",
      taxRefunded: "6.63",
      total: "43.52",
    },
    createdAt: "2026-03-05T09:00:00Z",
    ...overrides,
  };
}
const run = (
  input: CreditMemoInput,
  overrides: Partial<PostingConfig> = {},
  lookupOverrides: Partial<CreditMemoLookups> = {},
) => prepareCreditMemo(parseCreditMemo(input), { ...config, ...overrides }, { ...lookups, ...lookupOverrides });
const codes = (result: SyncResult<CreditMemoPlan>) =>
  result.kind === "failed" ? result.exceptions.map((e) => `${e.failureId}:${e.code}:${e.field ?? ""}`) : [];

describe("prepareCreditMemo (R1–R5)", () => {
  it("R1/R2/R3: links the invoice; returned goods are item lines, goodwill, shipping and adjustments G/L lines; totals reconcile", () => {
    const result = run(refund());
    expect(result.kind).toBe("ok");
    if (result.kind !== "ok") return;
    const plan = result.value;
    expect(plan.invoiceRef).toEqual(invoice);
    expect(plan.orderNumber).toBe("100234");
    expect(plan.refundRef.id).toBe("r-55");
    expect(
      plan.lines.map((l) =>
        l.kind === "item"
          ? `item:${l.itemNumber}:${l.unitOfMeasure}:${l.amount}`
          : `${l.purpose}:${l.account}:${l.amount}:${l.taxCode}`,
      ),
    ).toEqual([
      "item:1896-S:PCS:24.99",
      "goodwill:6120:5.00:VAT19",
      "shipping:6100:4.90:VAT19",
      "adjustment:6120:2.00:NOVAT",
    ]);
    expect(plan.expectedTotal.toString()).toBe("43.52");
  });

  it("R4: a refund before the invoice waits (retryable) by default, or credits against the order by policy", () => {
    const early = refund({ orderRef: { system: "storefront", type: "order", id: "9999", number: "100999" } });
    const waiting = run(early);
    expect(codes(waiting)).toEqual(["R4:ORDER_NOT_INVOICED:invoiceRef"]);
    expect(waiting.kind === "failed" && waiting.exceptions[0]?.retryable).toBe(true);
    const credited = run(early, { refundBeforeInvoice: "credit_against_order" });
    expect(credited.kind === "ok" && credited.value.invoiceRef).toBeUndefined();
  });

  it("R2: a refund whose parts do not add up to the amount paid back is quarantined", () => {
    const input = refund();
    expect(codes(run({ ...input, totals: { ...input.totals!, total: "43.53" } }))).toEqual([
      "R2:REFUND_TOTAL_MISMATCH:totals.total",
    ]);
    expect(codes(run({ ...input, totals: { ...input.totals!, subtotal: "30.00", total: "43.53" } }))).toEqual([
      "R2:REFUND_TOTAL_MISMATCH:totals.subtotal",
    ]);
    expect(codes(run({ ...input, lines: [], shippingTaxLines: [], totals: { subtotal: "0", total: "0" } }))).toEqual([
      "R2:REFUND_TOTAL_MISMATCH:lines",
    ]);
  });

  it("R2/R3: a discounted line credits its net; a restocking fee is a negative line to the fee account; totals reconcile", () => {
    const input = refund({
      lines: [
        {
          sku: "MUG-BLUE",
          quantity: "2",
          unitPrice: "24.99",
          discountAmount: "5.00",
          returnToStock: true,
          taxLines: [{ taxClass: "standard", ratePercent: "19", amount: "8.55" }],
        },
      ],
      shippingTaxLines: [],
      totals: {
        subtotal: "49.98",
        discountTotal: "5.00",
        adjustmentRefunded: "3.00",
        adjustmentFee: "7.50",
        taxRefunded: "8.55",
        total: "49.03",
      },
    });
    const result = run(input, { accounts: { ...config.accounts, refundFees: "6130" } });
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    expect(
      result.value.lines.map((l) =>
        l.kind === "item" ? `item:${l.amount}:-${l.discountAmount}` : `${l.purpose}:${l.account}:${l.amount}`,
      ),
    ).toEqual(["item:44.98:-5.00", "adjustment:6120:3.00", "fee:6130:-7.50"]);
    const lineTotal = Decimal.sum(result.value.lines.map((l) => l.amount));
    expect(lineTotal.add(result.value.expectedTaxTotal).eq(result.value.expectedTotal)).toBe(true);
    // without a fee account, fees go to the adjustments account
    const fallback = run(input);
    expect(fallback.kind === "ok" && fallback.value.lines.at(-1)).toMatchObject({ purpose: "fee", account: "6120" });
    // R2: discounts that do not add up, or exceed the line, are quarantined
    expect(codes(run({ ...input, totals: { ...input.totals!, discountTotal: "4.00", total: "50.03" } }))).toEqual([
      "R2:REFUND_TOTAL_MISMATCH:totals.discountTotal",
    ]);
    const tooMuch = { ...input.lines![0]!, discountAmount: "60.00" };
    expect(codes(run({ ...input, lines: [tooMuch] }))).toContain("R2:REFUND_TOTAL_MISMATCH:lines.0.discountAmount");
  });

  it("R2/S2: a refund split over card and store credit keeps every provider transaction id; the payments must add up", () => {
    const split = refund({
      refundPayments: [
        { gateway: "stripe", transactionId: "re_3Nxyz", amount: "30.00" },
        { kind: "store_credit", gateway: "storecredit", amount: "13.52" },
      ],
    });
    const result = run(split);
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    expect(result.value.paymentTransactionIds).toEqual(["re_3Nxyz"]);
    expect(result.value.refundPayments.map((p) => `${p.kind}:${p.amount}`)).toEqual([
      "original_payment:30.00",
      "store_credit:13.52",
    ]);
    // the single-field form is still accepted
    const single = run(refund({ transactionId: "re_old" }));
    expect(single.kind === "ok" && single.value.paymentTransactionIds).toEqual(["re_old"]);
    expect(
      codes(run(refund({ refundPayments: [{ gateway: "stripe", transactionId: "re_1", amount: "40.00" }] }))),
    ).toEqual(["R2:REFUND_TOTAL_MISMATCH:refundPayments"]);
  });

  it("O1/O8: returned goods must exist in the ERP; tax must be mapped", () => {
    const input = refund();
    const bad = {
      ...input,
      lines: [
        {
          sku: "MUG-RED",
          quantity: "1",
          unitPrice: "24.99",
          returnToStock: true,
          taxLines: [{ taxClass: "luxury", ratePercent: "19", amount: "4.75" }],
        },
        input.lines![1]!,
      ],
    };
    expect(codes(run(bad))).toEqual(["O8:TAX_MAPPING_MISSING:lines.0.taxLines", "O1:ITEM_NOT_FOUND:lines.0.sku"]);
  });

  it("inclusive refunds do not add tax on top", () => {
    const input = refund({
      taxMode: "inclusive",
      lines: [
        {
          sku: "MUG-BLUE",
          quantity: "2",
          unitPrice: "11.90",
          returnToStock: true,
          unit: "each",
          taxLines: [{ taxClass: "standard", ratePercent: "19", amount: "3.80" }],
        },
      ],
      shippingTaxLines: [],
      totals: { subtotal: "23.80", taxRefunded: "3.80", total: "23.80" },
    });
    expect(run(input).kind).toBe("ok");
  });
});
