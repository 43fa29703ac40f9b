import { describe, expect, it } from "vitest";
import { advance, decodeWatermark, encodeWatermark, isNew } from "./watermark.js";

describe("watermark", () => {
  const t = (minute: number) => `2026-11-02T08:${String(minute).padStart(2, "0")}:00Z`;

  it("moves past done records but never past the first one still pending (quarantined records are retried)", () => {
    const next = advance(undefined, [
      { id: "1", changedAt: t(0), done: true },
      { id: "2", changedAt: t(5), done: false },
      { id: "3", changedAt: t(9), done: true },
    ]);
    expect(next).toEqual({ at: t(0), doneAt: ["1"] });
    expect(isNew(next, { id: "2", changedAt: t(5) })).toBe(true);
    expect(isNew(next, { id: "3", changedAt: t(9) })).toBe(true);
    expect(isNew(next, { id: "1", changedAt: t(0) })).toBe(false);
  });

  it("remembers every id done at the watermark, so a record written in the same second is neither lost nor redone", () => {
    const next = advance(undefined, [
      { id: "7", changedAt: t(3), done: true },
      { id: "8", changedAt: t(3), done: true },
    ]);
    expect(next).toEqual({ at: t(3), doneAt: ["7", "8"] });
    expect(isNew(next, { id: "8", changedAt: t(3) })).toBe(false);
    expect(isNew(next, { id: "9", changedAt: t(3) })).toBe(true);
    // A later run that finds one more record at the same time keeps the earlier ids.
    expect(advance(next, [{ id: "9", changedAt: "2026-11-02T08:03:00+00:00", done: true }])?.doneAt).toEqual([
      "7",
      "8",
      "9",
    ]);
  });

  it("stays where it was when nothing is done, and survives the checkpoint string", () => {
    const previous = { at: t(1), doneAt: ["4"] };
    expect(advance(previous, [{ id: "5", changedAt: t(2), done: false }])).toEqual(previous);
    expect(advance(undefined, [])).toBeUndefined();
    expect(decodeWatermark(encodeWatermark(previous))).toEqual(previous);
    expect(decodeWatermark(undefined)).toBeUndefined();
    expect(() => decodeWatermark('{"at":1}')).toThrow(/unknown format/);
  });
});
