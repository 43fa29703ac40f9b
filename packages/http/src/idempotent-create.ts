import { ApiCallError } from "./api-call-error.js";

/**
 * Creates a record at most once, keyed by a natural key the caller can search for (a storefront order number in
 * BC `externalDocumentNumber` or B1 `NumAtCard`, a refund id): failure catalog O5, O6, R5.
 *
 * 1. Look the record up; if it exists, return it (`created: false`).
 * 2. Create it.
 * 3. If the create failed with an unknown outcome (a timeout or 5xx after the server may have committed), look it
 *    up again, a few times with a pause, because the ERP may take a moment to show what it committed. Found: it
 *    was created by the ambiguous call. Not found: create once more.
 * Any other failure is thrown unchanged.
 */
export interface CreateOnceOptions<T> {
  /** Human-readable key for errors, e.g. `externalDocumentNumber 100234`. */
  key: string;
  /** Finds the record by its natural key; `undefined` when there is none. */
  find: () => Promise<T | undefined>;
  /** Creates the record; throws `ApiCallError` on failure. */
  create: () => Promise<T>;
  /** Look-ups after an ambiguous failure before deciding it did not commit. Default: 3. */
  lookupAttempts?: number;
  /** Pause before each of those look-ups, in ms. Default: 1000. */
  lookupDelayMs?: number;
  /** Injected sleep (tests). Default: `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
}

export interface CreateOnceResult<T> {
  record: T;
  /** `false` when the record already existed (an earlier run, or the ambiguous call, created it). */
  created: boolean;
  /** The create call's outcome was unknown and the record was found afterwards. */
  recoveredFromUnknownOutcome: boolean;
}

export async function createOnce<T>(options: CreateOnceOptions<T>): Promise<CreateOnceResult<T>> {
  const existing = await options.find();
  if (existing !== undefined) return { record: existing, created: false, recoveredFromUnknownOutcome: false };
  try {
    return { record: await options.create(), created: true, recoveredFromUnknownOutcome: false };
  } catch (error) {
    if (!(error instanceof ApiCallError) || !error.outcomeUnknown) throw error;
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const attempts = options.lookupAttempts ?? 3;
    for (let attempt = 0; attempt < attempts; attempt++) {
      await sleep(options.lookupDelayMs ?? 1000);
      const found = await options.find();
      if (found !== undefined) return { record: found, created: true, recoveredFromUnknownOutcome: true };
    }
    // Not committed after all: the one create that is safe to repeat.
    return { record: await options.create(), created: true, recoveredFromUnknownOutcome: false };
  }
}
