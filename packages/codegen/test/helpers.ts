import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { resolveSpecsDir } from "../src/config.js";

export const packageDir = fileURLToPath(new URL("..", import.meta.url));
export const specsDir = resolveSpecsDir(packageDir);
export const BC_METADATA = join(specsDir, "business-central/metadata.xml");
export const B1_METADATA = join(specsDir, "sap-b1/b1s-v2/metadata.standard.xml");
export const B1_V1_METADATA = join(specsDir, "sap-b1/b1s-v1/metadata.xml");
export const BC_GENERATED = join(packageDir, "../bc-client/src/generated");
export const B1_GENERATED = join(packageDir, "../sapb1-client/src/generated");

/** A fresh scratch folder under test/.tmp (git-ignored). */
export function scratch(name: string): string {
  const dir = join(packageDir, "test", ".tmp", `${name}-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** `<EntitySet` elements in a metadata document. */
export function countEntitySetsInXml(file: string): number {
  return (readFileSync(file, "utf8").match(/<EntitySet\s/g) ?? []).length;
}

/** Members of the `EntitySets` interface in generated `entity-sets.d.ts` text, read with the TypeScript parser. */
export function entitySetNamesInTypes(source: string): string[] {
  const file = ts.createSourceFile("entity-sets.d.ts", source, ts.ScriptTarget.ES2022, false);
  for (const statement of file.statements) {
    if (ts.isInterfaceDeclaration(statement) && statement.name.text === "EntitySets") {
      return statement.members.map((member) =>
        member.name && ts.isIdentifier(member.name) ? member.name.text : (member.name?.getText(file) ?? ""),
      );
    }
  }
  return [];
}

export const BIGCOMMERCE_CLIENT = join(packageDir, "../bigcommerce-client");
export const MAGENTO_CLIENT = join(packageDir, "../magento-client");
export const ORO_CLIENT = join(packageDir, "../oro-client");
export const ORO_DUMPS = join(specsDir, "orocommerce/openapi-generator-output");

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/**
 * The operations of the `paths` interface in generated `.d.ts` text, read with the TypeScript parser: path → methods
 * whose member is present (not `method?: never`).
 */
export function operationsInTypes(source: string, name = "paths"): Map<string, string[]> {
  const file = ts.createSourceFile("paths.d.ts", source, ts.ScriptTarget.ES2022, false);
  const out = new Map<string, string[]>();
  for (const statement of file.statements) {
    if (!ts.isInterfaceDeclaration(statement) || statement.name.text !== name) continue;
    for (const member of statement.members) {
      if (!ts.isPropertySignature(member) || !member.name || !ts.isStringLiteral(member.name)) continue;
      const type = member.type;
      const methods: string[] = [];
      if (type && ts.isTypeLiteralNode(type)) {
        for (const inner of type.members) {
          if (!ts.isPropertySignature(inner) || !inner.name || !ts.isIdentifier(inner.name)) continue;
          const method = inner.name.text;
          const never = inner.type?.kind === ts.SyntaxKind.NeverKeyword;
          if (METHODS.includes(method) && !never && !inner.questionToken) methods.push(method);
        }
      }
      out.set(member.name.text, methods);
    }
  }
  return out;
}

/** The operations a raw spec declares (path → methods), with a prefix added to each path. */
export function operationsInSpec(document: { paths?: Record<string, Record<string, unknown>> }, prefix = "") {
  const out = new Map<string, string[]>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    out.set(
      `${prefix}${path}`,
      METHODS.filter((method) => item && typeof item[method] === "object"),
    );
  }
  return out;
}

/** Type-checks files with the TypeScript compiler API (strict, no lib check skipping); returns diagnostics text. */
export function typeCheck(files: readonly string[]): string[] {
  const program = ts.createProgram([...files], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (diagnostic) =>
        `${diagnostic.file?.fileName ?? ""}: TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`,
    );
}
