import type { Decimal } from "@org/core";

/** Largest count of significant digits a JSON number (IEEE 754 double) carries back to the same decimal. */
export const SAPB1_EXACT_DIGITS = 15;

/**
 * B1's metadata types amounts as `Edm.Double`, so they travel as JSON numbers. A decimal with at most 15
 * significant digits survives that unchanged (the number prints back to the same decimal string); longer ones
 * would not, and are refused rather than rounded silently. Returns `undefined` for those.
 */
export function toSapB1Number(value: Decimal): number | undefined {
  const digits = value.normalize().abs().coefficient.toString().replace(/^0+/, "").length;
  if (digits > SAPB1_EXACT_DIGITS) return undefined;
  return value.toNumber();
}
