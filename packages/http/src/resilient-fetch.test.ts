import { HttpResponse, http } from "msw";
import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { useMswServer } from "../test/msw.js";
import { ApiCallError } from "./api-call-error.js";
import type { HttpHooks } from "./hooks.js";
import { createRateGovernor } from "./rate-governor.js";
import { CONTROL_HEADERS, createResilientFetch, httpOptions, type ResilientFetchOptions } from "./resilient-fetch.js";
import { delayFromHeader } from "./retry-after.js";
import { callbackTokenProvider } from "./token-provider.js";
import { unwrap } from "./unwrap.js";
import { VirtualClock } from "./virtual-clock.js";

const server = useMswServer();
const BASE = "https://erp.example.com/api";

interface SalesOrder {
  id?: string;
  externalDocumentNumber: string;
}
interface paths {
  "/salesOrders": {
    get: {
      responses: {
        200: { headers: Record<string, unknown>; content: { "application/json": { value: SalesOrder[] } } };
      };
    };
    post: {
      requestBody: { content: { "application/json": SalesOrder } };
      responses: { 201: { headers: Record<string, unknown>; content: { "application/json": SalesOrder } } };
    };
  };
}

/** A resilient fetch on a virtual clock with jitter switched off (random = 0), so delays are exact. */
function setup(options: ResilientFetchOptions = {}) {
  const clock = new VirtualClock();
  const fetch = createResilientFetch({ clock, random: () => 0, ...options });
  const client = createClient<paths>({ baseUrl: BASE, fetch });
  return { clock, fetch, client };
}

/** Replies with each status in turn (the last one repeats), counting requests. */
function statusSequence(method: "get" | "post" | "patch", statuses: number[], headers: Record<string, string>[] = []) {
  const calls = { count: 0, bodies: [] as string[] };
  server.use(
    http[method](`${BASE}/salesOrders`, async ({ request }) => {
      const index = Math.min(calls.count, statuses.length - 1);
      calls.count++;
      calls.bodies.push(await request.text());
      const status = statuses[index] ?? 200;
      const init = { status, headers: headers[index] ?? {} };
      if (status === 204) return new HttpResponse(null, init);
      return status < 400
        ? HttpResponse.json({ value: [{ id: "1", externalDocumentNumber: "WEB-1" }] }, init)
        : HttpResponse.json({ error: { code: `E${status}`, message: `failure ${status}` } }, init);
    }),
  );
  return calls;
}

describe("retries", () => {
  it("retries a GET on 503 with exponential backoff and returns the success", async () => {
    const calls = statusSequence("get", [503, 503, 200]);
    const { client, clock } = setup();
    const { data, response } = await client.GET("/salesOrders");
    expect(response.status).toBe(200);
    expect(data?.value).toHaveLength(1);
    expect(calls.count).toBe(3);
    expect(clock.sleeps).toEqual([500, 1000]);
  });

  it("caps the backoff at maxDelayMs and applies jitter from the random source", async () => {
    statusSequence("get", [500, 500, 500, 500, 200]);
    const clock = new VirtualClock();
    const fetch = createResilientFetch({
      clock,
      random: () => 0.5,
      retry: { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 3000, jitter: 0.5 },
    });
    const response = await fetch(`${BASE}/salesOrders`);
    expect(response.status).toBe(200);
    // 1000, 2000, 4000→3000, 8000→3000, each minus 25 % (jitter 0.5 × random 0.5).
    expect(clock.sleeps).toEqual([750, 1500, 2250, 2250]);
  });

  it("honours Retry-After in seconds", async () => {
    statusSequence("get", [429, 200], [{ "Retry-After": "3" }]);
    const { client, clock } = setup();
    await client.GET("/salesOrders");
    expect(clock.sleeps).toEqual([3000]);
  });

  it("honours Retry-After as an HTTP date", async () => {
    const clock = new VirtualClock();
    statusSequence("get", [503, 200], [{ "Retry-After": new Date(clock.now() + 7000).toUTCString() }]);
    const fetch = createResilientFetch({ clock, random: () => 0 });
    await fetch(`${BASE}/salesOrders`);
    expect(clock.sleeps).toEqual([7000]);
  });

  it("prefers retry-after-ms over Retry-After", async () => {
    statusSequence("get", [503, 200], [{ "retry-after-ms": "250", "Retry-After": "9" }]);
    const { client, clock } = setup();
    await client.GET("/salesOrders");
    expect(clock.sleeps).toEqual([250]);
  });

  it("X2: a 429 with no headers at all still backs off, growing each time", async () => {
    const calls = statusSequence("get", [429, 429, 429, 200]);
    const { client, clock } = setup();
    const { response } = await client.GET("/salesOrders");
    expect(response.status).toBe(200);
    expect(calls.count).toBe(4);
    expect(clock.sleeps).toEqual([500, 1000, 2000]);
    expect(clock.sleeps.every((ms) => ms > 0)).toBe(true);
  });

  it("X2: reads the BigCommerce reset header through the vendor hook (case-insensitive)", async () => {
    statusSequence("get", [429, 200], [{ "X-Rate-Limit-Time-Reset-Ms": "1500" }]);
    const { client, clock } = setup({ resetHeaderHook: delayFromHeader("X-Rate-Limit-Time-Reset-Ms") });
    await client.GET("/salesOrders");
    expect(clock.sleeps).toEqual([1500]);
  });

  it("returns the 429 instead of sleeping when the server asks for longer than maxRetryAfterMs", async () => {
    const calls = statusSequence("get", [429], [{ "Retry-After": "600" }]);
    const { client, clock } = setup();
    const result = await client.GET("/salesOrders");
    expect(result.response.status).toBe(429);
    expect(calls.count).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it("returns the last response when attempts are used up; unwrap turns it into ApiCallError", async () => {
    const calls = statusSequence("get", [503], [{ "x-request-id": "req-42" }]);
    const { client } = setup();
    const result = await client.GET("/salesOrders");
    expect(calls.count).toBe(4);
    expect(result.response.status).toBe(503);
    const error = (() => {
      try {
        unwrap(result);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error).toMatchObject({
      method: "GET",
      url: `${BASE}/salesOrders`,
      status: 503,
      vendorCode: "E503",
      vendorMessage: "failure 503",
      requestId: "req-42",
      retryable: true,
      outcomeUnknown: false,
      attempts: 4,
    });
    expect((error as Error).message).toBe(
      `GET ${BASE}/salesOrders failed with 503 Service Unavailable: E503 failure 503 (after 4 attempts)`,
    );
  });

  it("does not retry statuses outside retryOn (400, 404, 501)", async () => {
    for (const status of [400, 404, 501]) {
      const calls = statusSequence("get", [status, 200]);
      const { client } = setup();
      const { response } = await client.GET("/salesOrders");
      expect(response.status).toBe(status);
      expect(calls.count).toBe(1);
    }
  });

  it("accepts retryOn as a list, and a per-request maxAttempts", async () => {
    const calls = statusSequence("get", [409, 409, 200]);
    const { fetch } = setup({ retry: { retryOn: [409] } });
    expect((await fetch(`${BASE}/salesOrders`)).status).toBe(200);
    expect(calls.count).toBe(3);
    const single = statusSequence("get", [409, 200]);
    const response = await fetch(`${BASE}/salesOrders`, { headers: httpOptions({ maxAttempts: 1 }) });
    expect(response.status).toBe(409);
    expect(single.count).toBe(1);
  });

  it("rejects invalid settings with an explanation", () => {
    expect(() => createResilientFetch({ retry: { maxAttempts: 0 } })).toThrow(/maxAttempts must be an integer ≥ 1/);
    expect(() => createResilientFetch({ retry: { jitter: 2 } })).toThrow(/jitter must be between 0 and 1/);
  });

  it("rejects a malformed control header", async () => {
    const { fetch } = setup();
    await expect(fetch(`${BASE}/salesOrders`, { headers: { [CONTROL_HEADERS.timeoutMs]: "soon" } })).rejects.toThrow(
      /x-org-http-timeout-ms must be a non-negative number/,
    );
  });
});

describe("non-idempotent requests (O6)", () => {
  it("O6: POST that gets 503 is not re-sent and reports outcome unknown", async () => {
    const calls = statusSequence("post", [503, 201]);
    const { client } = setup();
    const error = await client
      .POST("/salesOrders", { body: { externalDocumentNumber: "WEB-1001" } })
      .catch((e: unknown) => e);
    expect(calls.count).toBe(1);
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error).toMatchObject({
      method: "POST",
      status: 503,
      vendorCode: "E503",
      outcomeUnknown: true,
      retryable: true,
      reason: "status",
    });
    expect((error as Error).message).toMatch(/outcome unknown.*natural key.*O6/);
  });

  it("O6: POST that gets 500 or 408 is not re-sent either", async () => {
    for (const status of [500, 408]) {
      const calls = statusSequence("post", [status, 201]);
      const { client } = setup();
      await expect(client.POST("/salesOrders", { body: { externalDocumentNumber: "W" } })).rejects.toMatchObject({
        outcomeUnknown: true,
        status,
      });
      expect(calls.count).toBe(1);
    }
  });

  it("X2: a POST rejected with 429 was not processed, so it is re-sent, and its body survives the retry", async () => {
    const calls = statusSequence("post", [429, 201], [{ "Retry-After": "1" }]);
    const { client, clock } = setup();
    const { data, response } = await client.POST("/salesOrders", { body: { externalDocumentNumber: "WEB-1002" } });
    expect(response.status).toBe(201);
    expect(data).toBeDefined();
    expect(calls.count).toBe(2);
    expect(calls.bodies).toEqual([
      JSON.stringify({ externalDocumentNumber: "WEB-1002" }),
      JSON.stringify({ externalDocumentNumber: "WEB-1002" }),
    ]);
    expect(clock.sleeps).toEqual([1000]);
  });

  it("a POST whose connection was refused is re-sent (it never reached the server)", async () => {
    let attempts = 0;
    const refusingOnce: typeof fetch = async (input, init) => {
      attempts++;
      if (attempts === 1) {
        throw new TypeError("fetch failed", {
          cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
        });
      }
      const request = new Request(input, init);
      return Response.json({ received: await request.json() }, { status: 201 });
    };
    const { fetch } = setup({ fetch: refusingOnce });
    const response = await fetch(`${BASE}/salesOrders`, { method: "POST", body: JSON.stringify({ n: 1 }) });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ received: { n: 1 } });
    expect(attempts).toBe(2);
  });

  it("O6: a POST whose connection was reset is not re-sent and reports outcome unknown", async () => {
    let attempts = 0;
    const resetting: typeof fetch = async () => {
      attempts++;
      throw new TypeError("fetch failed", { cause: { code: "ECONNRESET" } });
    };
    const { fetch } = setup({ fetch: resetting });
    const error = await fetch(`${BASE}/salesOrders`, { method: "POST", body: "{}" }).catch((e: unknown) => e);
    expect(attempts).toBe(1);
    expect(error).toMatchObject({ reason: "network", outcomeUnknown: true, retryable: true, status: undefined });
    expect((error as Error).message).toContain("ECONNRESET");
  });

  it("retries PATCH with If-Match (ETag-conditional) but not PATCH without it", async () => {
    const guarded = statusSequence("patch", [503, 200]);
    const { fetch } = setup();
    const ok = await fetch(`${BASE}/salesOrders`, { method: "PATCH", headers: { "If-Match": 'W/"1"' }, body: "{}" });
    expect(ok.status).toBe(200);
    expect(guarded.count).toBe(2);

    const blind = statusSequence("patch", [503, 200]);
    await expect(fetch(`${BASE}/salesOrders`, { method: "PATCH", body: "{}" })).rejects.toMatchObject({
      outcomeUnknown: true,
    });
    expect(blind.count).toBe(1);
  });

  it("a caller can vouch that a POST is idempotent; control headers never reach the server", async () => {
    const seen: (string | null)[] = [];
    let count = 0;
    server.use(
      http.post(`${BASE}/salesOrders`, ({ request }) => {
        seen.push(request.headers.get(CONTROL_HEADERS.idempotent));
        count++;
        return count === 1 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json({}, { status: 201 });
      }),
    );
    const { client } = setup();
    const { response } = await client.POST("/salesOrders", {
      body: { externalDocumentNumber: "WEB-1" },
      headers: httpOptions({ idempotent: true }),
    });
    expect(response.status).toBe(201);
    expect(seen).toEqual([null, null]);
  });
});

describe("network errors", () => {
  it("retries a GET after a network error and gives up with a retryable ApiCallError", async () => {
    let count = 0;
    server.use(
      http.get(`${BASE}/salesOrders`, () => {
        count++;
        return HttpResponse.error();
      }),
    );
    const { client, clock } = setup();
    const error = await client.GET("/salesOrders").catch((e: unknown) => e);
    expect(count).toBe(4);
    expect(clock.sleeps).toEqual([500, 1000, 2000]);
    expect(error).toMatchObject({ reason: "network", retryable: true, outcomeUnknown: false, attempts: 4 });
    expect((error as Error).message).toMatch(
      /^GET https:\/\/erp\.example\.com\/api\/salesOrders failed without a response/,
    );
  });

  it("forwards non-standard init options (e.g. undici's dispatcher for a custom CA) to the underlying fetch", async () => {
    let received: unknown;
    const inner: typeof fetch = async (_input, init) => {
      received = (init as { dispatcher?: unknown } | undefined)?.dispatcher;
      return new Response("ok");
    };
    const { fetch } = setup({ fetch: inner });
    const dispatcher = { name: "custom-ca-agent" };
    await fetch(`${BASE}/salesOrders`, { dispatcher } as unknown as RequestInit);
    expect(received).toBe(dispatcher);
  });
});

function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("timeouts and aborts", () => {
  /** A handler that never answers; resolves `started` each time it is called. */
  function hangingHandler() {
    const state = { count: 0, started: deferred() };
    server.use(
      http.all(`${BASE}/salesOrders`, () => {
        state.count++;
        state.started.resolve();
        return new Promise<never>(() => {});
      }),
    );
    return state;
  }

  async function untilStarted(state: { started: ReturnType<typeof deferred> }) {
    await state.started.promise;
    state.started = deferred();
  }

  it("times out an attempt and reports a timeout after the allowed attempts", async () => {
    const state = hangingHandler();
    const { fetch, clock } = setup({ timeoutMs: 5000, retry: { maxAttempts: 2 } });
    const pending = fetch(`${BASE}/salesOrders`).catch((e: unknown) => e);
    await untilStarted(state);
    clock.fireTimers();
    await untilStarted(state);
    clock.fireTimers();
    const error = await pending;
    expect(state.count).toBe(2);
    expect(error).toMatchObject({ reason: "timeout", retryable: true, outcomeUnknown: false, attempts: 2 });
    expect((error as Error).message).toBe(`GET ${BASE}/salesOrders timed out after 5000 ms after 2 attempts`);
  });

  it("O6: a POST that times out is not re-sent and reports outcome unknown", async () => {
    const state = hangingHandler();
    const { fetch, clock } = setup({ timeoutMs: 5000 });
    const pending = fetch(`${BASE}/salesOrders`, { method: "POST", body: "{}" }).catch((e: unknown) => e);
    await untilStarted(state);
    clock.fireTimers();
    expect(await pending).toMatchObject({ reason: "timeout", outcomeUnknown: true });
    expect(state.count).toBe(1);
  });

  it("takes a per-request timeout from httpOptions, and 0 turns the timeout off", async () => {
    hangingHandler();
    const { fetch, clock } = setup({ timeoutMs: 60_000, retry: { maxAttempts: 1 } });
    const pending = fetch(`${BASE}/salesOrders`, { headers: httpOptions({ timeoutMs: 250 }) }).catch((e: unknown) => e);
    await new Promise((resolve) => setImmediate(resolve));
    expect(clock.pendingTimers).toBe(1);
    const before = clock.now();
    clock.fireTimers();
    expect(clock.now() - before).toBe(250);
    expect(await pending).toMatchObject({ reason: "timeout" });

    const untimed = setup({ retry: { maxAttempts: 1 } });
    const controller = new AbortController();
    const hanging = untimed.fetch(`${BASE}/salesOrders`, {
      headers: httpOptions({ timeoutMs: 0 }),
      signal: controller.signal,
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(untimed.clock.pendingTimers).toBe(0);
    controller.abort(new Error("done"));
    await expect(hanging).rejects.toThrow("done");
  });

  it("a caller's abort is respected and not retried", async () => {
    const state = hangingHandler();
    const { fetch } = setup();
    const controller = new AbortController();
    const pending = fetch(`${BASE}/salesOrders`, { signal: controller.signal });
    await untilStarted(state);
    const reason = new DOMException("user cancelled", "AbortError");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(state.count).toBe(1);
  });

  it("a caller's abort during backoff stops the retries", async () => {
    const calls = statusSequence("get", [503]);
    const clock = new VirtualClock();
    const controller = new AbortController();
    const fetch = createResilientFetch({
      clock,
      hooks: { onRetry: () => controller.abort(new Error("shutting down")) },
    });
    await expect(fetch(`${BASE}/salesOrders`, { signal: controller.signal })).rejects.toThrow("shutting down");
    expect(calls.count).toBe(1);
  });

  it("an already-aborted signal sends nothing", async () => {
    const calls = statusSequence("get", [200]);
    const { fetch } = setup();
    await expect(fetch(`${BASE}/salesOrders`, { signal: AbortSignal.abort(new Error("early")) })).rejects.toThrow(
      "early",
    );
    expect(calls.count).toBe(0);
  });
});

describe("rate governor in the stack", () => {
  it("X2: 50 concurrent calls through a governor of 5 never exceed 5 in flight", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    server.use(
      http.get(`${BASE}/salesOrders`, async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        // Yield a few turns of the event loop so that other requests get the chance to overlap.
        for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return HttpResponse.json({ value: [] });
      }),
    );
    const governor = createRateGovernor({ maxConcurrent: 5 });
    const { client } = setup({ governor });
    const results = await Promise.all(Array.from({ length: 50 }, () => client.GET("/salesOrders")));
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(maxInFlight).toBe(5);
    expect(governor.snapshot()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it("reports time spent waiting for the budget as a throttle event", async () => {
    statusSequence("get", [200]);
    const clock = new VirtualClock();
    const governor = createRateGovernor({ requestsPerWindow: 1, windowMs: 1000, clock });
    const throttles: number[] = [];
    const fetch = createResilientFetch({ clock, governor, hooks: { onThrottle: (e) => throttles.push(e.delayMs) } });
    await Promise.all([fetch(`${BASE}/salesOrders`), fetch(`${BASE}/salesOrders`)]);
    expect(throttles).toEqual([1000]);
  });

  it("lets the governor see a 429 so that other requests pause too", async () => {
    statusSequence("get", [429, 200], [{ "Retry-After": "2" }]);
    const clock = new VirtualClock();
    const governor = createRateGovernor({ clock });
    const fetch = createResilientFetch({ clock, governor, random: () => 0 });
    await fetch(`${BASE}/salesOrders`);
    expect(governor.snapshot().pausedUntil).toBeGreaterThan(0);
  });
});

describe("auth", () => {
  it("sends the token, and on 401 replaces it once and retries", async () => {
    const tokens = ["expired-token", "fresh-token"];
    let issued = 0;
    const invalidated: string[] = [];
    const auth = {
      getToken: async () => tokens[Math.min(issued, 1)] ?? "",
      invalidate: (token: string) => {
        invalidated.push(token);
        issued++;
      },
    };
    const seen: (string | null)[] = [];
    server.use(
      http.post(`${BASE}/salesOrders`, ({ request }) => {
        const header = request.headers.get("authorization");
        seen.push(header);
        return header === "Bearer fresh-token"
          ? HttpResponse.json({ id: "1" }, { status: 201 })
          : HttpResponse.json({}, { status: 401 });
      }),
    );
    const { client } = setup({ auth });
    const { response } = await client.POST("/salesOrders", { body: { externalDocumentNumber: "WEB-9" } });
    expect(response.status).toBe(201);
    expect(seen).toEqual(["Bearer expired-token", "Bearer fresh-token"]);
    expect(invalidated).toEqual(["expired-token"]);
  });

  it("returns the second 401 instead of looping", async () => {
    const calls = statusSequence("get", [401]);
    const { client } = setup({ auth: callbackTokenProvider(() => "always-wrong") });
    const { response } = await client.GET("/salesOrders");
    expect(response.status).toBe(401);
    expect(calls.count).toBe(2);
  });

  it("uses the provider's own way of applying the token (e.g. a session cookie)", async () => {
    let cookie: string | null = null;
    server.use(
      http.get(`${BASE}/salesOrders`, ({ request }) => {
        cookie = request.headers.get("cookie");
        return HttpResponse.json({ value: [] });
      }),
    );
    const auth = callbackTokenProvider(
      () => "session-1",
      (headers, token) => headers.set("cookie", `B1SESSION=${token}; ROUTEID=.node1`),
    );
    const { client } = setup({ auth });
    await client.GET("/salesOrders");
    expect(cookie).toBe("B1SESSION=session-1; ROUTEID=.node1");
  });

  it("lets a token source's own error through unchanged, without sending the request", async () => {
    const calls = statusSequence("get", [200]);
    const failure = new Error("vault unreachable");
    const { fetch } = setup({
      auth: callbackTokenProvider(() => {
        throw failure;
      }),
    });
    await expect(fetch(`${BASE}/salesOrders`)).rejects.toBe(failure);
    expect(calls.count).toBe(0);
  });
});

describe("responses and hooks", () => {
  it("gives hand-made responses the request URL and lets unwrap name the request", async () => {
    const inProcess: typeof fetch = async () => Response.json({ error: { code: "Gone" } }, { status: 410 });
    const { fetch } = setup({ fetch: inProcess });
    const client = createClient<paths>({ baseUrl: BASE, fetch });
    const result = await client.GET("/salesOrders");
    expect(result.response.url).toBe(`${BASE}/salesOrders`);
    expect(() => unwrap(result)).toThrow(`GET ${BASE}/salesOrders failed with 410: Gone`);
  });

  it("emits request, response, retry and throttle events, and survives a hook that throws", async () => {
    statusSequence("get", [429, 200], [{ "x-request-id": "r-1" }, { "x-request-id": "r-2" }]);
    const events: string[] = [];
    const hooks: HttpHooks = {
      onRequest: (e) => {
        events.push(`request ${e.attempt}`);
        throw new Error("broken logger");
      },
      onResponse: (e) => events.push(`response ${e.status} ${e.requestId}`),
      onRetry: (e) => events.push(`retry ${e.reason} ${e.delayMs}`),
      onThrottle: (e) => events.push(`throttle ${e.reason} ${e.delayMs}`),
    };
    const { client } = setup({ hooks });
    await client.GET("/salesOrders");
    expect(events).toEqual([
      "request 1",
      "response 429 r-1",
      "throttle rate-limited 500",
      "retry status 429 500",
      "request 2",
      "response 200 r-2",
    ]);
  });
});
