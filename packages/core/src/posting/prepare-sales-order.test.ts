import { describe, expect, it } from "vitest";
import { orderInput } from "../__fixtures__/canonical";
import type { Customer } from "../entities/customer";
import { type Item, parseItem } from "../entities/item";
import { type OrderInput, parseOrder } from "../entities/order";
import type { SyncResult } from "../entities/sync-exception";
import { Decimal } from "../money/decimal";
import type { PostingConfig } from "./posting-config";
import { prepareSalesOrder, type SalesOrderLookups, type SalesOrderPlan } from "./prepare-sales-order";

const items: Record<string, Item> = {
  "MUG-BLUE": parseItem({
    sku: "MUG-BLUE",
    erpNumber: "1896-S",
    description: "Blue mug",
    baseUnit: "PCS",
    active: true,
  }),
  "TEA-GREEN": parseItem({
    sku: "TEA-GREEN",
    erpNumber: "1900-T",
    description: "Green tea",
    baseUnit: "PCS",
    alternateUnits: [{ code: "BOX", factor: 12 }],
    active: true,
  }),
  "OLD-SKU": parseItem({ sku: "OLD-SKU", erpNumber: "1000", description: "Old", baseUnit: "PCS", active: false }),
  "PHONE-X": parseItem({
    sku: "PHONE-X",
    erpNumber: "2000",
    description: "Phone",
    baseUnit: "PCS",
    tracking: "serial",
    active: true,
  }),
};
const customer = (id: string, email: string): Customer => ({
  source: { system: "erp", type: "customer", id },
  erpCustomerNumber: id,
  name: id,
  email,
  shippingAddresses: [],
  blocked: false,
});

const config: PostingConfig = {
  targetSystem: "erp",
  accounts: { shipping: "6100", giftCardLiability: "2450", refundAdjustments: "6120" },
  taxMappings: [
    { taxClass: "standard", erpTaxCode: "VAT19" },
    { taxClass: "reduced", erpTaxCode: "VAT7" },
    { taxClass: "standard", taxZone: "AT", erpTaxCode: "VAT20-AT" },
  ],
  unitMappings: { box: "BOX" },
  guestCustomer: { kind: "post_to_customer", customerNumber: "WEB-GUEST" },
};
const lookups: SalesOrderLookups = {
  itemBySku: (sku) => items[sku],
  customerByExternalId: (id) => (id === "77" ? customer("C00010", "jane.doe@example.com") : undefined),
  customersByEmail: (email) => (email === "twins@example.com" ? [customer("C1", email), customer("C2", email)] : []),
};

function plan(
  input: OrderInput,
  overrides: Partial<PostingConfig> = {},
  lookupOverrides: Partial<SalesOrderLookups> = {},
) {
  return prepareSalesOrder(parseOrder(input), { ...config, ...overrides }, { ...lookups, ...lookupOverrides });
}
function value(result: SyncResult<SalesOrderPlan>): SalesOrderPlan {
  if (result.kind !== "ok") throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.value;
}
function codes(result: SyncResult<SalesOrderPlan>): string[] {
  return result.kind === "failed" ? result.exceptions.map((e) => `${e.failureId}:${e.code}:${e.field ?? ""}`) : [];
}

describe("prepareSalesOrder", () => {
  it("O5/O9/O12/O16: a good order becomes a plan with the order number, exact discounts, ERP units and a shipping G/L line", () => {
    const result = value(plan(orderInput()));
    expect(result.externalDocumentNumber).toBe("100234");
    expect(result.customer).toEqual({ kind: "existing", customerNumber: "C00010" });
    expect(result.paymentTransactionIds).toEqual(["ch_3Nabc"]);
    const [mug, tea, shipping] = result.lines;
    expect(mug).toMatchObject({
      kind: "item",
      itemNumber: "1896-S",
      unitOfMeasure: "PCS",
      taxCode: "VAT19",
      discountCodes: ["SPRING10"],
    });
    expect(mug?.discountAmount.toString()).toBe("9.74"); // 5.00 line + 4.74 of the coupon
    expect(tea).toMatchObject({ kind: "item", unitOfMeasure: "BOX", taxCode: "VAT7" });
    expect(tea?.kind === "item" && tea.baseQuantity.toString()).toBe("12");
    expect(shipping).toMatchObject({
      kind: "account",
      purpose: "shipping",
      account: "6100",
      description: "UPS Standard",
      taxCode: "VAT19",
    });
    expect(shipping?.netAmount.toString()).toBe("3.90");
    const net = Decimal.sum(result.lines.map((l) => l.netAmount));
    expect(net.add(result.expectedTaxTotal).eq(result.expectedTotal)).toBe(true); // reconciles to the cent (O17)
  });

  it("O10: gift card redemptions settle against the liability account by default, or become line discounts by policy", () => {
    const liability = value(plan(orderInput()));
    expect(liability.giftCardSettlements).toEqual([
      { account: "2450", giftCardRef: "GC-****-1234", amount: Decimal.from("10.00") },
    ]);
    expect(liability.expectedTotal.toString()).toBe("64.02");
    const asDiscount = value(plan(orderInput(), { giftCardRedemptions: "line_discount" }));
    expect(asDiscount.giftCardSettlements).toEqual([]);
    expect(asDiscount.expectedTotal.toString()).toBe("54.02");
    const extra = Decimal.sum(asDiscount.lines.map((l) => l.discountAmount)).sub(
      Decimal.sum(liability.lines.map((l) => l.discountAmount)),
    );
    expect(extra.toString()).toBe("10.00");
  });

  it("O10: the sale of a gift card is booked to the liability account, not revenue", () => {
    const input = orderInput({
      lines: [{ lineId: "g", sku: "GIFT-25", quantity: 1, unitPrice: "25.00", isGiftCard: true }],
      discounts: [],
      shippingLines: [],
      giftCardRedemptions: [],
      shippingAddress: undefined,
      totals: { subtotal: "25.00", discountTotal: "0", shippingTotal: "0", taxTotal: "0", grandTotal: "25.00" },
    });
    const result = value(plan(input, { taxExemptCode: "NOVAT" }));
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toMatchObject({
      kind: "account",
      purpose: "gift_card_sale",
      account: "2450",
      taxCode: "NOVAT",
    });
  });

  it("O4: a quote is skipped with a reason, not an exception", () => {
    const result = plan(orderInput({ status: { code: "Quote", stage: "quote" } }));
    expect(result.kind).toBe("skipped");
    expect(result.kind === "skipped" && result.reason).toMatch(/100234 is quote/);
  });

  it("O1: an unknown SKU and an inactive item quarantine only this order, naming SKU and field", () => {
    const input = orderInput();
    const result = plan({
      ...input,
      lines: [
        { ...input.lines[0]!, sku: "MUG-RED" },
        { ...input.lines[1]!, sku: "OLD-SKU", unit: "each" },
      ],
    });
    expect(codes(result)).toEqual(["O1:ITEM_NOT_FOUND:lines.0.sku", "O1:ITEM_INACTIVE:lines.1.sku"]);
    expect(result.kind === "failed" && result.exceptions[0]?.message).toBe("Order 100234: SKU MUG-RED has no ERP item");
    expect(result.kind === "failed" && result.exceptions[0]?.records).toEqual([
      { system: "storefront", type: "order", id: "8812", number: "100234" },
    ]);
  });

  it("O2: matches by shared external id, then e-mail; two e-mail matches are ambiguous; new customers are created or staged", () => {
    const base = orderInput();
    expect(value(plan(base)).customer).toEqual({ kind: "existing", customerNumber: "C00010" });
    const byEmail = {
      ...base,
      customer: {
        ...base.customer,
        ref: { system: "storefront", type: "customer", id: "99" },
        email: "twins@example.com",
      },
    };
    expect(codes(plan(byEmail))).toEqual(["O2:CUSTOMER_AMBIGUOUS:customer.email"]);
    const fresh = {
      ...base,
      customer: {
        ...base.customer,
        ref: { system: "storefront", type: "customer", id: "100" },
        email: "new@example.com",
      },
    };
    expect(value(plan(fresh)).customer).toMatchObject({
      kind: "create",
      email: "new@example.com",
      externalId: "100",
      name: "Jane Doe",
    });
    const staged = plan(fresh, { newCustomers: "stage_for_approval" });
    expect(codes(staged)).toEqual(["O2:CUSTOMER_NEEDS_APPROVAL:customer"]);
    expect(staged.kind === "failed" && staged.exceptions[0]?.retryable).toBe(true);
    const known = { ...base, customer: { ...base.customer, erpCustomerNumber: "C00099" } };
    expect(value(plan(known)).customer).toEqual({ kind: "existing", customerNumber: "C00099" });
  });

  it("O2: a B2B buyer posts to the organization's parent account, or the order is quarantined for finance", () => {
    const base = orderInput();
    const organization = {
      ref: { system: "storefront", type: "organization", id: "org-7" },
      name: "Acme GmbH",
      externalId: "ACME",
    };
    const b2b = { ...base, customer: { ...base.customer, organization } };
    const parent = customer("C20000", "ap@acme.example");
    expect(
      value(plan(b2b, {}, { parentAccountFor: (org) => (org.externalId === "ACME" ? parent : undefined) })).customer,
    ).toEqual({
      kind: "existing",
      customerNumber: "C20000",
    });
    const missing = plan(b2b);
    expect(codes(missing)).toEqual(["O2:PARENT_ACCOUNT_NOT_FOUND:customer.organization"]);
    expect(missing.kind === "failed" && missing.exceptions[0]?.owner).toBe("finance");
  });

  it("O3: guest orders follow the guest policy: a configured customer, or a new one", () => {
    const guest = { ...orderInput(), customer: { isGuest: true, email: "guest@example.com", name: "Gus" } };
    expect(value(plan(guest)).customer).toEqual({ kind: "existing", customerNumber: "WEB-GUEST" });
    expect(value(plan(guest, { guestCustomer: { kind: "create_customer" } })).customer).toMatchObject({
      kind: "create",
      email: "guest@example.com",
      name: "Gus",
    });
  });

  it("O7: no shipping address, no method, or no EORI for a B2B export are not ready to fulfil", () => {
    const base = orderInput();
    expect(codes(plan({ ...base, shippingAddress: undefined }))).toEqual(["O7:NOT_READY_TO_FULFIL:shippingAddress"]);
    const noMethod = plan({
      ...base,
      shippingLines: [],
      totals: { ...base.totals, shippingTotal: "0", discountTotal: "11.00", taxTotal: "8.40", grandTotal: "59.38" },
    });
    expect(codes(noMethod)).toContain("O7:NOT_READY_TO_FULFIL:shippingLines");
    const exportOrder = {
      ...base,
      customer: {
        ...base.customer,
        organization: { ref: { system: "s", type: "organization", id: "o" }, name: "Acme", parentAccountNumber: "C1" },
      },
      shippingAddress: { line1: "1 Main St", city: "Zurich", postalCode: "8001", countryCode: "CH" },
    };
    expect(codes(plan(exportOrder, { homeCountries: ["DE"] }))).toEqual(["O7:NOT_READY_TO_FULFIL:customer.eoriNumber"]);
    expect(
      plan({ ...exportOrder, customer: { ...exportOrder.customer, eoriNumber: "DE123" } }, { homeCountries: ["DE"] })
        .kind,
    ).toBe("ok");
  });

  it("O8: an unmapped tax class is an exception for finance; the most specific rule wins", () => {
    const base = orderInput();
    const unmapped = plan({
      ...base,
      lines: [
        { ...base.lines[0]!, taxLines: [{ taxClass: "luxury", taxZone: "DE", ratePercent: "19", amount: "7.65" }] },
        base.lines[1]!,
      ],
    });
    expect(codes(unmapped)).toEqual(["O8:TAX_MAPPING_MISSING:lines.0.taxLines"]);
    expect(unmapped.kind === "failed" && unmapped.exceptions[0]?.message).toContain("class luxury, zone DE, 19 %");
    const austrian = {
      ...base,
      lines: [
        { ...base.lines[0]!, taxLines: [{ taxClass: "standard", taxZone: "AT", ratePercent: "19", amount: "7.65" }] },
        base.lines[1]!,
      ],
    };
    expect(value(plan(austrian)).lines[0]?.taxCode).toBe("VAT20-AT");
  });

  it("O8: storefront tax off from rate × net beyond the tolerance is surfaced", () => {
    const base = orderInput();
    const off = {
      ...base,
      lines: [
        { ...base.lines[0]!, taxLines: [{ taxClass: "standard", taxZone: "DE", ratePercent: "19", amount: "7.75" }] },
        base.lines[1]!,
      ],
      totals: { ...base.totals, taxTotal: "9.24", grandTotal: "64.12" },
    };
    expect(codes(plan(off))).toEqual(["O8:TAX_DIFFERENCE:totals.taxTotal"]);
    expect(plan(off, { taxTolerance: "0.10" }).kind).toBe("ok");
  });

  /** The fixture order with its tax reported once for the whole order, as Oro's back-office API does. */
  function orderLevelTax(taxTotal: string, rate = "19", extra: Partial<OrderInput> = {}): OrderInput {
    const input = orderInput();
    return orderInput({
      lines: input.lines?.map((line) => ({ ...line, taxLines: [] })),
      shippingLines: input.shippingLines?.map((s) => ({ ...s, taxLines: [] })),
      taxLines: [{ taxClass: "standard", taxZone: "DE", ratePercent: rate, amount: taxTotal }],
      totals: { ...input.totals!, taxTotal, grandTotal: Decimal.from("54.88").add(taxTotal).toString() },
      ...extra,
    });
  }

  it("O8: an order-level tax gives every untaxed line its tax code and is spread over the lines to the cent", () => {
    // nets after discounts: 40.24 + 10.74 + 3.90 = 54.88; 19 % of it = 10.43 (rounded once, as one tax total)
    const result = value(plan(orderLevelTax("10.43")));
    expect(result.lines.map((l) => `${l.lineId}:${l.taxCode}:${l.taxRatePercent}:${l.taxAmount}`)).toEqual([
      "1:VAT19:19:7.65",
      "2:VAT19:19:2.04",
      "shipping-1:VAT19:19:0.74",
    ]);
    expect(Decimal.sum(result.lines.map((l) => l.taxAmount)).toString()).toBe("10.43");
    const net = Decimal.sum(result.lines.map((l) => l.netAmount));
    expect(net.add(result.expectedTaxTotal).eq(result.expectedTotal)).toBe(true); // O17
    // an ERP computing line by line: 7.65 + 2.04 + 0.74 = 10.43, no difference here
    expect(result.computedTaxTotal.toString()).toBe("10.43");
    expect(result.taxDifference.isZero()).toBe(true);
  });

  it("O8: with taxSource erp the plan says what the ERP will compute; a captured order tax it cannot match is TAX_DIFFERENCE", () => {
    const erp = value(plan(orderLevelTax("10.43"), { taxSource: "erp" }));
    expect(erp.taxSource).toBe("erp");
    expect(erp.expectedTotal.toString()).toBe("65.31"); // still the storefront grand total (O17)
    // 7 % was charged on the tea, but the order only says "19 % on everything": the ERP cannot match the payment
    expect(codes(plan(orderLevelTax("9.80"), { taxSource: "erp" }))).toEqual(["O8:TAX_DIFFERENCE:totals.taxTotal"]);
    // an order-level rate that no rule maps is finance's to map, named on the order-level field
    expect(
      codes(plan(orderLevelTax("10.43", "19", {}), { taxMappings: [{ taxClass: "reduced", erpTaxCode: "VAT7" }] })),
    ).toEqual([
      "O8:TAX_MAPPING_MISSING:taxLines",
      "O8:TAX_MAPPING_MISSING:taxLines",
      "O8:TAX_MAPPING_MISSING:taxLines",
    ]);
  });

  it("O8/O17: the order-level tax counts in checkOrderTotals; lines with their own tax keep it; zero-rated lines are exempt", () => {
    const input = orderLevelTax("10.43");
    const mixed = value(
      plan(
        {
          ...input,
          // shipping is explicitly untaxed (0 %): it takes no share of the order-level tax and posts as exempt
          shippingLines: [{ ...input.shippingLines![0]!, taxLines: [{ ratePercent: "0", amount: "0" }] }],
          taxLines: [{ taxClass: "standard", ratePercent: "19", amount: "9.69" }],
          totals: { ...input.totals!, taxTotal: "9.69", grandTotal: "64.57" },
        },
        { taxExemptCode: "NOVAT" },
      ),
    );
    expect(mixed.lines.map((l) => `${l.lineId}:${l.taxCode}:${l.taxAmount}`)).toEqual([
      "1:VAT19:7.65",
      "2:VAT19:2.04",
      "shipping-1:NOVAT:0",
    ]);
    expect(codes(plan({ ...input, totals: { ...input.totals!, taxTotal: "10.44" } }))).toContain(
      "O17:TOTAL_MISMATCH:totals.taxTotal",
    );
  });

  it("O12: a unit the item does not have is an exception naming the item's units", () => {
    const base = orderInput();
    const result = plan({ ...base, lines: [base.lines[0]!, { ...base.lines[1]!, unit: "pallet" }] });
    expect(codes(result)).toEqual(["O12:UNIT_NOT_MAPPED:lines.1.unit"]);
    expect(result.kind === "failed" && result.exceptions[0]?.details).toMatchObject({ itemUnits: ["PCS", "BOX"] });
  });

  it("O13: a B2B price below the ERP price beyond the tolerance goes to finance", () => {
    const expectedUnitPrice = ({ sku }: { sku: string }) => (sku === "MUG-BLUE" ? Decimal.from("29.99") : undefined);
    const result = plan(orderInput(), {}, { expectedUnitPrice });
    expect(codes(result)).toEqual(["O13:PRICE_DEVIATION:lines.0.unitPrice"]);
    expect(result.kind === "failed" && result.exceptions[0]?.message).toContain("16.6722 % off");
    expect(plan(orderInput(), { priceTolerancePercent: 20 }, { expectedUnitPrice }).kind).toBe("ok");
  });

  it("O14: the channel location routes to the mapped warehouse; an unmapped one is an exception", () => {
    expect(
      value(plan(orderInput({ channelLocation: "web-eu" }), { locationMappings: { "web-eu": "EAST" } })).locationCode,
    ).toBe("EAST");
    expect(value(plan(orderInput(), { defaultLocation: "MAIN" })).lines[0]).toMatchObject({ locationCode: "MAIN" });
    expect(codes(plan(orderInput({ channelLocation: "popup" })))).toEqual(["O14:LOCATION_NOT_MAPPED:channelLocation"]);
  });

  it("O15: serial-tracked items need one serial number per unit", () => {
    const base = orderInput();
    const phone = { ...base.lines[0]!, sku: "PHONE-X", quantity: "2", serialNumbers: ["SN1"] };
    expect(codes(plan({ ...base, lines: [phone, base.lines[1]!] }))).toEqual([
      "O15:TRACKING_NUMBERS_MISSING:lines.0.serialNumbers",
    ]);
    expect(plan({ ...base, lines: [{ ...phone, serialNumbers: ["SN1", "SN2"] }, base.lines[1]!] }).kind).toBe("ok");
  });

  it("O17: an order whose totals do not reconcile is not posted, and every problem is reported at once", () => {
    const base = orderInput();
    const result = plan({
      ...base,
      lines: [{ ...base.lines[0]!, sku: "NOPE" }, base.lines[1]!],
      totals: { ...base.totals, grandTotal: "70.00" },
    });
    expect(codes(result)).toEqual(["O17:TOTAL_MISMATCH:totals.grandTotal", "O1:ITEM_NOT_FOUND:lines.0.sku"]);
  });
});
