/**
 * OpenAPI-mode generation: lean sources (see `openapi-input.ts`) grouped by output file, each group merged into one
 * document and printed by openapi-typescript without comments. Output (deterministic, sorted paths and components):
 *
 * - `paths.d.ts`: `paths`, `components`, `operations` of the default group;
 * - `<group>-paths.d.ts`: the same for another group (an API on another host);
 * - `index.d.ts`: re-exports (`paths`, … and `<group>Paths`, `<group>Components`, `<group>Operations`) and `BaseUrls`;
 * - `openapi.json` / `<group>-openapi.json` with `emitOpenApi`: the lean merged document.
 */
import openapiTS, { astToString } from "openapi-typescript";
import { CodegenError } from "./errors.js";
import {
  type Json,
  type LeanOptions,
  type LeanSource,
  loadSource,
  mergeSources,
  type OpenApiSource,
} from "./openapi-input.js";
import { GENERATED_HEADER } from "./typescript.js";

/** openapi-typescript options exposed to configs (measured in the bench; the defaults are the leanest). */
export interface OpenApiTypeScriptOptions {
  /** `type X = {…}` instead of `interface X {…}` for the root types. Default: `false`. */
  exportType?: boolean;
  /** Also export one alias per schema (`Schema<Name>`, or `<Name>` with `rootTypesNoSchemaPrefix`). Default: `false`. */
  rootTypes?: boolean;
  /** With `rootTypes`: alias names without the `Schema` prefix. Default: `false`. */
  rootTypesNoSchemaPrefix?: boolean;
  /** Properties with a `default` are required (openapi-typescript's own default is `true`). Default: `false`. */
  defaultNonNullable?: boolean;
}

export interface OpenApiGenerateOptions extends LeanOptions {
  vendor: "openapi";
  /** The input documents, in order (their paths and components are merged per group in this order). */
  sources: OpenApiSource[];
  /** Output directory. Created if missing. */
  out: string;
  /** How the inputs are named in the headers. Default: their paths relative to the shared specs folder. */
  label?: string;
  /** Also write the lean merged document of each group. Default: `false`. */
  emitOpenApi?: boolean;
  typescript?: OpenApiTypeScriptOptions;
  onProgress?: (line: string) => void;
  /** Folder of the shared specs, used only to shorten labels. */
  specsDir?: string;
}

export interface OpenApiGroup {
  /** `paths` for the default group, else the group name. */
  name: string;
  /** Name of the exported `paths` in `index.d.ts`: `paths` or `<group>Paths`. */
  pathsExport: string;
  file: string;
  sources: LeanSource[];
  document: Json;
  renamed: Record<string, string>;
  shared: string[];
  baseUrl?: string;
}

export const DEFAULT_GROUP = "paths";

/** The `*.d.ts` / `*.json` names this mode owns in an output directory (for stale-file removal). */
export function isOpenApiOutput(name: string): boolean {
  return /^(index\.d\.ts|paths\.d\.ts|openapi\.json|[a-z][A-Za-z0-9]*-paths\.d\.ts|[a-z][A-Za-z0-9]*-openapi\.json)$/.test(
    name,
  );
}

function camel(group: string, suffix: string): string {
  return group === DEFAULT_GROUP ? suffix.toLowerCase() : `${group}${suffix}`;
}

/** Prints one merged document with openapi-typescript: no comments, 2-space indent, no empty `webhooks`/`$defs`. */
export async function emitOpenApiTypes(
  document: Json,
  header: string,
  options: OpenApiTypeScriptOptions = {},
): Promise<string> {
  const ast = await openapiTS(document, {
    silent: true,
    emptyObjectsUnknown: true,
    defaultNonNullable: options.defaultNonNullable ?? false,
    exportType: options.exportType ?? false,
    rootTypes: options.rootTypes ?? false,
    rootTypesNoSchemaPrefix: options.rootTypesNoSchemaPrefix ?? false,
  });
  const text = astToString(ast, { formatOptions: { removeComments: true } })
    .replace(/^export type (webhooks|\$defs) = Record<string, never>;\n/gm, "")
    .replace(/^( {4})+/gm, (indent) => " ".repeat(indent.length / 2))
    // openapi-fetch never reads response headers; the untyped `[name: string]: unknown` map is pure weight.
    .replace(/^( +)headers: \{\n +\[name: string\]: unknown;\n\1\};\n/gm, "");
  return `${header}${trimPathItems(text)}`;
}

/**
 * In the `paths` map, drops absent methods (`put?: never`) and the path-level `parameters` (each operation carries
 * the merged parameters): openapi-fetch's path-based client maps every member of a path item to a method, so these
 * would become `PUT`/`PARAMETERS` members that tsc evaluates and callers could name.
 */
function trimPathItems(text: string): string {
  const start = text.search(/^export (interface paths \{|type paths = \{)$/m);
  if (start < 0) return text;
  const end = text.indexOf("\n}", start);
  const section = text
    .slice(start, end)
    .replace(/^ {4}(get|put|post|delete|options|head|patch|trace)\?: never;\n/gm, "")
    .replace(/^ {4}parameters: \{\n(?: {6}.*\n)*? {4}\};\n/gm, "");
  return `${text.slice(0, start)}${section}${text.slice(end)}`;
}

/** `shared/specs/x/a.yml` or, for several files of one folder, `shared/specs/x/{a.yml,b.yml}`. */
export function groupLabel(sources: readonly LeanSource[], labelOf: (file: string) => string): string {
  const labels = sources.map(({ source }) => labelOf(source.file));
  if (labels.length < 2) return labels.join("");
  const folder = (label: string) => label.slice(0, label.lastIndexOf("/") + 1);
  const common = folder(labels[0] as string);
  if (!common || !labels.every((label) => folder(label) === common)) return labels.join(", ");
  return `${common}{${labels.map((label) => label.slice(common.length)).join(",")}}`;
}

/** Loads, leans and merges the sources of every group. */
export async function planOpenApi(
  options: Pick<OpenApiGenerateOptions, "sources" | "stripHeaders" | "mediaTypes">,
): Promise<OpenApiGroup[]> {
  if (options.sources.length === 0) throw new CodegenError("config", "openapi mode needs at least one source");
  const loaded: LeanSource[] = [];
  for (const source of options.sources) {
    loaded.push(
      await loadSource(source, {
        ...(options.stripHeaders ? { stripHeaders: options.stripHeaders } : {}),
        ...(options.mediaTypes ? { mediaTypes: options.mediaTypes } : {}),
      }),
    );
  }
  const names = [...new Set(loaded.map(({ source }) => source.group ?? DEFAULT_GROUP))];
  return names.map((name) => {
    if (!/^[a-z][A-Za-z0-9]*$/.test(name)) throw new CodegenError("config", `invalid group name: ${name}`);
    const sources = loaded.filter(({ source }) => (source.group ?? DEFAULT_GROUP) === name);
    const { document, renamed, shared } = mergeSources(sources);
    const baseUrls = [...new Set(sources.map((source) => source.baseUrl).filter((url) => url !== undefined))];
    return {
      name,
      pathsExport: camel(name, "Paths"),
      file: name === DEFAULT_GROUP ? "paths.d.ts" : `${name}-paths.d.ts`,
      sources,
      document,
      renamed,
      shared,
      ...(baseUrls.length === 1 ? { baseUrl: baseUrls[0] } : {}),
    };
  });
}

function literal(value: string): string {
  return JSON.stringify(value);
}

/** `index.d.ts`: re-exports of every group and the base URL of each. */
export function emitOpenApiIndex(groups: readonly OpenApiGroup[], header: string): string {
  const lines = [header.trimEnd()];
  for (const group of groups) {
    const from = `./${group.file.replace(/\.d\.ts$/, ".js")}`;
    if (group.name === DEFAULT_GROUP) {
      lines.push(`export type { components, operations, paths } from ${literal(from)};`);
    } else {
      lines.push(
        `export type { components as ${camel(group.name, "Components")}, operations as ${camel(group.name, "Operations")}, paths as ${group.pathsExport} } from ${literal(from)};`,
      );
    }
  }
  lines.push("/** Base URL of each `paths` export: the servers' URL without the path prefix the paths carry. */");
  lines.push("export interface BaseUrls {");
  for (const group of groups) {
    lines.push(`  ${group.pathsExport}: ${group.baseUrl === undefined ? "string" : literal(group.baseUrl)};`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/** Generates every output file of an OpenAPI-mode run in memory. */
export async function generateOpenApiFiles(
  options: Omit<OpenApiGenerateOptions, "out">,
  labelOf: (file: string) => string,
): Promise<{ groups: OpenApiGroup[]; files: { name: string; content: string }[] }> {
  const progress = options.onProgress ?? (() => {});
  const groups = await planOpenApi(options);
  const files: { name: string; content: string }[] = [];
  for (const group of groups) {
    for (const { source, operations, convertedFromSwagger2, fixes, namespace } of group.sources) {
      const count = Object.values(operations).reduce((total, methods) => total + methods.length, 0);
      progress(
        `${labelOf(source.file)}${convertedFromSwagger2 ? " (Swagger 2.0 → OpenAPI 3.0)" : ""}: ${Object.keys(operations).length} paths, ` +
          `${count} operations${source.pathPrefix ? ` under ${source.pathPrefix}` : ""} [${namespace}]`,
      );
      for (const fix of fixes) progress(`  fixed ${fix}`);
    }
    if (Object.keys(group.renamed).length || group.shared.length) {
      progress(
        `${group.pathsExport}: ${Object.keys(group.renamed).length} component(s) namespaced, ${group.shared.length} shared`,
      );
    }
    const label = options.label ?? groupLabel(group.sources, labelOf);
    const started = performance.now();
    files.push({
      name: group.file,
      content: await emitOpenApiTypes(group.document, GENERATED_HEADER(label), options.typescript),
    });
    progress(`openapi-typescript ${group.file}: ${Math.round(performance.now() - started)} ms`);
    if (options.emitOpenApi) {
      files.push({
        name: group.name === DEFAULT_GROUP ? "openapi.json" : `${group.name}-openapi.json`,
        content: `${JSON.stringify(group.document, null, 1)}\n`,
      });
    }
  }
  const allLabel =
    options.label ??
    groupLabel(
      groups.flatMap((group) => group.sources),
      labelOf,
    );
  files.push({ name: "index.d.ts", content: emitOpenApiIndex(groups, GENERATED_HEADER(allLabel)) });
  files.sort((a, b) => (a.name < b.name ? -1 : 1));
  return { groups, files };
}
