import { connectMagento, connectSapB1, MemoryCheckpointStore, RunReport } from "@org/example-kit";
import { createMagentoFake, createSapB1Fake, SEED_PRODUCTS } from "@org/testing";
import { describe, expect, it } from "vitest";
import { CHECKPOINT_KEYS, type InventorySyncOptions, runInventorySync } from "./pipeline.js";

const SOURCE_ITEMS = "/V1/inventory/source-items";
const START = Date.parse("2026-11-22T09:00:00Z");

function setup(options: { inputLimits?: boolean } = {}) {
  const clock = { time: START };
  const b1Fake = createSapB1Fake({ now: () => clock.time });
  const magentoFake = createMagentoFake({ ...(options.inputLimits ? { inputLimits: true } : {}) });
  const b1 = connectSapB1({
    fake: b1Fake,
    env: {},
    clientSettings: { retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 } },
  });
  const magento = connectMagento({
    fake: magentoFake,
    env: {},
    clientSettings: { retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 } },
  });
  const checkpoints = new MemoryCheckpointStore();
  const lines: string[] = [];
  const run = (extra: Partial<InventorySyncOptions> = {}) =>
    runInventorySync({
      b1: b1.client,
      magento: magento.client,
      checkpoints,
      report: new RunReport("test", { out: (line) => lines.push(line) }),
      buffer: { absolute: 2 },
      httpCalls: { sapb1: () => b1Fake.calls.length, magento: () => magentoFake.calls.length },
      ...extra,
    });
  const pushes = () => magentoFake.callCount({ method: "POST", path: SOURCE_ITEMS });
  return { clock, b1Fake, magentoFake, checkpoints, lines, run, pushes };
}

/** Sellable = on hand − committed − 2 (the buffer), never below zero; the seed commits stock/20 in MAIN. */
function expectedLevel(sku: string, warehouse: "MAIN" | "EAST"): number {
  const stock = SEED_PRODUCTS.find((p) => p.sku === sku)?.stock[warehouse] ?? 0;
  const committed = warehouse === "MAIN" ? Math.floor(stock / 20) : 0;
  return Math.max(0, stock - committed - 2);
}

describe("sapb1-to-magento-inventory", () => {
  it("I2, I4: the first run publishes every good item per source; stock in an unmapped warehouse holds its item back", async () => {
    const { b1Fake, magentoFake, run, pushes } = setup();
    b1Fake.addWarehouse("QC", "Quality control");
    b1Fake.setStock("SCALE-DIGI", "QC", { inStock: 4 });
    const before = magentoFake.sourceItem("SCALE-DIGI", "default");

    const summary = await run();

    expect(summary.posted).toBe(SEED_PRODUCTS.length - 1);
    expect(summary.quarantined).toBe(1);
    expect(summary.exceptions).toEqual([
      expect.objectContaining({
        code: "WAREHOUSE_NOT_MAPPED",
        failureId: "I4",
        owner: "operations",
        records: [{ system: "sapb1", type: "item", id: "SCALE-DIGI" }],
      }),
    ]);
    for (const product of SEED_PRODUCTS.filter((p) => p.sku !== "SCALE-DIGI")) {
      expect(magentoFake.sourceItem(product.sku, "default")?.quantity).toBe(expectedLevel(product.sku, "MAIN"));
      expect(magentoFake.sourceItem(product.sku, "leipzig")?.quantity).toBe(expectedLevel(product.sku, "EAST"));
    }
    expect(magentoFake.sourceItem("SCALE-DIGI", "default")).toEqual(before);
    // 22 levels in chunks of 20: two requests (I7), one B1 page.
    expect(pushes()).toBe(2);
    expect(summary.httpCalls).toEqual({ sapb1: 2, magento: 2 });
  });

  it("I2: a rerun pushes nothing when no stock changed; the held item is read again until its warehouse is mapped", async () => {
    const { b1Fake, run, pushes, checkpoints } = setup();
    b1Fake.addWarehouse("QC");
    b1Fake.setStock("SCALE-DIGI", "QC", { inStock: 4 });
    await run();
    const pushed = pushes();
    const watermark = await checkpoints.get(CHECKPOINT_KEYS.watermark);

    const rerun = await run();
    expect(pushes()).toBe(pushed);
    expect(rerun.posted).toBe(0);
    expect(rerun.quarantined).toBe(1);
    expect(await checkpoints.get(CHECKPOINT_KEYS.watermark)).toBe(watermark);

    // Operations decide QC never sells online: the held item goes through, and only it.
    const fixed = await run({ ignoredWarehouses: ["QC"] });
    expect(fixed).toMatchObject({ posted: 1, quarantined: 0 });
    expect(pushes()).toBe(pushed + 1);
  });

  it("I2: changing one item's stock in B1 pushes exactly that SKU, in one request", async () => {
    const { clock, b1Fake, magentoFake, run, pushes } = setup();
    await run();
    const pushed = pushes();
    const others = magentoFake.sourceItems().filter((s) => s.sku !== "TEA-BLACK");

    clock.time += 3_600_000;
    b1Fake.setStock("TEA-BLACK", "EAST", { inStock: 12 });
    const summary = await run();

    expect(summary.posted).toBe(1);
    expect(pushes()).toBe(pushed + 1);
    expect(magentoFake.sourceItem("TEA-BLACK", "leipzig")?.quantity).toBe(10);
    expect(magentoFake.sourceItem("TEA-BLACK", "default")?.quantity).toBe(expectedLevel("TEA-BLACK", "MAIN"));
    expect(magentoFake.sourceItems().filter((s) => s.sku !== "TEA-BLACK")).toEqual(others);
  });

  it("an order committed in B1 lowers what Magento may sell; the watermark then reads only the changed item", async () => {
    const { clock, b1Fake, magentoFake, run } = setup();
    await run();
    clock.time += 60_000;
    const { client } = connectSapB1({ fake: b1Fake, env: {} });
    await client.entities.create("Orders", {
      CardCode: "C10002",
      NumAtCard: "100077",
      DocumentLines: [{ ItemCode: "KETTLE-STEEL", Quantity: 5, UnitPrice: 49, VatGroup: "S19", WarehouseCode: "MAIN" }],
    });
    const summary = await run();
    expect(summary.posted).toBe(1);
    expect(magentoFake.sourceItem("KETTLE-STEEL", "default")?.quantity).toBe(expectedLevel("KETTLE-STEEL", "MAIN") - 5);
    // The watermark moved to the kettle's change time: the next run reads only what changed that day, the kettle.
    const later = await run();
    expect(later).toMatchObject({ posted: 0, skipped: 1, quarantined: 0 });
  });

  it("I3, I5: per-SKU buffers, aggregation of MAIN+EAST into one source, never negative", async () => {
    const { b1Fake, magentoFake, run } = setup();
    b1Fake.setStock("SCALE-DIGI", "MAIN", { inStock: 2, committed: 6 });
    await run({
      sources: { default: ["MAIN", "EAST"] },
      bufferBySku: { "MUG-RED": { percent: 10 } },
    });
    // MUG-RED: 88 − 4 + 12 = 96 sellable, 10 % (rounded up) = 10 held back.
    expect(magentoFake.sourceItem("MUG-RED", "default")?.quantity).toBe(86);
    // MUG-BLUE: 140 − 7 + 35 = 168, minus 2.
    expect(magentoFake.sourceItem("MUG-BLUE", "default")?.quantity).toBe(166);
    expect(magentoFake.sourceItem("SCALE-DIGI", "default")).toMatchObject({ quantity: 0, status: 0 });
  });

  it("I7: chunks respect Magento's input list limit of 20; a larger chunk is rejected and the items are retried next run", async () => {
    const { magentoFake, run, pushes } = setup({ inputLimits: true });
    const tooBig = await run({ chunkSize: 24 });
    expect(tooBig.quarantined).toBe(SEED_PRODUCTS.length);
    expect(new Set(tooBig.exceptions.map((e) => e.code))).toEqual(new Set(["API_CALL_FAILED"]));
    const fine = await run();
    expect(fine).toMatchObject({ posted: SEED_PRODUCTS.length, quarantined: 0 });
    expect(pushes()).toBe(1 + 2);
    expect(magentoFake.sourceItem("MUG-BLUE", "leipzig")?.quantity).toBe(expectedLevel("MUG-BLUE", "EAST"));
  });

  it("faults: with seeded transient errors on both sides and lost Magento responses, every level ends up published once", async () => {
    const { b1Fake, magentoFake, run } = setup();
    b1Fake.faults.configure({ seed: 5, errorRate: 0.3, match: { method: "GET" } });
    magentoFake.faults.configure({ seed: 9, errorRate: 0.3, lostResponseRate: 0.4, match: { path: SOURCE_ITEMS } });
    let runs = 0;
    let summary = await run({ chunkSize: 5 });
    while (summary.quarantined > 0 && runs < 5) {
      runs++;
      summary = await run({ chunkSize: 5 });
    }
    expect(summary.quarantined).toBe(0);
    expect(magentoFake.faults.injected["lost-response"] + magentoFake.faults.injected.error).toBeGreaterThan(0);
    for (const product of SEED_PRODUCTS) {
      for (const [source, warehouse] of [
        ["default", "MAIN"],
        ["leipzig", "EAST"],
      ] as const) {
        const rows = magentoFake.sourceItems().filter((s) => s.sku === product.sku && s.source_code === source);
        expect(rows).toHaveLength(1);
        expect(rows[0]?.quantity).toBe(expectedLevel(product.sku, warehouse));
      }
    }
  });

  it("a full resync reads every item again but still pushes only differences", async () => {
    const { b1Fake, run, pushes } = setup();
    await run();
    const pushed = pushes();
    const summary = await run({ fullResync: true });
    expect(summary).toMatchObject({ posted: 0, skipped: SEED_PRODUCTS.length });
    expect(pushes()).toBe(pushed);
    expect(b1Fake.callCount({ method: "GET", path: "/Items" })).toBe(2);
  });
});
