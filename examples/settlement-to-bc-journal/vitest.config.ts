import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["@org/source"] },
  test: { include: ["src/**/*.test.ts"] },
});
