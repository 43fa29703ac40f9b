import { checkpointStoreFor, connectBc, connectBigCommerce, isDemo, runPipelineMain } from "@org/example-kit";
import { runBigCommerceToBcOrders } from "./pipeline.js";

await runPipelineMain(async (server) => {
  const bigCommerce = connectBigCommerce({ server });
  const bc = connectBc({ server });
  const options = { bigCommerce, bc, checkpoints: checkpointStoreFor([bigCommerce, bc], process.env.CHECKPOINT_FILE) };
  await runBigCommerceToBcOrders(options);
  const fake = bigCommerce.fake;
  if (fake && isDemo([bigCommerce, bc])) {
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
