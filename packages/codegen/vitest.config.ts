import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["@org/source"] },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts", "test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      exclude: ["src/**/*.test.ts", "src/**/*.test-d.ts", "src/index.ts", "src/**/*.d.ts"],
      thresholds: { lines: 85 },
      reporter: ["text-summary", "json-summary"],
    },
  },
});
