import { ApiCallError, createOnce } from "@org/http";
import { createOroClient, fromOroOrder, type OroClient, type OroFlatOrder } from "@org/oro-client";
import { http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fakeHandlers } from "../msw.js";
import { startFakeServer } from "../server.js";
import { createOroFake, type OroFake, type OroFakeOptions } from "./oro-fake.js";
import { ORO_FAKE_DEPARTMENT_CUSTOMER_ID, ORO_FAKE_PRICE_LIST_ID } from "./oro-seed.js";

const START = Date.parse("2026-11-03T12:00:00Z");
const fastRetry = { baseDelayMs: 1, maxDelayMs: 2, jitter: 0 };

function setup(options: OroFakeOptions = {}) {
  let now = START;
  const fake = createOroFake({ now: () => now, ...options });
  const client = createOroClient({
    baseUrl: fake.baseUrl,
    auth: { clientId: "integration", clientSecret: "s3cret" },
    fetch: fake.fetch,
    retry: fastRetry,
  });
  return {
    fake,
    client,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** A request with a valid token, bypassing the client (to see raw statuses and bodies). */
async function raw(fake: OroFake, client: OroClient, path: string, init: RequestInit = {}) {
  // The client's fetch adds the token and JSON:API headers; a Request built here keeps our own headers.
  return client.fetch(new Request(`${fake.baseUrl}${path}`, init));
}

const ORDER_INCLUDE = [
  "lineItems",
  "customer",
  "customer.parent",
  "customerUser",
  "orderSubtotals",
  "billingAddress",
  "shippingAddress",
];

describe("oro fake: OAuth2 client credentials", () => {
  it("issues a token at the installation root (POST /oauth2-token) and uses it until it expires", async () => {
    const { fake, client } = setup();
    await client.list("orders", { page: { size: 1 } });
    await client.list("customers", { page: { size: 1 } });
    expect(fake.tokensIssued).toBe(1);
    expect(fake.calls[0]).toMatchObject({ method: "POST", path: "/oauth2-token", status: 200 });
  });

  it("answers 401 without a token, and 401 for an expired one (expires_in 3600 on the fake clock); the client renews", async () => {
    const { fake, client, advance } = setup();
    const anonymous = await fake.fetch(`${fake.baseUrl}/orders`, { headers: { accept: "application/vnd.api+json" } });
    expect(anonymous.status).toBe(401);
    expect(await firstError(anonymous)).toMatchObject({ status: "401", title: "authentication exception" });

    const token = await fake.fetch("https://oro.example.test/oauth2-token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials&client_id=a&client_secret=b",
    });
    const issued = (await token.json()) as { access_token: string; expires_in: number; token_type: string };
    expect(issued).toMatchObject({ expires_in: 3600, token_type: "Bearer" });
    const withToken = (t: string) =>
      fake.fetch(`${fake.baseUrl}/orders?page[size]=1`, { headers: { authorization: `Bearer ${t}` } });
    expect((await withToken(issued.access_token)).status).toBe(200);
    advance(3600 * 1000);
    const expired = await withToken(issued.access_token);
    expect(expired.status).toBe(401);
    expect((await firstError(expired))?.detail).toMatch(/expired/);

    // The client's cached token (issued before the clock moved) is refused once, then renewed.
    await client.list("orders", { page: { size: 1 } });
    const before = fake.tokensIssued;
    advance(3601 * 1000);
    const page = await client.list("orders", { page: { size: 1 } });
    expect(page.items).toHaveLength(1);
    expect(fake.tokensIssued).toBe(before + 1);
    expect(fake.calls.some((c) => c.status === 401 && c.path === "/orders")).toBe(true);
  });

  it("refuses wrong client credentials with invalid_client", async () => {
    const fake = createOroFake({ credentials: { clientId: "integration", clientSecret: "right" } });
    const client = createOroClient({
      baseUrl: fake.baseUrl,
      auth: { clientId: "integration", clientSecret: "wrong" },
      fetch: fake.fetch,
      retry: fastRetry,
    });
    const error = await client.list("orders").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    expect(String((error as Error).message)).toMatch(/invalid_client/);
    expect(String((error as Error).message)).not.toMatch(/wrong/);
  });
});

describe("oro fake: JSON:API media type", () => {
  it("answers application/vnd.api+json, 415 for a write in application/json and 406 for an Accept without it", async () => {
    const { fake, client } = setup();
    const ok = await raw(fake, client, "/products?page[size]=1");
    expect(ok.headers.get("content-type")).toBe("application/vnd.api+json");

    // The client rewrites application/json; a plain fetch with the client's token shows the fake's answer.
    const token = ok.ok ? await tokenOf(fake) : "";
    const wrongType = await fake.fetch(`${fake.baseUrl}/inventorylevels`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ data: [{ type: "inventorylevels", id: "1", meta: { update: true } }] }),
    });
    expect(wrongType.status).toBe(415);
    expect((await firstError(wrongType))?.title).toBe("unsupported media type http exception");
    const wrongAccept = await fake.fetch(`${fake.baseUrl}/orders`, {
      headers: { authorization: `Bearer ${token}`, accept: "text/html" },
    });
    expect(wrongAccept.status).toBe(406);
  });
});

interface OroErrorBody {
  errors: Array<{ status: string; title: string; detail: string; source?: { pointer?: string; parameter?: string } }>;
}

async function firstError(response: Response): Promise<OroErrorBody["errors"][number] | undefined> {
  return ((await response.json()) as OroErrorBody).errors[0];
}

async function tokenOf(fake: OroFake): Promise<string> {
  const response = await fake.fetch("https://oro.example.test/oauth2-token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials&client_id=a&client_secret=b",
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

describe("oro fake: paging, total count, filters, sort", () => {
  it("pages with page[number]/page[size], answers X-Include-Total-Count and links.next only while more exist", async () => {
    const { fake, client } = setup();
    const first = await client.list("orders", { page: { size: 5 } });
    expect(first.total).toBe(12);
    expect(first.items.map((o) => o.id)).toEqual(["1", "2", "3", "4", "5"]);
    const next = new URL(String(first.document.links?.next));
    expect(`${next.origin}${next.pathname}`).toBe(`${fake.baseUrl}/orders`);
    expect(Object.fromEntries(next.searchParams)).toEqual({ "page[size]": "5", "page[number]": "2" });
    const last = await client.list("orders", { page: { size: 5, number: 3 } });
    expect(last.items.map((o) => o.id)).toEqual(["11", "12"]);
    expect(last.document.links?.next).toBeUndefined();

    const before = fake.callCount({ method: "GET", path: "/orders" });
    const all = await client.listAll("orders", { page: { size: 5 } }).toArray();
    expect(all).toHaveLength(12);
    expect(fake.callCount({ method: "GET", path: "/orders" }) - before).toBe(3);
  });

  it("filters by updatedAt (gte/lt), comma lists, ranges, neq and exists; sorts by -updatedAt", async () => {
    const { fake, client } = setup();
    const orders = fake.orders();
    const pivot = orders[6]?.updatedAt as string;
    const since = await client.listAll("orders", { filter: { updatedAt: { gte: new Date(pivot) } } }).toArray();
    expect(since.map((o) => o.id)).toEqual(orders.filter((o) => o.updatedAt >= pivot).map((o) => o.id));
    const before = await client.list("orders", { filter: { updatedAt: { lt: new Date(pivot) } }, page: { size: 50 } });
    expect(before.items).toHaveLength(6);

    const byNumber = await client.list("orders", { filter: { identifier: ["100002", "100005"] } });
    expect(byNumber.items.map((o) => o.identifier)).toEqual(["100002", "100005"]);
    const range = await client.list("orders", { filter: { id: { between: ["3", "5"] } } });
    expect(range.items.map((o) => o.id)).toEqual(["3", "4", "5"]);
    const withoutPo = await client.list("orders", { filter: { poNumber: { exists: false } }, page: { size: 50 } });
    expect(withoutPo.items.every((o) => o.poNumber === null)).toBe(true);
    const notFirst = await client.list("orders", { filter: { id: { neq: "1" } }, page: { size: 50 } });
    expect(notFirst.items).toHaveLength(11);

    const newest = await client.list("orders", { sort: ["-updatedAt"], page: { size: 1 } });
    expect(newest.items[0]?.id).toBe("12");
  });

  it("rejects an unknown filter with 400 and Oro's errors array naming the parameter", async () => {
    const { fake, client } = setup();
    const response = await raw(fake, client, "/orders?filter[colour]=blue");
    expect(response.status).toBe(400);
    expect((await response.json()) as OroErrorBody).toEqual({
      errors: [
        {
          status: "400",
          title: "filter constraint",
          detail: "The filter is not supported.",
          source: { parameter: "filter[colour]" },
        },
      ],
    });
    const sort = await raw(fake, client, "/orders?sort=createdAt");
    expect(sort.status).toBe(400);
    expect(await firstError(sort)).toMatchObject({ title: "sort constraint", source: { parameter: "sort" } });
    // Through the client, the same body becomes an ApiCallError naming Oro's title and the parameter.
    const error = await client
      .list("orders" as "customers", { filter: { updatedAt: { gte: "x" } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    expect((error as Error).message).toMatch(/filter constraint/);
  });

  it("lists product prices only with filter[priceList] (Oro requires it)", async () => {
    const { fake, client } = setup();
    const missing = await client.list("productprices").catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ApiCallError);
    expect((missing as ApiCallError).status).toBe(400);
    expect((missing as Error).message).toMatch(/"priceList" filter is required/);
    const prices = await client
      .listAll("productprices", { filter: { priceList: ORO_FAKE_PRICE_LIST_ID }, include: ["product"] })
      .toArray();
    expect(prices).toHaveLength(fake.productPrices().length);
    const mug = prices.find((p) => (p.product as { sku?: string }).sku === "MUG-BLUE");
    expect(mug).toMatchObject({ value: "12.9000", currency: "EUR", unit: { type: "productunits", id: "item" } });
  });
});

describe("oro fake: include and flattening", () => {
  it("O2/O8/O12: includes line items, the customer with its parent and the order subtotals; fromOroOrder reads them", async () => {
    const { fake, client } = setup();
    const department = fake.orders().find((o) => o.customerId === ORO_FAKE_DEPARTMENT_CUSTOMER_ID);
    expect(department).toBeDefined();
    const order = (await client.get("orders", department?.id as string, { include: ORDER_INCLUDE })) as OroFlatOrder;
    const result = fromOroOrder(order, { parentAccountNumberField: "externalId" });
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    const canonical = result.value;
    expect(canonical.customer.organization?.parentAccountNumber).toBe("C10005");
    expect(canonical.customer.organization?.name).toMatch(/Restaurant/);
    expect(canonical.poNumber).toMatch(/^PO-/);
    expect(canonical.lines.map((l) => l.unit)).toEqual(department?.lines.map((l) => l.unitCode));
    expect(canonical.totals.taxTotal.eq(department?.taxTotal as string)).toBe(true);
    expect(canonical.totals.grandTotal.eq(department?.totalValue as string)).toBe(true);
    expect(canonical.priceList).toBe(ORO_FAKE_PRICE_LIST_ID);
  });

  it("a list with include carries every related resource once in `included`", async () => {
    const { fake, client } = setup();
    const page = await client.list("orders", { include: ["lineItems"], page: { size: 3 } });
    const included = page.document.included ?? [];
    const lineIds = fake
      .orders()
      .slice(0, 3)
      .flatMap((o) => o.lines.map((l) => l.id));
    expect(included.map((r) => r.id).sort()).toEqual([...lineIds].sort());
    expect(page.items[0]?.lineItems?.[0]).toHaveProperty("productSku");
    const unknown = await raw(fake, client, "/orders?include=warehouse");
    expect(unknown.status).toBe(400);
    expect((await firstError(unknown))?.source).toEqual({ parameter: "include" });
  });

  it("O13: one seeded line is priced below the price list; O4: one order is cancelled", async () => {
    const { fake } = setup();
    const list = new Map(fake.productPrices(ORO_FAKE_PRICE_LIST_ID).map((p) => [p.sku, p.value]));
    const deviating = fake.orders().flatMap((o) => o.lines.filter((l) => list.get(l.sku) !== l.value));
    expect(deviating).toHaveLength(1);
    expect(fake.orders().filter((o) => o.status === "cancelled")).toHaveLength(1);
    const units = new Set(fake.orders().flatMap((o) => o.lines.map((l) => l.unitCode)));
    expect([...units].every((u) => ["item", "set", "pack"].includes(u))).toBe(true);
  });
});

describe("oro fake: batch API and writes", () => {
  it("updates inventory levels synchronously with X-Mode: sync (≤ 100 records)", async () => {
    const { fake, client } = setup();
    const result = await client.batch(
      "inventorylevels",
      [
        { id: "1", quantity: "7" },
        { id: "2", quantity: "0" },
      ],
      { mode: "update" },
    );
    expect(result.mode).toBe("sync");
    const levels = new Map(fake.inventoryLevels().map((l) => [l.id, l.quantity]));
    expect(levels.get("1")).toBe("7");
    expect(levels.get("2")).toBe("0");
    expect(fake.calls.find((c) => c.method === "PATCH")?.path).toBe("/inventorylevels");
  });

  it("runs a batch asynchronously without X-Mode: sync and reports through asyncoperations", async () => {
    const { fake, client } = setup({ asyncOperationPolls: 2 });
    const result = await client.batch("inventorylevels", [{ id: "3", quantity: "42" }], {
      mode: "update",
      sync: false,
    });
    expect(result.mode).toBe("async");
    if (result.mode !== "async") return;
    const done = await client.waitForAsyncOperation(result.operationId, { intervalMs: 1, maxIntervalMs: 1 });
    expect(done.status).toBe("success");
    expect(done.summary?.writeCount).toBe(1);
    expect(fake.callCount({ method: "GET", path: "/asyncoperations/" })).toBe(3);
    expect(fake.inventoryLevels().find((l) => l.id === "3")?.quantity).toBe("42");
  });

  it("falls back to async when X-Mode: sync exceeds the sync limit; a record that fails makes the operation failed", async () => {
    const { fake, client } = setup({ syncBatchMaxPrimary: 2, asyncOperationPolls: 0 });
    const result = await client.batch(
      "inventorylevels",
      [
        { id: "4", quantity: "1" },
        { id: "5", quantity: "2" },
        { id: "999", quantity: "3" },
      ],
      { mode: "update", sync: true },
    );
    expect(result).toMatchObject({ mode: "async", fellBackToAsync: true });
    if (result.mode !== "async") return;
    const done = await client.waitForAsyncOperation(result.operationId, { intervalMs: 1, maxIntervalMs: 1 });
    expect(done.status).toBe("failed");
    expect(done.summary).toMatchObject({ writeCount: 2, errorCount: 1 });
    expect(fake.asyncOperations()[0]?.errors[0]?.source).toEqual({ pointer: "/data/2" });
    const errors = await raw(fake, client, `/asyncoperations/${result.operationId}/errors`);
    expect(((await errors.json()) as { data: unknown[] }).data).toHaveLength(1);
    expect(fake.inventoryLevels().find((l) => l.id === "5")?.quantity).toBe("2");
  });

  it("refuses to create inventory levels: schema rejection names the pointer, POST is 405", async () => {
    const { fake, client } = setup();
    const error = await client.batch("inventorylevels", [{ id: "1", quantity: "5" }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    expect((error as ApiCallError).status).toBe(400);
    expect((error as Error).message).toMatch(/request data constraint.*\/data\/0/);
    const post = await raw(fake, client, "/inventorylevels", {
      method: "POST",
      headers: { "content-type": "application/vnd.api+json" },
      body: JSON.stringify({ data: { type: "inventorylevels", attributes: { quantity: "1" } } }),
    });
    expect(post.status).toBe(405);
  });

  it("validates a shipping tracking against the schema (400 naming /data/attributes) and creates a valid one", async () => {
    const { fake, client } = setup();
    const bad = await client.api["/ordershippingtrackings"].POST({
      body: {
        data: {
          type: "ordershippingtrackings",
          attributes: { method: "DHL" } as { method: string; number: string },
          relationships: { orders: { data: [{ type: "orders", id: "1" }] } },
        },
      },
    });
    expect(bad.response.status).toBe(400);
    expect(JSON.stringify(bad.error)).toMatch(/\/data\/attributes/);
    expect(fake.shippingTrackings()).toHaveLength(0);

    const good = await client.api["/ordershippingtrackings"].POST({
      body: {
        data: {
          type: "ordershippingtrackings",
          attributes: { method: "DHL", number: "00340434161094042557" },
          relationships: { orders: { data: [{ type: "orders", id: "1" }] } },
        },
      },
    });
    expect(good.response.status).toBe(201);
    expect(fake.orders()[0]?.shippingTrackingIds).toHaveLength(1);
  });

  it("O6: a lost response after commit leaves the outcome unknown; createOnce finds the committed tracking", async () => {
    const { fake, client } = setup();
    fake.faults.once({ kind: "lost-response", method: "POST", path: "/ordershippingtrackings" });
    const number = "00340434161094049999";
    const find = async () => {
      const trackings = await client.listAll("ordershippingtrackings").toArray();
      const found = trackings.find((t) => t.number === number);
      return found ? { id: found.id, number } : undefined;
    };
    const create = async () => {
      const result = await client.api["/ordershippingtrackings"].POST({
        body: {
          data: {
            type: "ordershippingtrackings",
            attributes: { method: "DHL", number },
            relationships: { orders: { data: [{ type: "orders", id: "2" }] } },
          },
        },
      });
      if (result.error || !result.data) throw new Error("unexpected");
      return { id: result.data.data.id, number };
    };
    const direct = await create().catch((e: unknown) => e);
    expect(direct).toBeInstanceOf(ApiCallError);
    expect((direct as ApiCallError).outcomeUnknown).toBe(true);

    const once = await createOnce({ key: `tracking ${number}`, find, create, sleep: async () => {} });
    expect(once.created).toBe(false);
    expect(fake.shippingTrackings().filter((t) => t.number === number)).toHaveLength(1);
  });
});

describe("oro fake: sub-resources, single updates and master data writes", () => {
  it("lists an order's line items and reads its billing address through sub-resource paths", async () => {
    const { fake, client } = setup();
    const order = fake.orders()[1];
    const lines = await client.api["/orders/{id}/lineItems"].GET({ params: { path: { id: order?.id as string } } });
    expect(lines.data?.data.map((l) => l.id)).toEqual(order?.lines.map((l) => l.id));
    const address = await client.api["/orders/{id}/billingAddress"].GET({
      params: { path: { id: order?.id as string } },
    });
    expect(address.data?.data?.attributes?.city).toBeTruthy();
    const missing = await raw(fake, client, "/orders/999");
    expect(missing.status).toBe(404);
  });

  it("updates one inventory level (PATCH /inventorylevels/{id}); an id that differs from the path is a 409", async () => {
    const { fake, client } = setup();
    const ok = await client.api["/inventorylevels/{id}"].PATCH({
      params: { path: { id: "7" } },
      body: { data: { type: "inventorylevels", id: "7", attributes: { quantity: "12" } } },
    });
    expect(ok.response.status).toBe(200);
    expect(fake.inventoryLevels().find((l) => l.id === "7")).toMatchObject({
      quantity: "12",
      updatedAt: "2026-11-03T12:00:00Z",
    });
    const conflict = await client.api["/inventorylevels/{id}"].PATCH({
      params: { path: { id: "7" } },
      body: { data: { type: "inventorylevels", id: "8", attributes: { quantity: "1" } } },
    });
    expect(conflict.response.status).toBe(409);
  });

  it("O2: creates a customer with a parent and writes an ERP account number back by batch (create, then update)", async () => {
    const { fake, client } = setup();
    const created = await client.batch("customers", [{ name: "Café Lindner – Filiale Nord", parent: "3" }], {
      relationships: { customers: { parent: "customers" } },
    });
    expect(created.mode).toBe("sync");
    const id = created.mode === "sync" ? (created.items[0]?.id as string) : "";
    await client.batch("customers", [{ id, externalId: "C20001" }], { mode: "update" });
    expect(fake.customers().find((c) => c.id === id)).toEqual({
      id,
      name: "Café Lindner – Filiale Nord",
      externalId: "C20001",
      parentId: "3",
    });
    expect(fake.customerUsers().filter((u) => u.isGuest).length).toBeGreaterThan(0);
    fake.setListPrice("MUG-BLUE", "11.0000");
    expect(fake.productPrices().find((p) => p.sku === "MUG-BLUE")?.value).toBe("11.0000");
    fake.updateOrder("1", { status: "closed" });
    expect(fake.orders()[0]).toMatchObject({ status: "closed", updatedAt: "2026-11-03T12:00:00Z" });
  });
});

describe("oro fake: transports", () => {
  it("serves the real client over the loopback server, with links on the public URL", async () => {
    const fake = createOroFake();
    const server = await startFakeServer([fake]);
    try {
      const base = server.baseUrlOf(fake);
      const client = createOroClient({
        baseUrl: base,
        auth: { clientId: "integration", clientSecret: "s3cret" },
        allowInsecureHttp: true,
        retry: fastRetry,
      });
      const first = await client.list("customers", { page: { size: 2 } });
      expect(first.total).toBe(6);
      expect(String(first.document.links?.next)).toMatch(new RegExp(`^${server.origin}/oro/admin/api/customers\\?`));
      expect(await client.listAll("customers", { page: { size: 2 } }).toArray()).toHaveLength(6);
      expect(fake.tokensIssued).toBe(1);
    } finally {
      await server.close();
    }
  });

  describe("through msw", () => {
    const fake = createOroFake();
    // Oro's token endpoint sits at the installation root, outside /admin/api: the fake lists it in `extraUrls`, so
    // fakeHandlers serves it too.
    const server = setupServer(...fakeHandlers(fake));
    beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
    afterEach(() => server.resetHandlers());
    afterAll(() => server.close());

    it("lists orders with their line items through the real client", async () => {
      const client = createOroClient({
        baseUrl: "https://oro.example.test",
        auth: { clientId: "integration", clientSecret: "s3cret" },
        retry: fastRetry,
      });
      const orders = await client.listAll("orders", { include: ["lineItems"], page: { size: 4 } }).toArray();
      expect(orders).toHaveLength(12);
      expect(orders.every((o) => (o.lineItems ?? []).every((l) => typeof l.productSku === "string"))).toBe(true);
    });
  });
});
