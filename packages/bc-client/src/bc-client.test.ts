import { ODataConcurrencyConflictError } from "@org/odata";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBcClient } from "./bc-client.js";

const TENANT = "contoso.onmicrosoft.com";
const ROOT = `https://api.businesscentral.dynamics.com/v2.0/${TENANT}/production/api/v2.0`;
const COMPANY = "7a6b1d1e-0000-4c8b-9a3e-000000000001";
const TOKEN_URL = `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const SALES_ORDERS = `${ROOT}/companies(${COMPANY})/salesOrders`;
const guid = (n: number) => `5f0c0000-0000-0000-0000-${String(n).padStart(12, "0")}`;

interface Order {
  "@odata.etag": string;
  id: string;
  number: string;
  externalDocumentNumber: string;
  customerNumber: string;
  totalAmountIncludingTax: string;
}

const state = {
  tokens: 0,
  tokenBodies: [] as string[],
  revoked: new Set<string>(),
  orders: [] as Order[],
  posts: 0,
  batchRequests: 0,
  loseNextPost: false,
  headers: [] as Headers[],
};

const server = setupServer(
  http.post(TOKEN_URL, async ({ request }) => {
    state.tokens++;
    state.tokenBodies.push(await request.text());
    return HttpResponse.json({ access_token: `token-${state.tokens}`, token_type: "Bearer", expires_in: 3599 });
  }),
  http.all(new RegExp(`^${escapeRegExp(ROOT)}/`), async ({ request }) => {
    state.headers.push(request.headers);
    const token = request.headers.get("authorization")?.replace("Bearer ", "") ?? "";
    if (!token.startsWith("token-") || state.revoked.has(token)) {
      return HttpResponse.json(
        { error: { code: "Unauthorized", message: "The credentials provided are incorrect" } },
        { status: 401 },
      );
    }
    const url = new URL(request.url);
    const path = decodeURIComponent(url.pathname);
    if (path.endsWith("/$batch")) {
      state.batchRequests++;
      const body = (await request.json()) as { requests: Array<{ id: string; method: string; url: string }> };
      return HttpResponse.json({
        responses: body.requests.map((r) => ({ id: r.id, status: 200, headers: {}, body: { echo: r.url } })),
      });
    }
    if (request.method === "GET" && path.endsWith("/salesOrders")) {
      const skip = Number(url.searchParams.get("$skip") ?? 0);
      const filter = url.searchParams.get("$filter");
      const pageSize = Number(/maxpagesize=(\d+)/.exec(request.headers.get("prefer") ?? "")?.[1] ?? 100);
      let rows = state.orders;
      const match = filter && /^externalDocumentNumber eq '(.*)'$/.exec(filter);
      if (match) rows = rows.filter((o) => o.externalDocumentNumber === match[1]);
      const page = rows.slice(skip, skip + pageSize);
      const nextLink = skip + pageSize < rows.length ? `${SALES_ORDERS}?$skip=${skip + pageSize}` : undefined;
      return HttpResponse.json({ value: page, ...(nextLink ? { "@odata.nextLink": nextLink } : {}) });
    }
    if (request.method === "POST" && path.endsWith("/salesOrders")) {
      state.posts++;
      const body = (await request.json()) as {
        externalDocumentNumber: string;
        customerNumber: string;
        salesOrderLines?: unknown[];
      };
      const order: Order = {
        "@odata.etag": `W/"JzE5OzEn"`,
        id: guid(state.orders.length + 1),
        number: `S-ORD${101000 + state.orders.length}`,
        externalDocumentNumber: body.externalDocumentNumber,
        customerNumber: body.customerNumber,
        totalAmountIncludingTax: String((body.salesOrderLines?.length ?? 0) * 10),
      };
      state.orders.push(order);
      if (state.loseNextPost) {
        state.loseNextPost = false;
        return HttpResponse.json({ error: { code: "GatewayTimeout", message: "timeout" } }, { status: 504 });
      }
      return HttpResponse.json(order, { status: 201 });
    }
    if (request.method === "PATCH") {
      const order = state.orders.find((o) => path.includes(o.id));
      if (!order || request.headers.get("if-match") !== order["@odata.etag"]) {
        return HttpResponse.json(
          { error: { code: "Request_EntityChanged", message: "Another user has already changed the record." } },
          { status: 412 },
        );
      }
      Object.assign(order, await request.json(), { "@odata.etag": `W/"JzIwOzEn"` });
      return HttpResponse.json(order);
    }
    return HttpResponse.json({ error: { code: "BadRequest_NotFound", message: `no route ${path}` } }, { status: 404 });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
beforeEach(() => {
  Object.assign(state, {
    tokens: 0,
    tokenBodies: [],
    orders: [],
    posts: 0,
    batchRequests: 0,
    loseNextPost: false,
    headers: [],
  });
  state.revoked.clear();
});

const bc = (overrides: Partial<Parameters<typeof createBcClient>[0]> = {}) =>
  createBcClient({
    tenantId: TENANT,
    environment: "production",
    companyId: COMPANY,
    auth: { clientId: "app-id", clientSecret: "s3cr3t-value" },
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    ...overrides,
  });

describe("createBcClient", () => {
  it("gets an Entra ID token with the BC scope once for 20 concurrent calls, and refreshes once after a 401", async () => {
    const client = bc();
    await Promise.all(Array.from({ length: 20 }, () => client.entities.list("salesOrders").toArray()));
    expect(state.tokens).toBe(1);
    expect(new URLSearchParams(state.tokenBodies[0]).get("scope")).toBe(
      "https://api.businesscentral.dynamics.com/.default",
    );
    expect(new URLSearchParams(state.tokenBodies[0]).get("grant_type")).toBe("client_credentials");
    state.revoked.add("token-1");
    await client.entities.list("salesOrders").toArray();
    expect(state.tokens).toBe(2);
  });

  it("sends exact-decimal Accept, and Data-Access-Intent: ReadOnly on reads when asked", async () => {
    await bc({ readOnly: true }).entities.list("salesOrders").toArray();
    const headers = state.headers.at(-1);
    expect(headers?.get("accept")).toBe("application/json;IEEE754Compatible=true");
    await bc().entities.create("salesOrders", { customerNumber: "10000", externalDocumentNumber: "X" });
    expect(state.headers.at(-1)?.get("content-type")).toBe("application/json;IEEE754Compatible=true");
    expect(headers?.get("data-access-intent")).toBe("ReadOnly");
    expect(headers?.get("prefer")).toBe("odata.maxpagesize=1000");
  });

  it("pages over absolute nextLinks", async () => {
    for (let i = 0; i < 7; i++)
      await bc().entities.create("salesOrders", { customerNumber: "10000", externalDocumentNumber: `WEB-${i}` });
    const rows = await bc({ maxPageSize: 3 })
      .entities.list("salesOrders", { select: ["number", "externalDocumentNumber"] })
      .toArray();
    expect(rows.map((r) => r.externalDocumentNumber)).toEqual([
      "WEB-0",
      "WEB-1",
      "WEB-2",
      "WEB-3",
      "WEB-4",
      "WEB-5",
      "WEB-6",
    ]);
  });

  it("deep-inserts a sales order with its lines", async () => {
    const order = await bc().entities.create("salesOrders", {
      customerNumber: "10000",
      externalDocumentNumber: "100234",
      salesOrderLines: [
        { lineType: "Item", lineObjectNumber: "1896-S", quantity: 2 },
        { lineType: "Item", lineObjectNumber: "1900-T", quantity: 1 },
      ],
    });
    expect(order.totalAmountIncludingTax).toBe("20");
  });

  it("runs 250 batch operations as 3 $batch requests of at most 100, results in order", async () => {
    const operations = Array.from({ length: 250 }, (_, i) => ({
      id: `op${i}`,
      method: "GET" as const,
      url: `companies(${COMPANY})/items?$top=${i}`,
    }));
    const results = await bc().batch(operations);
    expect(state.batchRequests).toBe(3);
    expect(results).toHaveLength(250);
    expect(results.map((r) => r.id)).toEqual(operations.map((o) => o.id));
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it("a PATCH with a stale ETag is a typed 412 conflict", async () => {
    const client = bc();
    const order = await client.entities.create("salesOrders", { customerNumber: "10000", externalDocumentNumber: "A" });
    const updated = await client.entities.update("salesOrders", order, { externalDocumentNumber: "B" });
    expect(updated?.externalDocumentNumber).toBe("B");
    await expect(client.entities.update("salesOrders", order, { externalDocumentNumber: "C" })).rejects.toBeInstanceOf(
      ODataConcurrencyConflictError,
    );
  });

  it("O5/O6: createOnce by externalDocumentNumber under an ambiguous 504 yields exactly one sales order", async () => {
    const client = bc();
    state.loseNextPost = true;
    const first = await client.entities.createOnce(
      "salesOrders",
      { customerNumber: "10000", externalDocumentNumber: "100234" },
      "externalDocumentNumber",
      { sleep: async () => {} },
    );
    expect(first).toMatchObject({ created: true, recoveredFromUnknownOutcome: true });
    const rerun = await client.entities.createOnce(
      "salesOrders",
      { customerNumber: "10000", externalDocumentNumber: "100234" },
      "externalDocumentNumber",
    );
    expect(rerun.created).toBe(false);
    expect(state.orders.filter((o) => o.externalDocumentNumber === "100234")).toHaveLength(1);
    expect(state.posts).toBe(1);
  });

  it("X1: the client secret and tokens never appear in errors", async () => {
    state.revoked.add("token-1");
    state.revoked.add("token-2");
    const error = await bc()
      .entities.get("salesOrders", guid(1))
      .catch((e: unknown) => e as Error);
    expect(String((error as Error).message)).not.toMatch(/s3cr3t-value|token-\d/);
    expect(JSON.stringify(error)).not.toMatch(/s3cr3t-value|token-\d/);
  });

  it("uses a caller's token source instead of client credentials", async () => {
    await bc({ auth: { getToken: () => "token-from-vault" } })
      .entities.list("salesOrders")
      .toArray();
    expect(state.tokens).toBe(0);
    expect(state.headers.at(-1)?.get("authorization")).toBe("Bearer token-from-vault");
  });
});
