export {
  ApiCallError,
  type ApiCallErrorDetails,
  type ApiCallErrorReason,
  type VendorErrorParser,
} from "./api-call-error.js";
export { type Clock, systemClock } from "./clock.js";
export {
  apiCallErrorFromResponse,
  DEFAULT_REQUEST_ID_HEADERS,
  defaultVendorErrorParser,
  type ErrorFromResponseOptions,
} from "./error-details.js";
export {
  type CommonPaginationOptions,
  DEFAULT_MAX_PAGES,
  type JsonApiPaginationOptions,
  type NextLinkPaginationOptions,
  odataNextLink,
  type Page,
  type PageNumberPaginationOptions,
  PaginationError,
  type Paginator,
  paginateJsonApi,
  paginateNextLink,
  paginatePages,
} from "./paginate.js";
export {
  type HeadersLike,
  isSecretName,
  REDACTED,
  type RedactOptions,
  redactBody,
  redactBodyText,
  redactHeaders,
  redactText,
  redactUrl,
} from "./redact.js";
export { delayFromHeader, parseRetryAfter, type RetryDelayHook } from "./retry-after.js";
export { DEFAULT_RETRY, isIdempotent, type RetryOptions } from "./retry-policy.js";
export { type FetchResultLike, toApiCallError, type UnwrapOptions, unwrap } from "./unwrap.js";
