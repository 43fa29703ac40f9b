import { ApiCallError, type Clock, createLoggingHooks, unwrap } from "@org/http";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadSample } from "./__fixtures__/oro-samples.js";
import type { TestPaths } from "./__fixtures__/test-paths.js";
import type { JsonApiDocument, ResourceObject } from "./jsonapi.js";
import {
  createOroClient,
  JSON_API_MEDIA_TYPE,
  ORO_SYNC_BATCH_MAX_PRIMARY,
  OroAsyncOperationTimeoutError,
  type OroClientSettings,
  parseOroError,
} from "./oro-client.js";

const HOST = "https://b2b.example.com";
const API = `${HOST}/admin/api`;
const CLIENT_SECRET = "oro-CLIENT-secret-value-77";

function virtualClock(): Clock & { advance(ms: number): void; slept: number[] } {
  let now = Date.parse("2026-03-01T00:00:00Z");
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    advance(ms) {
      now += ms;
    },
    async sleep(ms, signal) {
      signal?.throwIfAborted();
      slept.push(ms);
      now += ms;
    },
    setTimer: () => () => {},
  };
}

const ordersSample = loadSample("OrderBundle/cget_order.yml") as JsonApiDocument<ResourceObject[]>;
const orderWithLines = loadSample(
  "OrderBundle/get_order_include_order_line_items.yml",
) as JsonApiDocument<ResourceObject>;
const inventorySample = loadSample("InventoryBundle/filter_by_product.yml") as JsonApiDocument<ResourceObject[]>;

const state = {
  tokens: 0,
  tokenBodies: [] as string[],
  valid: new Set<string>(),
  requests: [] as Request[],
  pages: [] as number[],
  batches: [] as { mode: string | null; body: { data: unknown[]; included?: unknown[] } }[],
  polls: 0,
};

function authorised(request: Request): boolean {
  return state.valid.has((request.headers.get("authorization") ?? "").replace(/^Bearer /, ""));
}
const unauthorised = () =>
  HttpResponse.json({ errors: [{ status: "401", title: "unauthorized", detail: "Invalid token." }] }, { status: 401 });
const jsonApi = (body: unknown, init: ResponseInit = {}) =>
  new HttpResponse(JSON.stringify(body), {
    ...init,
    headers: { "content-type": JSON_API_MEDIA_TYPE, ...(init.headers as Record<string, string>) },
  });

const server = setupServer(
  http.post(`${HOST}/oauth2-token`, async ({ request }) => {
    state.tokenBodies.push(await request.text());
    state.tokens++;
    const token = `oro-access-${state.tokens}`;
    state.valid.add(token);
    return HttpResponse.json({ token_type: "Bearer", expires_in: 3600, access_token: token });
  }),
  http.get(`${API}/orders`, ({ request }) => {
    state.requests.push(request);
    if (!authorised(request)) return unauthorised();
    const url = new URL(request.url);
    const size = Number(url.searchParams.get("page[size]") ?? 10);
    const page = Number(url.searchParams.get("page[number]") ?? 1);
    state.pages.push(page);
    const all = ordersSample.data;
    const data = all.slice((page - 1) * size, page * size);
    const headers: Record<string, string> =
      request.headers.get("x-include") === "totalCount" ? { "X-Include-Total-Count": String(all.length) } : {};
    // Oro links every page to the next one; this fake keeps linking past the end to prove the total stops paging.
    return jsonApi({ data, links: { next: `${API}/orders?page[number]=${page + 1}` } }, { headers });
  }),
  http.get(`${API}/orders/:id`, ({ request, params }) => {
    state.requests.push(request);
    if (!authorised(request)) return unauthorised();
    if (params.id !== orderWithLines.data.id) {
      return jsonApi(
        {
          errors: [
            {
              status: "404",
              title: "not found http exception",
              detail: "An entity with the requested identifier does not exist.",
            },
          ],
        },
        { status: 404 },
      );
    }
    return jsonApi(orderWithLines);
  }),
  http.get(`${API}/inventorylevels`, ({ request }) => {
    state.requests.push(request);
    if (!authorised(request)) return unauthorised();
    return jsonApi(inventorySample, { headers: { "X-Include-Total-Count": String(inventorySample.data.length) } });
  }),
  http.patch(`${API}/inventorylevels`, async ({ request }) => {
    state.requests.push(request);
    if (!authorised(request)) return unauthorised();
    const body = (await request.json()) as { data: ResourceObject[]; included?: unknown[] };
    const mode = request.headers.get("x-mode");
    state.batches.push({ mode, body });
    if (body.data.some((r) => r.attributes?.quantity === "-1")) {
      return jsonApi(
        {
          errors: [
            {
              status: "400",
              title: "range constraint",
              detail: "This value should be 0 or more.",
              source: { pointer: "/data/0/attributes/quantity" },
            },
            {
              status: "400",
              title: "not blank constraint",
              detail: "This value should not be blank.",
              source: { pointer: "/data/1/id" },
            },
          ],
        },
        { status: 400 },
      );
    }
    if (mode === "sync") return jsonApi({ data: body.data });
    return jsonApi(
      {
        data: {
          type: "asyncoperations",
          id: "77",
          attributes: { status: "new", progress: null, entityType: "inventorylevels" },
        },
      },
      { status: 202, headers: { "Content-Location": `${API}/asyncoperations/77` } },
    );
  }),
  http.get(`${API}/asyncoperations/:id`, ({ request, params }) => {
    state.requests.push(request);
    if (!authorised(request)) return unauthorised();
    state.polls++;
    const status = state.polls < 3 ? "running" : "success";
    return jsonApi({
      data: {
        type: "asyncoperations",
        id: params.id,
        attributes: {
          status,
          progress: status === "success" ? 1 : 0.5,
          summary:
            status === "success"
              ? { readCount: 150, writeCount: 150, errorCount: 0, createCount: 0, updateCount: 150 }
              : null,
        },
      },
    });
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
beforeEach(() => {
  state.tokens = 0;
  state.tokenBodies = [];
  state.valid = new Set();
  state.requests = [];
  state.pages = [];
  state.batches = [];
  state.polls = 0;
});

const client = (extra: Partial<OroClientSettings> = {}) =>
  createOroClient<TestPaths>({
    baseUrl: HOST,
    auth: { clientId: "oro-client-id", clientSecret: CLIENT_SECRET },
    clock: virtualClock(),
    retry: { baseDelayMs: 1, maxDelayMs: 1 },
    ...extra,
  });

const levels = (count: number, quantity = "5") =>
  Array.from({ length: count }, (_, i) => ({ id: String(1000 + i), quantity }));

describe("createOroClient: OAuth2 client credentials", () => {
  it("one token for concurrent calls, from /oauth2-token with the client credentials", async () => {
    const oro = client();
    await Promise.all([1, 2, 3, 4].map(() => oro.api["/orders"].GET({})));
    expect(state.tokens).toBe(1);
    expect(state.tokenBodies[0]).toContain("grant_type=client_credentials");
    expect(state.tokenBodies[0]).toContain("client_id=oro-client-id");
    expect(state.requests.every((r) => r.headers.get("authorization") === "Bearer oro-access-1")).toBe(true);
  });

  it("a 401 refreshes the token once for all waiting calls, and the calls succeed", async () => {
    const oro = client();
    await oro.api["/orders"].GET({});
    state.valid.clear();
    const results = await Promise.all([1, 2, 3].map(() => oro.api["/orders"].GET({})));
    expect(results.map((r) => r.response.status)).toEqual([200, 200, 200]);
    expect(state.tokens).toBe(2);
  });

  it("refreshes before the 3600 s lifetime ends", async () => {
    const clock = virtualClock();
    const oro = client({ clock });
    await oro.api["/orders"].GET({});
    clock.advance(3600_000 - 30_000);
    await oro.api["/orders"].GET({});
    expect(state.tokens).toBe(2);
  });

  it("a token callback replaces the credentials; a trailing /admin/api in baseUrl is accepted", async () => {
    state.valid.add("own-token");
    const oro = createOroClient<TestPaths>({ baseUrl: `${API}/`, auth: { getToken: () => "own-token" } });
    expect(oro.apiUrl).toBe(API);
    const page = await oro.list("orders");
    expect(page.items.length).toBeGreaterThan(0);
    expect(state.tokens).toBe(0);
  });
});

describe("createOroClient: JSON:API", () => {
  it("sends application/vnd.api+json as Accept and as Content-Type of bodies", async () => {
    const oro = client();
    await oro.api["/orders"].GET({});
    await oro.batch("inventorylevels", levels(2), { mode: "update" });
    const [get, patch] = state.requests;
    expect(get?.headers.get("accept")).toBe(JSON_API_MEDIA_TYPE);
    expect(get?.headers.get("content-type")).toBeNull();
    expect(patch?.headers.get("accept")).toBe(JSON_API_MEDIA_TYPE);
    expect(patch?.headers.get("content-type")).toBe(JSON_API_MEDIA_TYPE);
  });

  it("list: flattens Oro's sample collection (cget_order) into plain orders with the total", async () => {
    const oro = client();
    const page = await oro.list("orders", {
      filter: { updatedAt: { gte: new Date("2024-03-01T00:00:00Z") } },
      sort: ["id"],
    });
    const url = new URL(state.requests[0]?.url ?? "");
    expect(url.searchParams.get("filter[updatedAt][gte]")).toBe("2024-03-01T00:00:00Z");
    expect(url.searchParams.get("sort")).toBe("id");
    expect(url.searchParams.get("page[size]")).toBe("100");
    expect(state.requests[0]?.headers.get("x-include")).toBe("totalCount");
    expect(page.total).toBe(ordersSample.data.length);
    const first = page.items[0];
    expect(first).toMatchObject({
      type: "orders",
      identifier: "simple_order",
      totalValue: "1234.0000",
      currency: "USD",
    });
    // relationships not included in the document stay { type, id }
    expect(first?.lineItems).toEqual([
      { type: "orderlineitems", id: expect.any(String) },
      { type: "orderlineitems", id: expect.any(String) },
    ]);
  });

  it("get: include resolves relationships from `included` (get_order_include_order_line_items)", async () => {
    const oro = client();
    const order = await oro.get("orders", orderWithLines.data.id, { include: ["lineItems"] });
    expect(new URL(state.requests[0]?.url ?? "").searchParams.get("include")).toBe("lineItems");
    expect(order.identifier).toBe("simple_order");
    const lines = order.lineItems as unknown as Array<Record<string, unknown>>;
    expect(lines.map((line) => [line.productSku, line.quantity, line.value])).toEqual([
      ["product-1", 5, "15.7000"],
      ["product-2", 12, "30.5000"],
    ]);
    expect(lines[0]?.orders).toEqual([{ type: "orders", id: orderWithLines.data.id }]);
  });

  it("list of inventory levels (filter_by_product) keeps decimal strings", async () => {
    const oro = client();
    const page = await oro.list("inventorylevels", { filter: { product: "101" } });
    expect(page.items.every((level) => typeof level.quantity === "string")).toBe(true);
    expect(page.total).toBe(inventorySample.data.length);
  });

  it("listAll pages with page[number]/page[size] and stops exactly at X-Include-Total-Count", async () => {
    const oro = client();
    const total = ordersSample.data.length;
    const size = Math.ceil(total / 3);
    const orders = await oro.listAll("orders", { page: { size } }).toArray();
    expect(orders).toHaveLength(total);
    expect(new Set(orders.map((o) => o.id)).size).toBe(total);
    // the server keeps linking to a next page; the total stops paging, without an extra request
    expect(state.pages).toEqual([1, 2, 3]);
  });

  it("listAll stops on a page without links.next when no total is sent", async () => {
    server.use(
      http.get(`${API}/orders`, ({ request }) => {
        const page = Number(new URL(request.url).searchParams.get("page[number]"));
        state.pages.push(page);
        const data = ordersSample.data.slice((page - 1) * 2, page * 2);
        return jsonApi({ data, links: page < 2 ? { next: "…" } : {} });
      }),
    );
    const oro = client();
    const orders = await oro.listAll("orders", { page: { size: 2 } }).toArray();
    expect(orders).toHaveLength(4);
    expect(state.pages).toEqual([1, 2]);
  });

  it("rejects filters the resource does not have, before any request", async () => {
    const oro = client();
    // @ts-expect-error "sku" is not a filter of orders
    await expect(oro.list("orders", { filter: { sku: "A" } })).rejects.toThrow(/has no filter "sku"/);
    expect(state.requests).toHaveLength(0);
  });
});

describe("createOroClient: batch API", () => {
  it(`up to ${ORO_SYNC_BATCH_MAX_PRIMARY} records run with X-Mode: sync and return the records`, async () => {
    const oro = client();
    const result = await oro.batch("inventorylevels", levels(ORO_SYNC_BATCH_MAX_PRIMARY), { mode: "update" });
    expect(state.batches[0]?.mode).toBe("sync");
    expect(state.batches[0]?.body.data[0]).toEqual({
      type: "inventorylevels",
      id: "1000",
      meta: { update: true },
      attributes: { quantity: "5" },
    });
    expect(result.mode).toBe("sync");
    expect(result.mode === "sync" && result.items).toHaveLength(ORO_SYNC_BATCH_MAX_PRIMARY);
  });

  it("more records run asynchronously; the async operation is polled to success", async () => {
    const clock = virtualClock();
    const oro = client({ clock });
    const result = await oro.batch("inventorylevels", levels(ORO_SYNC_BATCH_MAX_PRIMARY + 50), { mode: "update" });
    expect(state.batches[0]?.mode).toBeNull();
    expect(result).toMatchObject({ mode: "async", operationId: "77", fellBackToAsync: false });
    if (result.mode !== "async") throw new Error("expected async");
    const done = await oro.waitForAsyncOperation(result.operationId, { intervalMs: 200, maxIntervalMs: 300 });
    expect(done).toMatchObject({ status: "success", summary: { writeCount: 150, errorCount: 0 } });
    expect(state.polls).toBe(3);
    expect(clock.slept).toEqual([200, 300]);
  });

  it("more than 50 included records also go async; sync: true beyond the limits throws", async () => {
    const oro = client();
    const document = {
      data: [{ type: "inventorylevels", id: "1", attributes: { quantity: "1" } }],
      included: Array.from({ length: 51 }, (_, i) => ({ type: "products", id: `p${i}` })),
    };
    const result = await oro.batch("inventorylevels", document);
    expect(result.mode).toBe("async");
    await expect(oro.batch("inventorylevels", document, { sync: true })).rejects.toThrow(RangeError);
    await expect(oro.batch("inventorylevels", [])).rejects.toThrow(RangeError);
  });

  it("a sync request Oro turns into an async operation is reported as such", async () => {
    server.use(
      http.patch(`${API}/inventorylevels`, () =>
        jsonApi({}, { status: 202, headers: { "Content-Location": `${API}/asyncoperations/88` } }),
      ),
    );
    const result = await client().batch("inventorylevels", levels(1), { mode: "update" });
    expect(result).toEqual({ mode: "async", operationId: "88", operation: undefined, fellBackToAsync: true });
  });

  it("polling an operation that never finishes times out with the last state", async () => {
    server.use(
      http.get(`${API}/asyncoperations/:id`, () =>
        jsonApi({ data: { type: "asyncoperations", id: "9", attributes: { status: "running" } } }),
      ),
    );
    const error = await client()
      .waitForAsyncOperation("9", { timeoutMs: 2500, intervalMs: 1000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OroAsyncOperationTimeoutError);
    expect((error as OroAsyncOperationTimeoutError).lastOperation?.status).toBe("running");
  });

  it("a create batch answered with 500 is not re-sent (outcome unknown, O6); an update batch is retried (X2)", async () => {
    let calls = 0;
    server.use(
      http.patch(`${API}/inventorylevels`, () => {
        calls++;
        return calls === 1
          ? jsonApi({ errors: [{ status: "500", title: "internal server error" }] }, { status: 500 })
          : jsonApi({ data: [] });
      }),
    );
    const oro = client();
    const error = await oro.batch("inventorylevels", [{ quantity: "1" }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    expect((error as ApiCallError).outcomeUnknown).toBe(true);
    expect(calls).toBe(1);

    calls = 0;
    const updated = await oro.batch("inventorylevels", levels(1), { mode: "update" });
    expect(updated.mode).toBe("sync");
    expect(calls).toBe(2);
  });
});

describe("createOroClient: errors", () => {
  it("parses JSON:API errors (every title, detail and pointer) into ApiCallError", async () => {
    const error = await client()
      .batch("inventorylevels", levels(2, "-1"), { mode: "update" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    expect((error as ApiCallError).status).toBe(400);
    expect((error as ApiCallError).vendorCode).toBe("400");
    expect((error as ApiCallError).vendorMessage).toBe(
      "range constraint: This value should be 0 or more. (/data/0/attributes/quantity); not blank constraint: This value should not be blank. (/data/1/id)",
    );
  });

  it("a 404 from get is thrown with Oro's detail", async () => {
    const error = await client()
      .get("orders", "does-not-exist")
      .catch((e: unknown) => e);
    expect((error as ApiCallError).status).toBe(404);
    expect((error as ApiCallError).vendorMessage).toBe(
      "not found http exception: An entity with the requested identifier does not exist.",
    );
  });

  it("the generic parser is used for bodies that are not JSON:API errors", () => {
    expect(parseOroError({ error: "invalid_client", error_description: "Client authentication failed" })).toEqual({
      code: "invalid_client",
      message: "Client authentication failed",
    });
    expect(parseOroError({ errors: [{ status: 422, title: "t" }, null] })).toEqual({ code: "422", message: "t; " });
  });

  it("no secret in errors or logs (X1)", async () => {
    const lines: string[] = [];
    server.use(
      http.post(`${HOST}/oauth2-token`, async ({ request }) =>
        HttpResponse.json(
          { error: "invalid_client", error_description: `Client authentication failed: ${await request.text()}` },
          { status: 401 },
        ),
      ),
    );
    const oro = client({
      hooks: createLoggingHooks((level, message, fields) =>
        lines.push(`${level} ${message} ${JSON.stringify(fields)}`),
      ),
    });
    const error = await oro.api["/orders"].GET({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    const everything = [
      String(error),
      JSON.stringify(error),
      JSON.stringify((error as ApiCallError).body),
      ...lines,
    ].join("\n");
    expect(everything).not.toContain(CLIENT_SECRET);

    server.resetHandlers();
    const ok = client({
      hooks: createLoggingHooks((level, message, fields) =>
        lines.push(`${level} ${message} ${JSON.stringify(fields)}`),
      ),
    });
    await ok.batch("inventorylevels", levels(1, "-1"), { mode: "update" }).catch((e: unknown) => lines.push(String(e)));
    expect(lines.join("\n")).not.toMatch(/oro-access-\d/);
    expect(() => unwrap({ response: new Response(null, { status: 200 }) })).not.toThrow();
  });
});
