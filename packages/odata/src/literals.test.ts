import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ODataUsageError } from "./errors.js";
import {
  date,
  dateTimeOffset,
  decimal,
  enumMember,
  guid,
  ODataLiteral,
  serializeLiteral,
  stringLiteral,
  timeOfDay,
} from "./literals.js";
import { parseLiteral, tokenize } from "./test-support/filter-lexer.js";

describe("stringLiteral", () => {
  it("wraps in single quotes and doubles embedded quotes", () => {
    expect(stringLiteral("O'Brien")).toBe("'O''Brien'");
    expect(stringLiteral("")).toBe("''");
    expect(stringLiteral("''")).toBe("''''''");
  });

  it("keeps an injection attempt inside one literal", () => {
    const attack = "O'Brien') or 1 eq 1 or ('";
    const text = stringLiteral(attack);
    expect(tokenize(text)).toEqual([{ kind: "string", value: attack }]);
  });

  it("round-trips any well-formed string through serialisation and the independent lexer", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }), fc.string()), (value) => {
        const token = parseLiteral(stringLiteral(value));
        expect(token).toEqual({ kind: "string", value });
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips strings made of quotes, parentheses, operators and whitespace", () => {
    const tricky = fc.string({
      unit: fc.constantFrom("'", "''", "(", ")", ",", " ", "eq", "or", "and", "1", "%27", "&", "$", "\n", "\\"),
    });
    fc.assert(
      fc.property(tricky, (value) => {
        expect(parseLiteral(stringLiteral(value))).toEqual({ kind: "string", value });
      }),
      { numRuns: 2000 },
    );
  });

  it("rejects strings with a lone surrogate (they cannot be UTF-8 encoded into a URL)", () => {
    expect(() => stringLiteral("a\uD800b")).toThrow(ODataUsageError);
    expect(() => stringLiteral("\uDC00")).toThrow(ODataUsageError);
    expect(stringLiteral("\uD83D\uDE00")).toBe("'\uD83D\uDE00'");
  });

  it("rejects non-strings at run time", () => {
    expect(() => stringLiteral(42 as unknown as string)).toThrow(ODataUsageError);
  });
});

describe("serializeLiteral", () => {
  it("serialises primitives", () => {
    expect(serializeLiteral(null)).toBe("null");
    expect(serializeLiteral(true)).toBe("true");
    expect(serializeLiteral(false)).toBe("false");
    expect(serializeLiteral(42)).toBe("42");
    expect(serializeLiteral(-1.5)).toBe("-1.5");
    expect(serializeLiteral(-0)).toBe("0");
    expect(serializeLiteral(12345678901234567890n)).toBe("12345678901234567890");
  });

  it("serialises a Date as a UTC DateTimeOffset and { date } as an Edm.Date", () => {
    expect(serializeLiteral(new Date("2024-01-31T10:00:00+01:00"))).toBe("2024-01-31T09:00:00.000Z");
    expect(serializeLiteral({ date: "2024-01-31" })).toBe("2024-01-31");
  });

  it("rejects values with no safe literal form", () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, undefined, {}, [], { date: "2024-02-30" }, () => 1]) {
      expect(() => serializeLiteral(bad as never)).toThrow(ODataUsageError);
    }
    expect(() => serializeLiteral({ date: "2024-01-01", extra: 1 } as never)).toThrow(ODataUsageError);
    expect(() => serializeLiteral(new Date("nope"))).toThrow(ODataUsageError);
  });

  it("any finite number serialises to exactly one numeric literal of the same value", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const token = parseLiteral(serializeLiteral(value));
        expect(token.kind).toBe("number");
        expect(Number(token.value)).toBe(value === 0 ? 0 : value);
      }),
    );
  });

  it("any Date serialises to one date-time literal of the same instant", () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true, min: new Date("0000-01-01"), max: new Date("9999-12-31") }), (d) => {
        const token = parseLiteral(serializeLiteral(d));
        expect(token).toEqual({ kind: "datetime", value: d.toISOString() });
      }),
    );
  });
});

describe("explicit literal helpers", () => {
  it("guid validates the 8-4-4-4-12 form and is written unquoted", () => {
    const id = "5d115c9c-44e3-ea11-bb43-000d3a2feca1";
    expect(guid(id).text).toBe(id);
    expect(guid(id).type).toBe("Edm.Guid");
    expect(parseLiteral(serializeLiteral(guid(id)))).toEqual({ kind: "guid", value: id });
    for (const bad of [
      "",
      "5d115c9c44e3ea11bb43000d3a2feca1",
      `${id}) or (1 eq 1`,
      "{5d115c9c-44e3-ea11-bb43-000d3a2feca1}",
    ]) {
      expect(() => guid(bad)).toThrow(ODataUsageError);
    }
  });

  it("date accepts real calendar days only", () => {
    expect(date("2024-02-29").text).toBe("2024-02-29");
    for (const bad of ["2023-02-29", "2024-13-01", "2024-00-10", "2024-01-00", "2024-1-1", "2024-01-31T00:00:00Z"]) {
      expect(() => date(bad)).toThrow(ODataUsageError);
    }
  });

  it("dateTimeOffset takes a Date or an ISO string with an explicit offset", () => {
    expect(dateTimeOffset(new Date(Date.UTC(2024, 0, 31))).text).toBe("2024-01-31T00:00:00.000Z");
    expect(dateTimeOffset("2024-01-31T10:15:00+01:00").text).toBe("2024-01-31T10:15:00+01:00");
    expect(dateTimeOffset("2024-01-31T10:15Z").text).toBe("2024-01-31T10:15Z");
    for (const bad of ["2024-01-31T10:15:00", "2024-01-31", "2024-02-30T00:00:00Z", "2024-01-31T25:00:00Z", "x"]) {
      expect(() => dateTimeOffset(bad)).toThrow(ODataUsageError);
    }
    expect(() => dateTimeOffset(new Date(Number.NaN))).toThrow(ODataUsageError);
  });

  it("timeOfDay validates hh:mm[:ss[.fff]]", () => {
    expect(timeOfDay("10:15:00").text).toBe("10:15:00");
    expect(timeOfDay("23:59:59.999").text).toBe("23:59:59.999");
    for (const bad of ["24:00:00", "9:00", "10:60", "10:00:00 or 1 eq 1"]) {
      expect(() => timeOfDay(bad)).toThrow(ODataUsageError);
    }
  });

  it("decimal accepts decimal numerals and bigints only", () => {
    expect(decimal("12.3400").text).toBe("12.3400");
    expect(decimal("+5").text).toBe("5");
    expect(decimal("-0.01").text).toBe("-0.01");
    expect(decimal(10n).text).toBe("10");
    for (const bad of ["", "1e5", "1.", ".5", "12,50", "1 or 1 eq 1", "NaN", "0x10", "1.2.3"]) {
      expect(() => decimal(bad)).toThrow(ODataUsageError);
    }
    expect(() => decimal(1.5 as unknown as string)).toThrow(ODataUsageError);
  });

  it("any decimal numeral becomes exactly one numeric literal with the same digits", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^-?\d{1,20}(\.\d{1,10})?$/), (numeral) => {
        expect(parseLiteral(decimal(numeral).text)).toEqual({ kind: "number", value: numeral });
      }),
    );
  });

  it("enumMember writes Namespace.Type'Member' and validates both parts", () => {
    expect(enumMember("Microsoft.NAV.customerBlocked", "All").text).toBe("Microsoft.NAV.customerBlocked'All'");
    expect(enumMember("SAPB1.BoYesNoEnum", "tYES").text).toBe("SAPB1.BoYesNoEnum'tYES'");
    expect(enumMember("Microsoft.NAV.customerBlocked", 2).text).toBe("Microsoft.NAV.customerBlocked'2'");
    expect(parseLiteral(enumMember("SAPB1.BoYesNoEnum", "tNO").text)).toEqual({
      kind: "enum",
      type: "SAPB1.BoYesNoEnum",
      value: "tNO",
    });
    expect(() => enumMember("customerBlocked", "All")).toThrow(ODataUsageError);
    expect(() => enumMember("Microsoft.NAV.customerBlocked", "All') or ('")).toThrow(ODataUsageError);
    expect(() => enumMember("Microsoft.NAV.x", 1.5)).toThrow(ODataUsageError);
  });

  it("ODataLiteral cannot be forged through its constructor", () => {
    expect(() => new ODataLiteral(Symbol("x"), "Edm.Guid", "1 eq 1")).toThrow(ODataUsageError);
    expect(String(guid("00000000-0000-0000-0000-000000000000"))).toBe("00000000-0000-0000-0000-000000000000");
  });
});
