/**
 * Rounding is always explicit in this SDK: every operation that can lose digits takes a mode.
 * - `half-up`: to nearest, ties away from zero (commercial rounding; most ERPs' default).
 * - `half-even`: to nearest, ties to the even neighbour (banker's rounding).
 * - `half-down`: to nearest, ties toward zero.
 * - `up`: away from zero. `down`: toward zero (truncate).
 * - `ceiling`: toward +∞. `floor`: toward −∞.
 */
export type RoundingMode = "half-up" | "half-even" | "half-down" | "up" | "down" | "ceiling" | "floor";

export const ROUNDING_MODES: readonly RoundingMode[] = [
  "half-up",
  "half-even",
  "half-down",
  "up",
  "down",
  "ceiling",
  "floor",
];

/** `numerator / denominator` rounded to an integer with `mode`. `denominator` must be positive. */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator <= 0n) throw new RangeError("divideRounded: denominator must be positive");
  const quotient = numerator / denominator; // truncates toward zero
  const remainder = numerator % denominator; // has the sign of the numerator
  if (remainder === 0n) return quotient;
  const sign = numerator < 0n ? -1n : 1n;
  const twiceRemainder = (remainder < 0n ? -remainder : remainder) * 2n;
  const half = twiceRemainder === denominator ? 0 : twiceRemainder > denominator ? 1 : -1;
  switch (mode) {
    case "down":
      return quotient;
    case "up":
      return quotient + sign;
    case "ceiling":
      return sign > 0n ? quotient + 1n : quotient;
    case "floor":
      return sign < 0n ? quotient - 1n : quotient;
    case "half-up":
      return half >= 0 ? quotient + sign : quotient;
    case "half-down":
      return half > 0 ? quotient + sign : quotient;
    case "half-even":
      if (half > 0 || (half === 0 && quotient % 2n !== 0n)) return quotient + sign;
      return quotient;
  }
}
