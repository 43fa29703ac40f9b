#!/usr/bin/env node
// Fails when regenerated code differs from what is committed: `pnpm test` runs every client's `generate` task
// (turbo runs it before typecheck and test), so any diff under src/generated/ here means the committed output
// was edited by hand or not regenerated after a generator or spec change.
import { execFileSync } from "node:child_process";

const pathspec = ["packages/*/src/generated/**"];
const changed = execFileSync("git", ["status", "--porcelain", "--", ...pathspec], { encoding: "utf8" }).trim();
if (changed) {
  console.error(`Generated code drifted from the committed output; run \`pnpm generate\` and commit:\n${changed}`);
  process.exit(1);
}
console.log("Generated code matches the committed output.");
