/**
 * `pnpm --filter @org/example-magento-to-sapb1-orders start`: Magento orders → SAP Business One sales orders, against
 * the real systems when their variables are set (see `.env.example`), else against the built-in fakes over a loopback
 * HTTP server. The watermark is kept in `.state/checkpoints.json` for real runs; fake runs start fresh each time.
 */
import { checkpointStoreFor, connectMagento, connectSapB1, isDemo, runPipelineMain } from "@org/example-kit";
import { runMagentoToSapB1Orders } from "./pipeline.js";

await runPipelineMain(async (server) => {
  const magento = connectMagento({ server });
  const sapb1 = connectSapB1({ server });
  console.log(`Magento: ${magento.label}\nSAP Business One: ${sapb1.label}`);
  const options = {
    magento: magento.client,
    sapb1: sapb1.client,
    checkpoints: checkpointStoreFor([magento, sapb1]),
    httpCalls: { magento: () => magento.fake?.calls.length, sapb1: () => sapb1.fake?.calls.length },
  };
  try {
    await runMagentoToSapB1Orders(options);
    if (isDemo([magento, sapb1])) {
      console.log("\nRunning again with the same checkpoints: nothing new to post.");
      await runMagentoToSapB1Orders(options);
    }
  } finally {
    await sapb1.client.close();
  }
});
