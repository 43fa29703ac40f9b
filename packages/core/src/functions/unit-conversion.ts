import type { Item } from "../entities/item";
import { Decimal, type DecimalInput } from "../money/decimal";
import type { RoundingMode } from "../money/rounding";

/** Outcome of a unit conversion: the quantity, or the unit the item does not know (O12). */
export type UnitConversion = { kind: "ok"; quantity: Decimal } | { kind: "unknown_unit"; unit: string };

export interface ConvertQuantityOptions {
  /** Decimals kept when the conversion does not divide evenly. Default: 5 (what ERPs store for quantities). */
  scale?: number;
  /** Rounding for uneven conversions. Default: `half-up`. */
  mode?: RoundingMode;
}

/** How many base units one `unit` holds for this item: 1 for the base unit, `undefined` when unknown. Case-insensitive. */
export function unitFactor(item: Pick<Item, "baseUnit" | "alternateUnits">, unit: string): Decimal | undefined {
  const wanted = unit.toUpperCase();
  if (item.baseUnit.toUpperCase() === wanted) return Decimal.ONE;
  return item.alternateUnits.find((u) => u.code.toUpperCase() === wanted)?.factor;
}

/**
 * Converts a quantity of an item between two of its units (`2 BOX` of 12 → `24 PCS`) so that a storefront "box"
 * never becomes an ERP "pallet" (O12). A unit the item does not have is reported, never guessed.
 */
export function convertQuantity(
  item: Pick<Item, "baseUnit" | "alternateUnits">,
  quantity: DecimalInput,
  fromUnit: string,
  toUnit: string = item.baseUnit,
  options: ConvertQuantityOptions = {},
): UnitConversion {
  const from = unitFactor(item, fromUnit);
  if (from === undefined) return { kind: "unknown_unit", unit: fromUnit };
  const to = unitFactor(item, toUnit);
  if (to === undefined) return { kind: "unknown_unit", unit: toUnit };
  const baseQuantity = Decimal.from(quantity, "quantity").mul(from);
  const converted = to.eq(Decimal.ONE)
    ? baseQuantity
    : baseQuantity.div(to, options.scale ?? 5, options.mode ?? "half-up");
  return { kind: "ok", quantity: converted.normalize() };
}
