import { z } from "zod";
import { Decimal } from "../money/decimal";
import { decimalSchema } from "./schema-helpers";

/** Stock of one SKU in one ERP warehouse or location, as the ERP reports it. */
export const StockLevelSchema = z.object({
  sku: z.string().min(1),
  /** ERP warehouse (B1 `WhsCode`) or location (BC location code). */
  warehouse: z.string().min(1),
  /** On hand in the item's base unit. May be negative in ERPs that allow it. */
  onHand: decimalSchema(),
  /** Committed to open orders; subtracted from on-hand. Default: 0. */
  committed: decimalSchema().default(Decimal.ZERO),
});
export type StockLevel = z.output<typeof StockLevelSchema>;
export type StockLevelInput = z.input<typeof StockLevelSchema>;

/** Sellable quantity of a SKU at a storefront location, as pushed to the storefront (I1–I4). */
export const AvailabilitySchema = z.object({
  sku: z.string().min(1),
  /** Storefront location or source; absent for a store-wide quantity. */
  location: z.string().optional(),
  /** Never negative. */
  quantity: decimalSchema({ nonNegative: true }),
});
export type Availability = z.output<typeof AvailabilitySchema>;
