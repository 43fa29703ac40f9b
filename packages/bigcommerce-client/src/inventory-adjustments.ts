import { ApiCallError, type FetchResultLike, toApiCallError } from "@org/http";

/** BigCommerce accepts at most 2,000 items in one inventory adjustment (absolute or relative). */
export const BIGCOMMERCE_MAX_INVENTORY_ADJUSTMENT_ITEMS = 2000;

/**
 * `absolute` sets the stock level (`PUT /v3/inventory/adjustments/absolute`, safe to send again); `relative` adds
 * `quantity` (may be negative) to it (`POST /v3/inventory/adjustments/relative`, NOT safe to send again).
 */
export type InventoryAdjustmentMode = "absolute" | "relative";

/** One item of an adjustment: a location and exactly one of `sku`, `variant_id`, `product_id`. */
export type InventoryAdjustmentItem = { location_id: number; quantity: number } & (
  | { sku: string; variant_id?: never; product_id?: never }
  | { variant_id: number; sku?: never; product_id?: never }
  | { product_id: number; sku?: never; variant_id?: never }
);

/** The body of an adjustment before chunking: `{ reason, items }` with any number of items. */
export interface InventoryAdjustmentRequest<TItem = InventoryAdjustmentItem> {
  /** Shown in the store's inventory history. Default: none. */
  reason?: string;
  items: readonly TItem[];
}

/** Options for one `adjustInventory` call. */
export interface InventoryAdjustmentOptions {
  /** Items per request, at most {@link BIGCOMMERCE_MAX_INVENTORY_ADJUSTMENT_ITEMS}. Default: 2,000. */
  chunkSize?: number;
  /** Aborts the remaining requests (a chunk already sent may have landed). Default: none. */
  signal?: AbortSignal;
}

interface ChunkBase<TItem> {
  /** 0-based position of the chunk. */
  chunk: number;
  /** Index in the request's `items` of the chunk's first item. */
  offset: number;
  /** The chunk's items, to re-queue exactly these after a failure. */
  items: readonly TItem[];
}

/** The outcome of one chunk (one request), in request order. */
export type InventoryAdjustmentChunkResult<TItem = InventoryAdjustmentItem> = ChunkBase<TItem> &
  (
    | { ok: true; status: number; transactionId: string | undefined }
    | {
        ok: false;
        /** Vendor code and message, status, `retryable`; `outcomeUnknown` when a relative chunk may have landed. */
        error: ApiCallError;
      }
  );

/**
 * Thrown by `adjustInventory` when at least one chunk failed, after every chunk was tried (the chunks are
 * independent). `results` holds every chunk's outcome in order; `failed` the failed ones with their items.
 */
export class InventoryAdjustmentError<TItem = InventoryAdjustmentItem> extends Error {
  override readonly name = "InventoryAdjustmentError";
  readonly results: readonly InventoryAdjustmentChunkResult<TItem>[];

  constructor(mode: InventoryAdjustmentMode, results: readonly InventoryAdjustmentChunkResult<TItem>[]) {
    const failed = results.filter((r) => !r.ok);
    const first = failed[0];
    super(
      `${failed.length} of ${results.length} ${mode} inventory adjustment request(s) failed` +
        (first && !first.ok
          ? `; first: items ${first.offset}–${first.offset + first.items.length - 1}: ${first.error.message}`
          : ""),
      first && !first.ok ? { cause: first.error } : undefined,
    );
    this.results = results;
  }

  /** The failed chunks, each with its items and `ApiCallError`. */
  get failed(): Extract<InventoryAdjustmentChunkResult<TItem>, { ok: false }>[] {
    return this.results.filter((r): r is Extract<InventoryAdjustmentChunkResult<TItem>, { ok: false }> => !r.ok);
  }
}

/**
 * Sends one chunk: `PUT /v3/inventory/adjustments/absolute` or `POST /v3/inventory/adjustments/relative` with
 * `{ reason, items }`, returning the openapi-fetch result.
 */
export type SendInventoryAdjustment<TItem> = (
  body: { reason?: string; items: TItem[] },
  signal: AbortSignal | undefined,
) => Promise<FetchResultLike<{ transaction_id?: string } | undefined>>;

/**
 * Sends an inventory adjustment in requests of at most 2,000 items, one after another, never one per SKU (failure
 * catalog I7). Every chunk is tried; if any failed, an {@link InventoryAdjustmentError} with every chunk's outcome
 * is thrown, else the results are returned in order.
 *
 * Absolute adjustments (PUT) set levels, so the resilient fetch retries them like any PUT. Relative adjustments
 * (POST) add to the stock: after a 429 they are sent again (not processed), after a 5xx, 408, timeout or lost
 * connection they are not, and their error says `outcomeUnknown: true`: check the levels before re-sending.
 */
export async function adjustInventoryInChunks<TItem>(
  send: SendInventoryAdjustment<TItem>,
  mode: InventoryAdjustmentMode,
  request: InventoryAdjustmentRequest<TItem>,
  options: InventoryAdjustmentOptions = {},
): Promise<InventoryAdjustmentChunkResult<TItem>[]> {
  const size = options.chunkSize ?? BIGCOMMERCE_MAX_INVENTORY_ADJUSTMENT_ITEMS;
  if (!Number.isInteger(size) || size < 1 || size > BIGCOMMERCE_MAX_INVENTORY_ADJUSTMENT_ITEMS) {
    throw new RangeError(
      `chunkSize must be an integer from 1 to ${BIGCOMMERCE_MAX_INVENTORY_ADJUSTMENT_ITEMS}, got ${options.chunkSize}`,
    );
  }
  const results: InventoryAdjustmentChunkResult<TItem>[] = [];
  for (let offset = 0, chunk = 0; offset < request.items.length; offset += size, chunk++) {
    options.signal?.throwIfAborted();
    const items = request.items.slice(offset, offset + size);
    const body = { ...(request.reason === undefined ? {} : { reason: request.reason }), items };
    results.push({ chunk, offset, items, ...(await sendChunk(send, body, options.signal)) });
  }
  if (results.some((r) => !r.ok)) throw new InventoryAdjustmentError(mode, results);
  return results;
}

async function sendChunk<TItem>(
  send: SendInventoryAdjustment<TItem>,
  body: { reason?: string; items: TItem[] },
  signal: AbortSignal | undefined,
): Promise<{ ok: true; status: number; transactionId: string | undefined } | { ok: false; error: ApiCallError }> {
  try {
    const result = await send(body, signal);
    if (!result.response.ok || result.error !== undefined) return { ok: false, error: toApiCallError(result) };
    const transactionId = result.data?.transaction_id;
    return {
      ok: true,
      status: result.response.status,
      transactionId: transactionId === undefined || transactionId === null ? undefined : String(transactionId),
    };
  } catch (error) {
    // A caller's abort and a failing token source are not this chunk's API failure.
    if (signal?.aborted || !(error instanceof ApiCallError)) throw error;
    return { ok: false, error };
  }
}
