import { describe, expectTypeOf, it } from "vitest";
import type { Customer, SalesOrder } from "./__fixtures__/entities.js";
import { type FilterExpression, filterBuilder } from "./filter.js";
import { decimal, enumMember, guid } from "./literals.js";
import type { QueryOptions } from "./query.js";

const customer = filterBuilder<Customer>();

describe("filterBuilder typing", () => {
  it("autocompletes field names and checks value types", () => {
    expectTypeOf(customer.eq("displayName", "x")).toEqualTypeOf<FilterExpression>();
    customer.eq("balanceDue", 10);
    customer.eq("balanceDue", decimal("10.00"));
    customer.eq("id", guid("5d115c9c-44e3-ea11-bb43-000d3a2feca1"));
    customer.eq("email", null);
    customer.eq("blocked", "Ship");
    customer.eq("blocked", enumMember("Microsoft.NAV.customerBlocked", "Ship"));
    customer.inList("type", ["Company", "Person"]);
    // @ts-expect-error unknown field
    customer.eq("displayname", "x");
    // @ts-expect-error number field compared with a string
    customer.eq("balanceDue", "10");
    // @ts-expect-error boolean field compared with a number
    customer.eq("taxLiable", 1);
    // @ts-expect-error not a member of the enum
    customer.eq("blocked", "Everything");
    // @ts-expect-error string functions only on string fields
    customer.contains("balanceDue", "1");
    // @ts-expect-error navigation properties are not comparable
    filterBuilder<SalesOrder>().eq("salesOrderLines", "x");
  });

  it("query options check property names, including nested expand", () => {
    const options: QueryOptions<SalesOrder> = {
      select: ["number", "externalDocumentNumber"],
      expand: { salesOrderLines: { select: ["itemId", "quantity"], orderby: [["sequence", "asc"]] }, customer: true },
      orderby: ["number", ["orderDate", "desc"]],
    };
    expectTypeOf(options).toExtend<QueryOptions<SalesOrder>>();
    // @ts-expect-error unknown property in $select
    const bad: QueryOptions<SalesOrder> = { select: ["nope"] };
    // @ts-expect-error unknown property in nested $select
    const badNested: QueryOptions<SalesOrder> = { expand: { salesOrderLines: { select: ["nope"] } } };
    void bad;
    void badNested;
  });
});
