/**
 * `pnpm --filter @org/example-oro-to-bc-orders bench`: HTTP calls per synced order against the minimum, and the time
 * of a whole run against the in-process fakes. The minimum is one Oro page of 100 orders (with everything the
 * mapper needs included) plus one BC deep insert per posted order; the pipeline also reads the BC items and the
 * Oro price list once, asks both tokens once, and looks up existing BC documents once per 50 orders (sales orders
 * and invoices). Results: bench-results/oro-to-bc-orders.json.
 */
import { runBenchSuite } from "@org/bench-harness";
import { connectBc, connectOro, MemoryCheckpointStore } from "@org/example-kit";
import { ORO_DEFAULT_PAGE_SIZE } from "@org/oro-client";
import { createBcFake, createOroFake } from "@org/testing";
import { runOroToBcOrders } from "../src/pipeline.js";

async function syncOnce(orderCount: number) {
  const oro = connectOro({
    fake: createOroFake({ orders: { count: orderCount } }),
    env: {},
  });
  const bc = connectBc({ fake: createBcFake(), env: {} });
  const summary = await runOroToBcOrders({
    oro,
    bc,
    checkpoints: new MemoryCheckpointStore(),
    report: { out: () => {} },
  });
  const listed = summary.posted + summary.skipped + summary.quarantined;
  const calls = (summary.httpCalls.oro ?? 0) + (summary.httpCalls.bc ?? 0);
  const minimum = Math.ceil(listed / ORO_DEFAULT_PAGE_SIZE) + summary.posted;
  return { summary, listed, calls, minimum };
}

const metrics: Record<string, number> = {};
for (const count of [30, 300]) {
  const { summary, calls, minimum, listed } = await syncOnce(count);
  metrics[`${count} seed orders: orders listed`] = listed;
  metrics[`${count} seed orders: orders posted`] = summary.posted;
  metrics[`${count} seed orders: HTTP calls (Oro ${summary.httpCalls.oro}, BC ${summary.httpCalls.bc})`] = calls;
  metrics[`${count} seed orders: HTTP calls per posted order`] = calls / summary.posted;
  metrics[`${count} seed orders: minimum calls`] = minimum;
  metrics[`${count} seed orders: calls ÷ minimum`] = calls / minimum;
}

await runBenchSuite({
  suite: "oro-to-bc-orders",
  packageDir: new URL("..", import.meta.url),
  timeMs: 2000,
  tasks: [{ name: "sync 30 Oro orders to BC (in-process fakes)", fn: () => syncOnce(30) }],
  metrics: () => metrics,
});
