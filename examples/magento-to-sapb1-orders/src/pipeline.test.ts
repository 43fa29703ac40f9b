import type { SyncException } from "@org/core";
import {
  connectMagento,
  connectSapB1,
  IncompleteCredentialsError,
  MemoryCheckpointStore,
  SAPB1_DEMO_GUEST_CARD_CODE,
} from "@org/example-kit";
import { createMagentoClient } from "@org/magento-client";
import { createSapB1Client } from "@org/sapb1-client";
import {
  createMagentoFake,
  createSapB1Fake,
  MAGENTO_FAKE_INTEGRATION,
  type MagentoFakeOptions,
  SAPB1_FAKE_COMPANY_DB,
  SEED_UNKNOWN_SKU,
  startFakeServer,
} from "@org/testing";
import { describe, expect, it } from "vitest";
import { type MagentoToSapB1OrdersOptions, runMagentoToSapB1Orders, WATERMARK_KEY } from "./pipeline.js";

const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 2 };

function setup(magentoOptions: MagentoFakeOptions = {}) {
  const magentoFake = createMagentoFake(magentoOptions);
  const b1Fake = createSapB1Fake();
  // In-process through the fakes' fetch, with fast backoff so retries do not slow the suite.
  const magento = createMagentoClient({
    baseUrl: magentoFake.shopUrl,
    auth: { type: "oauth1", ...MAGENTO_FAKE_INTEGRATION },
    fetch: magentoFake.fetch,
    retry: FAST_RETRY,
  });
  const sapb1 = createSapB1Client({
    baseUrl: b1Fake.baseUrl,
    companyDb: SAPB1_FAKE_COMPANY_DB,
    username: "manager",
    password: "fake-password-not-secret",
    fetch: b1Fake.fetch,
    retry: FAST_RETRY,
    lockRetry: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 8 },
  });
  const checkpoints = new MemoryCheckpointStore();
  const lines: string[] = [];
  const run = (extra: Partial<MagentoToSapB1OrdersOptions> = {}) =>
    runMagentoToSapB1Orders({
      magento,
      sapb1,
      checkpoints,
      lookupDelayMs: 0,
      report: { out: (line) => lines.push(line) },
      httpCalls: { magento: () => magentoFake.calls.length, sapb1: () => b1Fake.calls.length },
      ...extra,
    });
  /** The Magento orders the pipeline should post: processing, without the unknown SKU. */
  const good = () =>
    magentoFake
      .orders()
      .filter(
        (o) => o.state === "processing" && !(o.items as Array<{ sku: string }>).some((i) => i.sku === SEED_UNKNOWN_SKU),
      );
  return { magentoFake, b1Fake, checkpoints, lines, run, good };
}

const countBy = (values: readonly (string | null | undefined)[]) => {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  return counts;
};

describe("magento-to-sapb1-orders", () => {
  it("O1/O5: the first run posts every good processing order once and holds the order with an unknown SKU", async () => {
    const { b1Fake, run, good, checkpoints } = setup();
    const summary = await run();
    const expected = good().map((o) => String(o.increment_id));
    expect(expected.length).toBeGreaterThanOrEqual(6);
    expect(summary.posted).toBe(expected.length);
    expect(summary.quarantined).toBe(1);
    const [held] = summary.exceptions as [SyncException];
    expect(held).toMatchObject({ code: "ITEM_NOT_FOUND", failureId: "O1", owner: "operations" });
    expect(held.records[0]?.number).toBe("100003");
    expect(held.message).toContain(SEED_UNKNOWN_SKU);
    expect(
      b1Fake
        .orders()
        .map((o) => o.NumAtCard)
        .sort(),
    ).toEqual([...expected].sort());
    // The watermark stays before the held order, so it is listed again.
    expect(await checkpoints.get(WATERMARK_KEY)).toBe("2026-11-02 08:47:00");
    expect(summary.httpCalls.magento).toBe(1);
  });

  it("O8/O17/O14/O3: each B1 order carries Magento's tax and total, warehouse MAIN per line, guests on WEBGUEST", async () => {
    const { magentoFake, b1Fake, run } = setup();
    await run();
    for (const document of b1Fake.orders()) {
      const order = magentoFake.order(String(document.NumAtCard)) as Record<string, unknown>;
      const giftCards = Number((order.extension_attributes as { gift_cards_amount?: number }).gift_cards_amount ?? 0);
      expect(document.VatSum).toBe(order.tax_amount);
      expect(document.DocTotal).toBeCloseTo(Number(order.grand_total) + giftCards, 9);
      expect(document.DocumentLines.every((l) => l.WarehouseCode === "MAIN")).toBe(true);
      if (order.customer_is_guest === 1) expect(document.CardCode).toBe(SAPB1_DEMO_GUEST_CARD_CODE);
      else expect(document.CardCode).toMatch(/^C1000\d$/);
      // A configurable mug is one line with the simple's SKU, never two.
      const skus = document.DocumentLines.map((l) => l.ItemCode);
      expect(new Set(skus).size).toBe(skus.length);
    }
  });

  it("O6: a rerun posts nothing new (B1 write count unchanged); the held order is held again", async () => {
    const { b1Fake, run } = setup();
    await run();
    const writes = b1Fake.writeCount;
    const again = await run();
    expect(again.posted).toBe(0);
    expect(again.quarantined).toBe(1);
    expect(b1Fake.writeCount).toBe(writes);
  });

  it("watermark: an order that becomes processing after a run is posted by the next run, and only it", async () => {
    const { magentoFake, b1Fake, run } = setup({ now: () => Date.parse("2026-11-03T10:00:00Z") });
    await run();
    const pending = magentoFake.orders().find((o) => o.state === "new") as Record<string, unknown>;
    magentoFake.updateOrder(pending.entity_id as number, { state: "processing", status: "processing" });
    const before = b1Fake.orders().length;
    const next = await run();
    expect(next.posted).toBe(1);
    expect(b1Fake.orders()).toHaveLength(before + 1);
    expect(b1Fake.orders().at(-1)?.NumAtCard).toBe(pending.increment_id);
  });

  it("O6/X2: with injected 503s and lost responses on B1 writes, every order ends up in B1 exactly once", async () => {
    const { b1Fake, run, good } = setup();
    b1Fake.faults.configure({
      seed: 4,
      errorRate: 0.25,
      lostResponseRate: 0.35,
      match: { method: "POST", path: "/Orders" },
    });
    for (let attempt = 0; attempt < 6; attempt++) {
      const summary = await run();
      if (summary.quarantined === 1) break; // only the unknown SKU is left
    }
    expect(b1Fake.faults.injected["lost-response"]).toBeGreaterThan(0);
    expect(b1Fake.faults.injected.error).toBeGreaterThan(0);
    const counts = countBy(b1Fake.orders().map((o) => o.NumAtCard));
    for (const order of good()) expect(counts.get(String(order.increment_id)), String(order.increment_id)).toBe(1);
    expect(b1Fake.orders()).toHaveLength(good().length);
  });

  it("X2: lock errors on B1 writes are retried by the client and every order posts once", async () => {
    const { b1Fake, run, good } = setup();
    b1Fake.setLockErrorRate(0.4);
    const summary = await run();
    expect(summary.posted).toBe(good().length);
    const locked = b1Fake.calls.filter((c) => c.method === "POST" && c.path.includes("/Orders") && c.status === 400);
    expect(locked.length).toBeGreaterThan(0);
    const counts = countBy(b1Fake.orders().map((o) => o.NumAtCard));
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it("O2: a customer B1 does not know becomes a business partner once, reused by the customer's next order", async () => {
    const { magentoFake, b1Fake, run, good } = setup();
    const [first, second] = good().filter((o) => o.customer_is_guest === 0);
    for (const order of [first, second])
      magentoFake.updateOrder(order?.entity_id as number, {
        customer_id: 77,
        customer_email: "new.buyer@example.org",
        customer_firstname: "Nina",
        customer_lastname: "Neumann",
      });
    await run();
    const partner = b1Fake.businessPartners().find((bp) => bp.CardCode === "W77");
    expect(partner).toMatchObject({ EmailAddress: "new.buyer@example.org", CardType: "cCustomer" });
    expect(b1Fake.businessPartners().filter((bp) => bp.EmailAddress === "new.buyer@example.org")).toHaveLength(1);
    const numbers = [first, second].map((o) => String(o?.increment_id));
    expect(
      b1Fake
        .orders()
        .filter((o) => numbers.includes(String(o.NumAtCard)))
        .map((o) => o.CardCode),
    ).toEqual(["W77", "W77"]);
  });

  it("O3: with the create-customer guest policy, each guest order gets its own business partner", async () => {
    const { magentoFake, b1Fake, run } = setup();
    await run({ guestPolicy: { kind: "create_customer" } });
    const guests = magentoFake.orders().filter((o) => o.customer_is_guest === 1 && o.state === "processing");
    for (const guest of guests) {
      const code = `WG${String(guest.increment_id)}`;
      expect(b1Fake.businessPartners().some((bp) => bp.CardCode === code)).toBe(true);
      expect(b1Fake.orders().find((o) => o.NumAtCard === guest.increment_id)?.CardCode).toBe(code);
    }
  });

  it("O8: an order whose tax is off rate × net beyond the tolerance is held as TAX_DIFFERENCE for finance", async () => {
    const { magentoFake, b1Fake, run, good } = setup();
    const order = good()[0] as Record<string, unknown>;
    const items = order.items as Array<Record<string, unknown>>;
    const first = items.find((i) => i.parent_item_id === undefined) as Record<string, unknown>;
    const bump = (value: unknown) => Math.round((Number(value) + 0.05) * 100) / 100;
    first.tax_amount = bump(first.tax_amount);
    magentoFake.updateOrder(order.entity_id as number, {
      items,
      tax_amount: bump(order.tax_amount),
      grand_total: bump(order.grand_total),
    });
    const summary = await run();
    const tax = summary.exceptions.find((e) => e.code === "TAX_DIFFERENCE");
    expect(tax).toMatchObject({ failureId: "O8", owner: "finance" });
    expect(tax?.records[0]?.number).toBe(order.increment_id);
    expect(b1Fake.orders().some((o) => o.NumAtCard === order.increment_id)).toBe(false);
  });

  it("O14: orders of a store mapped to the Leipzig source ship from warehouse EAST", async () => {
    const { b1Fake, run } = setup();
    await run({ storeSources: { 1: "leipzig" } });
    const warehouses = new Set(b1Fake.orders().flatMap((o) => o.DocumentLines.map((l) => l.WarehouseCode)));
    expect(warehouses).toEqual(new Set(["EAST"]));
  });

  it("runs over the loopback server as the demo does", async () => {
    const server = await startFakeServer();
    try {
      const magento = connectMagento({ server, env: {} });
      const sapb1 = connectSapB1({ server, env: {} });
      expect(magento.label).toContain("http://127.0.0.1");
      const summary = await runMagentoToSapB1Orders({
        magento: magento.client,
        sapb1: sapb1.client,
        checkpoints: new MemoryCheckpointStore(),
        report: { out: () => {} },
      });
      expect(summary.posted).toBe(sapb1.fake?.orders().length);
      expect(summary.quarantined).toBe(1);
    } finally {
      await server.close();
    }
  });
});

describe("connectMagento", () => {
  /** Connects with `env` and makes one call; what the shop would see: the URL and the Authorization header. */
  const capture = async (env: Record<string, string>) => {
    const seen: { url?: string; authorization?: string | null } = {};
    const connection = connectMagento({
      env,
      clientSettings: {
        retry: { maxAttempts: 1 },
        fetch: async (input, init) => {
          const request = new Request(input, init);
          seen.url = request.url;
          seen.authorization = request.headers.get("authorization");
          return Response.json({ entity_id: 1 });
        },
      },
    });
    if (connection.mode === "real") await connection.client.api["/V1/orders/{id}"].GET({ params: { path: { id: 1 } } });
    return { connection, ...seen };
  };

  it("uses OAuth 1.0a with the four integration variables, a bearer token with the access token alone", async () => {
    const oauth = await capture({
      MAGENTO_BASE_URL: "https://shop.example.com",
      MAGENTO_CONSUMER_KEY: "ck",
      MAGENTO_CONSUMER_SECRET: "cs",
      MAGENTO_ACCESS_TOKEN: "at",
      MAGENTO_ACCESS_TOKEN_SECRET: "ats",
    });
    expect(oauth.connection.mode).toBe("real");
    expect(oauth.url).toMatch(/^https:\/\/shop\.example\.com\/rest\/default\/V1\/orders\/1/);
    expect(oauth.authorization).toMatch(/^OAuth /);
    expect(oauth.authorization).toContain('oauth_consumer_key="ck"');
    expect(oauth.authorization).toContain('oauth_token="at"');
    // The secrets sign the request; they are never sent, nor shown in the label.
    expect(oauth.authorization).not.toContain("ats");
    expect(oauth.connection.label).not.toContain("cs");
    const bearer = await capture({ MAGENTO_BASE_URL: "https://shop.example.com", MAGENTO_ACCESS_TOKEN: "at" });
    expect(bearer.authorization).toBe("Bearer at");
  });

  it("refuses half a configuration and falls back to the fake with none", async () => {
    await expect(capture({ MAGENTO_BASE_URL: "https://shop.example.com" })).rejects.toThrow(IncompleteCredentialsError);
    await expect(
      capture({ MAGENTO_BASE_URL: "https://shop.example.com", MAGENTO_CONSUMER_KEY: "ck", MAGENTO_ACCESS_TOKEN: "at" }),
    ).rejects.toThrow(IncompleteCredentialsError);
    await expect(capture({ MAGENTO_ACCESS_TOKEN: "at" })).rejects.toThrow(IncompleteCredentialsError);
    const fake = await capture({});
    expect(fake.connection.mode).toBe("fake");
    expect(fake.connection.fake).toBeDefined();
  });
});
