/**
 * The one way this repository runs benchmarks. A package's `bench/run.ts` calls `runBenchSuite` with tinybench
 * tasks (and optional derived metrics such as ratios); results are printed and written as JSON to
 * `<package>/bench-results/<suite>.json` so that runs can be compared by machines. Benchmarks report, they never
 * assert on time: timing assertions belong nowhere in this repository.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { arch, cpus, totalmem } from "node:os";
import { join } from "node:path";
import { Bench } from "tinybench";

export interface BenchTask {
  /** Name shown in the table and used as the key in the JSON results. */
  name: string;
  fn: () => unknown | Promise<unknown>;
}

export interface BenchSuite {
  /** Suite name; results are written to `bench-results/<suite>.json`. */
  suite: string;
  /** Directory of the package that owns the suite (usually `new URL("..", import.meta.url)`). */
  packageDir: string | URL;
  tasks: BenchTask[];
  /** Minimum run time per task in milliseconds. Default: 500. */
  timeMs?: number;
  /**
   * Minimum runs per task (tinybench runs a task until both `timeMs` and this are reached). Default: tinybench's 64.
   * Set it low (e.g. 3) for long end-to-end tasks that take seconds per run.
   */
  iterations?: number;
  /** Run each task a few times before measuring. Default: `true`; turn it off for tasks that take seconds. */
  warmup?: boolean;
  /**
   * Derived numbers computed from the task results, e.g. the ratio of two tasks' mean times, or a measured
   * quantity such as a size in bytes. They are printed and stored next to the task results.
   */
  metrics?: (results: Record<string, TaskResult>) => Record<string, number>;
}

export interface TaskResult {
  /** Operations per second (throughput mean). */
  opsPerSecond: number;
  /** Mean latency per operation in milliseconds. */
  meanMs: number;
  /** 99th percentile latency in milliseconds. */
  p99Ms: number;
  /** Relative margin of error of the latency mean, in percent. */
  rmePercent: number;
  samples: number;
}

export interface SuiteResult {
  suite: string;
  date: string;
  environment: { node: string; arch: string; cpu: string; cores: number; memoryGiB: number };
  tasks: Record<string, TaskResult>;
  metrics: Record<string, number>;
}

export async function runBenchSuite(suite: BenchSuite): Promise<SuiteResult> {
  const bench = new Bench({
    time: suite.timeMs ?? 500,
    ...(suite.iterations !== undefined ? { iterations: suite.iterations } : {}),
    ...(suite.warmup !== undefined ? { warmup: suite.warmup } : {}),
  });
  for (const task of suite.tasks) bench.add(task.name, task.fn);
  await bench.run();

  const tasks: Record<string, TaskResult> = {};
  for (const task of bench.tasks) {
    const result = task.result;
    if (result?.state !== "completed") {
      throw new Error(`benchmark task "${task.name}" did not complete (${result?.state ?? "no result"})`);
    }
    tasks[task.name] = {
      opsPerSecond: result.throughput.mean,
      meanMs: result.latency.mean,
      p99Ms: result.latency.p99,
      rmePercent: result.latency.rme,
      samples: result.latency.samplesCount,
    };
  }
  const metrics = suite.metrics?.(tasks) ?? {};
  const output: SuiteResult = {
    suite: suite.suite,
    date: new Date().toISOString(),
    environment: {
      node: process.version,
      arch: arch(),
      cpu: cpus()[0]?.model ?? "unknown",
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
    },
    tasks,
    metrics,
  };

  const dir = join(suite.packageDir instanceof URL ? suite.packageDir.pathname : suite.packageDir, "bench-results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${suite.suite}.json`);
  writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);

  console.log(`\n${suite.suite}`);
  console.table(
    Object.fromEntries(
      Object.entries(tasks).map(([name, t]) => [
        name,
        { "ops/s": Math.round(t.opsPerSecond), "mean ms": t.meanMs.toFixed(4), "±%": t.rmePercent.toFixed(2) },
      ]),
    ),
  );
  if (Object.keys(metrics).length > 0) console.table(metrics);
  console.log(`results: ${file}`);
  return output;
}

/** Ratio of the mean time of `task` to the mean time of `baseline` (how many times slower `task` is). */
export function meanRatio(results: Record<string, TaskResult>, task: string, baseline: string): number {
  const a = results[task];
  const b = results[baseline];
  if (!a || !b) throw new Error(`meanRatio: unknown task ${a ? baseline : task}`);
  return a.meanMs / b.meanMs;
}
