import type { JournalEntry, JournalLine } from "../entities/journal";
import type { RecordRef } from "../entities/schema-helpers";
import type { Settlement, SettlementLine, SettlementLineType } from "../entities/settlement";
import { createSyncException, type SyncException, type SyncWarning } from "../entities/sync-exception";
import { minorUnits, parseMoney } from "../money/currency";
import { Decimal, type DecimalInput } from "../money/decimal";

/** G/L accounts a payout is booked to. Optional ones fall back to the account named in their description. */
export interface SettlementAccounts {
  /** The bank account the deposit reaches. */
  bank: string;
  /** Payment clearing / receivable account the orders' payments were booked to. */
  sales: string;
  /** Default: `sales`. */
  refunds?: string;
  /** Payment provider fees (expense). */
  fees: string;
  /** Default: `fees`. */
  feeRefunds?: string;
  chargebacks: string;
  /** Default: `chargebacks`. */
  chargebackReversals?: string;
  adjustments: string;
  /** Gift card sales and redemptions are a liability, never revenue (S5, O10). */
  giftCardLiability: string;
  /** Small rounding differences (S4). */
  rounding: string;
  /** Lines that match no order or refund wait here for finance (S2), so the bank line still equals the deposit. */
  suspense: string;
}

export interface SettlementJournalOptions {
  accounts: SettlementAccounts;
  /**
   * Finds the order or refund a payout line belongs to by its transaction id (S2). When given, sale, refund,
   * chargeback and chargeback-reversal lines that match nothing go to suspense and are reported.
   */
  matchTransaction?: (line: SettlementLine) => RecordRef | undefined;
  /** Largest difference between the deposit and the lines booked to the rounding account. Default: one minor unit. */
  roundingTolerance?: DecimalInput;
  /** System slug of the payment provider data, for exceptions. Default: the settlement's `provider`. */
  sourceSystem?: string;
  /** Default: the settlement's `payoutId`. */
  documentNumber?: string;
  /** Default: the settlement's `payoutDate`. */
  postingDate?: string;
}

export interface SettlementJournalResult {
  /** The balanced journal; absent when the payout cannot be booked (see `exceptions`) or is empty. */
  journal: JournalEntry | undefined;
  /** Unmatched lines (booked to suspense), rounding beyond the bound, invalid amounts. */
  exceptions: SyncException[];
  warnings: SyncWarning[];
}

const TYPE_ORDER: readonly SettlementLineType[] = [
  "sale",
  "refund",
  "chargeback",
  "chargeback_reversal",
  "fee",
  "fee_refund",
  "gift_card",
  "adjustment",
];
const LABELS: Record<SettlementLineType | "unmatched", string> = {
  sale: "Sales",
  refund: "Refunds",
  chargeback: "Chargebacks",
  chargeback_reversal: "Chargeback reversals",
  fee: "Fees",
  fee_refund: "Fee refunds",
  gift_card: "Gift cards",
  adjustment: "Adjustments",
  unmatched: "Unmatched transactions",
};
const MUST_MATCH = new Set<SettlementLineType>(["sale", "refund", "chargeback", "chargeback_reversal"]);

/**
 * Turns a payout into one summarised, balanced journal entry (S1): one line per kind of transaction, a bank line
 * equal to the deposit, gift cards to the liability account (S5), unmatched lines to suspense with an exception
 * each (S2), and an explicit rounding line only when the difference is within the bound (S4). The journal
 * carries the payout currency; nothing is converted (S3).
 */
export function settlementToJournal(
  settlement: Settlement,
  options: SettlementJournalOptions,
): SettlementJournalResult {
  const { accounts } = options;
  const currency = settlement.currency;
  const scale = minorUnits(currency);
  const sourceSystem = options.sourceSystem ?? settlement.provider;
  const payoutRef: RecordRef = { system: sourceSystem, type: "payout", id: settlement.payoutId };
  const exceptions: SyncException[] = [];
  const warnings: SyncWarning[] = [];

  let deposit: Decimal;
  try {
    deposit = parseMoney(settlement.depositAmount, currency, { field: "depositAmount" });
  } catch (error) {
    exceptions.push(
      createSyncException("INVALID_PAYLOAD", {
        message: `Payout ${settlement.payoutId}: ${(error as Error).message}`,
        sourceSystem,
        records: [payoutRef],
        field: "depositAmount",
        owner: "finance",
      }),
    );
    return { journal: undefined, exceptions, warnings };
  }

  // Sum signed amounts per journal group; a group is a line type, or "unmatched" for suspense.
  const groups = new Map<SettlementLineType | "unmatched", { sum: Decimal; count: number }>();
  settlement.lines.forEach((line, index) => {
    let group: SettlementLineType | "unmatched" = line.type;
    if (options.matchTransaction && MUST_MATCH.has(line.type) && !options.matchTransaction(line)) {
      group = "unmatched";
      exceptions.push(
        createSyncException("SETTLEMENT_LINE_UNMATCHED", {
          message: `Payout ${settlement.payoutId}: ${line.type} ${line.transactionRef} (${line.amount} ${currency}) matches no order or refund; booked to suspense account ${accounts.suspense}`,
          sourceSystem,
          records: [payoutRef, { system: sourceSystem, type: "transaction", id: line.transactionRef }],
          field: `lines.${index}.transactionRef`,
          details: { type: line.type, amount: line.amount.toString(), currency },
        }),
      );
    }
    const current = groups.get(group) ?? { sum: Decimal.ZERO, count: 0 };
    groups.set(group, { sum: current.sum.add(line.amount), count: current.count + 1 });
  });

  const lines: JournalLine[] = [];
  let booked = Decimal.ZERO;
  for (const group of [...TYPE_ORDER, "unmatched"] as const) {
    const entry = groups.get(group);
    if (!entry) continue;
    const amount = entry.sum.round(scale, "half-even");
    booked = booked.add(amount);
    if (amount.isZero()) continue;
    lines.push(
      signedLine(
        accountFor(group, accounts),
        amount,
        `${LABELS[group]} (${entry.count} transaction${entry.count === 1 ? "" : "s"})`,
        group,
        entry.count,
      ),
    );
  }

  const difference = deposit.sub(booked);
  if (!difference.isZero()) {
    const tolerance = Decimal.from(
      options.roundingTolerance ?? Decimal.fromMinorUnits(1n, scale),
      "roundingTolerance",
    ).abs();
    if (difference.abs().gt(tolerance)) {
      exceptions.push(
        createSyncException("SETTLEMENT_ROUNDING_EXCEEDED", {
          message: `Payout ${settlement.payoutId}: deposit ${deposit} ${currency} differs from its lines (${booked} ${currency}) by ${difference}, beyond the rounding bound ${tolerance}`,
          sourceSystem,
          records: [payoutRef],
          field: "depositAmount",
          details: {
            deposit: deposit.toString(),
            lines: booked.toString(),
            difference: difference.toString(),
            currency,
          },
        }),
      );
      return { journal: undefined, exceptions, warnings };
    }
    lines.push(signedLine(accounts.rounding, difference, "Rounding", "rounding", 0));
  }

  if (deposit.isZero() && lines.length === 0) {
    warnings.push({ code: "EMPTY_SETTLEMENT", message: `Payout ${settlement.payoutId} moves no money: no journal` });
    return { journal: undefined, exceptions, warnings };
  }
  // The bank receives the deposit: a debit (or a credit, when the payout is a net withdrawal).
  const bankLine: JournalLine = {
    account: accounts.bank,
    debit: deposit.isNegative() ? Decimal.ZERO : deposit,
    credit: deposit.isNegative() ? deposit.neg() : Decimal.ZERO,
    description: `Payout ${settlement.payoutId} from ${settlement.provider}`,
    kind: "bank",
    transactionCount: settlement.lines.length,
  };
  const journal: JournalEntry = {
    documentNumber: options.documentNumber ?? settlement.payoutId,
    postingDate: options.postingDate ?? settlement.payoutDate,
    currency,
    description: `${settlement.provider} payout ${settlement.payoutId}`,
    sourceRef: payoutRef,
    lines: [bankLine, ...lines],
  };
  return { journal, exceptions, warnings };
}

/** Money into the deposit is credited to its source account; money out of it is debited. */
function signedLine(account: string, amount: Decimal, description: string, kind: string, count: number): JournalLine {
  return {
    account,
    debit: amount.isNegative() ? amount.neg() : Decimal.ZERO,
    credit: amount.isNegative() ? Decimal.ZERO : amount,
    description,
    kind,
    transactionCount: count,
  };
}

function accountFor(group: SettlementLineType | "unmatched", accounts: SettlementAccounts): string {
  switch (group) {
    case "sale":
      return accounts.sales;
    case "refund":
      return accounts.refunds ?? accounts.sales;
    case "fee":
      return accounts.fees;
    case "fee_refund":
      return accounts.feeRefunds ?? accounts.fees;
    case "chargeback":
      return accounts.chargebacks;
    case "chargeback_reversal":
      return accounts.chargebackReversals ?? accounts.chargebacks;
    case "adjustment":
      return accounts.adjustments;
    case "gift_card":
      return accounts.giftCardLiability;
    case "unmatched":
      return accounts.suspense;
  }
}

/** Sum of debits minus sum of credits: zero for a balanced journal. */
export function journalImbalance(journal: Pick<JournalEntry, "lines">): Decimal {
  return Decimal.sum(journal.lines.map((line) => line.debit.sub(line.credit)));
}
