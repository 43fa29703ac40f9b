/**
 * `pnpm --filter @org/example-sapb1-to-magento-inventory bench`: HTTP calls per synced SKU against the minimum the two
 * APIs allow (B1: login, logout and one page per `maxpagesize` items; Magento: one request per 20 source items), for a
 * first sync of 500 items and two delta syncs after 5 of them changed (later the same day, and the next day), plus the
 * time of the whole scenario against the in-process fakes. Results: bench-results/sapb1-to-magento-inventory.json.
 */
import { runBenchSuite } from "@org/bench-harness";
import { connectMagento, connectSapB1, MemoryCheckpointStore, RunReport } from "@org/example-kit";
import { createMagentoFake, createSapB1Fake } from "@org/testing";
import { MAGENTO_SOURCE_ITEMS_PER_REQUEST, runInventorySync, SAPB1_ITEMS_PAGE_SIZE } from "../src/pipeline.js";

const ITEMS = 500;
const CHANGED = 5;
const SOURCES = 2;

async function scenario() {
  let time = Date.parse("2026-11-22T09:00:00Z");
  const b1Fake = createSapB1Fake({ now: () => time, seed: false });
  b1Fake.addWarehouse("MAIN");
  b1Fake.addWarehouse("EAST");
  for (let i = 0; i < ITEMS; i++) {
    const sku = `BENCH-${String(i).padStart(4, "0")}`;
    b1Fake.putItem({ ItemCode: sku, ItemName: `Bench item ${i}`, InventoryUOM: "PCS" });
    b1Fake.setStock(sku, "MAIN", { inStock: 50 + (i % 40), committed: i % 7 });
    b1Fake.setStock(sku, "EAST", { inStock: i % 13 });
    time += 1000; // items change one after another, not all in the same second
  }
  const magentoFake = createMagentoFake({ orders: false, inputLimits: true });
  const magento = connectMagento({ fake: magentoFake, env: {} });
  const checkpoints = new MemoryCheckpointStore();
  // Each sync as a scheduled job runs it: a new process, so a new B1 session, logged out at the end.
  const sync = async () => {
    const b1 = connectSapB1({ fake: b1Fake, env: {} });
    const b1Before = b1Fake.calls.length;
    const magentoBefore = magentoFake.calls.length;
    const summary = await runInventorySync({
      b1: b1.client,
      magento: magento.client,
      checkpoints,
      report: new RunReport("bench", { out: () => {} }),
    });
    await b1.client.close();
    return {
      synced: summary.posted,
      b1Calls: b1Fake.calls.length - b1Before,
      magentoCalls: magentoFake.calls.length - magentoBefore,
    };
  };
  const first = await sync();
  // Later the same day: only the 5 changed items (and any changed in the watermark's second) are read.
  time += 10 * 60_000;
  for (let i = 0; i < CHANGED; i++) b1Fake.setStock(`BENCH-${String(i * 97).padStart(4, "0")}`, "MAIN", { inStock: 1 });
  const sameDay = await sync();
  // The next day: only the items changed since then are read.
  time += 86_400_000;
  for (let i = 0; i < CHANGED; i++)
    b1Fake.setStock(`BENCH-${String(i * 89 + 1).padStart(4, "0")}`, "EAST", { inStock: 0 });
  const nextDay = await sync();
  return { first, sameDay, nextDay };
}

const measured = await scenario();
// Minimum calls of a run: B1 login and logout, ceil(items read / page size) B1 pages, ceil(levels / 20) Magento requests.
const minimum = (itemsRead: number, levels: number) =>
  2 + Math.ceil(itemsRead / SAPB1_ITEMS_PAGE_SIZE) + Math.ceil(levels / MAGENTO_SOURCE_ITEMS_PER_REQUEST);
const runs = {
  firstSync: { ...measured.first, minimum: minimum(ITEMS, ITEMS * SOURCES) },
  sameDayDelta: { ...measured.sameDay, minimum: minimum(CHANGED, CHANGED) },
  nextDayDelta: { ...measured.nextDay, minimum: minimum(CHANGED, CHANGED) },
};

await runBenchSuite({
  suite: "sapb1-to-magento-inventory",
  packageDir: new URL("..", import.meta.url),
  timeMs: 300,
  tasks: [{ name: `first sync of ${ITEMS} items + two delta syncs of ${CHANGED} (in-process fakes)`, fn: scenario }],
  metrics: () =>
    Object.fromEntries(
      Object.entries(runs).flatMap(([name, run]) => {
        const calls = run.b1Calls + run.magentoCalls;
        return [
          [`${name}Skus`, run.synced],
          [`${name}HttpCalls`, calls],
          [`${name}MinimumCalls`, run.minimum],
          [`${name}CallsPerSku`, calls / Math.max(1, run.synced)],
          [`${name}CallsVsMinimum`, calls / run.minimum],
        ];
      }),
    ),
});
