import { InvalidInputError } from "../errors";
import { Decimal, type DecimalInput } from "./decimal";

/**
 * Splits `amount` into parts proportional to `weights`, at `scale` decimals (a currency's minor unit), so that the
 * parts sum to `amount` exactly (failure catalog O9). Largest-remainder method: every part first gets its share
 * rounded toward zero; the leftover minor units go one each to the parts with the largest remainders, ties to
 * the earlier part, so the result is deterministic. All-zero weights split the amount evenly.
 *
 * @param amount Must be representable at `scale` (e.g. a discount already in cents).
 * @param weights Non-negative, e.g. line net amounts.
 * @throws InvalidInputError for negative weights, an empty weight list or an amount finer than `scale`.
 */
export function allocate(amount: DecimalInput, weights: readonly DecimalInput[], scale: number): Decimal[] {
  if (weights.length === 0) {
    throw new InvalidInputError("INVALID_ARGUMENT", "weights", "[]", "at least one weight is needed");
  }
  const total = Decimal.from(amount, "amount").toMinorUnits(scale);
  const parsedWeights = weights.map((weight, index) => {
    const value = Decimal.from(weight, `weights.${index}`);
    if (value.isNegative()) {
      throw new InvalidInputError("NEGATIVE_NOT_ALLOWED", `weights.${index}`, weight, "weights must not be negative");
    }
    return value;
  });
  const weightScale = Math.max(...parsedWeights.map((w) => w.scale));
  let integerWeights = parsedWeights.map((w) => w.toMinorUnits(weightScale));
  let weightSum = integerWeights.reduce((sum, w) => sum + w, 0n);
  if (weightSum === 0n) {
    integerWeights = integerWeights.map(() => 1n);
    weightSum = BigInt(integerWeights.length);
  }

  const magnitude = total < 0n ? -total : total;
  const shares = integerWeights.map((w) => (magnitude * w) / weightSum);
  const remainders = integerWeights.map((w, index) => ({ index, remainder: (magnitude * w) % weightSum }));
  let leftover = magnitude - shares.reduce((sum, s) => sum + s, 0n);
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (leftover === 0n) break;
    shares[index] = (shares[index] as bigint) + 1n;
    leftover--;
  }
  return shares.map((share) => Decimal.fromMinorUnits(total < 0n ? -share : share, scale));
}
