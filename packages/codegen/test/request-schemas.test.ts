import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { B1_GENERATED, BC_GENERATED } from "./helpers.js";

function validator(dir: string) {
  const schemas = JSON.parse(readFileSync(join(dir, "request-schemas.json"), "utf8")) as { $id: string };
  const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true });
  ajv.addSchema(schemas);
  return (definition: string) => {
    const validate = ajv.getSchema(`${schemas.$id}#/$defs/${definition}`);
    if (!validate) throw new Error(`no schema ${definition}`);
    return (body: unknown) => ({ ok: validate(body) as boolean, errors: validate.errors ?? [] });
  };
}

describe("BC request schemas", () => {
  const schema = validator(BC_GENERATED);

  it("accept a valid sales order with lines (deep insert)", () => {
    const result = schema("set.salesOrders.create")({
      customerNumber: "10000",
      externalDocumentNumber: "SHOP-1001",
      orderDate: "2025-03-01",
      salesOrderLines: [{ lineType: "Item", lineObjectNumber: "1896-S", quantity: 2, unitPrice: "12.50" }],
    });
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("reject a missing required field, a read-only field, an unknown field and a wrong type", () => {
    const create = schema("set.salesOrders.create");
    expect(create({ externalDocumentNumber: "SHOP-1" }).ok).toBe(false);
    expect(create({ customerNumber: "10000", lastModifiedDateTime: "2025-01-01T00:00:00Z" }).ok).toBe(false);
    expect(create({ customerNumber: "10000", externalDocumentNo: "x" }).ok).toBe(false);
    expect(create({ customerNumber: "10000", orderDate: "yesterday" }).ok).toBe(false);
    expect(create({ customerNumber: "10000", externalDocumentNumber: "x".repeat(36) }).ok).toBe(false);
  });

  it("the server-set id is optional on create and absent on update", () => {
    expect(schema("set.customers.create")({ displayName: "Contoso" }).ok).toBe(true);
    expect(schema("set.customers.update")({ displayName: "Contoso 2" }).ok).toBe(true);
    expect(schema("set.customers.update")({ id: "00000000-0000-0000-0000-000000000001" }).ok).toBe(false);
  });
});

describe("B1 request schemas", () => {
  const schema = validator(B1_GENERATED);

  it("accept an order with a line and user-defined fields", () => {
    const result = schema("set.Orders.create")({
      CardCode: "C20000",
      NumAtCard: "SHOP-1001",
      DocDate: "2025-03-01",
      DocumentLines: [{ ItemCode: "A00001", Quantity: 1, UnitPrice: 10.5, U_LineNote: "gift" }],
      U_ShopChannel: "web",
    });
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("reject unknown fields, wrong enum values and wrong types", () => {
    const create = schema("set.Orders.create");
    expect(create({ CardCode: "C20000", CustomerCode: "x" }).ok).toBe(false);
    expect(create({ CardCode: "C20000", DocType: "dDocument_Things" }).ok).toBe(false);
    expect(create({ CardCode: "C20000", DocumentLines: [{ Quantity: "many" }] }).ok).toBe(false);
    expect(schema("set.Orders.update")({ DocEntry: 5, Comments: "x" }).ok).toBe(false);
  });

  it("string keys are required on create", () => {
    expect(schema("set.Items.create")({ ItemName: "Widget" }).ok).toBe(false);
    expect(schema("set.Items.create")({ ItemCode: "W-1", ItemName: "Widget" }).ok).toBe(true);
  });

  it("validate action bodies", () => {
    const keys = Object.keys(
      (JSON.parse(readFileSync(join(B1_GENERATED, "request-schemas.json"), "utf8")) as { $defs: object }).$defs,
    ).filter((key) => key.startsWith("action."));
    expect(keys.length).toBeGreaterThan(200);
    const sendCall = schema("action.ExternalCallsService_SendCall");
    expect(sendCall({ ExternalCall: {} }).ok).toBe(true);
    expect(sendCall({ Other: {} }).ok).toBe(false);
  });
});
