import {
  type CheckpointStore,
  connectBc,
  connectOro,
  FileCheckpointStore,
  MemoryCheckpointStore,
  runPipelineMain,
} from "@org/example-kit";
import { runOroToBcOrders } from "./pipeline.js";

await runPipelineMain(async (server) => {
  const oro = connectOro({ server });
  const bc = connectBc({ server });
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
