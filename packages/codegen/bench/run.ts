/**
 * Codegen benchmark (reports, never asserts): generation wall time, generated `.d.ts` sizes of all five clients (BC
 * and B1 from `$metadata`; BigCommerce, Magento and Oro from OpenAPI, with the client packages' own
 * `codegen.config.ts`), and the type-check time and peak memory of consumer files that use the clients' types through
 * openapi-fetch (`consumer-five`: all five together, path-based, as the runtimes do), as ratios to an empty file
 * checked by the same tsc in the same run (runs interleaved, medians). Method as in
 * shared/docs/background/odata-generator-anchors.md: `node …/tsc.js -p <tsconfig>` with strict, skipLibCheck,
 * noEmit, moduleResolution Bundler, one file per tsconfig.
 *
 * Writes bench-results/codegen.json. `BENCH_RUNS` sets the number of tsc runs per file (default 3).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { arch, cpus, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig, resolveSpecsDir } from "../src/config.js";
import { generate } from "../src/generate.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const tmp = join(packageDir, "bench", ".tmp");
const specs = resolveSpecsDir(packageDir);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const tsc = createRequire(import.meta.url).resolve("typescript/lib/tsc.js");
const timeBinary = ["/usr/bin/time", "/bin/time"].find((candidate) => existsSync(candidate));

function dtsBytes(dir: string): number {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".d.ts"))
    .reduce((total, name) => total + statSync(join(dir, name)).size, 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const CONSUMERS: Record<string, string> = {
  empty: "export {};\n",
  // The anchors' two operations per client, through openapi-fetch's createClient<paths>() (method + path string).
  consumer: `import createClient from "openapi-fetch";
import type { paths as BcPaths, SelectFrom } from "./bc/index.js";
import type { paths as B1Paths } from "./sapb1/index.js";

const bc = createClient<BcPaths>({ baseUrl: "https://api.businesscentral.dynamics.com/v2.0/t/production/api/v2.0" });
const b1 = createClient<B1Paths>({ baseUrl: "https://localhost:50000/b1s/v2" });

export async function run(company_id: string): Promise<number> {
  const orders = await bc.GET("/companies({company_id})/salesOrders", {
    params: { path: { company_id }, query: { $select: "id,number,totalAmountIncludingTax", $filter: "customerNumber eq '10000'", $top: 10 } },
  });
  const rows = (orders.data?.value ?? []) as SelectFrom<"salesOrders", readonly ["id", "number", "totalAmountIncludingTax"]>[];
  await bc.POST("/companies({company_id})/salesOrders", {
    params: { path: { company_id } },
    body: { customerNumber: "10000", externalDocumentNumber: "EXT-1" },
  });
  const b1Orders = await b1.GET("/Orders", {
    params: { query: { $select: "DocEntry,CardCode,DocTotal", $filter: "CardCode eq 'C20000'", $top: 10 } },
  });
  await b1.POST("/Orders", { body: { CardCode: "C20000", DocumentLines: [{ ItemCode: "A00001", Quantity: 1 }] } });
  return Number(rows[0]?.totalAmountIncludingTax ?? 0) + (b1Orders.data?.value[0]?.DocTotal ?? 0);
}
`,
  // The same calls through openapi-fetch's path-based client (same runtime, the path picked by property access).
  "consumer-path-based": `import { createPathBasedClient } from "openapi-fetch";
import type { paths as BcPaths, SelectFrom } from "./bc/index.js";
import type { paths as B1Paths } from "./sapb1/index.js";

const bc = createPathBasedClient<BcPaths>({ baseUrl: "https://api.businesscentral.dynamics.com/v2.0/t/production/api/v2.0" });
const b1 = createPathBasedClient<B1Paths>({ baseUrl: "https://localhost:50000/b1s/v2" });

export async function run(company_id: string): Promise<number> {
  const orders = await bc["/companies({company_id})/salesOrders"].GET({
    params: { path: { company_id }, query: { $select: "id,number,totalAmountIncludingTax", $filter: "customerNumber eq '10000'", $top: 10 } },
  });
  const rows = (orders.data?.value ?? []) as SelectFrom<"salesOrders", readonly ["id", "number", "totalAmountIncludingTax"]>[];
  await bc["/companies({company_id})/salesOrders"].POST({
    params: { path: { company_id } },
    body: { customerNumber: "10000", externalDocumentNumber: "EXT-1" },
  });
  const b1Orders = await b1["/Orders"].GET({
    params: { query: { $select: "DocEntry,CardCode,DocTotal", $filter: "CardCode eq 'C20000'", $top: 10 } },
  });
  await b1["/Orders"].POST({ body: { CardCode: "C20000", DocumentLines: [{ ItemCode: "A00001", Quantity: 1 }] } });
  return Number(rows[0]?.totalAmountIncludingTax ?? 0) + (b1Orders.data?.value[0]?.DocTotal ?? 0);
}
`,
  // All five clients in one file through openapi-fetch's path-based client (what the client runtimes build on).
  "consumer-five": `import { createPathBasedClient } from "openapi-fetch";
import type { paths as BcPaths } from "./bc/index.js";
import type { paths as B1Paths } from "./sapb1/index.js";
import type { paths as BigCommercePaths, paymentsPaths as BigCommercePaymentsPaths } from "./bigcommerce/index.js";
import type { paths as MagentoPaths } from "./magento/index.js";
import type { paths as OroPaths } from "./oro/index.js";

const bc = createPathBasedClient<BcPaths>({ baseUrl: "https://api.businesscentral.dynamics.com/v2.0/t/production/api/v2.0" });
const b1 = createPathBasedClient<B1Paths>({ baseUrl: "https://localhost:50000/b1s/v2" });
const bigcommerce = createPathBasedClient<BigCommercePaths>({ baseUrl: "https://api.bigcommerce.com/stores/abc" });
const payments = createPathBasedClient<BigCommercePaymentsPaths>({ baseUrl: "https://payments.bigcommerce.com/stores/abc" });
const magento = createPathBasedClient<MagentoPaths>({ baseUrl: "https://shop.example/rest/default" });
const oro = createPathBasedClient<OroPaths>({ baseUrl: "https://oro.example/admin/api" });

export async function run(company_id: string): Promise<number> {
  const orders = await bc["/companies({company_id})/salesOrders"].GET({
    params: { path: { company_id }, query: { $select: "id,number,totalAmountIncludingTax", $top: 10 } },
  });
  await bc["/companies({company_id})/salesOrders"].POST({
    params: { path: { company_id } },
    body: { customerNumber: "10000", externalDocumentNumber: "EXT-1" },
  });
  const b1Orders = await b1["/Orders"].GET({ params: { query: { $select: "DocEntry,CardCode,DocTotal", $top: 10 } } });
  await b1["/Orders"].POST({ body: { CardCode: "C20000", DocumentLines: [{ ItemCode: "A00001", Quantity: 1 }] } });

  const order = await bigcommerce["/v2/orders/{order_id}"].GET({ params: { path: { order_id: 100 } } });
  const lines = await bigcommerce["/v2/orders/{order_id}/products"].GET({ params: { path: { order_id: 100 } } });
  const products = await bigcommerce["/v3/catalog/products"].GET({ params: { query: { limit: 50, page: 1 } } });
  await bigcommerce["/v3/inventory/adjustments/absolute"].PUT({
    body: { reason: "sync", items: [{ location_id: 1, sku: "SKU-1", quantity: 5 }] },
  });
  await payments["/payments"].POST({ body: { payment: { instrument: { type: "stored_card", token: "t" }, payment_method_id: "m" } } });

  const magentoOrders = await magento["/V1/orders"].GET({ params: { query: { "searchCriteria[pageSize]": 20 } } });
  await magento["/V1/products"].POST({ body: { product: { sku: "SKU-1", name: "Shirt", price: 10, attribute_set_id: 4 } } });

  const oroOrders = await oro["/orders"].GET({ params: { query: { "filter[id][gt]": "10" } } });

  return (
    Number(orders.data?.value[0]?.totalAmountIncludingTax ?? 0) +
    (b1Orders.data?.value[0]?.DocTotal ?? 0) +
    Number(order.data?.total_inc_tax ?? 0) +
    (lines.data?.length ?? 0) +
    (products.data?.data?.length ?? 0) +
    (magentoOrders.data?.total_count ?? 0) +
    (oroOrders.data?.data.length ?? 0)
  );
}
`,
};

interface TscRun {
  seconds: number;
  peakMB: number;
  ok: boolean;
}

function runTsc(name: string): TscRun {
  const config = join(tmp, `tsconfig.${name}.json`);
  const started = performance.now();
  const result = timeBinary
    ? spawnSync(timeBinary, ["-f", "%M", process.execPath, tsc, "-p", config], { encoding: "utf8" })
    : spawnSync(process.execPath, [tsc, "-p", config, "--extendedDiagnostics"], { encoding: "utf8" });
  const seconds = (performance.now() - started) / 1000;
  let peakMB = Number.NaN;
  if (timeBinary) {
    const kb = Number(result.stderr.trim().split("\n").pop());
    peakMB = kb / 1024;
  } else {
    const match = /Memory used:\s+(\d+)K/.exec(result.stdout);
    if (match) peakMB = Number(match[1]) / 1024;
  }
  const ok = result.status === 0;
  if (!ok) console.error(`tsc failed for ${name}:\n${result.stdout}${result.stderr}`);
  return { seconds, peakMB, ok };
}

async function main(): Promise<void> {
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const generation: Record<string, number> = {};
  for (const [vendor, spec] of [
    ["bc", "business-central/metadata.xml"],
    ["sapb1", "sap-b1/b1s-v2/metadata.standard.xml"],
  ] as const) {
    const started = performance.now();
    await generate({ vendor, metadata: join(specs, spec), out: join(tmp, vendor), specsDir: specs });
    generation[vendor] = (performance.now() - started) / 1000;
  }
  for (const client of ["bigcommerce", "magento", "oro"] as const) {
    const options = await loadConfig(join(packageDir, "..", `${client}-client`, "codegen.config.ts"));
    const started = performance.now();
    await generate({ ...options, out: join(tmp, client) });
    generation[client] = (performance.now() - started) / 1000;
  }
  const base = {
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2022", "DOM"],
      module: "ESNext",
      moduleResolution: "Bundler",
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      types: ["node"],
    },
  };
  writeFileSync(join(tmp, "tsconfig.base.json"), JSON.stringify(base, null, 2));
  for (const [name, source] of Object.entries(CONSUMERS)) {
    writeFileSync(join(tmp, `${name}.ts`), source);
    writeFileSync(
      join(tmp, `tsconfig.${name}.json`),
      JSON.stringify({ extends: "./tsconfig.base.json", files: [`${name}.ts`] }),
    );
  }
  const samples: Record<string, TscRun[]> = Object.fromEntries(Object.keys(CONSUMERS).map((name) => [name, []]));
  runTsc("empty"); // warm the file cache
  for (let run = 0; run < runs; run++) {
    for (const name of Object.keys(CONSUMERS)) samples[name]?.push(runTsc(name));
  }
  const stat = (name: string) => ({
    seconds: median((samples[name] ?? []).map((sample) => sample.seconds)),
    peakMB: median((samples[name] ?? []).map((sample) => sample.peakMB)),
    ok: (samples[name] ?? []).every((sample) => sample.ok),
  });
  const empty = stat("empty");
  const consumer = stat("consumer");
  const pathBased = stat("consumer-path-based");
  const five = stat("consumer-five");
  const clients = ["bc", "sapb1", "bigcommerce", "magento", "oro"] as const;
  const metrics = {
    ...Object.fromEntries(clients.map((client) => [`${client}.generateSeconds`, generation[client] ?? Number.NaN])),
    ...Object.fromEntries(clients.map((client) => [`${client}.dtsMB`, dtsBytes(join(tmp, client)) / 1e6])),
    "all.dtsMB": clients.reduce((total, client) => total + dtsBytes(join(tmp, client)), 0) / 1e6,
    "tsc.empty.seconds": empty.seconds,
    "tsc.empty.peakMB": empty.peakMB,
    "tsc.consumer.seconds": consumer.seconds,
    "tsc.consumer.peakMB": consumer.peakMB,
    "tsc.consumer.ratio": consumer.seconds / empty.seconds,
    "tsc.consumer.memoryRatio": consumer.peakMB / empty.peakMB,
    "tsc.consumerPathBased.seconds": pathBased.seconds,
    "tsc.consumerPathBased.peakMB": pathBased.peakMB,
    "tsc.consumerPathBased.ratio": pathBased.seconds / empty.seconds,
    "tsc.consumerPathBased.memoryRatio": pathBased.peakMB / empty.peakMB,
    "tsc.consumerFive.seconds": five.seconds,
    "tsc.consumerFive.peakMB": five.peakMB,
    "tsc.consumerFive.ratio": five.seconds / empty.seconds,
    "tsc.consumerFive.memoryRatio": five.peakMB / empty.peakMB,
  };
  const output = {
    suite: "codegen",
    date: new Date().toISOString(),
    environment: {
      node: process.version,
      arch: arch(),
      cpu: cpus()[0]?.model ?? "unknown",
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      loadAverage: (await import("node:os")).loadavg()[0],
    },
    runs,
    targets: { "bc.dtsMB": 0.6, "sapb1.dtsMB": 6, "tsc.consumer.ratio": 1.6, "tsc.consumerFive.ratio": 2 },
    typecheckOk: { consumer: consumer.ok, "consumer-path-based": pathBased.ok, "consumer-five": five.ok },
    metrics,
    samples,
  };
  const resultsDir = join(packageDir, "bench-results");
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, "codegen.json");
  writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);
  process.stdout.write("\ncodegen\n");
  for (const [key, value] of Object.entries(metrics)) process.stdout.write(`  ${key.padEnd(36)} ${value.toFixed(3)}\n`);
  process.stdout.write(`results: ${file}\n`);
}

await main();
