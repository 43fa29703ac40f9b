import { Decimal, journalImbalance } from "@org/core";
import { describe, expect, it } from "vitest";
import { journalForPayout } from "./pipeline";
import { knownTransactions, samplePayout } from "./sample-payout";

describe("settlement-to-bc-journal", () => {
  it("S1/S2/S5: builds a balanced journal whose bank line is the deposit, and quarantines the unmatched sale", () => {
    const { journal, exceptions } = journalForPayout(samplePayout, knownTransactions);
    expect(journal).toBeDefined();
    if (!journal) return;
    expect(journalImbalance(journal).isZero()).toBe(true);
    expect(journal.lines[0]).toMatchObject({ account: "2910", kind: "bank" });
    expect(journal.lines[0]?.debit.eq(samplePayout.depositAmount as string)).toBe(true);
    expect(journal.lines.find((l) => l.kind === "gift_card")?.account).toBe("5790");
    expect(exceptions.map((e) => [e.code, e.records[1]?.id])).toEqual([["SETTLEMENT_LINE_UNMATCHED", "ch_3Nxyz"]]);
    const suspense = journal.lines.find((l) => l.kind === "unmatched");
    expect(suspense?.credit.eq(Decimal.from("45.50"))).toBe(true);
  });
});
