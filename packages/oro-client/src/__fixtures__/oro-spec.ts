/** Test-only: the package's OpenAPI document and an ajv (JSON Schema 2020-12) validator over its schemas. */
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { parse } from "yaml";

export const SPEC_URL = new URL("../../openapi/oro-admin-api.openapi.yaml", import.meta.url);
const SPEC_ID = "oro-admin-api";

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is walked structurally in tests
export type OpenApiDocument = Record<string, any>;

export function loadSpec(): OpenApiDocument {
  return parse(readFileSync(SPEC_URL, "utf8")) as OpenApiDocument;
}

/**
 * A validator for `#/components/schemas/<name>` of `document`. The whole document is added as one schema so that
 * every `$ref` resolves inside it; OpenAPI's own keywords are declared so ajv's strict mode stays on for the rest
 * (except `strictRequired`: create documents require fields that the referenced schema declares).
 */
export function createValidator(document: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  for (const keyword of ["openapi", "info", "servers", "security", "tags", "paths", "components"]) {
    ajv.addKeyword(keyword);
  }
  ajv.addSchema(document, SPEC_ID);
  return (schemaName: string, value: unknown): string[] => {
    const validate = ajv.getSchema(`${SPEC_ID}#/components/schemas/${schemaName}`);
    if (!validate) throw new Error(`No schema ${schemaName}`);
    if (validate(value)) return [];
    return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""}`.trim());
  };
}

/** The schema name behind `paths[path][method].responses[status]` (following the response `$ref`). */
export function responseSchemaName(document: OpenApiDocument, path: string, method: string, status: string): string {
  const response = document.paths?.[path]?.[method]?.responses?.[status];
  if (!response) throw new Error(`No ${status} response for ${method.toUpperCase()} ${path}`);
  const resolved = response.$ref ? resolvePointer(document, response.$ref) : response;
  const ref: unknown = resolved?.content?.["application/vnd.api+json"]?.schema?.$ref;
  if (typeof ref !== "string") throw new Error(`${method.toUpperCase()} ${path} ${status} has no schema $ref`);
  return ref.replace("#/components/schemas/", "");
}

export function resolvePointer(document: OpenApiDocument, ref: string): OpenApiDocument | undefined {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = document;
  for (const part of ref.slice(2).split("/")) {
    const key = part.replaceAll("~1", "/").replaceAll("~0", "~");
    node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node as OpenApiDocument | undefined;
}
