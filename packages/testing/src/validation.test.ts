import bcSchemas from "@org/bc-client/request-schemas.json" with { type: "json" };
import bigCommerceOpenApi from "@org/bigcommerce-client/openapi.json" with { type: "json" };
import { describe, expect, it } from "vitest";
import { fromOpenApi30, OpenApiBodyValidator, RequestSchemaValidator } from "./validation.js";

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

describe("fromOpenApi30", () => {
  it("turns OpenAPI 3.0 boolean exclusive bounds and nullable into JSON Schema 2020-12", () => {
    expect(
      fromOpenApi30({
        properties: {
          amount: { type: "number", maximum: 0, exclusiveMaximum: true },
          quantity: { type: "integer", minimum: 1, exclusiveMinimum: false },
          note: { type: "string", nullable: true },
          kind: { enum: ["a", "b"], nullable: true },
        },
      }),
    ).toEqual({
      properties: {
        amount: { type: "number", exclusiveMaximum: 0 },
        quantity: { type: "integer", minimum: 1 },
        note: { type: ["string", "null"] },
        kind: { enum: ["a", "b", null] },
      },
    });
  });

  it("lets the validator enforce an exclusive bound from a 3.0 document", () => {
    const document = {
      openapi: "3.0.3",
      paths: {
        "/refunds": {
          post: {
            requestBody: {
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: { amount: { type: "number", maximum: 0, exclusiveMaximum: true } },
                  },
                },
              },
            },
          },
        },
      },
    };
    const validator = new OpenApiBodyValidator(document, "refunds");
    expect(validator.validate("post", "/refunds", { amount: -1 })).toEqual([]);
    expect(validator.validate("post", "/refunds", { amount: 0 })?.join()).toContain("/amount");
  });
});
