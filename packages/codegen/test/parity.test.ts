import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { parseMetadata } from "../src/parse.js";
import { bodyProperties, planApi } from "../src/plan.js";
import { resolveProfile } from "../src/profile.js";
import { BC_METADATA } from "./helpers.js";

type Schemas = Record<string, { properties?: Record<string, unknown> }>;
const require = createRequire(import.meta.url);
const { xml2json } = require("odata-csdl") as { xml2json: (xml: string) => Record<string, unknown> };
const { csdl2openapi } = require("odata-openapi") as {
  csdl2openapi: (csdl: Record<string, unknown>, options: object) => { components: { schemas: Schemas } };
};

describe("parity with the OASIS odata-openapi converter", () => {
  it("every BC entity type has the same structural properties and navigation as the converter's schema", () => {
    const xml = readFileSync(BC_METADATA, "utf8");
    const converted = csdl2openapi(xml2json(xml), { maxLevels: 1, skipBatchPath: true }).components.schemas;
    const model = parseMetadata(xml, BC_METADATA);
    const plan = planApi(model, resolveProfile("bc"));
    expect(plan.entitySets).toHaveLength(87);
    for (const [qualified, type] of model.entityTypes) {
      const theirs = Object.keys(converted[qualified]?.properties ?? {})
        .filter((name) => !name.includes("@"))
        .sort();
      const ours = [
        ...type.properties.map((property) => property.name),
        ...type.navigation.map((navigation) => navigation.name),
      ].sort();
      expect(ours, qualified).toEqual(theirs);
      expect(bodyProperties(type).every((property) => property.type !== "Edm.Stream")).toBe(true);
    }
  });
});
