import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["@org/source"] },
  // Tests run server-side: workspace dependencies (@org/http) resolve to their TypeScript sources, not to a dist.
  ssr: { resolve: { conditions: ["@org/source"] } },
  test: {
    include: ["src/**/*.test.ts"],
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"] },
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      exclude: [
        "src/**/*.test.ts",
        "src/**/*.test-d.ts",
        "src/index.ts",
        "src/test-support/**",
        "src/**/__fixtures__/**",
      ],
      thresholds: { lines: 90 },
      reporter: ["text-summary", "json-summary"],
    },
  },
});
