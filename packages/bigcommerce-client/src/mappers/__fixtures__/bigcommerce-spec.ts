/**
 * Test-only: validates a request body against the operation's request-body schema in BigCommerce's published
 * OpenAPI document (shared/specs/bigcommerce), compiled with ajv (JSON Schema 2020-12), as the store would.
 */
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";

const SPECS = new URL("../../../../../../shared/specs/bigcommerce/", import.meta.url);

type Node = Record<string, unknown>;

/** A validator for the JSON request body of `method path` in `spec` (e.g. `inventory.v3.yml`). */
export function requestBodyValidator(spec: string, method: string, path: string): (body: unknown) => string[] {
  const document = parse(readFileSync(new URL(spec, SPECS), "utf8")) as Node;
  const operation = ((document.paths as Node)[path] as Node | undefined)?.[method] as Node | undefined;
  const schema = (((operation?.requestBody as Node | undefined)?.content as Node | undefined)?.["application/json"] as
    | Node
    | undefined)?.schema as Node | undefined;
  if (!schema) throw new Error(`${spec}: no JSON request body for ${method.toUpperCase()} ${path}`);
  // OpenAPI 3.0 keywords (nullable, example, x-*) are not JSON Schema: not strict; formats are not under test.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false, logger: false });
  ajv.addSchema(document, spec);
  const ref = schema.$ref;
  const validate = typeof ref === "string" ? ajv.getSchema(`${spec}${ref}`) : undefined;
  if (!validate) throw new Error(`${spec}: cannot resolve the request body schema of ${path}`);
  return (body) =>
    validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`.trim());
}
