import { createHmac } from "node:crypto";
import { ApiCallError, type Clock, createLoggingHooks } from "@org/http";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import OAuth from "oauth-1.0a";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Order, TestPaths } from "./__fixtures__/test-paths.js";
import {
  bulkRoute,
  createMagentoClient,
  fillMagentoPlaceholders,
  MAGENTO_ADMIN_TOKEN_LIFETIME_MS,
  MAGENTO_MAX_PAGE_SIZE,
  MagentoBulkTimeoutError,
  type MagentoClientSettings,
  magentoQuerySerializer,
} from "./magento-client.js";
import { queryParameters } from "./magento-oauth1.js";
import { filter, searchCriteria } from "./magento-search-criteria.js";

const SHOP = "https://shop.example.com";
const STORE = `${SHOP}/rest/default`;
const oauthCredentials = {
  consumerKey: "ck-7f3a",
  consumerSecret: "cs-SECRET-consumer-91",
  accessToken: "at-TOKEN-access-22",
  accessTokenSecret: "ats-SECRET-token-33",
};
const ADMIN_PASSWORD = "admin-PASSWORD-s3cret";

/** Virtual time: sleeps advance the clock at once, so backoff and token lifetimes run without waiting. */
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

function headerParameters(header: string): Record<string, string> {
  return Object.fromEntries(
    [...header.matchAll(/([a-z_]+)="([^"]*)"/g)].map(([, key, value]) => [key, decodeURIComponent(value ?? "")]),
  );
}

/** An independent OAuth 1.0a implementation (oauth-1.0a) fed the query as Magento decodes it (rawurldecode). */
function independentSignature(method: string, url: URL, nonce: string, timestamp: string): string {
  const oauth = new OAuth({
    consumer: { key: oauthCredentials.consumerKey, secret: oauthCredentials.consumerSecret },
    signature_method: "HMAC-SHA256",
    hash_function: (base, key) => createHmac("sha256", key).update(base).digest("base64"),
  });
  const data: Record<string, string | string[]> = {};
  for (const [key, value] of queryParameters(url)) {
    const existing = data[key];
    data[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return oauth.authorize(
    { url: `${url.origin}${url.pathname}`, method, data: { ...data, oauth_nonce: nonce, oauth_timestamp: timestamp } },
    { key: oauthCredentials.accessToken, secret: oauthCredentials.accessTokenSecret },
  ).oauth_signature;
}

function verifiesOAuth1(request: Request): boolean {
  const oauth = headerParameters(request.headers.get("authorization") ?? "");
  return (
    oauth.oauth_consumer_key === oauthCredentials.consumerKey &&
    oauth.oauth_token === oauthCredentials.accessToken &&
    oauth.oauth_signature ===
      independentSignature(request.method, new URL(request.url), oauth.oauth_nonce ?? "", oauth.oauth_timestamp ?? "")
  );
}

const ORDERS: Order[] = Array.from({ length: 5 }, (_, i) => ({
  entity_id: i + 1,
  increment_id: `00000010${i + 1}`,
  status: "processing",
}));

const state = {
  tokensIssued: 0,
  validTokens: new Set<string>(),
  requests: [] as Request[],
  orderPages: [] as number[],
  bulkBodies: [] as unknown[],
  bulkPolls: 0,
  pollsUntilDone: 3,
  failNextGet: 0,
};

function authorised(request: Request): boolean {
  const header = request.headers.get("authorization") ?? "";
  if (header.startsWith("OAuth ")) return verifiesOAuth1(request);
  return state.validTokens.has(header.replace(/^Bearer /, ""));
}

const unauthorised = () =>
  HttpResponse.json(
    {
      message: "The consumer isn't authorized to access %resources.",
      parameters: { resources: "Magento_Sales::actions_view" },
    },
    { status: 401 },
  );

const server = setupServer(
  http.post(`${SHOP}/rest/V1/integration/admin/token`, async ({ request }) => {
    const body = (await request.json()) as { username: string; password: string };
    if (body.password !== ADMIN_PASSWORD) {
      return HttpResponse.json(
        {
          message:
            "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.",
        },
        { status: 401 },
      );
    }
    state.tokensIssued++;
    const token = `admin-token-${state.tokensIssued}`;
    state.validTokens.add(token);
    return HttpResponse.json(token);
  }),
  http.get(`${STORE}/V1/orders`, ({ request }) => {
    state.requests.push(request);
    if (!authorised(request)) return unauthorised();
    if (state.failNextGet > 0) {
      state.failNextGet--;
      return HttpResponse.json({ message: "Service Unavailable" }, { status: 503, headers: { "retry-after": "0" } });
    }
    const query = Object.fromEntries(queryParameters(new URL(request.url)));
    const size = Number(query["searchCriteria[pageSize]"] ?? 20);
    const page = Number(query["searchCriteria[currentPage]"] ?? 1);
    state.orderPages.push(page);
    const lastPage = Math.max(1, Math.ceil(ORDERS.length / size));
    // Magento answers a page past the end with the last page again.
    const effective = Math.min(page, lastPage);
    return HttpResponse.json({
      items: ORDERS.slice((effective - 1) * size, effective * size),
      search_criteria: { filter_groups: [], page_size: size, current_page: page },
      total_count: ORDERS.length,
      received: query,
    });
  }),
  http.get(`${STORE}/V1/orders/:id`, ({ request, params }) => {
    state.requests.push(request);
    if (!authorised(request)) return unauthorised();
    const order = ORDERS.find((o) => String(o.entity_id) === params.id);
    if (!order) {
      return HttpResponse.json(
        {
          message: "No such entity with %fieldName = %fieldValue",
          parameters: { fieldName: "id", fieldValue: params.id },
        },
        { status: 404 },
      );
    }
    return HttpResponse.json(order);
  }),
  http.post(`${STORE}/async/V1/products`, async ({ request }) => {
    state.requests.push(request);
    if (!authorised(request)) return unauthorised();
    return HttpResponse.json(
      { bulk_uuid: "b-async-1", request_items: [{ id: 0, data_hash: "h", status: "accepted" }], errors: false },
      { status: 202 },
    );
  }),
  http.post(`${STORE}/V1/products`, async ({ request }) => {
    state.requests.push(request);
    return HttpResponse.json(
      { message: "Internal Error. Details are available in Magento log file." },
      { status: 500 },
    );
  }),
  http.put(`${STORE}/async/bulk/V1/products/bySku`, async ({ request }) => {
    state.requests.push(request);
    if (!authorised(request)) return unauthorised();
    const items = (await request.json()) as unknown[];
    state.bulkBodies.push(items);
    return HttpResponse.json(
      {
        bulk_uuid: "9a8b7c6d-0000-4e6f-8a9b-000000000001",
        request_items: items.map((_, id) => ({ id, data_hash: `h${id}`, status: "accepted" })),
        errors: false,
      },
      { status: 202 },
    );
  }),
  http.get(`${STORE}/V1/bulk/:uuid/status`, ({ request, params }) => {
    state.requests.push(request);
    if (!authorised(request)) return unauthorised();
    state.bulkPolls++;
    const done = state.bulkPolls >= state.pollsUntilDone;
    return HttpResponse.json({
      bulk_id: params.uuid,
      description: "Topic async.magento.catalog.api.productrepositoryinterface.save.put",
      operation_count: 3,
      user_id: 1,
      user_type: 2,
      start_time: "2026-03-01 00:00:00",
      operations_list: [
        { id: 1, status: done ? 1 : 4, result_message: done ? "Service execution success" : null, error_code: null },
        {
          id: 2,
          status: done ? 2 : 4,
          result_message: done ? "Could not save product" : null,
          error_code: done ? 1 : null,
        },
        { id: 3, status: done ? 3 : 1, result_message: "The SKU is too long", error_code: 2 },
      ],
    });
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
beforeEach(() => {
  state.tokensIssued = 0;
  state.validTokens = new Set(["integration-bearer-token"]);
  state.requests = [];
  state.orderPages = [];
  state.bulkBodies = [];
  state.bulkPolls = 0;
  state.pollsUntilDone = 3;
  state.failNextGet = 0;
});

const client = (auth: MagentoClientSettings["auth"], extra: Partial<MagentoClientSettings> = {}) =>
  createMagentoClient<TestPaths>({
    baseUrl: SHOP,
    auth,
    clock: virtualClock(),
    retry: { baseDelayMs: 1, maxDelayMs: 1 },
    ...extra,
  });

describe("createMagentoClient: authentication", () => {
  it("bearer: sends Authorization: Bearer <token> on the store URL", async () => {
    const magento = client({ type: "bearer", token: "integration-bearer-token" });
    expect(magento.storeUrl).toBe(STORE);
    const { data } = await magento.api["/V1/orders/{id}"].GET({ params: { path: { id: 2 } } });
    expect(data?.increment_id).toBe("000000102");
    expect(state.requests[0]?.headers.get("authorization")).toBe("Bearer integration-bearer-token");
    expect(state.requests[0]?.headers.get("accept")).toBe("application/json");
  });

  it("bearer: a token callback is asked on every request, and another store code changes the base", async () => {
    let calls = 0;
    const magento = client(
      {
        type: "bearer",
        token: () => {
          calls++;
          return "integration-bearer-token";
        },
      },
      { storeCode: "all", baseUrl: `${SHOP}/` },
    );
    expect(magento.storeUrl).toBe(`${SHOP}/rest/all`);
    server.use(http.get(`${SHOP}/rest/all/V1/orders/:id`, () => HttpResponse.json({ entity_id: 1 })));
    await magento.api["/V1/orders/{id}"].GET({ params: { path: { id: 1 } } });
    await magento.api["/V1/orders/{id}"].GET({ params: { path: { id: 1 } } });
    expect(calls).toBe(2);
    expect(() => client({ type: "bearer", token: "t" }, { storeCode: "de/../x" })).toThrow(TypeError);
  });

  it("OAuth 1.0a: a searchCriteria with spaces and brackets verifies against an independent implementation", async () => {
    const magento = client({ type: "oauth1", ...oauthCredentials });
    const page = await magento.search(
      "/V1/orders",
      searchCriteria<"created_at" | "status" | "customer_lastname">()
        .where(filter("created_at", "gt", "2026-10-25 00:00:00"))
        .where(filter("status", "in", ["pending", "processing"]), filter("customer_lastname", "like", "O'Brien [B2B]%"))
        .page(1, 2),
    );
    const request = state.requests[0];
    expect(request?.headers.get("authorization")).toMatch(/^OAuth oauth_consumer_key="ck-7f3a"/);
    expect(request?.url).toContain("2026-10-25%2000%3A00%3A00");
    expect(request?.url).not.toContain("+");
    const received = (page as unknown as { received: Record<string, string> }).received;
    expect(received["searchCriteria[filterGroups][0][filters][0][value]"]).toBe("2026-10-25 00:00:00");
    expect(received["searchCriteria[filterGroups][1][filters][1][value]"]).toBe("O'Brien [B2B]%");
    // sorted deterministically by the unique key, appended by the client
    expect(received["searchCriteria[sortOrders][0][field]"]).toBe("entity_id");
    expect(page.items).toHaveLength(2);
  });

  it("OAuth 1.0a: every attempt is signed afresh, so a retried GET still verifies (X2)", async () => {
    state.failNextGet = 1;
    const magento = client({ type: "oauth1", ...oauthCredentials });
    const page = await magento.search("/V1/orders", searchCriteria().page(1, 5));
    expect(page.total_count).toBe(5);
    expect(state.requests).toHaveLength(2);
    const nonces = state.requests.map((r) => headerParameters(r.headers.get("authorization") ?? "").oauth_nonce);
    expect(new Set(nonces).size).toBe(2);
  });

  it("admin: one token for concurrent calls, re-issued once after a 401, and after 4 hours", async () => {
    const clock = virtualClock();
    const magento = client({ type: "admin", username: "integration", password: ADMIN_PASSWORD }, { clock });
    await Promise.all(
      ORDERS.map((o) => magento.api["/V1/orders/{id}"].GET({ params: { path: { id: o.entity_id ?? 0 } } })),
    );
    expect(state.tokensIssued).toBe(1);
    expect(state.requests.every((r) => r.headers.get("authorization") === "Bearer admin-token-1")).toBe(true);

    // The token is revoked server-side: each concurrent call gets a 401, one new token is issued, all succeed.
    state.validTokens.clear();
    const results = await Promise.all(
      [1, 2, 3].map((id) => magento.api["/V1/orders/{id}"].GET({ params: { path: { id } } })),
    );
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(state.tokensIssued).toBe(2);

    clock.advance(MAGENTO_ADMIN_TOKEN_LIFETIME_MS);
    await magento.api["/V1/orders/{id}"].GET({ params: { path: { id: 1 } } });
    expect(state.tokensIssued).toBe(3);
    expect(state.requests.at(-1)?.headers.get("authorization")).toBe("Bearer admin-token-3");
  });

  it("admin: wrong credentials end in an ApiCallError with Magento's message and no password (X1)", async () => {
    const lines: string[] = [];
    const magento = client(
      { type: "admin", username: "integration", password: "wrong-PASSWORD-value" },
      {
        hooks: createLoggingHooks((level, message, fields) =>
          lines.push(`${level} ${message} ${JSON.stringify(fields)}`),
        ),
      },
    );
    const error = await magento.api["/V1/orders/{id}"].GET({ params: { path: { id: 1 } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    expect((error as ApiCallError).status).toBe(401);
    expect((error as ApiCallError).vendorMessage).toMatch(/^The account sign-in was incorrect/);
    const everything = [String(error), JSON.stringify(error), (error as Error).stack, ...lines].join("\n");
    expect(everything).not.toContain("wrong-PASSWORD-value");
  });
});

describe("createMagentoClient: searchCriteria paging", () => {
  it("stops on total_count when the server repeats the last page, never yielding it twice", async () => {
    const magento = client({ type: "bearer", token: "integration-bearer-token" });
    const orders = await magento
      .searchAll("/V1/orders", searchCriteria().where(filter("status", "eq", "processing")), {
        pageSize: 2,
      })
      .toArray();
    expect(orders.map((o) => o.entity_id)).toEqual([1, 2, 3, 4, 5]);
    expect(state.orderPages).toEqual([1, 2, 3]);
  });

  it("without a total, a repeated last page is still dropped (exact multiple of the page size)", async () => {
    server.use(
      http.get(`${STORE}/V1/orders`, ({ request }) => {
        const query = Object.fromEntries(queryParameters(new URL(request.url)));
        const page = Math.min(Number(query["searchCriteria[currentPage]"]), 2);
        state.orderPages.push(Number(query["searchCriteria[currentPage]"]));
        return HttpResponse.json({ items: ORDERS.slice((page - 1) * 2, page * 2), search_criteria: {} });
      }),
    );
    const magento = client({ type: "bearer", token: "integration-bearer-token" });
    const orders = await magento
      .searchAll("/V1/orders", undefined, { pageSize: 2, uniqueField: "increment_id" })
      .toArray();
    expect(orders.map((o) => o.entity_id)).toEqual([1, 2, 3, 4]);
    expect(state.orderPages).toEqual([1, 2, 3]);
  });

  it(`rejects page sizes above ${MAGENTO_MAX_PAGE_SIZE}`, () => {
    const magento = client({ type: "bearer", token: "integration-bearer-token" });
    expect(() => magento.searchAll("/V1/orders", undefined, { pageSize: MAGENTO_MAX_PAGE_SIZE + 1 })).toThrow(
      RangeError,
    );
  });

  it("keeps an existing sort on the unique field and serialises plain criteria objects", async () => {
    const magento = client({ type: "bearer", token: "integration-bearer-token" });
    const criteria = searchCriteria().sortBy("entity_id", "DESC").build();
    await magento.search("/V1/orders", criteria, { pageSize: 5 });
    const query = Object.fromEntries(queryParameters(new URL(state.requests[0]?.url ?? "")));
    expect(query["searchCriteria[sortOrders][0][direction]"]).toBe("DESC");
    expect(query["searchCriteria[sortOrders][1][field]"]).toBeUndefined();
  });

  it("the query serializer writes %20 and bracketed keys for nested objects and lists", () => {
    expect(magentoQuerySerializer({ "searchCriteria[pageSize]": 10, fields: "items[sku,name]", q: "a b+c" })).toBe(
      "searchCriteria%5BpageSize%5D=10&fields=items%5Bsku%2Cname%5D&q=a%20b%2Bc",
    );
    expect(magentoQuerySerializer({ a: { b: ["x y", 2] }, skip: undefined })).toBe("a%5Bb%5D=x%20y&a%5Bb%5D=2");
    expect(magentoQuerySerializer({ searchCriteria: searchCriteria().page(2, 3) })).toBe(
      "searchCriteria%5BpageSize%5D=3&searchCriteria%5BcurrentPage%5D=2",
    );
  });
});

describe("createMagentoClient: async and bulk", () => {
  it("async API: a write answers 202 with a bulk uuid", async () => {
    const magento = client({ type: "bearer", token: "integration-bearer-token" });
    const { data, response } = await magento.async["/V1/products"].POST({ body: { product: { sku: "SKU-1" } } });
    expect(response.status).toBe(202);
    expect(data?.bulk_uuid).toBe("b-async-1");
  });

  it("bulk: path parameters become by{Param} and go into each item; the status is polled to completion", async () => {
    const clock = virtualClock();
    const magento = client({ type: "oauth1", ...oauthCredentials }, { clock });
    const accepted = await magento.bulk("put", "/V1/products/{sku}", [
      { sku: "SKU 1", product: { sku: "SKU 1", price: 10 } },
      { sku: "SKU/2", product: { sku: "SKU/2", price: 12 } },
      { sku: "SKU-3", product: { sku: "SKU-3", price: 14 } },
    ]);
    expect(accepted.request_items).toHaveLength(3);
    expect(state.bulkBodies[0]).toEqual([
      { sku: "SKU 1", product: { sku: "SKU 1", price: 10 } },
      { sku: "SKU/2", product: { sku: "SKU/2", price: 12 } },
      { sku: "SKU-3", product: { sku: "SKU-3", price: 14 } },
    ]);

    const result = await magento.waitForBulk(accepted.bulk_uuid, { intervalMs: 500, maxIntervalMs: 800 });
    expect(state.bulkPolls).toBe(3);
    expect(clock.slept).toEqual([500, 800]);
    expect(result.completed.map((o) => o.id)).toEqual([1]);
    expect(result.retriablyFailed.map((o) => o.id)).toEqual([2]);
    expect(result.failed.map((o) => o.id)).toEqual([3]);
  });

  it("bulk status polling gives up after the timeout with the last status", async () => {
    state.pollsUntilDone = Number.POSITIVE_INFINITY;
    const magento = client({ type: "bearer", token: "integration-bearer-token" });
    const error = await magento.waitForBulk("b-1", { timeoutMs: 3000, intervalMs: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MagentoBulkTimeoutError);
    expect((error as MagentoBulkTimeoutError).lastStatus?.operations_list[0]?.status).toBe(4);
    expect(state.bulkPolls).toBe(3);
  });

  it("bulk rejects empty and oversized requests", async () => {
    const magento = client({ type: "bearer", token: "integration-bearer-token" });
    await expect(magento.bulk("put", "/V1/products/{sku}", [])).rejects.toThrow(RangeError);
    const many = Array.from({ length: 5001 }, (_, i) => ({ sku: `S${i}`, product: { sku: `S${i}` } }));
    await expect(magento.bulk("put", "/V1/products/{sku}", many)).rejects.toThrow(/at most 5000/);
    expect(bulkRoute("/V1/carts/{cartId}/items/{itemId}")).toBe("/V1/carts/byCartId/items/byItemId");
  });
});

describe("createMagentoClient: errors", () => {
  it("fills %name placeholders from parameters into ApiCallError.vendorMessage", async () => {
    const magento = client({ type: "bearer", token: "integration-bearer-token" });
    const result = await magento.api["/V1/orders/{id}"].GET({ params: { path: { id: 999 } } });
    expect(result.response.status).toBe(404);
    const { unwrap } = await import("@org/http");
    const error = (() => {
      try {
        unwrap(result);
      } catch (e) {
        return e as ApiCallError;
      }
    })();
    expect(error?.vendorMessage).toBe("No such entity with id = 999");
    expect(error?.message).toContain("GET https://shop.example.com/rest/default/V1/orders/999 failed with 404");
  });

  it("fills %1 placeholders from a list and keeps unknown ones", () => {
    expect(
      fillMagentoPlaceholders('The "%1" value\'s type is invalid. The "%2" type was expected.', ["abc", "int"]),
    ).toBe('The "abc" value\'s type is invalid. The "int" type was expected.');
    expect(fillMagentoPlaceholders("%1 and %missing", ["x"])).toBe("x and %missing");
    expect(fillMagentoPlaceholders("no parameters %1", undefined)).toBe("no parameters %1");
  });

  it("a POST answered with 500 is not sent again and is reported as outcome unknown (O6)", async () => {
    const magento = client({ type: "bearer", token: "integration-bearer-token" });
    const error = await magento.api["/V1/products"]
      .POST({ body: { product: { sku: "SKU-1" } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    expect((error as ApiCallError).outcomeUnknown).toBe(true);
    expect((error as ApiCallError).vendorMessage).toContain("Internal Error");
    expect(state.requests).toHaveLength(1);
  });

  it("no secret in errors or logs for any auth method (X1)", async () => {
    const lines: string[] = [];
    const hooks = createLoggingHooks((level, message, fields) =>
      lines.push(`${level} ${message} ${JSON.stringify(fields)}`),
    );
    const errors: unknown[] = [];
    const collect = async (run: () => Promise<unknown>) => {
      try {
        await run();
      } catch (error) {
        errors.push(error);
      }
    };
    server.use(
      http.get(`${STORE}/V1/orders/:id`, ({ request }) =>
        HttpResponse.json(
          { message: "Rejected %1", parameters: [request.headers.get("authorization") ?? ""] },
          { status: 400 },
        ),
      ),
    );
    const { unwrap } = await import("@org/http");
    for (const auth of [
      { type: "bearer", token: "integration-bearer-token" },
      { type: "oauth1", ...oauthCredentials },
      { type: "admin", username: "integration", password: ADMIN_PASSWORD },
    ] as const) {
      const magento = client(auth, { hooks });
      await collect(async () => unwrap(await magento.api["/V1/orders/{id}"].GET({ params: { path: { id: 1 } } })));
      await collect(() => magento.api["/V1/products"].POST({ body: { product: { sku: "S" } } }));
    }
    expect(errors).toHaveLength(6);
    const everything = [
      ...errors.map((e) => `${String(e)} ${JSON.stringify(e)} ${JSON.stringify((e as ApiCallError).body)}`),
      ...lines,
    ].join("\n");
    for (const secret of [
      "integration-bearer-token",
      oauthCredentials.consumerSecret,
      oauthCredentials.accessToken,
      oauthCredentials.accessTokenSecret,
      ADMIN_PASSWORD,
      "admin-token-1",
    ]) {
      expect(everything).not.toContain(secret);
    }
  });
});
