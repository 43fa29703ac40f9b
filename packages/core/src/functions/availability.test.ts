import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Availability, type StockLevel, StockLevelSchema } from "../entities/availability";
import { Decimal } from "../money/decimal";
import { availabilityDelta, computeAvailability } from "./availability";

const stock = (rows: Array<[string, string, string | number, (string | number)?]>): StockLevel[] =>
  rows.map(([sku, warehouse, onHand, committed]) => StockLevelSchema.parse({ sku, warehouse, onHand, committed }));

const show = (list: Availability[]) => list.map((a) => `${a.sku}@${a.location ?? "*"}=${a.quantity}`);

describe("computeAvailability (I2–I5)", () => {
  const levels = stock([
    ["MUG", "WEB", 10, 2],
    ["MUG", "SHOP", 5],
    ["MUG", "QUARANTINE", 100],
    ["TEA", "WEB", "3.7"],
    ["PEN", "WEB", -4],
  ]);

  it("I4: only configured warehouses count; committed stock is subtracted; negatives become 0", () => {
    const result = computeAvailability(levels, { targets: [{ warehouses: ["WEB", "SHOP"] }] });
    expect(show(result)).toEqual(["MUG@*=13", "PEN@*=0", "TEA@*=3"]);
  });

  it("I3: absolute and percent buffers, global and per SKU, the larger one winning", () => {
    const result = computeAvailability(levels, {
      targets: [{ warehouses: ["WEB", "SHOP"] }],
      buffer: { absolute: 2 },
      bufferBySku: { MUG: { percent: 25, absolute: 1 } },
    });
    // MUG: 13 − ceil(13 × 25 %) = 13 − 4 = 9; TEA: 3.7 − 2 = 1.7 → 1
    expect(show(result)).toEqual(["MUG@*=9", "PEN@*=0", "TEA@*=1"]);
  });

  it("I5: ring-fenced targets each see only their warehouses; fractional stock kept when asked", () => {
    const result = computeAvailability(levels, {
      targets: [
        { location: "b2b-key-accounts", warehouses: ["SHOP"] },
        { location: "web", warehouses: ["WEB", "WEB"] },
      ],
      wholeUnits: false,
      skus: ["NEW-SKU"],
    });
    expect(show(result)).toEqual([
      "MUG@b2b-key-accounts=5",
      "MUG@web=8",
      "NEW-SKU@b2b-key-accounts=0",
      "NEW-SKU@web=0",
      "PEN@b2b-key-accounts=0",
      "PEN@web=0",
      "TEA@b2b-key-accounts=0",
      "TEA@web=3.7",
    ]);
  });

  const stockArbitrary = fc.array(
    fc.record({
      sku: fc.constantFrom("A", "B", "C", "D", "E"),
      warehouse: fc.constantFrom("W1", "W2", "W3"),
      onHand: fc.integer({ min: -50, max: 500 }),
      committed: fc.integer({ min: 0, max: 100 }),
    }),
    { maxLength: 30 },
  );
  const bufferArbitrary = fc.record(
    { absolute: fc.integer({ min: 0, max: 20 }), percent: fc.integer({ min: 0, max: 100 }) },
    { requiredKeys: [] },
  );

  it("I3: property: availability is never negative, never above the contributing stock", () => {
    fc.assert(
      fc.property(stockArbitrary, bufferArbitrary, fc.subarray(["W1", "W2", "W3"]), (rows, buffer, warehouses) => {
        const levels = rows.map((row) => StockLevelSchema.parse(row));
        for (const entry of computeAvailability(levels, { targets: [{ warehouses }], buffer })) {
          expect(entry.quantity.isNegative()).toBe(false);
          const contributing = Decimal.sum(
            levels
              .filter((l) => l.sku === entry.sku && warehouses.includes(l.warehouse))
              .map((l) => l.onHand.sub(l.committed)),
          );
          expect(entry.quantity.lte(contributing.isNegative() ? 0 : contributing)).toBe(true);
        }
      }),
    );
  });

  it("I2: property: the delta holds exactly the changed SKUs, and applying it gives the new snapshot", () => {
    fc.assert(
      fc.property(stockArbitrary, stockArbitrary, bufferArbitrary, (before, after, buffer) => {
        const policy = { targets: [{ warehouses: ["W1", "W2"] }], buffer };
        const previous = computeAvailability(
          before.map((r) => StockLevelSchema.parse(r)),
          policy,
        );
        const next = computeAvailability(
          after.map((r) => StockLevelSchema.parse(r)),
          policy,
        );
        const delta = availabilityDelta(previous, next);

        const asMap = (list: Availability[]) => new Map(list.map((a) => [a.sku, a.quantity.toString()]));
        const prevMap = asMap(previous);
        const nextMap = asMap(next);
        const changed = new Set<string>();
        for (const sku of new Set([...prevMap.keys(), ...nextMap.keys()])) {
          const was = prevMap.get(sku) ?? "0";
          const now = nextMap.get(sku) ?? "0";
          if (!Decimal.from(was).eq(now) || (!prevMap.has(sku) && nextMap.has(sku))) changed.add(sku);
        }
        expect(new Set(delta.map((d) => d.sku))).toEqual(changed);

        const applied = new Map(prevMap);
        for (const entry of delta) applied.set(entry.sku, entry.quantity.toString());
        for (const [sku, quantity] of nextMap) expect(Decimal.from(applied.get(sku) ?? "0").eq(quantity)).toBe(true);
      }),
    );
  });

  it("I2: an unchanged snapshot has an empty delta; a vanished SKU is pushed as 0", () => {
    const previous = computeAvailability(stock([["A", "W", 5]]), { targets: [{ warehouses: ["W"] }] });
    expect(availabilityDelta(previous, previous)).toEqual([]);
    expect(show(availabilityDelta(previous, []))).toEqual(["A@*=0"]);
  });
});
