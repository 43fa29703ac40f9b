import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors";
import { Decimal } from "./decimal";
import { ROUNDING_MODES } from "./rounding";

const decimalArbitrary = fc
  .tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 6 }))
  .map(([coefficient, scale]) => Decimal.fromMinorUnits(coefficient, scale));

function rejects(value: unknown, code: string, field = "lines.0.unitPrice"): InvalidInputError {
  try {
    Decimal.from(value as string, field);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    const typed = error as InvalidInputError;
    expect(typed.code).toBe(code);
    expect(typed.field).toBe(field);
    expect(typed.message).toContain(field);
    return typed;
  }
  throw new Error(`expected ${String(value)} to be rejected`);
}

describe("Decimal.from", () => {
  it.each([
    ["12.50", "12.50"],
    ["-3", "-3"],
    ["+7.125", "7.125"],
    ["0.000", "0.000"],
    ["12.3400", "12.3400"],
    ["00012.5", "12.5"],
  ])("parses the decimal string %s exactly", (input, expected) => {
    expect(Decimal.from(input).toString()).toBe(expected);
  });

  it("takes JSON numbers at their shortest decimal form, so 0.1 + 0.2 is exactly 0.3", () => {
    expect(Decimal.from(0.1).add(0.2).toString()).toBe("0.3");
    expect(0.1 + 0.2).not.toBe(0.3); // the float sum this type avoids
    expect(Decimal.from(19.99).mul(3).toString()).toBe("59.97");
    expect(Decimal.from(1.5e-7).toString()).toBe("0.00000015");
    expect(Decimal.from(-2.5e-10).toString()).toBe("-0.00000000025");
    expect(Decimal.from(42).toString()).toBe("42");
    expect(Decimal.from(123n).toString()).toBe("123");
  });

  it("rejects NaN and infinities (JSON 1e400 parses to Infinity) naming the field", () => {
    rejects(Number.NaN, "INVALID_AMOUNT");
    rejects(JSON.parse("1e400"), "INVALID_AMOUNT");
    rejects(Number.NEGATIVE_INFINITY, "INVALID_AMOUNT");
  });

  it("rejects strings that are not plain decimal numerals, with a hint", () => {
    expect(rejects("12,50", "INVALID_AMOUNT").message).toContain("decimal separator");
    expect(rejects("1e400", "INVALID_AMOUNT").message).toContain("exponent");
    for (const bad of ["", " 1", "1 ", "abc", "1.", ".5", "1.2.3", "0x10", "١٢", "--1", "1_000", "NaN", "Infinity"]) {
      rejects(bad, "INVALID_AMOUNT");
    }
  });

  it("rejects integers beyond 2^53 (precision already lost by JSON.parse) and absurdly long numerals", () => {
    rejects(JSON.parse("12345678901234567890"), "PRECISION_LOST");
    rejects("1".repeat(41), "AMOUNT_OUT_OF_RANGE");
    expect(Decimal.from("1".repeat(40)).toString()).toBe("1".repeat(40));
  });

  it("rejects values of other types", () => {
    rejects(null, "INVALID_AMOUNT");
    rejects({}, "INVALID_AMOUNT");
    rejects(true, "INVALID_AMOUNT");
  });

  it("tryFrom returns undefined instead of throwing", () => {
    expect(Decimal.tryFrom("x")).toBeUndefined();
    expect(Decimal.tryFrom({})).toBeUndefined();
    expect(Decimal.tryFrom("1.5")?.toString()).toBe("1.5");
  });

  it("property: toString round-trips through from", () => {
    fc.assert(
      fc.property(
        decimalArbitrary,
        (d) => Decimal.from(d.toString()).eq(d) && Decimal.from(d.toString()).scale === d.scale,
      ),
    );
  });

  it("property: JSON carries the exact value as a string", () => {
    fc.assert(fc.property(decimalArbitrary, (d) => Decimal.from(JSON.parse(JSON.stringify({ d })).d).eq(d)));
  });
});

describe("Decimal arithmetic", () => {
  it("adds, subtracts and multiplies exactly across scales", () => {
    expect(Decimal.from("12.3400").add("0.006").toString()).toBe("12.3460");
    expect(Decimal.from("10").sub("0.01").toString()).toBe("9.99");
    expect(Decimal.from("19.99").mul("3").toString()).toBe("59.97");
    expect(Decimal.from("1.005").mul("1000").toString()).toBe("1005.000");
    expect(Decimal.sum(["0.1", "0.2", 0.3]).toString()).toBe("0.6");
    expect(Decimal.sum([]).toString()).toBe("0");
  });

  it("compares by value, not by scale", () => {
    expect(Decimal.from("1.50").eq("1.5")).toBe(true);
    expect(Decimal.from("-1").lt("0")).toBe(true);
    expect(Decimal.from("2").gte("2.00")).toBe(true);
    expect(Decimal.from("2").gt("1.999")).toBe(true);
    expect(Decimal.from("2").lte("1.999")).toBe(false);
    expect(Decimal.from("0.00").isZero()).toBe(true);
    expect(Decimal.from("-0.01").isNegative()).toBe(true);
    expect(Decimal.from("0.01").isPositive()).toBe(true);
    expect(Decimal.from("3.00").isInteger()).toBe(true);
    expect(Decimal.from("3.10").isInteger()).toBe(false);
    expect(Decimal.from("-4.20").abs().toString()).toBe("4.20");
  });

  it("divides with an explicit scale and rounding mode", () => {
    expect(Decimal.from("10").div("3", 2, "half-up").toString()).toBe("3.33");
    expect(Decimal.from("-10").div("3", 2, "floor").toString()).toBe("-3.34");
    expect(Decimal.from("1").div("-8", 3, "half-even").toString()).toBe("-0.125");
    expect(Decimal.from("0.5").div("0.25", 0, "down").toString()).toBe("2");
    expect(Decimal.from("123.456").div("0.001", 0, "down").toString()).toBe("123456");
    expect(() => Decimal.from("1").div("0", 2, "half-up")).toThrow(InvalidInputError);
  });

  it("rounds with every mode as documented", () => {
    const cases: Record<string, string[]> = {
      // value:      half-up, half-even, half-down, up, down, ceiling, floor
      "2.5": ["3", "2", "2", "3", "2", "3", "2"],
      "-2.5": ["-3", "-2", "-2", "-3", "-2", "-2", "-3"],
      "3.5": ["4", "4", "3", "4", "3", "4", "3"],
      "2.51": ["3", "3", "3", "3", "2", "3", "2"],
      "-2.49": ["-2", "-2", "-2", "-3", "-2", "-2", "-3"],
      "7": ["7", "7", "7", "7", "7", "7", "7"],
    };
    for (const [value, expected] of Object.entries(cases)) {
      ROUNDING_MODES.forEach((mode, index) => {
        expect(`${value} ${mode} → ${Decimal.from(value).round(0, mode)}`).toBe(
          `${value} ${mode} → ${expected[index]}`,
        );
      });
    }
    expect(Decimal.from("1.005").round(2, "half-up").toString()).toBe("1.01"); // 1.005 is not 1.00499… here
    expect(Decimal.from("1.5").round(3, "down").toString()).toBe("1.500");
    expect(Decimal.from("1.23456").toFixed(3, "half-even")).toBe("1.235");
  });

  it("converts to and from minor units, refusing to round silently", () => {
    expect(Decimal.from("12.34").toMinorUnits(2)).toBe(1234n);
    expect(Decimal.from("12.3400").toMinorUnits(2)).toBe(1234n);
    expect(Decimal.from("12").toMinorUnits(3)).toBe(12000n);
    expect(() => Decimal.from("12.345").toMinorUnits(2)).toThrow(/round it explicitly/);
    expect(Decimal.fromMinorUnits(-5n, 2).toString()).toBe("-0.05");
    expect(() => Decimal.fromMinorUnits(1n, -1)).toThrow(InvalidInputError);
    expect(() => Decimal.fromMinorUnits(1n, 1.5)).toThrow(/scale/);
  });

  it("normalizes trailing zeros and reports the significant scale", () => {
    expect(Decimal.from("12.3400").normalize().toString()).toBe("12.34");
    expect(Decimal.from("12.3400").significantScale).toBe(2);
    expect(Decimal.from("100").normalize().toString()).toBe("100");
    expect(Decimal.from("0.000").normalize().toString()).toBe("0");
  });

  it("toNumber is a display approximation", () => {
    expect(Decimal.from("12.5").toNumber()).toBe(12.5);
  });

  it("property: addition is exact (commutative, associative, inverse of subtraction)", () => {
    fc.assert(
      fc.property(decimalArbitrary, decimalArbitrary, decimalArbitrary, (a, b, c) => {
        expect(a.add(b).eq(b.add(a))).toBe(true);
        expect(
          a
            .add(b)
            .add(c)
            .eq(a.add(b.add(c))),
        ).toBe(true);
        expect(a.add(b).sub(b).eq(a)).toBe(true);
      }),
    );
  });

  it("property: multiplication by an integer equals repeated addition", () => {
    fc.assert(
      fc.property(decimalArbitrary, fc.integer({ min: 0, max: 20 }), (a, n) => {
        const repeated = Decimal.sum(Array.from({ length: n }, () => a));
        expect(a.mul(n).eq(repeated)).toBe(true);
      }),
    );
  });

  it("property: rounding moves a value by less than one unit of the target scale, in the mode's direction", () => {
    fc.assert(
      fc.property(
        decimalArbitrary,
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom(...ROUNDING_MODES),
        (d, scale, mode) => {
          const rounded = d.round(scale, mode);
          const unit = Decimal.fromMinorUnits(1n, scale);
          expect(rounded.sub(d).abs().lt(unit)).toBe(true);
          if (mode === "floor") expect(rounded.lte(d)).toBe(true);
          if (mode === "ceiling") expect(rounded.gte(d)).toBe(true);
          if (mode === "down") expect(rounded.abs().lte(d.abs())).toBe(true);
          if (mode === "up") expect(rounded.abs().gte(d.abs())).toBe(true);
          if (mode.startsWith("half")) expect(rounded.sub(d).abs().mul(2).lte(unit)).toBe(true);
        },
      ),
    );
  });
});
