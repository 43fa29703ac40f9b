/**
 * OAuth2 client credentials (Business Central via Microsoft Entra, OroCommerce), on `oauth4webapi`: a small,
 * dependency-free, spec-checked OAuth library by a long-standing maintainer that runs on Node 20 through the
 * platform `fetch`. It builds the token request (client_secret_post or client_secret_basic, per RFC 6749's form
 * encoding rules) and validates the response; this module adds caching, refresh before expiry and single-flight
 * refresh through {@link createTokenProvider}, and turns failures into {@link ApiCallError}s without secrets.
 */
import * as oauth from "oauth4webapi";
import { raceAbort } from "./abort.js";
import { ApiCallError } from "./api-call-error.js";
import { type Clock, systemClock } from "./clock.js";
import { type RedactOptions, redactText, redactUrl } from "./redact.js";
import { networkErrorCode, provesNotSent } from "./retry-policy.js";
import { createTokenProvider, type TokenProvider } from "./token-provider.js";

/** Options for {@link createOAuth2ClientCredentials}. */
export interface OAuth2ClientCredentialsOptions {
  /** Token endpoint, e.g. `https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token` or `https://{host}/oauth2-token`. Required. */
  tokenUrl: string;
  /** Required. */
  clientId: string;
  /** Required. Never logged, never put in an error. */
  clientSecret: string;
  /** Scope(s), e.g. `https://api.businesscentral.dynamics.com/.default`. Default: none (Oro needs none). */
  scope?: string | readonly string[];
  /** Extra form parameters for the token request (e.g. `resource`, `audience`). Default: none. */
  extraParams?: Record<string, string>;
  /** How the client authenticates at the token endpoint. Default: `"client_secret_post"` (what BC and Oro document). */
  clientAuthentication?: "client_secret_post" | "client_secret_basic";
  /**
   * `fetch` for token requests. Pass a resilient fetch *without* `auth` to retry token requests too.
   * Default: `globalThis.fetch`.
   */
  fetch?: typeof fetch;
  /** Refresh this long before expiry (capped at half the lifetime). Default: `60000` ms. */
  refreshBeforeMs?: number;
  /** Timeout of one token request. Default: `30000` ms. */
  timeoutMs?: number;
  /** Allow an `http:` token URL (local fakes only; real endpoints are HTTPS). Default: `false`. */
  allowInsecureHttp?: boolean;
  /** Time source. Default: {@link systemClock}. */
  clock?: Clock;
}

/**
 * A {@link TokenProvider} for the OAuth2 client-credentials grant, with caching, refresh before expiry, a single
 * token request however many calls need one, and errors that carry the OAuth `error` code but never the secret.
 */
export function createOAuth2ClientCredentials(options: OAuth2ClientCredentialsOptions): TokenProvider {
  const tokenUrl = new URL(options.tokenUrl);
  const authorizationServer: oauth.AuthorizationServer = { issuer: tokenUrl.origin, token_endpoint: tokenUrl.href };
  const client: oauth.Client = { client_id: options.clientId };
  const clientAuth =
    options.clientAuthentication === "client_secret_basic"
      ? oauth.ClientSecretBasic(options.clientSecret)
      : oauth.ClientSecretPost(options.clientSecret);
  const redact: RedactOptions = { secretValues: [options.clientSecret] };
  const safeUrl = redactUrl(tokenUrl, redact);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const clock = options.clock ?? systemClock;

  const parameters = new URLSearchParams(options.extraParams);
  if (options.scope !== undefined) {
    parameters.set("scope", typeof options.scope === "string" ? options.scope : options.scope.join(" "));
  }

  const requestToken = async () => {
    const controller = new AbortController();
    const cancelTimer = clock.setTimer(timeoutMs, () =>
      controller.abort(new DOMException(`token request timed out after ${timeoutMs} ms`, "TimeoutError")),
    );
    try {
      const doFetch = options.fetch ?? globalThis.fetch;
      const request = oauth.clientCredentialsGrantRequest(authorizationServer, client, clientAuth, parameters, {
        signal: controller.signal,
        [oauth.customFetch]: (url: string, init: RequestInit) => doFetch(url, init),
        ...(options.allowInsecureHttp ? { [oauth.allowInsecureRequests]: true } : {}),
      });
      // A custom fetch may ignore the signal; the timeout must hold regardless.
      const response = await raceAbort(request, controller.signal);
      const result = await oauth.processClientCredentialsResponse(authorizationServer, client, response);
      return {
        token: result.access_token,
        ...(typeof result.expires_in === "number" ? { expiresInMs: result.expires_in * 1000 } : {}),
      };
    } catch (error) {
      throw tokenError(error, safeUrl, redact, controller.signal.aborted);
    } finally {
      cancelTimer();
    }
  };

  return createTokenProvider({
    getToken: requestToken,
    clock,
    ...(options.refreshBeforeMs === undefined ? {} : { refreshBeforeMs: options.refreshBeforeMs }),
  });
}

function tokenError(error: unknown, url: string, redact: RedactOptions, timedOut: boolean): ApiCallError {
  const base = { method: "POST", url, cause: error };
  if (error instanceof oauth.ResponseBodyError) {
    const vendorMessage = error.error_description ? redactText(error.error_description, redact) : undefined;
    return new ApiCallError(
      `token request to ${url} failed with ${error.status}: ${error.error}${vendorMessage ? ` ${vendorMessage}` : ""}`,
      {
        ...base,
        status: error.status,
        vendorCode: error.error,
        vendorMessage,
        // invalid_client / unauthorized_client won't fix themselves; a 5xx or temporarily_unavailable may.
        retryable: error.status >= 500 || error.error === "temporarily_unavailable",
        outcomeUnknown: false,
        reason: "status",
      },
    );
  }
  if (timedOut) {
    return new ApiCallError(`token request to ${url} timed out`, {
      ...base,
      retryable: true,
      outcomeUnknown: false,
      reason: "timeout",
    });
  }
  // fetch rejects with a TypeError when no response arrived (msw's network error even carries a status-0 Response).
  if (error instanceof TypeError || provesNotSent(error)) {
    const code = networkErrorCode(error);
    return new ApiCallError(`token request to ${url} failed without a response${code ? ` (${code})` : ""}`, {
      ...base,
      retryable: true,
      outcomeUnknown: false,
      reason: "network",
    });
  }
  // oauth4webapi keeps the offending Response as the cause of a non-conforming answer (an HTML error page…).
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Response && cause.status > 0) {
    const status = cause.status;
    return new ApiCallError(
      `token request to ${url} failed with ${status}: the response is not a valid token response`,
      {
        ...base,
        status,
        retryable: status >= 500 || status === 429,
        outcomeUnknown: false,
        reason: "status",
      },
    );
  }
  const detail = error instanceof Error ? redactText(error.message, redact) : "unknown error";
  return new ApiCallError(`token request to ${url} failed: ${detail}`, {
    ...base,
    retryable: false,
    outcomeUnknown: false,
    reason: "status",
  });
}
