import {
  BC_DEMO_LOCAL_CURRENCY,
  BC_DEMO_POSTING_CONFIG,
  checkpointStoreFor,
  connectBc,
  connectBigCommerce,
  isDemo,
  runPipelineMain,
} from "@org/example-kit";
import { createDemoFakes, refundWithStoreCredit } from "./demo.js";
import { runRefundSync } from "./pipeline.js";

await runPipelineMain(async (server) => {
  const fakes = createDemoFakes();
  const bigCommerce = connectBigCommerce({ fake: fakes.bigCommerce, server });
  const bc = connectBc({ fake: fakes.bc, server });
  if (bigCommerce.mode === "fake") await refundWithStoreCredit(fakes.bigCommerce, 100008, "MUG-BLUE", "5.00");
  const options = {
    bigCommerce,
    bc,
    checkpoints: checkpointStoreFor([bigCommerce, bc], process.env.REFUNDS_CHECKPOINT_FILE),
    postingConfig: BC_DEMO_POSTING_CONFIG,
    localCurrency: process.env.BC_LOCAL_CURRENCY || BC_DEMO_LOCAL_CURRENCY,
  };
  await runRefundSync(options);
  if (isDemo([bigCommerce, bc])) {
    console.log("\nRunning again with the same checkpoints: nothing new to credit.");
    await runRefundSync(options);
  }
});
