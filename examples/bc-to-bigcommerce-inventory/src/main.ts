import { checkpointStoreFor, connectBc, connectBigCommerce, isDemo, runPipelineMain } from "@org/example-kit";
import { DEMO_BUFFER, TOTAL_STOCK_TARGETS, TOTAL_STOCK_WAREHOUSE } from "./demo.js";
import { runInventorySync } from "./pipeline.js";

await runPipelineMain(async (server) => {
  const bc = connectBc({ server });
  const bigCommerce = connectBigCommerce({ server });
  const real = !isDemo([bc, bigCommerce]);
  const location = process.env.INVENTORY_BIGCOMMERCE_LOCATION || "default";
  const bufferUnits = process.env.INVENTORY_BUFFER_UNITS;
  const bufferPercent = process.env.INVENTORY_BUFFER_PERCENT;
  const checkpoints = checkpointStoreFor([bc, bigCommerce], process.env.INVENTORY_CHECKPOINT_FILE);
  const options = {
    bc,
    bigCommerce,
    checkpoints,
    targets: real ? [{ location, warehouses: [TOTAL_STOCK_WAREHOUSE] }] : TOTAL_STOCK_TARGETS,
    buffer:
      bufferUnits || bufferPercent
        ? { ...(bufferUnits ? { absolute: bufferUnits } : {}), ...(bufferPercent ? { percent: bufferPercent } : {}) }
        : DEMO_BUFFER,
    fullResync: process.argv.includes("--full"),
  };
  await runInventorySync(options);
  if (!real && bc.fake) {
    console.log("\nRunning again with the same checkpoints: no stock moved, nothing to publish.");
    await runInventorySync({ ...options, fullResync: false });
    // The demo goes on like a working day: the warehouse books a few movements, and the next run sends only those.
    bc.fake.setStock("MUG-BLUE", "MAIN", 60);
    bc.fake.setStock("SCALE-DIGI", "MAIN", 0);
    console.log("\nMeanwhile in BC: 60 blue mugs in MAIN, the digital scales sold out; running again.");
    await runInventorySync({ ...options, fullResync: false });
  }
});
