/**
 * Request validation as the real services do it, against the schemas the clients generate (never the vendor specs
 * themselves): BC and B1 bodies against `request-schemas.json` (JSON Schema per entity type, from `$metadata`),
 * storefront bodies against the lean `openapi.json` of the client (the vendor's OpenAPI, structure only).
 * Validators compile lazily: a fake pays only for the operations it is asked to check.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";

/** Human-readable problems (`/lines/0/quantity must be number`); empty when valid. */
export type ValidationProblems = string[];

function problems(validate: ValidateFunction): ValidationProblems {
  return (validate.errors ?? []).map((e) => {
    // ajv's message for an unknown property does not say which one: name it, as the services do.
    const params = e.params as { additionalProperty?: string; unevaluatedProperty?: string };
    const extra = params.additionalProperty ?? params.unevaluatedProperty;
    return `${e.instancePath || "/"} ${e.message ?? ""}${extra === undefined ? "" : `: ${extra}`}`.trim();
  });
}

function newAjv(): Ajv2020 {
  // Vendor schemas carry keywords that are not JSON Schema (OpenAPI 3.0 `nullable`, `x-*`): not strict. Formats are
  // not what the services reject on.
  return new Ajv2020({ strict: false, allErrors: true, validateFormats: false, logger: false, allowUnionTypes: true });
}

interface SchemaBundle {
  $id: string;
  $defs?: Record<string, unknown>;
}

/**
 * Validates bodies against one definition of an OData client's `request-schemas.json`
 * (`validator.validate("SalesOrderCreate", body)`; see the file's `$defs` for names).
 */
export class RequestSchemaValidator {
  readonly #ajv = newAjv();
  readonly #cache = new Map<string, ValidateFunction>();
  readonly #bundle: SchemaBundle;

  constructor(bundle: SchemaBundle) {
    this.#bundle = bundle;
    this.#ajv.addSchema(bundle as object);
  }

  /** Whether the bundle defines `definition`. */
  has(definition: string): boolean {
    return this.#bundle.$defs?.[definition] !== undefined;
  }

  validate(definition: string, body: unknown): ValidationProblems {
    let validate = this.#cache.get(definition);
    if (!validate) {
      validate = this.#ajv.getSchema(`${this.#bundle.$id}#/$defs/${definition}`);
      if (!validate) throw new Error(`request schemas ${this.#bundle.$id}: no definition "${definition}"`);
      this.#cache.set(definition, validate);
    }
    return validate(body) ? [] : problems(validate);
  }
}

type Node = Record<string, unknown>;

/** Validates JSON request bodies against the operations of an OpenAPI 3.x document. */
export class OpenApiBodyValidator {
  readonly #ajv = newAjv();
  readonly #cache = new Map<string, ValidateFunction | null>();
  readonly #document: Node;
  readonly #id: string;

  constructor(document: object, id = "openapi.json") {
    const version = String((document as Node).openapi ?? "");
    // OpenAPI 3.0 schemas are not JSON Schema 2020-12 (boolean exclusive bounds, `nullable`): translate them first.
    this.#document = (version.startsWith("3.0") ? fromOpenApi30(document) : document) as Node;
    this.#id = id;
    this.#ajv.addSchema(this.#document, id);
  }

  /**
   * Problems with `body` for `method pathTemplate` (`post`, `/v2/orders/{order_id}/shipments`), or `undefined`
   * when the operation declares no JSON body. Throws when the document has no such operation (a fake bug).
   */
  validate(method: string, pathTemplate: string, body: unknown): ValidationProblems | undefined {
    const key = `${method.toLowerCase()} ${pathTemplate}`;
    let validate = this.#cache.get(key);
    if (validate === undefined) {
      validate = this.#compile(method.toLowerCase(), pathTemplate);
      this.#cache.set(key, validate);
    }
    if (validate === null) return undefined;
    return validate(body) ? [] : problems(validate);
  }

  #compile(method: string, pathTemplate: string): ValidateFunction | null {
    const paths = this.#document.paths as Node | undefined;
    const operation = (paths?.[pathTemplate] as Node | undefined)?.[method] as Node | undefined;
    if (!operation) throw new Error(`${this.#id}: no operation ${method.toUpperCase()} ${pathTemplate}`);
    let requestBody = operation.requestBody as Node | undefined;
    const ref = requestBody?.$ref;
    if (typeof ref === "string") requestBody = this.#resolve(ref);
    const content = requestBody?.content as Node | undefined;
    const media = Object.keys(content ?? {}).find((m) => m.includes("json"));
    const schema = media ? ((content?.[media] as Node | undefined)?.schema as Node | undefined) : undefined;
    if (!schema) return null;
    const pointer = `#/paths/${escapePointer(pathTemplate)}/${method}/requestBody/content/${escapePointer(media ?? "")}/schema`;
    const validate =
      typeof ref === "string"
        ? this.#ajv.getSchema(`${this.#id}${ref}/content/${escapePointer(media ?? "")}/schema`)
        : this.#ajv.getSchema(`${this.#id}${pointer}`);
    if (!validate)
      throw new Error(`${this.#id}: cannot compile the body schema of ${method.toUpperCase()} ${pathTemplate}`);
    return validate;
  }

  #resolve(ref: string): Node | undefined {
    let node: unknown = this.#document;
    for (const part of ref.replace(/^#\//, "").split("/")) {
      node = (node as Node | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
    }
    return node as Node | undefined;
  }
}

/**
 * OpenAPI 3.0 → JSON Schema 2020-12 for what ajv would otherwise reject or misread: `exclusiveMaximum: true` +
 * `maximum: n` → `exclusiveMaximum: n` (likewise minimum), and `nullable: true` → `null` added to `type` / `enum`.
 */
export function fromOpenApi30(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fromOpenApi30);
  if (node === null || typeof node !== "object") return node;
  const source = node as Node;
  const out: Node = {};
  for (const [key, value] of Object.entries(source)) {
    if ((key === "exclusiveMaximum" || key === "exclusiveMinimum") && typeof value === "boolean") continue;
    if (key === "nullable") continue;
    out[key] = fromOpenApi30(value);
  }
  for (const [flag, bound] of [
    ["exclusiveMaximum", "maximum"],
    ["exclusiveMinimum", "minimum"],
  ] as const) {
    if (source[flag] === true && typeof source[bound] === "number") {
      out[flag] = source[bound];
      delete out[bound];
    }
  }
  if (source.nullable === true) {
    if (typeof out.type === "string") out.type = [out.type, "null"];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
