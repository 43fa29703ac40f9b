/**
 * The demo's configuration. BC's standard API v2.0 reports one `inventory` per item over all locations, so the
 * demo publishes that total (under the warehouse code `ALL`) to BigCommerce's default location, less a safety
 * buffer. With per-location stock from a custom API page (`readStock`), `seedTargets()` maps each BC location to
 * the BigCommerce location the shared seed says it feeds (MAIN → `default`, EAST → `leipzig`).
 */
import type { AvailabilityTarget, StockBuffer } from "@org/core";
import { SEED_WAREHOUSES } from "@org/testing";

/** Warehouse code the standard API's per-item totals are reported under. */
export const TOTAL_STOCK_WAREHOUSE = "ALL";

/** Standard API: BC's total stock feeds the default location (store-wide availability). */
export const TOTAL_STOCK_TARGETS: readonly AvailabilityTarget[] = [
  { location: "default", warehouses: [TOTAL_STOCK_WAREHOUSE] },
];

/** Per-location stock: each seed warehouse feeds its BigCommerce location (I4). */
export function seedTargets(): AvailabilityTarget[] {
  const byLocation = new Map<string, string[]>();
  for (const w of SEED_WAREHOUSES)
    byLocation.set(w.storefrontLocation, [...(byLocation.get(w.storefrontLocation) ?? []), w.code]);
  return [...byLocation].map(([location, warehouses]) => ({ location, warehouses }));
}

/** Two units held back per SKU, or 10 % of the stock when that is more (I3). */
export const DEMO_BUFFER: StockBuffer = { absolute: 2, percent: 10 };
