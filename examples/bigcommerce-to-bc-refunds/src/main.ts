import {
  BC_DEMO_LOCAL_CURRENCY,
  BC_DEMO_POSTING_CONFIG,
  connectBc,
  connectBigCommerce,
  FileCheckpointStore,
  MemoryCheckpointStore,
  runPipelineMain,
} from "@org/example-kit";
import { createDemoFakes, refundWithStoreCredit } from "./demo.js";
import { runRefundSync } from "./pipeline.js";

await runPipelineMain(async (server) => {
  const fakes = createDemoFakes();
  const bigCommerce = connectBigCommerce({ fake: fakes.bigCommerce, server });
  const bc = connectBc({ fake: fakes.bc, server });
  if (bigCommerce.mode === "fake") await refundWithStoreCredit(fakes.bigCommerce, 100008, "MUG-BLUE", "5.00");
  const real = bigCommerce.mode === "real" || bc.mode === "real";
  await runRefundSync({
    bigCommerce,
    bc,
    // Against the fakes every run starts from fresh data, so the watermark starts fresh too.
    checkpoints: real
      ? new FileCheckpointStore(process.env.REFUNDS_CHECKPOINT_FILE || ".state/checkpoints.json")
      : new MemoryCheckpointStore(),
    postingConfig: BC_DEMO_POSTING_CONFIG,
    localCurrency: process.env.BC_LOCAL_CURRENCY || BC_DEMO_LOCAL_CURRENCY,
  });
});
