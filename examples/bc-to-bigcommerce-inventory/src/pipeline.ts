/**
 * Business Central stock → BigCommerce availability (I1–I8). The ERP is master and the push is one way (I1).
 *
 * 1. BC stock: the standard API v2.0 gives one `inventory` per item, summed over every location
 *    (`stockFromBcItems`), reported under one warehouse code (`totalStockWarehouse`, default `ALL`). Per-location
 *    stock needs a custom API page: pass `readStock` to read it, and the targets say which locations count (I4).
 * 2. `computeAvailability`: only the configured warehouses feed each BigCommerce location (I4), minus the safety
 *    buffer (I3), whole units, never negative. Blocked items are published as 0.
 * 3. Only what changed since the levels last published (kept in the checkpoint store; `availabilityDelta`, I2);
 *    `fullResync` publishes everything.
 * 4. `toBigCommerceInventoryAdjustments` → `PUT /v3/inventory/adjustments/absolute`, 2,000 items per request (I7).
 *    Absolute levels are safe to send again, so a lost response is simply retried; a chunk that still fails is
 *    not recorded as published and goes out with the next run.
 * A SKU that cannot be published (an unmapped location, a bad quantity) is quarantined; the others go on.
 */
import { type BcClient, stockFromBcItems } from "@org/bc-client";
import {
  BIGCOMMERCE_DEFAULT_LOCATION_ID,
  type BigCommerceClient,
  type BigCommerceSkuAdjustmentItem,
  type InventoryAdjustmentChunkResult,
  InventoryAdjustmentError,
  toBigCommerceInventoryAdjustments,
} from "@org/bigcommerce-client";
import {
  type Availability,
  type AvailabilityTarget,
  computeAvailability,
  createSyncException,
  Decimal,
  type StockBuffer,
  type StockLevel,
  type SyncException,
} from "@org/core";
import {
  type CheckpointStore,
  type Connection,
  callCounter,
  RunReport,
  type RunReportOptions,
  type RunSummary,
} from "@org/example-kit";
import type { FakeService } from "@org/testing";
import { decodePublishedLevels, encodePublishedLevels, levelsToPush, mergePublished } from "./published-levels.js";

export const PIPELINE_NAME = "bc-to-bigcommerce-inventory";

/** BC stock as read by the pipeline: levels per warehouse, every SKU that exists, and records that could not be read. */
export interface BcStock {
  stock: StockLevel[];
  /** Every inventory SKU, with or without stock (they are published as 0 when they have none). */
  skus: string[];
  /** SKUs BC blocks: published as 0 whatever their stock (O1). */
  blocked: string[];
  exceptions: SyncException[];
}

export interface InventorySyncOptions {
  /** Business Central, real or fake (the kit's `connectBc`). */
  bc: Connection<BcClient, FakeService>;
  /** BigCommerce, real or fake (the kit's `connectBigCommerce`). */
  bigCommerce: Connection<BigCommerceClient, FakeService>;
  /** Where the levels last published are kept between runs. */
  checkpoints: CheckpointStore;
  /**
   * BigCommerce locations (by location `code`; absent: store-wide, i.e. the default location) and the BC warehouses
   * that feed each (I4). Required.
   */
  targets: readonly AvailabilityTarget[];
  /**
   * BC warehouses whose stock is deliberately not sold online (returns, quality hold): left out silently. Stock at
   * any other warehouse that no target names is quarantined as WAREHOUSE_NOT_MAPPED (I4). Default: none.
   */
  ignoredWarehouses?: readonly string[];
  /** Safety buffer for every SKU (I3). Default: none. */
  buffer?: StockBuffer;
  /** Per-SKU buffers, replacing `buffer` for that SKU (I3). Default: none. */
  bufferBySku?: Readonly<Record<string, StockBuffer>>;
  /**
   * Warehouse code the standard API's per-item totals are reported under (when `readStock` is not given).
   * Default: `ALL`.
   */
  totalStockWarehouse?: string;
  /** Reads BC stock per location from a custom API page. Default: items' `inventory` totals (standard API). */
  readStock?: (bc: BcClient) => Promise<BcStock>;
  /** BigCommerce location code → id. Default: read from `GET /v3/inventory/locations` (one call). */
  locationIds?: Readonly<Record<string, number>>;
  /** Publish every level, not only what changed (I2 "full resync on demand"). Default: `false`. */
  fullResync?: boolean;
  /** Items per adjustment request, at most 2,000. Default: 2,000. */
  chunkSize?: number;
  /** Shown in BigCommerce's inventory history. Default: `Business Central stock sync`. */
  reason?: string;
  /** Key of the published levels in `checkpoints`. Default: `bc-to-bigcommerce-inventory:published`. */
  checkpointKey?: string;
  /** Progress and summary output. Default: console. */
  report?: RunReportOptions;
}

/** The run's summary, plus what was sent, for callers that want to inspect it (tests, benchmarks). */
export interface InventorySyncSummary extends RunSummary {
  /** Levels confirmed published this run. */
  published: Availability[];
  /** Adjustment requests sent (successful or not). */
  adjustmentRequests: number;
}

export async function runInventorySync(options: InventorySyncOptions): Promise<InventorySyncSummary> {
  const report = new RunReport(PIPELINE_NAME, options.report);
  const { bc, bigCommerce, checkpoints } = options;
  const checkpointKey = options.checkpointKey ?? `${PIPELINE_NAME}:published`;
  report.countHttpCalls("bc", callCounter(bc));
  report.countHttpCalls("bigcommerce", callCounter(bigCommerce));

  const previous = decodePublishedLevels(await checkpoints.get(checkpointKey));
  const bcStock = await (
    options.readStock ?? ((client) => readItemTotals(client, options.totalStockWarehouse ?? "ALL"))
  )(bc.client);

  // I4: only configured warehouses are sellable; stock elsewhere that nobody configured is surfaced, not guessed.
  const configured = new Set(options.targets.flatMap((t) => t.warehouses));
  const ignored = new Set(options.ignoredWarehouses ?? []);
  const unmapped = new Map<string, StockLevel[]>();
  for (const level of bcStock.stock) {
    if (configured.has(level.warehouse) || ignored.has(level.warehouse) || level.onHand.isZero()) continue;
    unmapped.set(level.warehouse, [...(unmapped.get(level.warehouse) ?? []), level]);
  }
  const blocked = new Set(bcStock.blocked);
  const availability = computeAvailability(
    bcStock.stock.filter((level) => !blocked.has(level.sku)),
    {
      targets: options.targets,
      ...(options.buffer ? { buffer: options.buffer } : {}),
      ...(options.bufferBySku ? { bufferBySku: options.bufferBySku } : {}),
      skus: bcStock.skus,
    },
  );
  const delta = levelsToPush(previous, availability, options.fullResync ?? false);

  const locationIds = options.locationIds ?? (delta.length > 0 ? await readLocationIds(bigCommerce.client) : {});
  const { body, exceptions } = toBigCommerceInventoryAdjustments(delta, {
    locationIdsByLocation: locationIds,
    sourceSystem: "bc",
    reason: options.reason ?? "Business Central stock sync",
  });

  report.begin(
    delta.length + bcStock.exceptions.length + unmapped.size,
    "stock levels",
    `${bc.label} → ${bigCommerce.label}; ${previous.length === 0 || options.fullResync ? "full sync" : "changes since the last run"}, ${availability.length} levels computed`,
  );
  for (const exception of bcStock.exceptions) {
    report.quarantined(exception.records[0]?.id ?? "item", [exception]);
  }
  for (const [warehouse, levels] of unmapped) {
    report.quarantined(`BC location ${warehouse}`, [
      createSyncException("WAREHOUSE_NOT_MAPPED", {
        message: `BC location ${warehouse} holds stock of ${levels.length} SKU(s) but feeds no BigCommerce location; its stock is not published (add it to a target, or to ignoredWarehouses if it is not for sale online)`,
        sourceSystem: "bc",
        targetSystem: "bigcommerce",
        records: [{ system: "bc", type: "location", id: warehouse }],
        field: "targets",
        details: { warehouse, skus: levels.length },
      }),
    ]);
  }
  for (const exception of exceptions) {
    report.quarantined(`SKU ${exception.records[0]?.id ?? "?"}`, [exception]);
  }

  // Back from a BigCommerce item to the availability entry it carries (the mapper keys items the same way).
  const entries = new Map<string, Availability>();
  for (const entry of delta) {
    const id = entry.location === undefined ? BIGCOMMERCE_DEFAULT_LOCATION_ID : locationIds[entry.location];
    if (id !== undefined) entries.set(`${id}\u0000${entry.sku}`, entry);
  }
  const entryOf = (item: BigCommerceSkuAdjustmentItem): Availability =>
    entries.get(`${item.location_id}\u0000${item.sku}`) ?? {
      sku: item.sku,
      quantity: Decimal.from(item.quantity),
    };
  const detailed = body.items.length <= 50;
  const confirmed: Availability[] = [];
  let results: InventoryAdjustmentChunkResult<BigCommerceSkuAdjustmentItem>[] = [];
  if (body.items.length > 0) {
    try {
      results = await bigCommerce.client.adjustInventory<BigCommerceSkuAdjustmentItem>("absolute", body, {
        ...(options.chunkSize !== undefined ? { chunkSize: options.chunkSize } : {}),
      });
    } catch (error) {
      if (!(error instanceof InventoryAdjustmentError)) throw error;
      results = error.results as InventoryAdjustmentChunkResult<BigCommerceSkuAdjustmentItem>[];
    }
  }
  for (const result of results) {
    if (result.ok) {
      for (const item of result.items) {
        const entry = entryOf(item);
        confirmed.push(entry);
        report.posted(
          `SKU ${item.sku} @ ${entry.location ?? "store"} (location ${item.location_id})`,
          detailed ? `${item.quantity} available` : undefined,
        );
      }
      continue;
    }
    // The chunk is not recorded as published: the next run's delta sends its levels again (X2).
    const first = result.items[0];
    const last = result.items[result.items.length - 1];
    report.quarantined(
      `adjustment request ${result.chunk + 1} (${result.items.length} levels, ${first?.sku}…${last?.sku})`,
      [
        createSyncException("API_CALL_FAILED", {
          message: `${result.items.length} stock level(s) not published: ${result.error.message}`,
          sourceSystem: "bc",
          targetSystem: "bigcommerce",
          records: result.items.slice(0, 20).map((i) => ({ system: "bc", type: "item", id: i.sku })),
          impact: "stock not published; sent again next run",
          ...(result.error.status !== undefined ? { details: { status: result.error.status } } : {}),
        }),
      ],
    );
  }

  await checkpoints.set(checkpointKey, encodePublishedLevels(mergePublished(previous, confirmed)));
  return { ...report.finish(), published: confirmed, adjustmentRequests: results.length };
}

/**
 * BC stock from the standard API v2.0: every item's `inventory` (the sum over all locations) under one warehouse
 * code. Service and non-inventory items are left out; blocked items are listed so they are published as 0.
 */
export async function readItemTotals(bc: BcClient, warehouse: string): Promise<BcStock> {
  const items = await bc.entities.list("items", { select: ["id", "number", "type", "inventory", "blocked"] }).toArray();
  const { stock, exceptions } = stockFromBcItems(items, { location: warehouse });
  return {
    stock,
    skus: stock.map((level) => level.sku),
    blocked: items.filter((i) => i.blocked === true && i.number).map((i) => i.number as string),
    exceptions,
  };
}

/** BigCommerce inventory locations by code (`GET /v3/inventory/locations`). */
export async function readLocationIds(client: BigCommerceClient): Promise<Record<string, number>> {
  const locations = await client
    .paginateV3({
      fetchPage: ({ page, limit }, signal) =>
        client.api["/v3/inventory/locations"].GET({
          params: { query: { page, limit } },
          ...(signal ? { signal } : {}),
        }),
    })
    .toArray();
  const ids: Record<string, number> = {};
  for (const location of locations as Array<{ id?: number; code?: string }>) {
    if (location.code && location.id !== undefined) ids[location.code] = location.id;
  }
  return ids;
}
