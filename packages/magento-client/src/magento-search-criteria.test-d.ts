import { describe, it } from "vitest";
import { filter, searchCriteria } from "./magento-search-criteria";

describe("searchCriteria types", () => {
  it("field names are checked against the endpoint's fields", () => {
    searchCriteria<"status" | "entity_id">().where(filter("status", "eq", "pending"));
    // @ts-expect-error "stauts" is not a field of this endpoint
    searchCriteria<"status" | "entity_id">().where(filter("stauts", "eq", "pending"));
    // @ts-expect-error unknown condition type
    filter("status", "equals", "pending");
    // @ts-expect-error a group needs at least one filter
    searchCriteria().where();
  });
});
