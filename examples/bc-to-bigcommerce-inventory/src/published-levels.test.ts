import { type Availability, computeAvailability, Decimal, type StockLevel } from "@org/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodePublishedLevels, encodePublishedLevels, levelsToPush, mergePublished } from "./published-levels.js";

const level = (sku: string, quantity: string, location?: string): Availability => ({
  sku,
  quantity: Decimal.from(quantity),
  ...(location !== undefined ? { location } : {}),
});
const plain = (levels: readonly Availability[]) =>
  levels.map((l) => `${l.sku}@${l.location ?? "*"}=${l.quantity.toString()}`).sort();

describe("published levels (the checkpoint of what the storefront holds)", () => {
  it("round-trip through the checkpoint string, with and without a location", () => {
    const levels = [level("MUG-BLUE", "140", "default"), level("MUG-BLUE", "35", "leipzig"), level("TEA-GREEN", "0")];
    expect(plain(decodePublishedLevels(encodePublishedLevels(levels)))).toEqual(plain(levels));
    expect(decodePublishedLevels(undefined)).toEqual([]);
  });

  it("refuse a checkpoint they cannot read instead of publishing nonsense", () => {
    expect(() => decodePublishedLevels("{oops")).toThrow(/not JSON/);
    expect(() => decodePublishedLevels('{"levels":[]}')).toThrow(/unknown format/);
  });

  it("I2: the first run pushes everything, a rerun nothing, a change exactly that SKU and location", () => {
    const first = [level("A", "5", "default"), level("A", "2", "leipzig"), level("B", "9", "default")];
    expect(levelsToPush([], first)).toHaveLength(3);
    expect(levelsToPush(first, first)).toEqual([]);
    const changed = [level("A", "5", "default"), level("A", "1", "leipzig"), level("B", "9", "default")];
    expect(plain(levelsToPush(first, changed))).toEqual(["A@leipzig=1"]);
    expect(plain(levelsToPush(first, first, true))).toHaveLength(3);
  });

  it("I2: only what was confirmed counts as published, so a failed level goes out again next run", () => {
    const previous = [level("A", "5"), level("B", "9")];
    const next = [level("A", "4"), level("B", "8")];
    const afterPartialFailure = mergePublished(previous, [level("A", "4")]);
    expect(plain(levelsToPush(afterPartialFailure, next))).toEqual(["B@*=8"]);
  });

  it("I2/I3 property: after publishing the delta, the storefront holds exactly the computed availability", () => {
    const stockArb = fc.array(
      fc.record({
        sku: fc.constantFrom("A", "B", "C", "D"),
        warehouse: fc.constantFrom("MAIN", "EAST", "RETURNS"),
        onHand: fc.integer({ min: -5, max: 500 }),
      }),
      { maxLength: 20 },
    );
    const targets = [
      { location: "default", warehouses: ["MAIN"] },
      { location: "leipzig", warehouses: ["EAST"] },
    ];
    fc.assert(
      fc.property(stockArb, stockArb, fc.integer({ min: 0, max: 5 }), (before, after, buffer) => {
        const toLevels = (rows: typeof before): StockLevel[] =>
          rows.map((r) => ({
            sku: r.sku,
            warehouse: r.warehouse,
            onHand: Decimal.from(r.onHand),
            committed: Decimal.ZERO,
          }));
        const policy = { targets, buffer: { absolute: buffer } };
        const first = computeAvailability(toLevels(before), policy);
        const published = mergePublished([], levelsToPush([], first));
        const second = computeAvailability(toLevels(after), policy);
        const storefront = mergePublished(published, levelsToPush(published, second));
        // Every computed level is what the storefront holds; anything else it holds is 0 (a SKU that vanished).
        const held = new Map(storefront.map((l) => [`${l.sku}@${l.location}`, l.quantity]));
        for (const l of second) expect(held.get(`${l.sku}@${l.location}`)?.eq(l.quantity)).toBe(true);
        const computed = new Set(second.map((l) => `${l.sku}@${l.location}`));
        for (const l of storefront) if (!computed.has(`${l.sku}@${l.location}`)) expect(l.quantity.isZero()).toBe(true);
        // Never negative (I3).
        for (const l of storefront) expect(l.quantity.isNegative()).toBe(false);
      }),
    );
  });
});
