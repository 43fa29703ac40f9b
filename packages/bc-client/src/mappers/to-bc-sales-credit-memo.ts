import {
  type CreditMemoPlan,
  createSyncException,
  failed,
  ok,
  type PlannedCreditLine,
  type SyncResult,
} from "@org/core";
import type { SalesCreditMemoCreate, SalesCreditMemoLineCreate } from "../generated/index.js";
import { BC_EXTERNAL_DOCUMENT_NUMBER_LENGTH } from "./to-bc-sales-order.js";

export interface ToBcSalesCreditMemoOptions {
  customerNumber: string;
  localCurrency: string;
}

/**
 * The BC external document number of a refund's credit memo: `{order number}-{refund id}`. It carries the order
 * number for traceability (O5) and is unique per refund, so it is the createOnce key (R5).
 */
export function bcCreditMemoDocumentNumber(plan: Pick<CreditMemoPlan, "orderNumber" | "refundRef">): string {
  return `${plan.orderNumber}-${plan.refundRef.id}`;
}

/**
 * A credit memo plan (from `@org/core`'s `prepareCreditMemo`) as a BC sales credit memo linked to the invoice it
 * corrects (R1): returned goods as item lines with their refunded discount (`discountAmount`), goodwill, shipping
 * and adjustments as G/L lines, and a fee kept back (restocking, adjustment fee) as a G/L line with a negative
 * unit price, so the credit memo totals what was paid back (R2, R3).
 */
export function toBcSalesCreditMemo(
  plan: CreditMemoPlan,
  options: ToBcSalesCreditMemoOptions,
): SyncResult<SalesCreditMemoCreate> {
  const documentNumber = bcCreditMemoDocumentNumber(plan);
  if (documentNumber.length > BC_EXTERNAL_DOCUMENT_NUMBER_LENGTH) {
    return failed([
      createSyncException("FIELD_TOO_LONG", {
        message: `Refund ${plan.refundRef.id}: external document number ${documentNumber} is longer than ${BC_EXTERNAL_DOCUMENT_NUMBER_LENGTH} characters`,
        sourceSystem: plan.refundRef.system,
        targetSystem: "bc",
        records: [plan.refundRef, plan.orderRef],
        field: "source.id",
      }),
    ]);
  }
  return ok({
    customerNumber: options.customerNumber,
    externalDocumentNumber: documentNumber,
    ...(plan.invoiceRef ? { invoiceId: plan.invoiceRef.id } : {}),
    ...(plan.currency === options.localCurrency ? {} : { currencyCode: plan.currency }),
    salesCreditMemoLines: plan.lines.map(toBcCreditLine),
  });
}

function toBcCreditLine(line: PlannedCreditLine): SalesCreditMemoLineCreate {
  const taxCode = line.taxCode ? { taxCode: line.taxCode } : {};
  if (line.kind === "item") {
    return {
      lineType: "Item",
      lineObjectNumber: line.itemNumber,
      unitOfMeasureCode: line.unitOfMeasure,
      description: line.description.slice(0, 100),
      quantity: line.quantity.toString(),
      unitPrice: line.unitPrice.toString(),
      ...(line.discountAmount.isZero() ? {} : { discountAmount: line.discountAmount.toString() }),
      ...taxCode,
    };
  }
  return {
    lineType: "Account",
    lineObjectNumber: line.account,
    description: line.description.slice(0, 100),
    quantity: "1",
    unitPrice: line.amount.toString(),
    ...taxCode,
  };
}
