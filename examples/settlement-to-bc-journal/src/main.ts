import { checkpointStoreFor, connectBc, isDemo, runPipelineMain } from "@org/example-kit";
import { runSettlementToBcJournal } from "./pipeline";
import { knownTransactions, samplePayouts } from "./sample-payout";

await runPipelineMain(async (server) => {
  const bc = connectBc({ server });
  const checkpoints = checkpointStoreFor([bc], process.env.CHECKPOINT_FILE);
  const options = { bc, payouts: samplePayouts, knownTransactions, checkpoints };
  await runSettlementToBcJournal(options);
  if (isDemo([bc])) {
    console.log("\nRunning again with the same checkpoints: nothing new to post.");
    await runSettlementToBcJournal(options);
  }
});
