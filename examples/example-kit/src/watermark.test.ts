import { describe, expect, it } from "vitest";
import { decodeWatermark, encodeWatermark, isNewSinceWatermark, nextWatermark } from "./watermark.js";

describe("watermark", () => {
  const t = (minute: number) => `2026-11-02T08:${String(minute).padStart(2, "0")}:00Z`;

  it("stands at the first record still pending, so it is retried, and remembers what is done after it", () => {
    const next = nextWatermark(undefined, [
      { id: "1", changedAt: t(0), done: true },
      { id: "2", changedAt: t(5), done: false },
      { id: "3", changedAt: t(9), done: true },
    ]);
    expect(next).toEqual({ at: t(5), done: { "3": t(9) } });
    expect(isNewSinceWatermark(next, { id: "2", changedAt: t(5) })).toBe(true);
    expect(isNewSinceWatermark(next, { id: "3", changedAt: t(9) })).toBe(false);
    expect(isNewSinceWatermark(next, { id: "1", changedAt: t(0) })).toBe(false);
    // The done record changes again: a new version is new work.
    expect(isNewSinceWatermark(next, { id: "3", changedAt: t(12) })).toBe(true);
  });

  it("keeps every id done at the watermark's own time, so a record written in the same second is neither lost nor redone", () => {
    const next = nextWatermark(undefined, [
      { id: "7", changedAt: t(3), done: true },
      { id: "8", changedAt: t(3), done: true },
    ]);
    expect(next).toEqual({ at: t(3), done: { "7": t(3), "8": t(3) } });
    expect(isNewSinceWatermark(next, { id: "8", changedAt: t(3) })).toBe(false);
    expect(isNewSinceWatermark(next, { id: "9", changedAt: t(3) })).toBe(true);
    const later = nextWatermark(next, [{ id: "9", changedAt: "2026-11-02T08:03:00+00:00", done: true }]);
    expect(Object.keys(later?.done ?? {})).toEqual(["7", "8", "9"]);
  });

  it("moves on once the pending record is done, forgetting what lies before it", () => {
    const first = nextWatermark(undefined, [
      { id: "1", changedAt: t(1), done: false },
      { id: "2", changedAt: t(2), done: true },
    ]);
    expect(first).toEqual({ at: t(1), done: { "2": t(2) } });
    expect(nextWatermark(first, [{ id: "1", changedAt: t(1), done: true }])).toEqual({ at: t(2), done: { "2": t(2) } });
  });

  it("stays where it was when nothing new is done, and survives the checkpoint string", () => {
    const previous = { at: t(1), done: { "4": t(1) } };
    expect(nextWatermark(previous, [])).toEqual(previous);
    expect(nextWatermark(undefined, [])).toBeUndefined();
    expect(decodeWatermark(encodeWatermark(previous))).toEqual(previous);
    expect(decodeWatermark(undefined)).toBeUndefined();
    expect(() => decodeWatermark('{"at":1}')).toThrow(/unknown format/);
  });
});
