import { type Availability, createSyncException, type SyncException } from "@org/core";
import type { components } from "../generated/index.js";

/** The body of `PUT /v3/inventory/adjustments/absolute` (inventory.v3.yml `AdjustmentsAbsoluteRequest`). */
export type BigCommerceAbsoluteAdjustment = components["schemas"]["AdjustmentsAbsoluteRequest"];
/** One item of an absolute adjustment, by SKU. */
export type BigCommerceSkuAdjustmentItem = { location_id: number; sku: string; quantity: number };

/** BigCommerce's default location: every store has it, and single-location stores only it. */
export const BIGCOMMERCE_DEFAULT_LOCATION_ID = 1;

export interface ToBigCommerceInventoryAdjustmentsOptions {
  /** Storefront location (`Availability.location`) → BigCommerce location id. Default: none. */
  locationIdsByLocation?: Readonly<Record<string, number>>;
  /** Location id for store-wide availability (no `location`). Default: {@link BIGCOMMERCE_DEFAULT_LOCATION_ID} (1). */
  defaultLocationId?: number;
  /** Shown in the store's inventory history. Default: `ERP stock sync`. */
  reason?: string;
  /** System the availability comes from, named in exceptions. Default: `erp`. */
  sourceSystem?: string;
}

/** The adjustment for the SKUs that can be published, and an exception for each that cannot. */
export interface BigCommerceInventoryAdjustments {
  /** Send with `adjustInventory` (it splits into requests of 2,000 items, I7). Empty items: nothing to send. */
  body: BigCommerceAbsoluteAdjustment & { items: BigCommerceSkuAdjustmentItem[] };
  exceptions: SyncException[];
}

/**
 * Canonical availability (ERP stock after buffers, `computeAvailability`; or only what changed,
 * `availabilityDelta`) as one absolute inventory adjustment: the ERP is master and the storefront level is set,
 * not added to, so sending it again is safe (I1–I3). Every SKU goes into one body; the client batches it at
 * BigCommerce's 2,000 items (I7). A bad record never blocks the others: a fractional quantity (BigCommerce counts
 * whole units), a quantity beyond BigCommerce's range, an unmapped location or two different levels for the same
 * SKU and location become exceptions naming the SKU, and the rest is published.
 */
export function toBigCommerceInventoryAdjustments(
  availability: readonly Availability[],
  options: ToBigCommerceInventoryAdjustmentsOptions = {},
): BigCommerceInventoryAdjustments {
  const sourceSystem = options.sourceSystem ?? "erp";
  const defaultLocationId = options.defaultLocationId ?? BIGCOMMERCE_DEFAULT_LOCATION_ID;
  const exceptions: SyncException[] = [];
  const raise = (
    code: "INVALID_PAYLOAD" | "LOCATION_NOT_MAPPED",
    sku: string,
    message: string,
    field: string,
    details?: Record<string, unknown>,
  ) =>
    exceptions.push(
      createSyncException(code, {
        message: `SKU ${sku}: ${message}`,
        sourceSystem,
        targetSystem: "bigcommerce",
        records: [{ system: sourceSystem, type: "item", id: sku }],
        field,
        impact: "stock not published",
        ...(code === "INVALID_PAYLOAD" ? { owner: "operations" as const } : {}),
        ...(details ? { details } : {}),
      }),
    );

  const byKey = new Map<string, { item: BigCommerceSkuAdjustmentItem; index: number }>();
  const conflicting = new Set<string>();
  availability.forEach((entry, index) => {
    const field = `${index}`;
    const { sku, location, quantity } = entry;
    const locationId = location === undefined ? defaultLocationId : options.locationIdsByLocation?.[location];
    if (locationId === undefined) {
      raise(
        "LOCATION_NOT_MAPPED",
        sku,
        `storefront location ${location} has no BigCommerce location id`,
        `${field}.location`,
        {
          location,
        },
      );
      return;
    }
    if (!quantity.isInteger()) {
      raise(
        "INVALID_PAYLOAD",
        sku,
        "BigCommerce stock levels are whole units; round the availability down first",
        `${field}.quantity`,
      );
      return;
    }
    const units = quantity.toNumber();
    if (!Number.isSafeInteger(units) || units < 0) {
      raise("INVALID_PAYLOAD", sku, "the quantity is outside what BigCommerce can store", `${field}.quantity`);
      return;
    }
    const key = `${locationId}\u0000${sku}`;
    const seen = byKey.get(key);
    if (seen && seen.item.quantity !== units) conflicting.add(key);
    if (!seen) byKey.set(key, { item: { location_id: locationId, sku, quantity: units }, index });
  });
  for (const key of conflicting) {
    const { item, index } = byKey.get(key) as { item: BigCommerceSkuAdjustmentItem; index: number };
    byKey.delete(key);
    raise(
      "INVALID_PAYLOAD",
      item.sku,
      `two different levels for location ${item.location_id}; neither is sent`,
      `${index}.quantity`,
    );
  }
  return {
    body: { reason: options.reason ?? "ERP stock sync", items: [...byKey.values()].map(({ item }) => item) },
    exceptions,
  };
}
