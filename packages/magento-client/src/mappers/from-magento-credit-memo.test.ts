import { type CreditMemo, Decimal, type PostingConfig, parseItem, prepareCreditMemo, roundMoney } from "@org/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { euCreditMemo, euOrder, usCreditMemo, usOrder } from "../__fixtures__/magento-orders.js";
import {
  type FromMagentoCreditMemoConfig,
  fromMagentoCreditMemo,
  type MagentoCreditMemo,
  refundUnitPrice,
} from "./from-magento-credit-memo.js";

function mapped(memo: MagentoCreditMemo, config?: FromMagentoCreditMemoConfig) {
  const result = fromMagentoCreditMemo(memo, config);
  if (result.kind !== "ok") throw new Error(JSON.stringify(result, null, 1));
  return result;
}
const summary = (memo: CreditMemo) => ({
  lines: memo.lines.map(
    (l) =>
      `${l.orderLineId} ${l.sku} ${l.quantity}x${l.unitPrice}${l.discountAmount.isZero() ? "" : ` -${l.discountAmount}`}${l.returnToStock ? " back to stock" : ""}`,
  ),
  totals: Object.fromEntries(Object.entries(memo.totals).map(([k, v]) => [k, v.toString()])),
});
const postingConfig: PostingConfig = {
  targetSystem: "erp",
  accounts: { shipping: "4100", giftCardLiability: "2300", refundAdjustments: "4900" },
  taxMappings: [
    { taxZone: "US-MI-*-Rate 1", erpTaxCode: "MI" },
    { taxZone: "DE-10", erpTaxCode: "DE10" },
  ],
  taxExemptCode: "EXEMPT",
  guestCustomer: { kind: "post_to_customer", customerNumber: "WEB" },
};
const itemBySku = (sku: string) => parseItem({ sku, erpNumber: sku, description: sku, baseUnit: "PCS", active: true });

describe("fromMagentoCreditMemo", () => {
  it("R1/R2/R3: the refunded bag with its discount, shipping, adjustment refund and fee, tax; linked to order and invoice", () => {
    const { value: memo, warnings } = mapped(usCreditMemo(), {
      order: usOrder(),
      erpInvoiceFor: (invoice) =>
        invoice.id === "1702" ? { system: "erp", type: "salesInvoice", id: "SI-1702" } : undefined,
    });
    expect(warnings).toEqual([]);
    expect(memo.source).toEqual({ system: "magento", type: "creditmemo", id: "812", number: "000000812" });
    expect(memo.orderRef).toEqual({ system: "magento", type: "order", id: "3104", number: "000003104" });
    expect(memo.invoiceRef).toEqual({ system: "erp", type: "salesInvoice", id: "SI-1702" });
    // 34.00 with its 3.40 share of the coupon as the line discount; the hoodie row refunds nothing (qty 0) and is not
    // a line. R2/R3: the adjustment refund (5) and the adjustment fee kept back (2) stay apart.
    expect(summary(memo)).toEqual({
      lines: ["6203 24-MB01 1x34 -3.4"],
      totals: {
        subtotal: "34.0",
        discountTotal: "3.4",
        shippingRefunded: "15.0", // 15 less its share of the discount, 0.0
        adjustmentRefunded: "5",
        adjustmentFee: "2",
        taxRefunded: "3.76",
        total: "52.36",
      },
    });
    // S2: the refund went back to the order's Braintree payment, under the provider's transaction id
    expect(memo.refundPayments.map((p) => `${p.kind}:${p.gateway}:${p.transactionId}:${p.amount}`)).toEqual([
      `original_payment:${usOrder().payment?.method}:7n2xkq9d-refund:52.36`,
    ]);
    expect(memo.lines[0]?.taxLines).toEqual([
      { taxZone: "US-MI-*-Rate 1", ratePercent: Decimal.from("8.25"), amount: Decimal.from("2.52") },
    ]);
    expect(memo.shippingTaxLines).toEqual([
      { taxZone: "US-MI-*-Rate 1", ratePercent: Decimal.from("8.25"), amount: Decimal.from("1.24") },
    ]);
    expect(memo).toMatchObject({
      currency: "USD",
      taxMode: "exclusive",
      reason: "Bag arrived damaged",
      transactionId: "7n2xkq9d-refund",
      createdAt: "2026-03-09T15:30:00Z",
    });
    // R2: lines + shipping + adjustment + tax reconcile to what was refunded; R3: not back in stock → goodwill.
    const plan = prepareCreditMemo(memo, postingConfig, { itemBySku });
    if (plan.kind !== "ok") throw new Error(JSON.stringify(plan));
    expect(plan.value.lines.map((l) => (l.kind === "item" ? `item ${l.sku}` : `${l.purpose} ${l.amount}`))).toEqual([
      "goodwill 30.60",
      "shipping 15.0",
      "adjustment 5",
      "fee -2",
    ]);
    expect(plan.value.expectedTotal.toString()).toBe("52.36");
    // R3: with "return to stock" the bag is an item line.
    const returned = mapped(usCreditMemo(), { order: usOrder(), returnToStock: true }).value;
    expect(returned.lines[0]?.returnToStock).toBe(true);
    expect(returned.invoiceRef).toBeUndefined(); // no ERP invoice known: the posting plan looks it up (R1, R4)
  });

  it("R2: Magento's tax-compensation scenario reconciles inclusive and exclusive; back_to_stock from the extension", () => {
    const inclusive = mapped(euCreditMemo(), { order: euOrder(), taxModeByStore: { 2: "inclusive" } }).value;
    expect(summary(inclusive)).toEqual({
      lines: ["90 simple1 1x29 -13.18 back to stock"],
      totals: {
        subtotal: "29.00",
        discountTotal: "13.18",
        shippingRefunded: "2.725",
        adjustmentRefunded: "0",
        adjustmentFee: "0",
        taxRefunded: "1.69",
        total: "18.545",
      },
    });
    expect(inclusive.orderRef.number).toBe("DE-000000051");
    const exclusive = mapped(euCreditMemo(), { order: euOrder() }).value;
    expect(summary(exclusive)).toEqual({
      lines: ["90 simple1 1x26.36 -11.98 back to stock"],
      totals: {
        subtotal: "26.36",
        discountTotal: "11.98",
        shippingRefunded: "2.475",
        adjustmentRefunded: "0",
        adjustmentFee: "0",
        taxRefunded: "1.69",
        total: "18.545",
      },
    });
    for (const memo of [inclusive, exclusive]) {
      const plan = prepareCreditMemo(
        memo,
        { ...postingConfig, refundBeforeInvoice: "credit_against_order" },
        { itemBySku },
      );
      expect(plan.kind === "failed" ? plan.exceptions : []).toEqual([]);
    }
  });

  it("without the order: referenced by id, rates derived from the amounts (warned)", () => {
    const { value, warnings } = mapped(euCreditMemo());
    expect(value.orderRef).toEqual({ system: "magento", type: "order", id: "51" });
    expect(value.lines[0]?.taxLines).toEqual([{ ratePercent: Decimal.from("10.01"), amount: Decimal.from("1.44") }]);
    expect(value.shippingTaxLines).toEqual([{ ratePercent: Decimal.from("10.1"), amount: Decimal.from("0.25") }]);
    expect(warnings.map((w) => w.code)).toEqual(["TAX_RATE_DERIVED"]);
  });

  it("a refunded configurable product is one line, with or without the order; a free item stays", () => {
    const memo = usCreditMemo();
    memo.items = [
      {
        entity_id: 1,
        order_item_id: 6201,
        sku: "MH01-XS-Black",
        qty: 1,
        price: 52,
        row_total: 52,
        discount_amount: 5.2,
        tax_amount: 3.86,
        base_cost: 0,
        base_price: 52,
      },
      {
        entity_id: 2,
        order_item_id: 6202,
        sku: "MH01-XS-Black",
        qty: 1,
        price: 0,
        row_total: 0,
        base_cost: 0,
        base_price: 0,
      },
    ];
    Object.assign(memo, {
      subtotal: 52,
      discount_amount: -5.2,
      shipping_amount: 0,
      shipping_tax_amount: 0,
      tax_amount: 3.86,
    });
    Object.assign(memo, { adjustment_positive: 0, adjustment_negative: 0, grand_total: 50.66 });
    for (const config of [{ order: usOrder() }, {}]) {
      expect(summary(mapped(memo, config).value).lines).toEqual(["6201 MH01-XS-Black 1x52 -5.2"]);
    }
    const plan = prepareCreditMemo(mapped(memo, { order: usOrder() }).value, postingConfig, {
      itemBySku,
      invoiceForOrder: () => ({ system: "erp", type: "salesInvoice", id: "SI-1" }),
    });
    expect(plan.kind === "failed" ? plan.exceptions : []).toEqual([]);
    const free = usCreditMemo();
    free.items = [
      {
        entity_id: 3,
        order_item_id: 6203,
        sku: "24-MB01",
        qty: 1,
        price: 0,
        row_total: 0,
        base_cost: 0,
        base_price: 0,
      },
    ];
    expect(mapped(free).value.lines.map((l) => l.sku)).toEqual(["24-MB01"]);
  });

  it("R2/R3: an adjustment fee larger than the adjustment refund is a fee line, and the credit memo still reconciles", () => {
    const memo = {
      ...usCreditMemo(),
      adjustment_positive: 0,
      adjustment_negative: 5,
      adjustment: -5,
      grand_total: 44.36,
    };
    const { value } = mapped(memo, { order: usOrder() });
    expect(value.totals.adjustmentRefunded.toString()).toBe("0");
    expect(value.totals.adjustmentFee.toString()).toBe("5");
    const plan = prepareCreditMemo(
      value,
      { ...postingConfig, refundBeforeInvoice: "credit_against_order" },
      { itemBySku },
    );
    if (plan.kind !== "ok") throw new Error(JSON.stringify(plan));
    expect(plan.value.lines.at(-1)).toMatchObject({ purpose: "fee", account: "4900", taxCode: "EXEMPT" });
    expect(plan.value.lines.at(-1)?.amount.toString()).toBe("-5");
    // Only the net adjustment given: a positive one is an adjustment refund, a negative one a fee.
    const { adjustment_positive: _, adjustment_negative: __, ...net } = usCreditMemo();
    expect(mapped(net).value.totals.adjustmentRefunded.toString()).toBe("3");
    expect(mapped({ ...net, adjustment: -5 }).value.totals.adjustmentFee.toString()).toBe("5");
  });

  it("Adobe Commerce: what went back to store credit or gift cards is part of the refund total (warned)", () => {
    const memo = { ...usCreditMemo(), grand_total: 42.36, extension_attributes: { customer_balance_amount: 10 } };
    const { value, warnings } = mapped(memo, { order: usOrder() });
    expect(value.totals.total.toString()).toBe("52.36");
    expect(warnings.map((w) => w.code)).toEqual(["REFUNDED_TO_BALANCE"]);
  });

  it("bad data names the credit memo and the field", () => {
    expect(fromMagentoCreditMemo(usCreditMemo(), { order: euOrder() })).toMatchObject({
      kind: "failed",
      exceptions: [
        { code: "INVALID_PAYLOAD", field: "order_id", message: expect.stringMatching(/^Credit memo 000000812: /) },
      ],
    });
    const stranger = usCreditMemo();
    stranger.items[0]!.order_item_id = 999;
    expect(fromMagentoCreditMemo(stranger, { order: usOrder() })).toMatchObject({
      kind: "failed",
      exceptions: [{ field: "items.0.order_item_id" }],
    });
    const noCurrency = usCreditMemo();
    delete noCurrency.order_currency_code;
    expect(fromMagentoCreditMemo(noCurrency)).toMatchObject({ kind: "failed", exceptions: [{ field: "currency" }] });
    expect(fromMagentoCreditMemo(undefined as unknown as MagentoCreditMemo)).toMatchObject({
      kind: "failed",
      exceptions: [{ field: "creditmemo", records: [{ id: "(unknown)" }] }],
    });
  });

  it("property: a discounted unit price always gives back the net line amount to the cent", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10_000_000n }), fc.integer({ min: 1, max: 5000 }), (cents, quantity) => {
        const net = Decimal.fromMinorUnits(cents, 2);
        const price = refundUnitPrice(net, Decimal.from(quantity));
        expect(roundMoney(price.mul(quantity), "USD", "half-up").eq(net)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(refundUnitPrice(Decimal.from("90.00"), Decimal.from(3)).toString()).toBe("30.00");
    expect(refundUnitPrice(Decimal.from("10.00"), Decimal.from(3)).toString()).toBe("3.3333");
  });

  it("fuzz: malformed payloads give ok or typed exceptions naming the credit memo, never a crash", () => {
    const poison = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.constant(""),
      fc.constant("12,50"),
      fc.constant(Number.NaN),
      fc.constant(1e300),
      fc.constant(-1),
      fc.constant(0),
      fc.constant({}),
      fc.constant([]),
      fc.constant([{}]),
      fc.constant(true),
      fc.string(),
      fc.integer(),
      fc.double(),
    );
    type Mutable = Record<string, unknown>;
    const paths: Array<(m: MagentoCreditMemo, v: unknown) => void> = [
      (m, v) => Object.assign(m, { grand_total: v }),
      (m, v) => Object.assign(m, { order_id: v }),
      (m, v) => Object.assign(m, { invoice_id: v }),
      (m, v) => Object.assign(m, { created_at: v }),
      (m, v) => Object.assign(m, { adjustment_negative: v }),
      (m, v) => Object.assign(m, { discount_amount: v }),
      (m, v) => Object.assign(m, { items: v }),
      (m, v) => Object.assign(m, { comments: v }),
      (m, v) => Object.assign(m, { extension_attributes: v }),
      (m, v) => Object.assign(m.items[0] as Mutable, { qty: v }),
      (m, v) => Object.assign(m.items[0] as Mutable, { row_total: v }),
      (m, v) => Object.assign(m.items[0] as Mutable, { order_item_id: v }),
      (m, v) => Object.assign(m.items[0] as Mutable, { extension_attributes: v }),
      (m, v) => Object.assign(m.items[1] as Mutable, { sku: v }),
    ];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(paths.length - 1), poison), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (mutations, withOrder) => {
          const input = usCreditMemo();
          for (const [index, value] of mutations) {
            try {
              paths[index]?.(input, value);
            } catch {
              // an earlier mutation replaced the parent
            }
          }
          const result = fromMagentoCreditMemo(input, withOrder ? { order: usOrder() } : {});
          if (result.kind === "failed") {
            for (const exception of result.exceptions) {
              expect(["INVALID_PAYLOAD", "REFUND_TOTAL_MISMATCH"]).toContain(exception.code);
              expect(exception.message).toMatch(/^Credit memo /);
              expect(exception.field ?? "").not.toBe("");
            }
          } else {
            expect(result.kind).toBe("ok");
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
