import { z } from "zod";
import { CurrencyCodeSchema, DateSchema, decimalSchema, RecordRefSchema } from "./schema-helpers";

/** One journal line: exactly one of debit and credit is non-zero. */
export const JournalLineSchema = z.object({
  /** G/L account number (or a bank account / balancing account code the ERP mapper resolves). */
  account: z.string().min(1),
  debit: decimalSchema({ nonNegative: true }),
  credit: decimalSchema({ nonNegative: true }),
  description: z.string(),
  /** Why the line exists, e.g. `sale`, `fee`, `bank`, `rounding`: lets reports group lines. */
  kind: z.string().min(1),
  /** How many source transactions the line summarises. */
  transactionCount: z.number().int().nonnegative().default(0),
});
export type JournalLine = z.output<typeof JournalLineSchema>;

/** A balanced journal entry in one currency (S1, S3). */
export const JournalEntrySchema = z.object({
  /** Document number to post under; idempotency key in the ERP (e.g. the payout id). */
  documentNumber: z.string().min(1),
  postingDate: DateSchema,
  currency: CurrencyCodeSchema,
  description: z.string(),
  /** The record the entry was built from (e.g. the payout). */
  sourceRef: RecordRefSchema,
  lines: z.array(JournalLineSchema).min(2),
});
export type JournalEntry = z.output<typeof JournalEntrySchema>;
