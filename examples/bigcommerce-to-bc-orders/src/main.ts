import {
  connectBc,
  connectBigCommerce,
  FileCheckpointStore,
  MemoryCheckpointStore,
  runPipelineMain,
} from "@org/example-kit";
import { runBigCommerceToBcOrders } from "./pipeline.js";

await runPipelineMain(async (server) => {
  const bigCommerce = connectBigCommerce({ server });
  const bc = connectBc({ server });
  // Against the fakes (fresh every run) the checkpoints live in memory; against real systems in a file, so that the
  // next run starts where this one ended.
  const checkpoints =
    bigCommerce.mode === "real" || bc.mode === "real"
      ? new FileCheckpointStore(process.env.CHECKPOINT_FILE ?? ".state/checkpoints.json")
      : new MemoryCheckpointStore();
  const options = { bigCommerce, bc, checkpoints };
  await runBigCommerceToBcOrders(options);
  const fake = bigCommerce.fake;
  if (fake && bc.mode === "fake") {
    console.log("\nRunning again with the same checkpoints: nothing new to post.");
    await runBigCommerceToBcOrders(options);
    const waiting = fake.orders().find((o) => o.order.status_id === 7);
    if (waiting) {
      console.log(`\nOrder ${waiting.order.id} has been paid (status → Awaiting Fulfillment); running again.`);
      fake.setOrderStatus(waiting.order.id, 11);
      await runBigCommerceToBcOrders(options);
    }
  }
});
