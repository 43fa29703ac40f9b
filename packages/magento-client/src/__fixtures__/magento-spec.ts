/**
 * Test-only: validates a request body against the body parameter of an operation in Magento's admin schema
 * (shared/specs/magento, Swagger 2.0), compiled with ajv, as the store would read it. The copy is closed: every
 * object that lists its properties rejects others, so a misspelt field fails here instead of being ignored by
 * Magento.
 */
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { parse } from "yaml";

export const SPEC_URL = new URL("../../../../../shared/specs/magento/admin-schema-2.4.9.yaml", import.meta.url);

type Node = Record<string, unknown>;
let spec: Node | undefined;

function closed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closed);
  if (node === null || typeof node !== "object") return node;
  const copy = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, closed(value)])) as Node;
  if (copy.properties && typeof copy.properties === "object" && copy.additionalProperties === undefined)
    copy.additionalProperties = false;
  return copy;
}

/** A validator for the JSON body of `method path` (e.g. `post`, `/V1/inventory/source-items`). */
export function requestBodyValidator(method: string, path: string): (body: unknown) => string[] {
  spec ??= parse(readFileSync(SPEC_URL, "utf8")) as Node;
  const operation = ((spec.paths as Node)[path] as Node | undefined)?.[method] as Node | undefined;
  const parameter = ((operation?.parameters as Node[] | undefined) ?? []).find((p) => p.in === "body");
  if (!parameter) throw new Error(`no body parameter for ${method.toUpperCase()} ${path}`);
  // Swagger 2.0 keywords (xml, example) are not JSON Schema: not strict; formats are not under test.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false });
  const validate = ajv.compile(closed({ ...(parameter.schema as Node), definitions: spec.definitions }) as Node);
  return (body) =>
    validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`.trim());
}
