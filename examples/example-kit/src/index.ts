export { advanceWatermark, type CheckpointStore, FileCheckpointStore, MemoryCheckpointStore } from "./checkpoint.js";
export { type CallCounter, type Connection, type ConnectOptions, callCounter } from "./connection.js";
export { IncompleteCredentialsError, readCredentials } from "./environment.js";
export { type ApiFailureContext, apiFailure, lookAgainOnly } from "./failures.js";
export { checkpointStoreFor, DEFAULT_CHECKPOINT_FILE, isDemo, runPipelineMain } from "./main.js";
export { type RecordOutcome, RunReport, type RunReportOptions, type RunSummary } from "./report.js";
export * from "./targets/bc.js";
export * from "./targets/bigcommerce.js";
export * from "./targets/magento.js";
export * from "./targets/oro.js";
export * from "./targets/sapb1.js";
export {
  decodeWatermark,
  encodeWatermark,
  isNewSinceWatermark,
  nextWatermark,
  type Watermark,
  type WatermarkRecord,
} from "./watermark.js";
