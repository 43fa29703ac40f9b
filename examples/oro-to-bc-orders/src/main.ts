/**
 * Runs the Oro → Business Central orders sync. Without credentials both systems are the built-in fakes, served over
 * loopback HTTP, and the sync runs twice to show that a rerun takes only what changed. With `ORO_*` and `BC_*`
 * variables set it runs once against the real systems, keeping its watermark in `.state/checkpoints.json`
 * (or `ORO_TO_BC_CHECKPOINT_FILE`).
 */
import { createBcClient } from "@org/bc-client";
import {
  type CheckpointStore,
  connectBc,
  connectOro,
  FileCheckpointStore,
  MemoryCheckpointStore,
  runPipelineMain,
} from "@org/example-kit";
import { createOroClient } from "@org/oro-client";
import { runOroToBcOrders } from "./pipeline.js";

await runPipelineMain(async (server) => {
  const oro = connectOro({ createClient: createOroClient, server });
  const bc = connectBc({ createClient: createBcClient, server });
  const real = oro.mode === "real" || bc.mode === "real";
  const checkpoints: CheckpointStore = real
    ? new FileCheckpointStore(process.env.ORO_TO_BC_CHECKPOINT_FILE || ".state/checkpoints.json")
    : new MemoryCheckpointStore();
  const priceDeviation = process.env.ORO_PRICE_DEVIATION === "flag" ? "flag" : "quarantine";
  await runOroToBcOrders({ oro, bc, checkpoints, priceDeviation });
  if (!real) {
    console.log("\nRunning again: only orders changed since the watermark are read, and nothing is posted twice.");
    await runOroToBcOrders({ oro, bc, checkpoints, priceDeviation });
  }
});
