import {
  connectBc,
  connectBigCommerce,
  FileCheckpointStore,
  MemoryCheckpointStore,
  runPipelineMain,
} from "@org/example-kit";
import { createDemoFakes, demoTrackingCarrier } from "./demo.js";
import { runShipmentSync } from "./pipeline.js";

await runPipelineMain(async (server) => {
  const fakes = createDemoFakes();
  const bc = connectBc({ fake: fakes.bc, server });
  const bigCommerce = connectBigCommerce({ fake: fakes.bigCommerce, server });
  const real = bigCommerce.mode === "real" || bc.mode === "real";
  const defaultCarrier = process.env.SHIPMENTS_DEFAULT_CARRIER || (real ? undefined : "DHL");
  await runShipmentSync({
    bc,
    bigCommerce,
    // Against the fakes every run starts from fresh data, so the watermark starts fresh too.
    checkpoints: real
      ? new FileCheckpointStore(process.env.SHIPMENTS_CHECKPOINT_FILE || ".state/checkpoints.json")
      : new MemoryCheckpointStore(),
    ...(defaultCarrier ? { defaultCarrier } : {}),
    withoutTrackingNumber: process.env.SHIPMENTS_WITHOUT_TRACKING_NUMBER === "hold" ? "hold" : "notify",
    trackingCarrierFor: demoTrackingCarrier,
  });
});
