import { createSyncException } from "@org/core";
import { describe, expect, it } from "vitest";
import { RunReport } from "./report.js";

const exception = (code: "ITEM_NOT_FOUND" | "TOTAL_MISMATCH", id: string) =>
  createSyncException(code, {
    message: `order ${id}: problem`,
    sourceSystem: "bigcommerce",
    records: [{ system: "bigcommerce", type: "order", id }],
    field: "products[0].sku",
  });

describe("RunReport", () => {
  it("X1: counts outcomes and groups exceptions by owning team and code", () => {
    const lines: string[] = [];
    let clock = 0;
    const report = new RunReport("demo", { out: (l) => lines.push(l), progressEvery: 2, now: () => clock });
    report.begin(4, "orders");
    report.posted("order 1");
    report.skipped("order 2", "already in BC as SO-1");
    report.quarantined("order 3", [exception("ITEM_NOT_FOUND", "3")]);
    report.quarantined("order 4", [exception("ITEM_NOT_FOUND", "4"), exception("TOTAL_MISMATCH", "4")]);
    report.httpCalls("bc", 12);
    clock = 2500;
    const summary = report.finish();
    expect(summary).toMatchObject({ posted: 1, skipped: 1, quarantined: 2, httpCalls: { bc: 12 }, durationMs: 2500 });
    expect(summary.byOwner).toEqual({ operations: { ITEM_NOT_FOUND: 2 }, finance: { TOTAL_MISMATCH: 1 } });
    expect(lines).toContain("   … 2/4 orders (50 %)");
    expect(lines).toContain("   … 4/4 orders (100 %)");
    expect(lines.join("\n")).toContain(
      "1 posted, 1 skipped (already done or not ready), 2 held with exceptions, 2.5 s",
    );
    expect(lines.join("\n")).toContain("- operations: ITEM_NOT_FOUND ×2");
    expect(lines.join("\n")).toContain("[O1] order 3 · products[0].sku: order 3: problem");
  });

  it("says so when there are no exceptions", () => {
    const lines: string[] = [];
    new RunReport("demo", { out: (l) => lines.push(l) }).finish();
    expect(lines.at(-1)).toBe("   exceptions: none");
  });

  it("reports a record's outcome and says whether the watermark may move past it", () => {
    const lines: string[] = [];
    const report = new RunReport("demo", { out: (l) => lines.push(l) });
    const warning = exception("TOTAL_MISMATCH", "1");
    expect(report.outcome("order 1", { kind: "posted", detail: "SO-1", exceptions: [warning] })).toBe(true);
    expect(report.outcome("order 2", { kind: "skipped", reason: "already in BC" })).toBe(true);
    expect(report.outcome("order 3", { kind: "quarantined", exceptions: [exception("ITEM_NOT_FOUND", "3")] })).toBe(
      false,
    );
    const summary = report.summary();
    expect(summary).toMatchObject({ posted: 1, skipped: 1, quarantined: 1 });
    expect(summary.byOwner).toEqual({ finance: { TOTAL_MISMATCH: 1 }, operations: { ITEM_NOT_FOUND: 1 } });
    expect(lines).toEqual([
      "   posted  order 1: SO-1",
      "   skipped order 2: already in BC",
      "   held    order 3: [O1] order 3: problem",
    ]);
  });
});
