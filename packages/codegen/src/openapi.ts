/**
 * Builds the lean OpenAPI 3.1 document that openapi-typescript turns into TypeScript: no prose, no per-path query
 * option enumerations, one schema per type, and Create/Update/Collection schemas that are *markers*
 * (`x-derived`) which the TypeScript step replaces with small generic instantiations instead of full copies.
 */
import type { ServiceModel, StructuredType, TypeRef } from "./model.js";
import { type ApiPlan, bodyProperties, type PlannedPath } from "./plan.js";
import type { DecimalMode } from "./profile.js";

export type JsonSchema = { [key: string]: unknown };

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string };
  servers: { url: string }[];
  paths: Record<string, JsonSchema>;
  components: { schemas: Record<string, JsonSchema>; responses: Record<string, JsonSchema> };
}

/** Marker read by the TypeScript step (see `typescript.ts`). */
export interface DerivedMarker {
  kind: "create" | "update" | "collection";
  of: string;
  required?: string[];
  omit?: string[];
  deepInsert?: { name: string; schema: string }[];
}

export const DERIVED = "x-derived";
export const USER_FIELDS = "x-user-fields";

export function primitiveSchema(type: string, decimals: DecimalMode): JsonSchema {
  switch (type) {
    case "Edm.Boolean":
      return { type: "boolean" };
    case "Edm.Byte":
    case "Edm.SByte":
    case "Edm.Int16":
    case "Edm.Int32":
      return { type: "integer" };
    case "Edm.Single":
    case "Edm.Double":
      return { type: "number" };
    case "Edm.Decimal":
    case "Edm.Int64":
      return decimals === "number"
        ? { type: "number" }
        : decimals === "string"
          ? { type: "string" }
          : { type: ["number", "string"] };
    case "Edm.Untyped":
    case "Edm.PrimitiveType":
      return {};
    default:
      return type.startsWith("Edm.Geo") ? { type: "object" } : { type: "string" };
  }
}

function ref(name: string): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}

/** Schema of a value of the given type, for the TypeScript side (no formats, no lengths: they only cost bytes). */
function valueSchema(plan: ApiPlan, typeRef: TypeRef): JsonSchema {
  const { model } = plan;
  let base: JsonSchema;
  const named = plan.names.get(typeRef.type);
  if (named) base = ref(named);
  else base = primitiveSchema(model.typeDefinitions.get(typeRef.type) ?? typeRef.type, plan.profile.decimals);
  if (typeRef.collection) return { type: "array", items: base };
  if (!typeRef.nullable) return base;
  if (base.$ref) return { anyOf: [base, { type: "null" }] };
  if (Array.isArray(base.type)) return { ...base, type: [...base.type, "null"] };
  if (typeof base.type === "string") return { ...base, type: [base.type, "null"] };
  return base;
}

function structuredSchema(plan: ApiPlan, type: StructuredType): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const property of bodyProperties(type)) {
    properties[property.name] = valueSchema(plan, property);
    // Entities come back with every structural property (null when empty); complex values may omit nullable ones.
    if (type.kind === "EntityType" || (!property.nullable && !property.collection)) required.push(property.name);
  }
  if (type.kind === "EntityType") properties[etagName(plan.model)] = { type: "string" };
  const schema: JsonSchema = { type: "object", properties };
  if (required.length > 0) schema.required = required;
  if (type.openType && plan.profile.userFieldPrefix) schema[USER_FIELDS] = plan.profile.userFieldPrefix;
  return schema;
}

export function etagName(model: ServiceModel): string {
  return model.odataVersion === "4.0" || model.odataVersion === "4.01" ? "@odata.etag" : "odata.etag";
}

function navigationSchema(plan: ApiPlan, type: StructuredType): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const navigation of type.navigation) {
    const target = plan.names.get(navigation.type);
    if (!target) continue;
    properties[navigation.name] = navigation.collection ? { type: "array", items: ref(target) } : ref(target);
  }
  return { type: "object", properties };
}

function collectionEnvelope(model: ServiceModel): { nextLink: string; count: string } {
  return model.odataVersion === "4.0" || model.odataVersion === "4.01"
    ? { nextLink: "@odata.nextLink", count: "@odata.count" }
    : { nextLink: "odata.nextLink", count: "odata.count" };
}

function json(schema: JsonSchema): JsonSchema {
  return { content: { "application/json": { schema } } };
}

const ERROR_RESPONSE = { $ref: "#/components/responses/Error" };

function pathParameters(plan: ApiPlan, path: PlannedPath): JsonSchema[] {
  return path.pathParameters.map((parameter) => ({
    name: parameter.name,
    in: "path",
    required: true,
    schema: valueSchema(plan, { type: parameter.type, collection: false, nullable: false }),
  }));
}

function queryParameters(plan: ApiPlan, collection: boolean): JsonSchema[] {
  const names = collection
    ? ["$filter", "$select", "$orderby", "$expand", "$top", "$skip", "$search"]
    : ["$select", "$expand"];
  const v4 = plan.model.odataVersion === "4.0" || plan.model.odataVersion === "4.01";
  const parameters: JsonSchema[] = names.map((name) => ({
    name,
    in: "query",
    schema: { type: name === "$top" || name === "$skip" ? "integer" : "string" },
  }));
  if (collection) {
    parameters.push(
      v4
        ? { name: "$count", in: "query", schema: { type: "boolean" } }
        : { name: "$inlinecount", in: "query", schema: { type: "string", enum: ["allpages", "none"] } },
    );
  }
  return parameters;
}

function ifMatch(plan: ApiPlan): JsonSchema {
  return { name: "If-Match", in: "header", required: plan.profile.ifMatch === "required", schema: { type: "string" } };
}

function operationResponse(plan: ApiPlan, path: PlannedPath): JsonSchema {
  const returnType = path.operation?.returnType;
  if (!returnType) return { 204: { description: "No Content" }, default: ERROR_RESPONSE };
  const value = valueSchema(plan, returnType);
  const wrapped = returnType.collection || !plan.names.has(returnType.type);
  const body = wrapped ? { type: "object", required: ["value"], properties: { value } } : value;
  return { 200: { description: "OK", ...json(body) }, default: ERROR_RESPONSE };
}

function operationBody(plan: ApiPlan, path: PlannedPath): JsonSchema | undefined {
  const parameters = path.operation?.parameters ?? [];
  if (path.operation?.kind !== "Action" || parameters.length === 0) return undefined;
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const parameter of parameters) {
    properties[parameter.name] = valueSchema(plan, parameter);
    if (!parameter.nullable) required.push(parameter.name);
  }
  const schema: JsonSchema = { type: "object", properties };
  if (required.length > 0) schema.required = required;
  return { required: true, ...json(schema) };
}

function pathItem(plan: ApiPlan, path: PlannedPath): JsonSchema {
  const item: JsonSchema = {};
  const parameters = pathParameters(plan, path);
  if (parameters.length > 0) item.parameters = parameters;
  const entity = path.entityType ? plan.names.get(path.entityType.qualifiedName) : undefined;
  const type = path.entityType?.qualifiedName ?? "";
  if (path.kind === "collection" && entity) {
    item.get = {
      parameters: queryParameters(plan, true),
      responses: { 200: { description: "OK", ...json(ref(plan.collectionName(type))) }, default: ERROR_RESPONSE },
    };
    if (path.methods.post) {
      item.post = {
        requestBody: { required: true, ...json(ref(plan.createName(type))) },
        responses: { 201: { description: "Created", ...json(ref(entity)) }, default: ERROR_RESPONSE },
      };
    }
  } else if ((path.kind === "item" || path.kind === "child") && entity) {
    item.get = {
      parameters: queryParameters(plan, false),
      responses: { 200: { description: "OK", ...json(ref(entity)) }, default: ERROR_RESPONSE },
    };
    if (path.methods.patch) {
      item.patch = {
        parameters: [ifMatch(plan)],
        requestBody: { required: true, ...json(ref(plan.updateName(type))) },
        responses: plan.profile.patchReturnsEntity
          ? { 200: { description: "OK", ...json(ref(entity)) }, default: ERROR_RESPONSE }
          : { 204: { description: "No Content" }, default: ERROR_RESPONSE },
      };
    }
    if (path.methods.delete) {
      item.delete = {
        parameters: [ifMatch(plan)],
        responses: { 204: { description: "No Content" }, default: ERROR_RESPONSE },
      };
    }
  } else if (path.kind === "action") {
    const body = operationBody(plan, path);
    item.post = { ...(body ? { requestBody: body } : {}), responses: operationResponse(plan, path) };
  } else if (path.kind === "function") {
    item.get = { responses: operationResponse(plan, path) };
  }
  return item;
}

/** The lean OpenAPI description of a planned API. Deterministic: every map is built in sorted order. */
export function buildOpenApi(plan: ApiPlan): OpenApiDocument {
  const { model } = plan;
  const schemas: Record<string, JsonSchema> = {};
  const add = (name: string, schema: JsonSchema) => {
    schemas[name] = schema;
  };
  for (const [qualified, enumType] of model.enumTypes) {
    const name = plan.names.get(qualified) as string;
    add(name, enumType.isFlags ? { type: "string" } : { type: "string", enum: enumType.members });
  }
  for (const [qualified, type] of model.complexTypes)
    add(plan.names.get(qualified) as string, structuredSchema(plan, type));
  for (const [qualified, type] of model.entityTypes) {
    const name = plan.names.get(qualified) as string;
    add(name, structuredSchema(plan, type));
    if (type.navigation.length > 0) add(plan.navigationName(qualified), navigationSchema(plan, type));
    const rules = plan.writable.get(qualified);
    if (!rules) continue;
    const create: DerivedMarker = {
      kind: "create",
      of: name,
      required: rules.requiredOnCreate,
      omit: rules.omitOnCreate,
      deepInsert: rules.deepInsert
        .filter((deep) => plan.writable.has(deep.type))
        .map((deep) => ({ name: deep.name, schema: plan.createName(deep.type) })),
    };
    const update: DerivedMarker = { kind: "update", of: name, omit: rules.omitOnUpdate };
    const collection: DerivedMarker = { kind: "collection", of: name };
    add(plan.createName(qualified), { [DERIVED]: create });
    add(plan.updateName(qualified), { [DERIVED]: update });
    add(plan.collectionName(qualified), { [DERIVED]: collection });
  }
  const envelope = collectionEnvelope(model);
  add("ODataError", {
    type: "object",
    required: ["error"],
    properties: {
      error: {
        type: "object",
        required: ["code", "message"],
        properties: {
          code: { type: ["string", "number"] },
          message: {
            anyOf: [
              { type: "string" },
              {
                type: "object",
                required: ["value"],
                properties: { lang: { type: "string" }, value: { type: "string" } },
              },
            ],
          },
          target: { type: "string" },
          details: {
            type: "array",
            items: {
              type: "object",
              properties: { code: { type: "string" }, message: { type: "string" }, target: { type: "string" } },
            },
          },
          innererror: { type: "object" },
        },
      },
    },
  });
  void envelope;

  const paths: Record<string, JsonSchema> = {};
  for (const path of plan.paths) paths[path.template] = pathItem(plan, path);

  const sortedSchemas = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    openapi: "3.1.0",
    info: { title: model.container, version: model.odataVersion },
    servers: [{ url: plan.profile.serviceRoot }],
    paths,
    components: {
      schemas: sortedSchemas,
      responses: { Error: { description: "OData error", ...json(ref("ODataError")) } },
    },
  };
}

/** The property names of a collection envelope for this OData version. */
export function collectionAnnotations(model: ServiceModel): { nextLink: string; count: string } {
  return collectionEnvelope(model);
}
