/**
 * Writes on locked objects under load (failure catalog X2). SAP Business One answers a write that meets a lock
 * (another user or process updating the same document, business partner or item, a database lock timeout or a
 * deadlock) with an error: the write did not happen and was rolled back, so it is safe to send again after a pause.
 * `@org/http`'s retry policy sees statuses only and never re-sends a POST after a 4xx/5xx, so the SAP B1 client wraps
 * the resilient fetch with {@link withLockRetry}, which reads the error body and decides with a predicate.
 */
import { ApiCallError, type Clock, defaultVendorErrorParser, systemClock } from "@org/http";

/** What the lock predicate sees of a failed call. */
export interface SapB1ErrorInfo {
  /** HTTP method of the request. */
  method: string;
  /** HTTP status of the answer. */
  status: number;
  /** B1 error code as text, e.g. `"-2038"`. */
  code?: string | undefined;
  /** B1 error message. */
  message?: string | undefined;
}

/** Retrying writes that failed on a lock. */
export interface SapB1LockRetryOptions {
  /** Total attempts including the first; `1` turns lock retries off. Default: `5`. */
  maxAttempts?: number;
  /** Pause before the first retry, doubled each time. Default: `1000` ms. */
  baseDelayMs?: number;
  /** Cap on the pause. Default: `15000` ms. */
  maxDelayMs?: number;
  /** Fraction of each pause randomised away so that writers don't collide again. Default: `0.25`. */
  jitter?: number;
  /** Whether a failure is a lock error. Default: {@link isSapB1LockError}. */
  isLockError?: (error: SapB1ErrorInfo) => boolean;
}

/** Defaults of {@link SapB1LockRetryOptions}. */
export const SAPB1_DEFAULT_LOCK_RETRY = {
  maxAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 15_000,
  jitter: 0.25,
} as const;

/** B1 error codes treated as lock errors by default. */
export const SAPB1_LOCK_ERROR_CODES: readonly string[] = ["-2038", "-1102"];

/** Messages of lock errors (B1 texts, and the SQL Server / HANA lock and deadlock messages B1 passes through). */
const LOCK_MESSAGE =
  /being updated by another user|locked by another user|\b(?:record|object|document|table|row|entry)s? (?:is|are) (?:currently )?locked\b|lock request time ?out|lock wait timeout|deadlock/i;
/** Locks that are configuration, not contention: a locked posting period, G/L account or user never unlock by waiting. */
const NOT_TRANSIENT = /posting period|period is (?:locked|closed)|\baccount\b|password|licen[cs]e/i;

/**
 * The default lock predicate: a 4xx/5xx (other than 401, 404, 412) whose code is in {@link SAPB1_LOCK_ERROR_CODES},
 * or whose message says a record is locked or being updated by another user, or reports a lock timeout or deadlock,
 * unless the message is about a posting period, an account, a password or a licence.
 */
export function isSapB1LockError(error: SapB1ErrorInfo): boolean {
  if (error.status < 400 || error.status === 401 || error.status === 404 || error.status === 412) return false;
  if (error.code !== undefined && SAPB1_LOCK_ERROR_CODES.includes(error.code.trim())) return true;
  const message = error.message ?? "";
  return LOCK_MESSAGE.test(message) && !NOT_TRANSIENT.test(message);
}

async function readBody(response: Response): Promise<unknown> {
  try {
    const text = await response.clone().text();
    return text === "" ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/**
 * Wraps a (resilient) fetch: a response, or a thrown `ApiCallError`, that the predicate calls a lock error is sent
 * again after jittered exponential backoff. When the attempts run out, the last response is returned, or the error
 * rethrown with `outcomeUnknown: false` (a lock error proves the write did not happen).
 */
export function withLockRetry(
  inner: typeof fetch,
  options: SapB1LockRetryOptions = {},
  clock: Clock = systemClock,
  random: () => number = Math.random,
): typeof fetch {
  const maxAttempts = options.maxAttempts ?? SAPB1_DEFAULT_LOCK_RETRY.maxAttempts;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new RangeError(`lockRetry.maxAttempts must be an integer ≥ 1, got ${maxAttempts}`);
  const baseDelayMs = options.baseDelayMs ?? SAPB1_DEFAULT_LOCK_RETRY.baseDelayMs;
  const maxDelayMs = options.maxDelayMs ?? SAPB1_DEFAULT_LOCK_RETRY.maxDelayMs;
  const jitter = options.jitter ?? SAPB1_DEFAULT_LOCK_RETRY.jitter;
  const isLock = options.isLockError ?? isSapB1LockError;
  const delay = (attempt: number) =>
    Math.round(Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) * (1 - jitter * random()));

  const lockRetryFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const template = new Request(input, init);
    const method = template.method;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        // The template is never sent, so its body can be sent again.
        response = await inner(template.body === null ? template : template.clone());
      } catch (error) {
        if (!(error instanceof ApiCallError) || error.status === undefined) throw error;
        const info = { method, status: error.status, code: error.vendorCode, message: error.vendorMessage };
        if (!isLock(info)) throw error;
        if (attempt < maxAttempts) {
          await clock.sleep(delay(attempt), template.signal);
          continue;
        }
        throw notProcessed(error, attempt);
      }
      if (response.status >= 400 && attempt < maxAttempts) {
        const parsed = defaultVendorErrorParser(await readBody(response));
        if (isLock({ method, status: response.status, code: parsed?.code, message: parsed?.message })) {
          response.body?.cancel().catch(() => {});
          await clock.sleep(delay(attempt), template.signal);
          continue;
        }
      }
      return response;
    }
  };
  return lockRetryFetch as typeof fetch;
}

/** The lock error as what it is: not processed, worth retrying later. */
function notProcessed(error: ApiCallError, attempts: number): ApiCallError {
  const [message = error.message] = error.message.split("; outcome unknown");
  return new ApiCallError(`${message} (locked; gave up after ${attempts} attempts)`, {
    method: error.method,
    url: error.url,
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.vendorCode !== undefined ? { vendorCode: error.vendorCode } : {}),
    ...(error.vendorMessage !== undefined ? { vendorMessage: error.vendorMessage } : {}),
    ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
    retryable: true,
    outcomeUnknown: false,
    body: error.body,
    cause: error,
    reason: error.reason,
    attempts,
  });
}
