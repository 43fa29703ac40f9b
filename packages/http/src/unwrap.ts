import type { ApiCallError, VendorErrorParser } from "./api-call-error.js";
import { apiCallErrorFromResponse } from "./error-details.js";
import type { RedactOptions } from "./redact.js";

/** The shape of an openapi-fetch result: `{ data, error, response }`. */
export interface FetchResultLike<TData> {
  data?: TData;
  error?: unknown;
  response: Response;
}

/** Options for {@link unwrap}. All default to what the resilient fetch recorded for the response. */
export interface UnwrapOptions {
  /** Reads the vendor's error body. Default: the parser given to `createResilientFetch`, else the generic one. */
  parseVendorError?: VendorErrorParser;
  /** Extra redaction for the error's URL, message and body. Default: the resilient fetch's settings. */
  redact?: RedactOptions;
}

/**
 * Returns `result.data` for a successful openapi-fetch call, or throws an {@link ApiCallError} built from the
 * error body (vendor code and message via the parser, request id, retryable). A 2xx without a body (204) returns
 * `undefined` as `data`, typed as openapi-fetch types it.
 *
 * ```ts
 * const order = unwrap(await client.GET("/salesOrders({id})", { params: { path: { id } } }));
 * ```
 */
export function unwrap<TData>(result: FetchResultLike<TData>, options: UnwrapOptions = {}): TData {
  if (result.response.ok && result.error === undefined) return result.data as TData;
  throw toApiCallError(result, options);
}

/** The {@link ApiCallError} for a failed openapi-fetch result, for code that wants to inspect rather than throw. */
export function toApiCallError(result: FetchResultLike<unknown>, options: UnwrapOptions = {}): ApiCallError {
  return apiCallErrorFromResponse(result.response, result.error, {
    parseVendorError: options.parseVendorError,
    redact: options.redact,
  });
}
