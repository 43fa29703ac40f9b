import { computeAvailability, type SyncResult } from "@org/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Item, UnitOfMeasurement, UnitOfMeasurementGroup } from "../generated/index.js";
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
