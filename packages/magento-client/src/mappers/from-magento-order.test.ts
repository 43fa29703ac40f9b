import { checkOrderTotals, Decimal, isOrderConfirmed, type Order, parseItem, prepareSalesOrder } from "@org/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { euOrder, usOrder } from "../__fixtures__/magento-orders.js";
import { type FromMagentoOrderConfig, fromMagentoOrder, type MagentoOrder } from "./from-magento-order.js";

function mapped(order: MagentoOrder, config?: FromMagentoOrderConfig) {
  const result = fromMagentoOrder(order, config);
  if (result.kind !== "ok") throw new Error(JSON.stringify(result, null, 1));
  return result;
}
const summary = (order: Order) => ({
  lines: order.lines.map(
    (l) => `${l.lineId} ${l.sku} ${l.quantity}x${l.unitPrice} -${Decimal.sum(l.discounts.map((d) => d.amount))}`,
  ),
  shipping: order.shippingLines.map((s) => `${s.method} ${s.amount} -${s.discountAmount}`),
  totals: Object.fromEntries(Object.entries(order.totals).map(([k, v]) => [k, v.toString()])),
});

describe("fromMagentoOrder", () => {
  it("O5/O9/O10/O16: a configurable item once, coupon per line, UPS shipping, gift card, transaction id; totals reconcile", () => {
    const { value: order, warnings } = mapped(usOrder());
    expect(warnings).toEqual([]);
    expect(order.source).toEqual({ system: "magento", type: "order", id: "3104", number: "000003104" });
    expect(order.status).toEqual({ code: "processing", stage: "confirmed" });
    expect(order.customer).toEqual({
      isGuest: false,
      ref: { system: "magento", type: "customer", id: "27" },
      email: "roni_cost@example.com",
      name: "Veronica Costello",
      customerGroup: "1",
    });
    expect(order.taxMode).toBe("exclusive");
    // The configurable parent carries the price under the chosen simple's SKU; its child (price 0) is not a line.
    expect(summary(order)).toEqual({
      lines: ["6201 MH01-XS-Black 1x52 -5.2", "6203 24-MB01 2x34 -6.8"],
      shipping: ["ups_GND 15 -0"],
      totals: {
        subtotal: "120",
        discountTotal: "12",
        shippingTotal: "15",
        taxTotal: "10.15",
        grandTotal: "133.15",
        giftCardTotal: "20",
      },
    });
    expect(order.lines[0]?.discounts).toEqual([
      { code: "SPRING10", description: "SPRING10", kind: "coupon", amount: Decimal.from("5.2") },
    ]);
    expect(order.lines[1]?.taxLines).toEqual([
      { taxZone: "US-MI-*-Rate 1", ratePercent: Decimal.from("8.25"), amount: Decimal.from("5.05") },
    ]);
    expect(order.shippingLines[0]).toMatchObject({ carrier: "ups", taxLines: [{ amount: Decimal.from("1.24") }] });
    expect(order.shippingAddress).toEqual({
      name: "Veronica Costello",
      line1: "6146 Honey Bluff Parkway",
      line2: "Suite 4",
      city: "Calder",
      region: "MI",
      postalCode: "49628-7978",
      countryCode: "US",
      phone: "(555) 229-3326",
      email: "roni_cost@example.com",
    });
    expect(order.billingAddress?.line2).toBeUndefined();
    // The gift card pays 20.00 of the order: a redemption by the card's id, never its code (O10).
    expect(order.giftCardRedemptions).toEqual([{ giftCardRef: "14", amount: Decimal.from("20") }]);
    expect(order.payments).toEqual([
      { gateway: "braintree", transactionId: "7n2xkq9d", amount: Decimal.from("113.15"), status: "captured" },
    ]);
    expect(order.createdAt).toBe("2026-03-01T10:15:00Z");
    expect(order.updatedAt).toBe("2026-03-01T10:20:41Z");
    expect(order.customerNote).toBe("Leave at the back door");
    expect(checkOrderTotals(order)).toEqual([]); // O17
  });

  it("O8/O17: the order posts: tax per line and shipping matches rate × net, totals match", () => {
    const { value: order } = mapped(usOrder());
    const item = (sku: string) => parseItem({ sku, erpNumber: sku, description: sku, baseUnit: "PCS", active: true });
    const plan = prepareSalesOrder(
      order,
      {
        targetSystem: "erp",
        accounts: { shipping: "4100", giftCardLiability: "2300", refundAdjustments: "4900" },
        taxMappings: [{ taxZone: "US-MI-*-Rate 1", erpTaxCode: "MI" }],
        guestCustomer: { kind: "post_to_customer", customerNumber: "WEB" },
      },
      { itemBySku: item },
    );
    expect(plan.kind === "failed" ? plan.exceptions : []).toEqual([]);
  });

  it("tax mode: with the discount tax compensation, Magento's scenario reconciles inclusive and exclusive", () => {
    // Inclusive (per store): gross prices; 13.18 + 2.275 off gross amounts; 29 − 15.455 + 5 = 18.545.
    const inclusive = mapped(euOrder(), { taxModeByStore: { 2: "inclusive" } }).value;
    expect(inclusive.taxMode).toBe("inclusive");
    expect(summary(inclusive)).toEqual({
      lines: ["90 simple1 1x29 -13.18"],
      shipping: ["flatrate_flatrate 5 -2.275"],
      totals: {
        subtotal: "29",
        discountTotal: "15.455",
        shippingTotal: "5",
        taxTotal: "1.69",
        grandTotal: "18.545",
        giftCardTotal: "0",
      },
    });
    expect(checkOrderTotals(inclusive)).toEqual([]);
    // Exclusive: net prices; the discount is net of the compensated tax (13.18 − 1.20, 2.275 − 0.20).
    const exclusive = mapped(euOrder(), { taxMode: "exclusive", taxModeByStore: { 1: "inclusive" } }).value;
    expect(summary(exclusive)).toEqual({
      lines: ["90 simple1 1x26.36 -11.98"],
      shipping: ["flatrate_flatrate 4.55 -2.075"],
      totals: {
        subtotal: "26.36",
        discountTotal: "14.055",
        shippingTotal: "4.55",
        taxTotal: "1.69",
        grandTotal: "18.545",
        giftCardTotal: "0",
      },
    });
    expect(checkOrderTotals(exclusive)).toEqual([]);
    // No coupon: a promotion, with Magento's discount description.
    expect(exclusive.lines[0]?.discounts[0]).toMatchObject({ kind: "promotion", description: "Half price week" });
    expect(exclusive.lines[0]?.discounts[0]?.code).toBeUndefined();
  });

  it("O3/O4: customer_is_guest decides guests; new is not confirmed; statuses and states map through config", () => {
    const { value: guest } = mapped(euOrder());
    expect(guest.customer).toEqual({
      isGuest: true,
      email: "max@example.com",
      name: "Max Mustermann",
      customerGroup: "0",
    });
    expect(guest.status).toEqual({ code: "pending", stage: "pending_payment" });
    expect(isOrderConfirmed(guest)).toBe(false);
    expect(guest.payments).toEqual([]); // bank transfer: nothing paid yet, no transaction
    const stageOf = (state: string, status: string, config?: FromMagentoOrderConfig) => {
      const result = fromMagentoOrder({ ...usOrder(), state, status }, config);
      return result.kind === "ok" ? result.value.status.stage : result.kind;
    };
    expect(stageOf("complete", "complete")).toBe("completed");
    expect(stageOf("canceled", "canceled")).toBe("cancelled");
    expect(stageOf("closed", "closed")).toBe("cancelled");
    expect(stageOf("holded", "holded")).toBe("on_hold");
    expect(stageOf("pending_payment", "pending_payment")).toBe("pending_payment");
    expect(stageOf("processing", "awaiting_pickup")).toBe("confirmed"); // custom status: its state decides
    expect(stageOf("new", "pending", { statusStages: { pending: "confirmed" } })).toBe("confirmed");
    expect(stageOf("new", "pending", { stateStages: { new: "confirmed" } })).toBe("confirmed");
    expect(stageOf("constructor", "toString")).toBe("failed");
    const unknown = fromMagentoOrder({ ...usOrder(), state: "fulfilment_queue", status: "queued" });
    expect(unknown.kind === "failed" && unknown.exceptions[0]).toMatchObject({
      code: "INVALID_PAYLOAD",
      field: "state",
      records: [{ id: "3104", number: "000003104" }],
    });
    // Without the flag, an order without a customer id is a guest.
    const { customer_is_guest: _, customer_id: __, ...noFlag } = usOrder();
    expect(mapped(noFlag).value.customer.isGuest).toBe(true);
  });

  it("bundles: a dynamic-price bundle is its priced children, a fixed-price bundle its parent", () => {
    const bundle = (childPrice: number, parentPrice: number): MagentoOrder => ({
      ...euOrder(),
      subtotal: 20,
      subtotal_incl_tax: 20,
      discount_amount: 0,
      discount_tax_compensation_amount: 0,
      shipping_amount: 0,
      shipping_incl_tax: 0,
      shipping_tax_amount: 0,
      shipping_discount_amount: 0,
      shipping_discount_tax_compensation_amount: 0,
      tax_amount: 0,
      grand_total: 20,
      extension_attributes: {},
      items: [
        {
          item_id: 1,
          sku: "KIT-A-B",
          product_type: "bundle",
          qty_ordered: 1,
          price: parentPrice,
          row_total: parentPrice,
        },
        {
          item_id: 2,
          parent_item_id: 1,
          sku: "A",
          product_type: "simple",
          qty_ordered: 1,
          price: childPrice,
          row_total: childPrice,
        },
        {
          item_id: 3,
          parent_item_id: 1,
          sku: "B",
          product_type: "simple",
          qty_ordered: 1,
          price: childPrice,
          row_total: childPrice,
        },
      ],
    });
    const dynamic = mapped(bundle(10, 20)).value;
    expect(dynamic.lines.map((l) => l.sku)).toEqual(["A", "B"]);
    expect(checkOrderTotals(dynamic)).toEqual([]);
    const fixed = mapped(bundle(0, 20)).value;
    expect(fixed.lines.map((l) => l.sku)).toEqual(["KIT-A-B"]);
    expect(checkOrderTotals(fixed)).toEqual([]);
    // A child whose parent is missing is a data error, not a silent line.
    const orphan = bundle(10, 20);
    orphan.items = orphan.items.slice(1);
    expect(fromMagentoOrder(orphan)).toMatchObject({
      kind: "failed",
      exceptions: [{ field: "items.0.parent_item_id" }],
    });
  });

  it("Adobe Commerce: store credit and reward points are redemptions too; B2B company, PO number, store location", () => {
    const order = usOrder();
    order.grand_total = 103.15; // 133.15 − 20 gift card − 7.50 store credit − 2.50 reward points
    order.extension_attributes = {
      ...order.extension_attributes,
      customer_balance_amount: 7.5,
      reward_currency_amount: 2.5,
      company_order_attributes: { company_id: 5, company_name: "Acme Corp" },
    };
    order.payment = { ...order.payment!, method: "purchaseorder", po_number: "PO-7781", last_trans_id: undefined };
    const { value, warnings } = mapped(order, { storeLocations: { 1: "web-us" } });
    expect(value.giftCardRedemptions.map((r) => `${r.giftCardRef} ${r.amount}`)).toEqual([
      "14 20",
      "store-credit 7.5",
      "reward-points 2.5",
    ]);
    expect(value.totals.grandTotal.toString()).toBe("133.15");
    expect(value.totals.giftCardTotal.toString()).toBe("30.0");
    expect(checkOrderTotals(value)).toEqual([]);
    expect(value.customer.organization).toEqual({
      ref: { system: "magento", type: "company", id: "5" },
      name: "Acme Corp",
    });
    expect(value.poNumber).toBe("PO-7781");
    expect(value.channelLocation).toBe("web-us");
    expect(value.payments).toEqual([]);
    expect(warnings.map((w) => w.code)).toEqual(["PAYMENT_WITHOUT_TRANSACTION_ID"]);
  });

  it("fallbacks: no applied taxes means one tax line per item and a derived shipping rate; fees not mapped warn", () => {
    const order = usOrder();
    order.extension_attributes = {
      gift_cards_amount: 20, // total without the card list
      gw_price: "3.0000",
      custom_fees: [
        {
          order_id: "3104",
          custom_fee_code: "handling",
          custom_fee_label: "Handling",
          custom_fee_amount: 1,
          base_custom_fee_amount: 1,
          custom_fee_amount_invoiced: 1,
          base_custom_fee_amount_invoiced: 1,
          custom_fee_amount_refunded: 0,
          base_custom_fee_amount_refunded: 0,
          apply_fee_on_last_invoice: false,
          apply_fee_on_last_creditmemo: false,
        },
      ],
    };
    order.items = order.items.map((item) =>
      item.item_id === 6203 ? { ...item, weee_tax_applied_row_amount: 1 } : item,
    );
    const { value, warnings } = mapped(order);
    expect(value.lines[0]?.taxLines).toEqual([{ ratePercent: Decimal.from("8.25"), amount: Decimal.from("3.86") }]);
    expect(value.shippingLines[0]?.taxLines).toEqual([
      { ratePercent: Decimal.from("8.27"), amount: Decimal.from("1.24") },
    ]);
    expect(value.shippingLines[0]?.method).toBe("United Parcel Service - Ground");
    expect(value.shippingAddress).toBeUndefined();
    expect(value.giftCardRedemptions).toEqual([{ giftCardRef: "gift-cards", amount: Decimal.from("20") }]);
    expect(warnings.map((w) => w.code)).toEqual([
      "FIXED_PRODUCT_TAX_NOT_MAPPED",
      "SHIPPING_TAX_RATE_DERIVED",
      "GIFT_WRAPPING_NOT_MAPPED",
      "CUSTOM_FEES_NOT_MAPPED",
    ]);
    // A virtual order: no shipping assignment, no shipping charge, no shipping line.
    const virtual = euOrder();
    virtual.extension_attributes = {};
    Object.assign(virtual, {
      shipping_amount: 0,
      shipping_incl_tax: 0,
      shipping_tax_amount: 0,
      shipping_discount_amount: 0,
    });
    Object.assign(virtual, {
      shipping_discount_tax_compensation_amount: 0,
      discount_amount: -13.18,
      grand_total: 15.82,
    });
    expect(mapped(virtual).value.shippingLines).toEqual([]);
  });

  it("amounts are read exactly; bad data names the order and the field", () => {
    const order = usOrder();
    order.items[2]!.price = 0.1 + 0.2; // float noise from an extension: kept as sent (its shortest form), never rounded
    expect(mapped(order).value.lines[1]?.unitPrice.toString()).toBe("0.30000000000000004");
    const comma = usOrder();
    (comma.items[0] as Record<string, unknown>).price = "52,00";
    expect(fromMagentoOrder(comma)).toMatchObject({
      kind: "failed",
      exceptions: [
        { code: "INVALID_PAYLOAD", field: "items.0.price", message: expect.stringMatching(/^Order 000003104: /) },
      ],
    });
    const noCurrency = usOrder();
    delete noCurrency.order_currency_code;
    const failed = fromMagentoOrder(noCurrency);
    expect(failed.kind === "failed" && failed.exceptions.map((e) => e.field)).toEqual(["currency"]);
    const badDate = usOrder();
    badDate.created_at = "2026-02-30 10:00:00";
    expect(fromMagentoOrder(badDate)).toMatchObject({ kind: "failed", exceptions: [{ field: "created_at" }] });
    expect(fromMagentoOrder({ ...usOrder(), created_at: "2026-03-01T10:15:00+01:00" })).toMatchObject({
      kind: "ok",
      value: { createdAt: "2026-03-01T09:15:00.000Z" },
    });
    expect(fromMagentoOrder(null as unknown as MagentoOrder)).toMatchObject({
      kind: "failed",
      exceptions: [{ field: "order", records: [{ id: "(unknown)" }] }],
    });
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
      fc.constant(-1),
      fc.constant("constructor"),
      fc.constant({}),
      fc.constant([]),
      fc.constant([{}]),
      fc.constant(true),
      fc.string(),
      fc.integer(),
      fc.double(),
    );
    type Mutable = Record<string, unknown>;
    const ext = (o: MagentoOrder) => (o.extension_attributes ?? {}) as Mutable;
    const paths: Array<(o: MagentoOrder, v: unknown) => void> = [
      (o, v) => Object.assign(o, { grand_total: v }),
      (o, v) => Object.assign(o, { state: v }),
      (o, v) => Object.assign(o, { status: v }),
      (o, v) => Object.assign(o, { order_currency_code: v }),
      (o, v) => Object.assign(o, { created_at: v }),
      (o, v) => Object.assign(o, { billing_address: v }),
      (o, v) => Object.assign(o, { customer_id: v }),
      (o, v) => Object.assign(o, { customer_is_guest: v }),
      (o, v) => Object.assign(o, { discount_amount: v }),
      (o, v) => Object.assign(o, { store_id: v }),
      (o, v) => Object.assign(o, { items: v }),
      (o, v) => Object.assign(o.items[0] as Mutable, { price: v }),
      (o, v) => Object.assign(o.items[0] as Mutable, { item_id: v }),
      (o, v) => Object.assign(o.items[1] as Mutable, { parent_item_id: v }),
      (o, v) => Object.assign(o.items[2] as Mutable, { qty_ordered: v }),
      (o, v) => Object.assign(o.items[2] as Mutable, { sku: v }),
      (o, v) => Object.assign(o, { payment: v }),
      (o, v) => Object.assign(o.payment as Mutable, { last_trans_id: v }),
      (o, v) => Object.assign(o, { extension_attributes: v }),
      (o, v) => Object.assign(ext(o), { shipping_assignments: v }),
      (o, v) => Object.assign(ext(o), { item_applied_taxes: v }),
      (o, v) => Object.assign(ext(o), { gift_cards: v }),
      (o, v) => Object.assign(ext(o), { company_order_attributes: v }),
      (o, v) => Object.assign(o, v),
    ];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(paths.length - 1), poison), { minLength: 1, maxLength: 4 }), (mutations) => {
        const input = usOrder();
        for (const [index, value] of mutations) {
          try {
            paths[index]?.(input, value);
          } catch {
            // the mutation itself may fail when an earlier one replaced the parent; that input stays as it is
          }
        }
        const result = fromMagentoOrder(input);
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
