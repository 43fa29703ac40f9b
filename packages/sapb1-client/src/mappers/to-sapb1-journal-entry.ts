import { createSyncException, failed, type JournalEntry, ok, type SyncResult } from "@org/core";
import type { JournalEntryCreate } from "../generated/index.js";
import { toSapB1Number } from "./sapb1-numbers.js";

export interface ToSapB1JournalEntryOptions {
  /** The company's local currency; other currencies post as foreign-currency amounts (S3). */
  localCurrency: string;
}

/**
 * A balanced journal entry (from `@org/core`'s `settlementToJournal`) as a B1 journal entry: one line per journal
 * line, debit and credit as given, in the payout currency (foreign-currency columns when it is not the local one,
 * S3), the payout id as the reference so the entry is found again (S1, O5).
 */
export function toSapB1JournalEntry(
  journal: JournalEntry,
  options: ToSapB1JournalEntryOptions,
): SyncResult<JournalEntryCreate> {
  const foreign = journal.currency !== options.localCurrency;
  const lines: NonNullable<JournalEntryCreate["JournalEntryLines"]> = [];
  for (const [index, line] of journal.lines.entries()) {
    const debit = toSapB1Number(line.debit);
    const credit = toSapB1Number(line.credit);
    if (debit === undefined || credit === undefined) {
      return failed([
        createSyncException("INVALID_PAYLOAD", {
          message: `Journal ${journal.documentNumber}: line ${index + 1} has more digits than B1 can store exactly`,
          sourceSystem: journal.sourceRef.system,
          targetSystem: "sapb1",
          records: [journal.sourceRef],
          field: `lines.${index}`,
        }),
      ]);
    }
    lines.push({
      AccountCode: line.account,
      ...(foreign
        ? { FCCurrency: journal.currency, FCDebit: debit, FCCredit: credit }
        : { Debit: debit, Credit: credit }),
      LineMemo: line.description.slice(0, 50),
    });
  }
  return ok({
    ReferenceDate: journal.postingDate,
    TaxDate: journal.postingDate,
    Memo: journal.description.slice(0, 50),
    Reference: journal.documentNumber.slice(0, 100),
    JournalEntryLines: lines,
  });
}
