import type { CreditMemo, RefundPayment } from "../entities/credit-memo";
import type { Item } from "../entities/item";
import type { RecordRef } from "../entities/schema-helpers";
import {
  createSyncException,
  failed,
  ok,
  type SyncException,
  type SyncExceptionCode,
  type SyncResult,
} from "../entities/sync-exception";
import { roundMoney } from "../money/currency";
import { Decimal } from "../money/decimal";
import type { PostingConfig } from "./posting-config";
import { describeTax, resolveTaxCode } from "./tax-codes";

export interface CreditMemoLookups {
  itemBySku(sku: string): Item | undefined;
  /** The ERP invoice of the refunded order, when it exists (R1, R4). */
  invoiceForOrder?(orderRef: RecordRef): RecordRef | undefined;
}

/** A credit memo line: goods back into stock (an item line) or money back without goods (a G/L line) (R3). */
export type PlannedCreditLine =
  | {
      kind: "item";
      sku: string;
      itemNumber: string;
      unitOfMeasure: string;
      quantity: Decimal;
      unitPrice: Decimal;
      /** The refunded line's discount (R2): quantity × unit price − discount is credited. */
      discountAmount: Decimal;
      /** What the line credits: quantity × unit price (rounded to the currency) − discount. */
      amount: Decimal;
      taxCode: string;
      description: string;
    }
  | {
      kind: "account";
      /**
       * `goodwill`: a refunded line without returned goods (its discount already taken off `amount`);
       * `adjustment`: an amount-level refund; `fee`: an amount kept back (restocking or adjustment fee), whose
       * `amount` is negative (R2, R3).
       */
      purpose: "goodwill" | "shipping" | "adjustment" | "fee";
      account: string;
      /** What the line credits; negative for a `fee`. */
      amount: Decimal;
      taxCode: string;
      description: string;
    };

export interface CreditMemoPlan {
  /** The storefront refund; one ERP credit memo per refund id (R5). */
  refundRef: RecordRef;
  orderRef: RecordRef;
  /** The storefront order number, for the credit memo's external document field (O5). */
  orderNumber: string;
  /** The invoice the credit memo corrects (R1); absent when crediting against the order (R4 policy). */
  invoiceRef: RecordRef | undefined;
  currency: string;
  taxMode: CreditMemo["taxMode"];
  lines: PlannedCreditLine[];
  /** The refunded amount the posted credit memo must total (R2, O17). */
  expectedTotal: Decimal;
  expectedTaxTotal: Decimal;
  /** How the refund was paid back (card, store credit, gift card…), as the refund says (S2). */
  refundPayments: RefundPayment[];
  /** Provider transaction ids of the refund, for payout matching (S2): every refund payment's, else `transactionId`. */
  paymentTransactionIds: string[];
}

/**
 * Turns a canonical refund into a credit memo plan (R1–R5): linked to the order's invoice (or, by policy, to the
 * order when not invoiced yet; otherwise a retryable exception that waits for the invoice), returned goods as item
 * lines, refunds without goods and adjustments to the configured G/L account, shipping refunds to the shipping
 * account, fees kept back (restocking, adjustment fee) as a negative line to `accounts.refundFees`, line discounts
 * taken off the lines, and totals (and the refund payments, when given) that reconcile to the refunded amount.
 */
export function prepareCreditMemo(
  memo: CreditMemo,
  config: PostingConfig,
  lookups: CreditMemoLookups,
): SyncResult<CreditMemoPlan> {
  const ref = memo.source;
  const label = `Refund ${ref.id} of order ${memo.orderRef.number ?? memo.orderRef.id}`;
  const exceptions: SyncException[] = [];
  const raise = (code: SyncExceptionCode, message: string, field?: string, details?: Record<string, unknown>) => {
    exceptions.push(
      createSyncException(code, {
        message: `${label}: ${message}`,
        sourceSystem: ref.system,
        targetSystem: config.targetSystem,
        records: [ref, memo.orderRef],
        ...(field ? { field } : {}),
        ...(details ? { details } : {}),
      }),
    );
  };

  const invoiceRef = memo.invoiceRef ?? lookups.invoiceForOrder?.(memo.orderRef);
  if (!invoiceRef && (config.refundBeforeInvoice ?? "wait") === "wait") {
    raise("ORDER_NOT_INVOICED", "the order has no ERP invoice yet; the credit memo waits for it", "invoiceRef");
  }

  const taxCodeFor = (taxLines: CreditMemo["lines"][number]["taxLines"], field: string): string => {
    const code = resolveTaxCode(taxLines, config.taxMappings, config.taxExemptCode);
    if (code === undefined) raise("TAX_MAPPING_MISSING", `no ERP tax code for ${describeTax(taxLines)}`, field);
    return code ?? "";
  };

  const lines: PlannedCreditLine[] = [];
  memo.lines.forEach((line, index) => {
    const field = `lines.${index}`;
    const gross = roundMoney(line.quantity.mul(line.unitPrice), memo.currency, "half-up");
    if (line.discountAmount.gt(gross)) {
      raise(
        "REFUND_TOTAL_MISMATCH",
        `line ${index + 1} (${line.sku}) has a discount of ${line.discountAmount}, more than its amount ${gross}`,
        `${field}.discountAmount`,
      );
    }
    const amount = gross.sub(line.discountAmount);
    const taxCode = taxCodeFor(line.taxLines, `${field}.taxLines`);
    if (!line.returnToStock) {
      lines.push({
        kind: "account",
        purpose: "goodwill",
        account: config.accounts.refundAdjustments,
        amount,
        taxCode,
        description: `Refund without return: ${line.sku}`,
      });
      return;
    }
    const item = lookups.itemBySku(line.sku);
    if (!item) {
      raise("ITEM_NOT_FOUND", `returned SKU ${line.sku} has no ERP item`, `${field}.sku`, { sku: line.sku });
      return;
    }
    const unitOfMeasure = line.unit.toLowerCase() === "each" ? item.baseUnit : line.unit.toUpperCase();
    lines.push({
      kind: "item",
      sku: line.sku,
      itemNumber: item.erpNumber,
      unitOfMeasure,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      discountAmount: line.discountAmount,
      amount,
      taxCode,
      description: item.description,
    });
  });
  const { totals } = memo;
  if (!totals.shippingRefunded.isZero()) {
    const taxCode = taxCodeFor(memo.shippingTaxLines, "shippingTaxLines");
    lines.push({
      kind: "account",
      purpose: "shipping",
      account: config.accounts.shipping,
      amount: totals.shippingRefunded,
      taxCode,
      description: "Shipping refund",
    });
  }
  if (!totals.adjustmentRefunded.isZero()) {
    lines.push({
      kind: "account",
      purpose: "adjustment",
      account: config.accounts.refundAdjustments,
      amount: totals.adjustmentRefunded,
      taxCode: config.taxExemptCode ?? "",
      description: "Refund adjustment",
    });
  }
  if (!totals.adjustmentFee.isZero()) {
    lines.push({
      kind: "account",
      purpose: "fee",
      account: config.accounts.refundFees ?? config.accounts.refundAdjustments,
      amount: totals.adjustmentFee.neg(),
      taxCode: config.taxExemptCode ?? "",
      description: "Restocking / adjustment fee",
    });
  }

  // R2: lines, shipping, adjustments and (exclusive) tax must add up to what was paid back.
  const lineSum = Decimal.sum(memo.lines.map((l) => roundMoney(l.quantity.mul(l.unitPrice), memo.currency, "half-up")));
  if (!lineSum.eq(totals.subtotal)) {
    raise(
      "REFUND_TOTAL_MISMATCH",
      `line amounts add up to ${lineSum} but the refund subtotal is ${totals.subtotal}`,
      "totals.subtotal",
    );
  }
  const discountSum = Decimal.sum(memo.lines.map((l) => l.discountAmount));
  if (!discountSum.eq(totals.discountTotal)) {
    raise(
      "REFUND_TOTAL_MISMATCH",
      `line discounts add up to ${discountSum} but the refund's discount total is ${totals.discountTotal}`,
      "totals.discountTotal",
    );
  }
  let expected = totals.subtotal
    .sub(totals.discountTotal)
    .add(totals.shippingRefunded)
    .add(totals.adjustmentRefunded)
    .sub(totals.adjustmentFee);
  if (memo.taxMode === "exclusive") expected = expected.add(totals.taxRefunded);
  if (!expected.eq(totals.total)) {
    raise(
      "REFUND_TOTAL_MISMATCH",
      `parts add up to ${expected} ${memo.currency} but ${totals.total} ${memo.currency} was refunded`,
      "totals.total",
      {
        expected: expected.toString(),
        actual: totals.total.toString(),
      },
    );
  }
  if (memo.refundPayments.length > 0) {
    const paid = Decimal.sum(memo.refundPayments.map((p) => p.amount));
    if (!paid.eq(totals.total)) {
      raise(
        "REFUND_TOTAL_MISMATCH",
        `refund payments add up to ${paid} ${memo.currency} but ${totals.total} ${memo.currency} was refunded`,
        "refundPayments",
        { expected: totals.total.toString(), actual: paid.toString() },
      );
    }
  }
  if (lines.length === 0) raise("REFUND_TOTAL_MISMATCH", "refunds nothing: no lines, shipping or adjustment", "lines");

  if (exceptions.length > 0) return failed(exceptions);
  return ok({
    refundRef: ref,
    orderRef: memo.orderRef,
    orderNumber: memo.orderRef.number ?? memo.orderRef.id,
    invoiceRef,
    currency: memo.currency,
    taxMode: memo.taxMode,
    lines,
    expectedTotal: totals.total,
    expectedTaxTotal: totals.taxRefunded,
    refundPayments: memo.refundPayments,
    paymentTransactionIds:
      memo.refundPayments.length > 0
        ? memo.refundPayments.flatMap((p) => (p.transactionId ? [p.transactionId] : []))
        : memo.transactionId
          ? [memo.transactionId]
          : [],
  });
}
