import {
  ApiCallError,
  apiCallErrorFromResponse,
  type Clock,
  callbackTokenProvider,
  createResilientFetch,
  createTokenProvider,
  defaultVendorErrorParser,
  type HttpHooks,
  type Paginator,
  paginatePages,
  pollUntil,
  type RateGovernor,
  type RateGovernorOptions,
  type RetryOptions,
  resolveGovernor,
  systemClock,
  type TokenProvider,
  unwrap,
  type VendorErrorParser,
} from "@org/http";
import createClient, { createPathBasedClient, type FetchResponse, type PathBasedClient } from "openapi-fetch";

import type { paths as MagentoPaths } from "./generated/index.js";

import {
  type OAuth1Credentials,
  type OAuth1SignatureMethod,
  percentEncode,
  signOAuth1Request,
} from "./magento-oauth1.js";
import { type MagentoSearchCriteria, SearchCriteriaBuilder, serializeMagentoQuery } from "./magento-search-criteria.js";

/** Store code used when none is given: Magento's default store view. `all` addresses every store (admin scope). */
export const MAGENTO_DEFAULT_STORE_CODE = "default";
/** Largest `searchCriteria[pageSize]` the paging helper sends (Magento's optional input limit for page size). */
export const MAGENTO_MAX_PAGE_SIZE = 300;
/** Page size of `searchAll` when none is given. */
export const MAGENTO_DEFAULT_PAGE_SIZE = 100;
/** Admin tokens (`POST /rest/V1/integration/admin/token`) are valid for 4 hours by default. */
export const MAGENTO_ADMIN_TOKEN_LIFETIME_MS = 4 * 60 * 60 * 1000;
/** Most items one async bulk request may carry (Magento's optional input limit for async requests). */
export const MAGENTO_MAX_BULK_ITEMS = 5000;
/**
 * Concurrency cap the client uses unless told otherwise. Magento publishes no request budget (PHP workers are the
 * limit); this is the SDK's conservative default, not a vendor number.
 */
export const MAGENTO_DEFAULT_RATE_LIMITS: RateGovernorOptions = { maxConcurrent: 4 };
/**
 * Statuses of an operation of a bulk (`Magento\Framework\Bulk\OperationInterface::STATUS_TYPE_*`). The admin schema
 * only says "Operation status" (integer); the values are the framework's constants.
 */
export const MAGENTO_OPERATION_STATUS = {
  complete: 1,
  retriablyFailed: 2,
  notRetriablyFailed: 3,
  open: 4,
  rejected: 5,
} as const;

/** How the client authenticates. */
export type MagentoAuth =
  /** An integration access token or an admin/customer token used as a bearer token, or your own token source. */
  | { type: "bearer"; token: string | ((signal?: AbortSignal) => string | Promise<string>) }
  /** An integration's OAuth 1.0a credentials: every request is signed (the usual way since Magento 2.4.4). */
  | ({ type: "oauth1"; signatureMethod?: OAuth1SignatureMethod } & OAuth1Credentials)
  /** An admin user: a 4-hour admin token is issued, cached, and issued again when it expires or is rejected. */
  | { type: "admin"; username: string; password: string };

export interface MagentoClientSettings {
  /** The shop's base URL, e.g. `https://shop.example.com` (REST lives under `{baseUrl}/rest/…`). */
  baseUrl: string;
  /** Store view code in `/rest/{storeCode}/V1/…`. Default: {@link MAGENTO_DEFAULT_STORE_CODE}; `all` is valid too. */
  storeCode?: string;
  /** Bearer token, OAuth 1.0a integration credentials, or admin username and password. Required. */
  auth: MagentoAuth;
  /** Underlying fetch (e.g. a fake in tests). Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Per-attempt timeout in ms. Default: 60,000. */
  timeoutMs?: number;
  /** Retry policy. Default: `@org/http`'s (4 attempts, jittered backoff, `Retry-After` honoured). */
  retry?: RetryOptions;
  /** Rate governor or its limits. Default: {@link MAGENTO_DEFAULT_RATE_LIMITS}. Share one across clients of a shop. */
  governor?: RateGovernor | RateGovernorOptions;
  /** Logging and metrics hooks (secrets redacted). Default: none. */
  hooks?: HttpHooks;
  /** Time source for retries and bulk polling. Default: the system clock. */
  clock?: Clock;
}

/** What an async (`/async/V1/…`) or bulk (`/async/bulk/V1/…`) request answers (202 Accepted). */
export interface MagentoAsyncResponse {
  bulk_uuid: string;
  request_items: Array<{ id: number; data_hash?: string; status: string; error_message?: string }>;
  errors: boolean;
}

/** A Magento error body: `message` with `%1`/`%name` placeholders filled from `parameters`. */
export interface MagentoErrorBody {
  message: string;
  parameters?: Record<string, unknown> | unknown[];
  code?: number;
  errors?: Array<{ message: string; parameters?: Record<string, unknown> | unknown[] }>;
  trace?: string;
}

/** One operation in `GET /V1/bulk/{uuid}/status`. */
export interface MagentoBulkOperation {
  id: number;
  status: number;
  result_message?: string | null;
  error_code?: number | null;
}

/** `GET /V1/bulk/{uuid}/status` (`asynchronous-operations-data-bulk-operations-status-interface`). */
export interface MagentoBulkStatus {
  bulk_id: string;
  operation_count: number;
  operations_list: MagentoBulkOperation[];
  description?: string;
  start_time?: string;
  user_id?: number;
  user_type?: number;
}

/** A finished bulk: every operation complete, failed or rejected. */
export interface MagentoBulkResult {
  bulkUuid: string;
  status: MagentoBulkStatus;
  /** Status 1. */
  completed: MagentoBulkOperation[];
  /** Status 2: failed, may succeed when sent again. */
  retriablyFailed: MagentoBulkOperation[];
  /** Status 3 and 5: failed for good, or rejected. */
  failed: MagentoBulkOperation[];
}

/** Raised when a bulk is still open after `timeoutMs`; its operations may still complete later. */
export class MagentoBulkTimeoutError extends Error {
  override readonly name = "MagentoBulkTimeoutError";
  constructor(
    readonly bulkUuid: string,
    readonly lastStatus: MagentoBulkStatus | undefined,
    timeoutMs: number,
  ) {
    super(
      `bulk ${bulkUuid} still has open operations after ${timeoutMs} ms; poll again later (operations are not lost)`,
    );
  }
}

/** Options of {@link MagentoClient.waitForBulk}. */
export interface WaitForBulkOptions {
  /** Give up (with {@link MagentoBulkTimeoutError}) after this long. Default: 600,000 ms. */
  timeoutMs?: number;
  /** First wait between polls. Default: 1,000 ms. */
  intervalMs?: number;
  /** Longest wait between polls (the wait doubles up to it). Default: 30,000 ms. */
  maxIntervalMs?: number;
  signal?: AbortSignal;
}

/** Options of {@link MagentoClient.search} and {@link MagentoClient.searchAll}. */
export interface MagentoSearchOptions {
  /** Items per page, at most {@link MAGENTO_MAX_PAGE_SIZE}. Default: the criteria's, else {@link MAGENTO_DEFAULT_PAGE_SIZE}. */
  pageSize?: number;
  /**
   * Unique field appended as the last sort order unless the criteria sort by it already, so pages never repeat or
   * skip records. Default: `entity_id` (orders, products, customers, invoices…); pass the key of other entities.
   */
  uniqueField?: string;
  /** Path parameters of the search path, if it has any. Default: none. */
  path?: Record<string, string | number>;
  /** Page guard for `searchAll`. Default: 10,000. */
  maxPages?: number;
  signal?: AbortSignal;
}

type Method = "get" | "put" | "post" | "delete" | "patch";
type WriteMethod = "put" | "post" | "delete" | "patch";
type Operation<PathItem, M extends Method> = PathItem extends { [K in M]?: infer Op } ? Op : never;
type JsonResponse<Op> = Op extends { responses: { 200: { content: { "application/json": infer Body } } } }
  ? Body
  : unknown;
type JsonRequestBody<Op> = Op extends { requestBody?: { content: { "application/json": infer Body } } } ? Body : never;
type PathParameters<Op> = Op extends { parameters: { path: infer P } } ? (P extends object ? P : object) : object;

/** The body a search path answers (`…-search-results-interface`: `items`, `total_count`, `search_criteria`). */
export type MagentoSearchBody<Paths, P extends keyof Paths> = JsonResponse<Operation<Paths[P], "get">>;
/** One item of a search path's results. */
export type MagentoSearchItem<Paths, P extends keyof Paths> =
  MagentoSearchBody<Paths, P> extends { items?: readonly (infer Item)[] | null } ? Item : never;
/** One item of a bulk request: the operation's JSON body plus its path parameters (`/products/{sku}` → `sku`). */
export type MagentoBulkItem<Paths, P extends keyof Paths, M extends WriteMethod> = JsonRequestBody<
  Operation<Paths[P], M>
> &
  PathParameters<Operation<Paths[P], M>>;

type AsyncOperation<Op> = Omit<Op, "responses"> & {
  responses: {
    202: { headers: { [name: string]: unknown }; content: { "application/json": MagentoAsyncResponse } };
    default: { headers: { [name: string]: unknown }; content: { "application/json": MagentoErrorBody } };
  };
};
/** The generated paths as the async API (`/rest/{store}/async/V1/…`) answers them: writes return 202 with a bulk uuid. */
export type MagentoAsyncPaths<Paths> = {
  [P in keyof Paths]: {
    [M in keyof Paths[P]]: M extends WriteMethod
      ? Paths[P][M] extends { responses: unknown }
        ? AsyncOperation<Paths[P][M]>
        : Paths[P][M]
      : M extends "parameters"
        ? Paths[P][M]
        : never;
  };
};

/** The Magento client: typed generated paths plus the helpers integrations need. */
export interface MagentoClient<Paths extends {} = MagentoPaths> {
  /**
   * The typed openapi-fetch client over every generated path, relative to `{baseUrl}/rest/{storeCode}`:
   * `client.api["/V1/orders/{id}"].GET({ params: { path: { id: 42 } } })`. Path-based, so type-checking resolves only
   * the paths you call.
   */
  api: PathBasedClient<Paths>;
  /** The same paths through the async API (`/rest/{storeCode}/async/V1/…`): writes answer 202 with a `bulk_uuid`. */
  async: PathBasedClient<MagentoAsyncPaths<Paths>>;
  /**
   * Sends many items to one write endpoint in a single bulk request (`/rest/{storeCode}/async/bulk/V1/…`). Path
   * parameters go into each item (`/V1/products/{sku}` → route `/V1/products/bySku`, items `{ sku, product }`).
   * At most {@link MAGENTO_MAX_BULK_ITEMS} items. Poll the result with {@link MagentoClient.waitForBulk}.
   */
  bulk<P extends keyof Paths & string, M extends WriteMethod>(
    method: M,
    path: P,
    items: readonly MagentoBulkItem<Paths, P, M>[],
    options?: { signal?: AbortSignal },
  ): Promise<MagentoAsyncResponse>;
  /** One page of a searchCriteria endpoint (sorted deterministically); throws `ApiCallError` on failure. */
  search<P extends keyof Paths & string>(
    path: P,
    criteria: SearchCriteriaBuilder | MagentoSearchCriteria,
    options?: MagentoSearchOptions,
  ): Promise<MagentoSearchBody<Paths, P>>;
  /**
   * Every item of a searchCriteria endpoint, page after page, sorted deterministically. Stops on `total_count`,
   * never yields the last page twice (Magento answers a page past the end with the last page again).
   */
  searchAll<P extends keyof Paths & string>(
    path: P,
    criteria?: SearchCriteriaBuilder | MagentoSearchCriteria,
    options?: MagentoSearchOptions,
  ): Paginator<MagentoSearchBody<Paths, P>, MagentoSearchItem<Paths, P>>;
  /**
   * Polls `GET /V1/bulk/{uuid}/status` with backoff until no operation is open (status 4), then sorts the
   * operations into completed, retriably failed and failed.
   */
  waitForBulk(bulkUuid: string, options?: WaitForBulkOptions): Promise<MagentoBulkResult>;
  /** `{baseUrl}/rest/{storeCode}`: every generated path is relative to it. */
  storeUrl: string;
  /** The resilient fetch all calls go through (auth, retries, governor). */
  fetch: typeof fetch;
}

/**
 * Reads Magento's error body (`{ message, parameters }`) into the message with its placeholders filled:
 * `"No such entity with %fieldName = %fieldValue"` + `{ fieldName: "sku", fieldValue: "X" }` →
 * `"No such entity with sku = X"`; `%1` takes the first element of a list. Other shapes go to the generic parser.
 */
export const parseMagentoError: VendorErrorParser = (body) => {
  if (body === null || typeof body !== "object" || typeof (body as MagentoErrorBody).message !== "string") {
    return defaultVendorErrorParser(body);
  }
  const error = body as MagentoErrorBody;
  const messages = [fillMagentoPlaceholders(error.message, error.parameters)];
  for (const item of Array.isArray(error.errors) ? error.errors : []) {
    if (item && typeof item.message === "string") messages.push(fillMagentoPlaceholders(item.message, item.parameters));
  }
  return {
    ...(error.code === undefined ? {} : { code: String(error.code) }),
    message: messages.join("; "),
  };
};

/** Fills `%1`, `%2` (from a list) and `%name` (from an object) placeholders; unknown ones stay as they are. */
export function fillMagentoPlaceholders(message: string, parameters: unknown): string {
  if (parameters === null || typeof parameters !== "object") return message;
  return message.replace(/%(\d+|[A-Za-z_]\w*)/g, (placeholder, name: string) => {
    const value = Array.isArray(parameters)
      ? /^\d+$/.test(name)
        ? parameters[Number(name) - 1]
        : undefined
      : (parameters as Record<string, unknown>)[name];
    return value === undefined || value === null || typeof value === "object" ? placeholder : String(value);
  });
}

/**
 * Serialises a query object RFC 3986-style (`%20`, never `+`), as Magento's OAuth 1.0a check decodes it: a
 * `searchCriteria` given as criteria (or a builder) with {@link serializeMagentoQuery}, flat keys as they are
 * (`"searchCriteria[pageSize]": 10`), nested objects as bracketed keys, lists as repeated keys.
 */
export function magentoQuerySerializer(query: Record<string, unknown>): string {
  const parts: string[] = [];
  const add = (key: string, value: unknown): void => {
    if (value === undefined || value === null) return;
    if (value instanceof SearchCriteriaBuilder) {
      parts.push(serializeMagentoQuery(value.build()));
    } else if (key === "searchCriteria" && isCriteria(value)) {
      parts.push(serializeMagentoQuery(value));
    } else if (Array.isArray(value)) {
      for (const item of value) add(key, item);
    } else if (typeof value === "object") {
      for (const [name, item] of Object.entries(value)) add(`${key}[${name}]`, item);
    } else {
      parts.push(`${percentEncode(key)}=${percentEncode(String(value))}`);
    }
  };
  for (const [key, value] of Object.entries(query)) add(key, value);
  return parts.join("&");
}

function isCriteria(value: unknown): value is MagentoSearchCriteria {
  return (
    typeof value === "object" &&
    value !== null &&
    Array.isArray((value as MagentoSearchCriteria).filterGroups) &&
    Array.isArray((value as MagentoSearchCriteria).sortOrders)
  );
}

/** `/V1/products/{sku}/media` → `/V1/products/bySku/media`, the route of a bulk request. */
export function bulkRoute(path: string): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => `by${name.charAt(0).toUpperCase()}${name.slice(1)}`);
}

/** Creates a Magento 2 / Adobe Commerce REST client. */
export function createMagentoClient<Paths extends {} = MagentoPaths>(
  settings: MagentoClientSettings,
): MagentoClient<Paths> {
  const root = settings.baseUrl.replace(/\/+$/, "");
  const storeCode = settings.storeCode ?? MAGENTO_DEFAULT_STORE_CODE;
  if (!/^[A-Za-z0-9_]+$/.test(storeCode)) {
    throw new TypeError(`storeCode must be a Magento store code (letters, digits, _), got "${storeCode}"`);
  }
  const storeUrl = `${root}/rest/${storeCode}`;
  const clock = settings.clock ?? systemClock;
  const { auth } = settings;
  const secretValues = secretsOf(auth);
  const redact = { secretValues };
  const common = {
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
    ...(settings.retry ? { retry: settings.retry } : {}),
    ...(settings.hooks ? { hooks: settings.hooks } : {}),
    parseVendorError: parseMagentoError,
    redact,
    clock,
  };
  const governor = resolveGovernor(settings.governor, MAGENTO_DEFAULT_RATE_LIMITS);

  let tokens: TokenProvider | undefined;
  let transport = settings.fetch;
  if (auth.type === "oauth1") {
    // Signed below the resilient fetch: each attempt gets its own nonce and timestamp, over the final URL.
    transport = oauth1Fetch(settings.fetch, auth);
  } else if (auth.type === "bearer") {
    const { token } = auth;
    tokens = callbackTokenProvider(typeof token === "string" ? () => token : token);
  } else {
    tokens = adminTokenProvider(root, auth, createResilientFetch({ ...common, ...withFetch(settings.fetch) }), clock);
  }

  const resilientFetch = createResilientFetch({
    ...common,
    ...withFetch(transport),
    governor,
    ...(tokens ? { auth: tokens } : {}),
  });
  const magentoFetch: typeof fetch = (input, init) => {
    const request = new Request(input, init);
    if (!request.headers.has("accept")) request.headers.set("accept", "application/json");
    return resilientFetch(request);
  };
  const options = { fetch: magentoFetch, querySerializer: magentoQuerySerializer };
  const api = createPathBasedClient<Paths>({ baseUrl: storeUrl, ...options });
  const asyncApi = createPathBasedClient<MagentoAsyncPaths<Paths>>({ baseUrl: `${storeUrl}/async`, ...options });
  // Untyped twin for the helpers: their paths are checked at their own signatures.
  // biome-ignore lint/suspicious/noExplicitAny: the helpers' signatures carry the types
  const raw = createClient<any>({ baseUrl: storeUrl, ...options });

  const criteriaOf = (
    criteria: SearchCriteriaBuilder | MagentoSearchCriteria | undefined,
    searchOptions: MagentoSearchOptions,
  ): MagentoSearchCriteria => {
    const base = criteria instanceof SearchCriteriaBuilder ? criteria.build() : (criteria ?? EMPTY_CRITERIA);
    const ordered = withDeterministicOrder(base, searchOptions.uniqueField ?? "entity_id");
    const pageSize = searchOptions.pageSize ?? ordered.pageSize ?? MAGENTO_DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAGENTO_MAX_PAGE_SIZE) {
      throw new RangeError(`pageSize must be an integer from 1 to ${MAGENTO_MAX_PAGE_SIZE}, got ${pageSize}`);
    }
    return { ...ordered, pageSize, currentPage: ordered.currentPage ?? 1 };
  };

  const getPage = (
    path: string,
    criteria: MagentoSearchCriteria,
    pathParams: object | undefined,
    signal?: AbortSignal,
  ) =>
    raw.GET(path, {
      params: { ...(pathParams ? { path: pathParams } : {}), query: { searchCriteria: criteria } },
      ...(signal ? { signal } : {}),
    }) as Promise<FetchResponse<object, object, "application/json">>;

  return {
    api,
    async: asyncApi,
    storeUrl,
    fetch: magentoFetch,

    async bulk(method, path, items, bulkOptions = {}) {
      if (items.length === 0) throw new RangeError("a bulk request needs at least one item");
      if (items.length > MAGENTO_MAX_BULK_ITEMS) {
        throw new RangeError(
          `a bulk request takes at most ${MAGENTO_MAX_BULK_ITEMS} items (got ${items.length}); split it into several bulks`,
        );
      }
      const response = await magentoFetch(`${storeUrl}/async/bulk${bulkRoute(path)}`, {
        method: method.toUpperCase(),
        headers: { "content-type": "application/json" },
        body: JSON.stringify(items),
        ...(bulkOptions.signal ? { signal: bulkOptions.signal } : {}),
      });
      return unwrap(await readResult<MagentoAsyncResponse>(response));
    },

    async search(path, criteria, searchOptions = {}) {
      const built = criteriaOf(criteria, searchOptions);
      return unwrap(await getPage(path, built, searchOptions.path, searchOptions.signal)) as never;
    },

    searchAll(path, criteria, searchOptions = {}) {
      const built = criteriaOf(criteria, searchOptions);
      const pageSize = built.pageSize as number;
      return paginatePages({
        firstPage: built.currentPage ?? 1,
        pageSize,
        ...(searchOptions.maxPages !== undefined ? { maxPages: searchOptions.maxPages } : {}),
        ...(searchOptions.signal ? { signal: searchOptions.signal } : {}),
        fetchPage: (page, signal) => getPage(path, { ...built, currentPage: page }, searchOptions.path, signal),
        items: (body) => (body as { items?: never[] | null }).items ?? [],
        totalCount: (body) => {
          const total = (body as { total_count?: unknown } | undefined)?.total_count;
          return typeof total === "number" ? total : undefined;
        },
      }) as never;
    },

    async waitForBulk(bulkUuid, waitOptions = {}) {
      const status = await pollUntil(
        async (signal) => {
          const result = await raw.GET("/V1/bulk/{bulkUuid}/status", {
            params: { path: { bulkUuid } },
            ...(signal ? { signal } : {}),
          });
          return unwrap(result) as MagentoBulkStatus;
        },
        (state) => {
          const operations = state.operations_list ?? [];
          const open = operations.some((operation) => operation.status === MAGENTO_OPERATION_STATUS.open);
          return !open && operations.length >= (state.operation_count ?? 0);
        },
        {
          ...waitOptions,
          clock,
          onTimeout: (last, timeoutMs) => new MagentoBulkTimeoutError(bulkUuid, last, timeoutMs),
        },
      );
      return bulkResult(bulkUuid, status);
    },
  };
}

const EMPTY_CRITERIA: MagentoSearchCriteria = { filterGroups: [], sortOrders: [] };

/** The rule of `SearchCriteriaBuilder.withDeterministicOrder`, for criteria given as plain objects too. */
function withDeterministicOrder(criteria: MagentoSearchCriteria, uniqueField: string): MagentoSearchCriteria {
  if (criteria.sortOrders.some((order) => order.field === uniqueField)) return criteria;
  return { ...criteria, sortOrders: [...criteria.sortOrders, { field: uniqueField, direction: "ASC" }] };
}

function bulkResult(bulkUuid: string, status: MagentoBulkStatus): MagentoBulkResult {
  const operations = status.operations_list ?? [];
  const having = (...codes: number[]) => operations.filter((operation) => codes.includes(operation.status));
  return {
    bulkUuid,
    status,
    completed: having(MAGENTO_OPERATION_STATUS.complete),
    retriablyFailed: having(MAGENTO_OPERATION_STATUS.retriablyFailed),
    failed: having(MAGENTO_OPERATION_STATUS.notRetriablyFailed, MAGENTO_OPERATION_STATUS.rejected),
  };
}

async function readResult<T>(response: Response): Promise<{ data?: T; error?: unknown; response: Response }> {
  const text = await response.text();
  let body: unknown = text === "" ? undefined : text;
  try {
    body = text === "" ? undefined : (JSON.parse(text) as unknown);
  } catch {
    // keep the text: an HTML error page still belongs in the error
  }
  return response.ok ? { data: body as T, response } : { error: body ?? "", response };
}

function withFetch(fetchImpl: typeof fetch | undefined): { fetch?: typeof fetch } {
  return fetchImpl ? { fetch: fetchImpl } : {};
}

function secretsOf(auth: MagentoAuth): string[] {
  switch (auth.type) {
    case "bearer":
      return typeof auth.token === "string" ? [auth.token] : [];
    case "oauth1":
      return [auth.consumerSecret, auth.accessToken, auth.accessTokenSecret];
    case "admin":
      return [auth.password];
  }
}

/** Signs every attempt with OAuth 1.0a over its final URL (query already serialised, `%20` for spaces). */
function oauth1Fetch(
  base: typeof fetch | undefined,
  auth: OAuth1Credentials & { signatureMethod?: OAuth1SignatureMethod },
): typeof fetch {
  const credentials: OAuth1Credentials = {
    consumerKey: auth.consumerKey,
    consumerSecret: auth.consumerSecret,
    accessToken: auth.accessToken,
    accessTokenSecret: auth.accessTokenSecret,
  };
  return (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    request.headers.set(
      "authorization",
      signOAuth1Request({
        method: request.method,
        url: request.url,
        credentials,
        ...(auth.signatureMethod ? { signatureMethod: auth.signatureMethod } : {}),
      }),
    );
    const doFetch = base ?? globalThis.fetch;
    return input instanceof Request && init ? doFetch(request, init) : doFetch(request);
  };
}

/** Issues admin tokens (`POST /rest/V1/integration/admin/token`, a JSON string), one request at a time. */
function adminTokenProvider(
  root: string,
  auth: { username: string; password: string },
  tokenFetch: typeof fetch,
  clock: Clock,
): TokenProvider {
  const url = `${root}/rest/V1/integration/admin/token`;
  return createTokenProvider({
    clock,
    getToken: async (signal) => {
      const response = await tokenFetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ username: auth.username, password: auth.password }),
        ...(signal ? { signal } : {}),
      });
      const result = await readResult<unknown>(response);
      if (!response.ok) throw apiCallErrorFromResponse(response, result.error);
      if (typeof result.data !== "string" || result.data === "") {
        throw new ApiCallError(`POST ${url} did not return an admin token`, {
          method: "POST",
          url,
          status: response.status,
          retryable: false,
          outcomeUnknown: false,
        });
      }
      return { token: result.data, expiresInMs: MAGENTO_ADMIN_TOKEN_LIFETIME_MS };
    },
  });
}
