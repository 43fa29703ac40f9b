import {
  type CreditMemoPlan,
  createSyncException,
  type Decimal,
  failed,
  ok,
  type SyncException,
  type SyncResult,
} from "@org/core";
import type { DocumentCreate } from "../generated/index.js";
import { toSapB1Number } from "./sapb1-numbers.js";

/** B1's object type of an A/R invoice, used as `BaseType` to copy a credit note from it. */
export const SAPB1_AR_INVOICE_OBJECT_TYPE = 13;

export interface ToSapB1CreditNoteOptions {
  cardCode: string;
  /** The invoice's lines (`LineNum`, `ItemCode`), to base returned goods on them (R1). Default: none (not based). */
  invoiceLines?: ReadonlyArray<{ LineNum: number; ItemCode: string }>;
  /** Freight code for shipping refunds. */
  freightExpenseCode: number;
  /** A non-inventory item posting to the refund adjustments account, for goodwill and adjustments (R3). */
  adjustmentItemCode: string;
  /** Default: `VatGroup`. */
  taxField?: "TaxCode" | "VatGroup";
}

/**
 * A credit memo plan (from `@org/core`'s `prepareCreditMemo`) as a B1 credit note (`CreditNotes`): based on the
 * invoice line by line when the invoice is known (R1), returned goods as item lines (R3), goodwill and
 * adjustments through the configured adjustment item, a fee kept back (restocking, adjustment fee) as a negative
 * line of that item, refunded discounts as the line's `DiscountPercent` with the exact `LineTotal`, shipping as
 * freight (R2). `NumAtCard` is
 * `{order number}-{refund id}`: traceable (O5) and unique per refund (R5).
 */
export function toSapB1CreditNote(plan: CreditMemoPlan, options: ToSapB1CreditNoteOptions): SyncResult<DocumentCreate> {
  const exceptions: SyncException[] = [];
  const taxField = options.taxField ?? "VatGroup";
  const number = (value: Decimal, field: string): number => {
    const converted = toSapB1Number(value);
    if (converted === undefined) {
      exceptions.push(
        createSyncException("INVALID_PAYLOAD", {
          message: `Refund ${plan.refundRef.id}: ${value} has more digits than B1 can store exactly`,
          sourceSystem: plan.refundRef.system,
          targetSystem: "sapb1",
          records: [plan.refundRef, plan.orderRef],
          field,
        }),
      );
    }
    return converted ?? 0;
  };
  const invoiceEntry = plan.invoiceRef ? Number(plan.invoiceRef.id) : undefined;
  const unusedInvoiceLines = [...(options.invoiceLines ?? [])];

  const lines: NonNullable<DocumentCreate["DocumentLines"]> = [];
  const expenses: NonNullable<DocumentCreate["DocumentAdditionalExpenses"]> = [];
  plan.lines.forEach((line, index) => {
    const field = `lines.${index}`;
    const tax = line.taxCode ? { [taxField]: line.taxCode } : {};
    if (line.kind === "item") {
      const baseIndex = unusedInvoiceLines.findIndex((l) => l.ItemCode === line.itemNumber);
      const base = baseIndex >= 0 ? unusedInvoiceLines.splice(baseIndex, 1)[0] : undefined;
      const gross = line.amount.add(line.discountAmount);
      const discount = line.discountAmount.isZero()
        ? {}
        : {
            DiscountPercent: number(line.discountAmount.mul(100).div(gross, 6, "half-even"), `${field}.discountAmount`),
            LineTotal: number(line.amount, `${field}.amount`),
          };
      lines.push({
        ItemCode: line.itemNumber,
        Quantity: number(line.quantity, `${field}.quantity`),
        UnitPrice: number(line.unitPrice, `${field}.unitPrice`),
        ...discount,
        ...(base && invoiceEntry !== undefined && Number.isInteger(invoiceEntry)
          ? { BaseType: SAPB1_AR_INVOICE_OBJECT_TYPE, BaseEntry: invoiceEntry, BaseLine: base.LineNum }
          : {}),
        ...tax,
      });
      return;
    }
    if (line.purpose === "shipping") {
      expenses.push({
        ExpenseCode: options.freightExpenseCode,
        LineTotal: number(line.amount, `${field}.amount`),
        ...tax,
      });
      return;
    }
    lines.push({
      ItemCode: options.adjustmentItemCode,
      ItemDescription: line.description.slice(0, 100),
      Quantity: 1,
      UnitPrice: number(line.amount, `${field}.amount`),
      ...tax,
    });
  });
  if (exceptions.length > 0) return failed(exceptions);
  return ok({
    CardCode: options.cardCode,
    NumAtCard: `${plan.orderNumber}-${plan.refundRef.id}`,
    DocCurrency: plan.currency,
    DocumentLines: lines,
    ...(expenses.length > 0 ? { DocumentAdditionalExpenses: expenses } : {}),
  });
}
