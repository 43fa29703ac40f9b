import type { JournalEntry } from "@org/core";
import type { JournalLineCreate } from "../generated/index.js";

export interface ToBcJournalLinesOptions {
  /** Accounts that are BC bank accounts rather than G/L accounts (e.g. the payout's bank). Default: none. */
  bankAccounts?: readonly string[];
}

/**
 * A balanced journal entry (from `@org/core`'s `settlementToJournal`) as BC general journal lines: debit positive,
 * credit negative, one document number (the payout id, also the external document number) so the entry posts and
 * is found again as one (S1, O5). The lines sum to zero, as the journal does.
 */
export function toBcJournalLines(journal: JournalEntry, options: ToBcJournalLinesOptions = {}): JournalLineCreate[] {
  const bankAccounts = new Set(options.bankAccounts ?? []);
  return journal.lines.map((line, index) => ({
    lineNumber: (index + 1) * 10_000,
    accountType: bankAccounts.has(line.account) ? "Bank_x0020_Account" : "G_x002F_L_x0020_Account",
    accountNumber: line.account,
    postingDate: journal.postingDate,
    documentNumber: journal.documentNumber.slice(0, 20),
    externalDocumentNumber: journal.sourceRef.id.slice(0, 35),
    amount: line.debit.sub(line.credit).toString(),
    description: line.description.slice(0, 100),
  }));
}
