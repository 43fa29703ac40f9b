import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors";
import { allocate } from "./allocate";
import { Decimal } from "./decimal";

describe("allocate (O9)", () => {
  it("O9: splits 10.00 over three equal lines as 3.34 + 3.33 + 3.33", () => {
    expect(allocate("10.00", [1, 1, 1], 2).map(String)).toEqual(["3.34", "3.33", "3.33"]);
  });

  it("O9: follows the weights and gives leftovers to the largest remainders", () => {
    expect(allocate("100", ["50", "30", "20"], 0).map(String)).toEqual(["50", "30", "20"]);
    expect(allocate("0.05", ["1", "3"], 2).map(String)).toEqual(["0.01", "0.04"]);
    expect(allocate("-10.00", [1, 1, 1], 2).map(String)).toEqual(["-3.34", "-3.33", "-3.33"]);
    expect(allocate("1.000", ["0.5", "0.25", "0.25"], 3).map(String)).toEqual(["0.500", "0.250", "0.250"]);
  });

  it("splits evenly when every weight is zero, and gives zero-weight parts nothing otherwise", () => {
    expect(allocate("1.00", [0, 0], 2).map(String)).toEqual(["0.50", "0.50"]);
    expect(allocate("1.00", [0, 5], 2).map(String)).toEqual(["0.00", "1.00"]);
  });

  it("rejects negative weights, no weights and amounts finer than the scale", () => {
    expect(() => allocate("1", [], 2)).toThrow(InvalidInputError);
    expect(() => allocate("1", [1, -1], 2)).toThrow(/weights.1/);
    expect(() => allocate("1.001", [1], 2)).toThrow(/round it explicitly/);
  });

  it("property: the parts always sum exactly to the amount, each within one minor unit of its exact share", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 30 }),
        fc.constantFrom(0, 2, 3),
        (minor, rawWeights, scale) => {
          const amount = Decimal.fromMinorUnits(minor, scale);
          const weights = rawWeights.map((w) => Decimal.fromMinorUnits(w, 2));
          const parts = allocate(amount, weights, scale);
          expect(parts).toHaveLength(weights.length);
          expect(Decimal.sum(parts).eq(amount)).toBe(true);
          const weightSum = Decimal.sum(weights);
          if (weightSum.isZero()) return;
          const unit = Decimal.fromMinorUnits(1n, scale);
          parts.forEach((part, index) => {
            const exact = amount.mul(weights[index] as Decimal).div(weightSum, scale + 6, "half-even");
            expect(part.sub(exact).abs().lt(unit)).toBe(true);
          });
        },
      ),
    );
  });

  it("property: deterministic for the same input", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100000 }),
        fc.array(fc.nat(1000), { minLength: 1, maxLength: 10 }),
        (cents, weights) => {
          const a = allocate(Decimal.fromMinorUnits(BigInt(cents), 2), weights, 2).map(String);
          const b = allocate(Decimal.fromMinorUnits(BigInt(cents), 2), weights, 2).map(String);
          expect(a).toEqual(b);
        },
      ),
    );
  });
});
