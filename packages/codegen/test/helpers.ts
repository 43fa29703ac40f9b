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
