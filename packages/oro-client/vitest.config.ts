import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["@org/source"] },
  test: {
    include: ["src/**/*.test.ts"],
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"] },
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      exclude: ["src/**/*.test.ts", "src/**/*.test-d.ts", "src/**/__fixtures__/**", "src/index.ts", "src/generated/**"],
      thresholds: { lines: 90 },
      reporter: ["text-summary", "json-summary"],
    },
  },
});
