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
  combineHooks,
  createLoggingHooks,
  type HttpErrorEvent,
  type HttpEventBase,
  type HttpHooks,
  type HttpLogLevel,
  type HttpLogWriter,
  type HttpRequestEvent,
  type HttpResponseEvent,
  type HttpRetryEvent,
  type HttpThrottleEvent,
} from "./hooks.js";
export { type CreateOnceOptions, type CreateOnceResult, createOnce } from "./idempotent-create.js";
export { createOAuth2ClientCredentials, type OAuth2ClientCredentialsOptions } from "./oauth2-client-credentials.js";
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
export { type PollOptions, pollUntil } from "./poll-until.js";
export {
  type AdaptiveBudgetOptions,
  createRateGovernor,
  InProcessRateGovernor,
  type RateGovernor,
  type RateGovernorOptions,
  type RateGovernorSnapshot,
  type Release,
  resolveGovernor,
} from "./rate-governor.js";
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
export {
  CONTROL_HEADERS,
  createResilientFetch,
  DEFAULT_TIMEOUT_MS,
  httpOptions,
  type PerRequestHttpOptions,
  type ResilientFetchOptions,
} from "./resilient-fetch.js";
export { delayFromHeader, parseRetryAfter, type RetryDelayHook } from "./retry-after.js";
export { DEFAULT_RETRY, isIdempotent, type RetryOptions } from "./retry-policy.js";
export {
  applyBearerToken,
  callbackTokenProvider,
  createTokenProvider,
  DEFAULT_REFRESH_BEFORE_MS,
  type IssuedToken,
  type TokenProvider,
  type TokenProviderOptions,
} from "./token-provider.js";
export { type FetchResultLike, toApiCallError, type UnwrapOptions, unwrap } from "./unwrap.js";
