import { Decimal, type StockLevel } from "@org/core";
import { connectBc, connectBigCommerce, MemoryCheckpointStore, type RunReportOptions } from "@org/example-kit";
import {
  type BcFake,
  type BigCommerceFake,
  createBcFake,
  createBigCommerceFake,
  SEED_PRODUCTS,
  startFakeServer,
} from "@org/testing";
import { describe, expect, it } from "vitest";
import { DEMO_BUFFER, seedTargets, TOTAL_STOCK_TARGETS } from "./demo.js";
import { type BcStock, type InventorySyncOptions, runInventorySync } from "./pipeline.js";

const fastRetry = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };
const quiet: RunReportOptions = { out: () => {} };

interface Fakes {
  bc: BcFake;
  bigCommerce: BigCommerceFake;
}
const createFakes = (): Fakes => ({ bc: createBcFake(), bigCommerce: createBigCommerceFake() });

function run(fakes: Fakes, checkpoints: MemoryCheckpointStore, more: Partial<InventorySyncOptions> = {}) {
  return runInventorySync({
    bc: connectBc({ fake: fakes.bc, env: {}, clientSettings: fastRetry }),
    bigCommerce: connectBigCommerce({
      fake: fakes.bigCommerce,
      env: {},
      clientSettings: fastRetry,
    }),
    checkpoints,
    targets: TOTAL_STOCK_TARGETS,
    buffer: DEMO_BUFFER,
    report: quiet,
    ...more,
  });
}

/** What the demo policy makes of a stock figure: minus max(2, ceil(10 %)), whole units, never negative (I3). */
function sellable(onHand: number): number {
  const buffer = Math.max(2, Math.ceil(onHand / 10));
  return Math.max(0, onHand - buffer);
}
const bcTotal = (fakes: Fakes, sku: string) => Object.values(fakes.bc.stockOf(sku)).reduce((a, b) => a + b, 0);

/**
 * Per-location stock as a custom API page would return it (the standard API has only totals): the items come from
 * BC over HTTP, the split per location from the fake's own books, which is what such a page would expose.
 */
function perLocationReader(fakes: Fakes) {
  return async (bc: Parameters<NonNullable<InventorySyncOptions["readStock"]>>[0]): Promise<BcStock> => {
    const items = await bc.entities.list("items", { select: ["number", "type"] }).toArray();
    const stock: StockLevel[] = items.flatMap((item) =>
      Object.entries(fakes.bc.stockOf(item.number ?? "")).map(([warehouse, onHand]) => ({
        sku: item.number ?? "",
        warehouse,
        onHand: Decimal.from(onHand),
        committed: Decimal.ZERO,
      })),
    );
    return { stock, skus: items.map((i) => i.number ?? ""), blocked: [], exceptions: [] };
  };
}

describe("bc-to-bigcommerce-inventory", () => {
  it("I1/I3: the first run publishes every SKU's BC stock less the safety buffer, never negative", async () => {
    const fakes = createFakes();
    const summary = await run(fakes, new MemoryCheckpointStore());

    expect(summary).toMatchObject({ posted: SEED_PRODUCTS.length, quarantined: 0, adjustmentRequests: 1 });
    for (const product of SEED_PRODUCTS) {
      expect(fakes.bigCommerce.inventoryLevel(product.sku, 1)).toBe(sellable(bcTotal(fakes, product.sku)));
    }
    // SCALE-DIGI has 3 in stock: the buffer of 2 leaves 1; COCOA-BIO has none and stays at 0.
    expect(fakes.bigCommerce.inventoryLevel("SCALE-DIGI", 1)).toBe(1);
    expect(fakes.bigCommerce.inventoryLevel("COCOA-BIO", 1)).toBe(0);
    expect(summary.httpCalls).toMatchObject({ bc: 2, bigcommerce: 2 });
  });

  it("I2: a rerun publishes nothing; changing one BC item's stock pushes exactly that SKU", async () => {
    const fakes = createFakes();
    const checkpoints = new MemoryCheckpointStore();
    await run(fakes, checkpoints);
    const requests = fakes.bigCommerce.adjustmentRequestCount;

    const rerun = await run(fakes, checkpoints);
    expect(rerun).toMatchObject({ posted: 0, adjustmentRequests: 0 });
    expect(fakes.bigCommerce.adjustmentRequestCount).toBe(requests);
    expect(fakes.bigCommerce.callCount({ method: "PUT" })).toBe(1);

    fakes.bc.setStock("MUG-BLUE", "EAST", 5);
    const changed = await run(fakes, checkpoints);
    expect(changed.published.map((l) => [l.sku, l.quantity.toString()])).toEqual([["MUG-BLUE", String(sellable(145))]]);
    expect(fakes.bigCommerce.adjustmentRequestCount).toBe(requests + 1);
    expect(fakes.bigCommerce.inventoryLevel("MUG-BLUE", 1)).toBe(sellable(145));

    // I2 "full resync on demand": every level again, in one request.
    const full = await run(fakes, checkpoints, { fullResync: true });
    expect(full).toMatchObject({ posted: SEED_PRODUCTS.length, adjustmentRequests: 1 });
  });

  it("I7: levels go out in batches, never one request per SKU", async () => {
    const fakes = createFakes();
    // BigCommerce's limit is 2,000 items per request; with 5 per request the 12 SKUs take 3 requests.
    const summary = await run(fakes, new MemoryCheckpointStore(), { chunkSize: 5 });
    expect(summary).toMatchObject({ posted: 12, adjustmentRequests: 3 });
    expect(fakes.bigCommerce.adjustmentRequestCount).toBe(3);
  });

  it("I7: a 4,500-SKU catalogue goes out in 3 requests of at most 2,000; a rejected request is held and sent again next run", async () => {
    const fakes = createFakes();
    for (let i = 0; i < 4500 - SEED_PRODUCTS.length; i++) {
      fakes.bc.seed("items", {
        number: `BULK-${String(i).padStart(5, "0")}`,
        displayName: `Bulk item ${i}`,
        type: "Inventory",
        blocked: false,
        inventory: String(20 + (i % 40)),
        baseUnitOfMeasureCode: "PCS",
      });
    }
    const checkpoints = new MemoryCheckpointStore();
    const summary = await run(fakes, checkpoints);

    const puts = fakes.bigCommerce.calls.filter((c) => c.method === "PUT");
    expect(puts).toHaveLength(3);
    expect(summary.adjustmentRequests).toBe(3);
    // The BigCommerce fake's catalogue is the 12 seed SKUs, so it rejects every request holding the bulk SKUs (422,
    // "Item with identity … was not found"), not their size: each request is held as a whole, nothing is recorded as
    // published, and the next run sends the same 3 requests again.
    expect(puts.map((c) => c.status)).toEqual([422, 422, 422]);
    expect(summary).toMatchObject({ posted: 0, quarantined: 3 });
    expect(summary.exceptions.map((e) => e.code)).toEqual(["API_CALL_FAILED", "API_CALL_FAILED", "API_CALL_FAILED"]);
    expect(summary.exceptions.every((e) => /was not found/.test(e.message) && !/maximum/.test(e.message))).toBe(true);
    const again = await run(fakes, checkpoints);
    expect(again.adjustmentRequests).toBe(3);
  });

  it("O1: a SKU BC blocks is published as 0 whatever its stock", async () => {
    const fakes = createFakes();
    const checkpoints = new MemoryCheckpointStore();
    await run(fakes, checkpoints);
    const { bc } = { bc: connectBc({ fake: fakes.bc, env: {} }) };
    const kettle = await bc.client.entities.findFirst("items", (f) => f.eq("number", "KETTLE-STEEL"));
    if (!kettle) throw new Error("no kettle");
    await bc.client.entities.update("items", kettle, { blocked: true });
    const summary = await run(fakes, checkpoints);
    expect(summary.published.map((l) => [l.sku, l.quantity.toString()])).toEqual([["KETTLE-STEEL", "0"]]);
    expect(fakes.bigCommerce.inventoryLevel("KETTLE-STEEL", 1)).toBe(0);
  });

  it("I4: per location, only configured BC locations feed a BigCommerce location; an unmapped one is quarantined", async () => {
    const fakes = createFakes();
    fakes.bc.setStock("MUG-BLUE", "RETURNS", 7);
    const lines: string[] = [];
    const summary = await run(fakes, new MemoryCheckpointStore(), {
      readStock: perLocationReader(fakes),
      targets: [...seedTargets(), { location: "outlet", warehouses: ["MAIN"] }],
      report: { out: (line) => lines.push(line) },
    });

    // MAIN feeds `default` (1), EAST feeds `leipzig` (2); the returns location is sold nowhere.
    expect(fakes.bigCommerce.inventoryLevel("MUG-BLUE", 1)).toBe(sellable(140));
    expect(fakes.bigCommerce.inventoryLevel("MUG-BLUE", 2)).toBe(sellable(35));
    expect(fakes.bigCommerce.inventoryLevel("TEA-GREEN", 2)).toBe(0);
    const codes = summary.exceptions.map((e) => e.code);
    expect(codes.filter((c) => c === "WAREHOUSE_NOT_MAPPED")).toHaveLength(1);
    const unmapped = summary.exceptions.find((e) => e.code === "WAREHOUSE_NOT_MAPPED");
    expect(unmapped).toMatchObject({ failureId: "I4", owner: "operations", records: [{ id: "RETURNS" }] });
    // `outlet` has no BigCommerce location: every SKU there is held, the others are published.
    expect(codes.filter((c) => c === "LOCATION_NOT_MAPPED")).toHaveLength(SEED_PRODUCTS.length);
    expect(summary).toMatchObject({ posted: SEED_PRODUCTS.length * 2, quarantined: SEED_PRODUCTS.length + 1 });
    expect(lines.join("\n")).toContain("held    BC location RETURNS");

    // Declared as not for sale online, the returns location is left out without an exception.
    const declared = await run(fakes, new MemoryCheckpointStore(), {
      readStock: perLocationReader(fakes),
      targets: seedTargets(),
      ignoredWarehouses: ["RETURNS"],
    });
    expect(declared).toMatchObject({ quarantined: 0 });
  });

  it("X2/I1: with BigCommerce failing and losing answers to adjustments, the final levels are right (absolute levels are safe to resend)", async () => {
    const fakes = createFakes();
    fakes.bigCommerce.faults.configure({ seed: 3, errorRate: 0.4, lostResponseRate: 0.4, match: { method: "PUT" } });
    const checkpoints = new MemoryCheckpointStore();
    for (let attempt = 0; attempt < 6; attempt++) {
      const summary = await run(fakes, checkpoints, { chunkSize: 4 });
      if (summary.quarantined === 0) break;
    }
    expect(fakes.bigCommerce.faults.injected["lost-response"]).toBeGreaterThan(0);
    expect(fakes.bigCommerce.faults.injected.error).toBeGreaterThan(0);
    for (const product of SEED_PRODUCTS) {
      expect(fakes.bigCommerce.inventoryLevel(product.sku, 1)).toBe(sellable(bcTotal(fakes, product.sku)));
    }
    // Nothing is left to publish: the checkpoint holds exactly what BigCommerce holds.
    fakes.bigCommerce.faults.clear();
    expect(await run(fakes, checkpoints)).toMatchObject({ posted: 0, adjustmentRequests: 0 });
  });

  it("runs over the loopback server like the demo", async () => {
    const server = await startFakeServer();
    try {
      const fakes = createFakes();
      const summary = await runInventorySync({
        bc: connectBc({ fake: fakes.bc, server, env: {} }),
        bigCommerce: connectBigCommerce({
          fake: fakes.bigCommerce,
          server,
          env: {},
        }),
        checkpoints: new MemoryCheckpointStore(),
        targets: TOTAL_STOCK_TARGETS,
        report: quiet,
      });
      expect(summary).toMatchObject({ posted: SEED_PRODUCTS.length, quarantined: 0 });
      expect(fakes.bigCommerce.inventoryLevel("FILTER-PAPER", 1)).toBe(620);
    } finally {
      await server.close();
    }
  });
});
