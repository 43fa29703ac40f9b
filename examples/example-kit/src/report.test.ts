import { createSyncException } from "@org/core";
import { createBcFake } from "@org/testing";
import { describe, expect, it } from "vitest";
import { callCounter } from "./connection.js";
import { RunReport } from "./report.js";
import { connectBc } from "./targets/bc.js";

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

  it("prints notes made before the heading under it, and counts one record in the singular", () => {
    const lines: string[] = [];
    const report = new RunReport("demo", { out: (l) => lines.push(l) });
    report.note("from: Business Central fake");
    report.begin(1, "refunds");
    report.note("after the heading");
    expect(lines).toEqual(["\n== demo: 1 refund to sync", "   from: Business Central fake", "   after the heading"]);
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

describe("callCounter", () => {
  it("counts only the calls made since it was made, so a rerun reports its own calls", async () => {
    const bc = connectBc({ fake: createBcFake(), env: {} });
    await bc.client.entities.list("items").toArray();
    const report = new RunReport("rerun", { out: () => {} });
    report.countHttpCalls("bc", callCounter(bc));
    expect(report.summary().httpCalls).toEqual({ bc: 0 });
    await bc.client.entities.list("items").toArray();
    expect(report.summary().httpCalls).toEqual({ bc: 1 });
    expect(bc.fake?.calls.length).toBeGreaterThan(1);
  });

  it("counts nothing against a real system, and any running total when given one", () => {
    let total = 10;
    const fromTotal = callCounter(() => total);
    total = 13;
    expect(fromTotal()).toBe(3);
    const real = callCounter({ system: "bc", mode: "real", client: {}, fake: undefined, label: "real" });
    expect(real()).toBeUndefined();
    const report = new RunReport("real", { out: () => {} });
    report.countHttpCalls("bc", real);
    expect(report.summary().httpCalls).toEqual({});
  });
});
