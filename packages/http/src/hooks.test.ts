import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { useMswServer } from "../test/msw.js";
import { combineHooks, createLoggingHooks, type HttpHooks } from "./hooks.js";
import { createOAuth2ClientCredentials } from "./oauth2-client-credentials.js";
import { createResilientFetch } from "./resilient-fetch.js";
import { toApiCallError } from "./unwrap.js";
import { VirtualClock } from "./virtual-clock.js";

const server = useMswServer();

describe("createLoggingHooks and combineHooks", () => {
  it("writes one line per event at a sensible level and fans out to every hook set", () => {
    const lines: string[] = [];
    const metrics: string[] = [];
    const hooks = combineHooks(
      createLoggingHooks((level, message) => lines.push(`${level} ${message}`)),
      undefined,
      { onResponse: (e) => metrics.push(`status ${e.status}`) },
    );
    const base = { callId: 1, method: "GET", url: "https://x.example.com/a", attempt: 1 };
    hooks.onRequest?.({ ...base, headers: {} });
    hooks.onResponse?.({ ...base, status: 503, durationMs: 12 });
    hooks.onRetry?.({ ...base, reason: "status 503", delayMs: 500 });
    hooks.onThrottle?.({ ...base, reason: "budget", delayMs: 20 });
    hooks.onThrottle?.({ ...base, reason: "rate-limited", delayMs: 1000 });
    hooks.onError?.({ ...base, message: "boom", retryable: true, outcomeUnknown: false });
    expect(lines).toEqual([
      "debug → GET https://x.example.com/a (attempt 1)",
      "debug ← 503 GET https://x.example.com/a in 12 ms",
      "info retrying GET https://x.example.com/a in 500 ms after status 503 (attempt 1)",
      "info GET https://x.example.com/a waited 20 ms for the rate budget",
      "info GET https://x.example.com/a was rate limited; waiting 1000 ms",
      "warn boom",
    ]);
    expect(metrics).toEqual(["status 503"]);
  });
});

describe("no secret appears in any error message or log line", () => {
  const CLIENT_SECRET = "cs-7f3a9e1b-client-secret";
  const ACCESS_TOKEN = "at-eyJhbGciOiJSUzI1NiJ9.payload.sig";
  const URL_TOKEN = "ut-0a1b2c3d4e5f";
  const B1_SESSION = "b1s-1c2d3e4f-5a6b-7c8d";
  const B1_PASSWORD = "b1pw-Manager!2026";
  const SECRETS = [CLIENT_SECRET, ACCESS_TOKEN, URL_TOKEN, B1_SESSION, B1_PASSWORD];

  it("X1: scans every captured log line, hook event and error for the secret strings", async () => {
    const captured: string[] = [];
    const record = (value: unknown) => captured.push(typeof value === "string" ? value : JSON.stringify(value));
    const hooks: HttpHooks = combineHooks(
      createLoggingHooks((level, message, fields) => record(`${level} ${message} ${JSON.stringify(fields)}`)),
    );
    const captureError = (error: unknown) => {
      expect(error).toBeInstanceOf(Error);
      const e = error as Error & { body?: unknown; vendorMessage?: string; url?: string };
      record(e.message);
      record(String(e));
      record({ url: e.url, vendorMessage: e.vendorMessage, body: e.body });
      record(JSON.stringify(e));
    };

    server.use(
      http.post("https://login.example.com/token", () =>
        HttpResponse.json({ access_token: ACCESS_TOKEN, token_type: "Bearer", expires_in: 3600 }),
      ),
      http.get("https://erp.example.com/api/items", () =>
        HttpResponse.json(
          { error: { code: "Unavailable", message: `retry later (token=${URL_TOKEN})` } },
          { status: 503 },
        ),
      ),
      http.post("https://erp.example.com/b1s/v2/Orders", () =>
        HttpResponse.json(
          {
            error: {
              code: "-1",
              message: `Login failed for B1SESSION=${B1_SESSION}; password ${B1_PASSWORD} rejected`,
            },
            echo: { Password: B1_PASSWORD, access_token: ACCESS_TOKEN },
          },
          { status: 500 },
        ),
      ),
      http.get("https://erp.example.com/api/down", () => HttpResponse.error()),
    );

    const clock = new VirtualClock();
    const auth = createOAuth2ClientCredentials({
      tokenUrl: "https://login.example.com/token",
      clientId: "client",
      clientSecret: CLIENT_SECRET,
      clock,
    });
    const fetch = createResilientFetch({
      auth,
      clock,
      hooks,
      retry: { maxAttempts: 2 },
      // What a B1 client registers: the password it logs in with, so even free-text echoes are scrubbed.
      redact: { secretValues: [B1_PASSWORD] },
    });

    // 1. A GET with a token in its query string, failing until retries are used up; then unwrap's error.
    const result = await fetch(`https://erp.example.com/api/items?access_token=${URL_TOKEN}&$top=5`);
    captureError(toApiCallError({ error: await result.json(), response: result }));

    // 2. A login-like POST with a password in the body and a session cookie, answered by a 500 that echoes them.
    await fetch("https://erp.example.com/b1s/v2/Orders", {
      method: "POST",
      headers: { Cookie: `B1SESSION=${B1_SESSION}; ROUTEID=.node1`, "content-type": "application/json" },
      body: JSON.stringify({ CompanyDB: "SBO", UserName: "manager", Password: B1_PASSWORD }),
    }).then(() => expect.unreachable("a POST 500 must throw"), captureError);

    // 3. A network failure on a URL that carries a signature.
    await fetch(`https://erp.example.com/api/down?sig=${URL_TOKEN}`).then(
      () => expect.unreachable("a network failure must throw"),
      captureError,
    );

    // 4. The token endpoint rejecting the client and echoing the secret back.
    server.use(
      http.post("https://login.example.com/token", () =>
        HttpResponse.json(
          { error: "invalid_client", error_description: `bad secret ${CLIENT_SECRET}` },
          { status: 401 },
        ),
      ),
    );
    auth.invalidate(ACCESS_TOKEN);
    await fetch("https://erp.example.com/api/items").then(() => expect.unreachable("must throw"), captureError);

    expect(captured.length).toBeGreaterThan(10);
    expect(captured.some((line) => line.includes("[REDACTED]"))).toBe(true);
    for (const line of captured) {
      for (const secret of SECRETS) expect(line, `leaked ${secret}`).not.toContain(secret);
    }
  });
});
