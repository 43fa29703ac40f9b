/**
 * Observability hooks. Every event carries only redacted data (URL, headers, bodies), so a hook can forward
 * events to any logger or metrics system without leaking credentials. A hook that throws is ignored: logging
 * must never break a request.
 */

/** Fields every event has. */
export interface HttpEventBase {
  /** Local id shared by all events of one logical call (its attempts, retries, throttling). */
  callId: number;
  method: string;
  /** Redacted URL. */
  url: string;
  /** 1-based attempt number. */
  attempt: number;
}

/** Sent before each attempt. */
export interface HttpRequestEvent extends HttpEventBase {
  /** Redacted request headers (lower-case names). */
  headers: Record<string, string>;
}

export interface HttpResponseEvent extends HttpEventBase {
  /** HTTP status of the attempt. */
  status: number;
  /** Time from sending the attempt to its response headers, per the configured clock. */
  durationMs: number;
  /** Request id from the response headers, if any. */
  requestId?: string | undefined;
}

export interface HttpRetryEvent extends HttpEventBase {
  /** Why the attempt failed: `"status 503"`, `"network ECONNRESET"`, `"timeout"`, `"401 token refresh"`. */
  reason: string;
  /** Wait before the next attempt. */
  delayMs: number;
}

export interface HttpThrottleEvent extends HttpEventBase {
  /** `"budget"`: waited for the rate governor; `"rate-limited"`: the server answered 429. */
  reason: "budget" | "rate-limited";
  /** How long the call waited (budget) or will wait (rate-limited). */
  delayMs: number;
}

export interface HttpErrorEvent extends HttpEventBase {
  /** Already-redacted error message. */
  message: string;
  /** HTTP status, when a response arrived. */
  status?: number | undefined;
  /** As on `ApiCallError`: trying again may succeed. */
  retryable: boolean;
  /** As on `ApiCallError`: the request may have been processed (O6). */
  outcomeUnknown: boolean;
}

/** Callbacks for logging and metrics. All optional; none by default. */
export interface HttpHooks {
  /** Before each attempt is sent. */
  onRequest?(event: HttpRequestEvent): void;
  /** When an attempt's response headers arrive (any status). */
  onResponse?(event: HttpResponseEvent): void;
  /** Before waiting to send a request again. */
  onRetry?(event: HttpRetryEvent): void;
  /** When a call waited for the rate budget, or the server throttled it (429). */
  onThrottle?(event: HttpThrottleEvent): void;
  /** When the resilient fetch throws an `ApiCallError` (network failure, timeout, outcome unknown). */
  onError?(event: HttpErrorEvent): void;
}

/** Calls a hook, swallowing anything it throws. */
export function emit<TEvent>(hook: ((event: TEvent) => void) | undefined, event: TEvent): void {
  if (!hook) return;
  try {
    hook(event);
  } catch {
    // A broken logger must not break the request it logs.
  }
}

/** Severity of a log line produced by {@link createLoggingHooks}. */
export type HttpLogLevel = "debug" | "info" | "warn" | "error";

/** Where {@link createLoggingHooks} writes: one call per line, with the event as structured fields. */
export type HttpLogWriter = (level: HttpLogLevel, message: string, fields: Record<string, unknown>) => void;

/**
 * Hooks that write one line per event: requests and responses at `debug`, retries and throttling at `info`,
 * errors at `warn`. Adapt to pino with `(level, msg, fields) => logger[level](fields, msg)`.
 */
export function createLoggingHooks(write: HttpLogWriter): HttpHooks {
  const fieldsOf = (event: object): Record<string, unknown> => ({ ...event });
  return {
    onRequest: (e) => write("debug", `→ ${e.method} ${e.url} (attempt ${e.attempt})`, fieldsOf(e)),
    onResponse: (e) => write("debug", `← ${e.status} ${e.method} ${e.url} in ${e.durationMs} ms`, fieldsOf(e)),
    onRetry: (e) =>
      write(
        "info",
        `retrying ${e.method} ${e.url} in ${e.delayMs} ms after ${e.reason} (attempt ${e.attempt})`,
        fieldsOf(e),
      ),
    onThrottle: (e) =>
      write(
        "info",
        e.reason === "budget"
          ? `${e.method} ${e.url} waited ${e.delayMs} ms for the rate budget`
          : `${e.method} ${e.url} was rate limited; waiting ${e.delayMs} ms`,
        fieldsOf(e),
      ),
    onError: (e) => write("warn", e.message, fieldsOf(e)),
  };
}

/** Combines several hook sets (e.g. logging and metrics) into one; each is called in order. */
export function combineHooks(...hooks: readonly (HttpHooks | undefined)[]): HttpHooks {
  const present = hooks.filter((h): h is HttpHooks => h !== undefined);
  return {
    onRequest: (e) => {
      for (const h of present) emit(h.onRequest?.bind(h), e);
    },
    onResponse: (e) => {
      for (const h of present) emit(h.onResponse?.bind(h), e);
    },
    onRetry: (e) => {
      for (const h of present) emit(h.onRetry?.bind(h), e);
    },
    onThrottle: (e) => {
      for (const h of present) emit(h.onThrottle?.bind(h), e);
    },
    onError: (e) => {
      for (const h of present) emit(h.onError?.bind(h), e);
    },
  };
}
