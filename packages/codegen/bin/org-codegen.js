#!/usr/bin/env node
// Runs the built CLI; inside the monorepo (no dist yet) it runs the TypeScript sources through tsx.
import { existsSync } from "node:fs";

const dist = new URL("../dist/cli.js", import.meta.url);
if (existsSync(dist)) {
  const { main } = await import(dist.href);
  await main();
} else {
  const { tsImport } = await import("tsx/esm/api");
  const { main } = await tsImport(new URL("../src/cli.ts", import.meta.url).href, import.meta.url);
  await main();
}
