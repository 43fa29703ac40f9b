/**
 * Exact amounts for the SAP Business One fake: B1 keeps amounts with up to 6 decimals and rounds document amounts to
 * the currency's 2 decimals. JSON numbers are read through their shortest decimal text (never through float
 * arithmetic) into integers of micro-units, so `DocTotal` and `VatSum` come out exactly as B1 computes them.
 * (`@org/core`'s Decimal is not a runtime dependency of this package, hence this small helper.)
 */

/** Decimals B1 stores amounts, prices and quantities with. */
export const SAPB1_AMOUNT_DECIMALS = 6;
const MICROS = 10n ** BigInt(SAPB1_AMOUNT_DECIMALS);

/** A wire value that is not an amount; `field` names it for the B1 error message. */
export class AmountError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (n * 2n + d) / (2n * d);
  return negative ? -quotient : quotient;
}

/** A JSON number (or numeric string) as micro-units; more than 6 decimals are rounded half-up like B1 does. */
export function toMicros(value: unknown, field: string): bigint {
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new AmountError(field, `${field} must be a finite number`);
    text = /e/i.test(String(value)) ? value.toFixed(SAPB1_AMOUNT_DECIMALS + 2) : String(value);
  } else if (typeof value === "string" && value.trim() !== "") {
    text = value.trim();
  } else {
    throw new AmountError(field, `${field} must be a number`);
  }
  const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new AmountError(field, `${field} must be a number, got ${JSON.stringify(value)}`);
  const [, sign = "", whole = "0", fraction = ""] = match;
  const digits = BigInt(`${whole}${fraction}`);
  const scale = 10n ** BigInt(fraction.length);
  const micros = divRoundHalfUp(digits * MICROS, scale);
  return sign === "-" ? -micros : micros;
}

/** `a × b` for two micro-unit values. */
export function mulMicros(a: bigint, b: bigint): bigint {
  return divRoundHalfUp(a * b, MICROS);
}

/** `amount × percent / 100`, rounded half-up to `decimals`. */
export function percentOf(amount: bigint, percent: bigint, decimals = 2): bigint {
  return roundMicros(divRoundHalfUp(amount * percent, 100n * MICROS), decimals);
}

/** Rounds a micro-unit value half-up (away from zero) to `decimals`. */
export function roundMicros(micros: bigint, decimals: number): bigint {
  const step = 10n ** BigInt(SAPB1_AMOUNT_DECIMALS - decimals);
  return divRoundHalfUp(micros, step) * step;
}

/** Decimal text of a micro-unit value, trailing zeros dropped (`12.9`, `-3`, `0.000001`). */
export function microsToText(micros: bigint): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const whole = abs / MICROS;
  const fraction = (abs % MICROS).toString().padStart(SAPB1_AMOUNT_DECIMALS, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** The JSON number B1 would write for a micro-unit value (the shortest double that round-trips its decimal text). */
export function microsToNumber(micros: bigint): number {
  return Number(microsToText(micros));
}
