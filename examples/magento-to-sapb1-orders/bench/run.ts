/**
 * `pnpm --filter @org/example-magento-to-sapb1-orders bench`: HTTP calls per synced order against the minimum, and
 * the time of a whole run against the in-process fakes. The minimum is one Magento page per 300 orders plus one B1
 * POST per posted order (a `$batch` would need no fewer calls to be idempotent per order: each order is looked up
 * after an ambiguous failure). Results: bench-results/magento-to-sapb1-orders.json.
 */
import { runBenchSuite } from "@org/bench-harness";
import { MemoryCheckpointStore } from "@org/example-kit";
import { createMagentoClient, MAGENTO_MAX_PAGE_SIZE } from "@org/magento-client";
import { createSapB1Client } from "@org/sapb1-client";
import { createMagentoFake, createSapB1Fake, MAGENTO_FAKE_INTEGRATION, SAPB1_FAKE_COMPANY_DB } from "@org/testing";
import { runMagentoToSapB1Orders } from "../src/pipeline.js";

async function syncOnce(orderCount: number) {
  const magentoFake = createMagentoFake({ orders: { count: orderCount } });
  const b1Fake = createSapB1Fake();
  const summary = await runMagentoToSapB1Orders({
    magento: createMagentoClient({
      baseUrl: magentoFake.shopUrl,
      auth: { type: "oauth1", ...MAGENTO_FAKE_INTEGRATION },
      fetch: magentoFake.fetch,
    }),
    sapb1: createSapB1Client({
      baseUrl: b1Fake.baseUrl,
      companyDb: SAPB1_FAKE_COMPANY_DB,
      username: "manager",
      password: "fake-password-not-secret",
      fetch: b1Fake.fetch,
    }),
    checkpoints: new MemoryCheckpointStore(),
    report: { out: () => {} },
    httpCalls: { magento: () => magentoFake.calls.length, sapb1: () => b1Fake.calls.length },
  });
  const listed = summary.posted + summary.skipped + summary.quarantined;
  const calls = (summary.httpCalls.magento ?? 0) + (summary.httpCalls.sapb1 ?? 0);
  const minimum = Math.ceil(listed / MAGENTO_MAX_PAGE_SIZE) + summary.posted;
  return { summary, listed, calls, minimum };
}

const metrics: Record<string, number> = {};
for (const count of [30, 600]) {
  const { summary, calls, minimum, listed } = await syncOnce(count);
  metrics[`${count} seed orders: orders listed`] = listed;
  metrics[`${count} seed orders: orders posted`] = summary.posted;
  metrics[`${count} seed orders: HTTP calls (Magento ${summary.httpCalls.magento}, B1 ${summary.httpCalls.sapb1})`] =
    calls;
  metrics[`${count} seed orders: HTTP calls per posted order`] = calls / summary.posted;
  metrics[`${count} seed orders: minimum calls`] = minimum;
  metrics[`${count} seed orders: calls ÷ minimum`] = calls / minimum;
}

await runBenchSuite({
  suite: "magento-to-sapb1-orders",
  packageDir: new URL("..", import.meta.url),
  timeMs: 2000,
  tasks: [{ name: "sync 30 Magento orders to B1 (in-process fakes)", fn: () => syncOnce(30) }],
  metrics: () => metrics,
});
