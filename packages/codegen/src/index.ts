export { type CliIo, runCli, USAGE } from "./cli.js";
export {
  type CodegenConfig,
  defineConfig,
  findProjectRoot,
  loadConfig,
  type ODataCodegenConfig,
  type OpenApiCodegenConfig,
  type OpenApiSourceConfig,
  resolveSpecsDir,
} from "./config.js";
export { CodegenError } from "./errors.js";
export {
  type AnyGenerateOptions,
  type GeneratedFile,
  type GenerateOptions,
  type GenerateResult,
  generate,
  generateFiles,
  generateOpenApi,
  type OpenApiGenerateResult,
  OUTPUT_FILES,
} from "./generate.js";
export { buildRequestSchemas, type RequestSchemas } from "./json-schema.js";
export type {
  EntitySet,
  EnumType,
  NavigationProperty,
  OdataVersion,
  Operation,
  OperationImport,
  Parameter,
  Property,
  ServiceModel,
  StructuredType,
  TypeRef,
} from "./model.js";
export { buildModel } from "./model.js";
export { buildOpenApi, type JsonSchema, type OpenApiDocument } from "./openapi.js";
export {
  DEFAULT_STRIP_HEADERS,
  HTTP_METHODS,
  type LeanOptions,
  type LeanSource,
  leanSource,
  loadSource,
  type MergeResult,
  mergeSources,
  type OpenApiSource,
  parseDocument,
} from "./openapi-input.js";
export {
  emitOpenApiTypes,
  generateOpenApiFiles,
  type OpenApiGenerateOptions,
  type OpenApiGroup,
  type OpenApiTypeScriptOptions,
  planOpenApi,
} from "./openapi-mode.js";
export { parseMetadata, readMetadata } from "./parse.js";
export { type ApiPlan, type EntityRules, type PlannedEntitySet, type PlannedPath, planApi } from "./plan.js";
export {
  type DecimalMode,
  type ProfileOptions,
  type ResolvedProfile,
  resolveProfile,
  VENDOR_DEFAULTS,
  type Vendor,
} from "./profile.js";
