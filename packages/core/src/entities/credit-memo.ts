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
  /**
   * The part of quantity × unit price not refunded because the line was sold at a discount (R2): the line credits
   * quantity × unit price − discount. Default: 0.
   */
  discountAmount: nonNegativeAmount.default(Decimal.ZERO),
  /** Goods come back into stock (R3); otherwise the credit is goodwill only. */
  returnToStock: z.boolean(),
  taxLines: z.array(TaxLineSchema).default([]),
});
export type CreditMemoLine = z.output<typeof CreditMemoLineSchema>;

export const CreditMemoTotalsSchema = z.object({
  /** Sum of line amounts (quantity × unit price), before line discounts. */
  subtotal: nonNegativeAmount,
  /** Sum of the lines' `discountAmount` (R2). Default: 0. */
  discountTotal: nonNegativeAmount.default(Decimal.ZERO),
  shippingRefunded: nonNegativeAmount.default(Decimal.ZERO),
  /** Amount-level refund not tied to a line (goodwill, an adjustment refund, R3): goes to a G/L account. */
  adjustmentRefunded: nonNegativeAmount.default(Decimal.ZERO),
  /**
   * Amount kept back from the refund: a restocking fee, an adjustment fee (Magento's `adjustment_negative`). The
   * credit memo carries it as a negative G/L line (R2, R3). Default: 0.
   */
  adjustmentFee: nonNegativeAmount.default(Decimal.ZERO),
  taxRefunded: nonNegativeAmount.default(Decimal.ZERO),
  /**
   * What was paid back to the buyer: subtotal − discountTotal + shippingRefunded + adjustmentRefunded −
   * adjustmentFee (+ taxRefunded when exclusive), across every refund payment.
   */
  total: nonNegativeAmount,
});
export type CreditMemoTotals = z.output<typeof CreditMemoTotalsSchema>;

/** How a refund was paid back. */
export const REFUND_PAYMENT_KINDS = ["original_payment", "store_credit", "gift_card", "cash", "other"] as const;
export type RefundPaymentKind = (typeof REFUND_PAYMENT_KINDS)[number];

/**
 * One way the buyer was paid back: to the card (with the payment provider's transaction id, which the payout's
 * refund line carries, S2), to store credit or a gift card (a liability, not cash, O10/S5), offline. A refund may
 * be split across several.
 */
export const RefundPaymentSchema = z.object({
  kind: z.enum(REFUND_PAYMENT_KINDS).default("original_payment"),
  /** The payment provider or method as the storefront names it (e.g. `stripe`, `braintree`, `storecredit`). */
  gateway: z.string().min(1).optional(),
  /** The provider's transaction id of the refund, for payout matching (S2). Absent for offline refunds. */
  transactionId: z.string().min(1).optional(),
  /** The storefront's own id of the refund payment, when it differs from the provider's. */
  storefrontTransactionId: z.string().min(1).optional(),
  amount: nonNegativeAmount,
});
export type RefundPayment = z.output<typeof RefundPaymentSchema>;
export type RefundPaymentInput = z.input<typeof RefundPaymentSchema>;

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
  /**
   * Gateway transaction id of the refund, for payout matching (S2): the first provider transaction id of
   * `refundPayments` when those are given. Kept for single-payment refunds; prefer `refundPayments`.
   */
  transactionId: z.string().optional(),
  /**
   * How the refund was paid back, when known: one entry per payment (card, store credit, gift card…); their
   * amounts add up to `totals.total` (R2). Default: none (only `transactionId`, if any).
   */
  refundPayments: z.array(RefundPaymentSchema).default([]),
  createdAt: DateTimeSchema,
});
export type CreditMemo = z.output<typeof CreditMemoSchema>;
export type CreditMemoInput = z.input<typeof CreditMemoSchema>;

/** Validates a credit memo. @throws EntityValidationError naming the refund id and every failing field. */
export function parseCreditMemo(input: unknown): CreditMemo {
  return parseWith(CreditMemoSchema, "CreditMemo", input, sourceIdOf);
}
