/**
 * `pnpm --filter @org/example-bc-to-bigcommerce-inventory bench`: HTTP calls per synced SKU against the minimum
 * (one BC page per 1,000 items, one BigCommerce request per 2,000 levels), measured on the fakes, and the time of
 * the pure steps (availability, delta, adjustment body) for a 4,500-SKU catalogue. Results:
 * bench-results/bc-to-bigcommerce-inventory.json. Reported, never asserted.
 */

import { runBenchSuite } from "@org/bench-harness";
import { BIGCOMMERCE_MAX_INVENTORY_ADJUSTMENT_ITEMS, toBigCommerceInventoryAdjustments } from "@org/bigcommerce-client";
import { computeAvailability, Decimal, type StockLevel } from "@org/core";
import { connectBc, connectBigCommerce, MemoryCheckpointStore } from "@org/example-kit";
import { createBcFake, createBigCommerceFake, SEED_PRODUCTS } from "@org/testing";
import { DEMO_BUFFER, TOTAL_STOCK_TARGETS } from "../src/demo.js";
import { runInventorySync } from "../src/pipeline.js";
import { levelsToPush } from "../src/published-levels.js";

const BC_PAGE_SIZE = 1000;
const quiet = { out: () => {} };

/** One full sync and one delta sync (one SKU changed) against fresh fakes; the calls each made. */
async function measureCalls(locationIds?: Record<string, number>) {
  const bcFake = createBcFake();
  const bigCommerceFake = createBigCommerceFake({ rateLimit: false });
  const env = {};
  const bc = connectBc({ fake: bcFake, env });
  const bigCommerce = connectBigCommerce({ fake: bigCommerceFake, env });
  const checkpoints = new MemoryCheckpointStore();
  const options = {
    bc,
    bigCommerce,
    checkpoints,
    targets: TOTAL_STOCK_TARGETS,
    buffer: DEMO_BUFFER,
    report: quiet,
    ...(locationIds ? { locationIds } : {}),
  };
  const full = await runInventorySync(options);
  bcFake.setStock("MUG-BLUE", "MAIN", 12);
  const delta = await runInventorySync(options);
  const calls = (s: typeof full) => (s.httpCalls.bc ?? 0) + (s.httpCalls.bigcommerce ?? 0);
  const minimum = (synced: number) =>
    Math.ceil(SEED_PRODUCTS.length / BC_PAGE_SIZE) + Math.ceil(synced / BIGCOMMERCE_MAX_INVENTORY_ADJUSTMENT_ITEMS);
  return {
    fullCalls: calls(full),
    fullSynced: full.posted,
    fullMinimum: minimum(full.posted),
    deltaCalls: calls(delta),
    deltaSynced: delta.posted,
    deltaMinimum: minimum(delta.posted),
  };
}

const measured = await measureCalls();
const withKnownLocations = await measureCalls({ default: 1 });

// The pure steps for a catalogue the size of a mid-size store (the fakes' catalogue is the 12-SKU seed).
const SKUS = 4500;
const stock: StockLevel[] = Array.from({ length: SKUS }, (_, i) => ({
  sku: `SKU-${String(i).padStart(5, "0")}`,
  warehouse: "ALL",
  onHand: Decimal.from((i * 7919) % 400),
  committed: Decimal.ZERO,
}));
const published = computeAvailability(stock, { targets: TOTAL_STOCK_TARGETS, buffer: DEMO_BUFFER });
const changedStock = stock.map((level, i) => (i % 50 === 0 ? { ...level, onHand: level.onHand.add(1) } : level));

await runBenchSuite({
  suite: "bc-to-bigcommerce-inventory",
  packageDir: new URL("..", import.meta.url),
  timeMs: 300,
  tasks: [
    {
      name: `full sync of ${SKUS} SKUs: availability + adjustment body`,
      fn: () =>
        toBigCommerceInventoryAdjustments(
          levelsToPush([], computeAvailability(stock, { targets: TOTAL_STOCK_TARGETS, buffer: DEMO_BUFFER })),
          { locationIdsByLocation: { default: 1 } },
        ),
    },
    {
      name: `delta sync of ${SKUS} SKUs (2 % changed): availability + delta + body`,
      fn: () =>
        toBigCommerceInventoryAdjustments(
          levelsToPush(
            published,
            computeAvailability(changedStock, { targets: TOTAL_STOCK_TARGETS, buffer: DEMO_BUFFER }),
          ),
          { locationIdsByLocation: { default: 1 } },
        ),
    },
  ],
  metrics: () => ({
    "full sync: HTTP calls": measured.fullCalls,
    "full sync: HTTP calls per synced SKU": measured.fullCalls / measured.fullSynced,
    "full sync: calls / minimum (BC pages + adjustments of 2,000)": measured.fullCalls / measured.fullMinimum,
    "delta sync (1 SKU): HTTP calls": measured.deltaCalls,
    "delta sync: calls / minimum": measured.deltaCalls / measured.deltaMinimum,
    "full sync, location ids configured: calls / minimum":
      withKnownLocations.fullCalls / withKnownLocations.fullMinimum,
    [`adjustment requests for ${SKUS} SKUs`]: Math.ceil(
      toBigCommerceInventoryAdjustments(levelsToPush([], published), { locationIdsByLocation: { default: 1 } }).body
        .items.length / BIGCOMMERCE_MAX_INVENTORY_ADJUSTMENT_ITEMS,
    ),
  }),
});
