/**
 * Token providers put credentials on requests. The resilient fetch asks for a token before each attempt and, on a
 * 401, invalidates the token it sent and tries once more with a fresh one. {@link createTokenProvider} adds what
 * every token source needs: caching, refresh before expiry, and one refresh at a time however many requests wait.
 */
import { raceAbort } from "./abort.js";
import { type Clock, systemClock } from "./clock.js";

/** Supplies the credential for requests. */
export interface TokenProvider {
  /** A valid token, from cache when possible. */
  getToken(signal?: AbortSignal): Promise<string>;
  /**
   * Drops `token` from the cache if it is still the cached one (called after a 401 with the token that was
   * rejected), so that many concurrent 401s cause a single refresh.
   */
  invalidate(token: string): void;
  /** Puts the token on a request's headers. Default when absent: `Authorization: Bearer <token>`. */
  apply?(headers: Headers, token: string): void;
}

/** A token as issued, with its lifetime when known. */
export interface IssuedToken {
  /** The credential itself (an access token, a session id). */
  token: string;
  /** Lifetime from now, e.g. OAuth2 `expires_in` × 1000. */
  expiresInMs?: number;
}

/** Options for {@link createTokenProvider}. */
export interface TokenProviderOptions {
  /**
   * Fetches a new token: return a string, or `{ token, expiresInMs }`. Called at most once at a time. The signal
   * aborts when the provider gives up on it (never because one caller went away). Required.
   */
  getToken: (signal?: AbortSignal) => Promise<IssuedToken | string>;
  /**
   * Refresh this long before the token expires, so no request goes out with a token about to lapse. Capped at
   * half the token's lifetime. Default: `60000` ms.
   */
  refreshBeforeMs?: number;
  /** Lifetime assumed when the source gives none. Default: `Infinity` (kept until a 401 invalidates it). */
  defaultLifetimeMs?: number;
  /** How to put the token on a request. Default: `Authorization: Bearer <token>`. */
  apply?: (headers: Headers, token: string) => void;
  /** Time source. Default: {@link systemClock}. */
  clock?: Clock;
}

interface CachedToken {
  token: string;
  expiresAt: number;
  refreshAt: number;
}

/** Default `refreshBeforeMs`. */
export const DEFAULT_REFRESH_BEFORE_MS = 60_000;

/** Sets `Authorization: Bearer <token>`. */
export function applyBearerToken(headers: Headers, token: string): void {
  headers.set("authorization", `Bearer ${token}`);
}

/**
 * Wraps any token source with caching, refresh before expiry and single-flight refresh. If a refresh before expiry
 * fails while the cached token is still valid, the cached token is used and the next call tries again.
 *
 * ```ts
 * const auth = createTokenProvider({ getToken: async () => ({ token: await vault.read("bc"), expiresInMs: 3_600_000 }) });
 * ```
 */
export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const clock = options.clock ?? systemClock;
  const refreshBeforeMs = options.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
  const defaultLifetimeMs = options.defaultLifetimeMs ?? Number.POSITIVE_INFINITY;
  let cached: CachedToken | undefined;
  let refreshing: Promise<CachedToken> | undefined;

  const refresh = (): Promise<CachedToken> => {
    refreshing ??= (async () => {
      try {
        const issued = await options.getToken();
        const { token, expiresInMs = defaultLifetimeMs } = typeof issued === "string" ? { token: issued } : issued;
        if (typeof token !== "string" || token === "")
          throw new Error("token provider: the token source returned no token");
        const now = clock.now();
        const lifetime = Math.max(0, expiresInMs);
        const next: CachedToken = {
          token,
          expiresAt: now + lifetime,
          refreshAt: now + lifetime - Math.min(refreshBeforeMs, lifetime / 2),
        };
        cached = next;
        return next;
      } finally {
        refreshing = undefined;
      }
    })();
    return refreshing;
  };

  return {
    async getToken(signal) {
      const now = clock.now();
      const current = cached;
      if (current && now < current.refreshAt) return current.token;
      if (current && now < current.expiresAt) {
        // Inside the refresh window: the token still works, so a failed refresh is not fatal.
        try {
          return (await raceAbort(refresh(), signal)).token;
        } catch (error) {
          if (signal?.aborted) throw error;
          return current.token;
        }
      }
      return (await raceAbort(refresh(), signal)).token;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
    apply: options.apply ?? applyBearerToken,
  };
}

/**
 * A provider that calls `getToken` every time and caches nothing: for callers who already manage tokens, or for
 * static credentials (`callbackTokenProvider(() => process.env.TOKEN ?? "")`). Wrap it in
 * {@link createTokenProvider} to add caching and single-flight refresh.
 */
export function callbackTokenProvider(
  getToken: (signal?: AbortSignal) => Promise<string> | string,
  apply: (headers: Headers, token: string) => void = applyBearerToken,
): TokenProvider {
  return {
    getToken: async (signal) => getToken(signal),
    invalidate: () => {},
    apply,
  };
}
