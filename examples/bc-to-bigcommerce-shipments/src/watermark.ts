/**
 * A watermark that never loses a record and never re-reads a done one: the latest change time of the records that
 * are done (never past the first one still pending, like the kit's `advanceWatermark`), plus the ids already done
 * at exactly that time. The next run lists records changed at or after the time (inclusive, so a record written in
 * the same second is not missed) and drops only the ids done there. Pure: no I/O.
 */

export interface Watermark {
  /** Change time as the source system wrote it (ISO 8601). */
  at: string;
  /** Ids of the records changed at exactly `at` that are done. */
  doneAt: string[];
}

export interface WatermarkRecord {
  id: string;
  changedAt: string;
  /** Posted, or skipped as already posted; not quarantined. */
  done: boolean;
}

const time = (value: string): number => {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`watermark: ${JSON.stringify(value)} is not a timestamp`);
  return ms;
};

export function decodeWatermark(stored: string | undefined): Watermark | undefined {
  if (stored === undefined || stored === "") return undefined;
  const parsed = JSON.parse(stored) as Partial<Watermark>;
  if (typeof parsed.at !== "string" || !Array.isArray(parsed.doneAt))
    throw new Error("the watermark checkpoint has an unknown format; delete it to read every record again");
  return { at: parsed.at, doneAt: parsed.doneAt.map(String) };
}

export function encodeWatermark(watermark: Watermark): string {
  return JSON.stringify({ at: watermark.at, doneAt: [...watermark.doneAt].sort() });
}

/** Whether a listed record still needs work (it is not at or before the watermark as done). */
export function isNew(watermark: Watermark | undefined, record: { id: string; changedAt: string }): boolean {
  if (!watermark) return true;
  const at = time(watermark.at);
  const changed = time(record.changedAt);
  if (changed > at) return true;
  return changed === at && !watermark.doneAt.includes(record.id);
}

/** The watermark after a run over `records` (the ones this run listed). */
export function advance(previous: Watermark | undefined, records: readonly WatermarkRecord[]): Watermark | undefined {
  const pending = records.filter((r) => !r.done).map((r) => time(r.changedAt));
  const firstPending = pending.length > 0 ? Math.min(...pending) : Number.POSITIVE_INFINITY;
  let next = previous;
  let nextTime = previous ? time(previous.at) : Number.NEGATIVE_INFINITY;
  for (const r of records) {
    const changed = time(r.changedAt);
    if (!r.done || changed >= firstPending) continue;
    if (changed > nextTime) {
      next = { at: r.changedAt, doneAt: [r.id] };
      nextTime = changed;
    } else if (changed === nextTime && next && !next.doneAt.includes(r.id)) {
      next = { at: next.at, doneAt: [...next.doneAt, r.id] };
    }
  }
  return next;
}
