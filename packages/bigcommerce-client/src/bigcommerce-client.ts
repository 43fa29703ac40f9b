import {
  type Clock,
  callbackTokenProvider,
  createResilientFetch,
  delayFromHeader,
  type HttpHooks,
  type Paginator,
  type RateGovernor,
  type RateGovernorOptions,
  type RetryOptions,
} from "@org/http";
import { createPathBasedClient, type PathBasedClient } from "openapi-fetch";
import { parseVendorError } from "./bigcommerce-errors.js";
import {
  type BigCommercePaginationOptions,
  paginateV2,
  paginateV3,
  type V2Item,
  type V3Item,
} from "./bigcommerce-pagination.js";
import { BIGCOMMERCE_RATE_LIMIT_HEADERS, createBigCommerceRateGovernor } from "./bigcommerce-rate-governor.js";
import type { paths } from "./generated/index.js";
import {
  adjustInventoryInChunks,
  type InventoryAdjustmentChunkResult,
  type InventoryAdjustmentItem,
  type InventoryAdjustmentMode,
  type InventoryAdjustmentOptions,
  type InventoryAdjustmentRequest,
} from "./inventory-adjustments.js";

/** `https://api.bigcommerce.com`: `/stores/{store_hash}/v2/…` and `/stores/{store_hash}/v3/…` follow. */
export const BIGCOMMERCE_API_HOST = "https://api.bigcommerce.com";
/** The header that carries a store API account's access token. */
export const BIGCOMMERCE_AUTH_HEADER = "X-Auth-Token";

export interface BigCommerceClientSettings {
  /** The store's permanent hash (`abc123` in `https://api.bigcommerce.com/stores/abc123/v3`). */
  storeHash: string;
  /** Access token of a store API account; sent as `X-Auth-Token`, redacted from every error and log. */
  accessToken: string;
  /**
   * Store root the `/v2/…` and `/v3/…` paths are relative to. Default:
   * `https://api.bigcommerce.com/stores/{storeHash}`.
   */
  baseUrl?: string;
  /** Underlying fetch (e.g. a fake in tests). Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Per-attempt timeout in ms. Default: 60,000. */
  timeoutMs?: number;
  /**
   * Retry policy. Default: `@org/http`'s (4 attempts, jittered backoff, `Retry-After` honoured); a 429 also waits
   * for `X-Rate-Limit-Time-Reset-Ms`, and a 429 without any header backs off all the same.
   */
  retry?: RetryOptions;
  /**
   * Rate governor or its limits. Default: {@link BIGCOMMERCE_DEFAULT_RATE_LIMITS} (Standard plan: 150 per 30 s,
   * following the store's `X-Rate-Limit-Requests-Quota`; pause when `X-Rate-Limit-Requests-Left` reaches 0).
   * The budget is per store: share one governor across every client of a store.
   */
  governor?: RateGovernor | RateGovernorOptions;
  /** Logging and metrics hooks (the token is redacted). Default: none. */
  hooks?: HttpHooks;
  /** Time source for backoff, rate windows and timeouts. Default: the system clock; inject a virtual one in tests. */
  clock?: Clock;
}

export interface BigCommerceClient {
  /**
   * The typed openapi-fetch client over every generated v2 and v3 path, path-based so that type-checking resolves
   * only the paths you call: `client.api["/v3/catalog/products/{product_id}"].GET({ params: { path: { product_id } } })`.
   * `Accept` and `Content-Type` are supplied; money in v2 bodies stays a decimal string.
   */
  api: PathBasedClient<paths>;
  /**
   * Sets (`absolute`) or changes (`relative`) stock levels in requests of at most 2,000 items, one after another
   * (failure catalog I7). Returns one result per request in order; throws an `InventoryAdjustmentError` with every
   * chunk's outcome if any request failed.
   */
  adjustInventory<TItem extends InventoryAdjustmentItem>(
    mode: InventoryAdjustmentMode,
    request: InventoryAdjustmentRequest<TItem>,
    options?: InventoryAdjustmentOptions,
  ): Promise<InventoryAdjustmentChunkResult<TItem>[]>;
  /** Pages a v2 list by `page`/`limit` until a 204, an empty or a short page. */
  paginateV2<TBody>(options: BigCommercePaginationOptions<TBody>): Paginator<TBody, V2Item<TBody>>;
  /** Pages a v3 list by `page`/`limit` following `meta.pagination` (`total_pages`, `links.next`). */
  paginateV3<TBody>(options: BigCommercePaginationOptions<TBody>): Paginator<TBody, V3Item<TBody>>;
  /** The store root every path is relative to: `https://api.bigcommerce.com/stores/{storeHash}`. */
  storeUrl: string;
  /** The fetch all calls go through (headers, token, retries, governor). */
  fetch: typeof fetch;
  /** The governor this client waits for; pass it to other clients of the same store. */
  governor: RateGovernor;
}

/** Creates a BigCommerce REST client for one store, v2 and v3 alike. */
export function createBigCommerceClient(settings: BigCommerceClientSettings): BigCommerceClient {
  if (!settings.storeHash) throw new TypeError("createBigCommerceClient: storeHash is required");
  if (!settings.accessToken) throw new TypeError("createBigCommerceClient: accessToken is required");
  const storeUrl = (
    settings.baseUrl ?? `${BIGCOMMERCE_API_HOST}/stores/${encodeURIComponent(settings.storeHash)}`
  ).replace(/\/+$/, "");
  const governor =
    settings.governor && "acquire" in settings.governor
      ? settings.governor
      : createBigCommerceRateGovernor({
          ...settings.governor,
          ...(settings.clock ? { clock: settings.clock } : {}),
        });
  const { accessToken } = settings;
  const resilientFetch = createResilientFetch({
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
    ...(settings.retry ? { retry: settings.retry } : {}),
    ...(settings.hooks ? { hooks: settings.hooks } : {}),
    ...(settings.clock ? { clock: settings.clock } : {}),
    governor,
    auth: callbackTokenProvider(
      () => accessToken,
      (headers, token) => headers.set(BIGCOMMERCE_AUTH_HEADER, token),
    ),
    parseVendorError,
    resetHeaderHook: delayFromHeader(BIGCOMMERCE_RATE_LIMIT_HEADERS.timeResetMs),
    // `X-Auth-Token` is secret by name already; the literal token is also scrubbed from any text (an echoed body).
    redact: { secretNames: [BIGCOMMERCE_AUTH_HEADER], secretValues: [accessToken] },
  });
  // The published specs declare Accept and Content-Type as required header parameters: the client sends them.
  const bigCommerceFetch: typeof fetch = (input, init) => {
    const request = new Request(input, init);
    if (!request.headers.has("accept")) request.headers.set("Accept", "application/json");
    if (!request.headers.has("content-type")) request.headers.set("Content-Type", "application/json");
    return resilientFetch(request);
  };

  const api = createPathBasedClient<paths>({ baseUrl: storeUrl, fetch: bigCommerceFetch });
  return {
    api,
    storeUrl,
    fetch: bigCommerceFetch,
    governor,
    adjustInventory: (mode, request, options) =>
      adjustInventoryInChunks(
        (body, signal) =>
          mode === "absolute"
            ? api["/v3/inventory/adjustments/absolute"].PUT({ body, ...(signal ? { signal } : {}) })
            : api["/v3/inventory/adjustments/relative"].POST({ body, ...(signal ? { signal } : {}) }),
        mode,
        request,
        options,
      ),
    paginateV2,
    paginateV3,
  };
}
