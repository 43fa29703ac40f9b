/**
 * `pnpm --filter @org/mapping-tests bench`: orders per second through storefront → canonical → ERP, per storefront,
 * for 1,000 generated orders held as the JSON text the storefront's API returns: JSON.parse + vendor mapper +
 * `prepareSalesOrder` + `toBcSalesOrder`, against JSON.parse alone of the same strings (the floor any pipeline
 * pays). Reported, never asserted. Results: bench-results/mappings.json.
 */

import { toBcSalesOrder } from "@org/bc-client";
import { runBenchSuite } from "@org/bench-harness";
import { prepareSalesOrder } from "@org/core";
import fc from "fast-check";
import {
  type NeutralOrder,
  neutralOrderArbitrary,
  toBigCommerceBundle,
  toMagentoOrder,
  toOroDocument,
} from "../src/neutral-order.js";
import { lookups, postingConfig, type Storefront, toCanonical } from "../src/pipeline.js";

const ORDERS = 1000;
const storefronts: Array<{ name: Storefront; render: (order: NeutralOrder) => unknown; singleRate: boolean }> = [
  { name: "bigcommerce", render: toBigCommerceBundle, singleRate: false },
  { name: "magento", render: toMagentoOrder, singleRate: false },
  { name: "oro", render: toOroDocument, singleRate: true },
];

const payloads = new Map(
  storefronts.map(({ name, render, singleRate }) => {
    const orders = fc.sample(neutralOrderArbitrary({ singleRate, giftCards: name !== "oro" }), {
      numRuns: ORDERS,
      seed: 20_260_301,
    });
    return [name, { orders, json: orders.map((order) => JSON.stringify(render(order))) }];
  }),
);

/** Every order must post, or the benchmark would time the exception path instead. */
function postAll(name: Storefront, json: readonly string[], orders: readonly NeutralOrder[]): number {
  let posted = 0;
  for (let i = 0; i < json.length; i++) {
    const rate = orders[i]?.lines[0]?.ratePercent ?? 0;
    const order = toCanonical(name, JSON.parse(json[i] as string), { oro: { orderTax: { ratePercent: rate } } });
    if (order.kind !== "ok") throw new Error(`${name} order ${i} did not map: ${JSON.stringify(order)}`);
    const plan = prepareSalesOrder(order.value, postingConfig, lookups);
    if (plan.kind !== "ok") throw new Error(`${name} order ${i} did not plan: ${JSON.stringify(plan)}`);
    const body = toBcSalesOrder(plan.value, {
      customerNumber: "C10000",
      localCurrency: "USD",
      pricesIncludeTax: false,
    });
    if (body.kind === "ok") posted++;
  }
  return posted;
}

for (const { name } of storefronts) {
  const { json, orders } = payloads.get(name) ?? { json: [], orders: [] };
  if (postAll(name, json, orders) !== ORDERS) throw new Error(`${name}: not every generated order posts`);
}

const pipelineTask = (name: Storefront) => `${name}: JSON.parse + map + prepare + toBcSalesOrder (${ORDERS} orders)`;
const parseTask = (name: Storefront) => `${name}: JSON.parse only (${ORDERS} orders)`;

await runBenchSuite({
  suite: "mappings",
  packageDir: new URL("..", import.meta.url),
  tasks: storefronts.flatMap(({ name }) => {
    const { json, orders } = payloads.get(name) ?? { json: [], orders: [] };
    return [
      { name: pipelineTask(name), fn: () => postAll(name, json, orders) },
      {
        name: parseTask(name),
        fn: () => {
          let keys = 0;
          for (const text of json) keys += Object.keys(JSON.parse(text) as object).length;
          return keys;
        },
      },
    ];
  }),
  metrics: (results) =>
    Object.fromEntries(
      storefronts.flatMap(({ name }) => {
        const pipeline = results[pipelineTask(name)];
        const parse = results[parseTask(name)];
        if (!pipeline || !parse) return [];
        return [
          [`${name}: orders/s through storefront → canonical → BC`, Math.round((ORDERS * 1000) / pipeline.meanMs)],
          [`${name}: orders/s JSON.parse only`, Math.round((ORDERS * 1000) / parse.meanMs)],
          [`${name}: pipeline ÷ JSON.parse time`, Number((pipeline.meanMs / parse.meanMs).toFixed(1))],
        ];
      }),
    ),
});
