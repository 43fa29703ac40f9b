import { checkpointStoreFor, connectBc, connectBigCommerce, isDemo, runPipelineMain } from "@org/example-kit";
import { createDemoFakes, demoTrackingCarrier } from "./demo.js";
import { runShipmentSync } from "./pipeline.js";

await runPipelineMain(async (server) => {
  const fakes = createDemoFakes();
  const bc = connectBc({ fake: fakes.bc, server });
  const bigCommerce = connectBigCommerce({ fake: fakes.bigCommerce, server });
  const defaultCarrier = process.env.SHIPMENTS_DEFAULT_CARRIER || (isDemo([bc, bigCommerce]) ? "DHL" : undefined);
  await runShipmentSync({
    bc,
    bigCommerce,
    checkpoints: checkpointStoreFor([bc, bigCommerce], process.env.SHIPMENTS_CHECKPOINT_FILE),
    ...(defaultCarrier ? { defaultCarrier } : {}),
    withoutTrackingNumber: process.env.SHIPMENTS_WITHOUT_TRACKING_NUMBER === "hold" ? "hold" : "notify",
    trackingCarrierFor: demoTrackingCarrier,
  });
});
