import {
  type BigCommerceOrderBundle,
  createBigCommerceClient,
  fromBigCommerceOrder,
  fromBigCommerceRefund,
} from "@org/bigcommerce-client";
import { checkOrderTotals, Decimal } from "@org/core";
import { ApiCallError, createOnce, unwrap } from "@org/http";
import { VirtualClock } from "@org/http/testing";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fakeHandlers } from "../msw.js";
import { SEED_UNKNOWN_SKU, type SeedProduct } from "../seed/catalog.js";
import { seedOrders } from "../seed/orders.js";
import { startFakeServer } from "../server.js";
import { type BigCommerceFakeOptions, createBigCommerceFake } from "./bigcommerce-fake.js";

const TOKEN = "fake-token";

/** A fake and the real client on one virtual clock (rate windows and backoff play out instantly). */
function setup(options: BigCommerceFakeOptions = {}, clientRateLimits?: { requestsPerWindow: number }) {
  const clock = new VirtualClock();
  clock.time = Date.parse("2026-11-20T12:00:00Z");
  const fake = createBigCommerceFake({ now: () => clock.now(), ...options });
  const client = createBigCommerceClient({
    storeHash: fake.storeHash,
    accessToken: TOKEN,
    baseUrl: fake.baseUrl,
    fetch: fake.fetch,
    clock,
    ...(clientRateLimits ? { governor: { ...clientRateLimits, windowMs: 30_000 } } : {}),
  });
  return { clock, fake, client };
}

type Client = ReturnType<typeof setup>["client"];

async function collect<T>(paginator: { toArray(): Promise<T[]> }): Promise<T[]> {
  return paginator.toArray();
}

/** `data` of a v3 body (the generated 200 type is a union with the problem shape). */
function dataOf<T>(body: { data?: T[] } | object): T[] {
  return "data" in body && Array.isArray(body.data) ? (body.data as T[]) : [];
}

async function bundleOf(client: Client, id: number): Promise<BigCommerceOrderBundle> {
  const path = { order_id: id };
  const order = unwrap(await client.api["/v2/orders/{order_id}"].GET({ params: { path } }));
  const products = await collect(
    client.paginateV2({
      fetchPage: (query, signal) =>
        client.api["/v2/orders/{order_id}/products"].GET({ params: { path, query }, ...(signal ? { signal } : {}) }),
    }),
  );
  // v2 sub-resources answer 204 when empty.
  const list = (result: { data?: unknown; response: Response }) =>
    result.response.status === 204 ? [] : (unwrap(result as never) as never[]);
  const transactions = unwrap(await client.api["/v3/orders/{order_id}/transactions"].GET({ params: { path } }));
  return {
    order,
    products,
    shippingAddresses: list(await client.api["/v2/orders/{order_id}/shipping_addresses"].GET({ params: { path } })),
    coupons: list(await client.api["/v2/orders/{order_id}/coupons"].GET({ params: { path } })),
    taxes: list(await client.api["/v2/orders/{order_id}/taxes"].GET({ params: { path } })),
    transactions: dataOf(transactions),
  } as BigCommerceOrderBundle;
}

describe("BigCommerce fake: orders through the real client", () => {
  it("v2 paging ends at the 204 with no body that answers a page past the end", async () => {
    const { fake, client } = setup();
    const orders = await collect(
      client.paginateV2({
        limit: 4,
        fetchPage: (query, signal) =>
          client.api["/v2/orders"].GET({ params: { query }, ...(signal ? { signal } : {}) }),
      }),
    );
    expect(orders.map((o) => o.id)).toEqual(seedOrders().map((o) => Number(o.number)));
    // 12 orders in pages of 4: three full pages, then page 4 is 204 with no body.
    expect(fake.calls.map((c) => [c.search, c.status])).toEqual([
      ["?page=1&limit=4", 200],
      ["?page=2&limit=4", 200],
      ["?page=3&limit=4", 200],
      ["?page=4&limit=4", 204],
    ]);
    const raw = await fake.fetch(`${fake.baseUrl}/v2/orders?page=9`, { headers: { "X-Auth-Token": TOKEN } });
    expect(raw.status).toBe(204);
    expect(await raw.text()).toBe("");
  });

  it("renders v2 money as 4-decimal strings and every order maps and reconciles (O3, O10, O17)", async () => {
    const { client } = setup();
    const seeds = seedOrders();
    for (const seed of seeds) {
      const bundle = await bundleOf(client, Number(seed.number));
      expect(bundle.order.total_inc_tax).toMatch(/^\d+\.\d{4}$/);
      expect(bundle.order.total_inc_tax).toBe(`${seed.grandTotal}00`);
      const result = fromBigCommerceOrder(bundle);
      if (result.kind !== "ok") throw new Error(JSON.stringify(result));
      const order = result.value;
      expect(checkOrderTotals(order)).toEqual([]);
      expect(order.customer.isGuest).toBe(seed.customer === null);
      expect(order.lines.map((l) => l.sku)).toEqual(seed.lines.map((l) => l.sku));
      expect(order.totals.grandTotal.eq(seed.grandTotal)).toBe(true);
      // Gift cards are a tender (a redemption), the card payment keeps its gateway transaction id.
      expect(order.giftCardRedemptions.map((g) => g.amount.toFixed(2, "half-up"))).toEqual(
        seed.giftCard ? [seed.giftCard.amount] : [],
      );
      if (seed.cardPayment !== "0.00") expect(order.payments[0]?.transactionId).toBe(seed.transactionId);
    }
    expect(seeds.some((s) => s.customer === null)).toBe(true);
    expect(seeds.some((s) => s.giftCard)).toBe(true);
    expect(seeds[2]?.lines.some((l) => l.sku === SEED_UNKNOWN_SKU)).toBe(true);
  });

  it("filters by min_date_modified and status_id and sorts by date_modified", async () => {
    const { fake, client } = setup();
    const seeds = seedOrders();
    const since = seeds[8]?.updatedAt ?? "";
    const listed = unwrap(
      await client.api["/v2/orders"].GET({
        params: { query: { min_date_modified: since, status_id: 11, sort: "date_modified" as never } },
      }),
    );
    expect(listed.map((o) => o.id)).toEqual(seeds.slice(8).map((s) => Number(s.number)));
    // O4: the sixth order awaits payment.
    expect(fake.order(seeds[5]?.number ?? "")?.order.status_id).toBe(7);
    // A change moves date_modified forward, so a watermark sees it again.
    fake.setOrderStatus(Number(seeds[0]?.number), 9);
    const changed = unwrap(
      await client.api["/v2/orders"].GET({ params: { query: { min_date_modified: since, sort: "id:asc" as never } } }),
    );
    expect(changed.map((o) => o.id)).toContain(Number(seeds[0]?.number));
    const bad = await client.api["/v2/orders"].GET({ params: { query: { min_date_modified: "yesterday-ish" } } });
    expect(bad.response.status).toBe(400);
    expect(bad.error).toEqual([expect.objectContaining({ status: 400 })]);
  });

  it("answers 401 in v2 and v3 shapes without X-Auth-Token or with a wrong one", async () => {
    const fake = createBigCommerceFake({ accessToken: TOKEN });
    const v2 = await fake.fetch(`${fake.baseUrl}/v2/orders`);
    expect(v2.status).toBe(401);
    expect(await v2.json()).toEqual([{ status: 401, message: expect.stringContaining("X-Auth-Token") }]);
    const v3 = await fake.fetch(`${fake.baseUrl}/v3/catalog/products`);
    expect(await v3.json()).toMatchObject({ status: 401, title: expect.any(String), errors: {} });
    const client = createBigCommerceClient({
      storeHash: fake.storeHash,
      accessToken: "wrong",
      baseUrl: fake.baseUrl,
      fetch: fake.fetch,
    });
    const error = await client.api["/v2/orders"]
      .GET({})
      .then((r) => unwrap(r))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    expect((error as ApiCallError).status).toBe(401);
  });
});

describe("BigCommerce fake: v3 paging, catalog, transactions, refunds", () => {
  it("pages v3 lists by meta.pagination", async () => {
    const { fake, client } = setup();
    const products = await collect(
      client.paginateV3({
        limit: 5,
        fetchPage: (query, signal) =>
          client.api["/v3/catalog/products"].GET({ params: { query }, ...(signal ? { signal } : {}) }),
      }),
    );
    expect(products).toHaveLength(12);
    expect(fake.calls.map((c) => c.search)).toEqual(["?page=1&limit=5", "?page=2&limit=5", "?page=3&limit=5"]);
    const last = unwrap(await client.api["/v3/catalog/products"].GET({ params: { query: { page: 3, limit: 5 } } }));
    expect(last.meta?.pagination).toMatchObject({ total: 12, count: 2, current_page: 3, total_pages: 3 });
    expect(last.meta?.pagination?.links?.next).toBeUndefined();
    const tooBig = await client.api["/v3/catalog/products"].GET({ params: { query: { limit: 251 } } });
    expect(tooBig.response.status).toBe(422);
  });

  it("lists variants by SKU and v3 transactions with the gift card tender and the card's gateway id", async () => {
    const { client } = setup();
    const variants = unwrap(await client.api["/v3/catalog/variants"].GET({ params: { query: { sku: "MUG-RED" } } }));
    expect(variants.data?.map((v) => v.sku)).toEqual(["MUG-RED"]);
    const seed = seedOrders().find((o) => o.giftCard && o.cardPayment !== "0.00");
    if (!seed) throw new Error("the seed has an order paid partly by gift card");
    const transactions = unwrap(
      await client.api["/v3/orders/{order_id}/transactions"].GET({
        params: { path: { order_id: Number(seed.number) } },
      }),
    );
    expect(dataOf(transactions).map((t) => [t.method, t.gateway_transaction_id, t.amount])).toEqual([
      ["gift_certificate", seed.giftCard?.code, Number(seed.giftCard?.amount)],
      ["credit_card", seed.transactionId, Number(seed.cardPayment)],
    ]);
  });

  it("seeds refunds, lists them across orders and creates new ones that move the order status", async () => {
    const seeds = seedOrders();
    const refunded = seeds[3];
    if (!refunded) throw new Error("seed");
    const { fake, client } = setup({ refunds: [{ orderNumber: refunded.number, shipping: true }] });
    const listed = unwrap(
      await client.api["/v3/orders/payment_actions/refunds"].GET({ params: { query: { limit: 10 } } }),
    );
    expect(listed.data).toHaveLength(1);
    const refund = listed.data?.[0];
    if (!refund) throw new Error("no refund");
    const bundle = await bundleOf(client, Number(refunded.number));
    const memo = fromBigCommerceRefund(refund, { order: bundle, transactions: bundle.transactions ?? [] });
    if (memo.kind !== "ok") throw new Error(JSON.stringify(memo));
    expect(memo.value.lines[0]?.sku).toBe(refunded.lines[0]?.sku);
    expect(fake.order(refunded.number)?.order.status_id).toBe(14);

    const other = seeds[4];
    const product = fake.order(other?.number ?? "")?.products[0];
    if (!other || !product) throw new Error("seed");
    const created = await client.api["/v3/orders/{order_id}/payment_actions/refunds"].POST({
      params: { path: { order_id: Number(other.number) } },
      body: {
        items: [{ item_type: "PRODUCT", item_id: product.id, quantity: 1 }],
        payments: [{ provider_id: "stripe", amount: 1, offline: false }],
      },
    });
    expect(created.response.status).toBe(201);
    expect(fake.refunds()).toHaveLength(2);
    const tooMany = await client.api["/v3/orders/{order_id}/payment_actions/refunds"].POST({
      params: { path: { order_id: Number(other.number) } },
      body: {
        items: [{ item_type: "PRODUCT", item_id: product.id, quantity: 99 }],
        payments: [{ provider_id: "stripe", amount: 1, offline: false }],
      },
    });
    expect(tooMany.response.status).toBe(422);
    expect(tooMany.error).toMatchObject({ status: 422, errors: { "items.0.quantity": expect.any(String) } });
  });
});

describe("BigCommerce fake: money semantics shared with the mappers (O9, O17, R2)", () => {
  it("O9/O17: a coupon order carries its coupon once: discount_amount = coupon_discount, applied_discounts sum to it, the order reconciles", async () => {
    const { fake, client } = setup({ rateLimit: false });
    const couponOrders = fake.orders().filter((o) => o.seed.coupon);
    expect(couponOrders.length).toBeGreaterThan(0);
    for (const rendered of couponOrders) {
      const { order, products, coupons, seed } = rendered;
      expect(order.discount_amount).toBe(order.coupon_discount);
      const applied = products.flatMap((p) => p.applied_discounts ?? []).map((d) => Decimal.from(d.amount ?? "0"));
      expect(Decimal.sum(applied).eq(seed.discountTotal)).toBe(true);
      expect(coupons[0]?.discount).toBe(Number(seed.discountTotal));
      const mapped = fromBigCommerceOrder(await bundleOf(client, order.id));
      if (mapped.kind !== "ok") throw new Error(JSON.stringify(mapped));
      expect(mapped.value.discounts.map((d) => `${d.kind}:${d.code}:${d.amount.toFixed(2, "half-up")}`)).toEqual([
        `coupon:${seed.coupon?.code}:${seed.discountTotal}`,
      ]);
      expect(mapped.value.totals.discountTotal.eq(seed.discountTotal)).toBe(true);
      expect(checkOrderTotals(mapped.value)).toEqual([]);
    }
  });

  it("R2: a shipping refund (order 100010) is net shipping + its tax; the credit memo reconciles to total_amount and the payment to the cent", async () => {
    const { fake, client } = setup({
      rateLimit: false,
      refunds: [{ orderNumber: "100010", lines: [{ sku: "KETTLE-STEEL", quantity: 1 }], shipping: true }],
    });
    const order = fake.order(100010);
    const [refund] = fake.refunds();
    if (!order || !refund) throw new Error("seed");
    const shippingItem = refund.items.find((i) => i.item_type === "SHIPPING");
    // The requested shipping is the order's ex-tax shipping; the tax on it is part of total_tax.
    expect(shippingItem?.requested_amount).toBe(Number(order.order.shipping_cost_ex_tax));
    const bundle = await bundleOf(client, 100010);
    const listed = unwrap(
      await client.api["/v3/orders/{order_id}/payment_actions/refunds"].GET({ params: { path: { order_id: 100010 } } }),
    );
    const fetched = listed.data?.[0];
    if (!fetched) throw new Error("no refund");
    const memo = fromBigCommerceRefund(fetched, { order: bundle, transactions: bundle.transactions ?? [] });
    if (memo.kind !== "ok") throw new Error(JSON.stringify(memo));
    const t = memo.value.totals;
    expect(t.shippingRefunded.eq(order.order.shipping_cost_ex_tax ?? "")).toBe(true);
    // prepareCreditMemo's identity (exclusive tax): subtotal − discounts + shipping + adjustments + tax = total.
    const parts = t.subtotal.sub(t.discountTotal).add(t.shippingRefunded).add(t.adjustmentRefunded).add(t.taxRefunded);
    expect(parts.toFixed(2, "half-up")).toBe(t.total.toFixed(2, "half-up"));
    expect(t.total.toFixed(2, "half-up")).toBe(refund.total_amount.toFixed(2));
    expect(Decimal.sum(memo.value.refundPayments.map((p) => p.amount)).eq(t.total)).toBe(true);
    const taxOnLines = Decimal.sum([
      ...memo.value.lines.flatMap((l) => l.taxLines.map((x) => x.amount)),
      ...memo.value.shippingTaxLines.map((x) => x.amount),
    ]);
    expect(taxOnLines.eq(t.taxRefunded)).toBe(true);
  });

  it("R2: a shipping refund above the shipping before tax is refused (422 naming the item)", async () => {
    const { fake, client } = setup({ rateLimit: false });
    const order = fake.order(100010);
    if (!order) throw new Error("seed");
    const result = await client.api["/v3/orders/{order_id}/payment_actions/refunds"].POST({
      params: { path: { order_id: 100010 } },
      body: {
        items: [
          {
            item_type: "SHIPPING",
            item_id: order.shippingAddresses[0]?.id ?? 0,
            amount: Number(order.order.shipping_cost_inc_tax),
          },
        ],
        payments: [{ provider_id: "stripe", amount: 1, offline: false }],
      } as never,
    });
    expect(result.response.status).toBe(422);
    expect(result.error).toMatchObject({ errors: { "items.0.requested_amount": expect.any(String) } });
  });
});

describe("BigCommerce fake: rate limits (X2)", () => {
  it("sends X-Rate-Limit-* headers on every response", async () => {
    const { fake } = setup({ rateLimitQuota: 150 });
    const response = await fake.fetch(`${fake.baseUrl}/v2/orders/100001`, { headers: { "X-Auth-Token": TOKEN } });
    expect(response.headers.get("X-Rate-Limit-Time-Window-Ms")).toBe("30000");
    expect(response.headers.get("X-Rate-Limit-Requests-Quota")).toBe("150");
    expect(response.headers.get("X-Rate-Limit-Requests-Left")).toBe("149");
    expect(Number(response.headers.get("X-Rate-Limit-Time-Reset-Ms"))).toBeGreaterThan(0);
  });

  it("the headers make the adaptive governor wait for the reset instead of running into 429", async () => {
    const { fake, client, clock } = setup({ rateLimitQuota: 5 });
    const start = clock.now();
    for (let i = 0; i < 12; i++)
      unwrap(await client.api["/v2/orders/{order_id}"].GET({ params: { path: { order_id: 100001 } } }));
    expect(fake.calls.filter((c) => c.status === 429)).toEqual([]);
    expect(fake.calls).toHaveLength(12);
    // The 12 requests needed three windows of 5: the governor waited on the store's clock (virtual, instant).
    expect(clock.now() - start).toBeGreaterThanOrEqual(2 * 30_000);
  });

  it("a 429 with the headers is retried after X-Rate-Limit-Time-Reset-Ms", async () => {
    const { fake, client } = setup({ rateLimitQuota: 3 });
    // Another app of the same store uses up the budget.
    for (let i = 0; i < 3; i++)
      await fake.fetch(`${fake.baseUrl}/v2/orders/100001`, { headers: { "X-Auth-Token": TOKEN } });
    const throttled = await fake.fetch(`${fake.baseUrl}/v2/orders/100001`, { headers: { "X-Auth-Token": TOKEN } });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("X-Rate-Limit-Requests-Left")).toBe("0");
    expect(throttled.headers.get("X-Rate-Limit-Time-Reset-Ms")).not.toBeNull();
    const order = unwrap(await client.api["/v2/orders/{order_id}"].GET({ params: { path: { order_id: 100001 } } }));
    expect(order.id).toBe(100001);
    expect(fake.calls.slice(4).map((c) => c.status)).toEqual([429, 200]);
  });

  it("a 429 WITHOUT headers (load shedding) is backed off and retried", async () => {
    const { fake, client } = setup();
    fake.shedLoad(1);
    const raw = await fake.fetch(`${fake.baseUrl}/v2/orders/100001`, { headers: { "X-Auth-Token": TOKEN } });
    expect(raw.status).toBe(429);
    expect(raw.headers.get("X-Rate-Limit-Requests-Left")).toBeNull();
    fake.shedLoad(2);
    const order = unwrap(await client.api["/v2/orders/{order_id}"].GET({ params: { path: { order_id: 100001 } } }));
    expect(order.id).toBe(100001);
    expect(fake.calls.slice(1).map((c) => c.status)).toEqual([429, 429, 200]);
  });
});

describe("BigCommerce fake: inventory (I7)", () => {
  const items = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      sku: i % 2 === 0 ? "MUG-BLUE" : "TEA-GREEN",
      location_id: 1 + (i % 2),
      quantity: i,
    }));

  it("rejects 2,001 items in one request while the client's adjustInventory splits them", async () => {
    const { fake, client } = setup({ rateLimit: false });
    const rejected = await client.api["/v3/inventory/adjustments/absolute"].PUT({ body: { items: items(2001) } });
    expect(rejected.response.status).toBe(422);
    expect(rejected.error).toMatchObject({ status: 422, errors: { items: expect.stringContaining("2000") } });
    expect(fake.adjustmentRequestCount).toBe(0);
    expect(fake.inventoryLevel("MUG-BLUE", 1)).toBe(140);

    const results = await client.adjustInventory("absolute", { reason: "ERP sync", items: items(2001) });
    expect(results.map((r) => r.items.length)).toEqual([2000, 1]);
    expect(fake.adjustmentRequestCount).toBe(2);
    expect(fake.inventoryLevel("MUG-BLUE", 1)).toBe(2000);
    expect(fake.inventoryLevel("TEA-GREEN", 2)).toBe(1999);

    const listed = unwrap(await client.api["/v3/inventory/items"].GET({ params: { query: { "sku:in": "MUG-BLUE" } } }));
    expect(listed.data?.[0]?.locations?.map((l) => [l.location_id, l.total_inventory_onhand])).toEqual([
      [1, 2000],
      [2, 35],
    ]);
    const locations = unwrap(await client.api["/v3/inventory/locations"].GET({}));
    expect(locations.data?.map((l) => [l.id, l.code])).toEqual([
      [1, "default"],
      [2, "leipzig"],
    ]);
  });

  it("I7: with `products` of 4,500 generated SKUs, the client's adjustInventory sets them all in 3 chunks (2,000 + 2,000 + 500)", async () => {
    const products: SeedProduct[] = Array.from({ length: 4500 }, (_, i) => ({
      sku: `GEN-${String(i).padStart(5, "0")}`,
      name: `Generated ${i}`,
      price: "1.00",
      taxClass: "standard",
      unit: "PCS",
      stock: { MAIN: 1 },
      gtin: String(4_000_000_000_000 + i),
    }));
    const { fake, client } = setup({ rateLimit: false, products });
    expect(fake.inventoryLevel("GEN-04499", 1)).toBe(1);
    expect(fake.inventoryLevel("MUG-BLUE", 1)).toBeUndefined(); // the seed catalogue is replaced, not extended
    const results = await client.adjustInventory("absolute", {
      reason: "ERP sync",
      items: products.map((p, i) => ({ sku: p.sku, location_id: 1, quantity: i })),
    });
    expect(results.map((r) => r.items.length)).toEqual([2000, 2000, 500]);
    expect(fake.adjustmentRequestCount).toBe(3);
    expect(fake.inventoryLevel("GEN-00000", 1)).toBe(0);
    expect(fake.inventoryLevel("GEN-02000", 1)).toBe(2000);
    expect(fake.inventoryLevel("GEN-04499", 1)).toBe(4499);
    const listed = unwrap(
      await client.api["/v3/inventory/items"].GET({
        params: { query: { "sku:in": "GEN-04499", "location_id:in": 1 } },
      }),
    );
    expect(listed.data?.[0]?.identity).toMatchObject({ sku: "GEN-04499", variant_id: 201 + 4499 });
    expect(listed.data?.[0]?.locations?.[0]?.total_inventory_onhand).toBe(4499);
    // A SKU outside the catalogue is still a 422.
    const unknown = await client.api["/v3/inventory/adjustments/absolute"].PUT({
      body: { items: [{ sku: "MUG-BLUE", location_id: 1, quantity: 1 }] },
    });
    expect(unknown.response.status).toBe(422);
  });

  it("validates adjustment bodies against the schema (422 naming the field)", async () => {
    const { client } = setup();
    const result = await client.api["/v3/inventory/adjustments/absolute"].PUT({
      body: { items: [{ sku: "MUG-BLUE", quantity: 3 } as never] },
    });
    expect(result.response.status).toBe(422);
    expect(Object.keys((result.error as { errors: object }).errors).join(" ")).toMatch(/items\.0/);
    const error = await client
      .adjustInventory("absolute", { items: [{ sku: "NOPE", location_id: 1, quantity: 1 }] })
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/NOPE/);
  });
});

describe("BigCommerce fake: shipments", () => {
  it("rejects an invalid shipment body in the v2 shape naming the field", async () => {
    const { fake, client } = setup();
    const order = fake.order(100001);
    if (!order) throw new Error("seed");
    const result = await client.api["/v2/orders/{order_id}/shipments"].POST({
      params: { path: { order_id: 100001 } },
      body: { order_address_id: order.shippingAddresses[0]?.id ?? 0, tracking_number: "X".repeat(51), items: [] },
    });
    expect(result.response.status).toBe(400);
    expect(result.error).toEqual([
      expect.objectContaining({ status: 400, message: expect.stringContaining("tracking_number") }),
    ]);
    expect(fake.shipments(100001)).toEqual([]);
  });

  it("O6: a shipment whose response is lost after commit is found again by createOnce, not created twice", async () => {
    const { fake, client } = setup();
    const order = fake.order(100001);
    if (!order) throw new Error("seed");
    fake.faults.once({ kind: "lost-response", method: "POST", path: "/shipments" });
    const tracking = "00340434161094042557";
    const find = async () => {
      const result = await client.api["/v2/orders/{order_id}/shipments"].GET({
        params: { path: { order_id: 100001 } },
      });
      if (result.response.status === 204) return undefined;
      return unwrap(result).find((s) => s.tracking_number === tracking);
    };
    const outcome = await createOnce({
      key: `shipment ${tracking}`,
      find,
      create: async () =>
        unwrap(
          await client.api["/v2/orders/{order_id}/shipments"].POST({
            params: { path: { order_id: 100001 } },
            body: {
              order_address_id: order.shippingAddresses[0]?.id ?? 0,
              tracking_number: tracking,
              shipping_provider: "",
              tracking_carrier: "dhl",
              items: order.products.map((p) => ({ order_product_id: p.id, quantity: p.quantity })),
            },
          }),
        ),
      sleep: async () => undefined,
    });
    expect(outcome.recoveredFromUnknownOutcome).toBe(true);
    expect(fake.shipments(100001)).toHaveLength(1);
    expect(fake.order(100001)?.order.status_id).toBe(2);
    expect(fake.callCount({ method: "POST", path: "/shipments" })).toBe(1);
  });
});

describe("BigCommerce fake: transports", () => {
  it("serves the same store over the loopback server", async () => {
    const fake = createBigCommerceFake();
    const server = await startFakeServer([fake]);
    try {
      const client = createBigCommerceClient({
        storeHash: fake.storeHash,
        accessToken: TOKEN,
        baseUrl: server.baseUrlOf(fake),
      });
      const orders = await collect(
        client.paginateV2({
          limit: 5,
          fetchPage: (query, signal) =>
            client.api["/v2/orders"].GET({ params: { query }, ...(signal ? { signal } : {}) }),
        }),
      );
      expect(orders).toHaveLength(12);
      const products = await collect(
        client.paginateV3({
          limit: 5,
          fetchPage: (query, signal) =>
            client.api["/v3/catalog/products"].GET({ params: { query }, ...(signal ? { signal } : {}) }),
        }),
      );
      expect(products).toHaveLength(12);
    } finally {
      await server.close();
    }
  });

  describe("through msw", () => {
    const fake = createBigCommerceFake();
    const server = setupServer(...fakeHandlers(fake));
    beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
    afterEach(() => server.resetHandlers());
    afterAll(() => server.close());

    it("answers the client at the real base URL, including a lost response as a network error", async () => {
      const client = createBigCommerceClient({
        storeHash: fake.storeHash,
        accessToken: TOKEN,
        retry: { maxAttempts: 1 },
      });
      const order = unwrap(await client.api["/v2/orders/{order_id}"].GET({ params: { path: { order_id: 100002 } } }));
      expect(order.id).toBe(100002);
      const before = fake.adjustmentRequestCount;
      fake.faults.once({ kind: "lost-response", method: "PUT", path: "/inventory" });
      const error = await client.api["/v3/inventory/adjustments/absolute"]
        .PUT({ body: { items: [{ sku: "MUG-RED", location_id: 1, quantity: 7 }] } })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(ApiCallError);
      // Committed although the caller never heard back.
      expect(fake.adjustmentRequestCount).toBe(before + 1);
      expect(fake.inventoryLevel("MUG-RED", 1)).toBe(7);
    });
  });
});
