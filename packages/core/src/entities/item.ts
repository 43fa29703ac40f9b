import { z } from "zod";
import { Decimal } from "../money/decimal";
import { CurrencyCodeSchema, DateTimeSchema, decimalSchema, parseWith } from "./schema-helpers";

/** An alternate unit and how many base units one of it holds (a `box` of 12 `each`: factor 12) (O12). */
export const ItemUnitSchema = z.object({
  /** Unit code as the ERP knows it (e.g. `BOX`, `PALLET`). */
  code: z.string().min(1),
  /** Base units in one of this unit; must be positive. */
  factor: decimalSchema({ nonNegative: true }).refine((factor) => !factor.isZero(), "factor must be positive"),
});
export type ItemUnit = z.output<typeof ItemUnitSchema>;

/** A price for the item (list price or a customer price group's, M2/O13). */
export const ItemPriceSchema = z.object({
  /** Price list or customer price group; absent for the list price. */
  priceList: z.string().optional(),
  currency: CurrencyCodeSchema,
  unitPrice: decimalSchema({ nonNegative: true }),
  /** Unit the price is per; absent means the base unit. */
  unit: z.string().optional(),
  minimumQuantity: decimalSchema({ nonNegative: true }).default(Decimal.ZERO),
  /** Whether `unitPrice` includes tax. Default: `false`. */
  includesTax: z.boolean().default(false),
});
export type ItemPrice = z.output<typeof ItemPriceSchema>;

/** How the ERP tracks the item: serial- and lot-tracked items need numbers on documents (O15). */
export const ITEM_TRACKING = ["none", "serial", "lot"] as const;
export type ItemTracking = (typeof ITEM_TRACKING)[number];

/** An item from the ERP item master (the source of truth, M1). */
export const ItemSchema = z.object({
  sku: z.string().min(1),
  /** The ERP's item number (BC `number`, B1 `ItemCode`); often equal to the SKU. */
  erpNumber: z.string().min(1),
  description: z.string(),
  /** Unit that stock and prices are kept in (e.g. `PCS`). */
  baseUnit: z.string().min(1),
  alternateUnits: z.array(ItemUnitSchema).default([]),
  /** ERP tax group / class (BC VAT product posting group, B1 tax code). */
  taxClass: z.string().optional(),
  tracking: z.enum(ITEM_TRACKING).default("none"),
  /** Inactive or blocked items cannot be sold (O1). */
  active: z.boolean(),
  prices: z.array(ItemPriceSchema).default([]),
  updatedAt: DateTimeSchema.optional(),
});
export type Item = z.output<typeof ItemSchema>;
export type ItemInput = z.input<typeof ItemSchema>;

/** Validates an item. @throws EntityValidationError naming the SKU and every failing field. */
export function parseItem(input: unknown): Item {
  return parseWith(ItemSchema, "Item", input, (raw) => raw.sku);
}
