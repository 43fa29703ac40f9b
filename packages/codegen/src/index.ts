export { type CliIo, runCli, USAGE } from "./cli.js";
export { type CodegenConfig, defineConfig, findProjectRoot, loadConfig, resolveSpecsDir } from "./config.js";
export { CodegenError } from "./errors.js";
export {
  type GeneratedFile,
  type GenerateOptions,
  type GenerateResult,
  generate,
  generateFiles,
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
