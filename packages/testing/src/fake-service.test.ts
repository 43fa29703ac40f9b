import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FakeService, LostResponseError } from "./fake-service.js";
import { fakeHandlers } from "./msw.js";
import { startFakeServer } from "./server.js";

function orderFake(): { fake: FakeService; orders: Map<string, unknown> } {
  const orders = new Map<string, unknown>();
  const fake = new FakeService({ name: "shop", baseUrl: "https://shop.example.test/api/v1" });
  fake.route("GET", "/orders/:id", ({ groups }) =>
    orders.has(groups.id ?? "")
      ? Response.json(orders.get(groups.id ?? ""))
      : Response.json({ error: `order ${groups.id} not found` }, { status: 404 }),
  );
  fake.route("POST", "/orders", ({ body }) => {
    const id = String(orders.size + 1);
    orders.set(id, { id, ...(body as object) });
    return Response.json(orders.get(id), { status: 201 });
  });
  fake.route("GET", "/link", ({ publicBaseUrl }) => Response.json({ next: `${publicBaseUrl}/orders/1` }));
  return { fake, orders };
}

describe("FakeService", () => {
  it("routes paths relative to the base URL, with named segments, and logs every call", async () => {
    const { fake } = orderFake();
    const created = await fake.fetch("https://shop.example.test/api/v1/orders", {
      method: "POST",
      body: JSON.stringify({ number: "100001" }),
    });
    expect(created.status).toBe(201);
    const read = await fake.fetch("https://shop.example.test/api/v1/orders/1?expand=lines");
    expect(await read.json()).toEqual({ id: "1", number: "100001" });
    expect(fake.calls.map((c) => [c.method, c.path, c.search, c.status])).toEqual([
      ["POST", "/orders", "", 201],
      ["GET", "/orders/1", "?expand=lines", 200],
    ]);
    expect(fake.callCount({ method: "post" })).toBe(1);
    expect(fake.callCount({ path: /^\/orders\/\d+$/ })).toBe(1);
  });

  it("answers 404 for unknown routes and knows which URLs it owns", async () => {
    const { fake } = orderFake();
    expect((await fake.fetch("https://shop.example.test/api/v1/nothing")).status).toBe(404);
    expect(fake.owns("https://shop.example.test/api/v1/orders")).toBe(true);
    expect(fake.owns("https://shop.example.test/api/v10/orders")).toBe(false);
    expect(fake.owns("https://other.example.test/api/v1/orders")).toBe(false);
  });

  it("middleware can answer instead of the route (e.g. a missing token)", async () => {
    const { fake } = orderFake();
    fake.use(async ({ request }, next) =>
      request.headers.get("authorization") ? next() : Response.json({ error: "unauthorized" }, { status: 401 }),
    );
    expect((await fake.fetch("https://shop.example.test/api/v1/orders/1")).status).toBe(401);
    const ok = await fake.fetch("https://shop.example.test/api/v1/orders/1", {
      headers: { authorization: "Bearer t" },
    });
    expect(ok.status).toBe(404);
  });

  it("O6: a lost response after commit keeps the write and rejects like a reset connection", async () => {
    const { fake, orders } = orderFake();
    fake.faults.once({ kind: "lost-response", method: "POST", path: "/orders" });
    const attempt = fake.fetch("https://shop.example.test/api/v1/orders", { method: "POST", body: "{}" });
    await expect(attempt).rejects.toThrow(TypeError);
    await attempt.catch((error: TypeError) => expect((error.cause as { code?: string }).code).toBe("ECONNRESET"));
    expect(orders.size).toBe(1);
    expect(fake.calls[0]?.fault).toBe("lost-response");
    expect(fake.faults.injected["lost-response"]).toBe(1);
  });

  it("O6: a timeout after commit keeps the write and hangs until the caller aborts", async () => {
    const { fake, orders } = orderFake();
    fake.faults.once({ kind: "timeout-after-commit", method: "POST" });
    const controller = new AbortController();
    const attempt = fake.fetch("https://shop.example.test/api/v1/orders", {
      method: "POST",
      body: "{}",
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error("client timeout")), 5);
    await expect(attempt).rejects.toThrow("client timeout");
    expect(orders.size).toBe(1);
  });

  it("an injected error is answered before anything is processed", async () => {
    const { fake, orders } = orderFake();
    fake.faults.once({ kind: "error", status: 502 });
    const response = await fake.fetch("https://shop.example.test/api/v1/orders", { method: "POST", body: "{}" });
    expect(response.status).toBe(502);
    expect(orders.size).toBe(0);
  });

  it("a write rejected by the fake is not turned into a lost response (nothing was committed)", async () => {
    const fake = new FakeService({ name: "shop", baseUrl: "https://shop.example.test/api" });
    fake.route("POST", "/orders", () => Response.json({ error: "invalid" }, { status: 400 }));
    fake.faults.once({ kind: "lost-response" });
    expect((await fake.fetch("https://shop.example.test/api/orders", { method: "POST", body: "{}" })).status).toBe(400);
  });
});

describe("startFakeServer", () => {
  it("serves fakes on loopback under /<name>, with links built from the public URL and cookies kept apart", async () => {
    const { fake } = orderFake();
    fake.route("GET", "/cookies", () => {
      const headers = new Headers();
      headers.append("set-cookie", "B1SESSION=abc; Path=/");
      headers.append("set-cookie", "ROUTEID=.node1; Path=/");
      return new Response(null, { status: 204, headers });
    });
    const server = await startFakeServer([fake]);
    try {
      const base = server.baseUrlOf(fake);
      expect(base).toBe(`${server.origin}/shop/api/v1`);
      expect(base.startsWith("http://127.0.0.1:")).toBe(true);
      const created = await fetch(`${base}/orders`, { method: "POST", body: JSON.stringify({ number: "7" }) });
      expect(created.status).toBe(201);
      expect(await (await fetch(`${base}/link`)).json()).toEqual({ next: `${base}/orders/1` });
      expect((await fetch(`${base}/cookies`)).headers.getSetCookie()).toEqual([
        "B1SESSION=abc; Path=/",
        "ROUTEID=.node1; Path=/",
      ]);
      expect((await fetch(`${server.origin}/nobody/x`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it("O6: a lost response over HTTP is a dropped connection while the write stays committed", async () => {
    const { fake, orders } = orderFake();
    const server = await startFakeServer([fake]);
    try {
      fake.faults.once({ kind: "lost-response" });
      await expect(fetch(`${server.baseUrlOf(fake)}/orders`, { method: "POST", body: "{}" })).rejects.toThrow(
        TypeError,
      );
      expect(orders.size).toBe(1);
    } finally {
      await server.close();
    }
  });

  it("refuses two fakes with the same name", async () => {
    const server = await startFakeServer([orderFake().fake]);
    try {
      expect(() => server.mount(orderFake().fake)).toThrow(/two fakes are named "shop"/);
    } finally {
      await server.close();
    }
  });
});

describe("fakeHandlers (msw)", () => {
  const { fake, orders } = orderFake();
  const server = setupServer(...fakeHandlers(fake));
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => fake.faults.clear());
  afterAll(() => server.close());

  it("answers through global fetch, and a lost response becomes a network error", async () => {
    const created = await fetch("https://shop.example.test/api/v1/orders", { method: "POST", body: "{}" });
    expect(created.status).toBe(201);
    fake.faults.once({ kind: "lost-response" });
    await expect(fetch("https://shop.example.test/api/v1/orders", { method: "POST", body: "{}" })).rejects.toThrow();
    expect(orders.size).toBe(2);
  });

  it("a LostResponseError names the request", () => {
    expect(new LostResponseError("POST", "/orders").message).toContain("POST /orders");
  });
});
