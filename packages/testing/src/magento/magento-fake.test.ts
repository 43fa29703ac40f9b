import { checkOrderTotals } from "@org/core";
import { ApiCallError } from "@org/http";
import {
  createMagentoClient,
  filter,
  fromMagentoCreditMemo,
  fromMagentoOrder,
  type MagentoAuth,
  type MagentoClient,
  type MagentoCreditMemo,
  type MagentoOrder,
  searchCriteria,
} from "@org/magento-client";
import { setupServer } from "msw/node";
import { afterEach, describe, expect, it } from "vitest";
import { fakeHandlers } from "../msw.js";
import { SEED_UNKNOWN_SKU } from "../seed/catalog.js";
import { startFakeServer } from "../server.js";
import {
  createMagentoFake,
  MAGENTO_FAKE_ADMIN,
  MAGENTO_FAKE_ADMIN_TOKEN_LIFETIME_MS,
  MAGENTO_FAKE_INTEGRATION,
  type MagentoFake,
  type MagentoFakeOptions,
  magentoShopUrl,
} from "./magento-fake.js";

const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 2 };
const bearer: MagentoAuth = { type: "bearer", token: MAGENTO_FAKE_INTEGRATION.accessToken };
const oauth1: MagentoAuth = { type: "oauth1", ...MAGENTO_FAKE_INTEGRATION };
const admin: MagentoAuth = { type: "admin", ...MAGENTO_FAKE_ADMIN };

function setup(
  options: MagentoFakeOptions = {},
  auth: MagentoAuth = bearer,
): { fake: MagentoFake; client: MagentoClient } {
  const fake = createMagentoFake(options);
  const client = createMagentoClient({ baseUrl: fake.shopUrl, auth, fetch: fake.fetch, retry: FAST_RETRY });
  return { fake, client };
}

/** A fake clock tests move forward. */
function manualClock(start = Date.parse("2026-11-03T09:00:00Z")) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

async function errorOf(promise: Promise<unknown>): Promise<ApiCallError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiCallError);
  return error as ApiCallError;
}

describe("magento fake: seed data as Magento renders it", () => {
  it("O1/O3/O9/O10: every seed order maps with fromMagentoOrder and reconciles; a configurable pair, guests, coupons, gift cards and the unknown SKU are there", () => {
    const { fake } = setup();
    const orders = fake.orders();
    expect(orders).toHaveLength(12);
    for (const order of orders) {
      const result = fromMagentoOrder(order as MagentoOrder);
      expect(result.kind === "failed" ? result.exceptions : [], `order ${String(order.increment_id)}`).toEqual([]);
      expect(result.warnings).toEqual([]);
      if (result.kind === "ok") expect(checkOrderTotals(result.value)).toEqual([]);
    }
    const items = orders.flatMap((o) => o.items as Array<Record<string, unknown>>);
    const parent = items.find((i) => i.product_type === "configurable");
    expect(parent).toBeDefined();
    const child = items.find((i) => i.parent_item_id === parent?.item_id);
    expect(child).toMatchObject({ sku: parent?.sku, price: 0, product_type: "simple" });
    expect(orders.some((o) => o.customer_is_guest === 1)).toBe(true);
    expect(orders.some((o) => typeof o.coupon_code === "string")).toBe(true);
    expect(orders.some((o) => (o.extension_attributes as { gift_cards?: unknown[] }).gift_cards?.length)).toBe(true);
    expect(items.some((i) => i.sku === SEED_UNKNOWN_SKU)).toBe(true);
    expect(new Set(orders.map((o) => o.state))).toEqual(new Set(["processing", "new", "complete", "holded"]));
  });

  it("the configurable parent is one canonical line with the child's SKU, and the gift card is a redemption (O10)", () => {
    const { fake } = setup();
    const withGiftCard = fake.orders().find((o) => (o.extension_attributes as { gift_cards?: unknown[] }).gift_cards);
    const mapped = fromMagentoOrder(withGiftCard as MagentoOrder);
    expect(mapped.kind === "ok" ? mapped.value.giftCardRedemptions : []).toHaveLength(1);
    const withMug = fake
      .orders()
      .find((o) => (o.items as Array<{ product_type: string }>).some((i) => i.product_type === "configurable"));
    const mapped2 = fromMagentoOrder(withMug as MagentoOrder);
    const order = mapped2.kind === "ok" ? mapped2.value : undefined;
    const mugs = order?.lines.filter((l) => l.sku.startsWith("MUG-")) ?? [];
    const parents = ((withMug?.items ?? []) as Array<{ product_type: string }>).filter(
      (i) => i.product_type === "configurable",
    );
    expect(mugs).toHaveLength(parents.length);
  });

  it("R2: the seeded credit memo maps with fromMagentoCreditMemo and reconciles", async () => {
    const { fake, client } = setup();
    const memos = await client.searchAll("/V1/creditmemos", searchCriteria(), { pageSize: 10 }).toArray();
    expect(memos).toHaveLength(1);
    const memo = memos[0] as MagentoCreditMemo;
    const order = fake.order(memo.order_id as number);
    const result = fromMagentoCreditMemo(memo, { order: order as MagentoOrder });
    expect(result.kind === "failed" ? result.exceptions : []).toEqual([]);
    expect(result.kind).toBe("ok");
  });
});

describe("magento fake: searchCriteria", () => {
  it("QUIRK: a page past the end answers the last page again with total_count; searchAll still yields each order once", async () => {
    const { fake, client } = setup();
    const url = (page: number) =>
      `${client.storeUrl}/V1/orders?searchCriteria[pageSize]=5&searchCriteria[currentPage]=${page}&searchCriteria[sortOrders][0][field]=entity_id`;
    const last = (await (await client.fetch(url(3))).json()) as {
      items: Array<{ entity_id: number }>;
      total_count: number;
    };
    const past = (await (await client.fetch(url(9))).json()) as {
      items: Array<{ entity_id: number }>;
      total_count: number;
    };
    expect(last.items.map((o) => o.entity_id)).toEqual([11, 12]);
    expect(past.items.map((o) => o.entity_id)).toEqual([11, 12]);
    expect(past.total_count).toBe(12);

    const before = fake.callCount({ path: "/V1/orders" });
    const all = await client.searchAll("/V1/orders", searchCriteria(), { pageSize: 5 }).toArray();
    expect(all.map((o) => o.entity_id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(fake.callCount({ path: "/V1/orders" }) - before).toBe(3);
  });

  it("filters in a group are OR-ed, groups AND-ed; eq/neq/gt/gteq/lt/lteq/in/like; sort orders", async () => {
    const { fake, client } = setup();
    const ids = async (criteria: ReturnType<typeof searchCriteria>) =>
      (await client.searchAll("/V1/orders", criteria, { pageSize: 300 }).toArray()).map((o) => o.entity_id);
    const byState = (state: string) =>
      fake
        .orders()
        .filter((o) => o.state === state)
        .map((o) => o.entity_id);

    expect(await ids(searchCriteria().where(filter("state", "eq", "new"), filter("state", "eq", "holded")))).toEqual(
      [...byState("new"), ...byState("holded")].sort((a, b) => Number(a) - Number(b)),
    );
    expect(
      await ids(
        searchCriteria()
          .where(filter("state", "eq", "processing"))
          .where(filter("entity_id", "gt", 5)),
      ),
    ).toEqual(byState("processing").filter((id) => Number(id) > 5));
    expect(await ids(searchCriteria().where(filter("entity_id", "gteq", 11)))).toEqual([11, 12]);
    expect(await ids(searchCriteria().where(filter("entity_id", "lt", 3)))).toEqual([1, 2]);
    expect(await ids(searchCriteria().where(filter("entity_id", "lteq", 2)))).toEqual([1, 2]);
    expect(await ids(searchCriteria().where(filter("entity_id", "in", [3, 7, 42])))).toEqual([3, 7]);
    expect(await ids(searchCriteria().where(filter("state", "neq", "processing")))).toEqual(
      fake
        .orders()
        .filter((o) => o.state !== "processing")
        .map((o) => o.entity_id),
    );
    expect(await ids(searchCriteria().where(filter("customer_email", "like", "guest-%")))).toEqual(
      fake
        .orders()
        .filter((o) => o.customer_is_guest === 1)
        .map((o) => o.entity_id),
    );
    const updated = fake.orders()[5]?.updated_at as string;
    expect(await ids(searchCriteria().where(filter("updated_at", "gt", updated)))).toEqual([7, 8, 9, 10, 11, 12]);
    const descending = await client.search("/V1/orders", searchCriteria().sortBy("grand_total", "DESC"), {
      pageSize: 3,
    });
    const totals = (descending.items ?? []).map((o) => o.grand_total ?? 0);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    expect(descending.total_count).toBe(12);
  });

  it("answers 400 without searchCriteria and 500 for an unknown column, in Magento's error shape", async () => {
    const { client } = setup();
    const missing = await client.fetch(`${client.storeUrl}/V1/orders`);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({
      message: '"%fieldName" is required. Enter and try again.',
      parameters: { fieldName: "searchCriteria" },
    });
    const error = await errorOf(client.search("/V1/orders", searchCriteria().where(filter("no_such_column", "eq", 1))));
    expect(error.status).toBe(500);
  });

  it("input limits (option, off by default as in Magento): page size above 300 and more than 20 list items are refused", async () => {
    const { client } = setup({ inputLimits: true });
    const page = await client.fetch(`${client.storeUrl}/V1/orders?searchCriteria[pageSize]=301`);
    expect(page.status).toBe(400);
    expect(await page.json()).toEqual({ message: "Maximum SearchCriteria pageSize is %max", parameters: { max: 300 } });
    const sourceItems = Array.from({ length: 21 }, (_, i) => ({
      sku: `SKU-${i}`,
      source_code: "default",
      quantity: 1,
      status: 1,
    }));
    const error = await errorOf(
      client.api["/V1/inventory/source-items"].POST({ body: { sourceItems } }).then((r) => {
        if (r.error)
          throw new ApiCallError(JSON.stringify(r.error), {
            method: "POST",
            url: "",
            status: r.response.status,
            retryable: false,
            outcomeUnknown: false,
            body: r.error,
          });
        return r.data;
      }),
    );
    expect(error.status).toBe(400);
    expect(error.body).toMatchObject({ message: 'Maximum items of type "%type" is %max', parameters: { max: 20 } });

    const unlimited = setup();
    const ok = await unlimited.client.api["/V1/inventory/source-items"].POST({ body: { sourceItems } });
    expect(ok.response.status).toBe(200);
  });
});

describe("magento fake: authentication", () => {
  it("admin token: issued once, expires after 4 h on the fake clock (401 in Magento's shape), the client issues a new one", async () => {
    const clock = manualClock();
    const { fake, client } = setup({ now: clock.now }, admin);
    await client.search("/V1/orders", searchCriteria(), { pageSize: 1 });
    expect(fake.tokenStats.adminTokensIssued).toBe(1);
    clock.advance(MAGENTO_FAKE_ADMIN_TOKEN_LIFETIME_MS + 1);
    const page = await client.search("/V1/orders", searchCriteria(), { pageSize: 1 });
    expect(page.total_count).toBe(12);
    expect(fake.tokenStats).toMatchObject({ adminTokensIssued: 2, expiredTokenRejections: 1, unauthorized: 1 });
  });

  it("an expired or unknown token is a 401 naming the ACL resource; the client reports it clearly", async () => {
    const clock = manualClock();
    const fake = createMagentoFake({ now: clock.now, adminTokenLifetimeMs: 60_000 });
    const token = (await (
      await fake.fetch(`${fake.shopUrl}/rest/V1/integration/admin/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(MAGENTO_FAKE_ADMIN),
      })
    ).json()) as string;
    clock.advance(60_000);
    const expired = await fake.fetch(`${fake.baseUrl}/V1/orders/1`, { headers: { authorization: `Bearer ${token}` } });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({
      message: "The consumer isn't authorized to access %resources.",
      parameters: { resources: "Magento_Sales::actions_view" },
    });
    const client = createMagentoClient({ baseUrl: fake.shopUrl, auth: { type: "bearer", token }, fetch: fake.fetch });
    const error = await errorOf(client.search("/V1/orders", searchCriteria()));
    expect(error.status).toBe(401);
    expect(error.message).toContain("The consumer isn't authorized to access Magento_Sales::actions_view.");
    expect(fake.tokenStats.expiredTokenRejections).toBeGreaterThanOrEqual(2);
  });

  it("a wrong admin password is refused with Magento's sign-in message", async () => {
    const { fake, client } = setup({}, { type: "admin", username: MAGENTO_FAKE_ADMIN.username, password: "wrong" });
    const error = await errorOf(client.search("/V1/orders", searchCriteria()));
    expect(error.status).toBe(401);
    expect(error.message).toContain("The account sign-in was incorrect");
    expect(fake.tokenStats.failedLogins).toBeGreaterThanOrEqual(1);
  });

  it("OAuth 1.0a: signed requests pass (spaces in filter values included); a wrong secret fails the signature check", async () => {
    const { fake, client } = setup({}, oauth1);
    const found = await client.search("/V1/products", searchCriteria().where(filter("name", "like", "%green tea%")), {
      uniqueField: "id",
    });
    expect(found.items?.map((p) => p.sku)).toEqual(["TEA-GREEN"]);
    expect(fake.tokenStats.accepted.oauth1).toBe(1);

    const forged = createMagentoClient({
      baseUrl: fake.shopUrl,
      auth: { ...oauth1, consumerSecret: "not-the-secret" } as MagentoAuth,
      fetch: fake.fetch,
    });
    expect((await errorOf(forged.search("/V1/products", searchCriteria(), { uniqueField: "id" }))).status).toBe(401);
  });

  it("the integration token as a bearer can be switched off (Magento 2.4.4+ default)", async () => {
    const { client } = setup({ allowIntegrationBearer: false });
    expect((await errorOf(client.search("/V1/orders", searchCriteria()))).status).toBe(401);
  });
});

describe("magento fake: writes", () => {
  it("I1: source items are upserted by SKU and source; GET with searchCriteria reads them back", async () => {
    const { fake, client } = setup();
    const result = await client.api["/V1/inventory/source-items"].POST({
      body: {
        sourceItems: [
          { sku: "MUG-BLUE", source_code: "default", quantity: 7, status: 1 },
          { sku: "NEW-SKU", source_code: "leipzig", quantity: 0, status: 0 },
        ],
      },
    });
    expect(result.response.status).toBe(200);
    expect(fake.sourceItem("MUG-BLUE", "default")).toEqual({
      sku: "MUG-BLUE",
      source_code: "default",
      quantity: 7,
      status: 1,
    });
    expect(fake.sourceItems().filter((s) => s.sku === "MUG-BLUE")).toHaveLength(2);
    const read = await client
      .searchAll(
        "/V1/inventory/source-items",
        searchCriteria()
          .where(filter("sku", "in", ["MUG-BLUE", "NEW-SKU"]))
          .where(filter("source_code", "eq", "leipzig")),
        { uniqueField: "sku" },
      )
      .toArray();
    expect(read.map((s) => [s.sku, s.quantity])).toEqual([
      ["MUG-BLUE", 35],
      ["NEW-SKU", 0],
    ]);
  });

  it("schema rejection: a body that breaks the admin schema is a 400 naming the field, nothing is stored", async () => {
    const { fake, client } = setup();
    const before = fake.sourceItems();
    const bad = await client.fetch(`${client.storeUrl}/V1/inventory/source-items`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        sourceItems: [{ sku: "MUG-BLUE", source_code: "default", quantity: "seven", status: 1 }],
      }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ parameters: { fieldName: "sourceItems.0.quantity" } });
    const missing = await client.fetch(`${client.storeUrl}/V1/order/1/ship`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tracks: [{ title: "DHL", carrier_code: "dhl" }] }),
    });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({
      message: '"%fieldName" is required. Enter and try again.',
      parameters: { fieldName: "tracks.0.track_number" },
    });
    const unknownSource = await client.api["/V1/inventory/source-items"].POST({
      body: { sourceItems: [{ sku: "MUG-BLUE", source_code: "nowhere", quantity: 1, status: 1 }] },
    });
    expect(unknownSource.response.status).toBe(400);
    expect(fake.sourceItems()).toEqual(before);
    expect(fake.shipments()).toEqual([]);
  });

  it("F1: shipping an order with tracking completes it; the same order cannot be shipped twice", async () => {
    const { fake, client } = setup();
    const order = fake.orders().find((o) => o.state === "processing") as Record<string, unknown>;
    const result = await client.api["/V1/order/{orderId}/ship"].POST({
      params: { path: { orderId: order.entity_id as number } },
      body: {
        notify: true,
        tracks: [{ track_number: "00340434161094042557", title: "DHL Paket", carrier_code: "dhl" }],
      },
    });
    expect(result.response.status).toBe(200);
    expect(fake.shipments()).toHaveLength(1);
    expect(fake.shipments()[0]?.tracks[0]?.track_number).toBe("00340434161094042557");
    expect(fake.order(order.entity_id as number)).toMatchObject({ state: "complete", status: "complete" });
    const again = await client.api["/V1/order/{orderId}/ship"].POST({
      params: { path: { orderId: order.entity_id as number } },
      body: {},
    });
    expect(again.response.status).toBe(400);
    expect((again.error as { message: string }).message).toContain("does not allow a shipment");
  });

  it("O6: a lost response after the ship committed: the client says outcome unknown, the fake holds exactly one shipment", async () => {
    const { fake, client } = setup();
    fake.faults.once({ kind: "lost-response", method: "POST", path: "/ship" });
    const order = fake.orders().find((o) => o.state === "processing") as Record<string, unknown>;
    const error = await errorOf(
      client.api["/V1/order/{orderId}/ship"].POST({
        params: { path: { orderId: order.entity_id as number } },
        body: {},
      }),
    );
    expect(error.outcomeUnknown).toBe(true);
    expect(fake.shipments()).toHaveLength(1);
    expect(fake.order(order.entity_id as number)?.state).toBe("complete");
  });

  it("async bulk: source items in one bulk, operations open until the consumer runs, then completed or failed per item", async () => {
    const { fake, client } = setup({ bulkOpenPolls: 1 });
    const accepted = await client.bulk("post", "/V1/inventory/source-items", [
      { sourceItems: [{ sku: "TEA-GREEN", source_code: "leipzig", quantity: 12, status: 1 }] },
      { sourceItems: [{ sku: "TEA-GREEN", source_code: "leipzig", quantity: "x" }] } as never,
    ]);
    expect(accepted.bulk_uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(fake.sourceItem("TEA-GREEN", "leipzig")?.quantity).toBe(0);
    const result = await client.waitForBulk(accepted.bulk_uuid, { intervalMs: 1, maxIntervalMs: 2 });
    expect(result.completed).toHaveLength(1);
    expect(result.failed).toHaveLength(1);
    expect(fake.sourceItem("TEA-GREEN", "leipzig")?.quantity).toBe(12);
    expect(fake.callCount({ path: /\/bulk\/.+\/status$/ })).toBe(2);
    const unknown = await client.fetch(`${client.storeUrl}/V1/bulk/00000000-0000-4000-a000-000000000000/status`);
    expect(unknown.status).toBe(404);
  });

  it("async bulk: ship orders by id (`/async/bulk/V1/order/byOrderId/ship`)", async () => {
    const { fake, client } = setup();
    const ids = fake
      .orders()
      .filter((o) => o.state === "processing")
      .slice(0, 2)
      .map((o) => o.entity_id as number);
    const accepted = await client.bulk(
      "post",
      "/V1/order/{orderId}/ship",
      ids.map((orderId) => ({ orderId, notify: false })),
    );
    const result = await client.waitForBulk(accepted.bulk_uuid, { intervalMs: 1 });
    expect(result.completed).toHaveLength(2);
    expect(fake.shipments().map((s) => s.order_id)).toEqual(ids);
  });
});

describe("magento fake: single records and test controls", () => {
  it("answers single-record routes with Magento's 404 texts, and its controls change state as the admin would", async () => {
    const clock = manualClock();
    const { fake, client } = setup({ now: clock.now, bulkOpenPolls: 5 });
    const get = async (path: string) => {
      const response = await client.fetch(`${client.storeUrl}${path}`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect((await get("/V1/orders/1")).body.increment_id).toBe("100001");
    expect(await get("/V1/orders/999")).toEqual({
      status: 404,
      body: { message: "The entity that was requested doesn't exist. Verify the entity and try again." },
    });
    expect((await get("/V1/products/TEA-GREEN")).body.price).toBe(8.49);
    expect((await get("/V1/products/NOPE")).status).toBe(404);
    expect((await get("/V1/inventory/sources/leipzig")).body.name).toBe("Warehouse Leipzig");
    expect((await get("/V1/inventory/sources/nowhere")).status).toBe(404);
    expect((await get("/V1/creditmemo/1")).body.order_id).toBe(8);
    expect((await get("/V1/creditmemo/2")).status).toBe(404);
    expect((await get("/V1/no/such/route")).status).toBe(404);

    const id = fake.addOrder({ ...fake.order(1), entity_id: undefined, increment_id: "200001" });
    expect(id).toBe(13);
    clock.advance(60_000);
    fake.updateOrder("200001", { state: "canceled", status: "canceled" });
    expect(fake.order(13)).toMatchObject({ state: "canceled", updated_at: "2026-11-03 09:01:00" });
    expect(() => fake.updateOrder(404, {})).toThrow(/no order 404/);

    const ship = await client.api["/V1/order/{orderId}/ship"].POST({ params: { path: { orderId: 13 } }, body: {} });
    expect(ship.response.status).toBe(400);
    const accepted = await client.async["/V1/order/{orderId}/ship"].POST({
      params: { path: { orderId: 1 } },
      body: {},
    });
    const uuid = accepted.data?.bulk_uuid ?? "";
    expect(fake.bulks()[0]?.operations[0]?.status).toBe(4);
    expect(fake.shipments()).toHaveLength(0);
    fake.processBulks();
    expect(fake.bulks()[0]?.operations[0]?.status).toBe(1);
    expect((await get(`/V1/shipment/${fake.shipments()[0]?.entity_id}`)).body.order_id).toBe(1);
    expect((await get("/V1/shipment/99")).status).toBe(404);
    const shipments = await client.search("/V1/shipments", searchCriteria().where(filter("order_id", "eq", 1)));
    expect(shipments.total_count).toBe(1);
    expect(uuid).toBe(fake.bulks()[0]?.bulk_id);

    await client.search("/V1/orders", searchCriteria(), { pageSize: 1 });
    expect(fake.activeAdminTokens()).toBe(0);
  });

  it("admin tokens can be expired by hand", async () => {
    const { fake, client } = setup({}, admin);
    await client.search("/V1/orders", searchCriteria(), { pageSize: 1 });
    expect(fake.activeAdminTokens()).toBe(1);
    fake.expireAdminTokens();
    expect(fake.activeAdminTokens()).toBe(0);
    await client.search("/V1/orders", searchCriteria(), { pageSize: 1 });
    expect(fake.tokenStats.adminTokensIssued).toBe(2);
  });
});

describe("magento fake: transports", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it("over the loopback server: OAuth 1.0a signed over the public URL, admin token outside the store path, paging", async () => {
    const fake = createMagentoFake();
    const server = await startFakeServer([fake]);
    close = () => server.close();
    const shop = magentoShopUrl(server.baseUrlOf(fake));
    expect(shop).toBe(`${server.origin}/magento`);
    for (const auth of [oauth1, admin]) {
      const client = createMagentoClient({ baseUrl: shop, auth });
      const orders = await client
        .searchAll("/V1/orders", searchCriteria().where(filter("state", "eq", "processing")), { pageSize: 3 })
        .toArray();
      expect(orders.map((o) => o.state)).toEqual(
        fake
          .orders()
          .filter((o) => o.state === "processing")
          .map(() => "processing"),
      );
    }
    expect(fake.tokenStats.accepted.oauth1).toBeGreaterThan(0);
    expect(fake.tokenStats.adminTokensIssued).toBe(1);
  });

  it("through msw (onUnhandledRequest: error): search and a source item write", async () => {
    const fake = createMagentoFake();
    const server = setupServer(...fakeHandlers(fake));
    server.listen({ onUnhandledRequest: "error" });
    close = async () => server.close();
    const client = createMagentoClient({ baseUrl: fake.shopUrl, auth: bearer });
    const page = await client.search("/V1/products", searchCriteria().where(filter("sku", "eq", "MUG")), {
      uniqueField: "id",
    });
    expect(page.items?.[0]?.type_id).toBe("configurable");
    await client.api["/V1/inventory/source-items"].POST({
      body: { sourceItems: [{ sku: "COCOA-BIO", source_code: "default", quantity: 40, status: 1 }] },
    });
    expect(fake.sourceItem("COCOA-BIO", "default")).toMatchObject({ quantity: 40, status: 1 });
  });
});
