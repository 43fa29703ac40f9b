import { compareDocumentTotal, computeAvailability, type SyncResult } from "@org/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type {
  BusinessPartner,
  Document,
  Item,
  ShippingType,
  UnitOfMeasurement,
  UnitOfMeasurementGroup,
} from "../generated/index.js";
import { fromSapB1BusinessPartner } from "./from-sapb1-business-partner.js";
import { fromSapB1DeliveryNote } from "./from-sapb1-delivery-note.js";
import { fromSapB1Invoice } from "./from-sapb1-invoice.js";
import { fromSapB1Item } from "./from-sapb1-item.js";

// Realistic payloads from the OEC Computers (US) demo company: local currency `$`, warehouses 01/02/03.

const OEC_CURRENCIES = { $: "USD" } as const;

/** `GET /Items('A00001')` for a manual-UoM printer sold singly, in price lists 1 (base) and 2 (wholesale). */
function printer() {
  return {
    ItemCode: "A00001",
    ItemName: "J.B. Officeprint 1420",
    SalesVATGroup: null,
    ArTaxCode: "CA",
    SalesItem: "tYES",
    InventoryItem: "tYES",
    ManageSerialNumbers: "tNO",
    ManageBatchNumbers: "tNO",
    Valid: "tYES",
    ValidFrom: null,
    ValidTo: null,
    Frozen: "tNO",
    FrozenFrom: null,
    FrozenTo: null,
    InventoryUOM: "Each",
    SalesUnit: "Box",
    SalesItemsPerUnit: 4,
    UoMGroupEntry: -1,
    InventoryUoMEntry: -1,
    UpdateDate: "2026-02-27T00:00:00Z",
    UpdateTime: "14:32:10",
    ItemPrices: [
      { PriceList: 1, Price: 400, Currency: "$", BasePriceList: 1, Factor: 1 },
      { PriceList: 2, Price: 359.95, Currency: "$", BasePriceList: 1, Factor: 0.9 },
      { PriceList: 3, Price: 0, Currency: null, BasePriceList: 3, Factor: 1 },
    ],
    ItemWarehouseInfoCollection: [
      { WarehouseCode: "01", InStock: 1131, Committed: 28, Ordered: 40 },
      { WarehouseCode: "02", InStock: 12.5, Committed: 0, Ordered: 0 },
      { WarehouseCode: "03", InStock: 0, Committed: 3, Ordered: 0 },
    ],
  } satisfies Partial<Item>;
}

/** A batch-managed ink cartridge with a UoM group: Each (base), Pack = 6 Each, Carton = 4 Pack (24 Each). */
function cartridge() {
  return {
    ItemCode: "I00004",
    ItemName: "Ink cartridge black",
    SalesVATGroup: null,
    ArTaxCode: "CA",
    ManageSerialNumbers: "tNO",
    ManageBatchNumbers: "tYES",
    Valid: "tYES",
    Frozen: "tNO",
    UoMGroupEntry: 7,
    InventoryUoMEntry: 1,
    DefaultSalesUoMEntry: 5,
    ItemPrices: [{ PriceList: 1, Price: 12.9, Currency: "$" }],
    ItemWarehouseInfoCollection: [{ WarehouseCode: "01", InStock: 480, Committed: 48 }],
  } satisfies Partial<Item>;
}
const UOM_GROUPS: UnitOfMeasurementGroup[] = [
  {
    AbsEntry: 7,
    Code: "CARTRIDGE",
    Name: "Cartridge packs",
    BaseUoM: 1,
    UoMGroupDefinitionCollection: [
      { AlternateUoM: 1, AlternateQuantity: 1, BaseQuantity: 1, Active: "tYES" },
      { AlternateUoM: 5, AlternateQuantity: 1, BaseQuantity: 6, Active: "tYES" },
      { AlternateUoM: 9, AlternateQuantity: 1, BaseQuantity: 24, Active: "tYES" },
      { AlternateUoM: 11, AlternateQuantity: 1, BaseQuantity: 100, Active: "tNO" },
    ],
  },
];
const UNITS = [
  { AbsEntry: 1, Code: "Each", Name: "Each" },
  { AbsEntry: 5, Code: "Pack", Name: "Pack of 6" },
  { AbsEntry: 9, Code: "Carton", Name: "Carton of 24" },
  { AbsEntry: 11, Code: "Pallet", Name: "Pallet" },
] as UnitOfMeasurement[];

function value<T>(result: SyncResult<T>): T {
  if (result.kind !== "ok") throw new Error(JSON.stringify(result));
  return result.value;
}
function exceptionsOf<T>(result: SyncResult<T>) {
  return result.kind === "failed" ? result.exceptions : [];
}

/** Values a broken integration, a misconfigured UDF or a version change put where a field should be. */
const SECRET = "SECRET-CUSTOMER-NOTE";
const poison = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(""),
  fc.constant(SECRET),
  fc.constant("12,50"),
  fc.constant("1e400"),
  fc.constant(Number.NaN),
  fc.constant(Number.POSITIVE_INFINITY),
  fc.constant(1e300),
  fc.constant(-1),
  fc.constant(JSON.parse("12345678901234567890") as number),
  fc.constant("tMAYBE"),
  fc.constant("constructor"),
  fc.constant({}),
  fc.constant([]),
  fc.constant([null]),
  fc.constant(true),
  fc.string(),
  fc.integer(),
  fc.double(),
);

/** Sets `value` at `path` inside `target`, creating nothing: a path through a replaced parent is left alone. */
function setPath(target: unknown, path: readonly (string | number)[], value: unknown): void {
  let node = target as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = node?.[key];
    if (next === null || typeof next !== "object") return;
    node = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (last !== undefined && node !== null && typeof node === "object") node[last] = value;
}

/** Asserts that `map` gives `ok` or typed `INVALID_PAYLOAD` exceptions for any mutation of `payload` at `paths`. */
function fuzz<T>(
  payload: () => unknown,
  paths: readonly (readonly (string | number)[])[],
  map: (input: never) => SyncResult<T>,
  label: RegExp,
): void {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(paths.length - 1), poison), { minLength: 1, maxLength: 4 }), (mutations) => {
      let input = payload();
      for (const [index, bad] of mutations) {
        const path = paths[index];
        if (path?.length === 0)
          input = bad; // the whole record replaced
        else if (path) setPath(input, path, bad);
      }
      const result = map(input as never);
      if (result.kind === "failed") {
        for (const exception of result.exceptions) {
          expect(exception.code).toBe("INVALID_PAYLOAD");
          expect(exception.message).toMatch(label);
          // The record's own key may be shown (it is how people find the record); no other value may.
          expect(exception.message.replace(exception.records[0]?.id ?? "", "")).not.toContain(SECRET);
          expect(exception.field ?? "").not.toBe("");
          expect(exception.records.length).toBeGreaterThan(0);
        }
      } else {
        expect(result.kind).toBe("ok");
      }
    }),
    { numRuns: 2500 },
  );
}

describe("fromSapB1Item", () => {
  const config = { currencies: OEC_CURRENCIES, listPriceList: 1, priceLists: { 1: "Base Price", 2: "Wholesale" } };

  it("M1/M2/O12: maps the item master: code, name, units, tax code, named price lists in ISO currency", () => {
    const { item } = value(fromSapB1Item(printer(), config));
    expect(item).toMatchObject({
      sku: "A00001",
      erpNumber: "A00001",
      description: "J.B. Officeprint 1420",
      baseUnit: "Each",
      taxClass: "CA",
      tracking: "none",
      active: true,
      updatedAt: "2026-02-27T14:32:10Z",
    });
    expect(item.alternateUnits.map((u) => `${u.code}=${u.factor}`)).toEqual(["Box=4"]);
    expect(item.prices.map((p) => `${p.priceList ?? "(list)"}:${p.currency} ${p.unitPrice}`)).toEqual([
      "(list):USD 400",
      "Wholesale:USD 359.95",
    ]);
  });

  it("M2: without a price list map every list with a price is published under its number; empty lists are left out", () => {
    const { item } = value(fromSapB1Item(printer(), { currencies: OEC_CURRENCIES, grossPriceLists: [2] }));
    expect(item.prices.map((p) => [p.priceList, p.unitPrice.toString(), p.includesTax])).toEqual([
      ["1", "400", false],
      ["2", "359.95", true],
    ]);
  });

  it("O12: a UoM group's conversions become factors of the inventory unit; inactive definitions are left out", () => {
    const { item } = value(
      fromSapB1Item(cartridge(), { currencies: OEC_CURRENCIES, uomGroups: UOM_GROUPS, unitsOfMeasure: UNITS }),
    );
    expect(item.baseUnit).toBe("Each");
    expect(item.alternateUnits.map((u) => `${u.code}=${u.factor}`)).toEqual(["Pack=6", "Carton=24"]);
    // Stock kept in packs: the carton is 4 of them, the single 1/6.
    const inPacks = value(
      fromSapB1Item(
        { ...cartridge(), InventoryUoMEntry: 5 },
        { currencies: OEC_CURRENCIES, uomGroups: UOM_GROUPS, unitsOfMeasure: UNITS },
      ),
    ).item;
    expect(inPacks.baseUnit).toBe("Pack");
    expect(inPacks.alternateUnits.map((u) => `${u.code}=${u.factor}`)).toEqual(["Each=0.166667", "Carton=4"]);
  });

  it("O12: an item with a UoM group but no group lookup is an exception naming UoMGroupEntry", () => {
    const result = fromSapB1Item(cartridge(), { currencies: OEC_CURRENCIES });
    expect(exceptionsOf(result)[0]).toMatchObject({
      code: "INVALID_PAYLOAD",
      field: "UoMGroupEntry",
      records: [{ system: "sapb1", type: "item", id: "I00004" }],
    });
  });

  it("O15: serial- and batch-managed items are tracked, so orders for them can be routed before posting", () => {
    const batch = value(
      fromSapB1Item(cartridge(), { currencies: OEC_CURRENCIES, uomGroups: UOM_GROUPS, unitsOfMeasure: UNITS }),
    );
    expect(batch.item.tracking).toBe("lot");
    expect(value(fromSapB1Item({ ...printer(), ManageSerialNumbers: "tYES" }, config)).item.tracking).toBe("serial");
    const both = fromSapB1Item({ ...printer(), ManageSerialNumbers: "tYES", ManageBatchNumbers: "tYES" }, config);
    expect(both.kind === "ok" && [both.value.item.tracking, both.warnings[0]?.code]).toEqual([
      "serial",
      "TRACKING_AMBIGUOUS",
    ]);
  });

  it("O1: inactive (Valid tNO), frozen and non-sales items are not active; periods count with asOf", () => {
    const active = (patch: Partial<Item>, asOf?: string) =>
      value(fromSapB1Item({ ...printer(), ...patch }, { ...config, ...(asOf ? { asOf } : {}) })).item.active;
    expect(active({})).toBe(true);
    expect(active({ Valid: "tNO" })).toBe(false);
    expect(active({ Frozen: "tYES" })).toBe(false);
    expect(active({ SalesItem: "tNO" })).toBe(false);
    expect(active({ Frozen: "tYES", FrozenFrom: "2026-04-01", FrozenTo: "2026-04-30" }, "2026-03-15")).toBe(true);
    expect(active({ Frozen: "tYES", FrozenFrom: "2026-04-01", FrozenTo: "2026-04-30" }, "2026-04-15")).toBe(false);
    expect(active({ ValidFrom: "2026-05-01T00:00:00Z" }, "2026-04-15")).toBe(false);
  });

  it("I4: one stock level per warehouse with InStock and Committed; only configured warehouses when given", () => {
    const { stock } = value(fromSapB1Item(printer(), config));
    expect(stock.map((s) => `${s.sku}@${s.warehouse}:${s.onHand}-${s.committed}`)).toEqual([
      "A00001@01:1131-28",
      "A00001@02:12.5-0",
      "A00001@03:0-3",
    ]);
    const ecommerceOnly = value(fromSapB1Item(printer(), { ...config, warehouses: ["01"] })).stock;
    expect(ecommerceOnly.map((s) => s.warehouse)).toEqual(["01"]);
    const available = computeAvailability(stock, { targets: [{ warehouses: ["01", "02"] }] });
    expect(available.map((a) => `${a.sku}:${a.quantity}`)).toEqual(["A00001:1115"]);
  });

  it("bad data names the item and the field, never the value: an unmapped B1 currency, a NaN stock, no ItemCode", () => {
    const noMap = fromSapB1Item(printer());
    expect(exceptionsOf(noMap).map((e) => e.field)).toContain("prices.0.currency");
    expect(exceptionsOf(noMap)[0]?.message).toMatch(/^Item A00001: /);
    const nan = printer();
    nan.ItemWarehouseInfoCollection[1]!.InStock = Number.NaN;
    expect(exceptionsOf(fromSapB1Item(nan, config))[0]).toMatchObject({
      field: "ItemWarehouseInfoCollection.1.InStock",
      records: [{ id: "A00001" }],
    });
    const secret = fromSapB1Item({ ...printer(), ManageBatchNumbers: SECRET as "tNO" }, config);
    expect(exceptionsOf(secret)[0]?.field).toBe("ManageBatchNumbers");
    expect(JSON.stringify(secret)).not.toContain(SECRET);
    expect(exceptionsOf(fromSapB1Item({ ...printer(), ItemCode: "" }, config))[0]?.field).toBe("ItemCode");
  });

  it("fuzz: thousands of malformed items give ok or typed exceptions naming the item, never a crash", () => {
    const groupConfig = { ...config, uomGroups: UOM_GROUPS, unitsOfMeasure: UNITS, asOf: "2026-03-01" };
    fuzz(
      () => ({ ...printer(), ...cartridge(), ItemCode: "A00001" }),
      [
        [],
        ["ItemCode"],
        ["ItemName"],
        ["InventoryUOM"],
        ["SalesUnit"],
        ["SalesItemsPerUnit"],
        ["UoMGroupEntry"],
        ["InventoryUoMEntry"],
        ["ManageSerialNumbers"],
        ["ManageBatchNumbers"],
        ["Valid"],
        ["Frozen"],
        ["FrozenFrom"],
        ["ValidTo"],
        ["UpdateDate"],
        ["UpdateTime"],
        ["ItemPrices"],
        ["ItemPrices", 0],
        ["ItemPrices", 0, "Price"],
        ["ItemPrices", 0, "Currency"],
        ["ItemPrices", 0, "PriceList"],
        ["ItemWarehouseInfoCollection"],
        ["ItemWarehouseInfoCollection", 0],
        ["ItemWarehouseInfoCollection", 0, "WarehouseCode"],
        ["ItemWarehouseInfoCollection", 0, "InStock"],
        ["ItemWarehouseInfoCollection", 0, "Committed"],
      ],
      (item: Partial<Item>) => fromSapB1Item(item, groupConfig),
      /^Item /,
    );
  });
});

/** `GET /BusinessPartners('C20000')`: a wholesale customer with a default bill-to and two ship-to addresses. */
function normThompson() {
  return {
    CardCode: "C20000",
    CardName: "Norm Thompson",
    CardType: "cCustomer",
    GroupCode: 100,
    EmailAddress: "purchasing@normthompson.example; ap@normthompson.example",
    Phone1: "+1 503-614-4600",
    Cellular: null,
    Currency: "$",
    FederalTaxID: "93-0596813",
    PriceListNum: 2,
    Frozen: "tNO",
    Valid: "tYES",
    BilltoDefault: "Bill To",
    ShipToDefault: "Warehouse",
    UpdateDate: "2026-02-20",
    UpdateTime: "0915",
    U_WebCustomerId: "bc-77",
    BPAddresses: [
      {
        AddressName: "Head office",
        AddressType: "bo_ShipTo",
        Street: "SW Bancroft St",
        StreetNo: "3500",
        City: "Portland",
        State: "OR",
        ZipCode: "97239",
        Country: "US",
      },
      {
        AddressName: "Bill To",
        AddressType: "bo_BillTo",
        Street: "PO Box 3999",
        City: "Portland",
        State: "OR",
        ZipCode: "97208",
        Country: "US",
      },
      {
        AddressName: "Warehouse",
        AddressType: "bo_ShipTo",
        Street: "Industrial Way",
        StreetNo: "18",
        Block: "Dock 4",
        City: "Hillsboro",
        State: "OR",
        ZipCode: "97124",
        Country: "us",
      },
      { AddressName: "Old", AddressType: "bo_ShipTo", Street: null, City: null, Country: "US" },
    ],
  } satisfies Partial<BusinessPartner>;
}

describe("fromSapB1BusinessPartner", () => {
  it("O2: CardCode is the ERP customer number; the shared id, first e-mail, tax id and ISO currency come along", () => {
    const result = fromSapB1BusinessPartner(normThompson(), {
      currencies: OEC_CURRENCIES,
      priceLists: { 2: "Wholesale" },
      externalIdField: "U_WebCustomerId",
    });
    const customer = value(result);
    expect(customer).toMatchObject({
      source: { system: "sapb1", type: "businessPartner", id: "C20000" },
      erpCustomerNumber: "C20000",
      externalId: "bc-77",
      name: "Norm Thompson",
      email: "purchasing@normthompson.example",
      phone: "+1 503-614-4600",
      customerGroup: "100",
      priceGroup: "Wholesale",
      currency: "USD",
      taxNumber: "93-0596813",
      blocked: false,
      updatedAt: "2026-02-20T09:15:00Z",
    });
    expect(customer.billingAddress).toMatchObject({ line1: "PO Box 3999", postalCode: "97208", countryCode: "US" });
    // The ShipToDefault address first; the incomplete one is left out with a warning, not silently.
    expect(customer.shippingAddresses.map((a) => `${a.line1}, ${a.line2 ?? "-"}, ${a.countryCode}`)).toEqual([
      "18 Industrial Way, Dock 4, US",
      "3500 SW Bancroft St, -, US",
    ]);
    expect(result.warnings).toEqual([expect.objectContaining({ code: "ADDRESS_INCOMPLETE", field: "BPAddresses.3" })]);
  });

  it("O2: Frozen or not Valid means blocked; ## (all currencies) is no fixed currency; leads map, suppliers are skipped", () => {
    expect(value(fromSapB1BusinessPartner({ ...normThompson(), Frozen: "tYES" })).blocked).toBe(true);
    expect(value(fromSapB1BusinessPartner({ ...normThompson(), Valid: "tNO" })).blocked).toBe(true);
    expect(value(fromSapB1BusinessPartner({ ...normThompson(), Currency: "##" })).currency).toBeUndefined();
    expect(fromSapB1BusinessPartner({ ...normThompson(), CardType: "cLid" }).kind).toBe("ok");
    expect(fromSapB1BusinessPartner({ ...normThompson(), CardCode: "V10000", CardType: "cSupplier" })).toMatchObject({
      kind: "skipped",
      reason: expect.stringContaining("V10000"),
    });
  });

  it("bad data names the business partner and the field: a broken e-mail, a bad address type, no name", () => {
    const email = fromSapB1BusinessPartner({ ...normThompson(), EmailAddress: `${SECRET} at example` });
    expect(exceptionsOf(email)[0]).toMatchObject({
      code: "INVALID_PAYLOAD",
      field: "email",
      records: [{ id: "C20000" }],
    });
    expect(JSON.stringify(exceptionsOf(email))).not.toContain(SECRET);
    const type = normThompson();
    (type.BPAddresses[0] as Record<string, unknown>).AddressType = "bo_Other";
    expect(exceptionsOf(fromSapB1BusinessPartner(type))[0]?.field).toBe("BPAddresses.0.AddressType");
    expect(exceptionsOf(fromSapB1BusinessPartner({ ...normThompson(), CardName: " " }))[0]?.field).toBe("CardName");
  });

  it("fuzz: thousands of malformed business partners give ok or typed exceptions, never a crash", () => {
    fuzz(
      normThompson,
      [
        [],
        ["CardCode"],
        ["CardName"],
        ["CardType"],
        ["EmailAddress"],
        ["Phone1"],
        ["Currency"],
        ["FederalTaxID"],
        ["PriceListNum"],
        ["GroupCode"],
        ["Frozen"],
        ["Valid"],
        ["BilltoDefault"],
        ["UpdateDate"],
        ["UpdateTime"],
        ["U_WebCustomerId"],
        ["BPAddresses"],
        ["BPAddresses", 1],
        ["BPAddresses", 1, "AddressType"],
        ["BPAddresses", 1, "Street"],
        ["BPAddresses", 1, "City"],
        ["BPAddresses", 1, "Country"],
        ["BPAddresses", 2, "ZipCode"],
      ],
      (bp: Partial<BusinessPartner>) =>
        fromSapB1BusinessPartner(bp, { currencies: OEC_CURRENCIES, externalIdField: "U_WebCustomerId" }),
      /^Business partner /,
    );
  });
});

/** `GET /DeliveryNotes(412)`: the delivery for storefront order 100234, shipped UPS with two parcels. */
function delivery() {
  return {
    DocEntry: 412,
    DocNum: 1412,
    DocType: "dDocument_Items",
    DocDate: "2026-03-02T00:00:00Z",
    DocTime: "16:05:00",
    CardCode: "C20000",
    NumAtCard: "100234",
    DocCurrency: "$",
    DocTotal: 1239.9,
    TransportationCode: 2,
    TrackingNumber: "1Z999AA10123456784, 1Z999AA10123456795",
    Cancelled: "tNO",
    CancelStatus: "csNo",
    DocumentLines: [
      { LineNum: 0, ItemCode: "A00001", ItemDescription: "J.B. Officeprint 1420", Quantity: 2, U_WebLineId: "1" },
      { LineNum: 1, ItemCode: "P10001", ItemDescription: "PC bundle", Quantity: 1, TreeType: "iSalesTree" },
      { LineNum: 2, ItemCode: "C00003", Quantity: 1, TreeType: "iIngredient" },
      { LineNum: 3, ItemCode: "I00004", Quantity: 12.5, UoMCode: "Each" },
    ],
  } satisfies Partial<Document>;
}
const SHIPPING_TYPES = [
  { Code: 1, Name: "Fedex EM", Website: null },
  { Code: 2, Name: "UPS 2nd Day", Website: "https://www.ups.com" },
] as ShippingType[];
const ORDERS: Record<string, { system: string; type: string; id: string; number: string }> = {
  "100234": { system: "bigcommerce", type: "order", id: "100234", number: "100234" },
};
const deliveryOptions = {
  orderRefFor: (numAtCard: string) => ORDERS[numAtCard],
  shippingTypes: SHIPPING_TYPES,
  carriers: { 2: "UPS" },
};

describe("fromSapB1DeliveryNote", () => {
  it("F1/O5: NumAtCard finds the storefront order; tracking numbers, carrier, method and shipped lines come along", () => {
    const shipment = value(fromSapB1DeliveryNote(delivery(), { ...deliveryOptions, orderLineIdField: "U_WebLineId" }));
    expect(shipment).toMatchObject({
      source: { system: "sapb1", type: "deliveryNote", id: "412", number: "1412" },
      orderRef: { system: "bigcommerce", id: "100234" },
      shippedAt: "2026-03-02T16:05:00Z",
      carrier: "UPS",
      method: "UPS 2nd Day",
      trackingNumbers: ["1Z999AA10123456784", "1Z999AA10123456795"],
    });
    // The sales BOM's component is not reported: the storefront sold the bundle.
    expect(shipment.lines.map((l) => `${l.sku}:${l.quantity}${l.orderLineId ? `#${l.orderLineId}` : ""}`)).toEqual([
      "A00001:2#1",
      "P10001:1",
      "I00004:12.5",
    ]);
  });

  it("F1/O5: an unknown or empty NumAtCard is a retryable SHIPMENT_ORDER_NOT_FOUND naming the delivery", () => {
    const unknown = fromSapB1DeliveryNote({ ...delivery(), NumAtCard: "999999" }, deliveryOptions);
    expect(exceptionsOf(unknown)[0]).toMatchObject({
      code: "SHIPMENT_ORDER_NOT_FOUND",
      failureId: "F1",
      retryable: true,
      field: "NumAtCard",
      records: [
        { type: "deliveryNote", id: "412" },
        { type: "orderReference", id: "999999" },
      ],
    });
    const empty = fromSapB1DeliveryNote({ ...delivery(), NumAtCard: null }, deliveryOptions);
    expect(exceptionsOf(empty)[0]?.code).toBe("SHIPMENT_ORDER_NOT_FOUND");
  });

  it("F1: no tracking number and an unknown shipping type still ship, with a warning; cancelled deliveries are skipped", () => {
    const bare = fromSapB1DeliveryNote({ ...delivery(), TrackingNumber: null, TransportationCode: 9 }, deliveryOptions);
    expect(bare.kind === "ok" && [bare.value.trackingNumbers, bare.value.carrier, bare.warnings[0]?.code]).toEqual([
      [],
      undefined,
      "SHIPPING_TYPE_UNKNOWN",
    ]);
    expect(fromSapB1DeliveryNote({ ...delivery(), Cancelled: "tYES" }, deliveryOptions).kind).toBe("skipped");
    expect(fromSapB1DeliveryNote({ ...delivery(), CancelStatus: "csCancellation" }, deliveryOptions).kind).toBe(
      "skipped",
    );
  });

  it("bad data names the delivery and the field: a line without an item, a bad date, no lines", () => {
    const noItem = delivery();
    (noItem.DocumentLines[0] as Record<string, unknown>).ItemCode = null;
    expect(exceptionsOf(fromSapB1DeliveryNote(noItem, deliveryOptions))[0]).toMatchObject({
      code: "INVALID_PAYLOAD",
      field: "DocumentLines.0.ItemCode",
      records: [{ id: "412", number: "1412" }],
    });
    expect(
      exceptionsOf(fromSapB1DeliveryNote({ ...delivery(), DocDate: "02/03/2026" }, deliveryOptions))[0]?.field,
    ).toBe("DocDate");
    expect(exceptionsOf(fromSapB1DeliveryNote({ ...delivery(), DocumentLines: [] }, deliveryOptions))[0]?.field).toBe(
      "lines",
    );
  });

  it("fuzz: thousands of malformed deliveries give ok or typed exceptions, never a crash", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(15), poison), { minLength: 1, maxLength: 4 }), (mutations) => {
        const paths: (string | number)[][] = [
          ["DocEntry"],
          ["DocNum"],
          ["DocDate"],
          ["DocTime"],
          ["NumAtCard"],
          ["TransportationCode"],
          ["TrackingNumber"],
          ["Cancelled"],
          ["DocumentLines"],
          ["DocumentLines", 0],
          ["DocumentLines", 0, "ItemCode"],
          ["DocumentLines", 0, "Quantity"],
          ["DocumentLines", 2, "TreeType"],
          ["DocumentLines", 3, "Quantity"],
          ["DocumentLines", 0, "U_WebLineId"],
          [],
        ];
        let input: unknown = delivery();
        for (const [index, bad] of mutations) {
          const path = paths[index] ?? [];
          if (path.length === 0) input = bad;
          else setPath(input, path, bad);
        }
        const result = fromSapB1DeliveryNote(input as Partial<Document>, {
          ...deliveryOptions,
          orderLineIdField: "U_WebLineId",
        });
        for (const exception of result.kind === "failed" ? result.exceptions : []) {
          expect(["INVALID_PAYLOAD", "SHIPMENT_ORDER_NOT_FOUND"]).toContain(exception.code);
          expect(exception.message).toMatch(/^Delivery /);
          expect(exception.message.replace(exception.records[0]?.id ?? "", "")).not.toContain(SECRET);
          expect(exception.records[0]?.number ?? "").not.toContain(SECRET);
          expect(exception.field ?? "").not.toBe("");
        }
      }),
      { numRuns: 2500 },
    );
  });
});

/** `GET /Invoices(515)`: the A/R invoice for storefront order 100234 (local currency), and a EUR one. */
function arInvoice() {
  return {
    DocEntry: 515,
    DocNum: 1515,
    DocDate: "2026-03-02T00:00:00Z",
    CardCode: "C20000",
    NumAtCard: "100234",
    DocCurrency: "$",
    DocTotal: 1239.9,
    DocTotalFc: 0,
    VatSum: 91.85,
    Cancelled: "tNO",
    CancelStatus: "csNo",
  } satisfies Partial<Document>;
}

describe("fromSapB1Invoice", () => {
  const order = { system: "bigcommerce", type: "order", id: "100234" };

  it("O17/O5: the invoice total, exactly, in ISO currency with NumAtCard, ready for compareDocumentTotal", () => {
    const total = value(fromSapB1Invoice(arInvoice(), { currencies: OEC_CURRENCIES }));
    expect(total).toMatchObject({
      documentRef: { system: "sapb1", type: "invoice", id: "515", number: "1515" },
      externalDocumentNumber: "100234",
      currency: "USD",
    });
    expect(total.totalAmountIncludingTax.toString()).toBe("1239.9");
    const compare = (expected: string) =>
      compareDocumentTotal({
        sourceRef: order,
        documentRef: total.documentRef,
        currency: total.currency,
        expected,
        actual: total.totalAmountIncludingTax,
      });
    expect(compare("1239.90")).toBeUndefined();
    expect(compare("1239.91")).toMatchObject({ code: "TOTAL_MISMATCH", failureId: "O17" });
  });

  it("O11/O17: a foreign-currency invoice is compared in its own currency (DocTotalFc), not in local currency", () => {
    const eur = value(fromSapB1Invoice({ ...arInvoice(), DocCurrency: "EUR", DocTotal: 1352.55, DocTotalFc: 1149.99 }));
    expect([eur.currency, eur.totalAmountIncludingTax.toString()]).toEqual(["EUR", "1149.99"]);
  });

  it("O17: cancelled invoices are skipped; an unmapped B1 currency or no NumAtCard names the field", () => {
    expect(fromSapB1Invoice({ ...arInvoice(), Cancelled: "tYES" }).kind).toBe("skipped");
    expect(fromSapB1Invoice({ ...arInvoice(), CancelStatus: "csCancellation" }).kind).toBe("skipped");
    expect(exceptionsOf(fromSapB1Invoice(arInvoice()))[0]).toMatchObject({
      code: "INVALID_PAYLOAD",
      field: "DocCurrency",
      records: [{ id: "515", number: "1515" }],
    });
    expect(
      exceptionsOf(fromSapB1Invoice({ ...arInvoice(), NumAtCard: null }, { currencies: OEC_CURRENCIES }))[0]?.field,
    ).toBe("NumAtCard");
  });

  it("fuzz: thousands of malformed invoices give ok or typed exceptions, never a crash", () => {
    fuzz(
      arInvoice,
      [
        [],
        ["DocEntry"],
        ["DocNum"],
        ["NumAtCard"],
        ["DocCurrency"],
        ["DocTotal"],
        ["DocTotalFc"],
        ["Cancelled"],
        ["CancelStatus"],
      ],
      (input: Partial<Document>) => fromSapB1Invoice(input, { currencies: OEC_CURRENCIES }),
      /^Invoice /,
    );
  });
});
