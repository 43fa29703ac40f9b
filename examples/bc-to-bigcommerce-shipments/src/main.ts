import { checkpointStoreFor, connectBc, connectBigCommerce, isDemo, runPipelineMain } from "@org/example-kit";
import { createDemoFakes, demoTrackingCarrier } from "./demo.js";
import { runShipmentSync, type ShipmentSyncOptions } from "./pipeline.js";

await runPipelineMain(async (server) => {
  const fakes = createDemoFakes();
  const bc = connectBc({ fake: fakes.bc, server });
  const bigCommerce = connectBigCommerce({ fake: fakes.bigCommerce, server });
  const defaultCarrier = process.env.SHIPMENTS_DEFAULT_CARRIER || (isDemo([bc, bigCommerce]) ? "DHL" : undefined);
  const options: ShipmentSyncOptions = {
    bc,
    bigCommerce,
    checkpoints: checkpointStoreFor([bc, bigCommerce], process.env.SHIPMENTS_CHECKPOINT_FILE),
    ...(defaultCarrier ? { defaultCarrier } : {}),
    withoutTrackingNumber: process.env.SHIPMENTS_WITHOUT_TRACKING_NUMBER === "hold" ? "hold" : "notify",
    trackingCarrierFor: demoTrackingCarrier,
  };
  await runShipmentSync(options);
  if (isDemo([bc, bigCommerce])) {
    console.log(
      "\nRunning again with the same checkpoints: nothing is sent twice; only a held shipment is tried again.",
    );
    await runShipmentSync(options);
  }
});
