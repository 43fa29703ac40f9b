import { type Availability, AvailabilitySchema, createSyncException, type SyncException } from "@org/core";
import type { operations } from "../generated/index.js";
import { text } from "./magento-read.js";

type JsonBody<Op> = Op extends { requestBody?: { content: { "application/json": infer Body } } } ? Body : never;

/** The body of `POST /V1/inventory/source-items` (`SourceItemsSaveInterface`: `{ sourceItems }`). */
export type MagentoSourceItemsBody = JsonBody<operations["PostV1InventorySourceitems"]>;

/** `SourceItemInterface::STATUS_*`: a source item is in or out of stock. */
export const MAGENTO_SOURCE_ITEM_STATUS = { outOfStock: 0, inStock: 1 } as const;

/** `inventory_source_item.quantity` is a `decimal(12,4)`: quantities stay below 10^8 with at most 4 decimals. */
export const MAGENTO_SOURCE_ITEM_QUANTITY_LIMIT = 100_000_000;

/** The source every Magento installation has, and the only one of a single-source store. */
export const MAGENTO_DEFAULT_SOURCE_CODE = "default";

export interface ToMagentoSourceItemsOptions {
  /** Availability location → Magento source code (I4). An entry whose location is not here is an exception. */
  sourceCodes: Readonly<Record<string, string>>;
  /** Source code for store-wide entries (no location). Default: {@link MAGENTO_DEFAULT_SOURCE_CODE}. */
  defaultSourceCode?: string;
  /** System slug of the ERP the stock came from, in exceptions. Default: `erp`. */
  sourceSystem?: string;
}

export interface MagentoSourceItemsResult {
  /**
   * One body for every entry that could be mapped, in input order. Send it only when `sourceItems` is not empty
   * (Magento rejects an empty list).
   */
  body: MagentoSourceItemsBody;
  /** One per entry that was not sent: unmapped location, invalid availability, the same SKU and source twice. */
  exceptions: SyncException[];
}

/**
 * ERP availability → the body of `POST /V1/inventory/source-items` (multi-source inventory), one way: the ERP is
 * master (I1). Pass the delta from `availabilityDelta` to push only what changed (I2) and quantities already net of
 * buffers from `computeAvailability` (I3). Each entry becomes `{ sku, source_code, quantity, status }`, in stock
 * (status 1) when the quantity is above zero, so a zero pushed by a delta also takes the SKU out of stock.
 *
 * All entries go into one body, one request (I7): Magento specifies no item limit for this endpoint. A store with
 * Magento's web API input limits switched on caps every list in a request at its "complex array item limit"
 * (20 when reported in magento/magento2#34154, "Maximum items of type …SourceItemInterface is 20"): raise that
 * limit in the store, or split `sourceItems` and send the parts one after another.
 *
 * Quantities must fit `inventory_source_item.quantity`, a `decimal(12,4)` (at most 99,999,999.9999 with four
 * decimals), so Magento never rounds a quantity it stores.
 */
export function toMagentoSourceItems(
  availability: readonly Availability[],
  options: ToMagentoSourceItemsOptions,
): MagentoSourceItemsResult {
  const sourceSystem = options.sourceSystem ?? "erp";
  const defaultSourceCode = options.defaultSourceCode ?? MAGENTO_DEFAULT_SOURCE_CODE;
  const exceptions: SyncException[] = [];
  const sourceItems: MagentoSourceItemsBody["sourceItems"] = [];
  const seen = new Set<string>();
  const input: readonly unknown[] = Array.isArray(availability) ? availability : [];
  input.forEach((value, index) => {
    const sku =
      (typeof value === "object" && value !== null ? text((value as { sku?: unknown }).sku) : undefined) ??
      `(entry ${index})`;
    const records = [{ system: sourceSystem, type: "sku", id: sku.slice(0, 100) }];
    const raise = (code: "INVALID_PAYLOAD" | "WAREHOUSE_NOT_MAPPED", message: string, field: string) =>
      exceptions.push(
        createSyncException(code, {
          message: `SKU ${sku.slice(0, 60)}: ${message}`,
          sourceSystem,
          targetSystem: "magento",
          records,
          field: `${index}.${field}`,
        }),
      );
    const parsed = AvailabilitySchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path.join(".") || "availability";
      raise("INVALID_PAYLOAD", `${path}: ${issue?.message ?? "invalid"}`, path);
      return;
    }
    const entry = parsed.data;
    const location = entry.location;
    const sourceCode =
      location === undefined
        ? defaultSourceCode
        : Object.hasOwn(options.sourceCodes, location)
          ? options.sourceCodes[location]
          : undefined;
    if (!sourceCode) {
      raise(
        "WAREHOUSE_NOT_MAPPED",
        `location ${JSON.stringify(location?.slice(0, 60))} has no Magento source code`,
        "location",
      );
      return;
    }
    if (entry.quantity.significantScale > 4 || entry.quantity.gte(MAGENTO_SOURCE_ITEM_QUANTITY_LIMIT)) {
      raise(
        "INVALID_PAYLOAD",
        `quantity ${entry.quantity} does not fit Magento's decimal(12,4) source quantity`,
        "quantity",
      );
      return;
    }
    const quantity = entry.quantity.toNumber();
    const key = `${entry.sku}\u0000${sourceCode}`;
    if (seen.has(key)) {
      raise("INVALID_PAYLOAD", `is given twice for source ${sourceCode}; the first quantity is sent`, "sku");
      return;
    }
    seen.add(key);
    sourceItems.push({
      sku: entry.sku,
      source_code: sourceCode,
      quantity,
      status: quantity > 0 ? MAGENTO_SOURCE_ITEM_STATUS.inStock : MAGENTO_SOURCE_ITEM_STATUS.outOfStock,
    });
  });
  return { body: { sourceItems }, exceptions };
}
