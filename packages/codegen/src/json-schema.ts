/**
 * JSON Schemas (draft 2020-12) of request bodies, for validating requests in tests and fakes like the real service
 * would. One `$defs` table: each entity type once (`X`, all fields optional, open to extension), and per writable type
 * `XCreate`/`XUpdate` that `$ref` it and close it (`unevaluatedProperties: false`), forbid read-only fields (`false`
 * schemas) and list the fields a create requires. Entry points are named `set.<entitySet>.create|update`,
 * `set.<entitySet>.action.<operation>` and `action.<import>`.
 */
import type { Property, ServiceModel, StructuredType, TypeRef } from "./model.js";
import type { JsonSchema } from "./openapi.js";
import { type ApiPlan, bodyProperties, type PlannedPath } from "./plan.js";

export interface RequestSchemas {
  $schema: "https://json-schema.org/draft/2020-12/schema";
  $id: string;
  $defs: Record<string, JsonSchema>;
}

const DATE_TIME = "^\\d{4}-\\d{2}-\\d{2}([Tt ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?([Zz]|[+-]\\d{2}:\\d{2})?)?$";
const DATE = "^\\d{4}-\\d{2}-\\d{2}$";
const TIME = "^\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?$";
const GUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
const DECIMAL = "^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?$";

function primitive(type: string, maxLength: number | undefined): JsonSchema {
  switch (type) {
    case "Edm.Boolean":
      return { type: "boolean" };
    case "Edm.Byte":
      return { type: "integer", minimum: 0, maximum: 255 };
    case "Edm.SByte":
      return { type: "integer", minimum: -128, maximum: 127 };
    case "Edm.Int16":
      return { type: "integer", minimum: -32768, maximum: 32767 };
    case "Edm.Int32":
      return { type: "integer", minimum: -2147483648, maximum: 2147483647 };
    case "Edm.Int64":
    case "Edm.Decimal":
      return { type: ["number", "string"], pattern: DECIMAL };
    case "Edm.Single":
    case "Edm.Double":
      return { type: ["number", "string"], pattern: "^(-?INF|NaN)$" };
    case "Edm.Guid":
      return { type: "string", pattern: GUID };
    case "Edm.Date":
      return { type: "string", pattern: DATE };
    case "Edm.DateTimeOffset":
    case "Edm.DateTime":
      return { type: "string", pattern: DATE_TIME };
    case "Edm.TimeOfDay":
    case "Edm.Time":
      return { type: "string", pattern: TIME };
    case "Edm.Untyped":
    case "Edm.PrimitiveType":
      return {};
    default:
      if (type.startsWith("Edm.Geo")) return { type: "object" };
      return maxLength === undefined ? { type: "string" } : { type: "string", maxLength };
  }
}

function defRef(name: string): JsonSchema {
  return { $ref: `#/$defs/${name}` };
}

function value(plan: ApiPlan, typeRef: TypeRef & { maxLength?: number }): JsonSchema {
  const named = plan.names.get(typeRef.type);
  const base = named
    ? defRef(named)
    : primitive(plan.model.typeDefinitions.get(typeRef.type) ?? typeRef.type, typeRef.maxLength);
  if (typeRef.collection) return { type: "array", items: base };
  if (!typeRef.nullable) return base;
  if (base.$ref || !base.type) return { anyOf: [base, { type: "null" }] };
  return { ...base, type: [...(Array.isArray(base.type) ? base.type : [base.type]), "null"] };
}

function openPattern(plan: ApiPlan, type: StructuredType): JsonSchema {
  return type.openType && plan.profile.userFieldPrefix
    ? { patternProperties: { [`^${plan.profile.userFieldPrefix}`]: {} } }
    : {};
}

function properties(plan: ApiPlan, list: readonly Property[]): Record<string, JsonSchema> {
  return Object.fromEntries(list.map((property) => [property.name, value(plan, property)]));
}

function complexSchema(plan: ApiPlan, type: StructuredType): JsonSchema {
  const list = bodyProperties(type);
  const required = list
    .filter((property) => !property.nullable && !property.collection)
    .map((property) => property.name);
  return {
    type: "object",
    properties: properties(plan, list),
    ...(required.length > 0 ? { required } : {}),
    ...openPattern(plan, type),
    additionalProperties: false,
  };
}

function forbid(names: readonly string[]): Record<string, false> {
  return Object.fromEntries(names.map((name) => [name, false]));
}

function operationBody(plan: ApiPlan, path: PlannedPath): JsonSchema | undefined {
  const parameters = path.operation?.parameters ?? [];
  if (path.operation?.kind !== "Action" || parameters.length === 0) return undefined;
  const required = parameters.filter((parameter) => !parameter.nullable).map((parameter) => parameter.name);
  return {
    type: "object",
    properties: Object.fromEntries(parameters.map((parameter) => [parameter.name, value(plan, parameter)])),
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

export function buildRequestSchemas(plan: ApiPlan, id: string): RequestSchemas {
  const { model } = plan;
  const defs: Record<string, JsonSchema> = {};
  for (const [qualified, enumType] of model.enumTypes) {
    defs[plan.names.get(qualified) as string] = enumType.isFlags
      ? { type: "string" }
      : { type: "string", enum: enumType.members };
  }
  for (const [qualified, type] of model.complexTypes)
    defs[plan.names.get(qualified) as string] = complexSchema(plan, type);
  for (const [qualified, type] of model.entityTypes) {
    const name = plan.names.get(qualified) as string;
    defs[name] = { type: "object", properties: properties(plan, bodyProperties(type)) };
    const rules = plan.writable.get(qualified);
    if (!rules) continue;
    const deep = Object.fromEntries(
      rules.deepInsert
        .filter((entry) => plan.writable.has(entry.type))
        .map((entry) => [entry.name, { type: "array", items: defRef(plan.createName(entry.type)) }]),
    );
    defs[plan.createName(qualified)] = {
      type: "object",
      $ref: `#/$defs/${name}`,
      ...(rules.requiredOnCreate.length > 0 ? { required: rules.requiredOnCreate } : {}),
      properties: { ...forbid(rules.omitOnCreate), ...deep },
      ...openPattern(plan, type),
      unevaluatedProperties: false,
    };
    defs[plan.updateName(qualified)] = {
      type: "object",
      $ref: `#/$defs/${name}`,
      properties: forbid(rules.omitOnUpdate),
      ...openPattern(plan, type),
      unevaluatedProperties: false,
    };
  }
  for (const planned of plan.entitySets) {
    const type = planned.entityType.qualifiedName;
    if (planned.set.insertable) defs[`set.${planned.set.name}.create`] = defRef(plan.createName(type));
    if (planned.set.updatable) defs[`set.${planned.set.name}.update`] = defRef(plan.updateName(type));
    for (const path of planned.operations) {
      const body = operationBody(plan, path);
      const key = `set.${planned.set.name}.action.${path.template.slice(path.template.lastIndexOf("/") + 1)}`;
      if (body && !defs[key]) defs[key] = body;
    }
  }
  for (const path of plan.imports) {
    const body = operationBody(plan, path);
    if (body) defs[`action.${path.template.slice(1)}`] = body;
  }
  const sorted = Object.fromEntries(Object.entries(defs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { $schema: "https://json-schema.org/draft/2020-12/schema", $id: id, $defs: sorted };
}

/** Number of entity sets described (for the progress line). */
export function countEntityPoints(schemas: RequestSchemas): number {
  return Object.keys(schemas.$defs).filter((key) => key.startsWith("set.") && key.endsWith(".create")).length;
}

export type { ServiceModel };
