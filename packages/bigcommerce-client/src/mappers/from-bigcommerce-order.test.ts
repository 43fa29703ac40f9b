import { checkOrderTotals, Decimal } from "@org/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BigCommerceOrderBundle, fromBigCommerceOrder } from "./from-bigcommerce-order.js";

/** A realistic v2 order: 2 products, a coupon, UPS shipping, US sales tax, part paid with a gift certificate. */
function bundle(): BigCommerceOrderBundle {
  return {
    order: {
      id: 100234,
      customer_id: 77,
      date_created: "Sun, 01 Mar 2026 10:15:00 +0000",
      date_modified: "Sun, 01 Mar 2026 10:20:00 +0000",
      status_id: 11,
      status: "Awaiting Fulfillment",
      subtotal_ex_tax: "61.9800",
      subtotal_inc_tax: "66.9384",
      shipping_cost_ex_tax: "4.9000",
      shipping_cost_inc_tax: "5.2920",
      handling_cost_ex_tax: "0.0000",
      wrapping_cost_ex_tax: "0.0000",
      total_tax: "5.2800",
      total_ex_tax: "60.8800",
      total_inc_tax: "66.1600",
      discount_amount: "6.0000", // the whole discount, the coupon's 6.00 included (O9)
      coupon_discount: "6.0000",
      gift_certificate_amount: "10.0000",
      currency_code: "USD",
      is_tax_inclusive_pricing: false,
      channel_id: 1,
      customer_message: "Leave at the door",
      billing_address: {
        first_name: "Jane",
        last_name: "Doe",
        street_1: "1 Main St",
        city: "Atlanta",
        state: "Georgia",
        zip: "31772",
        country: "United States",
        country_iso2: "US",
        email: "jane@example.com",
      },
    },
    products: [
      {
        id: 1,
        sku: "MUG-BLUE",
        name: "Blue mug",
        quantity: 2,
        price_ex_tax: "24.9900",
        price_inc_tax: "26.9892",
        type: "physical",
      },
      {
        id: 2,
        sku: "TEA-GREEN",
        name: "Green tea",
        quantity: 1,
        price_ex_tax: "12.0000",
        price_inc_tax: "12.9600",
        type: "physical",
      },
    ],
    shippingAddresses: [
      {
        first_name: "Jane",
        last_name: "Doe",
        street_1: "1 Main St",
        city: "Atlanta",
        state: "Georgia",
        zip: "31772",
        country_iso2: "US",
        shipping_method: "UPS Ground",
      },
    ],
    coupons: [{ code: "SPRING6", amount: "6.0000", type: 1 }],
    taxes: [
      {
        class: "Default Tax Class",
        name: "GA",
        rate: "8.0000",
        line_amount: "4.0000",
        order_product_id: "1",
        line_item_type: "item",
      },
      {
        class: "Default Tax Class",
        name: "GA",
        rate: "8.0000",
        line_amount: "0.8900",
        order_product_id: "2",
        line_item_type: "item",
      },
      { class: "Shipping", name: "GA", rate: "8.0000", line_amount: "0.3900", line_item_type: "shipping" },
    ],
    transactions: [
      {
        event: "capture",
        method: "credit_card",
        amount: 56.16,
        currency: "USD",
        gateway: "stripe",
        gateway_transaction_id: "ch_3Nabc",
        status: "ok",
      },
      {
        event: "purchase",
        method: "gift_certificate",
        amount: 10,
        currency: "USD",
        gateway: "giftcertificate",
        gateway_transaction_id: "GC-ABCD",
        status: "ok",
      },
    ],
  };
}

describe("fromBigCommerceOrder", () => {
  it("O5/O9/O10/O16: maps a v2 order exactly: decimal strings, coupon, gift certificate, shipping, transaction ids", () => {
    const result = fromBigCommerceOrder(bundle(), { channelLocations: { 1: "web-us" } });
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    const order = result.value;
    expect(order.source).toEqual({ system: "bigcommerce", type: "order", id: "100234", number: "100234" });
    expect(order.status).toEqual({ code: "Awaiting Fulfillment", stage: "confirmed" });
    expect(order.customer).toMatchObject({
      isGuest: false,
      email: "jane@example.com",
      name: "Jane Doe",
      ref: { id: "77" },
    });
    expect(order.lines.map((l) => `${l.sku}:${l.quantity}x${l.unitPrice}`)).toEqual([
      "MUG-BLUE:2x24.9900",
      "TEA-GREEN:1x12.0000",
    ]);
    expect(order.lines[0]?.taxLines[0]).toMatchObject({ taxClass: "Default Tax Class", taxZone: "GA" });
    expect(order.discounts).toEqual([expect.objectContaining({ code: "SPRING6", kind: "coupon" })]);
    expect(order.giftCardRedemptions).toEqual([{ giftCardRef: "GC-ABCD", amount: Decimal.from("10.0000") }]);
    expect(order.payments).toEqual([expect.objectContaining({ gateway: "stripe", transactionId: "ch_3Nabc" })]);
    expect(order.shippingLines).toEqual([expect.objectContaining({ method: "UPS Ground" })]);
    expect(order.shippingAddress).toMatchObject({ countryCode: "US", region: "Georgia", postalCode: "31772" });
    expect(order.channelLocation).toBe("web-us");
    expect(order.createdAt).toBe("2026-03-01T10:15:00.000Z");
    expect(checkOrderTotals(order)).toEqual([]); // O17: the storefront's totals reconcile in canonical form
  });

  it("O3/O4: customer_id 0 is a guest; Pending is not confirmed; unknown statuses must be mapped", () => {
    const guest = bundle();
    guest.order.customer_id = 0;
    guest.order.status_id = 1;
    const result = fromBigCommerceOrder(guest);
    expect(result.kind === "ok" && result.value.customer.isGuest).toBe(true);
    expect(result.kind === "ok" && result.value.status.stage).toBe("pending_payment");
    const custom = bundle();
    custom.order.status_id = 42;
    expect(fromBigCommerceOrder(custom).kind).toBe("failed");
    expect(fromBigCommerceOrder(custom, { stages: { 42: "confirmed" } }).kind).toBe("ok");
  });

  it("tax-inclusive stores take inclusive prices", () => {
    const inclusive = bundle();
    inclusive.order.is_tax_inclusive_pricing = true;
    const result = fromBigCommerceOrder(inclusive);
    expect(result.kind === "ok" && result.value.taxMode).toBe("inclusive");
    expect(result.kind === "ok" && result.value.lines[0]?.unitPrice.toString()).toBe("26.9892");
  });

  it("bad data names the order and the field: a comma decimal, a NaN quantity, a missing currency", () => {
    const comma = bundle();
    comma.products[0]!.price_ex_tax = "24,99";
    const result = fromBigCommerceOrder(comma);
    expect(result.kind === "failed" && result.exceptions[0]).toMatchObject({
      code: "INVALID_PAYLOAD",
      field: "products.0.price_ex_tax",
      records: [{ id: "100234" }],
    });
    const nan = bundle();
    nan.products[1]!.quantity = Number.NaN;
    expect(fromBigCommerceOrder(nan).kind === "failed").toBe(true);
    const noCurrency = bundle();
    delete noCurrency.order.currency_code;
    const failed = fromBigCommerceOrder(noCurrency);
    expect(failed.kind === "failed" && failed.exceptions.map((e) => e.field)).toContain("currency");
  });

  it("fuzz: thousands of malformed payloads give ok or typed exceptions naming the order, never a crash", () => {
    const poison = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.constant(""),
      fc.constant("12,50"),
      fc.constant("1e400"),
      fc.constant(0.1 + 0.2),
      fc.constant(Number.NaN),
      fc.constant(1e300),
      fc.constant(JSON.parse("12345678901234567890") as number), // already rounded by JSON.parse
      fc.constant("UNKNOWN_ENUM"),
      fc.constant({}),
      fc.constant([]),
      fc.constant(true),
      fc.string(),
      fc.integer(),
      fc.double(),
    );
    const paths: Array<(b: BigCommerceOrderBundle, v: unknown) => void> = [
      (b, v) => Object.assign(b.order, { total_inc_tax: v }),
      (b, v) => Object.assign(b.order, { status_id: v }),
      (b, v) => Object.assign(b.order, { currency_code: v }),
      (b, v) => Object.assign(b.order, { date_created: v }),
      (b, v) => Object.assign(b.order, { billing_address: v }),
      (b, v) => Object.assign(b.order, { customer_id: v }),
      (b, v) => Object.assign(b.products[0]!, { price_ex_tax: v }),
      (b, v) => Object.assign(b.products[0]!, { quantity: v }),
      (b, v) => Object.assign(b.products[1]!, { sku: v }),
      (b, v) => Object.assign(b, { products: v }),
      (b, v) => Object.assign(b, { taxes: v }),
      (b, v) => Object.assign(b.taxes![0]!, { rate: v }),
      (b, v) => Object.assign(b, { transactions: v }),
      (b, v) => Object.assign(b.transactions![0]!, { amount: v }),
      (b, v) => Object.assign(b, { coupons: v }),
      (b, v) => Object.assign(b, { shippingAddresses: v }),
      (b, v) => Object.assign(b, { order: v }),
    ];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(paths.length - 1), poison), { minLength: 1, maxLength: 4 }), (mutations) => {
        const input = bundle();
        for (const [index, value] of mutations) {
          try {
            paths[index]?.(input, value);
          } catch {
            // the mutation itself may fail when an earlier one replaced the parent; that input stays as it is
          }
        }
        const result = fromBigCommerceOrder(input);
        if (result.kind === "failed") {
          for (const exception of result.exceptions) {
            expect(exception.code).toBe("INVALID_PAYLOAD");
            expect(exception.message).toMatch(/^Order /);
            expect(exception.field ?? "").not.toBe("");
          }
        } else {
          expect(result.kind).toBe("ok");
        }
      }),
      { numRuns: 3000 },
    );
  });
});

/**
 * Shaped like orders.v2.oas2.yml's `order_Resp` example (order 218: `discount_amount` '5.0000' and `coupon_discount`
 * '5.0000') with products whose `applied_discounts` spread the order's discount, and totals that reconcile:
 * 2 × 24.99 + 12.00 = 61.98, 8 % tax after discount, 4.90 shipping taxed 0.39.
 */
function specShaped(discounts: { coupon: string; total: string; applied: Array<Array<Record<string, unknown>>> }) {
  const discount = Decimal.from(discounts.total);
  const itemTax = ["3.6800", "0.8800"];
  const totalTax = Decimal.sum([...itemTax, "0.39"]);
  const exTax = Decimal.from("61.98").sub(discount).add("4.90");
  return {
    order: {
      id: 218,
      customer_id: 11,
      date_created: "Tue, 05 Mar 2019 21:40:11 +0000",
      date_modified: "Mon, 11 Mar 2019 15:17:25 +0000",
      status_id: 11,
      status: "Awaiting Fulfillment",
      subtotal_ex_tax: "61.9800",
      shipping_cost_ex_tax: "4.9000",
      handling_cost_ex_tax: "0.0000",
      wrapping_cost_ex_tax: "0.0000",
      total_ex_tax: exTax.toFixed(4, "half-up"),
      total_tax: totalTax.toFixed(4, "half-up"),
      total_inc_tax: exTax.add(totalTax).toFixed(4, "half-up"),
      discount_amount: discount.toFixed(4, "half-up"),
      coupon_discount: discounts.coupon,
      currency_code: "USD",
      is_tax_inclusive_pricing: false,
    },
    products: [
      { id: 1, sku: "MUG-BLUE", quantity: 2, price_ex_tax: "24.9900", applied_discounts: discounts.applied[0] },
      { id: 2, sku: "TEA-GREEN", quantity: 1, price_ex_tax: "12.0000", applied_discounts: discounts.applied[1] },
    ],
    coupons: Decimal.from(discounts.coupon).isZero()
      ? []
      : [
          {
            id: 3,
            coupon_id: 1,
            order_id: 218,
            code: "S2549JM0Y",
            amount: 5,
            type: 2,
            discount: Number(discounts.coupon),
          },
        ],
    taxes: [
      {
        class: "Default Tax Class",
        rate: "8.0000",
        line_amount: itemTax[0],
        order_product_id: "1",
        line_item_type: "item",
      },
      {
        class: "Default Tax Class",
        rate: "8.0000",
        line_amount: itemTax[1],
        order_product_id: "2",
        line_item_type: "item",
      },
      { class: "Shipping", rate: "8.0000", line_amount: "0.3900", line_item_type: "shipping" },
    ],
  } as unknown as BigCommerceOrderBundle;
}

const coupon = (amount: string) => ({ id: "coupon", amount, name: "S2549JM0Y", code: "S2549JM0Y", target: "order" });

describe("fromBigCommerceOrder: discount_amount already holds the coupon (O9, O17)", () => {
  it("O9/O17: the spec example's discount_amount 5 = coupon_discount 5 is one 5.00 coupon, not 10.00 off; the order reconciles", () => {
    const result = fromBigCommerceOrder(
      specShaped({ coupon: "5.0000", total: "5", applied: [[coupon("4.0300")], [coupon("0.9700")]] }),
    );
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    expect(result.value.discounts.map((d) => `${d.kind}:${d.code}:${d.amount.toFixed(2, "half-up")}`)).toEqual([
      "coupon:S2549JM0Y:5.00",
    ]);
    expect(result.value.totals.discountTotal.toFixed(2, "half-up")).toBe("5.00");
    expect(result.value.totals.grandTotal.toFixed(2, "half-up")).toBe("66.83");
    expect(result.warnings).toEqual([]);
    expect(checkOrderTotals(result.value)).toEqual([]);
  });

  it("O9/O17: a coupon, a manual discount and a promotion: discount_amount 12 is split 5 coupon + 3 manual + 4 promotion by applied_discounts", () => {
    const manual = (amount: string) => ({
      id: "manual-discount",
      amount,
      name: "Manual Discount",
      code: null,
      target: "order",
    });
    const promotion = (amount: string) => ({ id: 17, amount, name: "Autumn sale", code: null, target: "order" });
    const result = fromBigCommerceOrder(
      specShaped({
        coupon: "5.0000",
        total: "12",
        applied: [
          [coupon("4.0300"), manual("2.4200"), promotion("3.2300")],
          [coupon("0.9700"), manual("0.5800"), promotion("0.7700")],
        ],
      }),
    );
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    expect(
      result.value.discounts.map((d) => `${d.kind}:${d.code ?? d.description}:${d.amount.toFixed(2, "half-up")}`),
    ).toEqual(["coupon:S2549JM0Y:5.00", "manual:Manual discount:3.00", "promotion:Autumn sale:4.00"]);
    expect(result.value.totals.discountTotal.toFixed(2, "half-up")).toBe("12.00");
    expect(checkOrderTotals(result.value)).toEqual([]);
  });

  it("O17: the old reading (coupon_discount added to discount_amount) would be 5.00 off the storefront's grand total", () => {
    const bundle = specShaped({ coupon: "5.0000", total: "5", applied: [[coupon("4.0300")], [coupon("0.9700")]] });
    const result = fromBigCommerceOrder(bundle);
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    const doubled = {
      ...result.value,
      discounts: [...result.value.discounts, { kind: "manual" as const, amount: Decimal.from(5) }],
    };
    const totals = { ...doubled.totals, discountTotal: Decimal.from(10) };
    expect(checkOrderTotals({ ...doubled, totals }).map((e) => `${e.code}:${e.field}`)).toEqual([
      "TOTAL_MISMATCH:totals.grandTotal",
    ]);
  });

  it("discount_amount below coupon_discount cannot include it: two separate discounts, with a warning", () => {
    const bundle = specShaped({ coupon: "5.0000", total: "8", applied: [[], []] });
    (bundle.order as Record<string, unknown>).discount_amount = "3.0000";
    const result = fromBigCommerceOrder(bundle);
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    expect(result.value.discounts.map((d) => `${d.kind}:${d.amount.toFixed(2, "half-up")}`)).toEqual([
      "coupon:5.00",
      "promotion:3.00",
    ]);
    expect(result.warnings.map((w) => w.code)).toEqual(["DISCOUNT_AMOUNT_EXCLUDES_COUPON"]);
    expect(checkOrderTotals(result.value)).toEqual([]);
  });
});
