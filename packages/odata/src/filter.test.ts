import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Customer, Document } from "./__fixtures__/entities.js";
import { ODataUsageError } from "./errors.js";
import { and, assertPropertyPath, FilterExpression, filterBuilder, not, or } from "./filter.js";
import { date, dateTimeOffset, decimal, enumMember, guid } from "./literals.js";
import { isLiteral, tokenize } from "./test-support/filter-lexer.js";

const customer = filterBuilder<Customer>();
const document = filterBuilder<Document>();

describe("comparisons", () => {
  it("writes each operator with a serialised literal", () => {
    expect(customer.eq("displayName", "Adatum Corporation").text).toBe("displayName eq 'Adatum Corporation'");
    expect(customer.ne("taxLiable", true).text).toBe("taxLiable ne true");
    expect(customer.gt("balanceDue", 100).text).toBe("balanceDue gt 100");
    expect(customer.ge("balanceDue", decimal("100.50")).text).toBe("balanceDue ge 100.50");
    expect(customer.lt("creditLimit", 0).text).toBe("creditLimit lt 0");
    expect(customer.le("lastModifiedDateTime", new Date(Date.UTC(2024, 0, 31))).text).toBe(
      "lastModifiedDateTime le 2024-01-31T00:00:00.000Z",
    );
    expect(customer.eq("email", null).text).toBe("email eq null");
    expect(customer.eq("id", guid("5d115c9c-44e3-ea11-bb43-000d3a2feca1")).text).toBe(
      "id eq 5d115c9c-44e3-ea11-bb43-000d3a2feca1",
    );
    expect(customer.eq("blocked", "All").text).toBe("blocked eq 'All'");
    expect(customer.eq("blocked", enumMember("Microsoft.NAV.customerBlocked", "All")).text).toBe(
      "blocked eq Microsoft.NAV.customerBlocked'All'",
    );
  });

  it("distinguishes Edm.Date from Edm.DateTimeOffset", () => {
    const orders = filterBuilder<{ orderDate: string; lastModifiedDateTime: string }>();
    expect(orders.ge("orderDate", { date: "2024-01-31" }).text).toBe("orderDate ge 2024-01-31");
    expect(orders.ge("orderDate", date("2024-01-31")).text).toBe("orderDate ge 2024-01-31");
    expect(orders.ge("lastModifiedDateTime", dateTimeOffset("2024-01-31T00:00:00+01:00")).text).toBe(
      "lastModifiedDateTime ge 2024-01-31T00:00:00+01:00",
    );
    expect(document.ge("DocDate", "2024-01-31").text).toBe("DocDate ge '2024-01-31'");
  });

  it("string functions quote their argument", () => {
    expect(customer.contains("displayName", "O'Brien").text).toBe("contains(displayName,'O''Brien')");
    expect(customer.startswith("number", "C1").text).toBe("startswith(number,'C1')");
    expect(customer.endswith("email", "@example.com").text).toBe("endswith(email,'@example.com')");
  });

  it("rejects field names that are not property paths, even from untyped input", () => {
    const untyped = filterBuilder();
    expect(untyped.eq("address/city", "Oslo").text).toBe("address/city eq 'Oslo'");
    expect(untyped.eq("U_WebOrderId", "W-1").text).toBe("U_WebOrderId eq 'W-1'");
    for (const field of ["", "1 eq 1 or x", "a b", "name)", "a//b", "a/", "$filter"]) {
      expect(() => untyped.eq(field, 1)).toThrow(ODataUsageError);
      expect(() => untyped.contains(field, "x")).toThrow(ODataUsageError);
    }
    expect(() => assertPropertyPath(7 as unknown as string)).toThrow(ODataUsageError);
  });

  it("rejects values without a safe literal at run time", () => {
    const untyped = filterBuilder();
    expect(() => untyped.eq("x", { toString: () => "1 eq 1" } as never)).toThrow(ODataUsageError);
    expect(() => untyped.eq("x", undefined as never)).toThrow(ODataUsageError);
  });
});

describe("inList", () => {
  it("expands to an or-chain by default (OData 4.0)", () => {
    expect(document.inList("CardCode", ["C20000", "C30000"]).text).toBe("CardCode eq 'C20000' or CardCode eq 'C30000'");
    expect(document.inList("CardCode", ["C20000"]).text).toBe("CardCode eq 'C20000'");
  });

  it("writes the 4.01 in operator when asked", () => {
    expect(document.inList("DocEntry", [1, 2, 3], { style: "in" }).text).toBe("DocEntry in (1,2,3)");
    expect(document.inList("CardCode", ["O'Brien", "x"], { style: "in" }).text).toBe("CardCode in ('O''Brien','x')");
  });

  it("an empty list matches nothing", () => {
    expect(document.inList("CardCode", []).text).toBe("false");
    expect(document.inList("CardCode", [], { style: "in" }).text).toBe("false");
  });

  it("is parenthesised inside and()", () => {
    const expr = and(document.eq("Confirmed", "tYES"), document.inList("CardCode", ["A", "B"]));
    expect(expr.text).toBe("Confirmed eq 'tYES' and (CardCode eq 'A' or CardCode eq 'B')");
  });

  it("rejects a non-array", () => {
    expect(() => document.inList("CardCode", "A" as never)).toThrow(ODataUsageError);
  });
});

describe("logical operators", () => {
  const a = customer.eq("city", "Oslo");
  const b = customer.eq("city", "Bergen");
  const c = customer.eq("taxLiable", true);

  it("parenthesises mixed and/or", () => {
    expect(and(or(a, b), c).text).toBe("(city eq 'Oslo' or city eq 'Bergen') and taxLiable eq true");
    expect(or(and(a, c), b).text).toBe("(city eq 'Oslo' and taxLiable eq true) or city eq 'Bergen'");
    expect(and(and(a, b), c).text).toBe("city eq 'Oslo' and city eq 'Bergen' and taxLiable eq true");
    expect(not(or(a, b)).text).toBe("not (city eq 'Oslo' or city eq 'Bergen')");
    expect(and(not(a), c).text).toBe("not (city eq 'Oslo') and taxLiable eq true");
    expect(customer.and(a, customer.or(b, customer.not(c))).text).toBe(
      "city eq 'Oslo' and (city eq 'Bergen' or not (taxLiable eq true))",
    );
  });

  it("skips absent operands and has identities for none", () => {
    const onlyOslo: boolean = false;
    expect(and(a, onlyOslo && b, undefined, null).text).toBe("city eq 'Oslo'");
    expect(and().text).toBe("true");
    expect(or(undefined).text).toBe("false");
  });

  it("refuses raw strings as operands", () => {
    expect(() => and(a, "1 eq 1" as never)).toThrow(ODataUsageError);
    expect(() => not("1 eq 1" as never)).toThrow(ODataUsageError);
    expect(() => new FilterExpression(Symbol("x"), "primary", "1 eq 1")).toThrow(ODataUsageError);
    expect(String(a)).toBe("city eq 'Oslo'");
  });
});

describe("injection resistance (property)", () => {
  it("any string value stays one literal whatever the expression around it", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }), (first, second) => {
        const expr = and(
          customer.eq("displayName", first),
          or(customer.contains("city", second), not(customer.eq("taxLiable", false))),
        );
        const tokens = tokenize(expr.text);
        const literals = tokens.filter(isLiteral);
        expect(literals).toEqual([
          { kind: "string", value: first },
          { kind: "string", value: second },
          { kind: "keyword", value: "false" },
        ]);
        expect(tokens.filter((token) => token.kind === "keyword" && !isLiteral(token)).map((t) => t.value)).toEqual([
          "eq",
          "and",
          "or",
          "not",
          "eq",
        ]);
      }),
      { numRuns: 1000 },
    );
  });
});
