import { type Availability, availabilityDelta, computeAvailability, Decimal, StockLevelSchema } from "@org/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadSample } from "../__fixtures__/oro-samples.js";
import { createValidator, loadSpec } from "../__fixtures__/oro-spec.js";
import type { components } from "../generated/index.js";
import { flattenDocument, type JsonApiDocument } from "../jsonapi.js";
import { ORO_SYNC_BATCH_MAX_PRIMARY } from "../oro-client.js";
import { toOroInventoryLevels } from "./to-oro-inventory-levels.js";

const validate = createValidator(loadSpec());
/** Contract test: a body is valid when the request schema of the package's OpenAPI document accepts it. */
function assertValid(schema: string, body: unknown): void {
  expect(validate(schema, body)).toEqual([]);
}

/** Inventory level ids per SKU, read from Oro's `filter_by_products` sample (the primary-unit level of each product). */
function levelIds(): Record<string, string> {
  const sample = loadSample("InventoryBundle/filter_by_products.yml") as JsonApiDocument<
    components["schemas"]["InventoryLevel"][]
  >;
  const ids: Record<string, string> = {};
  for (const level of flattenDocument(sample)) {
    const product = level.product as { sku?: string; primaryUnitPrecision?: { id: string } } | null;
    const precision = level.productUnitPrecision as { id: string } | null;
    if (product?.sku && precision && product.primaryUnitPrecision?.id === precision.id) ids[product.sku] = level.id;
  }
  return ids;
}

const availability = (sku: string, quantity: string): Availability => ({ sku, quantity: Decimal.from(quantity) });

describe("toOroInventoryLevels", () => {
  it("I1/I7: ERP availability becomes batch updates Oro's request schema accepts, exact decimal strings", () => {
    const ids = levelIds();
    expect(Object.keys(ids).sort()).toEqual(["product-1", "product-2"]);
    const result = toOroInventoryLevels([availability("product-1", "10"), availability("product-2", "12.345")], {
      inventoryLevelIdsBySku: ids,
    });
    expect(result.exceptions).toEqual([]);
    expect(result.documents).toHaveLength(1);
    const document = result.documents[0];
    assertValid("InventoryLevelBatchDocument", document);
    expect(document?.data).toEqual([
      { type: "inventorylevels", id: ids["product-1"], meta: { update: true }, attributes: { quantity: "10" } },
      { type: "inventorylevels", id: ids["product-2"], meta: { update: true }, attributes: { quantity: "12.345" } },
    ]);
  });

  it("I2/I3: only the delta is pushed, net of the safety buffer, never negative", () => {
    const stock = [
      { sku: "product-1", warehouse: "MAIN", onHand: "12", committed: "2" },
      { sku: "product-2", warehouse: "MAIN", onHand: "3", committed: "0" },
    ].map((level) => StockLevelSchema.parse(level));
    const current = computeAvailability(stock, { targets: [{ warehouses: ["MAIN"] }], buffer: { absolute: 5 } });
    const previous = [availability("product-1", "9"), availability("product-2", "0")];
    const delta = availabilityDelta(previous, current);
    const result = toOroInventoryLevels(delta, { inventoryLevelIdsBySku: levelIds() });
    expect(result.documents.flatMap((d) => d.data).map((u) => u.attributes?.quantity)).toEqual(["5"]);
    const negative = toOroInventoryLevels([{ sku: "product-1", quantity: "-1" } as unknown as Availability], {
      inventoryLevelIdsBySku: levelIds(),
    });
    expect(negative.documents).toEqual([]);
    expect(negative.exceptions[0]).toMatchObject({ code: "INVALID_PAYLOAD", field: "0.quantity" });
  });

  it("I7: writes are chunked at Oro's synchronous batch size, each chunk valid", () => {
    const ids: Record<string, string> = {};
    const rows = Array.from({ length: 250 }, (_, i) => {
      ids[`SKU-${i}`] = String(1000 + i);
      return availability(`SKU-${i}`, String(i));
    });
    const result = toOroInventoryLevels(rows, { inventoryLevelIdsBySku: new Map(Object.entries(ids)) });
    expect(result.documents.map((d) => d.data.length)).toEqual([ORO_SYNC_BATCH_MAX_PRIMARY, 100, 50]);
    for (const document of result.documents) assertValid("InventoryLevelBatchDocument", document);
    expect(() => toOroInventoryLevels(rows, { inventoryLevelIdsBySku: ids, batchSize: 101 })).toThrow(RangeError);
  });

  it("an unknown SKU (levels cannot be created) or a SKU given twice is an exception; the rest is sent", () => {
    const result = toOroInventoryLevels(
      [availability("product-1", "1"), availability("NEW-SKU", "4"), availability("product-1", "2")],
      { inventoryLevelIdsBySku: levelIds() },
    );
    expect(result.documents.flatMap((d) => d.data)).toHaveLength(1);
    expect(result.exceptions.map((e) => [e.code, e.records[0]?.id, e.field])).toEqual([
      ["ITEM_NOT_FOUND", "NEW-SKU", "1.sku"],
      ["INVALID_PAYLOAD", "product-1", "2.sku"],
    ]);
    expect(result.exceptions[0]).toMatchObject({ targetSystem: "oro", impact: "stock not published" });
    const proto = toOroInventoryLevels([availability("__proto__", "1")], { inventoryLevelIdsBySku: levelIds() });
    expect(proto.exceptions[0]?.code).toBe("ITEM_NOT_FOUND");
  });

  it("fuzz: malformed availability gives valid documents or exceptions, one outcome per row, never a crash", () => {
    const ids = levelIds();
    const row = fc.record(
      {
        sku: fc.oneof(fc.constantFrom("product-1", "product-2", "NEW"), fc.string(), fc.constant(null)),
        quantity: fc.oneof(
          fc.constant("12,5"),
          fc.constant("1e400"),
          fc.constant(0.1 + 0.2),
          fc.constant(Number.NaN),
          fc.constant(2 ** 60),
          fc.constant(-3),
          fc.nat().map(String),
          fc.double(),
          fc.constant(null),
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(row, fc.constant(null), fc.string()), { maxLength: 6 }), (rows) => {
        const result = toOroInventoryLevels(rows as unknown as Availability[], { inventoryLevelIdsBySku: ids });
        const sent = result.documents.flatMap((d) => d.data).length;
        expect(sent + result.exceptions.length).toBe(rows.length);
        for (const document of result.documents) assertValid("InventoryLevelBatchDocument", document);
      }),
      { numRuns: 2000 },
    );
  });
});
