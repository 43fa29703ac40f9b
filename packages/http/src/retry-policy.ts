/**
 * When to send a request again and how long to wait first. Two rules keep writes safe (failure catalog O6):
 * a request is re-sent after an ambiguous failure only when it is idempotent, and a non-idempotent request is
 * re-sent only when the failure proves the server did not process it (connection refused, 429).
 */
import { parseRetryAfter, type RetryDelayHook } from "./retry-after.js";

/** Retry settings. Every field is optional; the defaults are in {@link DEFAULT_RETRY}. */
export interface RetryOptions {
  /** Total attempts including the first one; `1` turns retries off. Default: `4`. */
  maxAttempts?: number;
  /** Backoff before the first retry, doubled on each further retry. Default: `500` ms. */
  baseDelayMs?: number;
  /** Cap on the computed backoff (not on server hints). Default: `8000` ms. */
  maxDelayMs?: number;
  /**
   * Fraction of the backoff that is randomised away (0 = none, 1 = "full jitter"), so that clients that failed
   * together don't retry together. Default: `0.25`.
   */
  jitter?: number;
  /**
   * Longest server-requested wait (`Retry-After`, reset headers) we are willing to sleep. A longer hint returns
   * the response instead of sleeping (the caller's queue is a better place to wait minutes). Default: `60000` ms.
   */
  maxRetryAfterMs?: number;
  /**
   * Statuses that are retried: a list or a predicate. Default: 408, 429 and every 5xx except 501 and 505
   * (which will not change on retry).
   */
  retryOn?: readonly number[] | ((status: number) => boolean);
}

/** The retry defaults, as resolved values. */
export const DEFAULT_RETRY = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  jitter: 0.25,
  maxRetryAfterMs: 60_000,
  retryOn: (status: number) => status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505),
} as const satisfies Required<RetryOptions>;

export interface ResolvedRetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  jitter: number;
  maxRetryAfterMs: number;
  retryOn: (status: number) => boolean;
}

export function resolveRetryPolicy(options: RetryOptions | undefined): ResolvedRetryPolicy {
  const retryOn = options?.retryOn;
  const maxAttempts = options?.maxAttempts ?? DEFAULT_RETRY.maxAttempts;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`retry.maxAttempts must be an integer ≥ 1 (1 = no retries), got ${maxAttempts}`);
  }
  const jitter = options?.jitter ?? DEFAULT_RETRY.jitter;
  if (jitter < 0 || jitter > 1) throw new RangeError(`retry.jitter must be between 0 and 1, got ${jitter}`);
  return {
    maxAttempts,
    baseDelayMs: options?.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs,
    maxDelayMs: options?.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs,
    jitter,
    maxRetryAfterMs: options?.maxRetryAfterMs ?? DEFAULT_RETRY.maxRetryAfterMs,
    retryOn:
      retryOn === undefined
        ? DEFAULT_RETRY.retryOn
        : typeof retryOn === "function"
          ? retryOn
          : (status) => retryOn.includes(status),
  };
}

/**
 * Whether sending the request twice has the same effect as sending it once. GET, HEAD, OPTIONS, PUT, DELETE
 * are; POST is not; PATCH is only with `If-Match` (an ETag-conditional update either applies once or fails with
 * 412). `assumeIdempotent` is the caller's per-request override (control header `x-org-http-idempotent`).
 */
export function isIdempotent(method: string, headers: Headers, assumeIdempotent = false): boolean {
  if (assumeIdempotent) return true;
  switch (method.toUpperCase()) {
    case "GET":
    case "HEAD":
    case "OPTIONS":
    case "TRACE":
    case "PUT":
    case "DELETE":
      return true;
    case "PATCH":
      return headers.has("if-match");
    default:
      return false;
  }
}

/** Error codes for which the request provably never reached the server, so even a POST may be sent again. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** The `code` of a network error or of any error in its `cause` chain (undici nests them), if any. */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    const nested = (current as { errors?: unknown }).errors;
    if (Array.isArray(nested) && nested.length > 0) {
      const inner = networkErrorCode(nested[0]);
      if (inner) return inner;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Whether a network error proves the request was never sent (connection refused, DNS failure). */
export function provesNotSent(error: unknown): boolean {
  const code = networkErrorCode(error);
  return code !== undefined && NOT_SENT_CODES.has(code);
}

/** Whether a response status proves the request was not processed, so a non-idempotent request may be re-sent. */
export function statusProvesNotProcessed(status: number): boolean {
  // 429: rejected by the rate limiter before any business logic ran.
  return status === 429;
}

export interface RetryDelayInput {
  /** The attempt that just failed (1-based). */
  attempt: number;
  response?: Response;
  now: number;
  random: () => number;
  resetHeaderHook?: RetryDelayHook | undefined;
}

/**
 * Milliseconds to wait before the next attempt: the server's hint if it gave one (`retry-after-ms`,
 * `Retry-After`, then the vendor hook), otherwise jittered exponential backoff. A 429 without any hint therefore
 * still backs off. Returns `undefined` when the server asks for longer than `maxRetryAfterMs`.
 */
export function computeRetryDelay(policy: ResolvedRetryPolicy, input: RetryDelayInput): number | undefined {
  const hint = input.response
    ? (parseRetryAfter(input.response.headers, input.now) ?? input.resetHeaderHook?.(input.response))
    : undefined;
  if (hint !== undefined) return hint > policy.maxRetryAfterMs ? undefined : hint;
  return backoffDelay(policy, input.attempt, input.random);
}

/** Jittered exponential backoff for the retry after `attempt`: base·2^(attempt−1), capped, minus up to `jitter`. */
export function backoffDelay(policy: ResolvedRetryPolicy, attempt: number, random: () => number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (1 - policy.jitter * random()));
}
