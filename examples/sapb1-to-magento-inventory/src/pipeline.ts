/**
 * SAP Business One warehouse stock → Magento source items, one way (I1: the ERP is master).
 *
 * 1. Read the B1 items updated since the watermark (`UpdateDate` after its day, or that day and `UpdateTime` from its
 *    second on), with their
 *    `ItemWarehouseInfoCollection`, in pages of `Prefer: odata.maxpagesize` (100 by default).
 * 2. `fromSapB1Item` → per-warehouse stock; stock in a warehouse no Magento source is mapped to (and not listed as
 *    ignored) holds the item back as `WAREHOUSE_NOT_MAPPED` (I4) rather than guessing whether it may be sold.
 * 3. `computeAvailability`: each Magento source sells the stock of its B1 warehouses (on hand − committed), minus the
 *    safety buffer, never negative, whole units (I3–I5).
 * 4. `availabilityDelta` against the levels last published (kept in the checkpoint store): only changed SKUs (I2).
 * 5. `toMagentoSourceItems` → `POST /V1/inventory/source-items` in chunks of at most 20 items, Magento's list limit
 *    when its web API input limits are on (I7). The call sets absolute quantities, so a resend after a lost answer
 *    does no harm: it is sent as idempotent (retried on 5xx and network errors).
 * The watermark moves only past items that are done, so held-back items are read again next run.
 */
import {
  type Availability,
  availabilityDelta,
  computeAvailability,
  createSyncException,
  Decimal,
  type StockBuffer,
  type StockLevel,
  type SyncException,
} from "@org/core";
import {
  advanceWatermark,
  type CheckpointStore,
  callCounter,
  RunReport,
  type RunSummary,
  SAPB1_DEMO_WAREHOUSE_SOURCES,
} from "@org/example-kit";
import { httpOptions, unwrap } from "@org/http";
import { type MagentoClient, toMagentoSourceItems } from "@org/magento-client";
import { fromSapB1Item, type SapB1Client } from "@org/sapb1-client";

export const PIPELINE = "sapb1-to-magento-inventory";

/** Most source items per request: Magento's "complex array item limit" of 20 when web API input limits are on. */
export const MAGENTO_SOURCE_ITEMS_PER_REQUEST = 20;

/** B1 items per page (`Prefer: odata.maxpagesize`). */
export const SAPB1_ITEMS_PAGE_SIZE = 100;

/** Checkpoint keys: the watermark (ISO time of the last item done) and the levels last published per SKU and source. */
export const CHECKPOINT_KEYS = {
  watermark: `${PIPELINE}:items-updated-at`,
  published: `${PIPELINE}:published-levels`,
} as const;

/** Magento source code → the B1 warehouses whose stock it sells, from the demo mapping (MAIN → default, EAST → leipzig). */
export const DEMO_SOURCE_WAREHOUSES: Readonly<Record<string, readonly string[]>> = Object.entries(
  SAPB1_DEMO_WAREHOUSE_SOURCES,
).reduce<Record<string, string[]>>((sources, [warehouse, source]) => {
  sources[source] = [...(sources[source] ?? []), warehouse];
  return sources;
}, {});

export interface InventorySyncOptions {
  /** Source: a B1 client (`connectSapB1(...).client`). */
  b1: SapB1Client;
  /** Target: a Magento client (`connectMagento(...).client`). */
  magento: MagentoClient;
  /** Watermark and last published levels. */
  checkpoints: CheckpointStore;
  /** Where progress and the summary go. Default: a new `RunReport` printing to the console. */
  report?: RunReport;
  /**
   * Magento source code → B1 warehouses aggregated into it (I4, I5), e.g. `{ default: ["MAIN", "EAST"] }` for a
   * single-source store. Default: {@link DEMO_SOURCE_WAREHOUSES}.
   */
  sources?: Readonly<Record<string, readonly string[]>>;
  /** B1 warehouses that never sell online and are not reported (quality control, consignment). Default: none. */
  ignoredWarehouses?: readonly string[];
  /** Safety buffer for every SKU (I3). Default: none. */
  buffer?: StockBuffer;
  /** Per-SKU buffers, replacing the global one. Default: none. */
  bufferBySku?: Readonly<Record<string, StockBuffer>>;
  /** Read every item and push every level that differs from what was published, ignoring the watermark. Default: `false`. */
  fullResync?: boolean;
  /** Source items per Magento request. Default: {@link MAGENTO_SOURCE_ITEMS_PER_REQUEST}. */
  chunkSize?: number;
  /** B1 page size. Default: {@link SAPB1_ITEMS_PAGE_SIZE}. */
  pageSize?: number;
  /**
   * Running HTTP call totals per system, e.g. `{ sapb1: () => fake.calls.length }` (`undefined`: not counted); the
   * summary shows the calls this run made. Default: none.
   */
  httpCalls?: Readonly<Record<string, () => number | undefined>>;
}

/** Published levels: SKU → source code → quantity (decimal text). */
type Published = Record<string, Record<string, string>>;

interface ItemOutcome {
  sku: string;
  changedAt: string;
  done: boolean;
}

/** Runs one sync and returns the summary (also printed by the report). */
export async function runInventorySync(options: InventorySyncOptions): Promise<RunSummary> {
  const report = options.report ?? new RunReport(PIPELINE);
  const sources = options.sources ?? DEMO_SOURCE_WAREHOUSES;
  const mappedWarehouses = new Set(Object.values(sources).flat());
  const ignored = new Set(options.ignoredWarehouses ?? []);
  const chunkSize = options.chunkSize ?? MAGENTO_SOURCE_ITEMS_PER_REQUEST;
  const { checkpoints } = options;
  for (const [system, total] of Object.entries(options.httpCalls ?? {})) {
    report.countHttpCalls(system, callCounter(total));
  }

  const watermark = options.fullResync ? undefined : await checkpoints.get(CHECKPOINT_KEYS.watermark);
  const published = JSON.parse((await checkpoints.get(CHECKPOINT_KEYS.published)) ?? "{}") as Published;

  const items = await options.b1.entities
    .list("Items", {
      select: [
        "ItemCode",
        "ItemName",
        "InventoryUOM",
        "Valid",
        "Frozen",
        "SalesItem",
        "ItemWarehouseInfoCollection",
        "UpdateDate",
        "UpdateTime",
      ],
      // B1 keeps the change day and time in two fields: later days, or the same day from the same second on.
      ...(watermark
        ? {
            filter: (f) =>
              f.or(
                f.gt("UpdateDate", watermark.slice(0, 10)),
                f.and(f.eq("UpdateDate", watermark.slice(0, 10)), f.ge("UpdateTime", watermark.slice(11, 19))),
              ),
          }
        : {}),
      orderby: [["ItemCode", "asc"]],
      maxPageSize: options.pageSize ?? SAPB1_ITEMS_PAGE_SIZE,
    })
    .toArray();
  report.begin(items.length, "B1 items", watermark ? `changed since ${watermark}` : "full read");

  const outcomes = new Map<string, ItemOutcome>();
  const stock: StockLevel[] = [];
  const ready: string[] = [];
  for (const raw of items) {
    const result = fromSapB1Item(raw, { system: "sapb1" });
    const sku = raw.ItemCode;
    if (result.kind !== "ok") {
      const exceptions = result.kind === "failed" ? result.exceptions : [];
      if (exceptions.length > 0) report.quarantined(`item ${sku}`, exceptions);
      else report.skipped(`item ${sku}`, result.kind === "skipped" ? result.reason : "not mapped");
      outcomes.set(sku, { sku, changedAt: changedAtOf(raw, watermark), done: false });
      continue;
    }
    const changedAt = result.value.item.updatedAt ?? changedAtOf(raw, watermark);
    // Items of the watermark's day changed before it were done in an earlier run.
    if (watermark !== undefined && changedAt < watermark) {
      report.skipped(`item ${sku}`, "unchanged since the last run");
      continue;
    }
    const unmapped = result.value.stock.filter(
      (level) =>
        !mappedWarehouses.has(level.warehouse) &&
        !ignored.has(level.warehouse) &&
        !(level.onHand.isZero() && level.committed.isZero()),
    );
    if (unmapped.length > 0) {
      report.quarantined(
        `item ${sku}`,
        unmapped.map((level) => unmappedWarehouse(sku, level)),
      );
      outcomes.set(sku, { sku, changedAt, done: false });
      continue;
    }
    stock.push(...result.value.stock.filter((level) => mappedWarehouses.has(level.warehouse)));
    ready.push(sku);
    outcomes.set(sku, { sku, changedAt, done: false });
  }

  const next = computeAvailability(stock, {
    targets: Object.entries(sources).map(([location, warehouses]) => ({ location, warehouses })),
    ...(options.buffer ? { buffer: options.buffer } : {}),
    ...(options.bufferBySku ? { bufferBySku: options.bufferBySku } : {}),
    skus: ready,
  });
  const readySet = new Set(ready);
  const previous: Availability[] = Object.entries(published)
    .filter(([sku]) => readySet.has(sku))
    .flatMap(([sku, levels]) =>
      Object.entries(levels).map(([location, quantity]) => ({ sku, location, quantity: Decimal.from(quantity) })),
    );
  const delta = availabilityDelta(previous, next);
  const mapped = toMagentoSourceItems(delta, {
    sourceCodes: Object.fromEntries(Object.keys(sources).map((code) => [code, code])),
    sourceSystem: "sapb1",
  });
  const heldBySku = groupBySku(mapped.exceptions);

  for (const sku of ready) {
    const held = heldBySku.get(sku);
    if (held) report.quarantined(`item ${sku}`, held);
  }
  // The mapper fills in every field; the generated type marks them optional.
  const sourceItems = mapped.body.sourceItems
    .map((s) => ({
      sku: s.sku ?? "",
      source_code: s.source_code ?? "",
      quantity: s.quantity ?? 0,
      status: s.status ?? 0,
    }))
    .filter((s) => !heldBySku.has(s.sku));
  report.note(
    `${sourceItems.length} source level(s) differ from what Magento has: ${Math.ceil(sourceItems.length / chunkSize)} request(s) of at most ${chunkSize}`,
  );
  const pushedSkus = new Set<string>();
  const failedSkus = new Set<string>();
  for (let start = 0; start < sourceItems.length; start += chunkSize) {
    const chunk = sourceItems.slice(start, start + chunkSize);
    try {
      unwrap(
        await options.magento.api["/V1/inventory/source-items"].POST({
          body: { sourceItems: chunk },
          // Absolute quantities: sending the same list twice is harmless, so retry it like a PUT.
          headers: httpOptions({ idempotent: true }),
        }),
      );
      for (const entry of chunk) {
        const levels = published[entry.sku] ?? {};
        levels[entry.source_code] = String(entry.quantity);
        published[entry.sku] = levels;
        pushedSkus.add(entry.sku);
      }
      // Saved after every chunk: a run that stops half-way does not push the same levels again.
      await checkpoints.set(CHECKPOINT_KEYS.published, JSON.stringify(published));
    } catch (error) {
      for (const entry of chunk) failedSkus.add(entry.sku);
      const skus = [...new Set(chunk.map((entry) => entry.sku))];
      for (const sku of skus) {
        report.quarantined(`item ${sku}`, [
          createSyncException("API_CALL_FAILED", {
            message: `SKU ${sku}: Magento did not take the stock update (${error instanceof Error ? error.message : String(error)}); sent again next run`,
            sourceSystem: "sapb1",
            targetSystem: "magento",
            records: [{ system: "sapb1", type: "item", id: sku }],
          }),
        ]);
      }
    }
  }

  for (const sku of ready) {
    const outcome = outcomes.get(sku);
    if (!outcome || heldBySku.has(sku) || failedSkus.has(sku)) continue;
    outcome.done = true;
    if (pushedSkus.has(sku)) {
      const levels = delta
        .filter((d) => d.sku === sku)
        .map((d) => `${d.location}=${d.quantity}`)
        .join(", ");
      report.posted(`item ${sku}`, levels);
    } else report.skipped(`item ${sku}`, "stock available online unchanged");
  }

  const nextWatermark = advanceWatermark(watermark, [...outcomes.values()]);
  if (nextWatermark !== undefined && nextWatermark !== watermark) {
    await checkpoints.set(CHECKPOINT_KEYS.watermark, nextWatermark);
  }
  return report.finish();
}

/** The item's change time when the mapper could not read it: B1's date and time, or the watermark. */
function changedAtOf(raw: { UpdateDate?: string | null; UpdateTime?: string | null }, watermark: string | undefined) {
  const day = /^\d{4}-\d{2}-\d{2}/.exec(raw.UpdateDate ?? "")?.[0];
  const time = /^\d{2}:\d{2}:\d{2}$/.exec(raw.UpdateTime ?? "")?.[0] ?? "00:00:00";
  return day ? `${day}T${time}Z` : (watermark ?? "1970-01-01T00:00:00Z");
}

function unmappedWarehouse(sku: string, level: StockLevel): SyncException {
  return createSyncException("WAREHOUSE_NOT_MAPPED", {
    message: `SKU ${sku}: ${level.onHand} on hand in B1 warehouse ${level.warehouse}, which no Magento source is mapped to; map it or list it as ignored`,
    sourceSystem: "sapb1",
    targetSystem: "magento",
    records: [{ system: "sapb1", type: "item", id: sku }],
    field: `ItemWarehouseInfoCollection.${level.warehouse}`,
  });
}

function groupBySku(exceptions: readonly SyncException[]): Map<string, SyncException[]> {
  const bySku = new Map<string, SyncException[]>();
  for (const exception of exceptions) {
    const sku = exception.records[0]?.id ?? "";
    bySku.set(sku, [...(bySku.get(sku) ?? []), exception]);
  }
  return bySku;
}
