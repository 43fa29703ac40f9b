/**
 * OpenAPI input mode: one or more OpenAPI 3.x / Swagger 2.0 documents (YAML or JSON) → one lean document per output
 * group → openapi-typescript. Swagger 2.0 is converted with `swagger2openapi`. The lean step drops prose
 * (descriptions, summaries, examples, titles, `x-*` extensions, tags, external docs), strips the header parameters
 * the client supplies itself (`Accept`/`Content-Type` by default), prefixes each source's paths (e.g. `/v3`), merges
 * components of several sources (identical definitions once, differing ones namespaced), and replaces
 * self-referencing "any JSON value" schemas (Oro's `mixed`) by `unknown`.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { parse as parseYaml } from "yaml";
import { CodegenError } from "./errors.js";

// biome-ignore lint/suspicious/noExplicitAny: OpenAPI documents are untyped JSON here.
export type Json = any;

/** One input document of an OpenAPI-mode generation. */
export interface OpenApiSource {
  /** Absolute path of the document (`.yml`, `.yaml` or `.json`; OpenAPI 3.0/3.1 or Swagger 2.0). */
  file: string;
  /** Prepended to every path of this document, e.g. `/v3` (its server's version segment). Default: none. */
  pathPrefix?: string;
  /**
   * Prefix for this document's component names when another document defines the same name differently (identical
   * definitions are merged). Default: the file name without extension, non-alphanumerics as `_`.
   */
  namespace?: string;
  /**
   * Output group: `paths` (default) goes to `paths.d.ts`; any other name `x` goes to `x-paths.d.ts`, re-exported as
   * `xPaths`, `xComponents`, `xOperations` (for an API on another host, e.g. BigCommerce payments).
   */
  group?: string;
}

export interface LeanOptions {
  /** Header parameters removed from every operation (case-insensitive). Default: `["Accept", "Content-Type"]`. */
  stripHeaders?: readonly string[];
  /**
   * `json`: where a request or response offers a JSON media type (`application/json`, `…+json`), the others
   * (`application/xml`, …) are dropped: the client speaks JSON. `all`: keep every media type. Default: `json`.
   */
  mediaTypes?: "json" | "all";
}

/** A lean source: its document after conversion, prose removal, header stripping and path prefixing. */
export interface LeanSource {
  source: OpenApiSource;
  namespace: string;
  document: Json;
  /** The first server URL with the path prefix removed (the client's base URL), if the document declares one. */
  baseUrl?: string;
  /** Method count per path (after prefixing), as declared in the input. */
  operations: Record<string, string[]>;
  convertedFromSwagger2: boolean;
  fixes: string[];
}

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
export const DEFAULT_STRIP_HEADERS = ["Accept", "Content-Type"] as const;

/** Keys whose value maps names to objects: the names are data, never prose to drop. */
const NAME_MAPS = new Set([
  "paths",
  "properties",
  "patternProperties",
  "schemas",
  "parameters",
  "responses",
  "headers",
  "content",
  "requestBodies",
  "securitySchemes",
  "links",
  "callbacks",
  "variables",
  "encoding",
  "webhooks",
  "pathItems",
  "$defs",
  "definitions",
  "dependentSchemas",
]);
/** Values kept verbatim (data, not structure). */
const VERBATIM = new Set(["enum", "const", "default", "required", "mapping"]);
/** Prose and tooling metadata dropped from every object. */
const DROP = new Set([
  "description",
  "summary",
  "example",
  "examples",
  "title",
  "externalDocs",
  "tags",
  "deprecated",
  "termsOfService",
  "contact",
  "license",
  "xml",
  "security",
  "servers",
]);

/** Parses YAML or JSON text. */
export function parseDocument(text: string, file: string): Json {
  try {
    const document = parseYaml(text, { maxAliasCount: -1, merge: true, uniqueKeys: false });
    if (!document || typeof document !== "object") throw new Error("not an OpenAPI document (no object at the root)");
    return document;
  } catch (error) {
    throw new CodegenError(file, `cannot parse: ${(error as Error).message.split("\n")[0]}`, { cause: error });
  }
}

/**
 * Swagger 2.0 `in: body` parameters often omit `required` (Magento's all do) although their schema requires
 * properties: such a body cannot be absent, so it is marked required (else every POST/PUT body would be optional).
 */
function requireBodiesWithRequiredProperties(document: Json): void {
  const requires = (schema: Json): boolean => {
    const resolved = typeof schema?.$ref === "string" ? resolveLocal(document, schema.$ref) : schema;
    return Array.isArray(resolved?.required) && resolved.required.length > 0;
  };
  for (const item of Object.values<Json>(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      for (const parameter of item?.[method]?.parameters ?? []) {
        if (parameter?.in === "body" && parameter.required === undefined && requires(parameter.schema)) {
          parameter.required = true;
        }
      }
    }
  }
}

/** Converts a Swagger 2.0 document to OpenAPI 3.0 with `swagger2openapi` (its intro `$ref` prose dropped first). */
export async function convertSwagger2(document: Json, file: string): Promise<Json> {
  const require = createRequire(import.meta.url);
  const { convertObj } = require("swagger2openapi") as {
    convertObj: (doc: Json, options: Record<string, unknown>) => Promise<{ openapi: Json }>;
  };
  // Prose is dropped anyway; Magento's `info.description` is a `$ref` to a Markdown file that would not resolve.
  const input = { ...document, info: { title: document.info?.title ?? "", version: document.info?.version ?? "" } };
  requireBodiesWithRequiredProperties(input);
  try {
    const { openapi } = await convertObj(input, { patch: true, warnOnly: true, resolve: false, direct: false });
    return openapi;
  } catch (error) {
    throw new CodegenError(file, `swagger2openapi: ${(error as Error).message}`, { cause: error });
  }
}

function lean(node: Json, mode: "object" | "map"): Json {
  if (Array.isArray(node)) return node.map((item) => lean(item, "object"));
  if (!node || typeof node !== "object") return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (mode === "object") {
      // Prose and metadata go; a property *named* `description` or `title` lives in a name map and is kept.
      if (DROP.has(key) || key.startsWith("x-")) continue;
      if (VERBATIM.has(key)) {
        out[key] = value;
        continue;
      }
      out[key] = lean(value, NAME_MAPS.has(key) && !Array.isArray(value) ? "map" : "object");
    } else {
      out[key] = lean(value, "object");
    }
  }
  return out;
}

const JSON_MEDIA_TYPE = /json/i;

function keepJsonMediaTypes(node: Json): void {
  if (Array.isArray(node)) {
    for (const item of node) keepJsonMediaTypes(item);
    return;
  }
  if (!node || typeof node !== "object") return;
  for (const [key, value] of Object.entries<Json>(node)) {
    if (key === "content" && value && typeof value === "object" && !Array.isArray(value)) {
      const types = Object.keys(value);
      if (types.some((type) => JSON_MEDIA_TYPE.test(type))) {
        for (const type of types) if (!JSON_MEDIA_TYPE.test(type)) delete value[type];
      }
    }
    keepJsonMediaTypes(value);
  }
}

function resolveLocal(document: Json, ref: string): Json {
  if (!ref.startsWith("#/")) return undefined;
  let node = document;
  for (const raw of ref.slice(2).split("/")) {
    const segment = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node = node?.[segment];
  }
  return node;
}

function isStripped(document: Json, parameter: Json, strip: Set<string>): boolean {
  const resolved = parameter?.$ref ? resolveLocal(document, parameter.$ref) : parameter;
  return resolved?.in === "header" && typeof resolved.name === "string" && strip.has(resolved.name.toLowerCase());
}

function stripHeaders(document: Json, names: readonly string[]): void {
  const strip = new Set(names.map((name) => name.toLowerCase()));
  if (strip.size === 0) return;
  const filter = (owner: Json) => {
    if (!Array.isArray(owner?.parameters)) return;
    owner.parameters = owner.parameters.filter((parameter: Json) => !isStripped(document, parameter, strip));
    if (owner.parameters.length === 0) delete owner.parameters;
  };
  for (const item of Object.values<Json>(document.paths ?? {})) {
    filter(item);
    for (const method of HTTP_METHODS) filter(item?.[method]);
  }
  const parameters = document.components?.parameters;
  if (parameters) {
    for (const [name, parameter] of Object.entries<Json>(parameters)) {
      if (isStripped(document, parameter, strip)) delete parameters[name];
    }
  }
}

/**
 * A schema that is a union of JSON value kinds including an array of itself (Oro's `mixed`: string | integer |
 * number | boolean | object | mixed[] | null). openapi-typescript prints it as a type that references itself through
 * an indexed access (`components["schemas"]["mixed"][]`), which tsc reports as circular; its meaning is "any JSON
 * value", so it becomes `{}` (→ `unknown`).
 */
function isRecursiveJsonValue(name: string, schema: Json): boolean {
  const variants: Json[] | undefined = schema?.anyOf ?? schema?.oneOf;
  if (!Array.isArray(variants)) return false;
  const self = `#/components/schemas/${name}`;
  return variants.some((variant) => variant?.$ref === self || variant?.items?.$ref === self);
}

function fixRecursiveSchemas(document: Json): string[] {
  const schemas = document.components?.schemas ?? {};
  const fixed: string[] = [];
  for (const [name, schema] of Object.entries<Json>(schemas)) {
    if (isRecursiveJsonValue(name, schema)) {
      schemas[name] = {};
      fixed.push(`${name}: self-referencing JSON value schema → unknown`);
    }
  }
  return fixed;
}

function operationsOf(paths: Json): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [path, item] of Object.entries<Json>(paths ?? {})) {
    out[path] = HTTP_METHODS.filter((method) => item && typeof item[method] === "object");
  }
  return out;
}

function defaultNamespace(file: string): string {
  return basename(file)
    .replace(/\.(ya?ml|json)$/i, "")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** Reads, converts and leans one source. */
export async function loadSource(source: OpenApiSource, options: LeanOptions = {}): Promise<LeanSource> {
  let text: string;
  try {
    text = await readFile(source.file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CodegenError(source.file, code === "ENOENT" ? "file not found" : (error as Error).message, {
      cause: error,
    });
  }
  return leanSource(parseDocument(text, source.file), source, options);
}

/** Converts (Swagger 2.0) and leans an already parsed document. */
export async function leanSource(parsed: Json, source: OpenApiSource, options: LeanOptions = {}): Promise<LeanSource> {
  const file = source.file;
  let document = parsed;
  const convertedFromSwagger2 = typeof document.swagger === "string";
  if (convertedFromSwagger2) {
    if (!document.swagger.startsWith("2.")) throw new CodegenError(file, `unsupported swagger ${document.swagger}`);
    document = await convertSwagger2(document, file);
  }
  if (typeof document.openapi !== "string" || !/^3\.[01]\./.test(document.openapi)) {
    throw new CodegenError(file, "not an OpenAPI 3.0/3.1 or Swagger 2.0 document (no `openapi: 3.x` / `swagger: 2.0`)");
  }
  if (!document.paths || typeof document.paths !== "object") throw new CodegenError(file, "the document has no paths");
  const prefix = (source.pathPrefix ?? "").replace(/\/+$/, "");
  if (prefix && !prefix.startsWith("/")) throw new CodegenError(file, `pathPrefix must start with "/": ${prefix}`);
  const server: string | undefined = document.servers?.[0]?.url;
  let baseUrl: string | undefined;
  if (typeof server === "string") {
    const trimmed = server.replace(/\/+$/, "");
    baseUrl = prefix && trimmed.endsWith(prefix) ? trimmed.slice(0, -prefix.length) : trimmed;
  }
  const leaned = lean(document, "object");
  stripHeaders(leaned, options.stripHeaders ?? DEFAULT_STRIP_HEADERS);
  if ((options.mediaTypes ?? "json") === "json") keepJsonMediaTypes(leaned);
  const fixes = fixRecursiveSchemas(leaned);
  if (prefix) {
    leaned.paths = Object.fromEntries(
      Object.entries(leaned.paths).map(([path, item]) => [`${prefix}${path === "/" ? "" : path}` || "/", item]),
    );
  }
  const namespace = source.namespace ?? defaultNamespace(file);
  return {
    source,
    namespace,
    document: leaned,
    ...(baseUrl !== undefined ? { baseUrl } : {}),
    operations: operationsOf(leaned.paths),
    convertedFromSwagger2,
    fixes,
  };
}

function rewriteRefs(node: Json, rename: (ref: string) => string): Json {
  if (Array.isArray(node)) return node.map((item) => rewriteRefs(item, rename));
  if (!node || typeof node !== "object") return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === "$ref" && typeof value === "string" ? rename(value) : rewriteRefs(value, rename);
  }
  return out;
}

export interface MergeResult {
  document: Json;
  /** `namespace.kind.name` → final component name, for every renamed (namespaced) component. */
  renamed: Record<string, string>;
  /** Component names defined identically by several sources and emitted once. */
  shared: string[];
}

/**
 * Merges lean sources into one document. A component name defined by one source, or identically (after leaning) by
 * all that define it, keeps its name; otherwise every differing definition becomes `<namespace>.<name>`. Duplicate
 * operation ids are namespaced the same way; a path + method defined twice is an error.
 */
export function mergeSources(sources: readonly LeanSource[]): MergeResult {
  const kinds = new Set<string>();
  for (const { document } of sources) for (const kind of Object.keys(document.components ?? {})) kinds.add(kind);
  const finalName = new Map<string, string>(); // `${index}\0${kind}\0${name}` → name
  const renamed: Record<string, string> = {};
  const shared: string[] = [];
  for (const kind of [...kinds].sort()) {
    const byName = new Map<string, { index: number; value: Json }[]>();
    sources.forEach(({ document }, index) => {
      for (const [name, value] of Object.entries(document.components?.[kind] ?? {})) {
        const list = byName.get(name) ?? [];
        list.push({ index, value });
        byName.set(name, list);
      }
    });
    for (const [name, list] of byName) {
      // Definitions compare after their own refs are made source-independent (a ref is to the same-named component).
      const first = list[0]?.value;
      const same = list.every((entry) => isDeepStrictEqual(entry.value, first));
      if (list.length > 1 && same) shared.push(`${kind}.${name}`);
      for (const entry of list) {
        const target = list.length === 1 || same ? name : `${sources[entry.index]?.namespace}.${name}`;
        finalName.set(`${entry.index}\0${kind}\0${name}`, target);
        if (target !== name) renamed[`${sources[entry.index]?.namespace}.${kind}.${name}`] = target;
      }
    }
  }
  // Identical-looking definitions whose refs point at renamed components are not identical: iterate until stable.
  for (let changed = true; changed; ) {
    changed = false;
    for (const kind of kinds) {
      const byName = new Map<string, number[]>();
      sources.forEach(({ document }, index) => {
        for (const name of Object.keys(document.components?.[kind] ?? {})) {
          if (finalName.get(`${index}\0${kind}\0${name}`) === name) {
            byName.set(name, [...(byName.get(name) ?? []), index]);
          }
        }
      });
      for (const [name, indexes] of byName) {
        if (indexes.length < 2) continue;
        const rendered = indexes.map((index) =>
          JSON.stringify(rewriteRefs(sources[index]?.document.components[kind][name], refRenamer(index))),
        );
        if (rendered.every((text) => text === rendered[0])) continue;
        for (const index of indexes) {
          const target = `${sources[index]?.namespace}.${name}`;
          finalName.set(`${index}\0${kind}\0${name}`, target);
          renamed[`${sources[index]?.namespace}.${kind}.${name}`] = target;
        }
        const at = shared.indexOf(`${kind}.${name}`);
        if (at >= 0) shared.splice(at, 1);
        changed = true;
      }
    }
  }
  function refRenamer(index: number) {
    return (ref: string) => {
      const match = /^#\/components\/([^/]+)\/(.+)$/.exec(ref);
      if (!match) return ref;
      const [, kind, encoded] = match as unknown as [string, string, string];
      const name = decodeURIComponent(encoded).replace(/~1/g, "/").replace(/~0/g, "~");
      const target = finalName.get(`${index}\0${kind}\0${name}`);
      if (target === undefined) return ref;
      return `#/components/${kind}/${target.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    };
  }
  const components: Record<string, Record<string, Json>> = {};
  const paths: Record<string, Json> = {};
  const operationIds = new Map<string, number>();
  for (const { document } of sources) {
    for (const item of Object.values<Json>(document.paths)) {
      for (const method of HTTP_METHODS) {
        const id = item?.[method]?.operationId;
        if (typeof id === "string") operationIds.set(id, (operationIds.get(id) ?? 0) + 1);
      }
    }
  }
  sources.forEach(({ document, namespace, source }, index) => {
    const rename = refRenamer(index);
    for (const kind of Object.keys(document.components ?? {}).sort()) {
      const target = components[kind] ?? {};
      components[kind] = target;
      for (const [name, value] of Object.entries(document.components[kind])) {
        const finalComponent = finalName.get(`${index}\0${kind}\0${name}`) ?? name;
        if (!(finalComponent in target)) target[finalComponent] = rewriteRefs(value, rename);
      }
    }
    for (const [path, rawItem] of Object.entries<Json>(document.paths)) {
      const item = rewriteRefs(rawItem, rename);
      for (const method of HTTP_METHODS) {
        const id = item?.[method]?.operationId;
        if (typeof id === "string" && (operationIds.get(id) ?? 0) > 1) item[method].operationId = `${namespace}.${id}`;
      }
      const existing = paths[path];
      if (!existing) {
        paths[path] = item;
        continue;
      }
      for (const [key, value] of Object.entries<Json>(item)) {
        if (key in existing && !isDeepStrictEqual(existing[key], value)) {
          throw new CodegenError(source.file, `${path} ${key} is also defined by another source of the same group`);
        }
        existing[key] = value;
      }
    }
  });
  const first = sources[0]?.document;
  const openapi = sources.some(({ document }) => document.openapi.startsWith("3.1")) ? "3.1.0" : "3.0.3";
  const document: Json = {
    openapi,
    info: { title: first?.info?.title ?? "", version: first?.info?.version ?? "" },
    paths: sortKeys(paths),
  };
  if (Object.keys(components).length) {
    document.components = Object.fromEntries(
      Object.entries(components)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([kind, entries]) => [kind, sortKeys(entries)]),
    );
  }
  return { document, renamed, shared: shared.sort() };
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
