import { z } from "zod";
import { Decimal } from "../money/decimal";
import { TAX_MODES, TaxLineSchema } from "./order";
import {
  CurrencyCodeSchema,
  DateTimeSchema,
  decimalSchema,
  parseWith,
  RecordRefSchema,
  sourceIdOf,
} from "./schema-helpers";

const nonNegativeAmount = decimalSchema({ nonNegative: true });

/** A refunded line. Amounts are positive: a credit memo credits them. */
export const CreditMemoLineSchema = z.object({
  /** The order line being refunded, when the refund is line-level (R2). */
  orderLineId: z.string().optional(),
  sku: z.string().min(1),
  quantity: decimalSchema({ nonNegative: true }),
  unit: z.string().min(1).default("each"),
  unitPrice: nonNegativeAmount,
  /** Goods come back into stock (R3); otherwise the credit is goodwill only. */
  returnToStock: z.boolean(),
  taxLines: z.array(TaxLineSchema).default([]),
});
export type CreditMemoLine = z.output<typeof CreditMemoLineSchema>;

export const CreditMemoTotalsSchema = z.object({
  /** Sum of line amounts (quantity × unit price). */
  subtotal: nonNegativeAmount,
  shippingRefunded: nonNegativeAmount.default(Decimal.ZERO),
  /** Amount-level refund not tied to a line (goodwill, R3): goes to a G/L account. */
  adjustmentRefunded: nonNegativeAmount.default(Decimal.ZERO),
  taxRefunded: nonNegativeAmount.default(Decimal.ZERO),
  /** What was paid back to the buyer. */
  total: nonNegativeAmount,
});
export type CreditMemoTotals = z.output<typeof CreditMemoTotalsSchema>;

/** A storefront refund in canonical form; becomes one ERP credit memo per refund id (R1, R5). */
export const CreditMemoSchema = z.object({
  /** The storefront refund: its id makes the credit memo idempotent (R5). */
  source: RecordRefSchema,
  /** The order refunded (its number is the external document number, O5). */
  orderRef: RecordRefSchema,
  /** The ERP invoice corrected (R1); absent until known, see the not-invoiced policy (R4). */
  invoiceRef: RecordRefSchema.optional(),
  currency: CurrencyCodeSchema,
  taxMode: z.enum(TAX_MODES),
  lines: z.array(CreditMemoLineSchema).default([]),
  /** Tax on the refunded shipping. */
  shippingTaxLines: z.array(TaxLineSchema).default([]),
  totals: CreditMemoTotalsSchema,
  reason: z.string().optional(),
  /** Gateway transaction id of the refund, for payout matching (S2). */
  transactionId: z.string().optional(),
  createdAt: DateTimeSchema,
});
export type CreditMemo = z.output<typeof CreditMemoSchema>;
export type CreditMemoInput = z.input<typeof CreditMemoSchema>;

/** Validates a credit memo. @throws EntityValidationError naming the refund id and every failing field. */
export function parseCreditMemo(input: unknown): CreditMemo {
  return parseWith(CreditMemoSchema, "CreditMemo", input, sourceIdOf);
}
