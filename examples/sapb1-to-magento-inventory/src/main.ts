/**
 * Demo: SAP Business One stock → Magento source items, against the built-in fakes over loopback HTTP, or the real
 * systems when their variables are set (see `.env.example`; then one run, with checkpoints in `.state/`).
 * Against the fakes: one item has stock in an unmapped warehouse and is held back (I4); a rerun pushes nothing,
 * because nothing changed (I2); then one item's stock changes in B1 and a third run pushes exactly that SKU.
 */
import { checkpointStoreFor, connectMagento, connectSapB1, isDemo, RunReport, runPipelineMain } from "@org/example-kit";
import { PIPELINE, runInventorySync } from "./pipeline.js";

await runPipelineMain(async (server) => {
  const b1 = connectSapB1({ server });
  const magento = connectMagento({ server });
  // Real systems keep their watermark and published levels between runs.
  const checkpoints = checkpointStoreFor([b1, magento]);
  const run = async (title: string) => {
    const report = new RunReport(`${PIPELINE} (${title})`);
    report.note(`from: ${b1.label}`);
    report.note(`to:   ${magento.label}`);
    return runInventorySync({
      b1: b1.client,
      magento: magento.client,
      checkpoints,
      report,
      buffer: { absolute: 2 },
      httpCalls: { sapb1: () => b1.fake?.calls.length, magento: () => magento.fake?.calls.length },
    });
  };
  try {
    if (!isDemo([b1, magento]) || !b1.fake) {
      await run("sync");
      return;
    }
    // A warehouse nobody mapped to a Magento source: the item with stock there is held back (I4), the rest go on.
    b1.fake.addWarehouse("RETURNS", "Customer returns");
    b1.fake.setStock("SCALE-DIGI", "RETURNS", { inStock: 2 });
    await run("first run");
    await run("rerun, nothing changed");
    b1.fake.setStock("KETTLE-STEEL", "MAIN", { inStock: 11 });
    console.log("\n   (meanwhile in B1: 13 kettles left warehouse MAIN)");
    await run("after a stock change in B1");
  } finally {
    await b1.client.close();
  }
});
