/**
 * Entry point helper for `src/main.ts` of every pipeline: starts the loopback server for the fakes the pipeline
 * needs, runs it, closes everything, and turns a failure into a readable message and exit code 1.
 */
import { type RunningFakeServer, startFakeServer } from "@org/testing";

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
