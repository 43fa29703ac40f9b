import type { Availability, StockLevel } from "../entities/availability";
import { Decimal, type DecimalInput } from "../money/decimal";

/** Stock held back from sale to avoid overselling in peaks (I3). When both are set, the larger buffer applies. */
export interface StockBuffer {
  /** Units held back, e.g. `2`. */
  absolute?: DecimalInput;
  /** Percent of the available quantity held back (rounded up to whole units), e.g. `10`. */
  percent?: DecimalInput;
}

/** A storefront location (or the whole store) and the ERP warehouses whose stock it may sell (I4, I5). */
export interface AvailabilityTarget {
  /** Storefront location / source / customer-group stock; absent for a store-wide quantity. */
  location?: string;
  /** ERP warehouses (B1) or locations (BC) that contribute. Stock elsewhere is never sellable here. */
  warehouses: readonly string[];
}

export interface AvailabilityPolicy {
  targets: readonly AvailabilityTarget[];
  /** Buffer for every SKU without its own. Default: none. */
  buffer?: StockBuffer;
  /** Per-SKU buffers, replacing the global one for that SKU. */
  bufferBySku?: Readonly<Record<string, StockBuffer>>;
  /** Round down to whole units (storefronts sell whole units). Default: `true`. */
  wholeUnits?: boolean;
  /** SKUs to publish even without stock rows (they get 0). */
  skus?: readonly string[];
}

/**
 * Sellable quantity per SKU and target: stock from the target's warehouses (on hand − committed), minus the
 * buffer, never negative (I2–I5). The ERP is the master (I1): this is a one-way computation. Output is sorted by
 * SKU, then location, so snapshots compare deterministically.
 */
export function computeAvailability(stock: readonly StockLevel[], policy: AvailabilityPolicy): Availability[] {
  const wholeUnits = policy.wholeUnits ?? true;
  const skus = new Set<string>(policy.skus ?? []);
  const sellableBySkuAndWarehouse = new Map<string, Decimal>();
  for (const level of stock) {
    skus.add(level.sku);
    const key = `${level.sku}\u0000${level.warehouse}`;
    const sellable = level.onHand.sub(level.committed);
    sellableBySkuAndWarehouse.set(key, (sellableBySkuAndWarehouse.get(key) ?? Decimal.ZERO).add(sellable));
  }

  const result: Availability[] = [];
  for (const sku of [...skus].sort()) {
    const buffer = policy.bufferBySku?.[sku] ?? policy.buffer;
    for (const target of policy.targets) {
      let available = Decimal.ZERO;
      for (const warehouse of new Set(target.warehouses)) {
        available = available.add(sellableBySkuAndWarehouse.get(`${sku}\u0000${warehouse}`) ?? Decimal.ZERO);
      }
      let quantity = available.sub(bufferFor(available, buffer));
      if (wholeUnits) quantity = quantity.round(0, "floor");
      if (quantity.isNegative()) quantity = Decimal.ZERO;
      const entry: Availability = { sku, quantity: quantity.normalize() };
      if (target.location !== undefined) entry.location = target.location;
      result.push(entry);
    }
  }
  return result.sort(compareAvailabilityKeys);
}

function bufferFor(available: Decimal, buffer: StockBuffer | undefined): Decimal {
  if (!buffer) return Decimal.ZERO;
  const absolute = buffer.absolute === undefined ? Decimal.ZERO : Decimal.from(buffer.absolute, "buffer.absolute");
  if (buffer.percent === undefined || !available.isPositive()) return absolute;
  const percent = available.mul(Decimal.from(buffer.percent, "buffer.percent")).div(100, 0, "ceiling");
  return percent.gt(absolute) ? percent : absolute;
}

/**
 * The entries of `next` whose quantity differs from `previous`, plus a zero for every SKU/location that was
 * published before and is gone now, so that a delta sync pushes exactly what changed (I2). Sorted like
 * `computeAvailability`.
 */
export function availabilityDelta(previous: readonly Availability[], next: readonly Availability[]): Availability[] {
  const before = new Map(previous.map((entry) => [availabilityKey(entry), entry.quantity]));
  const delta: Availability[] = [];
  const seen = new Set<string>();
  for (const entry of next) {
    const key = availabilityKey(entry);
    seen.add(key);
    const old = before.get(key);
    if (old === undefined || !old.eq(entry.quantity)) delta.push(entry);
  }
  for (const entry of previous) {
    const key = availabilityKey(entry);
    if (!seen.has(key) && !entry.quantity.isZero()) {
      seen.add(key);
      delta.push({ ...entry, quantity: Decimal.ZERO });
    }
  }
  return delta.sort(compareAvailabilityKeys);
}

function availabilityKey(entry: Availability): string {
  return `${entry.sku}\u0000${entry.location ?? ""}`;
}

function compareAvailabilityKeys(a: Availability, b: Availability): number {
  if (a.sku !== b.sku) return a.sku < b.sku ? -1 : 1;
  const la = a.location ?? "";
  const lb = b.location ?? "";
  return la === lb ? 0 : la < lb ? -1 : 1;
}
