import { InvalidInputError } from "../errors";
import { Decimal, type DecimalInput } from "./decimal";
import type { RoundingMode } from "./rounding";

/** An ISO 4217 alphabetic currency code in upper case, e.g. `EUR`. */
export type CurrencyCode = string;

/**
 * ISO 4217 minor units that differ from the common 2 (ISO 4217 list one, amendment 179). Codes with no minor
 * unit defined ("N.A.", e.g. XDR, XSU, precious metals) are not money in this SDK.
 */
const MINOR_UNIT_EXCEPTIONS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};
const NOT_MONEY = new Set(["XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XDR", "XPD", "XPT", "XSU", "XTS", "XUA", "XXX"]);

/** The currencies this runtime's ICU data knows (Node 20 ships full ICU), minus units that are not money. */
const KNOWN_CURRENCIES: ReadonlySet<string> = new Set(
  [...Intl.supportedValuesOf("currency"), ...Object.keys(MINOR_UNIT_EXCEPTIONS)].filter((code) => !NOT_MONEY.has(code)),
);

/** True for an active ISO 4217 code this SDK can book money in. */
export function isCurrencyCode(code: unknown): code is CurrencyCode {
  return typeof code === "string" && KNOWN_CURRENCIES.has(code);
}

/**
 * @throws InvalidInputError (`UNKNOWN_CURRENCY`) naming `field` when `code` is not a known ISO 4217 code.
 */
export function assertCurrencyCode(code: unknown, field = "currency"): asserts code is CurrencyCode {
  if (!isCurrencyCode(code)) {
    throw new InvalidInputError(
      "UNKNOWN_CURRENCY",
      field,
      code,
      "not an ISO 4217 currency code (upper case, e.g. EUR)",
    );
  }
}

/** Number of decimals of the currency's minor unit: JPY 0, EUR 2, KWD 3. */
export function minorUnits(currency: CurrencyCode): number {
  assertCurrencyCode(currency);
  return MINOR_UNIT_EXCEPTIONS[currency] ?? 2;
}

export interface ParseMoneyOptions {
  /** Dotted path named in errors. Default: `"amount"`. */
  field?: string;
  /** Whether negative amounts are accepted. Default: `true`. */
  allowNegative?: boolean;
}

/**
 * Parses an amount of `currency` from its wire form (decimal string or JSON number) without binary floats, and
 * checks it fits the currency's minor unit (`"12.345"` EUR is rejected; `"12.3400"` EUR is accepted as 12.34).
 * For unit prices, which may carry more decimals, use `Decimal.from`.
 * @throws InvalidInputError naming the field.
 */
export function parseMoney(value: DecimalInput, currency: CurrencyCode, options: ParseMoneyOptions = {}): Decimal {
  const field = options.field ?? "amount";
  assertCurrencyCode(currency);
  const amount = Decimal.from(value, field);
  const digits = minorUnits(currency);
  if (amount.significantScale > digits) {
    throw new InvalidInputError(
      "TOO_MANY_DECIMALS",
      field,
      value,
      `${currency} amounts have at most ${digits} decimals`,
    );
  }
  if (options.allowNegative === false && amount.isNegative()) {
    throw new InvalidInputError("NEGATIVE_NOT_ALLOWED", field, value, "must not be negative");
  }
  return amount.round(digits, "down"); // exact: only pads or drops zeros
}

/** Rounds an amount to the currency's minor unit with an explicit mode (e.g. a line total of price × quantity). */
export function roundMoney(amount: DecimalInput, currency: CurrencyCode, mode: RoundingMode): Decimal {
  return Decimal.from(amount).round(minorUnits(currency), mode);
}

/**
 * Formats an amount with exactly the currency's minor-unit decimals (`12.5` EUR → `"12.50"`, `1200` JPY →
 * `"1200"`). Refuses to round silently.
 * @throws InvalidInputError when the amount has more decimals than the currency allows: use `roundMoney` first.
 */
export function formatMoney(amount: DecimalInput, currency: CurrencyCode): string {
  const value = Decimal.from(amount);
  const digits = minorUnits(currency);
  if (value.significantScale > digits) {
    throw new InvalidInputError(
      "TOO_MANY_DECIMALS",
      "amount",
      value.toString(),
      `${currency} amounts have ${digits} decimals; round explicitly first`,
    );
  }
  return value.round(digits, "down").toString();
}
