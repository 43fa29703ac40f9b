import { describe, expect, expectTypeOf, it } from "vitest";
import { buildOroQuery, buildOroQueryFor, OroQueryError, toOroSearchParams } from "./oro-filter.js";
import type { OroFilterField, OroSortField } from "./oro-resources.js";

describe("buildOroQuery", () => {
  it("serialises filters, operators, lists, ranges, sort, include, fields and paging", () => {
    const query = buildOroQuery({
      filter: {
        updatedAt: { gte: new Date("2024-03-05T10:20:30Z"), lt: new Date("2024-03-06T00:00:00Z") },
        identifier: ["SO-1", "SO-2"],
        id: { between: [100, 200], neq: [150, 151] },
        external: false,
        customer: { exists: true },
        poNumber: "PO-77",
        skipped: undefined,
      },
      sort: ["-updatedAt", "id"],
      include: ["lineItems", "lineItems.product"],
      fields: { orders: ["identifier", "updatedAt"], orderlineitems: ["productSku"] },
      page: { number: 2, size: 100 },
    });
    expect(query).toEqual({
      "filter[updatedAt][gte]": "2024-03-05T10:20:30Z",
      "filter[updatedAt][lt]": "2024-03-06T00:00:00Z",
      "filter[identifier]": "SO-1,SO-2",
      "filter[id]": "100..200",
      "filter[id][neq]": "150,151",
      "filter[external]": "false",
      "filter[customer][exists]": "true",
      "filter[poNumber]": "PO-77",
      sort: "-updatedAt,id",
      include: "lineItems,lineItems.product",
      "fields[orders]": "identifier,updatedAt",
      "fields[orderlineitems]": "productSku",
      "page[number]": "2",
      "page[size]": "100",
    });
    expect(toOroSearchParams({ filter: { id: [1, 2] } }).toString()).toBe("filter%5Bid%5D=1%2C2");
  });

  it("supports every operator Oro documents", () => {
    expect(
      buildOroQuery({
        filter: {
          a: { eq: "x" },
          b: { neq_or_null: "y", contains: ["p", "q"], not_contains: "r" },
          c: { starts_with: "ab", ends_with: "yz" },
          d: { gt: 1, lte: 9n },
        },
      }),
    ).toEqual({
      "filter[a]": "x",
      "filter[b][neq_or_null]": "y",
      "filter[b][contains]": "p,q",
      "filter[b][not_contains]": "r",
      "filter[c][starts_with]": "ab",
      "filter[c][ends_with]": "yz",
      "filter[d][gt]": "1",
      "filter[d][lte]": "9",
    });
  });

  it("rounds dates outward for comparisons so an incremental sync never misses a record", () => {
    const at = new Date("2024-03-05T10:20:30.250Z");
    expect(buildOroQuery({ filter: { updatedAt: { gt: at, gte: at, lt: at, lte: at } } })).toEqual({
      "filter[updatedAt][gt]": "2024-03-05T10:20:30Z",
      "filter[updatedAt][gte]": "2024-03-05T10:20:30Z",
      "filter[updatedAt][lt]": "2024-03-05T10:20:31Z",
      "filter[updatedAt][lte]": "2024-03-05T10:20:31Z",
    });
    expect(buildOroQuery({ filter: { updatedAt: { between: [at, at] } } })).toEqual({
      "filter[updatedAt]": "2024-03-05T10:20:30Z..2024-03-05T10:20:31Z",
    });
    expect(() => buildOroQuery({ filter: { updatedAt: at } })).toThrow(/milliseconds/);
    expect(() => buildOroQuery({ filter: { updatedAt: new Date("nope") } })).toThrow(/Invalid Date/);
  });

  describe("untrusted values cannot add a filter, split a list or make a range", () => {
    const rejected: [string, string][] = [
      ["SO-1,SO-2", "list separator"],
      ["10..20", "range"],
      ["a%2Cb", "percent-decode"],
      ["", "Empty"],
    ];
    it.each(rejected)("rejects %j", (value, reason) => {
      expect(() => buildOroQuery({ filter: { identifier: value } })).toThrow(reason);
      expect(() => buildOroQuery({ filter: { identifier: [value] } })).toThrow(OroQueryError);
      expect(() => buildOroQuery({ filter: { identifier: { neq: value } } })).toThrow(OroQueryError);
      expect(() => buildOroQuery({ filter: { identifier: { between: ["a", value] } } })).toThrow(OroQueryError);
    });

    it("keeps characters that URL encoding handles as plain data", () => {
      const value = "A&filter[id]=1 #x+y=z?";
      const params = toOroSearchParams({ filter: { identifier: value } });
      expect([...params.keys()]).toEqual(["filter[identifier]"]);
      expect(params.get("filter[identifier]")).toBe(value);
    });

    it("rejects names that could open another [ ] segment or parameter", () => {
      for (const field of ["id][gt", "a b", "", "x=1", "1a"]) {
        expect(() => buildOroQuery({ filter: { [field]: 1 } })).toThrow(OroQueryError);
      }
      expect(() => buildOroQuery({ filter: { "product.sku": "A" } })).not.toThrow();
      expect(() => buildOroQuery({ sort: ["-a,b"] })).toThrow(/sort field/);
      expect(() => buildOroQuery({ include: ["lineItems,x"] })).toThrow(/include path/);
      expect(() => buildOroQuery({ fields: { "orders]": ["a"] } })).toThrow(/resource type/);
      expect(() => buildOroQuery({ fields: { orders: ["a,b"] } })).toThrow(/field name/);
    });

    it("rejects numbers without a plain decimal form, bad operators and empty lists", () => {
      expect(() => buildOroQuery({ filter: { id: 1e21 } })).toThrow(/decimal string/);
      expect(() => buildOroQuery({ filter: { id: 1e-7 } })).toThrow(/decimal string/);
      expect(() => buildOroQuery({ filter: { id: Number.NaN } })).toThrow(OroQueryError);
      expect(buildOroQuery({ filter: { value: "1e21" } })).toEqual({ "filter[value]": "1e21" });
      expect(() => buildOroQuery({ filter: { id: [] } })).toThrow(/empty list/);
      expect(() => buildOroQuery({ filter: { id: { eq: 1, between: [1, 2] } } })).toThrow(/use one/);
      expect(() => buildOroQuery({ filter: { id: { like: 1 } as never } })).toThrow(/Unknown filter operator "like"/);
      expect(() => buildOroQuery({ filter: { id: { exists: "yes" } as never } })).toThrow(/true or false/);
      expect(() => buildOroQuery({ filter: { id: Symbol("x") as never } })).toThrow(/Unsupported/);
      expect(() => buildOroQuery({ page: { size: 0 } })).toThrow(/positive integer/);
      expect(() => buildOroQuery({ page: { number: 1.5 } })).toThrow(/positive integer/);
    });

    it("names the offending parameter", () => {
      try {
        buildOroQuery({ filter: { poNumber: { neq: "a,b" } } });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(OroQueryError);
        expect((error as OroQueryError).parameter).toBe("filter[poNumber][neq]");
        expect((error as OroQueryError).name).toBe("OroQueryError");
      }
    });
  });
});

describe("buildOroQueryFor", () => {
  it("autocompletes and checks the filter and sort names of a resource", () => {
    expectTypeOf<OroFilterField<"orders">>().toEqualTypeOf<
      "id" | "identifier" | "poNumber" | "external" | "externalId" | "updatedAt" | "customer" | "customerUser"
    >();
    expectTypeOf<OroSortField<"orderlineitems">>().toEqualTypeOf<"id" | "createdAt" | "updatedAt">();
    expect(
      buildOroQueryFor("orders", {
        filter: { updatedAt: { gt: new Date("2024-01-01T00:00:00Z") } },
        sort: ["updatedAt", "-id"],
        page: { size: 50 },
      }),
    ).toEqual({ "filter[updatedAt][gt]": "2024-01-01T00:00:00Z", sort: "updatedAt,-id", "page[size]": "50" });
    expect(buildOroQueryFor("productprices", { filter: { priceList: 3, product: ["7", "8"] } })).toEqual({
      "filter[priceList]": "3",
      "filter[product]": "7,8",
    });
    // @ts-expect-error orders have no sku filter
    expect(() => buildOroQueryFor("orders", { filter: { sku: "A" } })).toThrow(/no filter "sku"/);
    // @ts-expect-error products cannot be sorted by sku
    expect(() => buildOroQueryFor("products", { sort: ["-sku"] })).toThrow(/cannot be sorted by "sku"/);
  });
});
