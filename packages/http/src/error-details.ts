/**
 * Turning a failed response into an {@link ApiCallError}: the vendor's code and message (via a parser), the
 * request id, whether to retry, whether the outcome is unknown, and a message that explains itself. The resilient
 * fetch remembers, per response, which request produced it, so `unwrap()` can say "POST https://…" even though
 * openapi-fetch only hands back the Response.
 */
import { ApiCallError, type VendorErrorParser } from "./api-call-error.js";
import { type RedactOptions, redactBody, redactText, redactUrl } from "./redact.js";
import { DEFAULT_RETRY } from "./retry-policy.js";

/** Response headers that carry a request/correlation id, tried in order. */
export const DEFAULT_REQUEST_ID_HEADERS: readonly string[] = [
  "x-request-id",
  "request-id",
  "x-correlation-id",
  "x-ms-request-id",
  "ms-correlation-x",
];

/** What the resilient fetch records about the request behind each response it returns. */
export interface RequestInfo {
  method: string;
  /** Already redacted. */
  url: string;
  idempotent: boolean;
  attempts: number;
  parseVendorError?: VendorErrorParser | undefined;
  redact?: RedactOptions | undefined;
  requestIdHeaders?: readonly string[] | undefined;
}

const requestInfos = new WeakMap<Response, RequestInfo>();

export function rememberRequestInfo(response: Response, info: RequestInfo): void {
  requestInfos.set(response, info);
}

/** What the resilient fetch knows about the request that produced `response`, if it produced it. */
export function requestInfoOf(response: Response): RequestInfo | undefined {
  return requestInfos.get(response);
}

function messageText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  // SAP B1 Service Layer v1: { message: { lang: "en-us", value: "…" } }
  if (value !== null && typeof value === "object" && typeof (value as { value?: unknown }).value === "string") {
    return (value as { value: string }).value;
  }
  return undefined;
}

function codeText(value: unknown): string | undefined {
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

/**
 * Reads the common, vendor-neutral error shapes: OData (`{ error: { code, message } }`), JSON:API
 * (`{ errors: [{ code, title, detail }] }`), OAuth (`{ error, error_description }`), RFC 7807 problem details
 * (`{ type, title, detail }`) and plain `{ code?, message }`. Vendor clients pass their own parser when their
 * shape differs.
 */
export const defaultVendorErrorParser: VendorErrorParser = (body) => {
  if (body === null || typeof body !== "object") return undefined;
  const record = body as Record<string, unknown>;
  const error = record.error;
  if (error !== null && typeof error === "object") {
    const odata = error as Record<string, unknown>;
    return { code: codeText(odata.code), message: messageText(odata.message) };
  }
  if (typeof error === "string") {
    return { code: error, message: messageText(record.error_description) };
  }
  const errors = record.errors;
  if (Array.isArray(errors) && errors.length > 0) {
    const first = errors[0] as Record<string, unknown> | null;
    if (first && typeof first === "object") {
      return {
        code: codeText(first.code) ?? codeText(first.status),
        message: messageText(first.detail) ?? messageText(first.title) ?? messageText(first.message),
      };
    }
  }
  const message = messageText(record.message) ?? messageText(record.detail) ?? messageText(record.title);
  const code = codeText(record.code);
  return message === undefined && code === undefined ? undefined : { code, message };
};

function requestIdOf(headers: Headers, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

/** The text that explains an outcome-unknown failure to whoever reads the error. */
export const OUTCOME_UNKNOWN_ADVICE =
  "the server may have processed it: look the record up by its natural key before sending it again (O6)";

/** Options for {@link apiCallErrorFromResponse}; each defaults to what the resilient fetch recorded for the response. */
export interface ErrorFromResponseOptions {
  /** HTTP method. Default: recorded, else `"UNKNOWN"`. */
  method?: string;
  /** Already-redacted URL. Default: recorded, else `response.url` redacted. */
  url?: string;
  /** Reads the vendor's error body. Default: recorded, else {@link defaultVendorErrorParser}. */
  parseVendorError?: VendorErrorParser | undefined;
  /** Extra redaction. Default: recorded, else the built-in rules. */
  redact?: RedactOptions | undefined;
  /** Headers that carry a request id. Default: recorded, else {@link DEFAULT_REQUEST_ID_HEADERS}. */
  requestIdHeaders?: readonly string[] | undefined;
  /** Overrides the retryable decision. Default: true for 408, 429 and 5xx except 501/505. */
  retryable?: boolean;
  /** Overrides the outcome-unknown decision. Default: true for a non-idempotent request answered with 5xx or 408. */
  outcomeUnknown?: boolean;
  /** Attempts made. Default: recorded, else none. */
  attempts?: number;
}

/**
 * Builds an {@link ApiCallError} for an HTTP error response whose body has already been read (`body` is the
 * parsed JSON or the text). Method, URL and parser come from the resilient fetch's record of the request when
 * not given.
 */
export function apiCallErrorFromResponse(
  response: Response,
  body: unknown,
  options: ErrorFromResponseOptions = {},
): ApiCallError {
  const info = requestInfoOf(response);
  const redact = options.redact ?? info?.redact;
  const method = (options.method ?? info?.method ?? "UNKNOWN").toUpperCase();
  const url = options.url ?? info?.url ?? redactUrl(response.url || "(unknown URL)", redact);
  const parser = options.parseVendorError ?? info?.parseVendorError ?? defaultVendorErrorParser;
  let parsed: ReturnType<VendorErrorParser>;
  try {
    parsed = parser(body);
  } catch {
    // A parser that chokes on an unexpected body must not hide the HTTP error itself.
    parsed = undefined;
  }
  const vendorCode = parsed?.code === undefined ? undefined : redactText(parsed.code, redact);
  const vendorMessage = parsed?.message === undefined ? undefined : redactText(parsed.message, redact);
  const status = response.status;
  const retryable = options.retryable ?? DEFAULT_RETRY.retryOn(status);
  const idempotent = info?.idempotent ?? true;
  const outcomeUnknown = options.outcomeUnknown ?? (!idempotent && (status >= 500 || status === 408));
  const attempts = options.attempts ?? info?.attempts;

  let message = `${method} ${url} failed with ${status}${response.statusText ? ` ${response.statusText}` : ""}`;
  if (vendorCode || vendorMessage) message += `: ${[vendorCode, vendorMessage].filter(Boolean).join(" ")}`;
  if (attempts !== undefined && attempts > 1) message += ` (after ${attempts} attempts)`;
  if (outcomeUnknown) message += `; outcome unknown, ${OUTCOME_UNKNOWN_ADVICE}`;

  return new ApiCallError(message, {
    method,
    url,
    status,
    vendorCode,
    vendorMessage,
    requestId: requestIdOf(
      response.headers,
      options.requestIdHeaders ?? info?.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS,
    ),
    retryable,
    outcomeUnknown,
    body: body === undefined || body === "" ? undefined : redactBody(body, redact),
    reason: "status",
    ...(attempts === undefined ? {} : { attempts }),
  });
}

/** Reads a response body as JSON when it is JSON, else as text (empty → `undefined`). Never throws. */
export async function readBodySafely(response: Response): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return undefined;
  }
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
