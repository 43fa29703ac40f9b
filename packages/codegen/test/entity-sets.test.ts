import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateFiles } from "../src/generate.js";
import {
  B1_GENERATED,
  B1_METADATA,
  B1_V1_METADATA,
  BC_GENERATED,
  BC_METADATA,
  countEntitySetsInXml,
  entitySetNamesInTypes,
} from "./helpers.js";

describe("every entity set of the metadata is in the generated types", () => {
  it("Business Central API v2.0 (committed output)", () => {
    const inXml = countEntitySetsInXml(BC_METADATA);
    const inTypes = entitySetNamesInTypes(readFileSync(join(BC_GENERATED, "entity-sets.d.ts"), "utf8"));
    expect(inXml).toBe(87);
    expect(inTypes).toHaveLength(inXml);
    expect(inTypes).toContain("salesOrders");
    expect(inTypes).toContain("companies");
  });

  it("SAP B1 Service Layer v2 standard surface (committed output)", () => {
    const inXml = countEntitySetsInXml(B1_METADATA);
    const inTypes = entitySetNamesInTypes(readFileSync(join(B1_GENERATED, "entity-sets.d.ts"), "utf8"));
    expect(inXml).toBe(313);
    expect(inTypes).toHaveLength(inXml);
    expect(inTypes).toEqual(expect.arrayContaining(["Orders", "Invoices", "CreditNotes", "Items", "BusinessPartners"]));
  });

  it("SAP B1 Service Layer v1 (OData v3 input)", async () => {
    const source = readFileSync(B1_V1_METADATA, "utf8");
    const { files, model } = await generateFiles(source, {
      vendor: "sapb1",
      metadata: B1_V1_METADATA,
      serviceRoot: "/b1s/v1",
    });
    const entitySets = files.find((file) => file.name === "entity-sets.d.ts")?.content ?? "";
    expect(model.odataVersion).toBe("3.0");
    expect(entitySetNamesInTypes(entitySets)).toHaveLength(countEntitySetsInXml(B1_V1_METADATA));
  });
});
