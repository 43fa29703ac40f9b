import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors";
import { assertCurrencyCode, formatMoney, isCurrencyCode, minorUnits, parseMoney, roundMoney } from "./currency";
import { Decimal } from "./decimal";

describe("currencies", () => {
  it("knows ISO 4217 minor units: 0, 2 and 3 decimals", () => {
    expect(minorUnits("JPY")).toBe(0);
    expect(minorUnits("KRW")).toBe(0);
    expect(minorUnits("EUR")).toBe(2);
    expect(minorUnits("USD")).toBe(2);
    expect(minorUnits("KWD")).toBe(3);
    expect(minorUnits("BHD")).toBe(3);
  });

  it("rejects unknown, lower-case and non-money codes naming the field", () => {
    expect(isCurrencyCode("EUR")).toBe(true);
    expect(isCurrencyCode("eur")).toBe(false);
    expect(isCurrencyCode("XAU")).toBe(false);
    expect(isCurrencyCode(12)).toBe(false);
    expect(() => assertCurrencyCode("EURO", "order.currency")).toThrow(/order.currency/);
    expect(() => minorUnits("ABC")).toThrow(InvalidInputError);
  });

  it("parses money to the currency's minor unit without floats", () => {
    expect(parseMoney("12.3400", "EUR").toString()).toBe("12.34");
    expect(parseMoney(0.1, "USD").add(parseMoney(0.2, "USD")).toString()).toBe("0.30");
    expect(parseMoney("1200", "JPY").toString()).toBe("1200");
    expect(parseMoney("1.234", "KWD").toString()).toBe("1.234");
  });

  it("rejects amounts finer than the minor unit, and negatives when not allowed, naming the field", () => {
    const tooFine = () => parseMoney("12.345", "EUR", { field: "totals.grandTotal" });
    expect(tooFine).toThrow(InvalidInputError);
    expect(tooFine).toThrow(/totals.grandTotal/);
    expect(() => parseMoney("1.5", "JPY")).toThrow(/at most 0 decimals/);
    try {
      parseMoney("-1", "EUR", { field: "lines.0.quantity", allowNegative: false });
      expect.unreachable();
    } catch (error) {
      expect((error as InvalidInputError).code).toBe("NEGATIVE_NOT_ALLOWED");
      expect((error as InvalidInputError).field).toBe("lines.0.quantity");
    }
  });

  it("rounds explicitly and formats with exactly the minor-unit decimals", () => {
    expect(roundMoney("2.675", "EUR", "half-up").toString()).toBe("2.68");
    expect(roundMoney("2.675", "EUR", "half-even").toString()).toBe("2.68");
    expect(roundMoney("2.665", "EUR", "half-even").toString()).toBe("2.66");
    expect(formatMoney("12.5", "EUR")).toBe("12.50");
    expect(formatMoney("1200", "JPY")).toBe("1200");
    expect(formatMoney("1.2", "KWD")).toBe("1.200");
    expect(() => formatMoney("12.345", "EUR")).toThrow(/round explicitly/);
  });

  it("property: parse → format round-trips for 0-, 2- and 3-decimal currencies", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("JPY", "EUR", "KWD"),
        fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }),
        (currency, minor) => {
          const amount = Decimal.fromMinorUnits(minor, minorUnits(currency));
          const text = formatMoney(amount, currency);
          const parsed = parseMoney(text, currency);
          expect(parsed.eq(amount)).toBe(true);
          expect(formatMoney(parsed, currency)).toBe(text);
          const decimals = text.split(".")[1]?.length ?? 0;
          expect(decimals).toBe(minorUnits(currency));
        },
      ),
    );
  });
});
