import { describe, expect, it } from "vitest";
import { orderInput, settlementInput } from "../__fixtures__/canonical";
import { EntityValidationError } from "../errors";
import { Decimal } from "../money/decimal";
import { parseCreditMemo } from "./credit-memo";
import { parseCustomer } from "./customer";
import { parseItem } from "./item";
import { isOrderConfirmed, OrderSchema, parseOrder } from "./order";
import { parseSettlement } from "./settlement";
import { parseShipment } from "./shipment";
import {
  createSyncException,
  exceptionCollector,
  failed,
  ok,
  SYNC_EXCEPTION_CODES,
  SyncExceptionSchema,
  skipped,
} from "./sync-exception";

function validationError(run: () => unknown): EntityValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EntityValidationError);
    return error as EntityValidationError;
  }
  throw new Error("expected an EntityValidationError");
}

describe("Order", () => {
  it("parses amounts from strings and numbers into exact decimals and fills defaults", () => {
    const order = parseOrder(orderInput());
    expect(order.lines[0]?.unitPrice).toBeInstanceOf(Decimal);
    expect(order.lines[0]?.unitPrice.toString()).toBe("24.99");
    expect(order.lines[1]?.unitPrice.toString()).toBe("12");
    expect(order.lines[1]?.discounts).toEqual([]);
    expect(order.lines[0]?.unit).toBe("each");
    expect(order.totals.grandTotal.eq("64.02")).toBe(true);
    expect(isOrderConfirmed(order)).toBe(true);
  });

  it("serialises decimals as strings in JSON, and parses its own JSON back", () => {
    const order = parseOrder(orderInput());
    const json = JSON.parse(JSON.stringify(order));
    expect(json.totals.grandTotal).toBe("64.02");
    expect(parseOrder(json).totals.grandTotal.eq(order.totals.grandTotal)).toBe(true);
  });

  it("O4: quotes, drafts and unpaid orders are not confirmed", () => {
    for (const stage of ["quote", "draft", "pending_payment", "on_hold", "cancelled"] as const) {
      expect(isOrderConfirmed(parseOrder(orderInput({ status: { code: stage, stage } })))).toBe(false);
    }
    expect(isOrderConfirmed({ status: { code: "Shipped", stage: "completed" } })).toBe(true);
  });

  it("names the order and the field for a comma decimal, NaN, 1e400 and a negative quantity", () => {
    const base = orderInput();
    const line = base.lines[0];
    if (!line) throw new Error("fixture has lines");
    const cases: Array<[unknown, string, RegExp]> = [
      [{ ...line, unitPrice: "12,50" }, "lines.0.unitPrice", /decimal separator/],
      [{ ...line, unitPrice: Number.NaN }, "lines.0.unitPrice", /finite/],
      [{ ...line, unitPrice: "1e400" }, "lines.0.unitPrice", /exponent/],
      [{ ...line, quantity: "-1" }, "lines.0.quantity", /negative/],
    ];
    for (const [badLine, field, message] of cases) {
      const error = validationError(() => parseOrder({ ...base, lines: [badLine] }));
      expect(error.entity).toBe("Order");
      expect(error.recordId).toBe("8812");
      expect(error.issues[0]?.field).toBe(field);
      expect(error.issues[0]?.message).toMatch(message);
      expect(error.message).toContain("Order 8812");
      expect(error.message).toContain(field);
    }
  });

  it("reports every failing field, including unknown currencies, bad countries and missing lines", () => {
    const error = validationError(() =>
      parseOrder({
        ...orderInput(),
        currency: "EURO",
        lines: [],
        shippingAddress: { line1: "x", city: "y", countryCode: "Germany" },
      }),
    );
    const fields = error.issues.map((issue) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(["currency", "lines", "shippingAddress.countryCode"]));
    expect(error.message).toMatch(/\(\+2 more\)/);
  });

  it("has no record id when the input is not an object", () => {
    const error = validationError(() => parseOrder("not an order"));
    expect(error.recordId).toBeUndefined();
    expect(error.message).toMatch(/^Order is invalid/);
  });

  it("accepts Decimal instances as input", () => {
    const result = OrderSchema.safeParse({
      ...orderInput(),
      totals: { ...orderInput().totals, taxTotal: Decimal.from("8.76") },
    });
    expect(result.success).toBe(true);
  });
});

describe("other entities", () => {
  it("Item: units with positive factors, tracking and prices", () => {
    const item = parseItem({
      sku: "TEA-GREEN",
      erpNumber: "1000",
      description: "Green tea",
      baseUnit: "PCS",
      alternateUnits: [{ code: "BOX", factor: "12" }],
      tracking: "lot",
      active: true,
      prices: [{ currency: "EUR", unitPrice: "1.10" }],
    });
    expect(item.alternateUnits[0]?.factor.toString()).toBe("12");
    expect(item.prices[0]?.minimumQuantity.isZero()).toBe(true);
    const error = validationError(() =>
      parseItem({
        sku: "X",
        erpNumber: "X",
        description: "",
        baseUnit: "PCS",
        active: true,
        alternateUnits: [{ code: "BOX", factor: 0 }],
      }),
    );
    expect(error.recordId).toBe("X");
    expect(error.issues[0]?.field).toBe("alternateUnits.0.factor");
  });

  it("CreditMemo: links to the order and invoice, return-to-stock lines", () => {
    const memo = parseCreditMemo({
      source: { system: "storefront", type: "refund", id: "r-1" },
      orderRef: { system: "storefront", type: "order", id: "8812", number: "100234" },
      invoiceRef: { system: "erp", type: "salesInvoice", id: "inv-1", number: "PSI-1001" },
      currency: "EUR",
      taxMode: "exclusive",
      lines: [{ sku: "MUG-BLUE", quantity: "1", unitPrice: "24.99", returnToStock: true }],
      totals: { subtotal: "24.99", taxRefunded: "4.75", total: "29.74" },
      createdAt: "2026-03-05T09:00:00Z",
    });
    expect(memo.totals.shippingRefunded.isZero()).toBe(true);
    expect(memo.lines[0]?.returnToStock).toBe(true);
    const error = validationError(() => parseCreditMemo({ source: { system: "s", type: "refund", id: "r-2" } }));
    expect(error.recordId).toBe("r-2");
  });

  it("Settlement and Customer validate and name the record", () => {
    expect(parseSettlement(settlementInput()).lines).toHaveLength(9);
    const error = validationError(() =>
      parseSettlement({ ...settlementInput(), lines: [{ type: "bonus", amount: "1", transactionRef: "t" }] }),
    );
    expect(error.recordId).toBe("po_1OpQ");
    expect(error.issues[0]?.field).toBe("lines.0.type");
    const customer = parseCustomer({ source: { system: "erp", type: "customer", id: "C1" }, name: "Acme GmbH" });
    expect(customer.blocked).toBe(false);
    expect(
      validationError(() =>
        parseCustomer({ source: { system: "erp", type: "customer", id: "C2" }, name: "", email: "no" }),
      ).recordId,
    ).toBe("C2");
  });
});

describe("Shipment (F1)", () => {
  it("F1: a shipment links the ERP document to the storefront order, with tracking", () => {
    const shipment = parseShipment({
      source: { system: "erp", type: "salesShipment", id: "s-1", number: "102001" },
      orderRef: { system: "storefront", type: "order", id: "8812", number: "100234" },
      shippedAt: "2026-03-02T16:00:00Z",
      carrier: "UPS",
      trackingNumbers: ["1Z999AA10123456784"],
      lines: [{ sku: "MUG-BLUE", quantity: "2" }],
    });
    expect(shipment.lines[0]?.quantity.toString()).toBe("2");
    const error = validationError(() =>
      parseShipment({ ...shipment, source: { system: "erp", type: "salesShipment", id: "s-2" }, lines: [] }),
    );
    expect(error.recordId).toBe("s-2");
    expect(error.issues[0]?.field).toBe("lines");
  });
});

describe("SyncException (X1)", () => {
  it("X1: fills catalog id, owner, impact and retryability from the code, and validates", () => {
    const exception = createSyncException("ITEM_NOT_FOUND", {
      message: "Order 100234: SKU MUG-RED has no active ERP item",
      sourceSystem: "storefront",
      targetSystem: "erp",
      records: [{ system: "storefront", type: "order", id: "8812", number: "100234" }],
      field: "lines.0.sku",
      details: { sku: "MUG-RED" },
    });
    expect(exception).toMatchObject({ failureId: "O1", owner: "operations", retryable: false, field: "lines.0.sku" });
    expect(SyncExceptionSchema.parse(exception)).toEqual(exception);
    const overridden = createSyncException("API_CALL_FAILED", {
      message: "m",
      sourceSystem: "s",
      records: [],
      retryable: false,
      owner: "finance",
      impact: "x",
    });
    expect(overridden).toMatchObject({ retryable: false, owner: "finance", impact: "x", failureId: "X2" });
    expect(
      createSyncException("INVALID_PAYLOAD", { message: "m", sourceSystem: "s", records: [] }).failureId,
    ).toBeUndefined();
  });

  it("every registered code has an owner team and an impact", () => {
    for (const [code, defaults] of Object.entries(SYNC_EXCEPTION_CODES)) {
      expect(
        SyncExceptionSchema.safeParse({ code, message: "m", sourceSystem: "s", records: [], ...defaults }).success,
      ).toBe(true);
    }
  });

  it("exceptionCollector labels every message and carries the record's systems and records", () => {
    const records = [{ system: "storefront", type: "order", id: "8812", number: "100234" }];
    const { exceptions, raise } = exceptionCollector({
      label: "Order 100234",
      sourceSystem: "storefront",
      targetSystem: "erp",
      records,
    });
    raise("ITEM_NOT_FOUND", "SKU X has no ERP item", "lines.0.sku", { details: { sku: "X" } });
    raise("SHIPMENT_ORDER_NOT_FOUND", "gone", undefined, { retryable: false });
    expect(exceptions).toEqual([
      expect.objectContaining({
        message: "Order 100234: SKU X has no ERP item",
        field: "lines.0.sku",
        targetSystem: "erp",
        records,
        details: { sku: "X" },
      }),
      expect.objectContaining({ code: "SHIPMENT_ORDER_NOT_FOUND", retryable: false }),
    ]);
    expect(exceptions[1]).not.toHaveProperty("field");
  });

  it("results: ok, skipped (O4) and failed", () => {
    expect(ok(1)).toEqual({ kind: "ok", value: 1, warnings: [] });
    expect(skipped("quote")).toEqual({ kind: "skipped", reason: "quote", warnings: [] });
    expect(() => failed([])).toThrow(/at least one/);
    const exception = createSyncException("TOTAL_MISMATCH", { message: "m", sourceSystem: "s", records: [] });
    expect(failed([exception]).kind).toBe("failed");
  });
});
