import { inspect } from "node:util";
import { ApiCallError, type Clock, createLoggingHooks } from "@org/http";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { Agent } from "undici";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isSapB1LockError } from "./lock-errors.js";
import { createSapB1Client, type SapB1ClientSettings } from "./sapb1-client.js";

const ROOT = "https://b1.example.com:50000/b1s/v2";
const PASSWORD = "s3cr3t-Pa55word";
const ROUTE = ".node7";
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

interface Order {
  "@odata.etag": string;
  DocEntry: number;
  DocNum: number;
  CardCode: string;
  NumAtCard: string | null;
  DocTotal: number;
  [field: string]: unknown;
}

interface BatchOp {
  method: string;
  url: string;
  id: string | undefined;
  body: string;
}

const state = {
  logins: [] as { path: string; body: Record<string, unknown> }[],
  sessionTimeout: 30 as number | undefined,
  sessions: new Map<string, string>(),
  issued: [] as string[],
  nextSession: 1,
  unauthorized: 0,
  logouts: [] as string[],
  orders: [] as Order[],
  posts: 0,
  postBodies: [] as Record<string, unknown>[],
  lockFailures: 0,
  lockStatus: 400,
  loseNextPost: false,
  failChangeset: false,
  batches: [] as (BatchOp | BatchOp[])[][],
  itemReads: 0,
};

/** What the client itself put on each request, before msw (whose cookie store appends cookies of its own). */
const sent: { method: string; url: string; cookie: string | null; prefer: string | null; dispatcher: unknown }[] = [];
const recordingFetch: typeof fetch = (input, init) => {
  const request = input instanceof Request ? input : new Request(input, init);
  sent.push({
    method: request.method,
    url: request.url,
    cookie: request.headers.get("cookie"),
    prefer: request.headers.get("prefer"),
    dispatcher: (init as { dispatcher?: unknown } | undefined)?.dispatcher,
  });
  return globalThis.fetch(input, init);
};

/** The first value of each cookie: what the client sent comes before what msw's cookie store adds. */
function cookiesOf(request: Request): Record<string, string> {
  const result: Record<string, string> = {};
  for (const part of (request.headers.get("cookie") ?? "").split(/[;,]\s*/)) {
    const index = part.indexOf("=");
    const name = part.slice(0, index).trim();
    if (index > 0 && !(name in result)) result[name] = part.slice(index + 1).trim();
  }
  return result;
}

const b1Error = (status: number, code: number, message: string | { lang: string; value: string }) =>
  HttpResponse.json({ error: { code, message } }, { status });

function parseOperation(text: string): BatchOp {
  const line = /^(GET|POST|PATCH|DELETE) (\S+) HTTP\/1\.1$/m.exec(text);
  return {
    method: line?.[1] ?? "",
    url: line?.[2] ?? "",
    id: /^Content-ID: (\S+)$/im.exec(text)?.[1],
    body: text.split("\r\n\r\n").slice(2).join("\r\n\r\n").trim(),
  };
}

function parseBatch(body: string, contentType: string): (BatchOp | BatchOp[])[] {
  const boundary = /boundary=([^;\s]+)/.exec(contentType)?.[1] ?? "";
  return body
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => {
      const inner = /^Content-Type: multipart\/mixed; ?boundary=([^;\s]+)/im.exec(part)?.[1];
      return inner ? part.split(`--${inner}`).slice(1, -1).map(parseOperation) : parseOperation(part);
    });
}

function batchResponse(parts: (BatchOp | BatchOp[])[]): HttpResponse<string> {
  const B = "batchresponse_8d2f";
  const C = "changesetresponse_4a1c";
  const httpPart = (status: string, body?: unknown, id?: string) => [
    "Content-Type: application/http",
    "Content-Transfer-Encoding: binary",
    ...(id ? [`Content-ID: ${id}`] : []),
    "",
    `HTTP/1.1 ${status}`,
    ...(body === undefined
      ? ["", ""]
      : ["Content-Type: application/json;odata.metadata=minimal", "", JSON.stringify(body)]),
  ];
  const lines: string[] = [];
  for (const part of parts) {
    lines.push(`--${B}`);
    if (!Array.isArray(part)) {
      lines.push(...httpPart("200 OK", { ItemCode: part.url.split("'")[1] }));
      continue;
    }
    lines.push(`Content-Type: multipart/mixed;boundary=${C}`, "");
    if (state.failChangeset) {
      lines.push(`--${C}`, ...httpPart("400 Bad Request", { error: { code: -5002, message: "Invalid BP code" } }));
    } else {
      for (const op of part)
        lines.push(
          `--${C}`,
          ...(op.method === "POST" ? httpPart("201 Created", { DocEntry: 501, ...JSON.parse(op.body) }, op.id) : []),
          ...(op.method === "PATCH" ? httpPart("204 No Content", undefined, op.id) : []),
        );
    }
    lines.push(`--${C}--`);
  }
  lines.push(`--${B}--`, "");
  return new HttpResponse(lines.join("\r\n"), { headers: { "Content-Type": `multipart/mixed;boundary=${B}` } });
}

const server = setupServer(
  http.all(new RegExp(`^${escapeRegExp(ROOT)}/`), async ({ request }) => {
    const url = new URL(request.url);
    const path = decodeURIComponent(url.pathname).slice("/b1s/v2/".length);
    if (request.method === "POST" && path.toLowerCase() === "login") {
      const body = (await request.json()) as Record<string, unknown>;
      state.logins.push({ path: url.pathname, body });
      // The Service Layer's login path is case-sensitive.
      if (path !== "Login" || body.Password !== PASSWORD) return b1Error(401, 100000027, "Login failed");
      const id = `5c8e1b4a-${String(state.nextSession++).padStart(4, "0")}-11ee-8000-0a0027000010`;
      state.sessions.set(id, String(body.CompanyDB));
      state.issued.push(id);
      return HttpResponse.json(
        {
          "@odata.context": "$metadata#B1Sessions/$entity",
          SessionId: id,
          Version: "1000190",
          ...(state.sessionTimeout === undefined ? {} : { SessionTimeout: state.sessionTimeout }),
        },
        {
          headers: [
            ["Set-Cookie", `B1SESSION=${id}; HttpOnly;`],
            ["Set-Cookie", `ROUTEID=${ROUTE}; path=/b1s`],
          ],
        },
      );
    }
    const cookies = cookiesOf(request);
    const session = cookies.B1SESSION;
    if (session === undefined || !state.sessions.has(session) || cookies.ROUTEID !== ROUTE) {
      state.unauthorized++;
      return b1Error(401, 301, "Invalid session or session already timeout.");
    }
    if (request.method === "POST" && path === "Logout") {
      state.sessions.delete(session);
      state.logouts.push(session);
      return new HttpResponse(null, { status: 204 });
    }
    if (request.method === "POST" && path === "$batch") {
      const parts = parseBatch(await request.text(), request.headers.get("content-type") ?? "");
      state.batches.push(parts);
      return batchResponse(parts);
    }
    if (request.method === "GET" && path === "Orders") {
      const skip = Number(url.searchParams.get("$skip") ?? 0);
      const top = url.searchParams.get("$top");
      const pageSize = Number(/odata\.maxpagesize=(\d+)/.exec(request.headers.get("prefer") ?? "")?.[1] ?? 20);
      const match = /^NumAtCard eq '(.*)'$/.exec(url.searchParams.get("$filter") ?? "");
      const rows = match ? state.orders.filter((o) => o.NumAtCard === match[1]?.replace(/''/g, "'")) : state.orders;
      const end = Math.min(top === null ? rows.length : Number(top), rows.length);
      const select = url.searchParams.get("$select")?.split(",");
      const page = rows
        .slice(skip, Math.min(skip + pageSize, end))
        .map((o) =>
          select ? Object.fromEntries(Object.entries(o).filter(([k]) => select.includes(k) || k.startsWith("@"))) : o,
        );
      const next = new URLSearchParams(url.searchParams);
      next.set("$skip", String(skip + pageSize));
      return HttpResponse.json({
        "@odata.context": "$metadata#Orders",
        value: page,
        // Relative, as the Service Layer writes it.
        ...(skip + pageSize < end ? { "@odata.nextLink": `Orders?${next}` } : {}),
      });
    }
    if (request.method === "POST" && path === "Orders") {
      state.posts++;
      const body = (await request.json()) as Record<string, unknown>;
      state.postBodies.push(body);
      if (state.lockFailures > 0) {
        state.lockFailures--;
        return state.lockStatus === 400
          ? b1Error(400, -2038, "Document is being updated by another user")
          : b1Error(state.lockStatus, -1102, { lang: "en-us", value: "Row is locked by another user" });
      }
      const n = state.orders.length + 1;
      const order = { ...body, "@odata.etag": `W/"${n}"`, DocEntry: 100 + n, DocNum: 1000 + n, DocTotal: 10 } as Order;
      state.orders.push(order);
      if (state.loseNextPost) {
        state.loseNextPost = false;
        return new HttpResponse("Gateway Timeout", { status: 504 });
      }
      return HttpResponse.json(order, { status: 201 });
    }
    if (request.method === "GET" && path.startsWith("Items(")) {
      state.itemReads++;
      const code = /^Items\('(.*)'\)$/.exec(path)?.[1];
      if (code === "MISSING") return b1Error(404, -2028, "No matching records found (ODBC -2028)");
      if (code === "V1") return b1Error(400, -5002, { lang: "en-us", value: "Item code is invalid" });
      // A server that echoes what it got: the client must scrub it from errors and logs.
      if (code === "ECHO") return b1Error(400, -1, `Cannot use ${session} on ${ROUTE} (password ${PASSWORD})`);
      return HttpResponse.json({
        "@odata.etag": 'W/"1"',
        ItemCode: code,
        ItemName: "Item",
        company: state.sessions.get(session),
      });
    }
    return b1Error(404, -1, `no route ${path}`);
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
beforeEach(() => {
  Object.assign(state, {
    logins: [],
    sessionTimeout: 30,
    issued: [],
    unauthorized: 0,
    logouts: [],
    orders: [],
    posts: 0,
    postBodies: [],
    lockFailures: 0,
    lockStatus: 400,
    loseNextPost: false,
    failChangeset: false,
    batches: [],
    itemReads: 0,
  });
  state.sessions.clear();
  sent.length = 0;
});

const b1 = (overrides: Partial<SapB1ClientSettings> = {}) =>
  createSapB1Client({
    baseUrl: ROOT,
    companyDb: "SBODEMOUS",
    username: "manager",
    password: PASSWORD,
    fetch: recordingFetch,
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    lockRetry: { baseDelayMs: 1, maxDelayMs: 2 },
    ...overrides,
  });

/** A clock whose time moves only when told; sleeps are recorded and return at once. */
function virtualClock() {
  const clock = {
    time: Date.UTC(2025, 0, 6, 9),
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
    },
    setTimer: () => () => {},
  };
  return clock satisfies Clock;
}

const seedOrders = (count: number) => {
  for (let i = 0; i < count; i++)
    state.orders.push({
      "@odata.etag": `W/"${i}"`,
      DocEntry: i + 1,
      DocNum: 1000 + i,
      CardCode: "C20000",
      NumAtCard: `WEB-${i}`,
      DocTotal: 10,
    });
};

describe("createSapB1Client: session", () => {
  it("logs in with POST /Login (exact case) and { CompanyDB, UserName, Password }", async () => {
    await b1().login();
    expect(state.logins).toEqual([
      { path: "/b1s/v2/Login", body: { CompanyDB: "SBODEMOUS", UserName: "manager", Password: PASSWORD } },
    ]);
    expect(sent[0]).toMatchObject({ method: "POST", url: `${ROOT}/Login`, cookie: null });
  });

  it("sends both B1SESSION (the SessionId) and ROUTEID (from Set-Cookie) on every request", async () => {
    seedOrders(3);
    const client = b1({ maxPageSize: 2 });
    await client.entities.list("Orders").toArray();
    await client.entities.get("Items", "A00001");
    await client.entities.create("Orders", { CardCode: "C20000", NumAtCard: "WEB-9" });
    await client.api.GET("/Items('{ItemCode}')", { params: { path: { ItemCode: "A00001" } } });
    await client.batch([{ method: "GET", url: "Items('A00001')" }]);
    await client.logout();
    const [session] = state.issued;
    const others = sent.filter((r) => !r.url.endsWith("/Login"));
    expect(others.map((r) => `${r.method} ${r.url.slice(ROOT.length)}`)).toEqual([
      "GET /Orders",
      "GET /Orders?%24skip=2",
      "GET /Items('A00001')",
      "POST /Orders",
      "GET /Items('A00001')",
      "POST /$batch",
      "POST /Logout",
    ]);
    for (const request of others) expect(request.cookie).toBe(`B1SESSION=${session}; ROUTEID=${ROUTE}`);
    expect(state.logins).toHaveLength(1);
    expect(state.unauthorized).toBe(0);
  });

  it("session expiry under 20 concurrent calls: exactly one re-login, every call retried once and succeeding", async () => {
    const client = b1({ governor: { maxConcurrent: 20 } });
    await client.login();
    state.sessions.clear(); // the Service Layer timed the session out
    const items = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.entities.get("Items", `A${String(i).padStart(5, "0")}`)),
    );
    expect(items).toHaveLength(20);
    expect(state.logins).toHaveLength(2);
    expect(state.unauthorized).toBeGreaterThanOrEqual(1);
    expect(state.unauthorized).toBeLessThanOrEqual(20);
    expect(state.itemReads).toBe(20);
    // Each call that met the expired session was sent once more, no more.
    expect(sent.filter((r) => r.url.includes("/Items(")).length).toBe(20 + state.unauthorized);
  });

  it("renews the session before SessionTimeout runs out (read from the login response), without a 401", async () => {
    const clock = virtualClock();
    state.sessionTimeout = 10;
    const client = b1({ clock });
    await client.entities.get("Items", "A00001");
    clock.time += 8.5 * 60_000;
    await client.entities.get("Items", "A00001");
    expect(state.logins).toHaveLength(1);
    clock.time += 60_000; // 9.5 of 10 minutes: inside the renewal window
    await client.entities.get("Items", "A00001");
    expect(state.logins).toHaveLength(2);
    expect(state.unauthorized).toBe(0);
    expect(sent.at(-1)?.cookie).toBe(`B1SESSION=${state.issued[1]}; ROUTEID=${ROUTE}`);
  });

  it("assumes a 30-minute session when the login response has no SessionTimeout", async () => {
    const clock = virtualClock();
    state.sessionTimeout = undefined;
    const client = b1({ clock, renewBeforeMs: 120_000 });
    await client.login();
    clock.time += 27 * 60_000;
    await client.login();
    expect(state.logins).toHaveLength(1);
    clock.time += 1.5 * 60_000;
    await client.login();
    expect(state.logins).toHaveLength(2);
  });

  it("logout() posts /Logout with the session cookies; the next call logs in again; a second logout sends nothing", async () => {
    const client = b1();
    await client.login();
    await client.logout();
    expect(state.logouts).toEqual([state.issued[0]]);
    expect(sent.at(-1)).toMatchObject({ method: "POST", url: `${ROOT}/Logout` });
    await client.logout();
    expect(sent.filter((r) => r.url.endsWith("/Logout"))).toHaveLength(1);
    await client.entities.get("Items", "A00001");
    expect(state.logins).toHaveLength(2);
    expect(state.unauthorized).toBe(0);
    await client.close();
    expect(state.logouts).toHaveLength(2);
  });

  it("logout() treats an already expired session as logged out", async () => {
    const client = b1();
    await client.login();
    state.sessions.clear();
    await expect(client.logout()).resolves.toBeUndefined();
  });

  it("one client per company, no shared state: each sends its own session", async () => {
    const us = b1();
    const de = b1({ companyDb: "SBODEMODE" });
    const [a, b] = await Promise.all([us.entities.get("Items", "A00001"), de.entities.get("Items", "A00001")]);
    expect([(a as { company?: string }).company, (b as { company?: string }).company]).toEqual([
      "SBODEMOUS",
      "SBODEMODE",
    ]);
    expect(new Set(sent.filter((r) => r.cookie).map((r) => r.cookie)).size).toBe(2);
  });

  it("a failed login is an ApiCallError with the B1 code, without the password", async () => {
    const error = await b1({ password: "wr0ng-Passw0rd" })
      .login()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error).toMatchObject({ status: 401, vendorCode: "100000027", vendorMessage: "Login failed" });
    expect(inspect(error, { depth: 8 })).not.toContain("wr0ng-Passw0rd");
  });
});

describe("createSapB1Client: TLS", () => {
  const PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUb1test\n-----END CERTIFICATE-----\n";

  it("with ca, every request (login included) goes through an undici Agent dispatcher", async () => {
    const client = b1({ ca: PEM });
    await client.entities.get("Items", "A00001");
    expect(sent.length).toBeGreaterThanOrEqual(2);
    for (const request of sent) expect(request.dispatcher).toBeInstanceOf(Agent);
    await client.close();
  });

  it("without ca, no dispatcher is passed (the system trust store, verification on)", async () => {
    await b1().entities.get("Items", "A00001");
    for (const request of sent) expect(request.dispatcher).toBeUndefined();
  });
});

describe("createSapB1Client: reads and writes", () => {
  it("pages over relative nextLinks (Orders?$skip=N) with Prefer: odata.maxpagesize, default 100", async () => {
    seedOrders(7);
    const rows = await b1({ maxPageSize: 3 })
      .entities.list("Orders", { select: ["DocEntry", "NumAtCard"] })
      .toArray();
    expect(rows.map((r) => r.NumAtCard)).toEqual(["WEB-0", "WEB-1", "WEB-2", "WEB-3", "WEB-4", "WEB-5", "WEB-6"]);
    expect(rows[0]).toEqual({ "@odata.etag": 'W/"0"', DocEntry: 1, NumAtCard: "WEB-0" });
    const pages = sent.filter((r) => r.url.startsWith(`${ROOT}/Orders`));
    expect(pages.map((r) => r.url.slice(ROOT.length))).toEqual([
      "/Orders?%24select=DocEntry%2CNumAtCard",
      "/Orders?%24select=DocEntry%2CNumAtCard&%24skip=3",
      "/Orders?%24select=DocEntry%2CNumAtCard&%24skip=6",
    ]);
    for (const page of pages) expect(page.prefer).toBe("odata.maxpagesize=3");
    sent.length = 0;
    await b1().entities.list("Orders").toArray();
    expect(sent.find((r) => r.url.startsWith(`${ROOT}/Orders`))?.prefer).toBe("odata.maxpagesize=100");
  });

  it("passes user-defined U_* fields through to the server and back", async () => {
    const order = await b1().entities.create("Orders", {
      CardCode: "C20000",
      NumAtCard: "WEB-1001",
      U_Channel: "web",
      DocumentLines: [{ ItemCode: "A00001", Quantity: 2, U_GiftWrap: "Y" }],
    });
    expect(state.postBodies[0]).toMatchObject({ U_Channel: "web", DocumentLines: [{ U_GiftWrap: "Y" }] });
    expect(order.U_Channel).toBe("web");
  });

  it("O5/O6: createOnce by NumAtCard under an ambiguous 504 yields exactly one document", async () => {
    const client = b1();
    const body = {
      CardCode: "C20000",
      NumAtCard: "WEB-1001",
      DocumentLines: [{ ItemCode: "A00001", Quantity: 1 }],
    };
    state.loseNextPost = true;
    const first = await client.entities.createOnce("Orders", body, "NumAtCard", { sleep: async () => {} });
    expect(first).toMatchObject({ created: true, recoveredFromUnknownOutcome: true, record: { DocEntry: 101 } });
    const rerun = await client.entities.createOnce("Orders", body, "NumAtCard");
    expect(rerun).toMatchObject({ created: false, record: { DocEntry: 101 } });
    expect(state.orders.filter((o) => o.NumAtCard === "WEB-1001")).toHaveLength(1);
    expect(state.posts).toBe(1);
  });

  it("reads B1 v2 and v1 error bodies into ApiCallError.vendorCode / vendorMessage", async () => {
    const client = b1();
    await expect(client.entities.get("Items", "MISSING")).rejects.toMatchObject({
      name: "ApiCallError",
      status: 404,
      vendorCode: "-2028",
      vendorMessage: "No matching records found (ODBC -2028)",
    });
    await expect(client.entities.get("Items", "V1")).rejects.toMatchObject({
      status: 400,
      vendorCode: "-5002",
      vendorMessage: "Item code is invalid",
    });
  });
});

describe("createSapB1Client: multipart $batch", () => {
  it("sends a GET and a change set (POST + PATCH) as multipart/mixed with absolute-path request lines", async () => {
    const results = await b1().batch([
      { id: "item", method: "GET", url: "Items('A00001')" },
      {
        id: "order",
        method: "POST",
        url: "Orders",
        body: { CardCode: "C20000", NumAtCard: "WEB-7" },
        atomicityGroup: "g",
      },
      { id: "bp", method: "PATCH", url: "BusinessPartners('C20000')", body: { Notes: "web" }, atomicityGroup: "g" },
    ]);
    const [parts] = state.batches;
    expect(parts).toHaveLength(2);
    expect(parts?.[0]).toMatchObject({ method: "GET", url: "/b1s/v2/Items('A00001')" });
    expect(parts?.[1]).toEqual([
      expect.objectContaining({ method: "POST", url: "/b1s/v2/Orders", id: "order" }),
      expect.objectContaining({ method: "PATCH", url: "/b1s/v2/BusinessPartners('C20000')", id: "bp" }),
    ]);
    expect(results.map((r) => [r.id, r.ok, r.status])).toEqual([
      ["item", true, 200],
      ["order", true, 201],
      ["bp", true, 204],
    ]);
    expect(results[1]).toMatchObject({ body: { DocEntry: 501, NumAtCard: "WEB-7" } });
  });

  it("a failed change set fails every operation in it with the B1 error", async () => {
    state.failChangeset = true;
    const results = await b1().batch([
      { id: "order", method: "POST", url: "Orders", body: { CardCode: "X" }, atomicityGroup: "g" },
      { id: "bp", method: "PATCH", url: "BusinessPartners('X')", body: { Notes: "web" }, atomicityGroup: "g" },
    ]);
    expect(results.map((r) => r.ok)).toEqual([false, false]);
    expect(results[0]).toMatchObject({ error: { vendorCode: "-5002" } });
  });
});

describe("createSapB1Client: X2 lock errors", () => {
  it("X2: a create on a locked document (400, -2038) is retried with growing backoff, then succeeds", async () => {
    const clock = virtualClock();
    state.lockFailures = 2;
    const order = await b1({ clock, lockRetry: {} }).entities.create("Orders", { CardCode: "C20000", NumAtCard: "W" });
    expect(order.DocEntry).toBe(101);
    expect(state.posts).toBe(3);
    expect(state.orders).toHaveLength(1);
    expect(clock.sleeps).toHaveLength(2);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(750);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(1000);
    expect(clock.sleeps[1]).toBeGreaterThanOrEqual(1500);
    expect(clock.sleeps[1]).toBeLessThanOrEqual(2000);
  });

  it("X2/O6: a 500 lock error on POST is a proven non-write: retried, not outcome-unknown", async () => {
    state.lockFailures = 1;
    state.lockStatus = 500;
    await b1().entities.create("Orders", { CardCode: "C20000", NumAtCard: "W" });
    expect(state.posts).toBe(2);
    expect(state.orders).toHaveLength(1);
  });

  it("X1/X2: when lock retries run out the error is typed, retryable and not outcome-unknown", async () => {
    state.lockFailures = 10;
    state.lockStatus = 500;
    const error = await b1({ lockRetry: { maxAttempts: 3, baseDelayMs: 1 } })
      .entities.create("Orders", { CardCode: "C20000", NumAtCard: "W" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error).toMatchObject({ status: 500, vendorCode: "-1102", retryable: true, outcomeUnknown: false });
    expect((error as Error).message).toMatch(/locked; gave up after 3 attempts/);
    expect(state.posts).toBe(3);

    state.lockFailures = 10;
    state.lockStatus = 400;
    state.posts = 0;
    await expect(
      b1({ lockRetry: { maxAttempts: 2, baseDelayMs: 1 } }).entities.create("Orders", {
        CardCode: "C",
        NumAtCard: "W",
      }),
    ).rejects.toMatchObject({ status: 400, vendorCode: "-2038" });
    expect(state.posts).toBe(2);
  });

  it("other errors are not retried; the lock predicate can be replaced", async () => {
    await expect(b1().entities.get("Items", "V1")).rejects.toMatchObject({ vendorCode: "-5002" });
    expect(state.itemReads).toBe(1);
    state.itemReads = 0;
    const custom = b1({ lockRetry: { maxAttempts: 3, baseDelayMs: 1, isLockError: (e) => e.code === "-5002" } });
    await expect(custom.entities.get("Items", "V1")).rejects.toMatchObject({ vendorCode: "-5002" });
    expect(state.itemReads).toBe(3);
  });

  it("isSapB1LockError: lock codes and messages yes; locked periods, accounts, users and other statuses no", () => {
    const lock = (status: number, code?: string, message?: string) =>
      isSapB1LockError({ method: "POST", status, code, message });
    expect(lock(400, "-2038")).toBe(true);
    expect(lock(500, "-1102")).toBe(true);
    expect(lock(400, "-1", "Document is being updated by another user")).toBe(true);
    expect(lock(400, "-1", "Row is locked by another user")).toBe(true);
    expect(lock(500, "-1", "SQL error: Lock request time out period exceeded.")).toBe(true);
    expect(lock(500, "-1", "Transaction was deadlocked on lock resources; rerun the transaction")).toBe(true);
    expect(lock(500, "-1", "transaction rolled back by lock wait timeout")).toBe(true);
    expect(lock(400, "-1", "Posting period is locked")).toBe(false);
    expect(lock(400, "-1", "G/L account 4000 is locked for manual posting")).toBe(false);
    expect(lock(400, "-5002", "Item code is invalid")).toBe(false);
    expect(lock(412, "-2038")).toBe(false);
    expect(lock(401, "-2038")).toBe(false);
    expect(lock(200, "-2038")).toBe(false);
  });
});

describe("createSapB1Client: X1 secrets", () => {
  it("X1: the password, B1SESSION and ROUTEID never appear in errors or log lines", async () => {
    const lines: string[] = [];
    const hooks = createLoggingHooks((level, message, fields) =>
      lines.push(`${level} ${message} ${JSON.stringify(fields)}`),
    );
    const client = b1({ hooks });
    const errors: unknown[] = [];
    await client.entities.get("Items", "ECHO").catch((e: unknown) => errors.push(e));
    state.sessions.clear();
    await client.entities.get("Items", "MISSING").catch((e: unknown) => errors.push(e));
    state.lockFailures = 5;
    await b1({ hooks, lockRetry: { maxAttempts: 2, baseDelayMs: 1 } })
      .entities.create("Orders", { CardCode: "C", NumAtCard: "W" })
      .catch((e: unknown) => errors.push(e));
    await b1({ hooks, password: "wr0ng-Passw0rd" })
      .login()
      .catch((e: unknown) => errors.push(e));
    await client.logout();

    expect(errors).toHaveLength(4);
    expect((errors[0] as ApiCallError).vendorMessage).toBe("Cannot use [REDACTED] on [REDACTED] (password [REDACTED])");
    expect(lines.length).toBeGreaterThan(5);
    expect(state.issued.length).toBeGreaterThanOrEqual(3);
    const secrets = [PASSWORD, "wr0ng-Passw0rd", ROUTE, ...state.issued];
    const texts = [
      ...lines,
      ...errors.flatMap((e) => [String((e as Error).message), JSON.stringify(e), inspect(e, { depth: 8 })]),
    ];
    for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
