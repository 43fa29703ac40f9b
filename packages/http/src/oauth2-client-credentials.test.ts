import { HttpResponse, http } from "msw";
import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { useMswServer } from "../test/msw.js";
import { ApiCallError } from "./api-call-error.js";
import { createOAuth2ClientCredentials } from "./oauth2-client-credentials.js";
import { createResilientFetch } from "./resilient-fetch.js";
import { VirtualClock } from "./virtual-clock.js";

const server = useMswServer();
const TOKEN_URL = "https://login.example.com/tenant-1/oauth2/v2.0/token";
const SECRET = "s3cr3t-client-value";

function tokenEndpoint(reply?: (form: URLSearchParams, request: Request) => Response | Promise<Response>) {
  const state = { calls: 0, forms: [] as URLSearchParams[], authorization: [] as (string | null)[] };
  server.use(
    http.post(TOKEN_URL, async ({ request }) => {
      state.calls++;
      const form = new URLSearchParams(await request.text());
      state.forms.push(form);
      state.authorization.push(request.headers.get("authorization"));
      if (reply) return reply(form, request);
      return HttpResponse.json({ access_token: `access-${state.calls}`, token_type: "Bearer", expires_in: 3600 });
    }),
  );
  return state;
}

describe("createOAuth2ClientCredentials", () => {
  it("requests a token with client_secret_post and the scope (Business Central)", async () => {
    const endpoint = tokenEndpoint();
    const provider = createOAuth2ClientCredentials({
      tokenUrl: TOKEN_URL,
      clientId: "client-1",
      clientSecret: SECRET,
      scope: "https://api.businesscentral.dynamics.com/.default",
    });
    expect(await provider.getToken()).toBe("access-1");
    expect(await provider.getToken()).toBe("access-1");
    expect(endpoint.calls).toBe(1);
    const form = endpoint.forms[0];
    expect(form?.get("grant_type")).toBe("client_credentials");
    expect(form?.get("client_id")).toBe("client-1");
    expect(form?.get("client_secret")).toBe(SECRET);
    expect(form?.get("scope")).toBe("https://api.businesscentral.dynamics.com/.default");
  });

  it("supports client_secret_basic, scope lists and extra parameters", async () => {
    const endpoint = tokenEndpoint();
    const provider = createOAuth2ClientCredentials({
      tokenUrl: TOKEN_URL,
      clientId: "client-1",
      clientSecret: SECRET,
      clientAuthentication: "client_secret_basic",
      scope: ["a", "b"],
      extraParams: { resource: "https://api.example.com" },
    });
    await provider.getToken();
    expect(endpoint.authorization[0]).toMatch(/^Basic /);
    expect(endpoint.forms[0]?.get("client_secret")).toBeNull();
    expect(endpoint.forms[0]?.get("scope")).toBe("a b");
    expect(endpoint.forms[0]?.get("resource")).toBe("https://api.example.com");
  });

  it("20 concurrent calls on an expired token cause exactly one token request", async () => {
    const endpoint = tokenEndpoint();
    const clock = new VirtualClock();
    const auth = createOAuth2ClientCredentials({ tokenUrl: TOKEN_URL, clientId: "c", clientSecret: SECRET, clock });
    expect(await auth.getToken()).toBe("access-1");
    clock.time += 3_600_000 + 1; // the cached token has expired

    const seen: (string | null)[] = [];
    server.use(
      http.get("https://erp.example.com/api/items", ({ request }) => {
        seen.push(request.headers.get("authorization"));
        return HttpResponse.json({ value: [] });
      }),
    );
    const client = createClient<{
      "/items": {
        get: { responses: { 200: { headers: Record<string, unknown>; content: { "application/json": unknown } } } };
      };
    }>({ baseUrl: "https://erp.example.com/api", fetch: createResilientFetch({ auth, clock }) });
    await Promise.all(Array.from({ length: 20 }, () => client.GET("/items")));
    expect(endpoint.calls).toBe(2); // the first token, then exactly one refresh for all 20 calls
    expect(new Set(seen)).toEqual(new Set(["Bearer access-2"]));
  });

  it("reports an OAuth error with its code but never the client secret", async () => {
    tokenEndpoint(() =>
      HttpResponse.json(
        { error: "invalid_client", error_description: `AADSTS7000215: Invalid client secret provided: ${SECRET}` },
        { status: 401 },
      ),
    );
    const provider = createOAuth2ClientCredentials({ tokenUrl: TOKEN_URL, clientId: "c", clientSecret: SECRET });
    const error = await provider.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error).toMatchObject({ status: 401, vendorCode: "invalid_client", retryable: false, method: "POST" });
    expect((error as Error).message).toContain("invalid_client");
    expect((error as Error).message).not.toContain(SECRET);
    expect(JSON.stringify(error)).not.toContain(SECRET);
  });

  it("reports a non-OAuth failure page as a retryable ApiCallError", async () => {
    tokenEndpoint(() => new HttpResponse("<html>Bad gateway</html>", { status: 502 }));
    const provider = createOAuth2ClientCredentials({ tokenUrl: TOKEN_URL, clientId: "c", clientSecret: SECRET });
    await expect(provider.getToken()).rejects.toMatchObject({ status: 502, retryable: true });
  });

  it("reports network failures and timeouts of the token request", async () => {
    tokenEndpoint(() => HttpResponse.error());
    const provider = createOAuth2ClientCredentials({ tokenUrl: TOKEN_URL, clientId: "c", clientSecret: SECRET });
    await expect(provider.getToken()).rejects.toMatchObject({ reason: "network", retryable: true });

    const clock = new VirtualClock();
    let started: () => void = () => {};
    const isStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const hanging = createOAuth2ClientCredentials({
      tokenUrl: TOKEN_URL,
      clientId: "c",
      clientSecret: SECRET,
      clock,
      timeoutMs: 1000,
      fetch: () => {
        started();
        return new Promise<Response>(() => {});
      },
    });
    const pending = hanging.getToken().catch((e: unknown) => e);
    await isStarted;
    clock.fireTimers();
    expect(await pending).toMatchObject({ reason: "timeout", retryable: true });
  });

  it("refuses plain http unless allowed (local fakes only)", async () => {
    const local = "http://127.0.0.1:8080/oauth2-token";
    server.use(
      http.post(local, () => HttpResponse.json({ access_token: "local", token_type: "bearer", expires_in: 60 })),
    );
    const strict = createOAuth2ClientCredentials({ tokenUrl: local, clientId: "c", clientSecret: SECRET });
    await expect(strict.getToken()).rejects.toBeInstanceOf(ApiCallError);
    const relaxed = createOAuth2ClientCredentials({
      tokenUrl: local,
      clientId: "c",
      clientSecret: SECRET,
      allowInsecureHttp: true,
      refreshBeforeMs: 5000,
    });
    expect(await relaxed.getToken()).toBe("local");
  });
});
