import { describe, expect, it } from "vitest";
import { orderInput } from "../__fixtures__/canonical";
import { parseOrder } from "../entities/order";
import { checkOrderTotals, compareDocumentTotal } from "./order-totals";

describe("checkOrderTotals (O17)", () => {
  it("O17: a consistent order has no exceptions", () => {
    expect(checkOrderTotals(parseOrder(orderInput()))).toEqual([]);
  });

  it("O17: a tax total off by one cent is reported once, naming the order and the field", () => {
    const input = orderInput();
    const order = parseOrder({ ...input, totals: { ...input.totals, taxTotal: "9.15", grandTotal: "64.03" } });
    const exceptions = checkOrderTotals(order);
    expect(exceptions).toHaveLength(1);
    expect(exceptions[0]).toMatchObject({
      code: "TOTAL_MISMATCH",
      failureId: "O17",
      owner: "finance",
      field: "totals.taxTotal",
      records: [{ id: "8812", number: "100234" }],
      details: { expected: "9.14", actual: "9.15", currency: "EUR" },
    });
    expect(exceptions[0]?.message).toContain("100234");
  });

  it("O17: a grand total that ignores shipping is reported", () => {
    const input = orderInput();
    const exceptions = checkOrderTotals(parseOrder({ ...input, totals: { ...input.totals, grandTotal: "59.12" } }));
    expect(exceptions.map((e) => e.field)).toEqual(["totals.grandTotal"]);
  });

  it("O10: gift card total must equal the redemptions", () => {
    const input = orderInput();
    const exceptions = checkOrderTotals(parseOrder({ ...input, giftCardRedemptions: [] }));
    expect(exceptions.map((e) => e.field)).toEqual(["totals.giftCardTotal"]);
  });

  it("accepts a subtotal rounded per line or as a whole, and honours a tolerance", () => {
    const input = orderInput({
      lines: [
        { lineId: "1", sku: "A", quantity: "3", unitPrice: "0.333" },
        { lineId: "2", sku: "B", quantity: "3", unitPrice: "0.333" },
      ],
      discounts: [],
      shippingLines: [],
      giftCardRedemptions: [],
      totals: { subtotal: "2.00", discountTotal: "0", shippingTotal: "0", taxTotal: "0", grandTotal: "2.00" },
    });
    // per-line: 1.00 + 1.00 = 2.00; whole: 1.998 → 2.00 — both fine
    expect(checkOrderTotals(parseOrder(input))).toEqual([]);
    const off = { ...input, totals: { ...input.totals, subtotal: "2.01", grandTotal: "2.01" } };
    expect(checkOrderTotals(parseOrder(off))).toHaveLength(1);
    expect(checkOrderTotals(parseOrder(off), { tolerance: "0.01" })).toEqual([]);
  });

  it("tax-inclusive orders do not add tax on top", () => {
    const input = orderInput({
      taxMode: "inclusive",
      lines: [
        {
          lineId: "1",
          sku: "A",
          quantity: "1",
          unitPrice: "119.00",
          taxLines: [{ ratePercent: "19", amount: "19.00" }],
        },
      ],
      discounts: [],
      shippingLines: [],
      giftCardRedemptions: [],
      totals: { subtotal: "119.00", discountTotal: "0", shippingTotal: "0", taxTotal: "19.00", grandTotal: "119.00" },
    });
    expect(checkOrderTotals(parseOrder(input))).toEqual([]);
  });
});

describe("compareDocumentTotal (O17)", () => {
  const sourceRef = { system: "storefront", type: "order", id: "8812", number: "100234" };
  const documentRef = { system: "erp", type: "salesOrder", id: "so-1", number: "SO-1001" };

  it("O17: the ERP document total equal to the storefront total passes", () => {
    expect(
      compareDocumentTotal({ sourceRef, documentRef, currency: "EUR", expected: "63.64", actual: 63.64 }),
    ).toBeUndefined();
  });

  it("O17: a one-cent difference names both documents and the difference", () => {
    const exception = compareDocumentTotal({
      sourceRef,
      documentRef,
      currency: "EUR",
      expected: "63.64",
      actual: "63.65",
    });
    expect(exception).toMatchObject({ code: "TOTAL_MISMATCH", targetSystem: "erp", details: { difference: "0.01" } });
    expect(exception?.message).toContain("SO-1001");
    expect(exception?.message).toContain("100234");
    expect(
      compareDocumentTotal({
        sourceRef,
        documentRef,
        currency: "EUR",
        expected: "63.64",
        actual: "63.65",
        tolerance: "0.01",
      }),
    ).toBeUndefined();
  });
});
