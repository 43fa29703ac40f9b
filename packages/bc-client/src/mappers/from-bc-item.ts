import {
  createSyncException,
  Decimal,
  type Item,
  type ItemInput,
  type ItemTracking,
  parseItem,
  type StockLevel,
  StockLevelSchema,
  type SyncException,
  type SyncResult,
} from "@org/core";
import type { Item as BcItem } from "../generated/index.js";
import {
  bcEnum,
  keyOf,
  mapSafely,
  optionalBoolean,
  optionalDecimal,
  optionalText,
  own,
  PayloadError,
  record,
  withoutValue,
} from "./from-bc-read.js";

export interface FromBcItemConfig {
  /**
   * ISO 4217 code of the company's local currency (LCY, General Ledger Setup). BC keeps an item's `unitPrice` in
   * LCY and the item record does not say which currency that is. Required.
   */
  currency: string;
  /** System slug in records and exceptions. Default: `bc`. */
  system?: string;
  /**
   * Item number → tracking (O15). The standard API v2.0 does not expose the item's Item Tracking Code, so
   * serial/lot tracking must come from a custom API page (generate its types with `org-codegen`) or a list you
   * keep. Default: none (every item `none`).
   */
  tracking?: Readonly<Record<string, ItemTracking>>;
}

/**
 * A BC item (`GET /companies({id})/items({id})`, API v2.0) as a canonical item (M1).
 * - SKU and ERP number are `number`; `displayName` is the description; `baseUnitOfMeasureCode` the base unit.
 * - Active (O1): not `blocked`.
 * - The list price (M2) is `unitPrice` in the local currency, tax-inclusive when `priceIncludesTax`.
 * - `taxGroupCode` is the tax class (US tax group; VAT Prod. Posting Group elsewhere).
 * What the standard API v2.0 does not expose: alternate units of measure (Item Units of Measure), item tracking
 * codes (see `config.tracking`), customer price groups and sales prices: those need a custom API page.
 * The input is partial so that a `$select`ed read fits. Never throws on bad data: `INVALID_PAYLOAD` exceptions name
 * the item number and the field.
 */
export function fromBcItem(item: Partial<BcItem>, config: FromBcItemConfig): SyncResult<Item> {
  const system = config.system ?? "bc";
  const number = keyOf((item as { number?: unknown } | null)?.number);
  const ref = { system, type: "item", id: number };
  return mapSafely(ref, `Item ${number}`, () => parseItem(toItemInput(record(item, "item"), config)));
}

function toItemInput(raw: Record<string, unknown>, config: FromBcItemConfig): ItemInput {
  const number = optionalText(raw.number, "number");
  if (!number) throw new PayloadError("number", "is required");
  const baseUnit = optionalText(raw.baseUnitOfMeasureCode, "baseUnitOfMeasureCode");
  if (!baseUnit) throw new PayloadError("baseUnitOfMeasureCode", "is required");
  bcEnum(raw.type, "type");
  const blocked = optionalBoolean(raw.blocked, "blocked") ?? false;
  const unitPrice = optionalDecimal(raw.unitPrice, "unitPrice");
  const includesTax = optionalBoolean(raw.priceIncludesTax, "priceIncludesTax") ?? false;
  const taxClass = optionalText(raw.taxGroupCode, "taxGroupCode");
  const updatedAt = optionalText(raw.lastModifiedDateTime, "lastModifiedDateTime");
  const tracking = config.tracking ? own(config.tracking, number) : undefined;
  return {
    sku: number,
    erpNumber: number,
    description: optionalText(raw.displayName, "displayName") ?? "",
    baseUnit,
    ...(taxClass ? { taxClass } : {}),
    tracking: tracking ?? "none",
    active: !blocked,
    prices: unitPrice ? [{ currency: config.currency, unitPrice, includesTax }] : [],
    ...(updatedAt ? { updatedAt } : {}),
  };
}

export interface StockFromBcItemsOptions {
  /**
   * The warehouse name the totals are reported under, e.g. `"ALL"` or the company's single location code. The
   * standard API v2.0 gives one `inventory` figure per item, summed over every location. Required.
   */
  location: string;
  /** System slug in exceptions. Default: `bc`. */
  system?: string;
}

/**
 * Stock levels from BC items' `inventory` (I4), one per inventory item under `options.location`.
 *
 * Limitation: the standard API v2.0 exposes only the total inventory per item, over all locations, and no quantity
 * reserved or committed to open orders (`committed` is 0). So non-ecommerce locations cannot be left out here (I4):
 * for per-location stock, publish a custom API page over Item (with a location filter) or Item Ledger Entries,
 * generate its types with `org-codegen`, and map its rows to `StockLevel`s per location code.
 *
 * Service and non-inventory items have no stock and are left out. A bad item is an `INVALID_PAYLOAD` exception and
 * the others go on.
 */
export function stockFromBcItems(
  items: readonly Partial<BcItem>[],
  options: StockFromBcItemsOptions,
): { stock: StockLevel[]; exceptions: SyncException[] } {
  const system = options.system ?? "bc";
  const stock: StockLevel[] = [];
  const exceptions: SyncException[] = [];
  (Array.isArray(items) ? items : []).forEach((entry, index) => {
    const number = keyOf((entry as { number?: unknown } | null)?.number);
    const result = mapSafely({ system, type: "item", id: number }, `Item ${number}`, () => {
      const raw = record(entry, `items.${index}`);
      const sku = optionalText(raw.number, "number");
      if (!sku) throw new PayloadError("number", "is required");
      const type = bcEnum(raw.type, "type");
      if (type === "Service" || type === "Non-Inventory") return undefined;
      const parsed = StockLevelSchema.safeParse({
        sku,
        warehouse: options.location,
        onHand: optionalDecimal(raw.inventory, "inventory") ?? Decimal.ZERO,
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new PayloadError(issue?.path.join(".") || "inventory", withoutValue(issue?.message ?? "is invalid"));
      }
      return parsed.data;
    });
    if (result.kind === "ok" && result.value) stock.push(result.value);
    if (result.kind === "failed") exceptions.push(...result.exceptions);
  });
  if (!Array.isArray(items))
    exceptions.push(
      createSyncException("INVALID_PAYLOAD", {
        message: "Items: expected a list of items",
        sourceSystem: system,
        records: [{ system, type: "item", id: "(unknown)" }],
        field: "items",
      }),
    );
  return { stock, exceptions };
}
