#!/usr/bin/env node
// Sums the vitest JSON reports every package wrote (test-results/vitest.json) into one closing line, so a CI log
// says how many tests ran without scrolling through every package's output. Exits 1 if any test failed or no
// test ran at all.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
const packages = [];
for (const group of ["packages", "examples", "tests", "tools"]) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const report = join(dir, name, "test-results", "vitest.json");
    if (!existsSync(report)) continue;
    const result = JSON.parse(readFileSync(report, "utf8"));
    passed += result.numPassedTests ?? 0;
    failed += result.numFailedTests ?? 0;
    skipped += (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
    packages.push(`${group}/${name}: ${result.numPassedTests ?? 0}`);
  }
}
console.log(`\nPassed tests per package: ${packages.join(", ")}`);
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
