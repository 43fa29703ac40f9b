import { connectBc, FileCheckpointStore, MemoryCheckpointStore, runPipelineMain } from "@org/example-kit";
import { runSettlementToBcJournal } from "./pipeline";
import { knownTransactions, samplePayouts } from "./sample-payout";

await runPipelineMain(async (server) => {
  const bc = connectBc({ server });
  // Against the fake (fresh every run) the checkpoints live in memory; against a real tenant in a file, so that
  // the next run starts where this one ended.
  const checkpoints =
    bc.mode === "real"
      ? new FileCheckpointStore(process.env.CHECKPOINT_FILE ?? ".state/checkpoints.json")
      : new MemoryCheckpointStore();
  const options = { bc, payouts: samplePayouts, knownTransactions, checkpoints };
  await runSettlementToBcJournal(options);
  if (bc.mode === "fake") {
    console.log("\nRunning again with the same checkpoints: nothing new to post.");
    await runSettlementToBcJournal(options);
  }
});
