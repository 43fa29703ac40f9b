import { ApiCallError } from "@org/http";
import { createSapB1Client, type DocumentCreate, type SapB1ClientSettings } from "@org/sapb1-client";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fakeHandlers } from "../msw.js";
import { SEED_PRODUCTS } from "../seed/catalog.js";
import { startFakeServer } from "../server.js";
import { createSapB1Fake, SAPB1_FAKE_BASE_URL, type SapB1Fake } from "./sapb1-fake.js";
import { SAPB1_FAKE_GUEST_CARD_CODE } from "./sapb1-seed.js";

const NOW = Date.parse("2026-11-22T09:00:00Z");

function manualClock(start = NOW) {
  const clock = { time: start, now: () => clock.time };
  return clock;
}

function clientFor(fake: SapB1Fake, overrides: Partial<SapB1ClientSettings> = {}) {
  return createSapB1Client({
    baseUrl: fake.baseUrl,
    companyDb: "SBODEMODE",
    username: "manager",
    password: "p4ss-w0rd",
    fetch: fake.fetch,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    lockRetry: { baseDelayMs: 1, maxDelayMs: 2 },
    ...overrides,
  });
}

const order = (numAtCard: string, overrides: Partial<DocumentCreate> = {}): DocumentCreate =>
  ({
    CardCode: "C10001",
    NumAtCard: numAtCard,
    DocCurrency: "EUR",
    DocumentLines: [
      { ItemCode: "MUG-BLUE", Quantity: 3, UnitPrice: 12.9, VatGroup: "S19", WarehouseCode: "MAIN" },
      {
        ItemCode: "TEA-GREEN",
        Quantity: 2,
        UnitPrice: 8.49,
        DiscountPercent: 10,
        VatGroup: "R7",
        WarehouseCode: "EAST",
      },
    ],
    ...overrides,
  }) as DocumentCreate;

/** A fetch that drops the ROUTEID cookie from the next `times` requests (a proxy that loses it). */
function droppingRouteId(fake: SapB1Fake, times: number): typeof fetch {
  let remaining = times;
  return async (input, init) => {
    const request = new Request(input, init);
    const cookie = request.headers.get("cookie");
    if (cookie?.includes("ROUTEID") && remaining > 0) {
      remaining--;
      const headers = new Headers(request.headers);
      headers.set("cookie", cookie.replace(/;\s*ROUTEID=[^;]*/, ""));
      return fake.fetch(new Request(request, { headers }));
    }
    return fake.fetch(request);
  };
}

describe("SAP B1 fake: sessions", () => {
  it("POST /Login answers SessionId, Version, SessionTimeout and sets both B1SESSION and ROUTEID", async () => {
    const fake = createSapB1Fake({ sessionTimeoutMinutes: 5 });
    const response = await fake.fetch(`${fake.baseUrl}/Login`, {
      method: "POST",
      body: JSON.stringify({ CompanyDB: "SBODEMODE", UserName: "manager", Password: "x" }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ Version: "1000190", SessionTimeout: 5 });
    const cookies = response.headers.getSetCookie();
    expect(cookies).toEqual([`B1SESSION=${String(body.SessionId)}; HttpOnly;`, "ROUTEID=.node1; path=/b1s"]);
    expect(fake.sessionsCreated).toBe(1);
  });

  it("the login path is case-sensitive: POST /login answers 401 in B1's error shape", async () => {
    const fake = createSapB1Fake();
    const response = await fake.fetch(`${fake.baseUrl}/login`, {
      method: "POST",
      body: JSON.stringify({ CompanyDB: "SBODEMODE", UserName: "manager", Password: "x" }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: 301, message: { lang: "en-us", value: "Invalid session or session already timeout." } },
    });
    expect(fake.sessionsCreated).toBe(0);
  });

  it("rejects unknown users and companies with B1's login error, through the real client", async () => {
    const fake = createSapB1Fake({ users: { manager: "right" }, companyDbs: ["SBODEMODE"] });
    const error = await clientFor(fake, { password: "wrong" })
      .login()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error).toMatchObject({ status: 401, vendorCode: "100000027", vendorMessage: "Login failed" });
    await expect(clientFor(fake, { password: "right", companyDb: "OTHER" }).login()).rejects.toThrow(ApiCallError);
    await expect(clientFor(fake, { password: "right" }).login()).resolves.toBeUndefined();
  });

  it("the client sends both cookies; a request without ROUTEID is answered 401, then one re-login and success", async () => {
    const fake = createSapB1Fake();
    const client = clientFor(fake, { fetch: droppingRouteId(fake, 1) });
    const item = await client.entities.get("Items", "MUG-BLUE");
    expect(item.ItemCode).toBe("MUG-BLUE");
    expect(fake.unauthorizedCount).toBe(1);
    expect(fake.loginCount).toBe(2);
  });

  it("a node fail-over (other ROUTEID) costs one re-login; the new session is pinned to the new node", async () => {
    const fake = createSapB1Fake();
    const client = clientFor(fake);
    await client.entities.get("Items", "MUG-BLUE");
    fake.failOver();
    await client.entities.get("Items", "MUG-RED");
    expect(fake.routeId).toBe(".node2");
    expect(fake.loginCount).toBe(2);
    expect(fake.unauthorizedCount).toBe(1);
  });

  it("sessions expire after SessionTimeout idle minutes of the fake's clock: 10 concurrent calls share one re-login", async () => {
    const clock = manualClock();
    const fake = createSapB1Fake({ now: clock.now, sessionTimeoutMinutes: 2 });
    const client = clientFor(fake, { governor: { maxConcurrent: 10 } });
    await client.login();
    clock.time += 60_000;
    await client.entities.get("Items", "MUG-BLUE"); // used within the timeout: the session stays alive
    clock.time += 90_000;
    await client.entities.get("Items", "MUG-BLUE");
    expect(fake.loginCount).toBe(1);
    clock.time += 2 * 60_000; // idle for the whole timeout
    const codes = SEED_PRODUCTS.slice(0, 10).map((p) => p.sku);
    const items = await Promise.all(codes.map((code) => client.entities.get("Items", code)));
    expect(items.map((i) => i.ItemCode)).toEqual(codes);
    expect(fake.loginCount).toBe(2);
    expect(fake.unauthorizedCount).toBeGreaterThanOrEqual(1);
  });

  it("POST /Logout ends the session: the next call logs in again", async () => {
    const fake = createSapB1Fake();
    const client = clientFor(fake);
    await client.login();
    expect(fake.activeSessions).toBe(1);
    await client.logout();
    expect(fake.activeSessions).toBe(0);
    await client.entities.get("Items", "MUG-BLUE");
    expect(fake.loginCount).toBe(2);
    expect(fake.unauthorizedCount).toBe(0);
  });
});

describe("SAP B1 fake: reads", () => {
  it("pages by 20 without a preference, with a RELATIVE nextLink (Items?$skip=20)", async () => {
    const fake = createSapB1Fake();
    for (let i = 0; i < 15; i++) fake.putItem({ ItemCode: `X${String(i).padStart(3, "0")}`, ItemName: `Extra ${i}` });
    const client = clientFor(fake);
    const response = await client.fetch(`${client.serviceRoot}/Items?$select=ItemCode`);
    const body = (await response.json()) as { value: unknown[]; "@odata.nextLink"?: string };
    expect(body.value).toHaveLength(20);
    expect(body["@odata.nextLink"]).toBe("Items?%24select=ItemCode&%24skip=20");
    const all = await client.entities.list("Items", { select: ["ItemCode"], maxPageSize: 10 }).toArray();
    expect(all).toHaveLength(SEED_PRODUCTS.length + 15);
    expect(
      fake.calls.filter((c) => c.path === "/Items").map((c) => new URLSearchParams(c.search).get("$skip")),
    ).toEqual([null, null, "10", "20"]);
  });

  it("Prefer: odata.maxpagesize=0 turns paging off", async () => {
    const fake = createSapB1Fake();
    const client = clientFor(fake);
    const response = await client.fetch(`${client.serviceRoot}/Items`, { headers: { Prefer: "odata.maxpagesize=0" } });
    const body = (await response.json()) as { value: unknown[]; "@odata.nextLink"?: string };
    expect(body.value).toHaveLength(SEED_PRODUCTS.length);
    expect(body["@odata.nextLink"]).toBeUndefined();
  });

  it("$filter (dates, and/or, quotes), $orderby and $select as the client writes them", async () => {
    const clock = manualClock();
    const fake = createSapB1Fake({ now: clock.now });
    fake.setStock("KETTLE-STEEL", "EAST", { inStock: 9 });
    const client = clientFor(fake);
    const changed = await client.entities
      .list("Items", {
        select: ["ItemCode", "UpdateDate", "UpdateTime"],
        filter: (f) => f.ge("UpdateDate", "2026-11-22"),
      })
      .toArray();
    expect(changed).toEqual([
      {
        "@odata.etag": expect.any(String),
        ItemCode: "KETTLE-STEEL",
        UpdateDate: "2026-11-22T00:00:00Z",
        UpdateTime: "09:00:00",
      },
    ]);
    const teas = await client.entities
      .list("Items", {
        select: ["ItemCode", "QuantityOnStock"],
        filter: (f) => f.startswith("ItemCode", "TEA-"),
        orderby: [["QuantityOnStock", "desc"]],
      })
      .toArray();
    expect(teas.map((t) => [t.ItemCode, t.QuantityOnStock])).toEqual([
      ["TEA-GREEN", 260],
      ["TEA-BLACK", 230],
    ]);
    const partner = await client.entities.findFirst("BusinessPartners", (f) =>
      f.eq("EmailAddress", "purchasing@cafe-lindner.example"),
    );
    expect(partner?.CardCode).toBe("C10003");
  });

  it("an unknown key is 404 with B1's -2028; a malformed $filter is 400", async () => {
    const fake = createSapB1Fake();
    const client = clientFor(fake);
    await expect(client.entities.get("Items", "NOPE")).rejects.toMatchObject({ status: 404, vendorCode: "-2028" });
    const response = await client.fetch(`${client.serviceRoot}/Items?$filter=${encodeURIComponent("ItemCode eq")}`);
    expect(response.status).toBe(400);
  });
});

describe("SAP B1 fake: writes", () => {
  it("assigns DocEntry/DocNum and computes VatSum and DocTotal exactly from the lines and their VAT groups", async () => {
    const fake = createSapB1Fake();
    const created = await clientFor(fake).entities.create(
      "Orders",
      order("100001", {
        DocumentAdditionalExpenses: [{ ExpenseCode: 1, LineTotal: 4.9, VatGroup: "S19" }],
      } as Partial<DocumentCreate>),
    );
    // 3 × 12.90 = 38.70 (VAT 7.353 → 7.35); 2 × 8.49 − 10 % = 15.282 → 15.28 (VAT 1.0696 → 1.07); freight 4.90 (0.931 → 0.93)
    expect(created).toMatchObject({ DocEntry: 1, DocNum: 5001, VatSum: 9.35, DocTotal: 68.23, NumAtCard: "100001" });
    const [stored] = fake.orders();
    expect(stored?.DocumentLines.map((l) => [l.LineNum, l.LineTotal, l.TaxTotal])).toEqual([
      [0, 38.7, 7.35],
      [1, 15.28, 1.07],
    ]);
    // The order commits stock in the line's warehouse.
    expect(fake.item("MUG-BLUE")?.ItemWarehouseInfoCollection.find((w) => w.WarehouseCode === "MAIN")?.Committed).toBe(
      7 + 3,
    );
  });

  it("schema rejection: an unknown property is 400 in B1's shape naming it; a wrong type names the field; U_* is accepted", async () => {
    const fake = createSapB1Fake();
    const client = clientFor(fake);
    const unknown = await client.entities
      .create("Orders", { ...order("A"), Colour: "red" } as DocumentCreate)
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ status: 400, vendorCode: "-1000" });
    expect((unknown as ApiCallError).vendorMessage).toMatch(/^Property 'Colour' of 'Document' is invalid/);
    const wrongType = await client.entities
      .create("Orders", order("B", { DocumentLines: [{ ItemCode: "MUG-BLUE", Quantity: "three" }] } as never))
      .catch((e: unknown) => e);
    expect((wrongType as ApiCallError).vendorMessage).toContain("DocumentLines.0.Quantity");
    const response = await client.fetch(`${client.serviceRoot}/BusinessPartners`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ CardName: "No code" }),
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("CardCode");
    await client.entities.create("Orders", { ...order("C"), U_WebChannel: "magento" } as DocumentCreate);
    expect(fake.orders().map((o) => o.NumAtCard)).toEqual(["C"]);
  });

  it("business rules: unknown BP, item, warehouse or VAT group are 400 and write nothing", async () => {
    const fake = createSapB1Fake();
    const client = clientFor(fake);
    for (const body of [
      order("X1", { CardCode: "C99999" }),
      order("X2", { DocumentLines: [{ ItemCode: "MUG-GOLD-DISCONTINUED", Quantity: 1, UnitPrice: 1 }] }),
      order("X3", { DocumentLines: [{ ItemCode: "MUG-BLUE", Quantity: 1, UnitPrice: 1, WarehouseCode: "NOWHERE" }] }),
      order("X4", { DocumentLines: [{ ItemCode: "MUG-BLUE", Quantity: 1, UnitPrice: 1, VatGroup: "V99" }] }),
    ]) {
      await expect(client.entities.create("Orders", body)).rejects.toMatchObject({ status: 400 });
    }
    expect(fake.orders()).toEqual([]);
    expect(fake.writeCount).toBe(0);
  });

  it("Prefer: return-no-content answers 204 with the new record's Location", async () => {
    const fake = createSapB1Fake();
    const client = clientFor(fake);
    const response = await client.fetch(`${client.serviceRoot}/Orders`, {
      method: "POST",
      headers: { "content-type": "application/json", Prefer: "return-no-content" },
      body: JSON.stringify(order("100002")),
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("location")).toBe(`${SAPB1_FAKE_BASE_URL}/Orders(1)`);
    expect(fake.orders()).toHaveLength(1);
  });

  it("X2: a write that meets a lock is answered with -2038 and retried by the client until it goes through", async () => {
    const fake = createSapB1Fake();
    fake.lockNext({ times: 2, path: "/Orders" });
    const created = await clientFor(fake).entities.create("Orders", order("100003"));
    expect(created.DocEntry).toBe(1);
    expect(fake.lockErrorsAnswered).toBe(2);
    expect(fake.callCount({ method: "POST", path: "/Orders" })).toBe(3);
    expect(fake.orders()).toHaveLength(1);
  });

  it("X2: with a share of writes locked, every create still lands exactly once", async () => {
    const fake = createSapB1Fake({ lockErrorRate: 0.4, lockSeed: 7 });
    const client = clientFor(fake, { lockRetry: { maxAttempts: 10, baseDelayMs: 1, maxDelayMs: 2 } });
    for (let i = 0; i < 8; i++) await client.entities.createOnce("Orders", order(`L${i}`), "NumAtCard");
    expect(fake.lockErrorsAnswered).toBeGreaterThan(0);
    expect(fake.orders().map((o) => o.NumAtCard)).toEqual(["L0", "L1", "L2", "L3", "L4", "L5", "L6", "L7"]);
  });

  it("O6: createOnce by NumAtCard after a lost response finds the committed order instead of creating a second", async () => {
    const fake = createSapB1Fake();
    fake.faults.once({ kind: "lost-response", method: "POST", path: "/Orders" });
    const result = await clientFor(fake).entities.createOnce("Orders", order("100004"), "NumAtCard", {
      lookupDelayMs: 0,
    });
    expect(result).toMatchObject({ created: true, recoveredFromUnknownOutcome: true });
    expect(result.record.DocEntry).toBe(1);
    expect(fake.orders()).toHaveLength(1);
    expect(fake.callCount({ method: "GET", path: "/Orders" })).toBe(2);
  });

  it("PATCH checks If-Match against the record's ETag (412 when it changed) and stamps UpdateDate", async () => {
    const fake = createSapB1Fake();
    const client = clientFor(fake);
    const partner = await client.entities.get("BusinessPartners", "C10002");
    await client.entities.update("BusinessPartners", partner, { Phone1: "+49 341 000" });
    await expect(client.entities.update("BusinessPartners", partner, { Phone1: "+49 341 111" })).rejects.toMatchObject({
      status: 412,
    });
    expect(fake.businessPartners().find((b) => b.CardCode === "C10002")?.Phone1).toBe("+49 341 000");
  });

  it("a delivery copied from an order takes stock out and releases the commitment; cancelling an order releases it", async () => {
    const fake = createSapB1Fake();
    const client = clientFor(fake);
    const main = () => fake.item("MUG-BLUE")?.ItemWarehouseInfoCollection.find((w) => w.WarehouseCode === "MAIN");
    await client.entities.create("Orders", order("500001"));
    await client.entities.create("Orders", order("500002"));
    expect(main()).toMatchObject({ InStock: 140, Committed: 7 + 6 });
    await client.entities.create("DeliveryNotes", {
      CardCode: "C10001",
      DocumentLines: [
        { ItemCode: "MUG-BLUE", Quantity: 3, BaseType: 17, BaseEntry: 1, BaseLine: 0, WarehouseCode: "MAIN" },
      ],
    });
    expect(main()).toMatchObject({ InStock: 137, Committed: 7 + 3 });
    await client.entities.invoke("Orders", 2, "SAPB1.Cancel");
    expect(main()).toMatchObject({ InStock: 137, Committed: 7 });
    expect(fake.orders()[1]).toMatchObject({ Cancelled: "tYES", DocumentStatus: "bost_Close" });
    await expect(
      client.entities.create("DeliveryNotes", {
        CardCode: "C10001",
        DocumentLines: [{ ItemCode: "MUG-BLUE", Quantity: 1, BaseType: 17, BaseEntry: 99, BaseLine: 0 }],
      }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it("journal entries must balance", async () => {
    const fake = createSapB1Fake();
    const client = clientFor(fake);
    const line = (account: string, debit: number, credit: number) => ({
      AccountCode: account,
      Debit: debit,
      Credit: credit,
    });
    await expect(
      client.entities.create("JournalEntries", { JournalEntryLines: [line("1200", 10.1, 0), line("8400", 0, 10)] }),
    ).rejects.toMatchObject({ status: 400 });
    const entry = await client.entities.create("JournalEntries", {
      Memo: "Payout",
      JournalEntryLines: [line("1200", 10.1, 0), line("8400", 0, 10.1)],
    });
    expect(entry.JdtNum).toBe(1);
    expect(fake.journalEntries()).toHaveLength(1);
  });
});

describe("SAP B1 fake: $batch", () => {
  it("a change set is atomic: one failing operation rolls back the others", async () => {
    const fake = createSapB1Fake();
    const client = clientFor(fake);
    const results = await client.batch([
      { id: "a", method: "POST", url: "Orders", body: order("200001"), atomicityGroup: "g1" },
      { id: "b", method: "POST", url: "Orders", body: order("200002", { CardCode: "C99999" }), atomicityGroup: "g1" },
    ]);
    expect(results.map((r) => r.ok)).toEqual([false, false]);
    expect(results[1]).toMatchObject({ status: 400 });
    expect(fake.orders()).toEqual([]);
    expect(fake.changeSetsRolledBack).toBe(1);
    expect(fake.item("MUG-BLUE")?.ItemWarehouseInfoCollection.find((w) => w.WarehouseCode === "MAIN")?.Committed).toBe(
      7,
    );
  });

  it("a successful change set commits every operation; top-level reads ride along", async () => {
    const fake = createSapB1Fake();
    const results = await clientFor(fake).batch([
      { id: "a", method: "POST", url: "Orders", body: order("200003"), atomicityGroup: "g1" },
      { id: "b", method: "PATCH", url: "BusinessPartners('C10001')", body: { Phone1: "0" }, atomicityGroup: "g1" },
      { id: "c", method: "GET", url: "Items('MUG-RED')" },
    ]);
    expect(results.map((r) => [r.id, r.ok, r.status])).toEqual([
      ["a", true, 201],
      ["b", true, 204],
      ["c", true, 200],
    ]);
    expect(results[2]?.ok && (results[2].body as { ItemCode: string }).ItemCode).toBe("MUG-RED");
    expect(fake.orders().map((o) => o.NumAtCard)).toEqual(["200003"]);
  });
});

describe("SAP B1 fake: transports", () => {
  it("over the loopback server: session cookies, relative nextLinks and an absolute-path $batch", async () => {
    const fake = createSapB1Fake();
    const server = await startFakeServer([fake]);
    try {
      const client = createSapB1Client({
        baseUrl: server.baseUrlOf(fake),
        companyDb: "SBODEMODE",
        username: "manager",
        password: "p4ss-w0rd",
        retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      });
      const items = await client.entities.list("Items", { select: ["ItemCode"], maxPageSize: 5 }).toArray();
      expect(items).toHaveLength(SEED_PRODUCTS.length);
      const results = await client.batch([
        { method: "POST", url: "Orders", body: order("300001"), atomicityGroup: "g" },
        {
          method: "POST",
          url: "Orders",
          body: order("300002", { CardCode: SAPB1_FAKE_GUEST_CARD_CODE }),
          atomicityGroup: "g",
        },
      ]);
      expect(results.every((r) => r.ok)).toBe(true);
      expect(fake.orders().map((o) => o.CardCode)).toEqual(["C10001", SAPB1_FAKE_GUEST_CARD_CODE]);
      await client.close();
      expect(fake.activeSessions).toBe(0);
    } finally {
      await server.close();
    }
  });

  describe("through msw", () => {
    const fake = createSapB1Fake();
    const mswServer = setupServer(...fakeHandlers(fake));
    beforeAll(() => mswServer.listen({ onUnhandledRequest: "error" }));
    afterEach(() => mswServer.resetHandlers());
    afterAll(() => mswServer.close());

    it("the real client on globalThis.fetch logs in, pages and creates once", async () => {
      const client = createSapB1Client({
        baseUrl: fake.baseUrl,
        companyDb: "SBODEMODE",
        username: "manager",
        password: "p4ss-w0rd",
        retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      });
      const partners = await client.entities
        .list("BusinessPartners", { select: ["CardCode"], maxPageSize: 2 })
        .toArray();
      expect(partners.map((p) => p.CardCode)).toContain("C10005");
      fake.faults.once({ kind: "lost-response", method: "POST", path: "/Orders" });
      const result = await client.entities.createOnce("Orders", order("400001"), "NumAtCard", { lookupDelayMs: 0 });
      expect(result.recoveredFromUnknownOutcome).toBe(true);
      expect(fake.orders().filter((o) => o.NumAtCard === "400001")).toHaveLength(1);
    });
  });
});
