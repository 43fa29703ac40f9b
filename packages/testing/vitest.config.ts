import { mergeConfig } from "vitest/config";
import { coverageConfig, workspaceVitestConfig } from "../../vitest.shared";

export default mergeConfig(workspaceVitestConfig, { test: { coverage: coverageConfig({ lines: 85 }) } });
