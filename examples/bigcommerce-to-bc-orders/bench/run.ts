/**
 * `pnpm --filter @org/example-bigcommerce-to-bc-orders bench`: 10,000 BigCommerce orders through the pipeline
 * against the fakes, under Business Central's limits scaled in time so that a run takes seconds.
 *
 * (a) HTTP calls per synced order (counted by the fakes) against the least the vendors' APIs allow:
 *     BigCommerce: one list call per 250 orders, plus the sub-resources `fromBigCommerceOrder` needs per order
 *     (products, shipping addresses, taxes, transactions; coupons only for orders with a coupon);
 *     Business Central: one deep insert per order (model "deep insert"), or 100 deep inserts per `$batch`
 *     (model "$batch"); look-ups are counted as overhead in both models.
 * (b) Wall time against the limit-bound ideal: BC allows 6,000 requests per 5 minutes and 5 in flight; scaled by
 *     TIME_FACTOR (1/100) that is 6,000 per 3 s, the same numbers for the client's governor and for the fake.
 *     Ideal = max(BC requests ÷ quota × window, BC requests × per-request time ÷ 5, storefront requests ÷ its quota
 *     × its window). The fake BC holds each request for PROCESSING_MS (≈ 200 ms of real BC time, scaled), which is
 *     what makes the concurrency bound visible. BigCommerce runs on an Enterprise-sized quota (scaled the same way)
 *     so that BC is the bound measured; the Standard plan's bound is printed for comparison.
 * The same orders also run once with every limit off: that is the floor this machine sets (fakes, clients and
 * pipeline share its cores in one process), and explains most of the distance to the limit-bound ideal.
 *
 * Each full run takes a minute or more, so the two full runs are made once, explicitly, and their numbers stored as
 * metrics through `runBenchSuite`. The tinybench tasks are repeated: the CPU work per order (map, plan, BC body), and
 * a 1,000-order run with every limit off (`iterations: 3`, no warm-up); per order, the full run against that one
 * shows whether cost grows faster than the number of orders (≈ 1 when it does not; the BC fake used to scan every
 * stored row per request, which made it quadratic).
 * Benchmarks report; nothing here asserts on time.
 */
import { fromBcItem, toBcSalesOrder } from "@org/bc-client";
import { runBenchSuite } from "@org/bench-harness";
import { fromBigCommerceOrder } from "@org/bigcommerce-client";
import { type Item, prepareSalesOrder } from "@org/core";
import { BC_DEMO_POSTING_CONFIG, connectBc, connectBigCommerce, MemoryCheckpointStore } from "@org/example-kit";
import { createBcFake, createBigCommerceFake, seedOrders } from "@org/testing";
import { runBigCommerceToBcOrders } from "../src/pipeline.js";

const ORDERS = Number(process.env.BENCH_ORDERS ?? 10_000);
/**
 * How much faster than real time the limits run. At ×1/100 (default) a 10,000-order run takes about a minute and is
 * bound by this process's CPU (≈ 4–7 ms per order), so wall/ideal shows our overhead; at BENCH_TIME_FACTOR=0.1 the
 * windows are long enough that BC's quota binds, as it does against a real tenant (50 ms per request).
 */
const TIME_FACTOR = Number(process.env.BENCH_TIME_FACTOR ?? 1 / 100);
/** BC: 6,000 requests per 5 minutes, 5 in flight (vendor-facts.md), window scaled. */
const BC_QUOTA = 6000;
const BC_WINDOW_MS = 300_000 * TIME_FACTOR;
const BC_MAX_CONCURRENT = 5;
const PROCESSING_MS = 200 * TIME_FACTOR;
/** BigCommerce: an Enterprise-sized quota per 30 s (Standard/Plus: 150), window scaled. */
const BIGCOMMERCE_QUOTA = 30_000;
const BIGCOMMERCE_STANDARD_QUOTA = 150;
const BIGCOMMERCE_WINDOW_MS = 30_000 * TIME_FACTOR;

const seeds = seedOrders({ count: ORDERS, spacingMs: 60_000 });
/** Orders of the repeated end-to-end task. */
const SMALL_RUN = Math.min(1000, ORDERS);
const smallSeeds = seedOrders({ count: SMALL_RUN, spacingMs: 60_000 });

interface RunCounts {
  listed: number;
  synced: number;
  couponOrders: number;
  storefrontCalls: number;
  bcCalls: number;
  bcWrites: number;
  peakInFlight: number;
  throttled: number;
  wallMs: number;
}
async function runOnce(limited: boolean, orders: typeof seeds = seeds): Promise<RunCounts> {
  const started = performance.now();
  const bigCommerce = connectBigCommerce({
    env: {},
    fake: createBigCommerceFake(
      limited
        ? { orders, rateLimitQuota: BIGCOMMERCE_QUOTA, rateLimitWindowMs: BIGCOMMERCE_WINDOW_MS }
        : { orders, rateLimit: false },
    ),
    clientSettings: {
      governor: limited
        ? { requestsPerWindow: BIGCOMMERCE_QUOTA, windowMs: BIGCOMMERCE_WINDOW_MS }
        : { requestsPerWindow: Number.MAX_SAFE_INTEGER, windowMs: 1000 },
    },
  });
  const bc = connectBc({
    env: {},
    fake: createBcFake(
      limited
        ? {
            processingMs: PROCESSING_MS,
            limits: { maxConcurrent: BC_MAX_CONCURRENT, requestsPerWindow: BC_QUOTA, windowMs: BC_WINDOW_MS },
          }
        : { limits: false },
    ),
    clientSettings: {
      governor: limited
        ? { maxConcurrent: BC_MAX_CONCURRENT, requestsPerWindow: BC_QUOTA, windowMs: BC_WINDOW_MS }
        : { maxConcurrent: BC_MAX_CONCURRENT },
    },
  });
  const summary = await runBigCommerceToBcOrders({
    bigCommerce,
    bc,
    checkpoints: new MemoryCheckpointStore(),
    concurrency: BC_MAX_CONCURRENT,
    report: { out: () => {}, progressEvery: Number.MAX_SAFE_INTEGER },
  });
  const storefront = bigCommerce.fake;
  const erp = bc.fake;
  if (!storefront || !erp) throw new Error("the benchmark runs against the fakes");
  const postedNumbers = new Set(erp.salesOrders().map((o) => String(o.externalDocumentNumber)));
  return {
    listed: storefront.orders().length,
    synced: summary.posted,
    couponOrders: orders.filter((s) => s.coupon && postedNumbers.has(s.number)).length,
    storefrontCalls: storefront.calls.length,
    bcCalls: erp.calls.length,
    bcWrites: erp.writes,
    peakInFlight: erp.concurrency.peakInFlight,
    throttled: erp.throttled.quota + erp.throttled.concurrency,
    wallMs: performance.now() - started,
  };
}

console.log(
  [
    `bigcommerce-to-bc-orders: ${ORDERS} orders, limits scaled ×${TIME_FACTOR}`,
    `  BC ${BC_QUOTA} requests / ${BC_WINDOW_MS} ms, ${BC_MAX_CONCURRENT} in flight, ${PROCESSING_MS} ms per request (client governor = fake)`,
    `  BigCommerce ${BIGCOMMERCE_QUOTA} requests / ${BIGCOMMERCE_WINDOW_MS} ms (Enterprise-sized; Standard is ${BIGCOMMERCE_STANDARD_QUOTA})`,
    "  minimum calls model: BigCommerce ⌈listed/250⌉ list pages + 4 sub-resources per order (+1 with a coupon);",
    "  BC: 1 deep insert per order (model 'deep insert') or ⌈orders/100⌉ $batch requests (model '$batch')",
  ].join("\n"),
);

const limited = await runOnce(true);
console.log(`  run under scaled limits: ${(limited.wallMs / 1000).toFixed(1)} s`);
const unlimited = await runOnce(false);
console.log(`  run with every limit off: ${(unlimited.wallMs / 1000).toFixed(1)} s`);

// The CPU work per order that tinybench can repeat: one seed order's bundle from the fake, mapped and planned.
const sample = createBigCommerceFake({ orders: seeds.slice(0, 12), rateLimit: false }).order(seeds[0]?.number ?? "");
if (!sample) throw new Error("no sample order");
const bundle = {
  order: sample.order,
  products: sample.products,
  shippingAddresses: sample.shippingAddresses,
  coupons: sample.coupons,
  taxes: sample.taxes,
  transactions: sample.transactions,
};
const bcItems = new Map<string, Item>();
for (const raw of createBcFake().items()) {
  const item = fromBcItem(raw, { currency: "EUR" });
  if (item.kind === "ok") bcItems.set(item.value.sku, item.value);
}

const SMALL_TASK = `${SMALL_RUN} orders end to end, every limit off`;
await runBenchSuite({
  suite: TIME_FACTOR === 1 / 100 ? "bigcommerce-to-bc-orders" : `bigcommerce-to-bc-orders-time-x${TIME_FACTOR}`,
  packageDir: new URL("..", import.meta.url),
  // The end-to-end task takes seconds per run: three runs, no warm-up (the per-order task still runs for 500 ms).
  iterations: 3,
  warmup: false,
  tasks: [
    {
      name: SMALL_TASK,
      fn: async () => {
        const run = await runOnce(false, smallSeeds);
        if (run.synced === 0) throw new Error("nothing synced");
      },
    },
    {
      name: "one order: fromBigCommerceOrder → prepareSalesOrder → toBcSalesOrder",
      fn: () => {
        const order = fromBigCommerceOrder(bundle);
        if (order.kind !== "ok") throw new Error("sample order does not map");
        const plan = prepareSalesOrder(order.value, BC_DEMO_POSTING_CONFIG, {
          itemBySku: (sku) => bcItems.get(sku),
        });
        return plan.kind === "ok"
          ? toBcSalesOrder(plan.value, { customerNumber: "C10001", localCurrency: "EUR", pricesIncludeTax: false })
          : plan;
      },
    },
  ],
  metrics: (results) => {
    const r = limited;
    const smallMsPerOrder = (results[SMALL_TASK]?.meanMs ?? Number.NaN) / SMALL_RUN;
    const minStorefront = Math.ceil(r.listed / 250) + 4 * r.synced + r.couponOrders;
    const minBcDeepInsert = r.synced;
    const minBcBatch = Math.ceil(r.synced / 100);
    const callsPerOrder = (r.storefrontCalls + r.bcCalls) / r.synced;
    const quotaBoundMs = (r.bcCalls / BC_QUOTA) * BC_WINDOW_MS;
    const concurrencyBoundMs = (r.bcCalls * PROCESSING_MS) / BC_MAX_CONCURRENT;
    const storefrontBoundMs = (r.storefrontCalls / BIGCOMMERCE_QUOTA) * BIGCOMMERCE_WINDOW_MS;
    const idealMs = Math.max(quotaBoundMs, concurrencyBoundMs, storefrontBoundMs);
    return {
      "orders synced": r.synced,
      "BigCommerce calls": r.storefrontCalls,
      "BC calls": r.bcCalls,
      "BC writes": r.bcWrites,
      "calls per synced order": callsPerOrder,
      "minimum calls per order (deep insert)": (minStorefront + minBcDeepInsert) / r.synced,
      "minimum calls per order ($batch)": (minStorefront + minBcBatch) / r.synced,
      "ratio calls / minimum (deep insert)": (r.storefrontCalls + r.bcCalls) / (minStorefront + minBcDeepInsert),
      "ratio calls / minimum ($batch)": (r.storefrontCalls + r.bcCalls) / (minStorefront + minBcBatch),
      "ratio BigCommerce calls / minimum": r.storefrontCalls / minStorefront,
      "BC peak in flight": r.peakInFlight,
      "BC 429s": r.throttled,
      "wall ms under scaled limits": r.wallMs,
      "wall ms with limits off (machine floor)": unlimited.wallMs,
      "ideal ms: BC quota bound": quotaBoundMs,
      "ideal ms: BC concurrency bound": concurrencyBoundMs,
      "ideal ms: BigCommerce quota bound": storefrontBoundMs,
      "ideal ms: BigCommerce Standard-plan bound":
        (r.storefrontCalls / BIGCOMMERCE_STANDARD_QUOTA) * BIGCOMMERCE_WINDOW_MS,
      "ratio wall / ideal": r.wallMs / idealMs,
      "ratio wall / max(ideal, machine floor)": r.wallMs / Math.max(idealMs, unlimited.wallMs),
      [`ms per order with limits off, ${SMALL_RUN}-order task mean`]: smallMsPerOrder,
      [`ms per order with limits off, ${ORDERS}-order run`]: unlimited.wallMs / ORDERS,
      [`growth: per-order time ${ORDERS} vs ${SMALL_RUN} orders (≈ 1: linear)`]:
        unlimited.wallMs / ORDERS / smallMsPerOrder,
    };
  },
});
