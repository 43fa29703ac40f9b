#!/usr/bin/env node
// Installed from a registry this runs the built CLI. In the monorepo (tsconfig.json present: it is not published) it
// runs the TypeScript sources through tsx, so `pnpm generate` never uses a stale build.
import { existsSync } from "node:fs";

const dist = new URL("../dist/cli.js", import.meta.url);
const source = new URL("../src/cli.ts", import.meta.url);
const workspace = existsSync(new URL("../tsconfig.json", import.meta.url)) && existsSync(source);
if (!workspace && existsSync(dist)) {
  const { main } = await import(dist.href);
  await main();
} else {
  const { tsImport } = await import("tsx/esm/api");
  const { main } = await tsImport(source.href, import.meta.url);
  await main();
}
