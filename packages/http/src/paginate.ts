/**
 * Async-iterator pagination for the paging styles the SDK's vendors use:
 *
 * - {@link paginateNextLink}: the server returns the next page's link in the body, absolute (Business Central
 *   `@odata.nextLink`) or relative (SAP B1 `Orders?$skip=20`); the link is resolved against the URL of the
 *   request that returned it. `@org/odata` builds OData paging on this.
 * - {@link paginatePages}: page number and size (BigCommerce `page`/`limit`, where v2 answers an empty page with
 *   204; Magento `currentPage`/`pageSize`, where a page past the end repeats the last page and only
 *   `total_count` tells you to stop).
 * - {@link paginateJsonApi}: JSON:API `page[number]`/`page[size]` (OroCommerce, total in `X-Include-Total-Count`).
 *
 * Every loader returns an openapi-fetch result (`{ data, error, response }`), so typed clients plug in directly;
 * an error result is thrown as an `ApiCallError` (see `unwrap`). Each style has a `maxPages` guard and a loop
 * guard, so a misbehaving server ends in an explanatory error, never in an endless loop.
 */
import type { VendorErrorParser } from "./api-call-error.js";
import type { HeadersLike } from "./redact.js";
import { type FetchResultLike, toApiCallError } from "./unwrap.js";

/** One page of results. */
export interface Page<TBody, TItem> {
  /** 1-based position of this page in the iteration. */
  index: number;
  /** The page's items, as extracted by the `items` option. */
  items: TItem[];
  /** The page's parsed body; `undefined` for an empty 204 page. */
  body: TBody | undefined;
  response: Response;
  /** URL the page was requested from (used to resolve relative next links). Empty when unknown. */
  url: string;
}

/** Iterate pages with `for await (const page of paginator)`, or items with `paginator.items()`. */
export interface Paginator<TBody, TItem> extends AsyncIterable<Page<TBody, TItem>> {
  /** Pages, one request per page, fetched lazily as the loop asks for them. */
  pages(): AsyncGenerator<Page<TBody, TItem>, void, undefined>;
  /** Items across all pages, fetched lazily. */
  items(): AsyncGenerator<TItem, void, undefined>;
  /** Every item of every page in one array. Mind the memory for large sets; prefer `items()`. */
  toArray(): Promise<TItem[]>;
}

/** Raised when a server's paging would loop forever or exceeds the `maxPages` guard. */
export class PaginationError extends Error {
  override readonly name = "PaginationError";
}

/** Options every paging style shares. */
export interface CommonPaginationOptions {
  /** Stops (with a {@link PaginationError}) after this many pages, as a guard against runaway paging. Default: `10000`. */
  maxPages?: number;
  /** Aborts paging between and during page requests. Default: none. */
  signal?: AbortSignal;
  /** Reads the vendor's error body of a failed page. Default: the resilient fetch's parser, else the generic one. */
  parseVendorError?: VendorErrorParser;
}

/** Default `maxPages`. */
export const DEFAULT_MAX_PAGES = 10_000;

function makePaginator<TBody, TItem>(
  generate: () => AsyncGenerator<Page<TBody, TItem>, void, undefined>,
): Paginator<TBody, TItem> {
  return {
    pages: generate,
    [Symbol.asyncIterator]: generate,
    async *items() {
      for await (const page of generate()) yield* page.items;
    },
    async toArray() {
      const all: TItem[] = [];
      for await (const page of generate()) all.push(...page.items);
      return all;
    },
  };
}

function checkResult<TBody>(result: FetchResultLike<TBody>, parseVendorError: VendorErrorParser | undefined): void {
  if (result.error !== undefined || !result.response.ok) {
    throw toApiCallError(result, parseVendorError ? { parseVendorError } : {});
  }
}

function field(body: unknown, key: string): unknown {
  return body !== null && typeof body === "object" ? (body as Record<string, unknown>)[key] : undefined;
}

function asItems<TItem>(value: unknown, what: string): TItem[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new PaginationError(`${what} did not return an array of items`);
  return value as TItem[];
}

// ---------------------------------------------------------------------------------------------------------------
// Next link
// ---------------------------------------------------------------------------------------------------------------

/** Options for {@link paginateNextLink}. */
export interface NextLinkPaginationOptions<TBody, TItem> extends CommonPaginationOptions {
  /** Loads the first page, e.g. `(signal) => client.GET("/salesOrders", { signal })`. Required. */
  first: (signal: AbortSignal | undefined) => Promise<FetchResultLike<TBody>>;
  /**
   * Loads the page behind a next link (already resolved to an absolute URL). Default: a GET of the URL with
   * `fetch` and `headers`, parsed as JSON.
   */
  next?: (url: string, signal: AbortSignal | undefined) => Promise<FetchResultLike<TBody>>;
  /** `fetch` used by the default `next`; pass the client's resilient fetch. Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Headers sent by the default `next` (e.g. `Accept`, `Prefer: odata.maxpagesize=…`). Default: `Accept: application/json`. */
  headers?: HeadersLike;
  /** Reads the next link from a page body; a missing/empty value ends paging. Default: `body["@odata.nextLink"]`. */
  nextLink?: (body: TBody, response: Response) => string | null | undefined;
  /** Reads the items from a page body. Default: `body.value` (OData). */
  items?: (body: TBody) => readonly TItem[] | null | undefined;
  /**
   * URL against which relative links are resolved when the response does not carry its own URL (`response.url`
   * is empty for hand-made Responses). Default: none (a relative link then raises a {@link PaginationError}).
   */
  baseUrl?: string;
  /** Resolves a next link against the URL of the request that returned it. Default: `new URL(link, requestUrl)`. */
  resolve?: (link: string, requestUrl: string) => string;
}

/** Default next-link extractor: OData v4 `@odata.nextLink`. */
export const odataNextLink = (body: unknown): string | undefined => {
  const link = field(body, "@odata.nextLink");
  return typeof link === "string" ? link : undefined;
};

function resolveAgainst(link: string, requestUrl: string): string {
  try {
    return new URL(link, requestUrl || undefined).href;
  } catch {
    throw new PaginationError(
      `cannot resolve next link "${link}": it is relative and the page's request URL is unknown (set baseUrl)`,
    );
  }
}

/**
 * Follows next links until the body has none. Relative links (SAP B1's `Orders?$skip=20`) are resolved against
 * the URL of the request that returned them; absolute links (Business Central) are used as they are. A link that
 * was already visited raises a {@link PaginationError} instead of looping.
 *
 * ```ts
 * const orders = paginateNextLink({
 *   first: (signal) => client.GET("/companies({id})/salesOrders", { params: { path: { id } }, signal }),
 *   fetch: resilientFetch,
 * });
 * for await (const order of orders.items()) …
 * ```
 */
export function paginateNextLink<TBody = unknown, TItem = unknown>(
  options: NextLinkPaginationOptions<TBody, TItem>,
): Paginator<TBody, TItem> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const readNextLink = options.nextLink ?? ((body: TBody) => odataNextLink(body));
  const readItems = options.items ?? ((body: TBody) => asItems<TItem>(field(body, "value"), "the page body's `value`"));
  const resolve = options.resolve ?? resolveAgainst;
  const next =
    options.next ??
    (async (url: string, signal: AbortSignal | undefined): Promise<FetchResultLike<TBody>> => {
      const doFetch = options.fetch ?? globalThis.fetch;
      const response = await doFetch(url, {
        headers: options.headers ?? { accept: "application/json" },
        ...(signal ? { signal } : {}),
      });
      const text = await response.text();
      let parsed: unknown = text === "" ? undefined : text;
      try {
        parsed = text === "" ? undefined : (JSON.parse(text) as unknown);
      } catch {
        // Keep the text: an HTML error page is still worth showing in the error.
      }
      return response.ok ? { data: parsed as TBody, response } : { error: parsed, response };
    });

  return makePaginator(async function* pages() {
    const visited = new Set<string>();
    let result = await options.first(options.signal);
    let requestUrl = result.response.url || options.baseUrl || "";
    for (let index = 1; ; index++) {
      checkResult(result, options.parseVendorError);
      const body = result.data;
      yield {
        index,
        items: body === undefined ? [] : [...(readItems(body) ?? [])],
        body,
        response: result.response,
        url: requestUrl,
      };
      const link = body === undefined ? undefined : readNextLink(body, result.response);
      if (!link) return;
      const url = resolve(link, requestUrl);
      if (visited.has(url) || url === requestUrl) {
        throw new PaginationError(`next link repeats a page already read (${url}): the server is looping`);
      }
      if (index >= maxPages) {
        throw new PaginationError(`stopped after maxPages (${maxPages}) pages; raise maxPages if this is expected`);
      }
      visited.add(url);
      options.signal?.throwIfAborted();
      result = await next(url, options.signal);
      requestUrl = result.response.url || url;
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Page number
// ---------------------------------------------------------------------------------------------------------------

/** Options for {@link paginatePages}. */
export interface PageNumberPaginationOptions<TBody, TItem> extends CommonPaginationOptions {
  /**
   * Loads one page by number, e.g.
   * `(page, signal) => client.GET("/v2/orders", { params: { query: { page, limit: 250 } }, signal })`. Required.
   */
  fetchPage: (page: number, signal: AbortSignal | undefined) => Promise<FetchResultLike<TBody>>;
  /** Reads the items from a page body. Default: the body itself when it is an array, else `body.data`, else `body.items`. */
  items?: (body: TBody) => readonly TItem[] | null | undefined;
  /** Number of the first page (Magento and BigCommerce: 1; some endpoints count from 0). Default: `1`. */
  firstPage?: number;
  /** Requested page size. A page with fewer items is the last one. Default: none (only other signals stop). */
  pageSize?: number;
  /**
   * Total number of items, read from a page (Magento `total_count`, Oro `X-Include-Total-Count`). Paging stops
   * once that many items were read: the one reliable stop for servers that repeat the last page. Default: none.
   */
  totalCount?: (body: TBody | undefined, response: Response) => number | undefined;
  /** Total number of pages (BigCommerce v3 `meta.pagination.total_pages`). Default: none. */
  totalPages?: (body: TBody | undefined, response: Response) => number | undefined;
  /** Custom "is there another page" test, consulted after the built-in stops. Default: none. */
  hasMore?: (body: TBody, response: Response, items: readonly TItem[]) => boolean;
}

function defaultPageItems<TItem>(body: unknown): TItem[] {
  if (Array.isArray(body)) return body as TItem[];
  const data = field(body, "data");
  if (data !== undefined) return asItems<TItem>(data, "the page body's `data`");
  return asItems<TItem>(field(body, "items"), "the page body's `items`");
}

/**
 * Requests page after page until one of these says stop: an empty page (including a 204 without a body, as
 * BigCommerce v2 answers), a page shorter than `pageSize`, `totalCount` items read, `totalPages` reached,
 * `hasMore` false, or a page identical to the previous one (Magento answers a page past the end with the last page
 * again; it is dropped, not yielded twice). Magento also repeats records across pages without a stable sort:
 * always sort by a unique key.
 */
export function paginatePages<TBody = unknown, TItem = unknown>(
  options: PageNumberPaginationOptions<TBody, TItem>,
): Paginator<TBody, TItem> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const firstPage = options.firstPage ?? 1;
  const readItems = options.items ?? ((body: TBody) => defaultPageItems<TItem>(body));

  return makePaginator(async function* pages() {
    let seen = 0;
    let previousFingerprint: string | undefined;
    for (let index = 1; ; index++) {
      if (index > maxPages) {
        throw new PaginationError(`stopped after maxPages (${maxPages}) pages; raise maxPages if this is expected`);
      }
      options.signal?.throwIfAborted();
      const pageNumber = firstPage + index - 1;
      const result = await options.fetchPage(pageNumber, options.signal);
      checkResult(result, options.parseVendorError);
      const { response } = result;
      const body = response.status === 204 ? undefined : result.data;
      const items = body === undefined ? [] : [...(readItems(body) ?? [])];
      if (items.length === 0) return;

      // A page equal to the one before is the server repeating its last page: stop without yielding it again.
      const fingerprint = JSON.stringify(items);
      if (fingerprint === previousFingerprint) return;
      previousFingerprint = fingerprint;

      const total = options.totalCount?.(body, response);
      const remaining = total === undefined ? undefined : Math.max(0, total - seen);
      // Past the total the page is the repetition, so it holds nothing new.
      if (remaining === 0) return;
      const fresh = remaining !== undefined && items.length > remaining ? items.slice(0, remaining) : items;
      seen += fresh.length;
      yield { index, items: fresh, body, response, url: response.url };

      if (total !== undefined && seen >= total) return;
      if (options.pageSize !== undefined && items.length < options.pageSize) return;
      const totalPages = options.totalPages?.(body, response);
      if (totalPages !== undefined && pageNumber - firstPage + 1 >= totalPages) return;
      if (body !== undefined && options.hasMore && !options.hasMore(body, response, items)) return;
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// JSON:API
// ---------------------------------------------------------------------------------------------------------------

/** Options for {@link paginateJsonApi}. */
export interface JsonApiPaginationOptions<TBody> extends CommonPaginationOptions {
  /**
   * Loads one page, e.g. `(page, signal) => client.GET("/admin/api/orders", { params: { query:
   * { "page[number]": page, "page[size]": 100 } }, headers: { "X-Include": "totalCount" }, signal })`. Required.
   */
  fetchPage: (page: number, signal: AbortSignal | undefined) => Promise<FetchResultLike<TBody>>;
  /** The `page[size]` sent; a shorter page is the last one. Required (JSON:API servers don't echo it). */
  pageSize: number;
  /** Header holding the total count when the request sent `X-Include: totalCount`. Default: `X-Include-Total-Count`. */
  totalCountHeader?: string;
}

/**
 * JSON:API paging by `page[number]` (OroCommerce): items are `body.data`; paging stops on a short or empty page,
 * when the total from `X-Include-Total-Count` is reached, or when the body has `links` without `links.next`.
 */
export function paginateJsonApi<TBody = unknown, TItem = unknown>(
  options: JsonApiPaginationOptions<TBody>,
): Paginator<TBody, TItem> {
  const header = options.totalCountHeader ?? "x-include-total-count";
  return paginatePages<TBody, TItem>({
    ...options,
    firstPage: 1,
    items: (body) => asItems<TItem>(field(body, "data"), "the JSON:API document's `data`"),
    totalCount: (_body, response) => {
      const value = response.headers.get(header);
      return value !== null && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
    },
    hasMore: (body) => {
      const links = field(body, "links");
      return links === undefined || links === null || Boolean(field(links, "next"));
    },
  });
}
