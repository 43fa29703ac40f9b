/**
 * `codegen.config.ts` support: a client package describes which `$metadata` it generates from and with which
 * options; `org-codegen --config codegen.config.ts` runs it. Specs are read from `../shared/specs` relative to the
 * project root (the folder holding `pnpm-workspace.yaml`), overridable with `--specs` or `ORG_SPECS_DIR`.
 */
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CodegenError } from "./errors.js";
import type { AnyGenerateOptions, GenerateOptions } from "./generate.js";
import type { OpenApiSource } from "./openapi-input.js";
import type { OpenApiGenerateOptions } from "./openapi-mode.js";

/** Config of an OData client (`vendor: "bc" | "sapb1" | "odata"`). */
export interface ODataCodegenConfig extends Omit<GenerateOptions, "metadata" | "out" | "onProgress" | "specsDir"> {
  /** `$metadata` path relative to the shared specs folder, e.g. `business-central/metadata.xml`. */
  spec?: string;
  /** `$metadata` path relative to the config file (for a tenant's own metadata). Takes precedence over `spec`. */
  metadata?: string;
  /** Output directory relative to the config file. Default: `src/generated`. */
  out?: string;
}

/** One input document of an OpenAPI-mode config: `spec` (under the shared specs folder) or `file` (config-relative). */
export interface OpenApiSourceConfig extends Omit<OpenApiSource, "file"> {
  /** Path relative to the shared specs folder, e.g. `bigcommerce/orders.v3.yml`. */
  spec?: string;
  /** Path relative to the config file (a spec the package owns, or a user's own dump). Takes precedence. */
  file?: string;
}

/** Config of an OpenAPI client (`vendor: "openapi"`): OpenAPI 3.0/3.1 or Swagger 2.0 documents → `paths`. */
export interface OpenApiCodegenConfig
  extends Omit<OpenApiGenerateOptions, "sources" | "out" | "onProgress" | "specsDir"> {
  sources: OpenApiSourceConfig[];
  /** Output directory relative to the config file. Default: `src/generated`. */
  out?: string;
}

export type CodegenConfig = ODataCodegenConfig | OpenApiCodegenConfig;

/** Identity helper that gives `codegen.config.ts` type checking. */
export function defineConfig(config: CodegenConfig): CodegenConfig {
  return config;
}

/** The project root: the nearest folder above `from` with a `pnpm-workspace.yaml` (else `from` itself). */
export function findProjectRoot(from: string): string {
  let current = resolve(from);
  for (;;) {
    if (existsSync(join(current, "pnpm-workspace.yaml"))) return current;
    const parent = dirname(current);
    if (parent === current) return resolve(from);
    current = parent;
  }
}

/** Where the shared specs live: `explicit`, else `$ORG_SPECS_DIR`, else `<project root>/../shared/specs`. */
export function resolveSpecsDir(from: string, explicit?: string): string {
  if (explicit) return resolve(explicit);
  const fromEnv = process.env.ORG_SPECS_DIR;
  if (fromEnv) return resolve(fromEnv);
  return resolve(findProjectRoot(from), "..", "shared", "specs");
}

/** Loads a config file (`.ts` through tsx, `.js`/`.mjs`/`.json` natively) and turns it into generate options. */
export async function loadConfig(file: string, specsDir?: string): Promise<AnyGenerateOptions> {
  const path = resolve(file);
  if (!existsSync(path)) throw new CodegenError(file, "config file not found");
  let loaded: unknown;
  try {
    if (/\.[cm]?ts$/.test(path)) {
      const { tsImport } = await import("tsx/esm/api");
      loaded = await tsImport(pathToFileURL(path).href, import.meta.url);
    } else {
      loaded = await import(pathToFileURL(path).href);
    }
  } catch (error) {
    throw new CodegenError(file, `cannot load config: ${(error as Error).message}`, { cause: error });
  }
  const config = ((loaded as { default?: unknown }).default ?? loaded) as CodegenConfig & { default?: CodegenConfig };
  const resolved: CodegenConfig = config.default ?? config;
  if (!resolved || typeof resolved !== "object" || !resolved.vendor) {
    throw new CodegenError(
      file,
      "the config must export default an object with `vendor` (bc | sapb1 | odata | openapi)",
    );
  }
  const base = dirname(path);
  const specs = resolveSpecsDir(base, specsDir);
  if (resolved.vendor === "openapi") {
    if (!Array.isArray(resolved.sources) || resolved.sources.length === 0) {
      throw new CodegenError(file, "an openapi config needs `sources`: [{ spec | file, pathPrefix?, group? }, …]");
    }
    const sources: OpenApiSource[] = resolved.sources.map(({ spec, file: own, ...source }, index) => {
      if (own) return { ...source, file: isAbsolute(own) ? own : resolve(base, own) };
      if (spec) return { ...source, file: resolve(specs, spec) };
      throw new CodegenError(file, `sources[${index}] needs \`spec\` or \`file\``);
    });
    const { sources: _sources, out, ...rest } = resolved;
    return { ...rest, sources, out: resolve(base, out ?? "src/generated"), specsDir: specs };
  }
  let metadata: string;
  if (resolved.metadata)
    metadata = isAbsolute(resolved.metadata) ? resolved.metadata : resolve(base, resolved.metadata);
  else if (resolved.spec) metadata = resolve(specs, resolved.spec);
  else throw new CodegenError(file, "the config needs `spec` (under the shared specs folder) or `metadata` (a file)");
  const { spec: _spec, metadata: _metadata, out, ...rest } = resolved;
  return { ...rest, metadata, out: resolve(base, out ?? "src/generated"), specsDir: specs };
}
