import { ApiCallError, createLoggingHooks, unwrap } from "@org/http";
import { VirtualClock } from "@org/http/testing";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type BigCommerceClientSettings, createBigCommerceClient } from "./bigcommerce-client.js";
import { parseVendorError } from "./bigcommerce-errors.js";
import type { BigCommerceRateGovernor } from "./bigcommerce-rate-governor.js";
import { InventoryAdjustmentError, type InventoryAdjustmentItem } from "./inventory-adjustments.js";

const STORE = "abc123";
const ROOT = `https://api.bigcommerce.com/stores/${STORE}`;
const TOKEN = "tok_5ecr3t-access-token-value";

type V2Order = { id: number; status: string; total_inc_tax: string; subtotal_ex_tax: string };
type V3Product = { id: number; sku: string };
interface V3Pagination {
  total: number;
  count: number;
  per_page: number;
  current_page: number;
  total_pages: number;
  links: { previous?: string; current: string; next?: string };
}

const state = {
  orders: [] as V2Order[],
  products: [] as V3Product[],
  requests: [] as { method: string; path: string; query: URLSearchParams; headers: Headers; at: number }[],
  adjustments: [] as { mode: string; reason?: string; items: InventoryAdjustmentItem[] }[],
  /** Responses to send before the normal ones, in order, for the next matching requests. */
  script: [] as (() => Response)[],
  clock: undefined as VirtualClock | undefined,
};

const server = setupServer(
  http.all(`${ROOT}/*`, async ({ request }) => {
    const url = new URL(request.url);
    const path = url.pathname.slice(`/stores/${STORE}`.length);
    state.requests.push({
      method: request.method,
      path,
      query: url.searchParams,
      headers: request.headers,
      at: state.clock?.now() ?? Date.now(),
    });
    if (request.headers.get("x-auth-token") !== TOKEN) {
      return HttpResponse.json([{ status: 401, message: `Token ${request.headers.get("x-auth-token")} is invalid` }], {
        status: 401,
      });
    }
    const scripted = state.script.shift();
    if (scripted) return scripted();
    const page = Number(url.searchParams.get("page") ?? 1);
    const limit = Number(url.searchParams.get("limit") ?? 50);
    if (request.method === "GET" && path === "/v2/orders") {
      const rows = state.orders.slice((page - 1) * limit, page * limit);
      // v2 answers an empty page with 204 and no body.
      return rows.length === 0 ? new HttpResponse(null, { status: 204 }) : HttpResponse.json(rows);
    }
    const order = /^\/v2\/orders\/(\d+)$/.exec(path);
    if (request.method === "GET" && order) {
      const found = state.orders.find((o) => o.id === Number(order[1]));
      return found
        ? HttpResponse.json(found)
        : HttpResponse.json([{ status: 404, message: "The requested resource was not found." }], { status: 404 });
    }
    if (request.method === "GET" && path === "/v3/catalog/products") {
      const totalPages = Math.max(1, Math.ceil(state.products.length / limit));
      const data = state.products.slice((page - 1) * limit, page * limit);
      const links = {
        ...(page > 1 ? { previous: `?page=${page - 1}&limit=${limit}` } : {}),
        current: `?page=${page}&limit=${limit}`,
        ...(page < totalPages ? { next: `?page=${page + 1}&limit=${limit}` } : {}),
      };
      const pagination: V3Pagination = {
        total: state.products.length,
        count: data.length,
        per_page: limit,
        current_page: page,
        total_pages: totalPages,
        links,
      };
      return HttpResponse.json({ data, meta: { pagination } });
    }
    const adjustment = /^\/v3\/inventory\/adjustments\/(absolute|relative)$/.exec(path);
    if (request.method === (adjustment?.[1] === "absolute" ? "PUT" : "POST") && adjustment) {
      const body = (await request.json()) as { reason?: string; items: InventoryAdjustmentItem[] };
      state.adjustments.push({ mode: adjustment[1] ?? "", ...body });
      return HttpResponse.json({ transaction_id: `tx-${state.adjustments.length}` });
    }
    if (request.method === "PUT" && path.startsWith("/v3/catalog/products/")) {
      return HttpResponse.json(
        {
          status: 422,
          title: "JSON data is missing or invalid",
          type: "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes",
          errors: { price: "price must be a non-negative number", sku: "sku is not unique" },
        },
        { status: 422, headers: { "content-type": "application/problem+json" } },
      );
    }
    return HttpResponse.json({ status: 404, title: `no route ${request.method} ${path}` }, { status: 404 });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
beforeEach(() => {
  Object.assign(state, { orders: [], products: [], requests: [], adjustments: [], script: [], clock: undefined });
});

const bigcommerce = (overrides: Partial<BigCommerceClientSettings> = {}) =>
  createBigCommerceClient({
    storeHash: STORE,
    accessToken: TOKEN,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    ...overrides,
  });

/** A client on virtual time: backoff and rate windows play out instantly, and `state.requests[].at` is virtual. */
const onVirtualTime = (overrides: Partial<BigCommerceClientSettings> = {}) => {
  const clock = new VirtualClock();
  state.clock = clock;
  return { clock, client: bigcommerce({ clock, retry: { maxAttempts: 3 }, ...overrides }) };
};

const orders = (count: number): V2Order[] =>
  Array.from({ length: count }, (_, i) => ({
    id: 100 + i,
    status: "Awaiting Fulfillment",
    total_inc_tax: `${i + 12}.3400`,
    subtotal_ex_tax: "10.0000",
  }));

const rateLimitHeaders = (left: number, resetMs: number, quota = 150) => ({
  "X-Rate-Limit-Requests-Left": String(left),
  "X-Rate-Limit-Time-Reset-Ms": String(resetMs),
  "X-Rate-Limit-Requests-Quota": String(quota),
  "X-Rate-Limit-Time-Window-Ms": "30000",
});

describe("createBigCommerceClient", () => {
  it("sends X-Auth-Token, Accept and Content-Type, and reaches v2 and v3 from one client", async () => {
    const client = bigcommerce();
    state.orders = orders(1);
    expect(client.storeUrl).toBe(ROOT);
    await client.api["/v2/orders/{order_id}"].GET({ params: { path: { order_id: 100 } } });
    await client.api["/v3/catalog/products/{product_id}"].PUT({ params: { path: { product_id: 7 } }, body: {} });
    expect(state.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /v2/orders/100",
      "PUT /v3/catalog/products/7",
    ]);
    for (const { headers } of state.requests) {
      expect(headers.get("x-auth-token")).toBe(TOKEN);
      expect(headers.get("accept")).toBe("application/json");
      expect(headers.get("content-type")).toBe("application/json");
    }
  });

  it("keeps a caller's own Accept / Content-Type", async () => {
    const client = bigcommerce();
    await client.fetch(`${ROOT}/v2/orders`, { headers: { Accept: "application/xml" } });
    expect(state.requests[0]?.headers.get("accept")).toBe("application/xml");
    expect(state.requests[0]?.headers.get("content-type")).toBe("application/json");
  });

  it("keeps v2 money as the exact decimal strings BigCommerce sends", async () => {
    state.orders = [{ id: 1, status: "Shipped", total_inc_tax: "12345678901234.5678", subtotal_ex_tax: "12.3400" }];
    const order = unwrap(await bigcommerce().api["/v2/orders/{order_id}"].GET({ params: { path: { order_id: 1 } } }));
    expect(order.total_inc_tax).toBe("12345678901234.5678");
    expect(order.subtotal_ex_tax).toBe("12.3400");
  });
});

describe("rate limits", () => {
  it("X2: pauses every request when X-Rate-Limit-Requests-Left reaches 0 and resumes at the reset", async () => {
    const { clock, client } = onVirtualTime();
    const start = clock.now();
    state.script.push(() => HttpResponse.json(orders(1), { headers: rateLimitHeaders(0, 12_000) }));
    await client.api["/v2/orders"].GET({});
    await Promise.all([client.api["/v2/orders"].GET({}), client.api["/v2/orders"].GET({})]);
    expect(state.requests.map((r) => r.at - start)).toEqual([0, 12_000, 12_000]);
  });

  it("X2: does not pause while requests are left", async () => {
    const { clock, client } = onVirtualTime();
    const start = clock.now();
    state.script.push(() => HttpResponse.json(orders(1), { headers: rateLimitHeaders(5, 12_000) }));
    await client.api["/v2/orders"].GET({});
    await client.api["/v2/orders"].GET({});
    expect(state.requests.map((r) => r.at - start)).toEqual([0, 0]);
  });

  it("X2: stays under the Standard plan's 150 requests per 30 s before the server says anything", async () => {
    const { clock, client } = onVirtualTime();
    const start = clock.now();
    await Promise.all(Array.from({ length: 151 }, () => client.api["/v2/orders"].GET({})));
    const times = state.requests.map((r) => r.at - start);
    expect(times.filter((t) => t === 0)).toHaveLength(150);
    expect(times.at(-1)).toBe(30_000);
  });

  it("X2: follows the store's real quota from X-Rate-Limit-Requests-Quota, unless limits were given", async () => {
    const { client } = onVirtualTime();
    state.script.push(() => HttpResponse.json([], { headers: rateLimitHeaders(449, 30_000, 450) }));
    await client.api["/v2/orders"].GET({});
    expect((client.governor as BigCommerceRateGovernor).snapshot()).toMatchObject({
      requestsPerWindow: 450,
      windowMs: 30_000,
    });
    const fixed = bigcommerce({ governor: { requestsPerWindow: 100, windowMs: 30_000 } });
    state.script.push(() => HttpResponse.json([], { headers: rateLimitHeaders(449, 30_000, 450) }));
    await fixed.api["/v2/orders"].GET({});
    expect((fixed.governor as BigCommerceRateGovernor).snapshot().requestsPerWindow).toBe(100);
  });

  it("X2: a 429 without rate-limit headers (platform load shedding) backs off and succeeds on retry", async () => {
    const { clock, client } = onVirtualTime();
    const start = clock.now();
    state.orders = orders(2);
    state.script.push(() => new HttpResponse(null, { status: 429 }));
    const result = await client.api["/v2/orders"].GET({});
    expect(result.response.status).toBe(200);
    expect(result.data).toHaveLength(2);
    expect(state.requests).toHaveLength(2);
    // The governor holds everyone back for a second after an unhinted 429.
    expect((state.requests[1]?.at ?? 0) - start).toBeGreaterThanOrEqual(1000);
  });

  it("X2: a 429 with X-Rate-Limit-Time-Reset-Ms waits for the reset, then succeeds", async () => {
    const { clock, client } = onVirtualTime();
    const start = clock.now();
    state.script.push(() => new HttpResponse(null, { status: 429, headers: rateLimitHeaders(0, 7_500) }));
    const result = await client.api["/v2/orders"].GET({});
    expect(result.response.status).toBe(204);
    expect(state.requests.map((r) => r.at - start)).toEqual([0, 7_500]);
  });
});

describe("paging", () => {
  it("v2: stops at the 204 BigCommerce sends for the page past the end", async () => {
    state.orders = orders(6);
    const client = bigcommerce();
    const rows = await client
      .paginateV2({
        limit: 3,
        fetchPage: ({ page, limit }, signal) =>
          client.api["/v2/orders"].GET({ params: { query: { page, limit } }, signal }),
      })
      .toArray();
    expect(rows.map((o) => o.id)).toEqual([100, 101, 102, 103, 104, 105]);
    expect(state.requests.map((r) => r.query.get("page"))).toEqual(["1", "2", "3"]);
  });

  it("v2: stops at a short page, and an empty list (204 on page 1) is no items", async () => {
    state.orders = orders(7);
    const client = bigcommerce();
    const fetchPage = ({ page, limit }: { page: number; limit: number }) =>
      client.api["/v2/orders"].GET({ params: { query: { page, limit } } });
    expect(await client.paginateV2({ limit: 3, fetchPage }).toArray()).toHaveLength(7);
    expect(state.requests).toHaveLength(3);
    state.orders = [];
    expect(await client.paginateV2({ fetchPage }).toArray()).toEqual([]);
    expect(state.requests.at(-1)?.query.get("limit")).toBe("250");
  });

  it("v3: follows meta.pagination until current_page reaches total_pages", async () => {
    state.products = Array.from({ length: 5 }, (_, i) => ({ id: i + 1, sku: `SKU-${i + 1}` }));
    const client = bigcommerce();
    const pages = [];
    for await (const page of client.paginateV3({
      limit: 2,
      fetchPage: ({ page, limit }, signal) =>
        client.api["/v3/catalog/products"].GET({ params: { query: { page, limit } }, signal }),
    })) {
      pages.push(page.items.map((p) => p.sku));
    }
    expect(pages).toEqual([["SKU-1", "SKU-2"], ["SKU-3", "SKU-4"], ["SKU-5"]]);
    expect(state.requests).toHaveLength(3);
  });

  it("v3: stops when meta.pagination.links has no next, even with a full page", async () => {
    const client = bigcommerce();
    state.script.push(() =>
      HttpResponse.json({
        data: [{ id: 1, sku: "A" }],
        meta: { pagination: { count: 1, per_page: 1, current_page: 1, links: { current: "?page=1&limit=1" } } },
      }),
    );
    const rows = await client
      .paginateV3({ limit: 1, fetchPage: (query) => client.api["/v3/catalog/products"].GET({ params: { query } }) })
      .toArray();
    expect(rows).toEqual([{ id: 1, sku: "A" }]);
    expect(state.requests).toHaveLength(1);
  });

  it("rejects a limit above 250", () => {
    const client = bigcommerce();
    expect(() =>
      client.paginateV3({ limit: 251, fetchPage: () => client.api["/v3/catalog/products"].GET({}) }),
    ).toThrow(RangeError);
  });
});

describe("inventory adjustments", () => {
  const items = (count: number): InventoryAdjustmentItem[] =>
    Array.from({ length: count }, (_, i) => ({ location_id: 1, sku: `SKU-${i}`, quantity: i % 17 }));

  it("I7: 4,500 items go out as 3 requests (2,000 + 2,000 + 500), results in order", async () => {
    const request = { reason: "ERP stock sync", items: items(4500) };
    const results = await bigcommerce().adjustInventory("absolute", request);
    expect(state.requests.map((r) => `${r.method} ${r.path}`)).toEqual(
      Array(3).fill("PUT /v3/inventory/adjustments/absolute"),
    );
    expect(state.adjustments.map((a) => a.items.length)).toEqual([2000, 2000, 500]);
    expect(state.adjustments.every((a) => a.reason === "ERP stock sync")).toBe(true);
    expect(state.adjustments.flatMap((a) => a.items)).toEqual(request.items);
    expect(results.map((r) => [r.chunk, r.offset, r.items.length, r.ok && r.transactionId])).toEqual([
      [0, 0, 2000, "tx-1"],
      [1, 2000, 2000, "tx-2"],
      [2, 4000, 500, "tx-3"],
    ]);
  });

  it("I7: relative adjustments are a POST and take variant and product ids; an empty list sends nothing", async () => {
    const client = bigcommerce();
    await client.adjustInventory("relative", {
      items: [
        { location_id: 1, variant_id: 78, quantity: -2 },
        { location_id: 2, product_id: 111, quantity: 5 },
      ],
    });
    expect(state.adjustments).toEqual([
      {
        mode: "relative",
        items: [
          { location_id: 1, variant_id: 78, quantity: -2 },
          { location_id: 2, product_id: 111, quantity: 5 },
        ],
      },
    ]);
    expect(state.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v3/inventory/adjustments/relative"]);
    expect(await client.adjustInventory("absolute", { items: [] })).toEqual([]);
    expect(state.requests).toHaveLength(1);
  });

  it("I7/X1: a failed chunk does not stop the others; the error lists every chunk with its items", async () => {
    state.script.push(
      () => HttpResponse.json({ transaction_id: "tx-a" }),
      () =>
        HttpResponse.json(
          {
            status: 422,
            title: "[Item with variant_id 106 is tracked by product, please update stock by product id]",
            type: "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes",
            errors: {},
          },
          { status: 422 },
        ),
    );
    const error = await bigcommerce({ governor: { requestsPerWindow: 1000 } })
      .adjustInventory("absolute", { items: items(4500) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InventoryAdjustmentError);
    const { results, failed } = error as InventoryAdjustmentError;
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.offset).toBe(2000);
    expect(failed[0]?.items[0]).toEqual({ location_id: 1, sku: "SKU-2000", quantity: 2000 % 17 });
    expect(failed[0]?.error).toMatchObject({
      status: 422,
      vendorCode: "422",
      vendorMessage: "[Item with variant_id 106 is tracked by product, please update stock by product id]",
      outcomeUnknown: false,
    });
    expect((error as Error).message).toMatch(/1 of 3 absolute .*items 2000–3999/);
  });

  it("O6: a relative (POST) chunk answered with 5xx is not sent again and is marked outcome unknown", async () => {
    state.script.push(() => HttpResponse.json({ status: 503, title: "Service Unavailable" }, { status: 503 }));
    const error = (await bigcommerce()
      .adjustInventory("relative", { items: items(10) })
      .catch((e: unknown) => e)) as InventoryAdjustmentError;
    expect(state.requests).toHaveLength(1);
    expect(error.failed[0]?.error).toMatchObject({ status: 503, outcomeUnknown: true, retryable: true });
  });

  it("X2: a relative chunk answered with 429 is sent again after the pause (it was not processed)", async () => {
    const { clock, client } = onVirtualTime();
    const start = clock.now();
    state.script.push(() => new HttpResponse(null, { status: 429, headers: rateLimitHeaders(0, 3_000) }));
    const results = await client.adjustInventory("relative", { items: items(3) });
    expect(results).toMatchObject([{ ok: true, transactionId: "tx-1" }]);
    expect(state.requests.map((r) => r.at - start)).toEqual([0, 3_000]);
  });

  it("rejects a chunk size above 2,000", async () => {
    await expect(bigcommerce().adjustInventory("absolute", { items: items(1) }, { chunkSize: 2001 })).rejects.toThrow(
      RangeError,
    );
  });
});

describe("errors", () => {
  it("X1: parses a v2 error body ([{ status, message }]) into vendorCode / vendorMessage", async () => {
    const error = await bigcommerce()
      .api["/v2/orders/{order_id}"].GET({ params: { path: { order_id: 999 } } })
      .then((result) => unwrap(result))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error).toMatchObject({
      status: 404,
      vendorCode: "404",
      vendorMessage: "The requested resource was not found.",
      retryable: false,
    });
    expect((error as Error).message).toContain(`GET ${ROOT}/v2/orders/999 failed with 404`);
  });

  it("X1: parses a v3 error body ({ status, title, type, errors }) with its field errors", async () => {
    const result = await bigcommerce().api["/v3/catalog/products/{product_id}"].PUT({
      params: { path: { product_id: 1 } },
      body: { price: -1 },
    });
    expect(result.error?.title).toBe("JSON data is missing or invalid");
    expect(() => unwrap(result)).toThrow(
      expect.objectContaining({
        status: 422,
        vendorCode: "422",
        vendorMessage:
          "JSON data is missing or invalid (price: price must be a non-negative number; sku: sku is not unique)",
      }),
    );
  });

  it("X1: parseVendorError reads both shapes and falls back to the generic parser", () => {
    expect(
      parseVendorError([
        { status: 400, message: "a" },
        { status: 400, message: "b" },
      ]),
    ).toEqual({
      code: "400",
      message: "a; b",
    });
    expect(parseVendorError({ status: 409, title: "Conflict", errors: ["sku taken"] })).toEqual({
      code: "409",
      message: "Conflict (sku taken)",
    });
    expect(parseVendorError({ code: 10001, title: "Bad" })).toEqual({ code: "10001", message: "Bad" });
    expect(parseVendorError({ status: 400, message: "Bad request" })).toEqual({ code: "400", message: "Bad request" });
    expect(parseVendorError({ error: { code: "x", message: "y" } })).toEqual({ code: "x", message: "y" });
    expect(parseVendorError([])).toBeUndefined();
    expect(parseVendorError("oops")).toBeUndefined();
  });

  it("X1: the access token never appears in errors or logs, even when the server echoes it", async () => {
    const logs: string[] = [];
    const hooks = createLoggingHooks((level, message, fields) =>
      logs.push(`${level} ${message} ${JSON.stringify(fields)}`),
    );
    const client = bigcommerce({ hooks });
    state.script.push(
      () => HttpResponse.json([{ status: 400, message: `Bad request for X-Auth-Token=${TOKEN}` }], { status: 400 }),
      () => new HttpResponse(null, { status: 503 }),
      () => new HttpResponse(null, { status: 503 }),
      () => new HttpResponse(null, { status: 503 }),
    );
    const errors: unknown[] = [];
    errors.push(
      await client.api["/v2/orders"]
        .GET({})
        .then(unwrap)
        .catch((e: unknown) => e),
    );
    errors.push(
      await client.api["/v2/orders"]
        .GET({})
        .then(unwrap)
        .catch((e: unknown) => e),
    );
    errors.push(
      await bigcommerce({ hooks, accessToken: "tok_wrong-token-value" })
        .api["/v2/orders"].GET({})
        .then(unwrap)
        .catch((e: unknown) => e),
    );
    expect(errors.every((e) => e instanceof ApiCallError)).toBe(true);
    expect(logs.length).toBeGreaterThan(0);
    const everything = [
      ...logs,
      ...errors.map((e) => JSON.stringify(e)),
      ...errors.map((e) => (e as Error).message),
      ...errors.map((e) => String((e as ApiCallError).vendorMessage)),
      ...errors.map((e) => JSON.stringify((e as ApiCallError).body)),
    ].join("\n");
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain("5ecr3t");
    expect(everything).not.toContain("tok_wrong-token-value");
    expect(state.requests[0]?.headers.get("x-auth-token")).toBe(TOKEN);
  });

  it("requires a store hash and a token", () => {
    expect(() => createBigCommerceClient({ storeHash: "", accessToken: TOKEN })).toThrow(TypeError);
    expect(() => createBigCommerceClient({ storeHash: STORE, accessToken: "" })).toThrow(TypeError);
  });
});
