/**
 * The `fetch` every generated client passes to `createClient({ fetch })`. openapi-fetch's middleware cannot send a
 * request again, so retries live here, below the middleware: each attempt sends a fresh clone of the request
 * (bodies survive retries), waits for the rate governor, carries a fresh token and its own timeout.
 *
 * The contract:
 * - Every HTTP response is *returned*, whatever its status, once retries are used up, so openapi-fetch's
 *   `{ data, error, response }` works as usual (`unwrap()` turns an error result into an {@link ApiCallError}).
 * - An {@link ApiCallError} is *thrown* when there is no trustworthy response: no response at all (network failure,
 *   timeout) after the allowed attempts, or a non-idempotent request (POST; PATCH without `If-Match`) failed in a
 *   way that may have been processed (5xx, 408, timeout, connection reset). Then `outcomeUnknown` is true: look the
 *   record up by its natural key before sending it again (failure catalog O6).
 * - A caller's abort is rethrown as the caller's abort reason, and never retried.
 */
import { raceAbort } from "./abort.js";
import { ApiCallError, type VendorErrorParser } from "./api-call-error.js";
import { type Clock, systemClock } from "./clock.js";
import {
  apiCallErrorFromResponse,
  DEFAULT_REQUEST_ID_HEADERS,
  OUTCOME_UNKNOWN_ADVICE,
  readBodySafely,
  rememberRequestInfo,
} from "./error-details.js";
import { emit, type HttpHooks } from "./hooks.js";
import type { RateGovernor, Release } from "./rate-governor.js";
import { type RedactOptions, redactHeaders, redactText, redactUrl } from "./redact.js";
import type { RetryDelayHook } from "./retry-after.js";
import {
  computeRetryDelay,
  isIdempotent,
  networkErrorCode,
  provesNotSent,
  type RetryOptions,
  resolveRetryPolicy,
  statusProvesNotProcessed,
} from "./retry-policy.js";
import { applyBearerToken, type TokenProvider } from "./token-provider.js";

/**
 * Per-request settings travel as request headers (openapi-fetch hands this fetch a `Request`, nothing else). They
 * are removed before the request is sent. Build them with {@link httpOptions}.
 */
export const CONTROL_HEADERS = {
  /** Timeout per attempt in milliseconds for this request; `0` turns it off. */
  timeoutMs: "x-org-http-timeout-ms",
  /** Total attempts for this request (`1` = no retries). */
  maxAttempts: "x-org-http-max-attempts",
  /**
   * `true`: the caller vouches that sending this request twice is harmless (e.g. an OData action that is a pure
   * read, or a create guarded by a natural-key check on the server), so it is retried like a GET.
   */
  idempotent: "x-org-http-idempotent",
} as const;

/** Per-request overrides, see {@link httpOptions}. */
export interface PerRequestHttpOptions {
  /** Timeout per attempt for this request; `0` turns it off. Default: the client's `timeoutMs`. */
  timeoutMs?: number;
  /** Total attempts for this request. Default: the client's `retry.maxAttempts`. */
  maxAttempts?: number;
  /** Treat this request as idempotent (retry it like a GET). Default: decided from method and `If-Match`. */
  idempotent?: boolean;
}

/**
 * Headers that carry per-request overrides to the resilient fetch, for openapi-fetch's `headers` option:
 * `client.GET("/items", { headers: httpOptions({ timeoutMs: 5000 }) })`. For a deadline across all attempts,
 * pass `signal: AbortSignal.timeout(ms)` instead.
 */
export function httpOptions(options: PerRequestHttpOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  if (options.timeoutMs !== undefined) headers[CONTROL_HEADERS.timeoutMs] = String(options.timeoutMs);
  if (options.maxAttempts !== undefined) headers[CONTROL_HEADERS.maxAttempts] = String(options.maxAttempts);
  if (options.idempotent !== undefined) headers[CONTROL_HEADERS.idempotent] = String(options.idempotent);
  return headers;
}

/** Options for {@link createResilientFetch}. */
export interface ResilientFetchOptions {
  /** The `fetch` that sends each attempt. Default: `globalThis.fetch`, looked up per call. */
  fetch?: typeof fetch;
  /** When and how often to retry; see {@link RetryOptions} for each default (4 attempts, 500 ms doubling to 8 s, 25 % jitter). */
  retry?: RetryOptions;
  /** Timeout of each attempt until its response headers arrive; `0` turns it off. Default: `60000` ms. */
  timeoutMs?: number;
  /** Rate budget every attempt waits for. Default: none. */
  governor?: RateGovernor;
  /** Token provider; its token goes on every attempt, and a 401 is retried once with a fresh token. Default: none. */
  auth?: TokenProvider;
  /** Reads the vendor's error body into code and message for {@link ApiCallError}. Default: the generic parser. */
  parseVendorError?: VendorErrorParser;
  /**
   * Reads a vendor's "wait this long" header when `retry-after-ms`/`Retry-After` are absent, e.g.
   * `delayFromHeader("x-rate-limit-time-reset-ms")` for BigCommerce. Default: none.
   */
  resetHeaderHook?: RetryDelayHook;
  /** Logging and metrics callbacks; they receive redacted data only. Default: none. */
  hooks?: HttpHooks;
  /** Extra secret names and literal secret values to redact in errors and hook events. Default: none. */
  redact?: RedactOptions;
  /** Response headers that carry a request id, tried in order. Default: {@link DEFAULT_REQUEST_ID_HEADERS}. */
  requestIdHeaders?: readonly string[];
  /** Time source for backoff, timeouts and durations. Default: {@link systemClock}. */
  clock?: Clock;
  /** Random source for jitter, in [0, 1). Default: `Math.random`. */
  random?: () => number;
}

/** Default per-attempt timeout. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** Standard `RequestInit` keys; anything else in `init` (e.g. undici's `dispatcher` for a custom CA) is passed on. */
const REQUEST_INIT_KEYS = new Set([
  "method",
  "headers",
  "body",
  "signal",
  "mode",
  "credentials",
  "cache",
  "redirect",
  "referrer",
  "referrerPolicy",
  "integrity",
  "keepalive",
  "window",
  "duplex",
  "priority",
]);

let nextCallId = 1;

class AttemptTimeout extends Error {
  override readonly name = "TimeoutError";
}

function readNumberControl(headers: Headers, name: string): number | undefined {
  const value = headers.get(name);
  if (value === null) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) {
    throw new TypeError(`${name} must be a non-negative number, got "${value}"`);
  }
  return number;
}

/**
 * Header copies go through iteration, never `new Headers(headers)` or `new Request(request, { headers: Headers })`:
 * with msw's interceptors installed (as in every consumer's tests) those constructors can drop or duplicate
 * entries of a Headers instance.
 */
function headerPairs(headers: Headers): [string, string][] {
  const pairs: [string, string][] = [];
  headers.forEach((value, name) => {
    pairs.push([name, value]);
  });
  return pairs;
}

function copyHeaders(headers: Headers): Headers {
  return new Headers(headerPairs(headers));
}

function discardBody(response: Response): void {
  // Frees the connection; a body that cannot be cancelled is simply left to the garbage collector.
  response.body?.cancel().catch(() => {});
}

/**
 * Builds the resilient `fetch`. Pass it to openapi-fetch:
 *
 * ```ts
 * const client = createClient<paths>({ baseUrl, fetch: createResilientFetch({ governor, auth }) });
 * ```
 *
 * See the module comment for what is returned and what is thrown.
 */
export function createResilientFetch(options: ResilientFetchOptions = {}): typeof fetch {
  const policy = resolveRetryPolicy(options.retry);
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const hooks = options.hooks ?? {};
  const redact = options.redact;
  const requestIdHeaders = options.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS;
  const defaultTimeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const resilientFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    // The template is never sent: every attempt sends a clone, so the body can be sent again.
    const template = new Request(input, init);
    const callerSignal = template.signal;
    const headers = copyHeaders(template.headers);
    const timeoutMs = readNumberControl(headers, CONTROL_HEADERS.timeoutMs) ?? defaultTimeoutMs;
    const maxAttempts = readNumberControl(headers, CONTROL_HEADERS.maxAttempts) ?? policy.maxAttempts;
    const idempotent = isIdempotent(template.method, headers, headers.get(CONTROL_HEADERS.idempotent) === "true");
    for (const name of Object.values(CONTROL_HEADERS)) headers.delete(name);
    const passThrough = init
      ? Object.fromEntries(Object.entries(init).filter(([key]) => !REQUEST_INIT_KEYS.has(key)))
      : {};
    const hasPassThrough = Object.keys(passThrough).length > 0;

    const method = template.method;
    const url = redactUrl(template.url, redact);
    const callId = nextCallId++;
    let attempt = 0;
    let authRetried = false;

    const fail = (error: ApiCallError): never => {
      emit(hooks.onError, {
        callId,
        method,
        url,
        attempt,
        message: error.message,
        status: error.status,
        retryable: error.retryable,
        outcomeUnknown: error.outcomeUnknown,
      });
      throw error;
    };

    const wait = async (delayMs: number, reason: string) => {
      emit(hooks.onRetry, { callId, method, url, attempt, reason, delayMs });
      await clock.sleep(delayMs, callerSignal);
    };

    for (;;) {
      attempt++;
      callerSignal.throwIfAborted();

      let release: Release = () => {};
      if (options.governor) {
        const before = clock.now();
        release = await options.governor.acquire(callerSignal);
        const waited = clock.now() - before;
        if (waited > 0) emit(hooks.onThrottle, { callId, method, url, attempt, reason: "budget", delayMs: waited });
      }

      let token: string | undefined;
      let response: Response;
      const sentAt = clock.now();
      const controller = new AbortController();
      const onCallerAbort = () => controller.abort(callerSignal.reason);
      callerSignal.addEventListener("abort", onCallerAbort, { once: true });
      const cancelTimer =
        timeoutMs > 0 && Number.isFinite(timeoutMs)
          ? clock.setTimer(timeoutMs, () => controller.abort(new AttemptTimeout(`timed out after ${timeoutMs} ms`)))
          : () => {};
      let gettingToken = false;
      try {
        const attemptHeaders = copyHeaders(headers);
        if (options.auth) {
          gettingToken = true;
          token = await raceAbort(options.auth.getToken(controller.signal), controller.signal);
          gettingToken = false;
          (options.auth.apply ?? applyBearerToken)(attemptHeaders, token);
        }
        // A body can be read once, so each attempt sends a clone; a bodiless template is never consumed.
        const source = template.body === null ? template : template.clone();
        const request = new Request(source, {
          headers: headerPairs(attemptHeaders),
          signal: controller.signal,
        });
        if (hooks.onRequest) {
          emit(hooks.onRequest, { callId, method, url, attempt, headers: redactHeaders(attemptHeaders, redact) });
        }
        const doFetch = options.fetch ?? globalThis.fetch;
        response = await raceAbort(
          hasPassThrough ? doFetch(request, passThrough as RequestInit) : doFetch(request),
          controller.signal,
        );
      } catch (error) {
        release();
        // The caller gave up: not a failure of the API, and never retried.
        if (callerSignal.aborted) throw callerSignal.reason;
        const timedOut = controller.signal.reason instanceof AttemptTimeout;
        // The token provider explains its own failures (an ApiCallError from the token endpoint, or the error of
        // a custom token source); they are not this request's network failures.
        if (gettingToken && !timedOut) throw error;
        const notSent = !timedOut && provesNotSent(error);
        const code = timedOut ? undefined : networkErrorCode(error);
        const reason = timedOut ? `timeout after ${timeoutMs} ms` : `network error${code ? ` ${code}` : ""}`;
        const mayRetry = idempotent || notSent;
        if (mayRetry && attempt < maxAttempts) {
          await wait(computeRetryDelay(policy, { attempt, now: clock.now(), random }) ?? 0, reason);
          continue;
        }
        const outcomeUnknown = !idempotent && !notSent;
        const detail = timedOut
          ? `timed out after ${timeoutMs} ms`
          : `failed without a response (${code ?? redactText(error instanceof Error ? error.message : String(error), redact)})`;
        return fail(
          new ApiCallError(
            `${method} ${url} ${detail}${attempt > 1 ? ` after ${attempt} attempts` : ""}${
              outcomeUnknown ? `; outcome unknown, ${OUTCOME_UNKNOWN_ADVICE}` : ""
            }`,
            {
              method,
              url,
              retryable: true,
              outcomeUnknown,
              cause: error,
              reason: timedOut ? "timeout" : "network",
              attempts: attempt,
            },
          ),
        );
      } finally {
        cancelTimer();
        callerSignal.removeEventListener("abort", onCallerAbort);
      }

      release();
      options.governor?.observe?.(response);
      const status = response.status;
      const requestId = requestIdHeaders.map((name) => response.headers.get(name)).find((value) => value) ?? undefined;
      emit(hooks.onResponse, { callId, method, url, attempt, status, durationMs: clock.now() - sentAt, requestId });

      // A rejected token is replaced once, whatever the method: a 401 means the request was not processed.
      if (status === 401 && options.auth && token !== undefined && !authRetried) {
        authRetried = true;
        options.auth.invalidate(token);
        discardBody(response);
        attempt--; // the auth retry does not use up the retry budget
        emit(hooks.onRetry, { callId, method, url, attempt: attempt + 1, reason: "401 token refresh", delayMs: 0 });
        continue;
      }

      if (policy.retryOn(status)) {
        if (!idempotent && !statusProvesNotProcessed(status)) {
          const body = await readBodySafely(response);
          return fail(
            apiCallErrorFromResponse(response, body, {
              method,
              url,
              parseVendorError: options.parseVendorError,
              redact,
              requestIdHeaders,
              retryable: true,
              outcomeUnknown: true,
              attempts: attempt,
            }),
          );
        }
        const delay =
          attempt < maxAttempts
            ? computeRetryDelay(policy, {
                attempt,
                response,
                now: clock.now(),
                random,
                resetHeaderHook: options.resetHeaderHook,
              })
            : undefined;
        if (delay !== undefined) {
          if (status === 429)
            emit(hooks.onThrottle, { callId, method, url, attempt, reason: "rate-limited", delayMs: delay });
          discardBody(response);
          await wait(delay, `status ${status}`);
          continue;
        }
      }

      rememberRequestInfo(response, {
        method,
        url,
        idempotent,
        attempts: attempt,
        parseVendorError: options.parseVendorError,
        redact,
        requestIdHeaders,
      });
      // Hand-made Responses (in-process handlers, some mocks) have no URL; pagination needs it for relative links.
      if (!response.url) Object.defineProperty(response, "url", { value: template.url });
      return response;
    }
  };
  return resilientFetch as typeof fetch;
}
