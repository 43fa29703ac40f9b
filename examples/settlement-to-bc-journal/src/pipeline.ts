import {
  type JournalEntry,
  parseSettlement,
  type SettlementAccounts,
  type SettlementInput,
  type SyncException,
  settlementToJournal,
} from "@org/core";

/** The G/L accounts of the sample company (Business Central's CRONUS chart of accounts numbering). */
export const accounts: SettlementAccounts = {
  bank: "2910",
  sales: "2320",
  fees: "8640",
  chargebacks: "8650",
  adjustments: "8660",
  giftCardLiability: "5790",
  rounding: "9370",
  suspense: "2399",
};

export interface PayoutJournalRun {
  journal: JournalEntry | undefined;
  exceptions: SyncException[];
}

/** Payout → journal: validate the payout, join its lines to known transactions, build the balanced journal. */
export function journalForPayout(
  payout: SettlementInput,
  knownTransactions: ReadonlyMap<string, string>,
): PayoutJournalRun {
  const settlement = parseSettlement(payout);
  const { journal, exceptions } = settlementToJournal(settlement, {
    accounts,
    matchTransaction: (line) => {
      const orderNumber = knownTransactions.get(line.transactionRef);
      return orderNumber ? { system: "storefront", type: "order", id: orderNumber } : undefined;
    },
  });
  return { journal, exceptions };
}
