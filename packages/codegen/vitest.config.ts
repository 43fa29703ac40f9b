import { defineConfig, mergeConfig } from "vitest/config";
import { coverageConfig, workspaceVitestConfig } from "../../vitest.shared";

export default mergeConfig(
  workspaceVitestConfig,
  defineConfig({
    test: {
      // Generating the full B1 surface and type-checking generated output with tsc take a while on a loaded
      // 2-core machine running every package's suite at once.
      testTimeout: 240_000,
      hookTimeout: 240_000,
      typecheck: { include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
      coverage: coverageConfig({ lines: 85, exclude: ["src/**/*.d.ts"] }),
    },
  }),
);
