import { z } from "zod";
import { CurrencyCodeSchema, DateSchema, decimalSchema, parseWith, RecordRefSchema } from "./schema-helpers";

/**
 * What a payout line is. Amounts are signed by their effect on the deposit: sales, fee refunds and gift card
 * sales add (+), refunds, fees and chargebacks take away (−), adjustments and reversals can be either.
 */
export const SETTLEMENT_LINE_TYPES = [
  "sale",
  "refund",
  "fee",
  "fee_refund",
  "chargeback",
  "chargeback_reversal",
  "adjustment",
  "gift_card",
] as const;
export type SettlementLineType = (typeof SETTLEMENT_LINE_TYPES)[number];

export const SettlementLineSchema = z.object({
  type: z.enum(SETTLEMENT_LINE_TYPES),
  /** Signed effect on the deposit, in the settlement currency. */
  amount: decimalSchema(),
  /** The gateway transaction id, matched to order payments and refunds (S2). */
  transactionRef: z.string().min(1),
  /** The order or refund the line belongs to, when the provider says so. */
  recordRef: RecordRefSchema.optional(),
  description: z.string().optional(),
});
export type SettlementLine = z.output<typeof SettlementLineSchema>;

/** A payment provider's payout: one bank deposit made of many transactions (S1). */
export const SettlementSchema = z.object({
  payoutId: z.string().min(1),
  /** The payment provider, e.g. `stripe`, `adyen`. */
  provider: z.string().min(1),
  /** Currency of the payout and of every line (S3). */
  currency: CurrencyCodeSchema,
  /** Date the money reached the bank. */
  payoutDate: DateSchema,
  periodStart: DateSchema.optional(),
  periodEnd: DateSchema.optional(),
  /** Amount deposited in the bank account; the journal's bank line equals it. */
  depositAmount: decimalSchema(),
  lines: z.array(SettlementLineSchema),
});
export type Settlement = z.output<typeof SettlementSchema>;
export type SettlementInput = z.input<typeof SettlementSchema>;

/** Validates a settlement. @throws EntityValidationError naming the payout id and every failing field. */
export function parseSettlement(input: unknown): Settlement {
  return parseWith(SettlementSchema, "Settlement", input, (raw) => raw.payoutId);
}
