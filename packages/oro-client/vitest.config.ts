import { defineConfig, mergeConfig } from "vitest/config";
import { coverageConfig, workspaceVitestConfig } from "../../vitest.shared";

export default mergeConfig(
  workspaceVitestConfig,
  defineConfig({ test: { coverage: coverageConfig({ exclude: ["src/generated/**"] }) } }),
);
