import { describe, expectTypeOf, it } from "vitest";
import { createBcClient } from "./bc-client.js";
import type { SalesOrder } from "./generated/index.js";

const bc = createBcClient({ tenantId: "t", environment: "production", companyId: "c", auth: { getToken: () => "x" } });

describe("BC client types", () => {
  it("$select narrows list results to the selected fields", async () => {
    const rows = await bc.entities.list("salesOrders", { select: ["number", "externalDocumentNumber"] }).toArray();
    expectTypeOf(rows[0]!).toEqualTypeOf<Pick<SalesOrder, "number" | "externalDocumentNumber" | "@odata.etag">>();
    // @ts-expect-error a field that is not in SalesOrder cannot be selected
    bc.entities.list("salesOrders", { select: ["totalAmount"] });
    // @ts-expect-error an unknown entity set does not compile
    bc.entities.list("salesOrder");
  });

  it("create bodies need the required fields and reject unknown ones", () => {
    bc.entities.create("salesOrders", { customerNumber: "10000", externalDocumentNumber: "100234" });
    // @ts-expect-error customerNumber is required
    bc.entities.create("salesOrders", { externalDocumentNumber: "100234" });
    // @ts-expect-error unknown field
    bc.entities.create("salesOrders", { customerNumber: "10000", externalDocumentNo: "100234" });
  });

  it("the path-based api checks paths and path parameters", () => {
    bc.api["/companies({company_id})/salesOrders"].GET({ params: { path: { company_id: "c" }, query: { $top: 5 } } });
    // @ts-expect-error company_id is required
    bc.api["/companies({company_id})/salesOrders"].GET({ params: { path: {} } });
    // @ts-expect-error unknown path
    bc.api["/companies({company_id})/salesOrder"];
  });
});
