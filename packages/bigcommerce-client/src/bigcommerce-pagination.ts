import { type CommonPaginationOptions, type FetchResultLike, type Paginator, paginatePages } from "@org/http";

/** Largest `limit` BigCommerce accepts on list endpoints (v2 and v3). */
export const BIGCOMMERCE_MAX_PAGE_SIZE = 250;

/** `page` and `limit` for one page request. */
export interface PageQuery {
  page: number;
  limit: number;
}

/** Options for {@link paginateV2} and {@link paginateV3}. */
export interface BigCommercePaginationOptions<TBody> extends CommonPaginationOptions {
  /**
   * Loads one page, e.g.
   * `({ page, limit }, signal) => client.api["/v2/orders"].GET({ params: { query: { page, limit } }, signal })`.
   * Required.
   */
  fetchPage: (query: PageQuery, signal: AbortSignal | undefined) => Promise<FetchResultLike<TBody>>;
  /** Page size sent as `limit`; a shorter page is the last one. Default: {@link BIGCOMMERCE_MAX_PAGE_SIZE} (250). */
  limit?: number;
}

/** The item type of a v2 list body (an array). */
export type V2Item<TBody> = NonNullable<TBody> extends readonly (infer T)[] ? T : never;

/** `meta.pagination` of a v3 list body. */
export interface V3Pagination {
  total?: number;
  count?: number;
  per_page?: number;
  current_page?: number;
  total_pages?: number;
  links?: { previous?: string; current?: string; next?: string };
}

/** The item type of a v3 list body (`{ data: T[], meta }`). */
export type V3Item<TBody> = NonNullable<TBody> extends { data?: readonly (infer T)[] } ? T : never;

function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > BIGCOMMERCE_MAX_PAGE_SIZE) {
    throw new RangeError(
      `BigCommerce page limit must be an integer from 1 to ${BIGCOMMERCE_MAX_PAGE_SIZE}, got ${limit}`,
    );
  }
  return limit;
}

function paginationOf(body: unknown): V3Pagination | undefined {
  if (body === null || typeof body !== "object") return undefined;
  const meta = (body as { meta?: unknown }).meta;
  if (meta === null || typeof meta !== "object") return undefined;
  const pagination = (meta as { pagination?: unknown }).pagination;
  return pagination !== null && typeof pagination === "object" ? (pagination as V3Pagination) : undefined;
}

/**
 * Pages through a v2 list (`/v2/orders`, `/v2/orders/{id}/products`, …) by `page`/`limit`. Stops at a 204 with no
 * body (v2's answer to a page past the end, or to an empty list), an empty array, or a page shorter than `limit`.
 * Bodies are passed through as parsed: money stays a decimal string (`"12.3400"`).
 */
export function paginateV2<TBody>(options: BigCommercePaginationOptions<TBody>): Paginator<TBody, V2Item<TBody>> {
  const { fetchPage, limit: requested, ...common } = options;
  const limit = checkLimit(requested ?? BIGCOMMERCE_MAX_PAGE_SIZE);
  return paginatePages<TBody, V2Item<TBody>>({
    ...common,
    firstPage: 1,
    pageSize: limit,
    fetchPage: (page, signal) => fetchPage({ page, limit }, signal),
    items: (body) => (Array.isArray(body) ? (body as V2Item<TBody>[]) : []),
  });
}

/**
 * Pages through a v3 list (`/v3/catalog/products`, …) by `page`/`limit`, items from `data`. Stops when
 * `meta.pagination.current_page` reaches `total_pages`, when `meta.pagination.links` has no `next`, or on an empty
 * or short page (for endpoints without `meta.pagination`).
 */
export function paginateV3<TBody>(options: BigCommercePaginationOptions<TBody>): Paginator<TBody, V3Item<TBody>> {
  const { fetchPage, limit: requested, ...common } = options;
  const limit = checkLimit(requested ?? BIGCOMMERCE_MAX_PAGE_SIZE);
  return paginatePages<TBody, V3Item<TBody>>({
    ...common,
    firstPage: 1,
    pageSize: limit,
    fetchPage: (page, signal) => fetchPage({ page, limit }, signal),
    items: (body) => {
      const data = body !== null && typeof body === "object" ? (body as { data?: unknown }).data : undefined;
      return Array.isArray(data) ? (data as V3Item<TBody>[]) : [];
    },
    totalPages: (body) => paginationOf(body)?.total_pages,
    hasMore: (body) => {
      const pagination = paginationOf(body);
      if (pagination === undefined) return true;
      const { current_page: current, total_pages: total, links } = pagination;
      if (current !== undefined && total !== undefined && current >= total) return false;
      return links === undefined || Boolean(links.next);
    },
  });
}
