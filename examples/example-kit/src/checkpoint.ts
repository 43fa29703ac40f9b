/**
 * Checkpoints (watermarks) so a rerun takes only what changed: a pipeline reads its watermark before listing
 * records ("updated after …") and moves it forward only past records that are done (posted, or skipped as
 * already posted). A quarantined record keeps the watermark behind it, so it is retried next run.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

export interface CheckpointStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}

/** In memory: for tests, and for demo runs against fakes that start empty each time. */
export class MemoryCheckpointStore implements CheckpointStore {
  readonly values = new Map<string, string>();
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
}

/** A JSON file (written atomically: temp file + rename), e.g. `.state/checkpoints.json` beside the pipeline. */
export class FileCheckpointStore implements CheckpointStore {
  constructor(readonly file: string) {}

  async #read(): Promise<Record<string, string>> {
    try {
      return JSON.parse(await readFile(this.file, "utf8")) as Record<string, string>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw new Error(`checkpoint file ${this.file} is unreadable: ${(error as Error).message}`);
    }
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.#read())[key];
  }

  async set(key: string, value: string): Promise<void> {
    const all = { ...(await this.#read()), [key]: value };
    await mkdir(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(all, null, 2)}\n`);
    await rename(temp, this.file);
  }
}

/**
 * The new watermark after a run: the latest change time among records that are done, but never past the earliest
 * record that is not (so it is listed again next time). ISO timestamps compare as strings.
 */
export function advanceWatermark(
  previous: string | undefined,
  records: ReadonlyArray<{ changedAt: string; done: boolean }>,
): string | undefined {
  const pending = records.filter((r) => !r.done).map((r) => r.changedAt);
  const firstPending = pending.length > 0 ? pending.sort()[0] : undefined;
  let next = previous;
  for (const r of records) {
    if (!r.done) continue;
    if (firstPending !== undefined && r.changedAt >= firstPending) continue;
    if (next === undefined || r.changedAt > next) next = r.changedAt;
  }
  return next;
}
