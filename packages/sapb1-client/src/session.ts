/**
 * The Service Layer session: `POST /Login` gives a `SessionId` (sent back as the `B1SESSION` cookie) and, behind a
 * load balancer, a `ROUTEID` cookie that pins the session to one node. Both cookies go on every request. The session
 * is a token for `@org/http`'s resilient fetch: `createTokenProvider` caches it, renews it before `SessionTimeout`
 * and logs in once however many requests wait; a 401 invalidates it and the request is sent once more.
 */
import {
  ApiCallError,
  apiCallErrorFromResponse,
  type Clock,
  createTokenProvider,
  httpOptions,
  type TokenProvider,
} from "@org/http";

/** `SessionTimeout` assumed when the login response has none: the Service Layer's default, 30 minutes. */
export const SAPB1_DEFAULT_SESSION_TIMEOUT_MINUTES = 30;
/** Default time before `SessionTimeout` at which the session is renewed by a new login. */
export const SAPB1_DEFAULT_RENEW_BEFORE_MS = 60_000;

/** How many earlier session values stay registered for redaction after renewals. */
const KEPT_SESSION_SECRETS = 8;

export interface SapB1SessionOptions {
  /** Service root, e.g. `https://b1.example.com:50000/b1s/v2`. */
  serviceRoot: string;
  companyDb: string;
  username: string;
  password: string;
  /** Sends login and logout: a resilient fetch without `auth` and without a rate governor. */
  fetch: typeof fetch;
  clock?: Clock;
  renewBeforeMs?: number;
  /** Literal secrets of the client's redaction settings: session ids and route ids are added as they are issued. */
  secretValues: string[];
}

/** A token provider whose token is the `Cookie` header value `B1SESSION=…; ROUTEID=…`. */
export interface SapB1Session extends TokenProvider {
  /** Logs out (`POST /Logout`) if there is a session; the next request logs in again. */
  logout(signal?: AbortSignal): Promise<void>;
}

function cookieValue(setCookies: readonly string[], name: string): string | undefined {
  for (const line of setCookies) {
    const [pair = ""] = line.split(";");
    const index = pair.indexOf("=");
    if (index > 0 && pair.slice(0, index).trim().toUpperCase() === name) return pair.slice(index + 1).trim();
  }
  return undefined;
}

function setCookieLines(headers: Headers): string[] {
  if (typeof headers.getSetCookie === "function") return headers.getSetCookie();
  const joined = headers.get("set-cookie");
  // Without getSetCookie the values arrive comma-joined; cookie dates ("Expires=Wed, 21 Oct") contain commas too.
  return joined ? joined.split(/,(?=\s*[A-Za-z0-9_-]+=)/) : [];
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function createSapB1Session(options: SapB1SessionOptions): SapB1Session {
  const { serviceRoot, secretValues } = options;
  let current: string | undefined;

  const remember = (...values: (string | undefined)[]) => {
    for (const value of values) if (value && !secretValues.includes(value)) secretValues.push(value);
    // The password stays first; only the newest session values are kept (older sessions are dead anyway).
    const excess = secretValues.length - 1 - KEPT_SESSION_SECRETS;
    if (excess > 0) secretValues.splice(1, excess);
  };

  const login = async (signal?: AbortSignal) => {
    const url = `${serviceRoot}/Login`;
    const response = await options.fetch(url, {
      method: "POST",
      // A second session is harmless, so a login whose answer was lost may be sent again.
      headers: { Accept: "application/json", "Content-Type": "application/json", ...httpOptions({ idempotent: true }) },
      body: JSON.stringify({ CompanyDB: options.companyDb, UserName: options.username, Password: options.password }),
      ...(signal ? { signal } : {}),
    });
    const body = await readJson(response);
    if (!response.ok) throw apiCallErrorFromResponse(response, body, { method: "POST", url });
    const record = (body ?? {}) as { SessionId?: unknown; SessionTimeout?: unknown };
    const setCookies = setCookieLines(response.headers);
    const sessionId = typeof record.SessionId === "string" ? record.SessionId : cookieValue(setCookies, "B1SESSION");
    const routeId = cookieValue(setCookies, "ROUTEID");
    remember(sessionId, routeId);
    if (!sessionId) {
      throw new ApiCallError(`POST ${url} answered ${response.status} without a SessionId`, {
        method: "POST",
        url,
        status: response.status,
        retryable: false,
        outcomeUnknown: false,
      });
    }
    const minutes =
      typeof record.SessionTimeout === "number" && record.SessionTimeout > 0
        ? record.SessionTimeout
        : SAPB1_DEFAULT_SESSION_TIMEOUT_MINUTES;
    const token = routeId ? `B1SESSION=${sessionId}; ROUTEID=${routeId}` : `B1SESSION=${sessionId}`;
    current = token;
    return { token, expiresInMs: minutes * 60_000 };
  };

  const provider = createTokenProvider({
    getToken: login,
    refreshBeforeMs: options.renewBeforeMs ?? SAPB1_DEFAULT_RENEW_BEFORE_MS,
    ...(options.clock ? { clock: options.clock } : {}),
    apply: (headers, token) => headers.set("cookie", token),
  });

  return {
    getToken: (signal) => provider.getToken(signal),
    invalidate(token) {
      provider.invalidate(token);
      if (current === token) current = undefined;
    },
    apply: provider.apply,
    async logout(signal) {
      const token = current;
      if (token === undefined) return;
      current = undefined;
      provider.invalidate(token);
      const url = `${serviceRoot}/Logout`;
      const response = await options.fetch(url, {
        method: "POST",
        headers: { Accept: "application/json", Cookie: token, ...httpOptions({ idempotent: true }) },
        ...(signal ? { signal } : {}),
      });
      const body = await readJson(response);
      // 401: the session had already timed out, which is what logging out wants.
      if (!response.ok && response.status !== 401)
        throw apiCallErrorFromResponse(response, body, { method: "POST", url });
    },
  };
}
