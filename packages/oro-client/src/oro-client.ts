import {
  type Clock,
  callbackTokenProvider,
  createOAuth2ClientCredentials,
  createResilientFetch,
  defaultVendorErrorParser,
  type HttpHooks,
  httpOptions,
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
import createClient, { createPathBasedClient, type PathBasedClient } from "openapi-fetch";
import type { paths as OroPaths } from "./generated/index.js";
import {
  type BatchMode,
  type BatchRequestDocument,
  type Flattened,
  type FlattenOptions,
  flattenDocument,
  type JsonApiDocument,
  type RelationshipMap,
  type ResourceObject,
  toJsonApiBatchDocument,
} from "./jsonapi.js";
import { buildOroQuery, buildOroQueryFor, type OroQuery } from "./oro-filter.js";
import { ORO_RESOURCES, type OroFilterField, type OroResourceType, type OroSortField } from "./oro-resources.js";

/** The JSON:API media type Oro's back-office API sends and expects (`Accept` and `Content-Type`). */
export const JSON_API_MEDIA_TYPE = "application/vnd.api+json";
/** Path of the OAuth2 token endpoint, relative to the installation's URL. */
export const ORO_TOKEN_PATH = "/oauth2-token";
/** Path of the back-office API, relative to the installation's URL. */
export const ORO_API_PATH = "/admin/api";
/** Back-office access tokens live 3600 s (`expires_in`). */
export const ORO_TOKEN_LIFETIME_S = 3600;
/** Most primary records a batch may hold to run with `X-Mode: sync`. */
export const ORO_SYNC_BATCH_MAX_PRIMARY = 100;
/** Most included records a batch may hold to run with `X-Mode: sync`. */
export const ORO_SYNC_BATCH_MAX_INCLUDED = 50;
/** Page size of `list`/`listAll` when none is given (Oro's own default is 10). */
export const ORO_DEFAULT_PAGE_SIZE = 100;
/** Header with the total when the request sent `X-Include: totalCount`. */
export const ORO_TOTAL_COUNT_HEADER = "X-Include-Total-Count";
/**
 * Concurrency cap the client uses unless told otherwise. Oro publishes no request budget; this is the SDK's
 * conservative default, not a vendor number.
 */
export const ORO_DEFAULT_RATE_LIMITS: RateGovernorOptions = { maxConcurrent: 4 };

/** Client credentials of a back-office OAuth application (storefront applications' tokens are not accepted). */
export interface OroClientCredentials {
  clientId: string;
  clientSecret: string;
  /** Default: `{baseUrl}/oauth2-token`. */
  tokenUrl?: string;
}

export interface OroClientSettings {
  /** The installation's URL, e.g. `https://b2b.example.com` (a trailing `/admin/api` is accepted too). */
  baseUrl: string;
  /** Client credentials, or your own token source (`getToken` returns a bearer token). */
  auth: OroClientCredentials | { getToken: () => string | Promise<string> };
  /** Underlying fetch (e.g. a fake in tests). Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Per-attempt timeout in ms. Default: 60,000 (a sync batch may take Oro 25 s before it falls back to async). */
  timeoutMs?: number;
  /** Retry policy. Default: `@org/http`'s (4 attempts, jittered backoff, `Retry-After` honoured). */
  retry?: RetryOptions;
  /** Rate governor or its limits. Default: {@link ORO_DEFAULT_RATE_LIMITS}. Share one across clients of a principal. */
  governor?: RateGovernor | RateGovernorOptions;
  /** `page[size]` of `list` and `listAll`. Default: {@link ORO_DEFAULT_PAGE_SIZE}. */
  pageSize?: number;
  /** Logging and metrics hooks (secrets redacted). Default: none. */
  hooks?: HttpHooks;
  /** Allow `http:` token URLs (local fakes only). Default: `false`. */
  allowInsecureHttp?: boolean;
  /** Time source for tokens, retries and async-operation polling. Default: the system clock. */
  clock?: Clock;
}

type Operation<PathItem, M extends string> = PathItem extends { [K in M]?: infer Op } ? Op : never;
type ContentOf<R> = R extends { content: infer C } ? C[keyof C] : never;
type SuccessBody<Op> = Op extends { responses: { 200: infer R } } ? ContentOf<R> : never;

/** The resource types with a list path (`/orders`, `/customers`, …) in `Paths`. */
export type OroListResource<Paths> = {
  [K in keyof Paths]: K extends `/${infer R}` ? (R extends `${string}/${string}` ? never : R) : never;
}[keyof Paths];
/** The collection document `GET /{resource}` answers. */
export type OroCollectionDocument<Paths, R extends string> = `/${R}` extends keyof Paths
  ? SuccessBody<Operation<Paths[`/${R}`], "get">>
  : never;
/** A resource object of a type, as the list path of `Paths` types it. */
export type OroResourceObject<Paths, R extends string> =
  OroCollectionDocument<Paths, R> extends { data: readonly (infer Item)[] }
    ? Item extends ResourceObject
      ? Item
      : ResourceObject
    : ResourceObject;
/** A flattened resource of a type: `type`, `id`, attributes and resolved relationships. */
export type OroRecord<Paths, R extends string> = Flattened<OroResourceObject<Paths, R>>;
/** The query of a resource's list: filters and sorts checked against {@link ORO_RESOURCES} when it is known. */
export type OroQueryOf<R extends string> = R extends OroResourceType
  ? OroQuery<OroFilterField<R>, OroSortField<R>>
  : OroQuery;

/** One page of a list. */
export interface OroPage<T> {
  items: T[];
  /** From `X-Include-Total-Count` (requested with `X-Include: totalCount`). */
  total: number | undefined;
  document: JsonApiDocument<ResourceObject[]>;
}

/** An Oro asynchronous operation (`asyncoperations`), flattened. */
export interface OroAsyncOperation {
  type: "asyncoperations";
  id: string;
  status?: "new" | "running" | "failed" | "success" | "cancelled";
  progress?: number | null;
  entityType?: string;
  elapsedTime?: number;
  summary?: {
    aggregateTime?: number;
    readCount?: number;
    writeCount?: number;
    errorCount?: number;
    createCount?: number;
    updateCount?: number;
  } | null;
  [field: string]: unknown;
}

/** What a batch did: applied synchronously (the records), or queued as an asynchronous operation to poll. */
export type OroBatchResult<T> =
  | { mode: "sync"; items: T[] }
  | {
      mode: "async";
      operationId: string;
      operation: OroAsyncOperation | undefined;
      /** True when `X-Mode: sync` was asked but Oro switched to async (it does after 25 s). */
      fellBackToAsync: boolean;
    };

/** Options of {@link OroClient.batch}. */
export interface OroBatchOptions {
  /** For plain records: create (default), `update` (`meta.update`) or `upsert` (`meta.upsert`). */
  mode?: BatchMode;
  /** For plain records: relationship fields per type (see `toJsonApiBatchDocument`). */
  relationships?: RelationshipMap;
  /**
   * `"auto"` (default): `X-Mode: sync` within {@link ORO_SYNC_BATCH_MAX_PRIMARY} primary and
   * {@link ORO_SYNC_BATCH_MAX_INCLUDED} included records, async otherwise. `true` forces sync (throws beyond the
   * limits), `false` forces async.
   */
  sync?: boolean | "auto";
  signal?: AbortSignal;
}

/** Options of {@link OroClient.waitForAsyncOperation}. */
export interface WaitForAsyncOperationOptions {
  /** Give up (with {@link OroAsyncOperationTimeoutError}) after this long. Default: 600,000 ms. */
  timeoutMs?: number;
  /** First wait between polls. Default: 1,000 ms. */
  intervalMs?: number;
  /** Longest wait between polls (the wait doubles up to it). Default: 30,000 ms. */
  maxIntervalMs?: number;
  signal?: AbortSignal;
}

/** Raised when an async operation has not finished after `timeoutMs`; it keeps running on the server. */
export class OroAsyncOperationTimeoutError extends Error {
  override readonly name = "OroAsyncOperationTimeoutError";
  constructor(
    readonly operationId: string,
    readonly lastOperation: OroAsyncOperation | undefined,
    timeoutMs: number,
  ) {
    super(`async operation ${operationId} has not finished after ${timeoutMs} ms; poll again later`);
  }
}

/** The Oro client: typed generated paths plus JSON:API helpers that return plain, flattened records. */
export interface OroClient<Paths extends {} = OroPaths> {
  /**
   * The typed openapi-fetch client over every generated path, relative to `{baseUrl}/admin/api`:
   * `client.api["/orders/{id}"].GET({ params: { path: { id: "42" } } })`. Path-based, so type-checking resolves only
   * the paths you call. JSON:API headers are set for you.
   */
  api: PathBasedClient<Paths>;
  /** One page of a resource, flattened (`data` + `included` + relationships → plain objects), with the total. */
  list<R extends OroListResource<Paths> & string>(
    resource: R,
    query?: OroQueryOf<R>,
    options?: FlattenOptions & { signal?: AbortSignal },
  ): Promise<OroPage<OroRecord<Paths, R>>>;
  /**
   * Every record of a resource, page after page (`page[number]`, `page[size]`), flattened. Sends
   * `X-Include: totalCount` and stops exactly at `X-Include-Total-Count`, on a short page, or without `links.next`.
   */
  listAll<R extends OroListResource<Paths> & string>(
    resource: R,
    query?: OroQueryOf<R>,
    options?: FlattenOptions & { signal?: AbortSignal; maxPages?: number },
  ): Paginator<JsonApiDocument<ResourceObject[]>, OroRecord<Paths, R>>;
  /** One record, flattened; `include` and `fields` as in a list query. Throws `ApiCallError` (404 included). */
  get<R extends OroListResource<Paths> & string>(
    resource: R,
    id: string | number,
    query?: Pick<OroQuery, "include" | "fields">,
    options?: FlattenOptions & { signal?: AbortSignal },
  ): Promise<OroRecord<Paths, R>>;
  /**
   * Batch API (`PATCH /admin/api/{resource}` with `data: [...]`): plain records (see {@link OroBatchOptions.mode}) or
   * a ready batch document. Small batches run with `X-Mode: sync`, larger ones asynchronously.
   */
  batch<R extends OroListResource<Paths> & string>(
    resource: R,
    input: readonly Readonly<Record<string, unknown>>[] | BatchRequestDocument,
    options?: OroBatchOptions,
  ): Promise<OroBatchResult<OroRecord<Paths, R>>>;
  /** Polls `GET /admin/api/asyncoperations/{id}` with backoff until its status is success, failed or cancelled. */
  waitForAsyncOperation(id: string, options?: WaitForAsyncOperationOptions): Promise<OroAsyncOperation>;
  /** `{baseUrl}/admin/api`: every generated path is relative to it. */
  apiUrl: string;
  /** The resilient fetch all calls go through (auth, JSON:API headers, retries, governor). */
  fetch: typeof fetch;
}

/**
 * Reads Oro's JSON:API error body (`{ errors: [{ status, title, detail, source: { pointer } }] }`): every error's
 * title, detail and pointer, joined; `code` is the first error's `code`, else its `status`. Other shapes go to the
 * generic parser.
 */
export const parseOroError: VendorErrorParser = (body) => {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return defaultVendorErrorParser(body);
  const parts = errors.map((error: Record<string, unknown> | null) => {
    const title = typeof error?.title === "string" ? error.title : undefined;
    const detail = typeof error?.detail === "string" ? error.detail : undefined;
    const source = error?.source as { pointer?: unknown; parameter?: unknown } | undefined;
    const where = typeof source?.pointer === "string" ? source.pointer : source?.parameter;
    const text = [title, detail].filter(Boolean).join(": ");
    return typeof where === "string" ? `${text} (${where})` : text;
  });
  const first = errors[0] as Record<string, unknown>;
  const code = first.code ?? first.status;
  return {
    ...(typeof code === "string" || typeof code === "number" ? { code: String(code) } : {}),
    message: parts.join("; "),
  };
};

/** Creates an OroCommerce back-office JSON:API client. */
export function createOroClient<Paths extends {} = OroPaths>(settings: OroClientSettings): OroClient<Paths> {
  const root = settings.baseUrl.replace(/\/+$/, "").replace(/\/admin\/api$/, "");
  const apiUrl = `${root}${ORO_API_PATH}`;
  const clock = settings.clock ?? systemClock;
  const pageSize = settings.pageSize ?? ORO_DEFAULT_PAGE_SIZE;
  const { auth } = settings;
  const redact = { secretValues: "clientSecret" in auth ? [auth.clientSecret] : [] };
  const governor = resolveGovernor(settings.governor, ORO_DEFAULT_RATE_LIMITS);
  const resilientFetch = createResilientFetch({
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
    ...(settings.retry ? { retry: settings.retry } : {}),
    ...(settings.hooks ? { hooks: settings.hooks } : {}),
    governor,
    auth: tokenProvider(settings, root, clock),
    parseVendorError: parseOroError,
    redact,
    clock,
  });
  // JSON:API headers on every request: openapi-fetch would send application/json.
  const oroFetch: typeof fetch = (input, init) => {
    const request = new Request(input, init);
    const accept = request.headers.get("accept");
    if (!accept || accept === "application/json" || accept === "*/*")
      request.headers.set("accept", JSON_API_MEDIA_TYPE);
    if (request.body !== null && (request.headers.get("content-type") ?? "").startsWith("application/json")) {
      request.headers.set("content-type", JSON_API_MEDIA_TYPE);
    }
    return resilientFetch(request);
  };

  const api = createPathBasedClient<Paths>({ baseUrl: apiUrl, fetch: oroFetch });
  // Untyped twin for the helpers: their resources are checked at their own signatures.
  // biome-ignore lint/suspicious/noExplicitAny: the helpers' signatures carry the types
  const raw = createClient<any>({ baseUrl: apiUrl, fetch: oroFetch });

  const queryFor = (resource: string, query: OroQuery | undefined): Record<string, string> =>
    resource in ORO_RESOURCES
      ? buildOroQueryFor(resource as OroResourceType, (query ?? {}) as OroQuery<never>)
      : buildOroQuery(query ?? {});

  const fetchPage = (resource: string, query: OroQuery | undefined, page: number, signal?: AbortSignal) =>
    raw.GET(`/${checkedResource(resource)}`, {
      params: {
        query: queryFor(resource, { ...query, page: { size: query?.page?.size ?? pageSize, number: page } }),
      },
      headers: { "X-Include": "totalCount" },
      ...(signal ? { signal } : {}),
    }) as Promise<{ data?: JsonApiDocument<ResourceObject[]>; error?: unknown; response: Response }>;

  const totalOf = (response: Response): number | undefined => {
    const value = response.headers.get(ORO_TOTAL_COUNT_HEADER);
    return value !== null && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
  };

  return {
    api,
    apiUrl,
    fetch: oroFetch,

    async list(resource, query, options = {}) {
      const result = await fetchPage(resource, query, query?.page?.number ?? 1, options.signal);
      const document = unwrap(result) as JsonApiDocument<ResourceObject[]>;
      return { items: flattenDocument(document, options) as never[], total: totalOf(result.response), document };
    },

    listAll(resource, query, options = {}) {
      const size = query?.page?.size ?? pageSize;
      return paginatePages<JsonApiDocument<ResourceObject[]>, never>({
        firstPage: query?.page?.number ?? 1,
        pageSize: size,
        ...(options.maxPages !== undefined ? { maxPages: options.maxPages } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        fetchPage: (page, signal) => fetchPage(resource, query, page, signal),
        items: (body) => flattenDocument(body, options) as never[],
        totalCount: (_body, response) => totalOf(response),
        hasMore: (body) => {
          const links = body.links;
          return links === undefined || links === null || Boolean(links.next);
        },
      });
    },

    async get(resource, id, query, options = {}) {
      const result = await raw.GET(`/${checkedResource(resource)}/{id}`, {
        params: { path: { id: String(id) }, query: buildOroQuery(query ?? {}) },
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return flattenDocument(unwrap(result) as JsonApiDocument<ResourceObject>, options) as never;
    },

    async batch(resource, input, options = {}) {
      const document: BatchRequestDocument = Array.isArray(input)
        ? toJsonApiBatchDocument(resource, input as readonly Record<string, unknown>[], {
            ...(options.mode ? { mode: options.mode } : {}),
            ...(options.relationships ? { relationships: options.relationships } : {}),
          })
        : (input as BatchRequestDocument);
      const primary = document.data.length;
      const included = document.included?.length ?? 0;
      if (primary === 0) throw new RangeError("a batch needs at least one record");
      const fits = primary <= ORO_SYNC_BATCH_MAX_PRIMARY && included <= ORO_SYNC_BATCH_MAX_INCLUDED;
      const wanted = options.sync ?? "auto";
      if (wanted === true && !fits) {
        throw new RangeError(
          `X-Mode: sync takes at most ${ORO_SYNC_BATCH_MAX_PRIMARY} primary and ${ORO_SYNC_BATCH_MAX_INCLUDED} included records (got ${primary} and ${included})`,
        );
      }
      const sync = wanted === "auto" ? fits : wanted;
      // Updates and upserts by id land the same however often they are sent; creates do not (O6).
      const idempotent = document.data.every((record) => record.meta?.update === true || record.meta?.upsert === true);
      const result = await raw.PATCH(`/${checkedResource(resource)}`, {
        body: document,
        headers: { ...(sync ? { "X-Mode": "sync" } : {}), ...(idempotent ? httpOptions({ idempotent: true }) : {}) },
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const body = unwrap(result) as JsonApiDocument;
      if (result.response.status === 202 || isAsyncOperation(body?.data)) {
        const operation = isAsyncOperation(body?.data)
          ? (flattenDocument(body as JsonApiDocument<ResourceObject>) as OroAsyncOperation)
          : undefined;
        const operationId = operation?.id ?? operationIdFrom(result.response.headers.get("content-location"));
        if (!operationId) throw new Error("Oro accepted the batch as asynchronous but named no async operation");
        return { mode: "async", operationId, operation, fellBackToAsync: sync };
      }
      return { mode: "sync", items: flattenDocument(body as JsonApiDocument<ResourceObject[]>) as never[] };
    },

    waitForAsyncOperation(id, waitOptions = {}) {
      return pollUntil(
        async (signal) => {
          const result = await raw.GET("/asyncoperations/{id}", {
            params: { path: { id } },
            ...(signal ? { signal } : {}),
          });
          return flattenDocument(unwrap(result) as JsonApiDocument<ResourceObject>) as OroAsyncOperation;
        },
        (state) => state.status === "success" || state.status === "failed" || state.status === "cancelled",
        {
          ...waitOptions,
          clock,
          onTimeout: (last, timeoutMs) => new OroAsyncOperationTimeoutError(id, last, timeoutMs),
        },
      );
    },
  };
}

function checkedResource(resource: string): string {
  if (!/^[a-z][a-z0-9]*$/i.test(resource)) throw new TypeError(`"${resource}" is not an Oro resource type`);
  return resource;
}

function isAsyncOperation(data: unknown): boolean {
  return (data as { type?: unknown } | null)?.type === "asyncoperations";
}

function operationIdFrom(location: string | null): string | undefined {
  return location ? /\/asyncoperations\/([^/?#]+)/.exec(location)?.[1] : undefined;
}

function tokenProvider(settings: OroClientSettings, root: string, clock: Clock): TokenProvider {
  const { auth } = settings;
  if ("getToken" in auth) return callbackTokenProvider(auth.getToken);
  return createOAuth2ClientCredentials({
    tokenUrl: auth.tokenUrl ?? `${root}${ORO_TOKEN_PATH}`,
    clientId: auth.clientId,
    clientSecret: auth.clientSecret,
    clock,
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
    ...(settings.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
  });
}
