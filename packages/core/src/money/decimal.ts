import { InvalidInputError } from "../errors";
import { divideRounded, type RoundingMode } from "./rounding";

/** Anything an amount or quantity can arrive as: a decimal string, a JSON number, a bigint or a `Decimal`. */
export type DecimalInput = string | number | bigint | Decimal;

/** Plain decimal numerals only: optional sign, digits, optional fraction. No exponents, commas or spaces. */
const DECIMAL_NUMERAL = /^([+-])?(\d+)(?:\.(\d+))?$/;
/** The shape `Number.prototype.toString` uses for very small or very large numbers. */
const NUMBER_WITH_EXPONENT = /^(-)?(\d+)(?:\.(\d+))?e([+-]\d+)$/;

/** Longest numeral accepted (digits, excluding sign and point): far beyond any real amount, bounded against abuse. */
export const MAX_DECIMAL_DIGITS = 40;

const powersOfTen: bigint[] = [1n];
function pow10(exponent: number): bigint {
  for (let i = powersOfTen.length; i <= exponent; i++) powersOfTen[i] = (powersOfTen[i - 1] as bigint) * 10n;
  return powersOfTen[exponent] as bigint;
}

/**
 * An exact decimal number: an integer coefficient and a scale (number of fraction digits), value =
 * coefficient × 10^−scale. Immutable. Never passes through a binary float: `Decimal.from("0.1").add("0.2")`
 * is exactly `0.3`.
 *
 * Chosen over big.js after measuring (see `bench/run.ts`): the SDK's workload is additions and
 * multiplications at small fixed scales, where native bigint arithmetic is faster and the type is smaller.
 */
export class Decimal {
  /** The integer coefficient: the value is `coefficient / 10^scale`. */
  readonly coefficient: bigint;
  /** Number of digits after the decimal point (≥ 0). `Decimal.from("12.3400").scale` is 4. */
  readonly scale: number;

  private constructor(coefficient: bigint, scale: number) {
    this.coefficient = coefficient;
    this.scale = scale;
  }

  static readonly ZERO = new Decimal(0n, 0);
  static readonly ONE = new Decimal(1n, 0);

  /**
   * Parses an amount or quantity exactly.
   * - Strings must be plain decimal numerals (`"12.50"`, `"-3"`, `"0.125"`); `"12,50"`, `"1e400"`, `" 1"` and
   *   `""` are rejected.
   * - Numbers are taken at their shortest round-trip decimal form (`0.1` → `0.1`), so a JSON number means
   *   what its text said. Non-finite numbers and integers beyond 2^53 (already rounded by `JSON.parse`) are
   *   rejected: ask the sender for a string.
   * @param field Dotted path named in the error, e.g. `lines.0.unitPrice`.
   * @throws InvalidInputError naming the field.
   */
  static from(value: DecimalInput, field = ""): Decimal {
    if (value instanceof Decimal) return value;
    if (typeof value === "bigint") return new Decimal(value, 0);
    if (typeof value === "number") return Decimal.fromNumber(value, field);
    if (typeof value === "string") return Decimal.fromString(value, field);
    throw new InvalidInputError("INVALID_AMOUNT", field, value, "expected a decimal string or number");
  }

  /** Like `from`, but returns `undefined` instead of throwing. */
  static tryFrom(value: unknown): Decimal | undefined {
    if (
      !(value instanceof Decimal) &&
      typeof value !== "string" &&
      typeof value !== "number" &&
      typeof value !== "bigint"
    )
      return undefined;
    try {
      return Decimal.from(value);
    } catch {
      return undefined;
    }
  }

  /** A value from an integer count of minor units, e.g. `fromMinorUnits(1234n, 2)` is `12.34`. */
  static fromMinorUnits(minorUnits: bigint, scale: number): Decimal {
    assertScale(scale);
    return new Decimal(minorUnits, scale);
  }

  /** Exact sum of the values (zero for an empty list). */
  static sum(values: Iterable<DecimalInput>): Decimal {
    let total = Decimal.ZERO;
    for (const value of values) total = total.add(value);
    return total;
  }

  private static fromString(text: string, field: string): Decimal {
    const match = DECIMAL_NUMERAL.exec(text);
    if (!match) {
      const hint = /^[+-]?\d+,\d+$/.test(text)
        ? "use a point as the decimal separator"
        : /e/i.test(text)
          ? "exponent notation is not accepted"
          : "expected a plain decimal numeral such as 12.50";
      throw new InvalidInputError("INVALID_AMOUNT", field, text, hint);
    }
    const [, sign, integerDigits = "", fractionDigits = ""] = match;
    if (integerDigits.length + fractionDigits.length > MAX_DECIMAL_DIGITS) {
      throw new InvalidInputError("AMOUNT_OUT_OF_RANGE", field, text, `more than ${MAX_DECIMAL_DIGITS} digits`);
    }
    const magnitude = BigInt(integerDigits + fractionDigits);
    return new Decimal(sign === "-" ? -magnitude : magnitude, fractionDigits.length);
  }

  private static fromNumber(value: number, field: string): Decimal {
    if (!Number.isFinite(value)) {
      throw new InvalidInputError("INVALID_AMOUNT", field, value, "not a finite number");
    }
    if (Math.abs(value) > Number.MAX_SAFE_INTEGER) {
      throw new InvalidInputError(
        "PRECISION_LOST",
        field,
        value,
        "number beyond 2^53 has lost precision in JSON; send it as a decimal string",
      );
    }
    const text = String(value);
    const exponentMatch = NUMBER_WITH_EXPONENT.exec(text);
    if (!exponentMatch) return Decimal.fromString(text, field);
    // Only tiny magnitudes reach here (large ones were rejected above): 1.5e-7 → 15 × 10^-8.
    const [, sign, integerDigits = "", fractionDigits = "", exponentText = "0"] = exponentMatch;
    const exponent = Number(exponentText);
    const magnitude = BigInt(integerDigits + fractionDigits);
    const scale = fractionDigits.length - exponent;
    if (scale > MAX_DECIMAL_DIGITS) {
      throw new InvalidInputError("AMOUNT_OUT_OF_RANGE", field, value, "too small to represent");
    }
    return new Decimal(sign === "-" ? -magnitude : magnitude, scale);
  }

  /** Exact sum. */
  add(other: DecimalInput): Decimal {
    const b = Decimal.from(other);
    if (b.scale === this.scale) return new Decimal(this.coefficient + b.coefficient, this.scale);
    const scale = Math.max(this.scale, b.scale);
    return new Decimal(this.coefficientAt(scale) + b.coefficientAt(scale), scale);
  }

  /** Exact difference. */
  sub(other: DecimalInput): Decimal {
    return this.add(Decimal.from(other).neg());
  }

  /** Exact product (e.g. unit price × quantity); the scale is the sum of both scales. */
  mul(other: DecimalInput): Decimal {
    const b = Decimal.from(other);
    return new Decimal(this.coefficient * b.coefficient, this.scale + b.scale);
  }

  /** Quotient rounded to `scale` fraction digits with an explicit `mode`. */
  div(divisor: DecimalInput, scale: number, mode: RoundingMode): Decimal {
    assertScale(scale);
    const d = Decimal.from(divisor);
    if (d.coefficient === 0n) throw new InvalidInputError("INVALID_ARGUMENT", "", divisor, "division by zero");
    // this / d at `scale` = (c1 · 10^(scale + s2 − s1)) / c2, with the shift moved to the other side when negative.
    const shift = scale + d.scale - this.scale;
    let numerator = this.coefficient;
    let denominator = d.coefficient;
    if (shift >= 0) numerator *= pow10(shift);
    else denominator *= pow10(-shift);
    if (denominator < 0n) {
      numerator = -numerator;
      denominator = -denominator;
    }
    return new Decimal(divideRounded(numerator, denominator, mode), scale);
  }

  neg(): Decimal {
    return new Decimal(-this.coefficient, this.scale);
  }

  abs(): Decimal {
    return this.coefficient < 0n ? this.neg() : this;
  }

  /** Rounds to `scale` fraction digits with an explicit `mode`. Rounding to a larger scale pads with zeros. */
  round(scale: number, mode: RoundingMode): Decimal {
    assertScale(scale);
    if (scale >= this.scale) return new Decimal(this.coefficientAt(scale), scale);
    return new Decimal(divideRounded(this.coefficient, pow10(this.scale - scale), mode), scale);
  }

  /** The same value with trailing fraction zeros removed (`12.3400` → `12.34`). */
  normalize(): Decimal {
    let { coefficient, scale } = this;
    while (scale > 0 && coefficient % 10n === 0n) {
      coefficient /= 10n;
      scale--;
    }
    return scale === this.scale ? this : new Decimal(coefficient, scale);
  }

  /** Number of fraction digits the value really needs (`12.3400` → 2). */
  get significantScale(): number {
    return this.normalize().scale;
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than `other`. */
  cmp(other: DecimalInput): -1 | 0 | 1 {
    const b = Decimal.from(other);
    const scale = Math.max(this.scale, b.scale);
    const a1 = this.coefficientAt(scale);
    const b1 = b.coefficientAt(scale);
    return a1 < b1 ? -1 : a1 > b1 ? 1 : 0;
  }

  eq(other: DecimalInput): boolean {
    return this.cmp(other) === 0;
  }
  lt(other: DecimalInput): boolean {
    return this.cmp(other) < 0;
  }
  lte(other: DecimalInput): boolean {
    return this.cmp(other) <= 0;
  }
  gt(other: DecimalInput): boolean {
    return this.cmp(other) > 0;
  }
  gte(other: DecimalInput): boolean {
    return this.cmp(other) >= 0;
  }

  isZero(): boolean {
    return this.coefficient === 0n;
  }
  isNegative(): boolean {
    return this.coefficient < 0n;
  }
  isPositive(): boolean {
    return this.coefficient > 0n;
  }
  /** True when the value has no fraction (`3.00` is an integer). */
  isInteger(): boolean {
    return this.scale === 0 || this.coefficient % pow10(this.scale) === 0n;
  }

  /**
   * The value as an integer count of units at `scale` (e.g. cents at scale 2).
   * @throws InvalidInputError when the value has more fraction digits than `scale`: round first.
   */
  toMinorUnits(scale: number): bigint {
    assertScale(scale);
    if (this.significantScale > scale) {
      throw new InvalidInputError(
        "TOO_MANY_DECIMALS",
        "",
        this.toString(),
        `has more than ${scale} decimals; round it explicitly first`,
      );
    }
    return this.round(scale, "down").coefficient; // exact: only trailing zeros are dropped or added
  }

  /** The exact decimal numeral, keeping the scale (`12.3400` stays `"12.3400"`). */
  toString(): string {
    const negative = this.coefficient < 0n;
    const digits = (negative ? -this.coefficient : this.coefficient).toString();
    if (this.scale === 0) return negative ? `-${digits}` : digits;
    const padded = digits.padStart(this.scale + 1, "0");
    const text = `${padded.slice(0, -this.scale)}.${padded.slice(-this.scale)}`;
    return negative ? `-${text}` : text;
  }

  /** `toString()` after rounding to `scale` with an explicit `mode`. */
  toFixed(scale: number, mode: RoundingMode): string {
    return this.round(scale, mode).toString();
  }

  /** JSON carries decimals as strings, so they survive any JSON parser exactly. */
  toJSON(): string {
    return this.toString();
  }

  /** A binary float approximation, for display and charts only: never compute money with it. */
  toNumber(): number {
    return Number(this.toString());
  }

  /** The coefficient at a scale no smaller than this one's. */
  private coefficientAt(scale: number): bigint {
    return scale === this.scale ? this.coefficient : this.coefficient * pow10(scale - this.scale);
  }
}

function assertScale(scale: number): void {
  if (!Number.isInteger(scale) || scale < 0 || scale > MAX_DECIMAL_DIGITS) {
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      "scale",
      scale,
      `scale must be an integer 0..${MAX_DECIMAL_DIGITS}`,
    );
  }
}
