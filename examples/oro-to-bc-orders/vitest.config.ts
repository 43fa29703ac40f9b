import { mergeConfig } from "vitest/config";
import { workspaceVitestConfig } from "../../vitest.shared";

export default mergeConfig(workspaceVitestConfig, {});
