/**
 * OData server-driven paging: follow `@odata.nextLink` until there is none, asking for a page size with
 * `Prefer: odata.maxpagesize=N`. Next links may be absolute (Business Central) or relative (SAP Business One
 * `Orders?$skip=20`); relative ones are resolved the way OData specifies (against the context URL, i.e. the
 * service root), not naively against the request URL. Built on `paginateNextLink` from `@org/http`.
 */
import {
  type CommonPaginationOptions,
  type FetchResultLike,
  type Page,
  PaginationError,
  type Paginator,
  paginateNextLink,
} from "@org/http";
import { ODataUsageError } from "./errors.js";

/** The body of an OData collection response. */
export interface ODataCollection<TItem> {
  value: TItem[];
  "@odata.nextLink"?: string;
  "@odata.count"?: number;
  "@odata.context"?: string;
}

/** One page of an OData collection (the `Page` of `@org/http`). */
export type ODataPage<TItem> = Page<ODataCollection<TItem>, TItem>;

/** Options of {@link paginateOData}. */
export interface ODataPaginationOptions<TItem> extends CommonPaginationOptions {
  /**
   * Absolute URL of the first page, query options included (e.g. built with `buildQueryString`). Required unless
   * `first` is given.
   */
  url?: string;
  /**
   * Loads the first page yourself instead of `url`, e.g. with a typed openapi-fetch client:
   * `(signal) => client.GET("/Orders", { headers: maxPageSizeHeaders(100), signal })`. Default: none (`url` is
   * fetched).
   */
  first?: (signal: AbortSignal | undefined) => Promise<FetchResultLike<ODataCollection<TItem>>>;
  /** `fetch` for the pages this helper requests; pass the client's resilient fetch. Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /**
   * Preferred page size, sent as `Prefer: odata.maxpagesize=N` on every page request. The server may send
   * smaller pages; some (SAP Business One) treat 0 as "no paging", which is risky for large sets.
   * @default none (the service's own page size, e.g. 20 on SAP Business One)
   */
  maxPageSize?: number;
  /** Extra headers on every page request; a `Prefer` here is merged with `maxPageSize`. Default: `Accept: application/json`. */
  headers?: Readonly<Record<string, string>>;
  /**
   * Base for relative next links. Set it when the service's relative links are always relative to its root
   * (SAP Business One: `https://host/b1s/v2` + `Orders?$skip=20`), whatever URL the first page came from. When
   * not set, a relative link is resolved as OData JSON §4.3 says: against the page's `@odata.context` URL (itself
   * resolved against the request URL), and only without a context against the URL of the request that
   * returned it.
   * @default none (context URL, then request URL)
   */
  serviceRoot?: string;
}

function checkPageSize(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ODataUsageError(`maxPageSize must be a non-negative integer, got ${String(value)}`);
  }
  return value;
}

/**
 * The `Prefer` header asking for at most `maxPageSize` entities per page, merged into an existing `Prefer`
 * value (an earlier `odata.maxpagesize` preference is replaced).
 */
export function maxPageSizeHeaders(maxPageSize: number, existingPrefer?: string): { Prefer: string } {
  const preference = `odata.maxpagesize=${checkPageSize(maxPageSize)}`;
  const others = (existingPrefer ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "" && !/^odata\.maxpagesize\s*=/i.test(part));
  return { Prefer: [...others, preference].join(", ") };
}

function withTrailingSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}

function contextOf(body: unknown): string | undefined {
  const context =
    body !== null && typeof body === "object" ? (body as Record<string, unknown>)["@odata.context"] : undefined;
  return typeof context === "string" && context !== "" ? context : undefined;
}

/**
 * Resolves an `@odata.nextLink` to an absolute URL. Absolute links are returned as they are; relative ones are
 * resolved against `serviceRoot` when given, else against the context URL (itself resolved against the request
 * URL), else against the request URL.
 * @throws PaginationError when a relative link has nothing absolute to resolve against.
 */
export function resolveNextLink(
  link: string,
  base: { requestUrl?: string | undefined; context?: string | undefined; serviceRoot?: string | undefined },
): string {
  try {
    if (base.serviceRoot !== undefined) return new URL(link, withTrailingSlash(base.serviceRoot)).href;
    const requestUrl = base.requestUrl || undefined;
    const contextUrl = base.context === undefined ? undefined : new URL(base.context, requestUrl).href;
    return new URL(link, contextUrl ?? requestUrl).href;
  } catch (cause) {
    throw new PaginationError(
      `cannot resolve next link ${JSON.stringify(link)}: it is relative and there is no absolute base (set serviceRoot)`,
      { cause },
    );
  }
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Pages through an OData collection: sends `Prefer: odata.maxpagesize=N`, follows `@odata.nextLink` (absolute or
 * relative) and stops when a page has none. Returns `@org/http`'s `Paginator`: iterate pages with `for await`,
 * items with `.items()`, or collect with `.toArray()`. A failed page throws an `ApiCallError`; a looping server
 * or more than `maxPages` pages throws a `PaginationError`.
 *
 * ```ts
 * const orders = paginateOData<SalesOrder>({
 *   url: `${serviceRoot}/companies(${companyId})/salesOrders?${buildQueryString({ filter, top: 1000 })}`,
 *   fetch: resilientFetch,
 *   maxPageSize: 100,
 * });
 * for await (const order of orders.items()) …
 * ```
 * @throws ODataUsageError (synchronously) when neither or both of `url` and `first` are given, or for an invalid
 *   `maxPageSize`.
 */
export function paginateOData<TItem = unknown>(
  options: ODataPaginationOptions<TItem>,
): Paginator<ODataCollection<TItem>, TItem> {
  if ((options.url === undefined) === (options.first === undefined)) {
    throw new ODataUsageError("paginateOData needs exactly one of `url` and `first`");
  }
  if (options.url !== undefined && !URL.canParse(options.url)) {
    throw new ODataUsageError(`url must be absolute, got ${JSON.stringify(options.url)}`);
  }
  if (options.serviceRoot !== undefined && !URL.canParse(options.serviceRoot)) {
    throw new ODataUsageError(`serviceRoot must be an absolute URL, got ${JSON.stringify(options.serviceRoot)}`);
  }
  const headers: Record<string, string> = { Accept: "application/json" };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (name.toLowerCase() === "accept") headers.Accept = value;
    else if (name.toLowerCase() !== "prefer") headers[name] = value;
  }
  const prefer = Object.entries(options.headers ?? {}).find(([name]) => name.toLowerCase() === "prefer")?.[1];
  if (options.maxPageSize !== undefined) headers.Prefer = maxPageSizeHeaders(options.maxPageSize, prefer).Prefer;
  else if (prefer !== undefined) headers.Prefer = prefer;

  const load = async (
    url: string,
    signal: AbortSignal | undefined,
  ): Promise<FetchResultLike<ODataCollection<TItem>>> => {
    const doFetch = options.fetch ?? globalThis.fetch;
    const response = await doFetch(url, { method: "GET", headers, ...(signal ? { signal } : {}) });
    const body = parseBody(await response.text());
    return response.ok ? { data: body as ODataCollection<TItem>, response } : { error: body, response };
  };

  // The context of the page whose next link is being resolved: set by the extractor, read by the resolver right
  // after it (no await in between), so concurrent iterations cannot mix them up.
  let context: string | undefined;
  const firstUrl = options.url;
  return paginateNextLink<ODataCollection<TItem>, TItem>({
    ...(options.maxPages === undefined ? {} : { maxPages: options.maxPages }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.parseVendorError === undefined ? {} : { parseVendorError: options.parseVendorError }),
    first: options.first ?? ((signal) => load(firstUrl!, signal)),
    next: load,
    ...(firstUrl === undefined ? {} : { baseUrl: firstUrl }),
    nextLink: (body) => {
      context = contextOf(body);
      const link = body["@odata.nextLink"];
      return typeof link === "string" ? link : undefined;
    },
    resolve: (link, requestUrl) => resolveNextLink(link, { requestUrl, context, serviceRoot: options.serviceRoot }),
  });
}
