import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { advanceWatermark, FileCheckpointStore, MemoryCheckpointStore } from "./checkpoint.js";

describe("checkpoint stores", () => {
  it("keep values per key, in memory and in a JSON file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "checkpoints-"));
    try {
      const file = join(dir, "state", "checkpoints.json");
      for (const store of [new MemoryCheckpointStore(), new FileCheckpointStore(file)]) {
        expect(await store.get("orders")).toBeUndefined();
        await store.set("orders", "2026-11-02T08:00:00Z");
        await store.set("refunds", "r-9");
        expect(await store.get("orders")).toBe("2026-11-02T08:00:00Z");
      }
      expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ orders: "2026-11-02T08:00:00Z", refunds: "r-9" });
      await writeFile(file, "{not json");
      await expect(new FileCheckpointStore(file).get("orders")).rejects.toThrow(/unreadable/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("advanceWatermark", () => {
  it("moves past done records but never past the first record still pending", () => {
    const records = [
      { changedAt: "2026-11-02T08:00:00Z", done: true },
      { changedAt: "2026-11-02T09:00:00Z", done: false },
      { changedAt: "2026-11-02T10:00:00Z", done: true },
    ];
    expect(advanceWatermark(undefined, records)).toBe("2026-11-02T08:00:00Z");
    expect(
      advanceWatermark(
        undefined,
        records.map((r) => ({ ...r, done: true })),
      ),
    ).toBe("2026-11-02T10:00:00Z");
    expect(advanceWatermark("2026-11-01T00:00:00Z", [])).toBe("2026-11-01T00:00:00Z");
    expect(advanceWatermark("2026-11-03T00:00:00Z", records)).toBe("2026-11-03T00:00:00Z");
  });
});
