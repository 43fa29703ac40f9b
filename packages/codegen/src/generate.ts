/**
 * Orchestration: `$metadata` → model → plan → lean OpenAPI → TypeScript (openapi-typescript) + JSON Schemas, written
 * deterministically (sorted, no timestamps, unchanged files left untouched) so that `pnpm generate && git diff
 * --exit-code` detects drift.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { CodegenError } from "./errors.js";
import { buildRequestSchemas } from "./json-schema.js";
import type { ServiceModel } from "./model.js";
import { ODATA_HELPERS } from "./odata-helpers.js";
import { buildOpenApi, type OpenApiDocument } from "./openapi.js";
import {
  generateOpenApiFiles,
  isOpenApiOutput,
  type OpenApiGenerateOptions,
  type OpenApiGroup,
} from "./openapi-mode.js";
import { parseMetadata } from "./parse.js";
import { type ApiPlan, planApi } from "./plan.js";
import { type ProfileOptions, resolveProfile, type Vendor } from "./profile.js";
import {
  emitEntitySetPaths,
  emitEntitySets,
  emitIndex,
  emitPaths,
  emitSchemaTypes,
  GENERATED_HEADER,
} from "./typescript.js";

export interface GenerateOptions extends ProfileOptions {
  /** Vendor profile: `bc`, `sapb1` or `odata` (generic OData v4/v3). */
  vendor: Vendor;
  /** Path of the `$metadata` file (CSDL XML or JSON). */
  metadata: string;
  /** Output directory (usually `src/generated`). Created if missing. */
  out: string;
  /**
   * How the input is named in the generated headers. Default: the path relative to the shared specs folder
   * (`shared/specs/...`) when it lies there, else the file name. Never absolute, so output is machine-independent.
   */
  label?: string;
  /** Also write the lean `openapi.json` the types are generated from. Default: `false`. */
  emitOpenApi?: boolean;
  /** Receives one line per step. Default: none. */
  onProgress?: (line: string) => void;
  /** Folder of the shared specs, used only to shorten `label`. */
  specsDir?: string;
}

export interface GeneratedFile {
  /** File name inside the output directory. */
  name: string;
  content: string;
}

export interface GenerateResult {
  model: ServiceModel;
  plan: ApiPlan;
  openapi: OpenApiDocument;
  files: GeneratedFile[];
  /** Files whose content changed on disk (empty when `generate` ran in memory or nothing drifted). */
  written: string[];
  durationMs: number;
}

/** Names of the files this generator owns in an output directory. */
export const OUTPUT_FILES = [
  "entity-set-paths.ts",
  "entity-sets.d.ts",
  "index.d.ts",
  "odata.d.ts",
  "openapi.json",
  "paths.d.ts",
  "request-schemas.json",
  "schemas.d.ts",
] as const;

/** Options of either mode: OData `$metadata` (`bc`, `sapb1`, `odata`) or OpenAPI documents (`openapi`). */
export type AnyGenerateOptions = GenerateOptions | OpenApiGenerateOptions;

export interface OpenApiGenerateResult {
  groups: OpenApiGroup[];
  files: GeneratedFile[];
  written: string[];
  durationMs: number;
}

export function defaultLabel(metadata: string, specsDir: string | undefined): string {
  if (specsDir) {
    const inside = relative(resolve(specsDir), resolve(metadata));
    if (!inside.startsWith("..") && !isAbsolute(inside)) return `shared/specs/${inside.split(sep).join("/")}`;
  }
  return basename(metadata);
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** Generates all files in memory from `$metadata` text. */
export async function generateFiles(
  source: string,
  options: Omit<GenerateOptions, "out"> & { out?: string },
): Promise<Omit<GenerateResult, "written">> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => {});
  const label = options.label ?? defaultLabel(options.metadata, options.specsDir);
  const model = parseMetadata(source, options.metadata);
  progress(
    `parsed ${label}: OData ${model.odataVersion}, ${model.entitySets.length} entity sets, ${model.entityTypes.size} entity types, ` +
      `${model.complexTypes.size} complex types, ${model.enumTypes.size} enums, ${model.boundOperations.length} bound operations, ` +
      `${model.imports.length} imports`,
  );
  const profile = resolveProfile(options.vendor, options);
  const plan = planApi(model, profile);
  progress(
    `planned ${plan.paths.length} paths (${plan.entitySets.length} entity sets, ${plan.writable.size} writable types)`,
  );
  const openapi = buildOpenApi(plan);
  const typesStarted = performance.now();
  const schemaTypes = await emitSchemaTypes(openapi, label);
  progress(`openapi-typescript: ${Math.round(performance.now() - typesStarted)} ms`);
  const schemas = buildRequestSchemas(plan, `urn:org-codegen:${profile.vendor}:${model.container}:request-schemas`);
  const files: GeneratedFile[] = [
    { name: "entity-set-paths.ts", content: emitEntitySetPaths(plan, label) },
    { name: "entity-sets.d.ts", content: emitEntitySets(plan, label) },
    { name: "index.d.ts", content: emitIndex(label) },
    { name: "odata.d.ts", content: `${GENERATED_HEADER(label)}${ODATA_HELPERS}` },
    { name: "paths.d.ts", content: emitPaths(plan, label) },
    { name: "schemas.d.ts", content: schemaTypes },
    { name: "request-schemas.json", content: `${JSON.stringify(schemas, null, 1)}\n` },
  ];
  if (options.emitOpenApi) files.push({ name: "openapi.json", content: `${JSON.stringify(openapi, null, 1)}\n` });
  files.sort((a, b) => (a.name < b.name ? -1 : 1));
  return { model, plan, openapi, files, durationMs: performance.now() - started };
}

async function writeOutput(
  out: string,
  files: readonly GeneratedFile[],
  owned: (name: string) => boolean,
  progress: (line: string) => void,
): Promise<string[]> {
  await mkdir(out, { recursive: true });
  const written: string[] = [];
  for (const file of files) {
    const target = join(out, file.name);
    const current = existsSync(target) ? await readFile(target, "utf8") : undefined;
    if (current !== file.content) {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.content);
      written.push(file.name);
    }
    progress(
      `${current === file.content ? "unchanged" : "wrote"} ${relative(process.cwd(), target) || target} (${kb(Buffer.byteLength(file.content))})`,
    );
  }
  // Remove files this generator owns but no longer emits (e.g. openapi.json after turning emitOpenApi off).
  const emitted = new Set(files.map((file) => file.name));
  for (const name of (await readdir(out)).sort()) {
    if (!emitted.has(name) && owned(name)) {
      await rm(join(out, name));
      written.push(name);
    }
  }
  return written;
}

/** OpenAPI mode: reads the sources, generates, and writes the output directory (unchanged files untouched). */
export async function generateOpenApi(options: OpenApiGenerateOptions): Promise<OpenApiGenerateResult> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => {});
  const { groups, files } = await generateOpenApiFiles(options, (file) => defaultLabel(file, options.specsDir));
  const written = await writeOutput(resolve(options.out), files, isOpenApiOutput, progress);
  const durationMs = performance.now() - started;
  progress(`done in ${Math.round(durationMs)} ms (${written.length} file(s) changed)`);
  return { groups, files, written, durationMs };
}

/** Reads `$metadata` (or, with `vendor: "openapi"`, OpenAPI documents), generates, and writes the output directory. */
export async function generate(options: OpenApiGenerateOptions): Promise<OpenApiGenerateResult>;
export async function generate(options: GenerateOptions): Promise<GenerateResult>;
export async function generate(options: AnyGenerateOptions): Promise<GenerateResult | OpenApiGenerateResult>;
export async function generate(options: AnyGenerateOptions): Promise<GenerateResult | OpenApiGenerateResult> {
  if (options.vendor === "openapi") return generateOpenApi(options);
  const started = performance.now();
  const progress = options.onProgress ?? (() => {});
  let source: string;
  try {
    source = await readFile(options.metadata, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CodegenError(options.metadata, code === "ENOENT" ? "file not found" : (error as Error).message, {
      cause: error,
    });
  }
  const result = await generateFiles(source, options);
  const owned = new Set<string>(OUTPUT_FILES);
  const written = await writeOutput(resolve(options.out), result.files, (name) => owned.has(name), progress);
  const durationMs = performance.now() - started;
  progress(`done in ${Math.round(durationMs)} ms (${written.length} file(s) changed)`);
  return { ...result, written, durationMs };
}
