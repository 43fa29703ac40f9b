import { checkpointStoreFor, connectBc, connectOro, isDemo, runPipelineMain } from "@org/example-kit";
import { runOroToBcOrders } from "./pipeline.js";

await runPipelineMain(async (server) => {
  const oro = connectOro({ server });
  const bc = connectBc({ server });
  const checkpoints = checkpointStoreFor([oro, bc], process.env.ORO_TO_BC_CHECKPOINT_FILE);
  const priceDeviation = process.env.ORO_PRICE_DEVIATION === "flag" ? "flag" : "quarantine";
  await runOroToBcOrders({ oro, bc, checkpoints, priceDeviation });
  if (isDemo([oro, bc])) {
    console.log("\nRunning again: only orders changed since the watermark are read, and nothing is posted twice.");
    await runOroToBcOrders({ oro, bc, checkpoints, priceDeviation });
  }
});
