/**
 * Overhead of the HTTP stack per request: openapi-fetch + resilient fetch + rate governor, against a bare fetch.
 * Both variants call the same in-process handler (a `fetch` that returns `new Response(...)`, no network), so the
 * ratio isolates what the stack adds. Reports only; never asserts on time.
 */
import { meanRatio, runBenchSuite } from "@org/bench-harness";
import createClient from "openapi-fetch";
import { createRateGovernor, createResilientFetch } from "../src/index.js";

interface paths {
  "/salesOrders": {
    get: {
      parameters: { query?: { $top?: number } };
      responses: { 200: { headers: Record<string, unknown>; content: { "application/json": { value: unknown[] } } } };
    };
  };
}

const BASE = "https://api.example.com/v2.0";
const payload = JSON.stringify({
  value: [{ id: "1", externalDocumentNumber: "WEB-1001", totalAmountIncludingTax: 12.34 }],
});

/** The in-process handler both variants call. */
const inProcessFetch: typeof fetch = async () =>
  new Response(payload, { status: 200, headers: { "content-type": "application/json" } });

const plainClient = createClient<paths>({ baseUrl: BASE, fetch: inProcessFetch });
const stackClient = createClient<paths>({
  baseUrl: BASE,
  fetch: createResilientFetch({
    fetch: inProcessFetch,
    // Business Central's concurrency cap; a window large enough not to throttle the benchmark itself.
    governor: createRateGovernor({ maxConcurrent: 5, requestsPerWindow: 10_000_000, windowMs: 1000 }),
  }),
});

await runBenchSuite({
  suite: "http-stack-overhead",
  packageDir: new URL("..", import.meta.url),
  timeMs: 1000,
  tasks: [
    {
      name: "bare fetch",
      fn: async () => {
        const response = await inProcessFetch(new Request(`${BASE}/salesOrders?$top=1`));
        await response.json();
      },
    },
    {
      name: "openapi-fetch only",
      fn: async () => {
        await plainClient.GET("/salesOrders", { params: { query: { $top: 1 } } });
      },
    },
    {
      name: "openapi-fetch + resilient fetch + governor",
      fn: async () => {
        await stackClient.GET("/salesOrders", { params: { query: { $top: 1 } } });
      },
    },
  ],
  metrics: (results) => ({
    "stack / bare fetch (mean time ratio)": meanRatio(
      results,
      "openapi-fetch + resilient fetch + governor",
      "bare fetch",
    ),
    "stack / openapi-fetch only (mean time ratio)": meanRatio(
      results,
      "openapi-fetch + resilient fetch + governor",
      "openapi-fetch only",
    ),
    "resilient fetch + governor overhead per request (µs)":
      ((results["openapi-fetch + resilient fetch + governor"]?.meanMs ?? 0) -
        (results["openapi-fetch only"]?.meanMs ?? 0)) *
      1000,
  }),
});
