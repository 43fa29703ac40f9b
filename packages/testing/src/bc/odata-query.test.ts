import { describe, expect, it } from "vitest";
import { ODataQueryError, parseCount, parseFilter, parseOrderBy, parseSelect, selectFields } from "./odata-query.js";

const rows = [
  {
    number: "MUG-BLUE",
    unitPrice: "12.90",
    inventory: 175,
    blocked: false,
    changed: "2026-11-02T08:00:00Z",
    note: null,
  },
  { number: "O'Brien", unitPrice: "7.99", inventory: 0, blocked: true, changed: "2026-11-01T08:00:00Z", note: "x" },
  { number: "TEA-GREEN", unitPrice: "8.49", inventory: 260, blocked: false, changed: "2026-11-03", note: null },
];
const matching = (filter: string) => rows.filter(parseFilter(filter)).map((r) => r.number);

describe("the BC fake's $filter", () => {
  it("compares decimal strings exactly against number literals", () => {
    expect(matching("unitPrice eq 12.9")).toEqual(["MUG-BLUE"]);
    expect(matching("unitPrice gt 8.49")).toEqual(["MUG-BLUE"]);
    expect(matching("unitPrice ge 8.49 and inventory le 260")).toEqual(["MUG-BLUE", "TEA-GREEN"]);
    expect(matching("inventory lt 1")).toEqual(["O'Brien"]);
  });

  it("reads quoted strings with doubled quotes, booleans, null, dates and date-times", () => {
    expect(matching("number eq 'O''Brien'")).toEqual(["O'Brien"]);
    expect(matching("blocked eq true or note ne null")).toEqual(["O'Brien"]);
    expect(matching("note eq null and not (blocked eq true)")).toEqual(["MUG-BLUE", "TEA-GREEN"]);
    expect(matching("changed ge 2026-11-02T00:00:00Z")).toEqual(["MUG-BLUE", "TEA-GREEN"]);
    expect(matching("changed lt 2026-11-02")).toEqual(["O'Brien"]);
    const withMilliseconds = parseFilter("changed gt 2026-11-02T08:00:00Z");
    expect(withMilliseconds({ changed: "2026-11-02T08:00:00.702Z" })).toBe(true);
    expect(parseFilter("changed eq 2026-11-02T09:00:00+01:00")({ changed: "2026-11-02T08:00:00.000Z" })).toBe(true);
  });

  it("supports in (…) and the string functions, case-insensitively", () => {
    expect(matching("number in ('MUG-BLUE','TEA-GREEN')")).toEqual(["MUG-BLUE", "TEA-GREEN"]);
    expect(matching("contains(number,'brien') or startswith(number,'tea')")).toEqual(["O'Brien", "TEA-GREEN"]);
    expect(matching("endswith(number,'-blue')")).toEqual(["MUG-BLUE"]);
  });

  it("matches GUIDs whatever their case", () => {
    const filter = parseFilter("id eq 3F9A2B10-6C4D-4E8F-A1B2-C3D4E5F60001");
    expect(filter({ id: "3f9a2b10-6c4d-4e8f-a1b2-c3d4e5f60001" })).toBe(true);
  });

  it("type-checks comparisons like OData: GUID, date and number properties refuse string literals", () => {
    const types = new Map([
      ["id", "Edm.Guid"],
      ["orderDate", "Edm.Date"],
      ["amount", "Edm.Decimal"],
      ["lineNumber", "Edm.Int32"],
      ["number", "Edm.String"],
    ] as const);
    const ok = [
      "id eq 3f9a2b10-6c4d-4e8f-a1b2-c3d4e5f60001",
      "orderDate ge 2026-11-02 and amount gt 0 and lineNumber le 10000 and number ne null",
      "number in ('a','b')",
    ];
    for (const filter of ok) expect(() => parseFilter(filter, types)).not.toThrow();
    expect(() => parseFilter("id eq '3f9a2b10-6c4d-4e8f-a1b2-c3d4e5f60001'", types)).toThrow(
      "Found operand types 'Edm.Guid' and 'Edm.String' for operator kind 'Equal'.",
    );
    expect(() => parseFilter("orderDate ge '2026-11-02'", types)).toThrow("'Edm.Date' and 'Edm.String'");
    expect(() => parseFilter("amount lt '5'", types)).toThrow("'Edm.Decimal' and 'Edm.String'");
    expect(() => parseFilter("number eq 5", types)).toThrow("'Edm.String' and 'Edm.Decimal'");
    expect(() => parseFilter("contains(id,'3f')", types)).toThrow("'Edm.Guid' and 'Edm.String'");
  });

  it("refuses `or` across distinct fields, as Business Central does, but allows it within one field", () => {
    const types = new Map([
      ["number", "Edm.String"],
      ["amount", "Edm.Decimal"],
    ] as const);
    expect(() => parseFilter("(number eq 'a' or number eq 'b') and amount gt 1", types)).not.toThrow();
    expect(() => parseFilter("number eq 'a' or amount gt 1", types)).toThrow(
      "The 'OR' operator is not supported on distinct fields on an OData filter.",
    );
  });

  it("rejects what it cannot read, and unknown properties by name", () => {
    expect(() => parseFilter("number eq")).toThrow(ODataQueryError);
    expect(() => parseFilter("number like 'x'")).toThrow(/unknown operator 'like'/);
    expect(() => parseFilter("(number eq 'x'")).toThrow(ODataQueryError);
    expect(() => parseFilter("number eq 'x' $")).toThrow(/Syntax error/);
    expect(() => parseFilter("sku eq 'x'", new Map([["number", "Edm.String" as const]]), "item")).toThrow(
      "Could not find a property named 'sku' on type 'Microsoft.NAV.item'.",
    );
  });
});

describe("the BC fake's other query options", () => {
  it("orders by several keys and directions", () => {
    const sorted = [...rows].sort(parseOrderBy("blocked asc, inventory desc")).map((r) => r.number);
    expect(sorted).toEqual(["TEA-GREEN", "MUG-BLUE", "O'Brien"]);
    expect(() => parseOrderBy("number sideways")).toThrow(ODataQueryError);
  });

  it("selects fields (keeping the ETag) and checks names; counts must be integers", () => {
    expect(selectFields({ "@odata.etag": "W/1", a: 1, b: 2 }, ["b"])).toEqual({ "@odata.etag": "W/1", b: 2 });
    expect(parseSelect("a, b", new Set(["a", "b"]), "t")).toEqual(["a", "b"]);
    expect(() => parseSelect("a,c", new Set(["a"]), "t")).toThrow("'c'");
    expect(parseCount("top", "10")).toBe(10);
    expect(() => parseCount("top", "-1")).toThrow(ODataQueryError);
  });
});
