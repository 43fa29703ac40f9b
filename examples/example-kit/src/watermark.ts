/**
 * A watermark that never loses a record and never redoes a done one: the change time of the first record still
 * pending (a quarantined record is retried), or else of the latest done one, plus the records already done at or
 * after that time (id → change time). The next run lists records changed at or after the time (inclusive, so one
 * written in the same second is not missed) and leaves out exactly the versions already done. Pure: no I/O.
 */

export interface Watermark {
  /** Change time as the source system wrote it (ISO 8601). */
  at: string;
  /** Records changed at or after `at` that are done: id → the change time that was done. */
  done: Record<string, string>;
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
  if (typeof parsed.at !== "string" || parsed.done === null || typeof parsed.done !== "object")
    throw new Error("the watermark checkpoint has an unknown format; delete it to read every record again");
  return { at: parsed.at, done: Object.fromEntries(Object.entries(parsed.done).map(([k, v]) => [k, String(v)])) };
}

export function encodeWatermark(watermark: Watermark): string {
  const done = Object.fromEntries(Object.entries(watermark.done).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify({ at: watermark.at, done });
}

/** Whether a listed record still needs work: changed at or after the watermark, and not done in this version. */
export function isNewSinceWatermark(
  watermark: Watermark | undefined,
  record: { id: string; changedAt: string },
): boolean {
  if (!watermark) return true;
  const changed = time(record.changedAt);
  if (changed < time(watermark.at)) return false;
  const done = watermark.done[record.id];
  return done === undefined || time(done) !== changed;
}

/** The watermark after a run over `records` (the new ones this run listed). */
export function nextWatermark(
  previous: Watermark | undefined,
  records: readonly WatermarkRecord[],
): Watermark | undefined {
  const done: Record<string, string> = { ...previous?.done };
  for (const r of records) if (r.done) done[r.id] = r.changedAt;
  const pending = records.filter((r) => !r.done).sort((a, b) => time(a.changedAt) - time(b.changedAt))[0];
  let at = pending?.changedAt;
  if (at === undefined) {
    at = previous?.at;
    for (const changedAt of Object.values(done)) if (at === undefined || time(changedAt) > time(at)) at = changedAt;
  }
  if (at === undefined) return undefined;
  const from = time(at);
  return { at, done: Object.fromEntries(Object.entries(done).filter(([, changedAt]) => time(changedAt) >= from)) };
}
