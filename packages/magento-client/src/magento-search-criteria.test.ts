import { describe, expect, it } from "vitest";
import {
  filter,
  InvalidSearchCriteriaError,
  searchCriteria,
  searchCriteriaParameters,
  serializeMagentoQuery,
} from "./magento-search-criteria";

describe("searchCriteria builder", () => {
  it("serialises OR inside a group and AND across groups, sort and paging, in Magento's bracket syntax", () => {
    const criteria = searchCriteria<"status" | "updated_at" | "entity_id">()
      .where(filter("status", "eq", "processing"), filter("status", "eq", "complete"))
      .where(filter("updated_at", "gteq", "2026-03-01 00:00:00"))
      .sortBy("updated_at", "DESC")
      .page(2, 100)
      .build();
    expect(searchCriteriaParameters(criteria)).toEqual([
      ["searchCriteria[filterGroups][0][filters][0][field]", "status"],
      ["searchCriteria[filterGroups][0][filters][0][value]", "processing"],
      ["searchCriteria[filterGroups][0][filters][0][conditionType]", "eq"],
      ["searchCriteria[filterGroups][0][filters][1][field]", "status"],
      ["searchCriteria[filterGroups][0][filters][1][value]", "complete"],
      ["searchCriteria[filterGroups][0][filters][1][conditionType]", "eq"],
      ["searchCriteria[filterGroups][1][filters][0][field]", "updated_at"],
      ["searchCriteria[filterGroups][1][filters][0][value]", "2026-03-01 00:00:00"],
      ["searchCriteria[filterGroups][1][filters][0][conditionType]", "gteq"],
      ["searchCriteria[sortOrders][0][field]", "updated_at"],
      ["searchCriteria[sortOrders][0][direction]", "DESC"],
      ["searchCriteria[pageSize]", "100"],
      ["searchCriteria[currentPage]", "2"],
    ]);
  });

  it("encodes the query per RFC 3986: %20 for spaces, %5B/%5D for brackets, %2B for plus, never +", () => {
    const query = serializeMagentoQuery(
      searchCriteria()
        .where(filter("created_at", "gt", "2026-03-01 10:00:00+02:00"))
        .build(),
    );
    expect(query).toBe(
      "searchCriteria%5BfilterGroups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bfield%5D=created_at&searchCriteria%5BfilterGroups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bvalue%5D=2026-03-01%2010%3A00%3A00%2B02%3A00&searchCriteria%5BfilterGroups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5BconditionType%5D=gt",
    );
    expect(query).not.toContain("+");
    expect(new URLSearchParams(query).get("searchCriteria[filterGroups][0][filters][0][value]")).toBe(
      "2026-03-01 10:00:00+02:00",
    );
  });

  it("an empty criteria still sends searchCriteria (list endpoints require it)", () => {
    expect(serializeMagentoQuery(searchCriteria().build())).toBe("searchCriteria=");
  });

  it("list conditions join values with commas and reject values containing one", () => {
    const criteria = searchCriteria()
      .where(filter("sku", "in", ["A-1", "B-2", 3]))
      .build();
    expect(searchCriteriaParameters(criteria)[1]).toEqual([
      "searchCriteria[filterGroups][0][filters][0][value]",
      "A-1,B-2,3",
    ]);
    const injected = () =>
      serializeMagentoQuery(
        searchCriteria()
          .where(filter("sku", "in", ["A", "B,C"]))
          .build(),
      );
    expect(injected).toThrow(InvalidSearchCriteriaError);
    expect(injected).toThrow(/\[value\]: list value "B,C" contains a comma/);
    expect(() =>
      serializeMagentoQuery(
        searchCriteria()
          .where(filter("sku", "nin", []))
          .build(),
      ),
    ).toThrow(/at least one/);
  });

  it("null/notnull take no value; other conditions need exactly one", () => {
    expect(searchCriteriaParameters(searchCriteria().where(filter("coupon_code", "notnull")).build())).toEqual([
      ["searchCriteria[filterGroups][0][filters][0][field]", "coupon_code"],
      ["searchCriteria[filterGroups][0][filters][0][conditionType]", "notnull"],
    ]);
    expect(() =>
      serializeMagentoQuery(
        searchCriteria()
          .where(filter("a", "null", "x"))
          .build(),
      ),
    ).toThrow(/takes no value/);
    expect(() => serializeMagentoQuery(searchCriteria().where(filter("a", "eq")).build())).toThrow(/needs a value/);
    expect(() =>
      serializeMagentoQuery(
        searchCriteria()
          .where(filter("a", "eq", ["x"]))
          .build(),
      ),
    ).toThrow(/single value/);
  });

  it("rejects bad paging and empty groups, naming the parameter", () => {
    expect(() => serializeMagentoQuery(searchCriteria().page(0, 10).build())).toThrow(/searchCriteria\[currentPage\]/);
    expect(() => serializeMagentoQuery(searchCriteria().page(1, 2.5).build())).toThrow(/searchCriteria\[pageSize\]/);
    expect(() => serializeMagentoQuery({ filterGroups: [[]], sortOrders: [] })).toThrow(/empty filter group/);
  });

  it("withDeterministicOrder appends a unique sort once, so pages never repeat or skip records", () => {
    const base = searchCriteria<"entity_id" | "updated_at">().sortBy("updated_at");
    expect(base.withDeterministicOrder("entity_id").build().sortOrders).toEqual([
      { field: "updated_at", direction: "ASC" },
      { field: "entity_id", direction: "ASC" },
    ]);
    const already = base.sortBy("entity_id", "DESC");
    expect(already.withDeterministicOrder("entity_id")).toBe(already);
  });
});
