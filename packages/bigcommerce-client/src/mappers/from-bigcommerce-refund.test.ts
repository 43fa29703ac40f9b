import { Decimal, type PostingConfig, parseItem, prepareCreditMemo } from "@org/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { orderBundle } from "./__fixtures__/bigcommerce-order-100234.js";
import { type BigCommerceRefund, fromBigCommerceRefund } from "./from-bigcommerce-refund.js";

/**
 * A realistic v3 refund (orders.v3.yml `Refund`, shaped like the `RefundID_Get` example) of order 100234: one of
 * the two mugs came back broken, and the shipping was refunded too. 8 % tax on both: 2.00 + 0.39.
 */
function refund(total = 32.28): BigCommerceRefund {
  return {
    id: 12,
    order_id: 100234,
    user_id: 0,
    created: "2026-03-04T09:00:00+00:00",
    reason: "Arrived broken",
    total_amount: total,
    total_tax: 2.39,
    uses_merchant_override_values: false,
    items: [
      { item_type: "PRODUCT", item_id: 1, quantity: 1, reason: "Arrived broken" },
      { item_type: "SHIPPING", item_id: 11, requested_amount: 4.9 },
    ],
    payments: [
      {
        id: 13,
        provider_id: "stripe",
        amount: total,
        offline: false,
        is_declined: false,
        declined_message: "",
        transaction_id: "905",
      },
    ],
  };
}

const postingConfig: PostingConfig = {
  targetSystem: "bc",
  accounts: { shipping: "6610", giftCardLiability: "5790", refundAdjustments: "6620" },
  taxMappings: [
    { taxClass: "Default Tax Class", erpTaxCode: "GA8" },
    { taxClass: "Shipping", erpTaxCode: "GA8" },
  ],
  guestCustomer: { kind: "post_to_customer", customerNumber: "WEB-GUEST" },
};
const lookups = {
  itemBySku: (sku: string) =>
    parseItem({ sku, erpNumber: `ERP-${sku}`, description: sku, baseUnit: "PCS", active: true }),
  invoiceForOrder: () => ({ system: "bc", type: "salesInvoice", id: "103045" }),
};

describe("fromBigCommerceRefund", () => {
  it("R1/R2/R5/S2: a line and shipping refund becomes a credit memo that reconciles to what was paid back", () => {
    const bundle = orderBundle();
    const result = fromBigCommerceRefund(refund(), { order: bundle, transactions: bundle.transactions ?? [] });
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    const memo = result.value;
    expect(memo.source).toEqual({ system: "bigcommerce", type: "refund", id: "12" }); // R5: one memo per refund id
    expect(memo.orderRef).toEqual({ system: "bigcommerce", type: "order", id: "100234", number: "100234" }); // R1
    expect(memo.invoiceRef).toBeUndefined(); // linked by the pipeline (R1, R4)
    expect(memo.currency).toBe("USD");
    expect(memo.taxMode).toBe("exclusive");
    expect(memo.lines).toEqual([
      {
        orderLineId: "1",
        sku: "MUG-BLUE",
        quantity: Decimal.from(1),
        unit: "each",
        unitPrice: Decimal.from("24.9900"),
        discountAmount: Decimal.ZERO,
        returnToStock: true,
        taxLines: [
          {
            taxClass: "Default Tax Class",
            taxZone: "GA",
            ratePercent: Decimal.from("8.0000"),
            amount: Decimal.from("2.00"),
          },
        ],
      },
    ]);
    expect(memo.shippingTaxLines).toEqual([
      { taxClass: "Shipping", taxZone: "GA", ratePercent: Decimal.from("8.0000"), amount: Decimal.from("0.39") },
    ]);
    expect(Object.fromEntries(Object.entries(memo.totals).map(([k, v]) => [k, v.toString()]))).toEqual({
      subtotal: "24.99",
      discountTotal: "0",
      shippingRefunded: "4.90",
      adjustmentRefunded: "0",
      adjustmentFee: "0",
      taxRefunded: "2.39",
      total: "32.28",
    });
    expect(memo.transactionId).toBe("re_3Nxyz"); // S2: the gateway's id, which the payout carries
    expect(memo.refundPayments).toEqual([
      {
        kind: "original_payment",
        gateway: "stripe",
        transactionId: "re_3Nxyz",
        storefrontTransactionId: "905",
        amount: Decimal.from("32.28"),
      },
    ]);
    expect(memo.reason).toBe("Arrived broken");
    expect(memo.createdAt).toBe("2026-03-04T09:00:00.000Z");

    const plan = prepareCreditMemo(memo, postingConfig, lookups);
    if (plan.kind !== "ok") throw new Error(JSON.stringify(plan));
    expect(plan.value.expectedTotal.toString()).toBe("32.28");
    expect(plan.value.lines.map((l) => `${l.kind}:${l.amount}`)).toEqual(["item:24.99", "account:4.90"]);
  });

  it("S2: without the order's transactions, BigCommerce's transaction id is kept", () => {
    const result = fromBigCommerceRefund(refund(), { order: orderBundle() });
    expect(result.kind === "ok" && result.value.transactionId).toBe("905");
  });

  it("R3: returned goods go back to stock by default; the store's policy or a per-line decision overrides it", () => {
    const byDefault = fromBigCommerceRefund(refund(), { order: orderBundle() });
    expect(byDefault.kind === "ok" && byDefault.value.lines[0]?.returnToStock).toBe(true);
    const goodwill = fromBigCommerceRefund(refund(), { order: orderBundle(), returnToStock: false });
    expect(goodwill.kind === "ok" && goodwill.value.lines[0]?.returnToStock).toBe(false);
    const seen: string[] = [];
    const perLine = fromBigCommerceRefund(refund(), {
      order: orderBundle(),
      returnToStock: (product) => {
        seen.push(`${product.sku}/${product.orderProductId}x${product.quantity}`);
        return false;
      },
    });
    expect(seen).toEqual(["MUG-BLUE/1x1"]);
    expect(perLine.kind === "ok" && perLine.value.lines[0]?.returnToStock).toBe(false);
    if (goodwill.kind !== "ok") throw new Error("expected ok");
    const plan = prepareCreditMemo(goodwill.value, postingConfig, lookups);
    expect(plan.kind === "ok" && plan.value.lines[0]).toMatchObject({ kind: "account", purpose: "goodwill" });
  });

  it("R2/R3: an order-level (amount) refund is an untaxed adjustment without lines, as BigCommerce books it", () => {
    const amountOnly: BigCommerceRefund = {
      ...refund(10),
      total_tax: 0,
      items: [{ item_type: "ORDER", item_id: 100234, requested_amount: 10, reason: "overcharged" }],
    };
    const result = fromBigCommerceRefund(amountOnly, { order: orderBundle() });
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    expect(result.value.lines).toEqual([]);
    expect(result.value.totals.adjustmentRefunded.toString()).toBe("10.00");
    expect(result.value.totals.total.toString()).toBe("10.00");
    const plan = prepareCreditMemo(result.value, postingConfig, lookups);
    expect(plan.kind === "ok" && plan.value.lines).toEqual([
      expect.objectContaining({ kind: "account", purpose: "adjustment", amount: Decimal.from("10.00") }),
    ]);
  });

  it("R2: in a tax-inclusive store lines carry gross prices and the tax is inside the total", () => {
    const bundle = orderBundle();
    bundle.order.is_tax_inclusive_pricing = true;
    const inclusive: BigCommerceRefund = {
      ...refund(12.96),
      total_tax: 0.96,
      items: [{ item_type: "PRODUCT", item_id: 2, quantity: 1 }],
    };
    const result = fromBigCommerceRefund(inclusive, { order: bundle });
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    expect(result.value.taxMode).toBe("inclusive");
    expect(result.value.lines[0]?.unitPrice.toString()).toBe("12.9600");
    expect(prepareCreditMemo(result.value, postingConfig, lookups).kind).toBe("ok");
  });

  it("R2: the refunded tax is spread over the credited lines so that it sums to total_tax to the cent", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 1 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 100_000 }),
        (mugs, teas, shipping, taxCents) => {
          const items: NonNullable<BigCommerceRefund["items"]> = [
            ...(mugs ? [{ item_type: "PRODUCT" as const, item_id: 1, quantity: mugs }] : []),
            ...(teas ? [{ item_type: "PRODUCT" as const, item_id: 2, quantity: teas }] : []),
            ...(shipping ? [{ item_type: "SHIPPING" as const, item_id: 11, requested_amount: 4.9 }] : []),
          ];
          const result = fromBigCommerceRefund(
            { ...refund(), items, total_tax: taxCents / 100, total_amount: 1000 },
            { order: orderBundle() },
          );
          if (result.kind !== "ok") throw new Error(JSON.stringify(result));
          const memo = result.value;
          const taxLines = [...memo.lines.flatMap((l) => l.taxLines), ...memo.shippingTaxLines];
          if (taxLines.length > 0)
            expect(Decimal.sum(taxLines.map((t) => t.amount)).eq(memo.totals.taxRefunded)).toBe(true);
          expect(memo.totals.taxRefunded.toMinorUnits(2)).toBe(BigInt(taxCents));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("R2/S2: a refund split over the card and store credit keeps both payments and the card's provider id", () => {
    const split = refund();
    split.payments = [
      { ...split.payments![0]!, amount: 20 },
      { id: 14, provider_id: "storecredit", amount: 12.28, offline: false, is_declined: false, transaction_id: "" },
    ];
    const result = fromBigCommerceRefund(split, { order: orderBundle(), transactions: orderBundle().transactions });
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    expect(result.warnings).toEqual([]);
    expect(result.value.refundPayments.map((p) => `${p.kind}:${p.gateway}:${p.transactionId}:${p.amount}`)).toEqual([
      "original_payment:stripe:re_3Nxyz:20.00",
      "store_credit:storecredit:undefined:12.28",
    ]);
    const plan = prepareCreditMemo(result.value, postingConfig, lookups);
    expect(plan.kind === "ok" && plan.value.paymentTransactionIds).toEqual(["re_3Nxyz"]);
    // payments that do not add up to what was refunded are caught by the posting plan (R2)
    split.payments[1]!.amount = 10;
    const short = fromBigCommerceRefund(split, { order: orderBundle() });
    const shortPlan = short.kind === "ok" ? prepareCreditMemo(short.value, postingConfig, lookups) : undefined;
    expect(
      shortPlan?.kind === "failed" && shortPlan.exceptions.map((e) => `${e.failureId}:${e.code}:${e.field}`),
    ).toEqual(["R2:REFUND_TOTAL_MISMATCH:refundPayments"]);
  });

  it("R2: a payment the provider declined is an exception for finance, not a credit memo", () => {
    const declined = refund();
    Object.assign(declined.payments![0]!, { is_declined: true, declined_message: "card 4111… closed" });
    const result = fromBigCommerceRefund(declined, { order: orderBundle() });
    expect(result.kind === "failed" && result.exceptions).toEqual([
      expect.objectContaining({
        code: "REFUND_TOTAL_MISMATCH",
        failureId: "R2",
        owner: "finance",
        field: "payments.0.is_declined",
        records: [
          { system: "bigcommerce", type: "refund", id: "12" },
          { system: "bigcommerce", type: "order", id: "100234", number: "100234" },
        ],
      }),
    ]);
    expect(JSON.stringify(result)).not.toContain("4111");
  });

  it("bad data names the refund, the order and the field: unknown item, wrong order, negative or sub-cent tax", () => {
    const unknownItem = refund();
    unknownItem.items![0]!.item_id = 999;
    expect(fromBigCommerceRefund(unknownItem, { order: orderBundle() })).toMatchObject({
      kind: "failed",
      exceptions: [
        {
          code: "INVALID_PAYLOAD",
          field: "items.0.item_id",
          message: expect.stringMatching(/^Refund 12 of order 100234: /),
          records: [
            { type: "refund", id: "12" },
            { type: "order", id: "100234" },
          ],
        },
      ],
    });
    const otherOrder = { ...refund(), order_id: 555 };
    expect(fromBigCommerceRefund(otherOrder, { order: orderBundle() })).toMatchObject({
      kind: "failed",
      exceptions: [{ field: "order_id" }],
    });
    const collected = { ...refund(), total_tax: -0.5 };
    expect(fromBigCommerceRefund(collected, { order: orderBundle() })).toMatchObject({
      kind: "failed",
      exceptions: [{ field: "total_tax" }],
    });
    const subCent = { ...refund(), total_tax: 2.395 };
    const failed = fromBigCommerceRefund(subCent, { order: orderBundle() });
    expect(failed).toMatchObject({ kind: "failed", exceptions: [{ field: "total_tax" }] });
    expect(JSON.stringify(failed)).not.toContain("2.395");
  });

  it("fuzz: thousands of malformed refunds and orders give ok or typed exceptions naming the refund, never a crash", () => {
    const poison = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.constant(""),
      fc.constant("12,50"),
      fc.constant("1e400"),
      fc.constant(0.1 + 0.2),
      fc.constant(Number.NaN),
      fc.constant(-3),
      fc.constant(1e300),
      fc.constant(JSON.parse("12345678901234567890") as number),
      fc.constant("UNKNOWN_ENUM"),
      fc.constant({}),
      fc.constant([]),
      fc.constant(true),
      fc.string(),
      fc.integer(),
      fc.double(),
    );
    type Input = { refund: BigCommerceRefund; bundle: ReturnType<typeof orderBundle> };
    const paths: Array<(input: Input, v: unknown) => void> = [
      ({ refund: r }, v) => Object.assign(r, { id: v }),
      ({ refund: r }, v) => Object.assign(r, { order_id: v }),
      ({ refund: r }, v) => Object.assign(r, { total_amount: v }),
      ({ refund: r }, v) => Object.assign(r, { total_tax: v }),
      ({ refund: r }, v) => Object.assign(r, { created: v }),
      ({ refund: r }, v) => Object.assign(r, { items: v }),
      ({ refund: r }, v) => Object.assign(r.items![0]!, { item_type: v }),
      ({ refund: r }, v) => Object.assign(r.items![0]!, { item_id: v }),
      ({ refund: r }, v) => Object.assign(r.items![0]!, { quantity: v }),
      ({ refund: r }, v) => Object.assign(r.items![0]!, { adjustments: v }),
      ({ refund: r }, v) => Object.assign(r.items![1]!, { requested_amount: v }),
      ({ refund: r }, v) => Object.assign(r, { payments: v }),
      ({ refund: r }, v) => Object.assign(r.payments![0]!, { transaction_id: v }),
      ({ bundle }, v) => Object.assign(bundle.order, { currency_code: v }),
      ({ bundle }, v) => Object.assign(bundle.order, { is_tax_inclusive_pricing: v }),
      ({ bundle }, v) => Object.assign(bundle.order, { shipping_cost_ex_tax: v }),
      ({ bundle }, v) => Object.assign(bundle, { products: v }),
      ({ bundle }, v) => Object.assign(bundle.products[0]!, { price_ex_tax: v }),
      ({ bundle }, v) => Object.assign(bundle.products[0]!, { sku: v }),
      ({ bundle }, v) => Object.assign(bundle.products[0]!, { quantity: v }),
      ({ bundle }, v) => Object.assign(bundle, { taxes: v }),
      ({ bundle }, v) => Object.assign(bundle.taxes![0]!, { line_amount: v }),
      ({ bundle }, v) => Object.assign(bundle.taxes![2]!, { rate: v }),
      ({ bundle }, v) => Object.assign(bundle, { order: v }),
    ];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(paths.length - 1), poison), { minLength: 1, maxLength: 4 }), (mutations) => {
        const input: Input = { refund: refund(), bundle: orderBundle() };
        for (const [index, value] of mutations) {
          try {
            paths[index]?.(input, value);
          } catch {
            // an earlier mutation replaced the parent; that input stays as it is
          }
        }
        const result = fromBigCommerceRefund(input.refund, { order: input.bundle });
        if (result.kind === "failed") {
          for (const exception of result.exceptions) {
            expect(["INVALID_PAYLOAD", "REFUND_TOTAL_MISMATCH"]).toContain(exception.code);
            expect(exception.message).toMatch(/^Refund /);
            expect(exception.field ?? "").not.toBe("");
            expect(exception.records[0]?.type).toBe("refund");
          }
        } else {
          expect(result.kind).toBe("ok");
        }
      }),
      { numRuns: 3000 },
    );
  });
});
