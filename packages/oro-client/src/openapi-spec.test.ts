import { describe, expect, it } from "vitest";
import { listSampleFiles, loadSample } from "./__fixtures__/oro-samples.js";
import {
  createValidator,
  loadSpec,
  type OpenApiDocument,
  resolvePointer,
  responseSchemaName,
} from "./__fixtures__/oro-spec.js";
import { ORO_RESOURCES } from "./oro-resources.js";

const spec = loadSpec();

/** Every resource the issue asks for: `[resource type, creatable, deletable]`. */
const RESOURCES = [
  ["orders", true, true],
  ["orderlineitems", true, true],
  ["orderaddresses", true, true],
  ["ordershippingtrackings", true, true],
  ["customers", true, true],
  ["customerusers", true, true],
  ["products", true, true],
  ["productunits", true, true],
  ["productunitprecisions", true, true],
  ["productprices", true, true],
  ["pricelists", true, true],
  ["inventorylevels", false, false],
] as const;

/**
 * Which operation's 200 response each sample is an answer to. Every sample file must be listed: a new sample
 * fails the test until it is classified. None is left out: all are back-office responses that fit the document.
 */
const SAMPLE_OPERATIONS: Record<string, [path: string, method: "get"]> = {
  "CustomerBundle/cget_customer.yml": ["/customers", "get"],
  "CustomerBundle/cget_customer_user.yml": ["/customerusers", "get"],
  "CustomerBundle/get_customer.yml": ["/customers/{id}", "get"],
  "CustomerBundle/get_customer_user.yml": ["/customerusers/{id}", "get"],
  "InventoryBundle/filter_by_product.yml": ["/inventorylevels", "get"],
  "InventoryBundle/filter_by_products.yml": ["/inventorylevels", "get"],
  "OrderBundle/cget_order.yml": ["/orders", "get"],
  "OrderBundle/get_order.yml": ["/orders/{id}", "get"],
  "OrderBundle/get_order_include_order_line_items.yml": ["/orders/{id}", "get"],
  "OrderBundle/get_shipping_tracking.yml": ["/ordershippingtrackings/{id}", "get"],
  "PricingBundle/price_list_get.yml": ["/pricelists/{id}", "get"],
  "PricingBundle/price_list_get_list.yml": ["/pricelists", "get"],
  "PricingBundle/product_price_get.yml": ["/productprices/{id}", "get"],
  "PricingBundle/product_price_get_list.yml": ["/productprices", "get"],
  "ProductBundle/cget_product_unit_precisions.yml": ["/productunitprecisions", "get"],
  "ProductBundle/cget_product_units.yml": ["/productunits", "get"],
  "ProductBundle/get_product_by_id.yml": ["/products/{id}", "get"],
  "ProductBundle/get_product_unit_precision.yml": ["/productunitprecisions/{id}", "get"],
};

/**
 * A stricter copy of the document for the sample check: the published attribute and relationship objects stay
 * open (installations add custom fields), here they are closed so that every field a sample uses must be declared
 * under the exact name Oro uses.
 */
function closedCopy(document: OpenApiDocument): OpenApiDocument {
  const copy: OpenApiDocument = structuredClone(document);
  for (const [name, schema] of Object.entries<OpenApiDocument>(copy.components.schemas)) {
    if (/.+(Attributes|Relationships)$/.test(name) && schema.properties) schema.additionalProperties = false;
  }
  return copy;
}

function collectRefs(node: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, found);
  } else if (typeof node === "object" && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") found.add(value);
      else collectRefs(value, found);
    }
  }
  return found;
}

describe("the Oro back-office OpenAPI document", () => {
  it("is OpenAPI 3.1 with a host variable, the JSON:API media type and OAuth2 client credentials", () => {
    expect(spec.openapi).toMatch(/^3\.1\.\d+$/);
    expect(spec.servers[0].url).toBe("https://{host}/admin/api");
    expect(spec.servers[0].variables.host.default).toBeTruthy();
    expect(spec.components.securitySchemes.oauth2.flows.clientCredentials.tokenUrl).toBe("/oauth2-token");
    expect(spec.security).toEqual([{ oauth2: [] }]);
    for (const [path, item] of Object.entries<OpenApiDocument>(spec.paths)) {
      for (const [method, operation] of Object.entries<OpenApiDocument>(item)) {
        if (method === "parameters") continue;
        const bodies = [operation.requestBody, ...Object.values<OpenApiDocument>(operation.responses)]
          .map((part) => (part?.$ref ? resolvePointer(spec, part.$ref) : part))
          .filter((part) => part?.content);
        for (const part of bodies)
          expect(Object.keys(part?.content), `${method} ${path}`).toEqual(["application/vnd.api+json"]);
      }
    }
  });

  it.each(RESOURCES)("has list and item paths for %s", (type, creatable, deletable) => {
    const list = spec.paths[`/${type}`];
    const item = spec.paths[`/${type}/{id}`];
    expect(list?.get?.operationId).toBeTruthy();
    expect(item?.get?.operationId).toBeTruthy();
    expect(item?.patch?.operationId).toBeTruthy();
    expect(Boolean(list?.post)).toBe(creatable);
    expect(Boolean(item?.delete)).toBe(deletable);
    for (const name of [`fields[${type}]`, "page[number]", "page[size]"]) {
      const parameters = (list.get.parameters as { $ref: string }[]).map((p) => resolvePointer(spec, p.$ref)?.name);
      expect(parameters).toContain(name);
    }
  });

  it("keeps its filter parameters in step with the typed filter names of ORO_RESOURCES", () => {
    for (const [type, { filters, sorts }] of Object.entries(ORO_RESOURCES)) {
      const parameters = (spec.paths[`/${type}`].get.parameters as { $ref: string }[]).map(
        (p) => resolvePointer(spec, p.$ref) as OpenApiDocument,
      );
      const filterFields = new Set(
        parameters.flatMap((p) => (/^filter\[(\w+)\]/.exec(p.name)?.[1] ? [/^filter\[(\w+)\]/.exec(p.name)?.[1]] : [])),
      );
      expect([...filterFields].sort(), type).toEqual([...filters].sort());
      const sort = parameters.find((p) => p.name === "sort");
      expect(sort?.description, type).toBe(`Allowed: ${sorts.join(", ")}.`);
    }
  });

  it("requires filter[priceList] for product prices and lets inventory levels be updated only", () => {
    const priceList = (spec.paths["/productprices"].get.parameters as { $ref: string }[])
      .map((p) => resolvePointer(spec, p.$ref) as OpenApiDocument)
      .find((p) => p.name === "filter[priceList]");
    expect(priceList?.required).toBe(true);
    expect(Object.keys(spec.paths["/inventorylevels"]).sort()).toEqual(["get", "patch"]);
    expect(Object.keys(spec.paths["/inventorylevels/{id}"]).sort()).toEqual(["get", "parameters", "patch"]);
  });

  it("types money as decimal strings", () => {
    const { schemas } = spec.components;
    const money: [string, string][] = [
      ["OrderAttributes", "subtotalValue"],
      ["OrderAttributes", "totalValue"],
      ["OrderAttributes", "totalDiscountsAmount"],
      ["OrderAttributes", "estimatedShippingCostAmount"],
      ["OrderLineItemAttributes", "value"],
      ["OrderLineItemAttributes", "shippingEstimateAmount"],
      ["ProductPriceAttributes", "value"],
      ["InventoryLevelAttributes", "quantity"],
    ];
    for (const [schema, field] of money) {
      expect(schemas[schema].properties[field].$ref, `${schema}.${field}`).toMatch(/DecimalString$/);
    }
    const validate = createValidator(spec);
    expect(validate("DecimalString", "12.3400")).toEqual([]);
    expect(validate("DecimalString", "-0.5")).toEqual([]);
    for (const bad of [12.34, "1e3", "12,50", "", ".5", "NaN"]) expect(validate("DecimalString", bad)).not.toEqual([]);
  });

  it("resolves every $ref and has no self-referencing schema (no `mixed`)", () => {
    for (const ref of collectRefs(spec)) expect(resolvePointer(spec, ref), ref).toBeDefined();
    expect(spec.components.schemas.mixed).toBeUndefined();
    const schemas = spec.components.schemas as Record<string, unknown>;
    const edges = new Map(
      Object.entries(schemas).map(([name, schema]) => [
        name,
        [...collectRefs(schema)].map((ref) => ref.replace("#/components/schemas/", "")),
      ]),
    );
    const reaches = (from: string, target: string, seen = new Set<string>()): boolean =>
      (edges.get(from) ?? []).some(
        (next) => next === target || (!seen.has(next) && seen.add(next) && reaches(next, target, seen)),
      );
    for (const name of edges.keys()) expect(reaches(name, name), name).toBe(false);
  });

  it("describes JSON:API error documents", () => {
    const validate = createValidator(spec);
    const errors = {
      errors: [
        {
          status: "400",
          title: "filter constraint",
          detail: "The filter is not supported.",
          source: { parameter: "filter[nope]" },
        },
        {
          status: "422",
          title: "not blank constraint",
          detail: "This value should not be blank.",
          source: { pointer: "/data/attributes/sku" },
        },
      ],
    };
    expect(validate("ErrorDocument", errors)).toEqual([]);
    expect(validate("ErrorDocument", { data: null })).not.toEqual([]);
    expect(responseSchemaName(spec, "/orders", "get", "4XX")).toBe("ErrorDocument");
  });
});

describe("Oro's sample responses against the document", () => {
  const files = listSampleFiles();
  const validateClosed = createValidator(closedCopy(spec));
  const validateOpen = createValidator(spec);

  it("are all classified", () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files).toEqual(Object.keys(SAMPLE_OPERATIONS).sort());
  });

  it.each(files)("%s fits the operation's 200 response", (file) => {
    const operation = SAMPLE_OPERATIONS[file];
    if (!operation) throw new Error(`Unclassified sample ${file}`);
    const schema = responseSchemaName(spec, operation[0], operation[1], "200");
    const sample = loadSample(file);
    expect(validateClosed(schema, sample)).toEqual([]);
    expect(validateOpen(schema, sample)).toEqual([]);
  });

  it("rejects what Oro would never send: a money float, an unknown attribute, a wrongly typed included record", () => {
    const order = loadSample("OrderBundle/get_order_include_order_line_items.yml") as OpenApiDocument;
    expect(validateClosed("OrderDocument", order)).toEqual([]);

    const floatMoney = structuredClone(order);
    floatMoney.data.attributes.totalValue = 1234;
    expect(validateOpen("OrderDocument", floatMoney).join()).toMatch(/totalValue/);

    const misspelt = structuredClone(order);
    misspelt.data.attributes.poNumer = "x";
    expect(validateClosed("OrderDocument", misspelt).join()).toMatch(/additional properties/);

    const badIncluded = structuredClone(order);
    badIncluded.included[0].attributes.value = 15.7;
    expect(validateOpen("OrderDocument", badIncluded)).not.toEqual([]);
  });
});
