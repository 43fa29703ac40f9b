import { compareDocumentTotal, computeAvailability, type SyncResult } from "@org/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type {
  Customer,
  Item,
  SalesInvoice,
  SalesShipment,
  SalesShipmentLine,
  ShipmentMethod,
} from "../generated/index.js";
import { fromBcCustomer } from "./from-bc-customer.js";
import { fromBcItem, stockFromBcItems } from "./from-bc-item.js";
import { fromBcSalesInvoice } from "./from-bc-sales-invoice.js";
import { fromBcSalesShipment } from "./from-bc-sales-shipment.js";

// Realistic API v2.0 payloads from the CRONUS USA, Inc. demo company (local currency USD), read with
// IEEE754Compatible=true, so decimals arrive as strings (some clients still get JSON numbers: both are covered).

/** `GET /items(…)`: the ATHENS Desk. */
function athensDesk() {
  return {
    id: "5d115c9c-44e3-ea11-bb43-000d3a2feca1",
    number: "1896-S",
    displayName: "ATHENS Desk",
    displayName2: "",
    type: "Inventory",
    itemCategoryCode: "TABLE",
    blocked: false,
    gtin: "",
    inventory: "4",
    unitPrice: "1000.8",
    priceIncludesTax: false,
    unitCost: "780.7",
    taxGroupCode: "FURNITURE",
    baseUnitOfMeasureCode: "PCS",
    generalProductPostingGroupCode: "RETAIL",
    inventoryPostingGroupCode: "RESALE",
    lastModifiedDateTime: "2026-02-27T14:32:10.357Z",
  } satisfies Partial<Item>;
}
function parisChair() {
  return {
    ...athensDesk(),
    id: "5e115c9c-44e3-ea11-bb43-000d3a2feca1",
    number: "1900-S",
    displayName: "PARIS Guest Chair, black",
    inventory: 47.5, // a client without IEEE754Compatible gets JSON numbers
    unitPrice: 192.8,
  } satisfies Partial<Item>;
}
function installation() {
  return {
    ...athensDesk(),
    id: "6a115c9c-44e3-ea11-bb43-000d3a2feca1",
    number: "SVC-INSTALL",
    displayName: "Desk installation",
    type: "Service",
    inventory: "0",
    unitPrice: "95",
    baseUnitOfMeasureCode: "HOUR",
  } satisfies Partial<Item>;
}

/** `GET /customers(…)`: Adatum Corporation, billed in the local currency (blank `currencyCode`). */
function adatum() {
  return {
    id: "2a9d1c7a-44e3-ea11-bb43-000d3a2feca1",
    number: "10000",
    displayName: "Adatum Corporation",
    type: "Company",
    addressLine1: "192 Market Square",
    addressLine2: "",
    city: "Atlanta",
    state: "GA",
    country: "US",
    postalCode: "31772",
    phoneNumber: "+1 425 555 0100",
    email: "robert.townes@contoso.com",
    website: "",
    taxLiable: true,
    taxAreaDisplayName: "ATLANTA, GA",
    taxRegistrationNumber: "",
    currencyCode: "",
    blocked: "_x0020_",
    balanceDue: "16721.5",
    creditLimit: "0",
    lastModifiedDateTime: "2026-02-20T09:15:00Z",
  } satisfies Partial<Customer>;
}

/** `GET /salesShipments(…)?$expand=salesShipmentLines`: posted shipment 102001 for storefront order 100234. */
function shipment() {
  return {
    id: "9b0f3e21-7f13-f011-9af7-6045bdc8c1d2",
    number: "102001",
    externalDocumentNumber: "100234",
    postingDate: "2026-03-02",
    customerNumber: "10000",
    customerName: "Adatum Corporation",
    billToCustomerNumber: "10000",
    orderNumber: "101005",
    shipmentMethodCode: "EXW",
    currencyCode: "",
    lastModifiedDateTime: "2026-03-02T16:05:00Z",
  } satisfies Partial<SalesShipment>;
}
function shipmentLines() {
  const documentId = shipment().id;
  return [
    {
      id: "l1",
      documentId,
      documentNo: "102001",
      sequence: 10000,
      lineType: "Item",
      lineObjectNumber: "1896-S",
      quantity: "1",
      unitOfMeasureCode: "PCS",
    },
    {
      id: "l2",
      documentId,
      documentNo: "102001",
      sequence: 20000,
      lineType: "Item",
      lineObjectNumber: "1900-S",
      quantity: "0",
      unitOfMeasureCode: "PCS",
    },
    {
      id: "l3",
      documentId,
      documentNo: "102001",
      sequence: 30000,
      lineType: "Item",
      lineObjectNumber: "1900-S",
      quantity: 4,
      unitOfMeasureCode: "PCS",
    },
    {
      id: "l4",
      documentId,
      documentNo: "102001",
      sequence: 40000,
      lineType: "G_x002F_L_x0020_Account",
      lineObjectNumber: "6610",
      quantity: "1",
    },
    {
      id: "l5",
      documentId,
      documentNo: "102001",
      sequence: 50000,
      lineType: "_x0020_",
      description: "Leave at the door",
      quantity: "0",
    },
  ] satisfies Partial<SalesShipmentLine>[];
}
const SHIPMENT_METHODS = [
  { id: "m1", code: "EXW", displayName: "Ex Warehouse", lastModifiedDateTime: null },
  { id: "m2", code: "PICKUP", displayName: "Pickup at Location", lastModifiedDateTime: null },
] satisfies ShipmentMethod[];
const ORDERS: Record<string, { system: string; type: string; id: string; number: string }> = {
  "100234": { system: "magento", type: "order", id: "812", number: "100234" },
};
const shipmentOptions = { orderRefFor: (externalDocumentNumber: string) => ORDERS[externalDocumentNumber] };

function value<T>(result: SyncResult<T>): T {
  if (result.kind !== "ok") throw new Error(JSON.stringify(result));
  return result.value;
}
function exceptionsOf<T>(result: SyncResult<T>) {
  return result.kind === "failed" ? result.exceptions : [];
}

const SECRET = "SECRET-CUSTOMER-NOTE";
const poison = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(""),
  fc.constant(" "),
  fc.constant(SECRET),
  fc.constant("12,50"),
  fc.constant("1e400"),
  fc.constant(Number.NaN),
  fc.constant(1e300),
  fc.constant(-1),
  fc.constant(JSON.parse("12345678901234567890") as number),
  fc.constant("_x0020_"),
  fc.constant("constructor"),
  fc.constant("0001-01-01"),
  fc.constant({}),
  fc.constant([]),
  fc.constant([null]),
  fc.constant(true),
  fc.string(),
  fc.integer(),
  fc.double(),
);
function setPath(target: unknown, path: readonly (string | number)[], bad: unknown): void {
  let node = target as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = node?.[key];
    if (next === null || typeof next !== "object") return;
    node = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (last !== undefined && node !== null && typeof node === "object") node[last] = bad;
}
/** `map` gives ok, skipped or typed exceptions (of `codes`) naming the record, for any mutation at `paths`. */
function fuzz<T>(
  payload: () => unknown,
  paths: readonly (readonly (string | number)[])[],
  map: (input: never) => SyncResult<T>,
  label: RegExp,
  codes: readonly string[] = ["INVALID_PAYLOAD"],
): void {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(paths.length - 1), poison), { minLength: 1, maxLength: 4 }), (mutations) => {
      let input = payload();
      for (const [index, bad] of mutations) {
        const path = paths[index];
        if (path?.length === 0) input = bad;
        else if (path) setPath(input, path, bad);
      }
      const result = map(input as never);
      for (const exception of result.kind === "failed" ? result.exceptions : []) {
        expect(codes).toContain(exception.code);
        expect(exception.message).toMatch(label);
        // The record's own key may be shown (it is how people find it); no other value may.
        const keys = [exception.records[0]?.number, exception.records[0]?.id].filter((k): k is string => !!k);
        expect(keys.reduce((message, key) => message.replace(key, ""), exception.message)).not.toContain(SECRET);
        expect(exception.field ?? "").not.toBe("");
      }
    }),
    { numRuns: 2500 },
  );
}

describe("fromBcItem", () => {
  it("M1/M2: maps number, name, base unit, tax group and the list price in the local currency", () => {
    const item = value(fromBcItem(athensDesk(), { currency: "USD" }));
    expect(item).toMatchObject({
      sku: "1896-S",
      erpNumber: "1896-S",
      description: "ATHENS Desk",
      baseUnit: "PCS",
      taxClass: "FURNITURE",
      tracking: "none",
      active: true,
      alternateUnits: [],
      updatedAt: "2026-02-27T14:32:10.357Z",
    });
    expect(item.prices.map((p) => [p.priceList, p.currency, p.unitPrice.toString(), p.includesTax])).toEqual([
      [undefined, "USD", "1000.8", false],
    ]);
    // JSON numbers (no IEEE754Compatible) read to the same exact decimal.
    expect(value(fromBcItem(parisChair(), { currency: "USD" })).prices[0]?.unitPrice.toString()).toBe("192.8");
    const gross = value(fromBcItem({ ...athensDesk(), priceIncludesTax: true }, { currency: "USD" }));
    expect(gross.prices[0]?.includesTax).toBe(true);
  });

  it("O1: a blocked item is not active", () => {
    expect(value(fromBcItem({ ...athensDesk(), blocked: true }, { currency: "USD" })).active).toBe(false);
  });

  it("O15: tracking comes from config.tracking, since API v2.0 has no Item Tracking Code", () => {
    const tracked = fromBcItem(athensDesk(), { currency: "USD", tracking: { "1896-S": "serial" } });
    expect(value(tracked).tracking).toBe("serial");
  });

  it("bad data names the item and the field, never the value", () => {
    const comma = fromBcItem({ ...athensDesk(), unitPrice: "1000,80" }, { currency: "USD" });
    expect(exceptionsOf(comma)[0]).toMatchObject({
      code: "INVALID_PAYLOAD",
      field: "unitPrice",
      records: [{ system: "bc", type: "item", id: "1896-S" }],
    });
    expect(exceptionsOf(comma)[0]?.message).toMatch(/^Item 1896-S: unitPrice: /);
    expect(exceptionsOf(comma)[0]?.message).not.toContain("1000,80");
    expect(
      exceptionsOf(fromBcItem({ ...athensDesk(), baseUnitOfMeasureCode: null }, { currency: "USD" }))[0]?.field,
    ).toBe("baseUnitOfMeasureCode");
    expect(exceptionsOf(fromBcItem(athensDesk(), { currency: "US Dollar" }))[0]?.field).toBe("prices.0.currency");
  });

  it("fuzz: thousands of malformed items give ok or typed exceptions naming the item, never a crash", () => {
    fuzz(
      athensDesk,
      [
        [],
        ["number"],
        ["displayName"],
        ["type"],
        ["blocked"],
        ["unitPrice"],
        ["priceIncludesTax"],
        ["taxGroupCode"],
        ["baseUnitOfMeasureCode"],
        ["lastModifiedDateTime"],
      ],
      (item: Partial<Item>) => fromBcItem(item, { currency: "USD", tracking: { "1896-S": "lot" } }),
      /^Item /,
    );
  });
});

describe("stockFromBcItems", () => {
  it("I4: one stock level per inventory item under the configured location; services have no stock", () => {
    const { stock, exceptions } = stockFromBcItems([athensDesk(), parisChair(), installation()], { location: "ALL" });
    expect(exceptions).toEqual([]);
    expect(stock.map((s) => `${s.sku}@${s.warehouse}:${s.onHand}-${s.committed}`)).toEqual([
      "1896-S@ALL:4-0",
      "1900-S@ALL:47.5-0",
    ]);
    expect(
      computeAvailability(stock, { targets: [{ warehouses: ["ALL"] }] }).map((a) => a.quantity.toString()),
    ).toEqual(["4", "47"]);
  });

  it("X1: a bad item is an exception naming it, and the other items still report stock", () => {
    const { stock, exceptions } = stockFromBcItems([{ ...athensDesk(), inventory: "4,0" }, parisChair()], {
      location: "ALL",
    });
    expect(stock.map((s) => s.sku)).toEqual(["1900-S"]);
    expect(exceptions).toEqual([
      expect.objectContaining({
        code: "INVALID_PAYLOAD",
        field: "inventory",
        records: [expect.objectContaining({ id: "1896-S" })],
      }),
    ]);
  });

  it("fuzz: malformed item lists give stock or typed exceptions, never a crash", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(5), poison), { minLength: 1, maxLength: 4 }), (mutations) => {
        let items: unknown = [athensDesk(), parisChair(), installation()];
        const paths = [[0, "inventory"], [1, "number"], [2, "type"], [0], [1, "inventory"], []];
        for (const [index, bad] of mutations) {
          const path = paths[index] ?? [];
          if (path.length === 0) items = bad;
          else setPath(items, path, bad);
        }
        const { stock, exceptions } = stockFromBcItems(items as Partial<Item>[], { location: "ALL" });
        for (const exception of exceptions) expect(exception.code).toBe("INVALID_PAYLOAD");
        expect(stock.length + exceptions.length).toBeGreaterThanOrEqual(Array.isArray(items) ? 0 : 1);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("fromBcCustomer", () => {
  it("O2: number is the ERP customer number; name, e-mail, phone, LCY currency and the address come along", () => {
    const customer = value(fromBcCustomer(adatum(), { localCurrency: "USD" }));
    expect(customer).toMatchObject({
      source: { system: "bc", type: "customer", id: "2a9d1c7a-44e3-ea11-bb43-000d3a2feca1", number: "10000" },
      erpCustomerNumber: "10000",
      name: "Adatum Corporation",
      email: "robert.townes@contoso.com",
      phone: "+1 425 555 0100",
      currency: "USD",
      blocked: false,
      updatedAt: "2026-02-20T09:15:00Z",
      billingAddress: {
        line1: "192 Market Square",
        city: "Atlanta",
        region: "GA",
        postalCode: "31772",
        countryCode: "US",
      },
      shippingAddresses: [],
    });
    expect(customer.taxNumber).toBeUndefined();
    expect(value(fromBcCustomer({ ...adatum(), currencyCode: "EUR" }, { localCurrency: "USD" })).currency).toBe("EUR");
    expect(value(fromBcCustomer(adatum())).currency).toBeUndefined();
  });

  it("O2: blocked Ship, Invoice or All is blocked, encoded or decoded; blank is not", () => {
    const blocked = (b: string) => value(fromBcCustomer({ ...adatum(), blocked: b as "All" })).blocked;
    expect([
      blocked("_x0020_"),
      blocked(" "),
      blocked(""),
      blocked("Ship"),
      blocked("Invoice"),
      blocked("All"),
    ]).toEqual([false, false, false, true, true, true]);
    expect(exceptionsOf(fromBcCustomer({ ...adatum(), blocked: SECRET as "All" }))[0]?.field).toBe("blocked");
  });

  it("bad data names the customer and the field: a broken e-mail; an incomplete address is left out with a warning", () => {
    const email = fromBcCustomer({ ...adatum(), email: `${SECRET} at contoso` });
    expect(exceptionsOf(email)[0]).toMatchObject({
      code: "INVALID_PAYLOAD",
      field: "email",
      records: [{ number: "10000" }],
    });
    expect(JSON.stringify(exceptionsOf(email))).not.toContain(SECRET);
    const noCity = fromBcCustomer({ ...adatum(), city: "" });
    expect(noCity.kind === "ok" && [noCity.value.billingAddress, noCity.warnings[0]?.code]).toEqual([
      undefined,
      "ADDRESS_INCOMPLETE",
    ]);
  });

  it("fuzz: thousands of malformed customers give ok or typed exceptions, never a crash", () => {
    fuzz(
      adatum,
      [
        [],
        ["id"],
        ["number"],
        ["displayName"],
        ["email"],
        ["phoneNumber"],
        ["currencyCode"],
        ["blocked"],
        ["addressLine1"],
        ["city"],
        ["country"],
        ["postalCode"],
        ["taxRegistrationNumber"],
        ["lastModifiedDateTime"],
      ],
      (customer: Partial<Customer>) => fromBcCustomer(customer, { localCurrency: "USD" }),
      /^Customer /,
    );
  });
});

describe("fromBcSalesShipment", () => {
  it("F1/O5: externalDocumentNumber finds the storefront order; shipped item lines and the method come along", () => {
    const result = fromBcSalesShipment(shipment(), shipmentLines(), {
      ...shipmentOptions,
      shipmentMethods: SHIPMENT_METHODS,
    });
    const value_ = value(result);
    expect(value_).toMatchObject({
      source: { system: "bc", type: "salesShipment", id: shipment().id, number: "102001" },
      orderRef: { system: "magento", id: "812", number: "100234" },
      shippedAt: "2026-03-02T00:00:00Z",
      method: "Ex Warehouse",
      trackingNumbers: [],
    });
    expect(value_.carrier).toBeUndefined();
    // Lines not shipped this time (quantity 0), the shipping G/L line and the comment are left out.
    expect(value_.lines.map((l) => `${l.sku}:${l.quantity}`)).toEqual(["1896-S:1", "1900-S:4"]);
    // F1: the standard API has no tracking number: the storefront is told nothing, and the run says why.
    expect(result.warnings).toEqual([expect.objectContaining({ code: "TRACKING_NOT_EXPOSED" })]);
  });

  it("F1: carrier and tracking numbers from a custom API page, when supplied", () => {
    const result = fromBcSalesShipment(shipment(), shipmentLines(), {
      ...shipmentOptions,
      packageTracking: { shippingAgentCode: "UPS", packageTrackingNo: "1Z999AA10123456784;1Z999AA10123456795" },
    });
    expect(value(result)).toMatchObject({
      carrier: "UPS",
      method: "EXW",
      trackingNumbers: ["1Z999AA10123456784", "1Z999AA10123456795"],
    });
    expect(result.warnings).toEqual([]);
  });

  it("F1/O5: an unknown or empty external document number is a retryable SHIPMENT_ORDER_NOT_FOUND", () => {
    const unknown = fromBcSalesShipment(
      { ...shipment(), externalDocumentNumber: "999999" },
      shipmentLines(),
      shipmentOptions,
    );
    expect(exceptionsOf(unknown)[0]).toMatchObject({
      code: "SHIPMENT_ORDER_NOT_FOUND",
      failureId: "F1",
      retryable: true,
      field: "externalDocumentNumber",
      records: [
        { type: "salesShipment", number: "102001" },
        { type: "orderReference", id: "999999" },
      ],
    });
    const empty = fromBcSalesShipment({ ...shipment(), externalDocumentNumber: "" }, shipmentLines(), shipmentOptions);
    expect(exceptionsOf(empty)[0]?.code).toBe("SHIPMENT_ORDER_NOT_FOUND");
  });

  it("bad data names the shipment and the field: a line of another shipment, no shipped line, a bad posting date", () => {
    const lines = shipmentLines();
    lines[0]!.documentId = "another-shipment";
    expect(exceptionsOf(fromBcSalesShipment(shipment(), lines, shipmentOptions))[0]).toMatchObject({
      code: "INVALID_PAYLOAD",
      field: "lines.0.documentId",
      records: [{ number: "102001" }],
    });
    expect(exceptionsOf(fromBcSalesShipment(shipment(), [], shipmentOptions))[0]?.field).toBe("lines");
    expect(
      exceptionsOf(
        fromBcSalesShipment({ ...shipment(), postingDate: "0001-01-01" }, shipmentLines(), shipmentOptions),
      )[0]?.field,
    ).toBe("postingDate");
  });

  it("fuzz: thousands of malformed shipments give ok or typed exceptions, never a crash", () => {
    fuzz(
      () => ({ shipment: shipment(), lines: shipmentLines() }),
      [
        ["shipment"],
        ["lines"],
        ["shipment", "id"],
        ["shipment", "number"],
        ["shipment", "externalDocumentNumber"],
        ["shipment", "postingDate"],
        ["shipment", "shipmentMethodCode"],
        ["lines", 0],
        ["lines", 0, "lineType"],
        ["lines", 0, "quantity"],
        ["lines", 0, "lineObjectNumber"],
        ["lines", 1, "documentId"],
        ["lines", 2, "quantity"],
        ["lines", 3, "lineType"],
      ],
      (input: { shipment: Partial<SalesShipment>; lines: Partial<SalesShipmentLine>[] }) =>
        fromBcSalesShipment(input.shipment, input.lines, { ...shipmentOptions, shipmentMethods: SHIPMENT_METHODS }),
      /^Shipment /,
      ["INVALID_PAYLOAD", "SHIPMENT_ORDER_NOT_FOUND"],
    );
  });
});

/** `GET /salesInvoices(…)`: posted invoice 103018 for storefront order 100234. */
function invoice() {
  return {
    id: "c41f3e21-7f13-f011-9af7-6045bdc8c1d2",
    number: "103018",
    externalDocumentNumber: "100234",
    postingDate: "2026-03-02",
    customerNumber: "10000",
    billToCustomerNumber: "10000",
    currencyCode: "",
    pricesIncludeTax: false,
    totalAmountExcludingTax: "1386",
    totalTaxAmount: "83.16",
    totalAmountIncludingTax: "1469.16",
    status: "Open",
  } satisfies Partial<SalesInvoice>;
}

describe("fromBcSalesInvoice", () => {
  const order = { system: "magento", type: "order", id: "812", number: "100234" };

  it("O17/O5: the posted total, exactly, with the external document number, ready for compareDocumentTotal", () => {
    const total = value(fromBcSalesInvoice(invoice(), { localCurrency: "USD" }));
    expect(total).toMatchObject({
      documentRef: { system: "bc", type: "salesInvoice", number: "103018" },
      externalDocumentNumber: "100234",
      currency: "USD",
      status: "Open",
    });
    expect(total.totalAmountIncludingTax.toString()).toBe("1469.16");
    const compare = (expected: string) =>
      compareDocumentTotal({
        sourceRef: order,
        documentRef: total.documentRef,
        currency: total.currency,
        expected,
        actual: total.totalAmountIncludingTax,
      });
    expect(compare("1469.16")).toBeUndefined();
    expect(compare("1469.15")).toMatchObject({ code: "TOTAL_MISMATCH", failureId: "O17" });
    const eur = value(
      fromBcSalesInvoice({ ...invoice(), currencyCode: "EUR", status: "In_x0020_Review" }, { localCurrency: "USD" }),
    );
    expect([eur.currency, eur.status]).toEqual(["EUR", "In Review"]);
  });

  it("O17: cancelled invoices are skipped; bad totals and missing external numbers name the field", () => {
    expect(fromBcSalesInvoice({ ...invoice(), status: "Canceled" }, { localCurrency: "USD" }).kind).toBe("skipped");
    expect(
      exceptionsOf(
        fromBcSalesInvoice({ ...invoice(), totalAmountIncludingTax: "1.469,16" }, { localCurrency: "USD" }),
      )[0],
    ).toMatchObject({
      code: "INVALID_PAYLOAD",
      field: "totalAmountIncludingTax",
      records: [{ number: "103018" }],
    });
    expect(
      exceptionsOf(fromBcSalesInvoice({ ...invoice(), externalDocumentNumber: "" }, { localCurrency: "USD" }))[0]
        ?.field,
    ).toBe("externalDocumentNumber");
  });

  it("fuzz: thousands of malformed invoices give ok or typed exceptions, never a crash", () => {
    fuzz(
      invoice,
      [[], ["id"], ["number"], ["externalDocumentNumber"], ["currencyCode"], ["totalAmountIncludingTax"], ["status"]],
      (input: Partial<SalesInvoice>) => fromBcSalesInvoice(input, { localCurrency: "USD" }),
      /^Invoice /,
    );
  });
});
