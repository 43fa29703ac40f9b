import bcSchemas from "@org/bc-client/request-schemas.json" with { type: "json" };
import bigCommerceOpenApi from "@org/bigcommerce-client/openapi.json" with { type: "json" };
import { describe, expect, it } from "vitest";
import { OpenApiBodyValidator, RequestSchemaValidator } from "./validation.js";

describe("RequestSchemaValidator (OData request-schemas.json)", () => {
  const bc = new RequestSchemaValidator(bcSchemas);

  it("accepts a valid Business Central sales order and names the field of an invalid one", () => {
    expect(bc.has("SalesOrderCreate")).toBe(true);
    expect(bc.validate("SalesOrderCreate", { externalDocumentNumber: "100001", customerNumber: "C10001" })).toEqual([]);
    const problems = bc.validate("SalesOrderCreate", { externalDocumentNumber: 100001 });
    expect(problems.join("\n")).toContain("/externalDocumentNumber");
    const unknown = bc.validate("SalesOrderCreate", { externalDocumentNumber: "1", shipToMoon: true });
    expect(unknown.join("\n")).toContain("shipToMoon");
  });

  it("throws on a definition the bundle does not have (a fake bug, not a client error)", () => {
    expect(bc.has("NoSuchThingCreate")).toBe(false);
    expect(() => bc.validate("NoSuchThingCreate", {})).toThrow(/no definition "NoSuchThingCreate"/);
  });
});

describe("OpenApiBodyValidator (lean openapi.json)", () => {
  const bigCommerce = new OpenApiBodyValidator(bigCommerceOpenApi, "bigcommerce");

  it("validates a BigCommerce inventory adjustment body", () => {
    const body = { reason: "sync", items: [{ location_id: 1, sku: "MUG-BLUE", quantity: 5 }] };
    expect(bigCommerce.validate("put", "/v3/inventory/adjustments/absolute", body)).toEqual([]);
    const problems = bigCommerce.validate("PUT", "/v3/inventory/adjustments/absolute", { items: "all" });
    expect(problems?.join("\n")).toContain("/items");
  });

  it("has no body schema for a GET and throws on an unknown operation", () => {
    expect(bigCommerce.validate("get", "/v2/orders", undefined)).toBeUndefined();
    expect(() => bigCommerce.validate("post", "/v9/nothing", {})).toThrow(/no operation POST \/v9\/nothing/);
  });
});
