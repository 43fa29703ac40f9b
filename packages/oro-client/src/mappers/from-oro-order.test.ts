import { checkOrderTotals, Decimal, type Item, type PostingConfig, parseItem, prepareSalesOrder } from "@org/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadSample } from "../__fixtures__/oro-samples.js";
import type { components } from "../generated/index.js";
import { flattenDocument, type JsonApiDocument, type ResourceObject } from "../jsonapi.js";
import { type FromOroOrderConfig, fromOroOrder, type OroFlatOrder } from "./from-oro-order.js";

type OrderDocument = components["schemas"]["OrderDocument"];

/**
 * Oro's own `get_order_include_order_line_items` response (two lines: 5 bottles of product-1, 12 boxes of
 * product-2, PO number 1234567890, internal status `open`), with what a sync requests on top included as Oro
 * returns it: the customer (organization) with its parent company, the customer user, a billing and a shipping
 * address, one back-office discount and the order subtotals.
 */
function document(): OrderDocument {
  const sample = structuredClone(loadSample("OrderBundle/get_order_include_order_line_items.yml")) as OrderDocument;
  const rel = sample.data.relationships ?? {};
  const customerId = rel.customer?.data?.id ?? "c-1";
  const userId = rel.customerUser?.data?.id ?? "u-1";
  const subtotalIds = (rel.orderSubtotals?.data ?? []).map((identifier) => identifier.id);
  rel.billingAddress = { data: { type: "orderaddresses", id: "billing-1" } };
  rel.shippingAddress = { data: { type: "orderaddresses", id: "shipping-1" } };
  rel.discounts = { data: [{ type: "orderdiscounts", id: "d-1" }] };
  const address = (id: string, street: string): ResourceObject => ({
    type: "orderaddresses",
    id,
    attributes: {
      label: "HQ",
      organization: "Acme Industrial",
      firstName: "Amanda",
      lastName: "Cole",
      street,
      street2: null,
      city: "Rochester",
      postalCode: "14608",
      customRegion: null,
      phone: "+1 585 555 0100",
    },
    relationships: {
      country: { data: { type: "countries", id: "US" } },
      region: { data: { type: "regions", id: "US-NY" } },
    },
  });
  const subtotal = (index: number, type: string, amount: string, priceList?: string): ResourceObject => ({
    type: "ordersubtotals",
    id: subtotalIds[index] ?? `s-${index}`,
    attributes: { orderSubtotalType: type, label: type, amount, signedAmount: amount, currency: "USD", visible: true },
    relationships: { priceList: { data: priceList ? { type: "pricelists", id: priceList } : null } },
  });
  sample.included = [
    ...(sample.included ?? []),
    {
      type: "customers",
      id: customerId,
      attributes: { name: "Acme Industrial - Rochester", externalId: null, erpAccountNumber: null },
      relationships: {
        parent: { data: { type: "customers", id: "900" } },
        group: { data: { type: "customergroups", id: "7" } },
      },
    },
    {
      type: "customers",
      id: "900",
      attributes: { name: "Acme Industrial", externalId: "ACME-1", erpAccountNumber: "C10000" },
      relationships: { parent: { data: null } },
    },
    {
      type: "customerusers",
      id: userId,
      attributes: {
        email: "amanda.cole@acme.example",
        firstName: "Amanda",
        lastName: "Cole",
        isGuest: false,
        enabled: true,
        confirmed: true,
      },
    },
    address("billing-1", "1215 Caldwell Road"),
    address("shipping-1", "801 Dock Street"),
    {
      type: "orderdiscounts",
      id: "d-1",
      attributes: {
        description: "Loyal customer",
        amount: "20.0000",
        orderDiscountType: "oro_order_discount_item_type_amount",
      },
    },
    subtotal(0, "subtotal", "444.5000", "3"),
    subtotal(1, "discount", "20.0000"),
    subtotal(2, "shipping_cost", "10.0000"),
    subtotal(4, "tax", "34.7600"),
  ] as NonNullable<OrderDocument["included"]>;
  sample.data.attributes = {
    ...sample.data.attributes,
    subtotalValue: "444.5000",
    totalDiscountsAmount: "20.0000",
    shippingMethod: "flat_rate_6",
    shippingMethodType: "primary",
    estimatedShippingCostAmount: "10.0000",
    totalValue: "469.2600",
  };
  return sample;
}

/** Tests rewrite read-only (server-computed) fields to simulate what Oro could send. */
type Writable<T> = { -readonly [K in keyof T]: T[K] };

function flat(doc: OrderDocument = document()): Writable<OroFlatOrder> {
  return flattenDocument(doc as JsonApiDocument<components["schemas"]["Order"]>);
}

describe("fromOroOrder", () => {
  it("O2/O5/O12/O13: maps Oro's sample order: identifier, PO number, organization, buyer, units, price list", () => {
    const result = fromOroOrder(flat(), { parentAccountNumberField: "erpAccountNumber" });
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    const order = result.value;
    expect(order.source).toMatchObject({ system: "oro", type: "order", number: "simple_order" });
    expect(order.poNumber).toBe("1234567890");
    expect(order.priceList).toBe("3");
    expect(order.status).toEqual({ code: "open", stage: "confirmed" });
    expect(order.customer).toMatchObject({
      isGuest: false,
      email: "amanda.cole@acme.example",
      name: "Amanda Cole",
      ref: { type: "customeruser" },
      customerGroup: "7",
      organization: { name: "Acme Industrial - Rochester", parentAccountNumber: "C10000", ref: { type: "customer" } },
    });
    // the organization's own external id is null: it stays absent rather than borrowing the parent's
    expect(order.customer.organization?.externalId).toBeUndefined();
    expect(order.lines.map((l) => `${l.sku}:${l.quantity} ${l.unit}x${l.unitPrice}`)).toEqual([
      "product-1:5 bottlex15.7000",
      "product-2:12 boxx30.5000",
    ]);
    expect(order.discounts).toEqual([
      { kind: "manual", description: "Loyal customer", amount: Decimal.from("20.0000") },
    ]);
    expect(order.shippingLines).toEqual([expect.objectContaining({ method: "flat_rate_6 / primary" })]);
    expect(order.shippingAddress).toMatchObject({ line1: "801 Dock Street", region: "NY", countryCode: "US" });
    expect(order.billingAddress).toMatchObject({ company: "Acme Industrial", name: "Amanda Cole" });
    expect(order.currency).toBe("USD");
    expect(order.createdAt).toBe("2024-03-05T10:20:30.000Z");
    // O8/O17: Oro's back-office API has no per-line tax, only the tax subtotal: it becomes an order-level tax line
    // (zone from the shipping address, rate derived from the amounts and warned), and every total reconciles
    expect(order.taxLines.map((t) => `${t.taxZone}:${t.ratePercent}:${t.amount}`)).toEqual(["US-NY:8:34.7600"]);
    expect(result.warnings.map((w) => w.code)).toContain("TAX_RATE_DERIVED");
    expect(checkOrderTotals(order)).toEqual([]);
  });

  describe("O8: the order-level tax posts through the posting plan", () => {
    const items: Record<string, Item> = {
      "product-1": parseItem({ sku: "product-1", erpNumber: "P1", description: "P1", baseUnit: "BTL", active: true }),
      "product-2": parseItem({ sku: "product-2", erpNumber: "P2", description: "P2", baseUnit: "BOX", active: true }),
    };
    const posting: PostingConfig = {
      targetSystem: "bc",
      accounts: { shipping: "6610", giftCardLiability: "5790", refundAdjustments: "6620" },
      taxMappings: [{ taxZone: "US-NY", erpTaxCode: "NY" }],
      unitMappings: { bottle: "BTL", box: "BOX" },
      guestCustomer: { kind: "post_to_customer", customerNumber: "WEB" },
    };
    const prepare = (config: FromOroOrderConfig, postingOverrides: Partial<PostingConfig> = {}) => {
      const mapped = fromOroOrder(flat(), { parentAccountNumberField: "erpAccountNumber", ...config });
      if (mapped.kind !== "ok") throw new Error(JSON.stringify(mapped));
      return prepareSalesOrder(mapped.value, { ...posting, ...postingOverrides }, { itemBySku: (sku) => items[sku] });
    };

    it("O8/O16/O17: every line and the shipping take the jurisdiction's code; the tax is spread to the cent", () => {
      const result = prepare({ orderTax: { ratePercent: "8" } });
      if (result.kind !== "ok") throw new Error(JSON.stringify(result));
      const plan = result.value;
      expect(
        plan.lines.map((l) => `${l.lineId === "shipping-1" ? "shipping" : l.kind}:${l.taxCode}:${l.taxAmount}`),
      ).toEqual(["item:NY:6.00", "item:NY:27.96", "shipping:NY:0.80"]);
      const net = Decimal.sum(plan.lines.map((l) => l.netAmount));
      expect(net.add(Decimal.sum(plan.lines.map((l) => l.taxAmount))).eq(plan.expectedTotal)).toBe(true);
      expect(plan.expectedTotal.toString()).toBe("469.2600");
      // an ERP computing 8 % line by line (74.97, 349.53, 10.00) arrives at the same tax (O8 with taxSource erp)
      expect(plan.computedTaxTotal.toString()).toBe("34.76");
      expect(plan.taxDifference.isZero()).toBe(true);
    });

    it("O8: a configured rate the captured tax does not match is TAX_DIFFERENCE for finance; untaxed shipping is exempt", () => {
      const wrongRate = prepare({ orderTax: { ratePercent: "8.875" } }, { taxSource: "erp" });
      expect(wrongRate.kind === "failed" && wrongRate.exceptions.map((e) => `${e.failureId}:${e.code}`)).toEqual([
        "O8:TAX_DIFFERENCE",
      ]);
      // shipping not taxed in Oro: 34.76 is 8 % of the goods only (434.50 − 10 shipping = 424.50 → 33.96), so the
      // same payload with untaxed shipping is a difference too, and the shipping line posts with the exempt code
      const untaxedShipping = prepare(
        { orderTax: { ratePercent: "8", shippingTaxable: false } },
        { taxExemptCode: "EXEMPT" },
      );
      expect(untaxedShipping.kind === "failed" && untaxedShipping.exceptions.map((e) => e.code)).toEqual([
        "TAX_DIFFERENCE",
      ]);
      const mapped = fromOroOrder(flat(), { orderTax: { ratePercent: "8", shippingTaxable: false } });
      expect(mapped.kind === "ok" && mapped.value.shippingLines[0]?.taxLines).toEqual([
        { ratePercent: Decimal.ZERO, amount: Decimal.ZERO },
      ]);
    });
  });

  it("O17: an untaxed Oro order reconciles completely in canonical form", () => {
    const order = flat();
    order.totalValue = "434.5000";
    const tax = (order.orderSubtotals as Array<Record<string, unknown>>).find((s) => s.orderSubtotalType === "tax");
    Object.assign(tax as object, { amount: "0.0000" });
    const result = fromOroOrder(order);
    expect(result.kind === "ok" && checkOrderTotals(result.value)).toEqual([]);
  });

  it("O2: the shared id comes from a configurable attribute; without a number the parent account is left to matching", () => {
    const doc = document();
    const result = fromOroOrder(flat(doc), { organizationExternalIdField: "erpAccountNumber" });
    expect(result.kind === "ok" && result.value.customer.organization).toEqual({
      ref: expect.objectContaining({ type: "customer" }),
      name: "Acme Industrial - Rochester",
    });
    const own = flattenDocument(doc as JsonApiDocument<components["schemas"]["Order"]>);
    Object.assign(own.customer as object, { externalId: "ACME-ROC" });
    const withId = fromOroOrder(own);
    expect(withId.kind === "ok" && withId.value.customer.organization?.externalId).toBe("ACME-ROC");
  });

  it("O2: an order whose customer was not included is an exception naming the field, not a nameless organization", () => {
    const sample = loadSample("OrderBundle/get_order_include_order_line_items.yml") as OrderDocument;
    const result = fromOroOrder(flat(sample));
    expect(result.kind === "failed" && result.exceptions[0]).toMatchObject({
      code: "INVALID_PAYLOAD",
      field: "customer.name",
      records: [{ number: "simple_order" }],
    });
  });

  it("O3: a guest customer user is a guest without an organization", () => {
    const order = flat();
    Object.assign(order.customerUser as object, { isGuest: true });
    const result = fromOroOrder(order);
    expect(result.kind === "ok" && result.value.customer).toMatchObject({ isGuest: true });
    expect(result.kind === "ok" && result.value.customer.organization).toBeUndefined();
    expect(result.kind === "ok" && result.value.customer.ref).toBeUndefined();
  });

  it("O4: statuses map to stages through config; unknown statuses must be mapped; the external status is optional", () => {
    const cancelled = flat();
    cancelled.internalStatus = { type: "orderinternalstatuses", id: "cancelled" };
    expect(fromOroOrder(cancelled).kind === "ok" && fromOroOrder(cancelled)).toMatchObject({
      value: { status: { stage: "cancelled" } },
    });
    const custom = flat();
    custom.internalStatus = { type: "orderinternalstatuses", id: "awaiting_credit_check" };
    const unknown = fromOroOrder(custom);
    expect(unknown.kind === "failed" && unknown.exceptions[0]?.field).toBe("internalStatus");
    const mapped = fromOroOrder(custom, { stages: { awaiting_credit_check: "on_hold" } });
    expect(mapped.kind === "ok" && mapped.value.status.stage).toBe("on_hold");
    const external = flat();
    external.status = { type: "orderstatuses", id: "pending" };
    const byExternal = fromOroOrder(external, { statusFrom: "status" });
    expect(byExternal.kind === "ok" && byExternal.value.status).toEqual({ code: "pending", stage: "pending_payment" });
    // external status management off: status is null, the internal status decides
    const fallback = fromOroOrder(flat(), { statusFrom: "status" });
    expect(fallback.kind === "ok" && fallback.value.status.code).toBe("open");
    const proto = flat();
    proto.internalStatus = { type: "orderinternalstatuses", id: "constructor" };
    expect(fromOroOrder(proto).kind).toBe("failed");
  });

  it("O9: promotions show only in totalDiscountsAmount and become a promotion discount for the remainder", () => {
    const order = flat();
    order.totalDiscountsAmount = "32.5000";
    const result = fromOroOrder(order);
    expect(result.kind === "ok" && result.value.discounts.map((d) => `${d.kind}:${d.amount}`)).toEqual([
      "manual:20.0000",
      "promotion:12.5000",
    ]);
  });

  it("O11/O12: a line in another currency is CURRENCY_MISMATCH; a line without a unit or SKU names the field", () => {
    const euro = flat();
    Object.assign((euro.lineItems as object[])[1] as object, { currency: "EUR" });
    const mismatch = fromOroOrder(euro);
    expect(mismatch.kind === "failed" && mismatch.exceptions[0]).toMatchObject({
      code: "CURRENCY_MISMATCH",
      failureId: "O11",
      field: "lineItems.1.currency",
    });
    const noUnit = flat();
    Object.assign((noUnit.lineItems as object[])[0] as object, { productUnitCode: null, productUnit: null });
    const unit = fromOroOrder(noUnit);
    expect(unit.kind === "failed" && unit.exceptions[0]?.field).toBe("lineItems.0.productUnitCode");
    const freeForm = flat();
    Object.assign((freeForm.lineItems as object[])[0] as object, { productSku: null, freeFormProduct: "Custom crate" });
    const sku = fromOroOrder(freeForm);
    expect(sku.kind === "failed" && sku.exceptions[0]?.message).toMatch(/free-form product without a SKU/);
  });

  it("bad data names the order and the field: a comma decimal, a float quantity, a missing total", () => {
    const comma = flat();
    Object.assign((comma.lineItems as object[])[0] as object, { value: "15,70" });
    const result = fromOroOrder(comma);
    expect(result.kind === "failed" && result.exceptions[0]).toMatchObject({
      code: "INVALID_PAYLOAD",
      field: "lineItems.0.value",
      records: [{ id: expect.any(String), number: "simple_order" }],
    });
    const float = flat();
    Object.assign((float.lineItems as object[])[0] as object, { quantity: 0.1 + 0.2 });
    const exact = fromOroOrder(float);
    // Oro stores quantities as floats; the shortest decimal form is taken, never a binary expansion
    expect(exact.kind === "ok" && exact.value.lines[0]?.quantity.toString()).toBe("0.30000000000000004");
    const noTotal = flat();
    noTotal.totalValue = null;
    const missing = fromOroOrder(noTotal);
    expect(missing.kind === "failed" && missing.exceptions[0]?.field).toBe("totalValue");
  });

  it("fuzz: thousands of malformed orders give ok or typed exceptions naming the order, never a crash", () => {
    const poison = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.constant(""),
      fc.constant("12,50"),
      fc.constant("1e400"),
      fc.constant(0.1 + 0.2),
      fc.constant(Number.NaN),
      fc.constant(1e300),
      fc.constant(2 ** 60),
      fc.constant("UNKNOWN_ENUM"),
      fc.constant("x".repeat(5_000)),
      fc.constant({}),
      fc.constant([]),
      fc.constant([{}]),
      fc.constant({ type: "x", id: "__proto__" }),
      fc.constant(true),
      fc.string(),
      fc.integer(),
      fc.double(),
    );
    const at =
      (path: (o: Record<string, unknown>) => unknown, key: string) => (o: Record<string, unknown>, v: unknown) =>
        Object.assign(path(o) as object, { [key]: v });
    const line = (i: number) => (o: Record<string, unknown>) => (o.lineItems as unknown[])[i];
    const self = (o: Record<string, unknown>) => o;
    const paths = [
      at(self, "id"),
      at(self, "identifier"),
      at(self, "currency"),
      at(self, "subtotalValue"),
      at(self, "totalValue"),
      at(self, "totalDiscountsAmount"),
      at(self, "estimatedShippingCostAmount"),
      at(self, "createdAt"),
      at(self, "internalStatus"),
      at(self, "customer"),
      at(self, "customerUser"),
      at(self, "billingAddress"),
      at(self, "lineItems"),
      at(self, "discounts"),
      at(self, "orderSubtotals"),
      at(self, "poNumber"),
      at(line(0), "value"),
      at(line(0), "quantity"),
      at(line(1), "productSku"),
      at(line(1), "productUnitCode"),
      at(line(1), "currency"),
      at((o) => o.customer, "name"),
      at((o) => o.customerUser, "email"),
      at((o) => o.shippingAddress, "country"),
      at((o) => (o.orderSubtotals as unknown[])[4], "amount"),
      at((o) => (o.orderSubtotals as unknown[])[0], "priceList"),
    ];
    // Built once: flat() reads and parses Oro's YAML sample, which dominated the run time (over 60 s under CI load).
    const pristine = flat();
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(paths.length - 1), poison), { minLength: 1, maxLength: 4 }), (mutations) => {
        const input = structuredClone(pristine) as unknown as Record<string, unknown>;
        for (const [index, value] of mutations) {
          try {
            paths[index]?.(input, value);
          } catch {
            // an earlier mutation replaced the parent: the input stays as it is
          }
        }
        const result = fromOroOrder(input as unknown as OroFlatOrder);
        if (result.kind === "failed") {
          for (const exception of result.exceptions) {
            expect(["INVALID_PAYLOAD", "CURRENCY_MISMATCH"]).toContain(exception.code);
            expect(exception.message).toMatch(/^Order /);
            expect(exception.message.length).toBeLessThanOrEqual(300);
            expect(exception.field ?? "").not.toBe("");
          }
        } else {
          expect(result.kind).toBe("ok");
        }
      }),
      { numRuns: 2500 },
    );
  });
});
