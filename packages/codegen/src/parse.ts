import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { CodegenError } from "./errors.js";
import { buildModel, type ServiceModel } from "./model.js";

interface Xml2Json {
  /** Converts CSDL XML (OData V2, V3, V4) to CSDL JSON; throws an Error with a `parser` position on malformed XML. */
  xml2json(xml: string, options?: { strict?: boolean }): Record<string, unknown>;
}
// odata-csdl is CommonJS without type declarations.
const { xml2json } = createRequire(import.meta.url)("odata-csdl") as Xml2Json;

/**
 * Parses a `$metadata` document (CSDL XML for OData V2/V3/V4, or CSDL JSON) into a validated {@link ServiceModel}.
 * XML goes through `odata-csdl` (the OASIS converter that `odata-openapi` uses as its front end).
 * @param source the document text
 * @param file the name used in error messages
 */
export function parseMetadata(source: string, file: string): ServiceModel {
  const text = source.replace(/^\uFEFF/, "").trimStart();
  if (text.length === 0) throw new CodegenError(file, "the file is empty");
  let csdl: Record<string, unknown>;
  if (text.startsWith("{")) {
    try {
      csdl = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new CodegenError(file, `malformed CSDL JSON: ${(error as Error).message}`, { cause: error });
    }
  } else {
    try {
      csdl = xml2json(text, { strict: false });
    } catch (error) {
      const parser = (error as { parser?: { line?: number; column?: number } }).parser;
      const where = parser?.line !== undefined ? `line ${parser.line + 1}, column ${(parser.column ?? 0) + 1}: ` : "";
      const message = ((error as Error).message ?? String(error)).split("\n")[0];
      throw new CodegenError(file, `malformed XML: ${where}${message}`, { cause: error });
    }
  }
  return buildModel(csdl, file);
}

/** Reads and parses a `$metadata` file. */
export async function readMetadata(file: string): Promise<ServiceModel> {
  let source: string;
  try {
    source = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CodegenError(file, code === "ENOENT" ? "file not found" : `cannot read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseMetadata(source, file);
}
