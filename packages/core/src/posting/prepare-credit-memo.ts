import type { CreditMemo } from "../entities/credit-memo";
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
      amount: Decimal;
      taxCode: string;
      description: string;
    }
  | {
      kind: "account";
      purpose: "goodwill" | "shipping" | "adjustment";
      account: string;
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
}

/**
 * Turns a canonical refund into a credit memo plan (R1–R5): linked to the order's invoice (or, by policy, to the
 * order when not invoiced yet; otherwise a retryable exception that waits for the invoice), returned goods as item
 * lines, refunds without goods and adjustments to the configured G/L account, shipping refunds to the shipping
 * account, and totals that reconcile to the refunded amount.
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
    const amount = roundMoney(line.quantity.mul(line.unitPrice), memo.currency, "half-up");
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

  // R2: lines, shipping, adjustments and (exclusive) tax must add up to what was paid back.
  const lineSum = Decimal.sum(memo.lines.map((l) => roundMoney(l.quantity.mul(l.unitPrice), memo.currency, "half-up")));
  if (!lineSum.eq(totals.subtotal)) {
    raise(
      "REFUND_TOTAL_MISMATCH",
      `line amounts add up to ${lineSum} but the refund subtotal is ${totals.subtotal}`,
      "totals.subtotal",
    );
  }
  let expected = totals.subtotal.add(totals.shippingRefunded).add(totals.adjustmentRefunded);
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
  });
}
