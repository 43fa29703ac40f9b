import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/msw.ts"],
  format: ["esm"],
  // 20.10: the first Node 20 with JSON import attributes (`with { type: "json" }`), which esbuild keeps only from there.
  target: "node20.10",
  dts: true,
  sourcemap: true,
  clean: true,
});
