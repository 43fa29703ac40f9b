/**
 * The one vitest base every package extends (`mergeConfig(workspaceVitestConfig, { test: { … } })`).
 * - Workspace packages resolve to their TypeScript sources through the `@org/source` export condition, in the
 *   client and the server (SSR) resolver alike, so tests never need a build of a sibling package.
 * - Timeouts are generous: CI is a 2-core machine running every package's suite in parallel, and a test that
 *   fails only under load tells nothing. Performance is measured in benchmarks, never through timeouts.
 */
import { defineConfig } from "vitest/config";

const sourceCondition = ["@org/source"];

export const workspaceVitestConfig = defineConfig({
  resolve: { conditions: sourceCondition },
  ssr: { resolve: { conditions: sourceCondition } },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // A JSON report per package, summed by scripts/test-summary.mjs into the one closing line CI reads.
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"] },
  },
});

/** Coverage settings for a package: v8, sources only, with a line threshold. */
export function coverageConfig(options: { lines?: number; exclude?: string[] } = {}) {
  return {
    provider: "v8" as const,
    include: ["src/**/*.ts"],
    exclude: [
      "src/**/*.test.ts",
      "src/**/*.test-d.ts",
      "src/**/__fixtures__/**",
      "src/index.ts",
      ...(options.exclude ?? []),
    ],
    thresholds: { lines: options.lines ?? 90 },
    reporter: ["text-summary", "json-summary"],
  };
}
