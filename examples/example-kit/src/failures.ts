/**
 * How every pipeline turns a failure of one record into the exception that holds it, and how it avoids asking the
 * target twice for a record it has just looked up.
 */
import { createSyncException, type RecordRef, type SyncException } from "@org/core";
import { ApiCallError } from "@org/http";

export interface ApiFailureContext {
  /** Names the record at the start of the message, e.g. `refund 12 of order 100`. */
  label: string;
  /** Where the record comes from, e.g. `bigcommerce`. */
  sourceSystem: string;
  /** Where it was being written, e.g. `bc`. */
  targetSystem: string;
  /** The records held. */
  records: readonly RecordRef[];
  /** What happens next, appended to the message, e.g. `it is retried next run`. Default: none. */
  next?: string;
}

/**
 * What stopped one record: a call that still failed after the client's retries is API_CALL_FAILED (retried next
 * run, X2), or OUTCOME_UNKNOWN when a write may have been committed without an answer (the next run looks it up
 * before writing); any other error is data no mapper caught, INVALID_PAYLOAD for engineering. The run goes on
 * either way. The message carries the error's text, which the clients keep free of secrets.
 */
export function apiFailure(error: unknown, context: ApiFailureContext): SyncException {
  const { label, sourceSystem, targetSystem, next } = context;
  const records = [...context.records];
  const then = next ? `; ${next}` : "";
  if (!(error instanceof ApiCallError)) {
    return createSyncException("INVALID_PAYLOAD", {
      message: `${label}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}${then}`,
      sourceSystem,
      targetSystem,
      records,
    });
  }
  return createSyncException(error.outcomeUnknown ? "OUTCOME_UNKNOWN" : "API_CALL_FAILED", {
    message: `${label}: ${error.message}${then}`,
    sourceSystem,
    targetSystem,
    records,
    ...(error.status !== undefined ? { details: { status: error.status } } : {}),
  });
}

/**
 * createOnce's `find` for a record that was already looked up (one by one, or in bulk for a whole page): the first
 * call answers "not there" without asking; every later call (after an ambiguous failure) looks again.
 */
export function lookAgainOnly<T>(find: () => Promise<T | undefined>): () => Promise<T | undefined> {
  let first = true;
  return async () => {
    if (first) {
      first = false;
      return undefined;
    }
    return find();
  };
}
