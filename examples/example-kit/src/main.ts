/**
 * What every pipeline's `src/main.ts` shares: the loopback server the fakes are served on, where checkpoints live,
 * and a failure turned into a readable message and exit code 1.
 */
import { type FakeService, type RunningFakeServer, startFakeServer } from "@org/testing";
import { type CheckpointStore, FileCheckpointStore, MemoryCheckpointStore } from "./checkpoint.js";
import type { Connection } from "./connection.js";

/** Where a real run keeps its checkpoints, relative to the pipeline's folder (`pnpm --filter … start` runs there). */
export const DEFAULT_CHECKPOINT_FILE = ".state/checkpoints.json";

/**
 * Starts the loopback server for the fakes, runs the pipeline's demo or real run, closes everything, and turns a
 * failure into one readable line (no stack trace) and exit code 1.
 */
export async function runPipelineMain(run: (server: RunningFakeServer) => Promise<unknown>): Promise<void> {
  const server = await startFakeServer();
  try {
    await run(server);
  } catch (error) {
    process.exitCode = 1;
    console.error(`\nThe run stopped: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  } finally {
    await server.close();
  }
}

/** Whether every connection is a built-in fake: the demo, where the pipeline may run again to show a rerun. */
export function isDemo(connections: ReadonlyArray<Connection<unknown, FakeService>>): boolean {
  return connections.every((c) => c.mode === "fake");
}

/**
 * The checkpoints of a run: in memory when every system is a fake (the fakes start fresh each run, so must the
 * watermark), else in a JSON file, so that the next run starts where this one ended.
 * @param file The checkpoint file (e.g. the pipeline's `…_CHECKPOINT_FILE` variable); empty or omitted:
 *   {@link DEFAULT_CHECKPOINT_FILE}.
 */
export function checkpointStoreFor(
  connections: ReadonlyArray<Connection<unknown, FakeService>>,
  file?: string,
): CheckpointStore {
  return isDemo(connections) ? new MemoryCheckpointStore() : new FileCheckpointStore(file || DEFAULT_CHECKPOINT_FILE);
}
