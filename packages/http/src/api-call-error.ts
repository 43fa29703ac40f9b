/**
 * The one error type every client in this SDK throws (or returns) for a failed API call. It carries what an
 * operator needs to act (method, URL, status, the vendor's own error code and message, request id) and two
 * decisions: `retryable` (trying again may succeed) and `outcomeUnknown` (the request may have been processed:
 * look the record up by its natural key before trying again, failure catalog O6). Never carries secrets: the URL
 * is redacted before it gets here.
 */
export interface ApiCallErrorDetails {
  /** HTTP method of the request, upper case. */
  method: string;
  /** Request URL with secrets (tokens, passwords, signatures) redacted. */
  url: string;
  /** HTTP status, when a response arrived. */
  status?: number;
  /** The vendor's error code from the response body (e.g. BC `Internal_EntityNotFound`, B1 `-2028`). */
  vendorCode?: string;
  /** The vendor's human-readable message from the response body. */
  vendorMessage?: string;
  /** Request/correlation id from the response headers, for support tickets. */
  requestId?: string;
  /** Whether sending the same request again may succeed. */
  retryable: boolean;
  /** Whether the request may have been processed even though it failed (timeouts, 5xx after a write). */
  outcomeUnknown: boolean;
  /** The parsed response body, when there was one (already redacted). */
  body?: unknown;
  cause?: unknown;
  /** What went wrong: an HTTP error status, no response at all (network), or the attempt timed out. */
  reason?: ApiCallErrorReason;
  /** How many times the request was sent before giving up (retries included). */
  attempts?: number;
}

/** Why an {@link ApiCallError} was raised. */
export type ApiCallErrorReason = "status" | "network" | "timeout";

export class ApiCallError extends Error {
  override readonly name: string = "ApiCallError";
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly vendorCode: string | undefined;
  readonly vendorMessage: string | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  readonly outcomeUnknown: boolean;
  readonly body: unknown;
  /** What went wrong; `"status"` when the error was built from a response without saying. */
  readonly reason: ApiCallErrorReason;
  /** How many times the request was sent, when known. */
  readonly attempts: number | undefined;

  constructor(message: string, details: ApiCallErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
    this.vendorCode = details.vendorCode;
    this.vendorMessage = details.vendorMessage;
    this.requestId = details.requestId;
    this.retryable = details.retryable;
    this.outcomeUnknown = details.outcomeUnknown;
    this.body = details.body;
    this.reason = details.reason ?? (details.status === undefined ? "network" : "status");
    this.attempts = details.attempts;
  }

  static isInstance(value: unknown): value is ApiCallError {
    return value instanceof ApiCallError;
  }
}

/** Reads a vendor's error body into a code and message. Each vendor client supplies one. */
export type VendorErrorParser = (body: unknown) => { code?: string; message?: string } | undefined;
