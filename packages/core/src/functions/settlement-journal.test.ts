import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { settlementInput } from "../__fixtures__/canonical";
import { JournalEntrySchema } from "../entities/journal";
import { parseSettlement, SETTLEMENT_LINE_TYPES, type SettlementLine } from "../entities/settlement";
import { minorUnits } from "../money/currency";
import { Decimal } from "../money/decimal";
import { journalImbalance, type SettlementAccounts, settlementToJournal } from "./settlement-journal";

const accounts: SettlementAccounts = {
  bank: "1200",
  sales: "1310",
  fees: "6820",
  chargebacks: "6830",
  adjustments: "6840",
  giftCardLiability: "2450",
  rounding: "6850",
  suspense: "1399",
};
const known = new Set(["ch_3Nabc", "re_1", "dp_9"]);
const matchTransaction = (line: SettlementLine) =>
  known.has(line.transactionRef) ? { system: "storefront", type: "order", id: line.transactionRef } : undefined;

const lineSummary = (journal: { lines: Array<{ account: string; debit: Decimal; credit: Decimal; kind: string }> }) =>
  journal.lines.map((l) => `${l.kind}:${l.account}:${l.debit.isZero() ? `Cr ${l.credit}` : `Dr ${l.debit}`}`);

describe("settlementToJournal (S1–S5)", () => {
  it("S1/S5: one summarised line per kind, gift cards to the liability, bank line = deposit, balanced", () => {
    const { journal, exceptions } = settlementToJournal(parseSettlement(settlementInput()), { accounts });
    expect(exceptions).toEqual([]);
    expect(journal).toBeDefined();
    if (!journal) return;
    expect(lineSummary(journal)).toEqual([
      "bank:1200:Dr 149.59",
      "sale:1310:Cr 174.02",
      "refund:1310:Dr 20.00",
      "chargeback:6830:Dr 25.00",
      "fee:6820:Dr 3.90",
      "fee_refund:6820:Cr 0.47",
      "gift_card:2450:Cr 25.00",
      "adjustment:6840:Dr 1.00",
    ]);
    expect(journal.lines[1]?.description).toBe("Sales (2 transactions)");
    expect(journalImbalance(journal).isZero()).toBe(true);
    expect(JournalEntrySchema.safeParse(journal).success).toBe(true);
    expect(journal).toMatchObject({ documentNumber: "po_1OpQ", postingDate: "2026-03-03", currency: "EUR" });
  });

  it("S2: an unmatched sale goes to suspense with an exception naming the transaction; the bank still equals the deposit", () => {
    const { journal, exceptions } = settlementToJournal(parseSettlement(settlementInput()), {
      accounts,
      matchTransaction,
    });
    expect(exceptions).toHaveLength(1);
    expect(exceptions[0]).toMatchObject({
      code: "SETTLEMENT_LINE_UNMATCHED",
      failureId: "S2",
      owner: "finance",
      field: "lines.1.transactionRef",
      records: [
        { type: "payout", id: "po_1OpQ" },
        { type: "transaction", id: "ch_3Ndef" },
      ],
    });
    expect(journal && lineSummary(journal)).toContain("unmatched:1399:Cr 120.00");
    expect(journal?.lines[0]?.debit.toString()).toBe("149.59");
    expect(journal && journalImbalance(journal).isZero()).toBe(true);
  });

  it("S4: a one-cent difference becomes an explicit rounding line; beyond the bound it is an exception and no journal", () => {
    const within = settlementToJournal(parseSettlement(settlementInput({ depositAmount: "149.60" })), { accounts });
    expect(within.exceptions).toEqual([]);
    expect(within.journal && lineSummary(within.journal)).toContain("rounding:6850:Cr 0.01");
    expect(within.journal && journalImbalance(within.journal).isZero()).toBe(true);

    const beyond = settlementToJournal(parseSettlement(settlementInput({ depositAmount: "150.38" })), { accounts });
    expect(beyond.journal).toBeUndefined();
    expect(beyond.exceptions[0]).toMatchObject({ code: "SETTLEMENT_ROUNDING_EXCEEDED", failureId: "S4" });
    expect(beyond.exceptions[0]?.message).toContain("0.79");

    const widened = settlementToJournal(parseSettlement(settlementInput({ depositAmount: "150.38" })), {
      accounts,
      roundingTolerance: "1.00",
    });
    expect(widened.journal && lineSummary(widened.journal)).toContain("rounding:6850:Cr 0.79");
  });

  it("S4: sub-cent fee lines are summed exactly, then rounded once per line with the remainder shown", () => {
    const settlement = parseSettlement(
      settlementInput({
        depositAmount: "9.66",
        lines: [
          { type: "sale", amount: "10.00", transactionRef: "a" },
          { type: "fee", amount: "-0.335", transactionRef: "a" },
        ],
      }),
    );
    const { journal } = settlementToJournal(settlement, { accounts });
    // fees −0.335 round half-even to −0.34 (wait: 0.335 → 0.34), sale 10.00; 10.00 − 0.34 = 9.66 = deposit
    expect(journal && lineSummary(journal)).toEqual(["bank:1200:Dr 9.66", "sale:1310:Cr 10.00", "fee:6820:Dr 0.34"]);
  });

  it("S3: the journal carries the payout currency, JPY without decimals; a negative payout credits the bank", () => {
    const settlement = parseSettlement({
      payoutId: "po_jp",
      provider: "adyen",
      currency: "JPY",
      payoutDate: "2026-03-03",
      depositAmount: "-500",
      lines: [
        { type: "chargeback", amount: "-1500", transactionRef: "cb" },
        { type: "sale", amount: "1000", transactionRef: "s" },
      ],
    });
    const { journal } = settlementToJournal(settlement, {
      accounts,
      documentNumber: "PAY-9",
      postingDate: "2026-03-04",
    });
    expect(journal?.currency).toBe("JPY");
    expect(journal && lineSummary(journal)).toEqual([
      "bank:1200:Cr 500",
      "sale:1310:Cr 1000",
      "chargeback:6830:Dr 1500",
    ]);
    expect(journal).toMatchObject({ documentNumber: "PAY-9", postingDate: "2026-03-04" });
  });

  it("a deposit finer than the currency's minor unit is an exception naming the field; an empty payout makes no journal", () => {
    const bad = settlementToJournal(parseSettlement(settlementInput({ depositAmount: "149.595" })), { accounts });
    expect(bad.journal).toBeUndefined();
    expect(bad.exceptions[0]).toMatchObject({ code: "INVALID_PAYLOAD", field: "depositAmount" });
    const empty = settlementToJournal(parseSettlement(settlementInput({ depositAmount: "0", lines: [] })), {
      accounts,
    });
    expect(empty.journal).toBeUndefined();
    expect(empty.exceptions).toEqual([]);
    expect(empty.warnings[0]?.code).toBe("EMPTY_SETTLEMENT");
  });

  it("S1/S4: property: every journal balances and its bank line equals the deposit", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("JPY", "EUR", "KWD"),
        fc.array(
          fc.record({
            type: fc.constantFrom(...SETTLEMENT_LINE_TYPES),
            minor: fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }),
            extraDigits: fc.integer({ min: 0, max: 2 }),
            matched: fc.boolean(),
          }),
          { maxLength: 40 },
        ),
        fc.integer({ min: -1, max: 1 }),
        (currency, rows, drift) => {
          const scale = minorUnits(currency);
          const lines = rows.map((row, index) => ({
            type: row.type,
            amount: Decimal.fromMinorUnits(row.minor, scale + row.extraDigits),
            transactionRef: `${row.matched ? "m" : "u"}-${index}`,
          }));
          const exact = Decimal.sum(lines.map((l) => l.amount));
          const deposit = exact.round(scale, "half-even").add(Decimal.fromMinorUnits(BigInt(drift), scale));
          const settlement = parseSettlement({
            payoutId: "p",
            provider: "x",
            currency,
            payoutDate: "2026-01-01",
            depositAmount: deposit,
            lines,
          });
          const result = settlementToJournal(settlement, {
            accounts,
            matchTransaction: (line) =>
              line.transactionRef.startsWith("m") ? { system: "s", type: "order", id: "o" } : undefined,
            roundingTolerance: Decimal.fromMinorUnits(BigInt(lines.length + 2), scale),
          });
          if (!result.journal) {
            expect(deposit.isZero() || result.exceptions.length > 0).toBe(true);
            return;
          }
          const { journal } = result;
          expect(journalImbalance(journal).isZero()).toBe(true);
          const bank = journal.lines.find((l) => l.kind === "bank");
          expect(bank?.debit.sub(bank.credit).eq(deposit)).toBe(true);
          for (const line of journal.lines) {
            expect(line.debit.isZero() || line.credit.isZero()).toBe(true);
            expect(line.debit.significantScale).toBeLessThanOrEqual(scale);
            expect(line.credit.significantScale).toBeLessThanOrEqual(scale);
          }
          const unmatched = lines.filter(
            (l) =>
              l.transactionRef.startsWith("u") &&
              ["sale", "refund", "chargeback", "chargeback_reversal"].includes(l.type),
          );
          expect(result.exceptions.filter((e) => e.code === "SETTLEMENT_LINE_UNMATCHED")).toHaveLength(
            unmatched.length,
          );
        },
      ),
    );
  });
});
