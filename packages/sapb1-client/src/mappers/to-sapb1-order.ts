import { Decimal, exceptionCollector, failed, ok, type SalesOrderPlan, type SyncResult } from "@org/core";
import type { DocumentCreate } from "../generated/index.js";
import { toSapB1Number } from "./sapb1-numbers.js";

export interface ToSapB1OrderOptions {
  /** The business partner the order is for (from the plan, or the one created first for a new customer). */
  cardCode: string;
  /** B1 freight (additional expense) code that shipping is booked to (O16). */
  freightExpenseCode: number;
  /** Item code of a non-inventory item posting to the gift card liability, for gift card sales (O10). Default: none. */
  giftCardItemCode?: string;
  /** Where B1 takes the tax code: `TaxCode` (US/CA localisations) or `VatGroup` (VAT localisations). Default: `VatGroup`. */
  taxField?: "TaxCode" | "VatGroup";
}

/**
 * A posting plan (from `@org/core`'s `prepareSalesOrder`) as a B1 sales order (`Orders`). The storefront order
 * number goes into `NumAtCard` (O5, and the createOnce key, O6); shipping is a freight line (O16); lines carry the
 * warehouse (O14) and the net amount so the document reconciles (O9, O17).
 */
export function toSapB1Order(plan: SalesOrderPlan, options: ToSapB1OrderOptions): SyncResult<DocumentCreate> {
  const { exceptions, raise } = exceptionCollector({
    label: `Order ${plan.externalDocumentNumber}`,
    sourceSystem: plan.sourceRef.system,
    targetSystem: "sapb1",
    records: [plan.sourceRef],
  });
  const taxField = options.taxField ?? "VatGroup";
  const number = (value: Decimal, field: string): number => {
    const converted = toSapB1Number(value);
    if (converted === undefined) raise("INVALID_PAYLOAD", `${value} has more digits than B1 can store exactly`, field);
    return converted ?? 0;
  };

  const documentLines: NonNullable<DocumentCreate["DocumentLines"]> = [];
  const expenses: NonNullable<DocumentCreate["DocumentAdditionalExpenses"]> = [];
  plan.lines.forEach((line, index) => {
    const field = `lines.${index}`;
    const tax = line.taxCode ? { [taxField]: line.taxCode } : {};
    if (line.kind === "account" && line.purpose === "shipping") {
      expenses.push({
        ExpenseCode: options.freightExpenseCode,
        LineTotal: number(line.netAmount, `${field}.netAmount`),
        Remarks: line.description,
        ...tax,
      });
      return;
    }
    const itemCode = line.kind === "item" ? line.itemNumber : options.giftCardItemCode;
    if (!itemCode) {
      raise("GIFT_CARD_POLICY_MISSING", "a gift card sale needs a configured gift card item code in B1", field);
      return;
    }
    const discountPercent = line.lineAmount.isZero()
      ? Decimal.ZERO
      : line.discountAmount.mul(100).div(line.lineAmount, 6, "half-even");
    documentLines.push({
      ItemCode: itemCode,
      ItemDescription: line.description.slice(0, 100),
      Quantity: number(line.quantity, `${field}.quantity`),
      UnitPrice: number(line.unitPrice, `${field}.unitPrice`),
      DiscountPercent: number(discountPercent, `${field}.discountAmount`),
      LineTotal: number(line.netAmount, `${field}.netAmount`),
      ...(line.kind === "item" && line.locationCode ? { WarehouseCode: line.locationCode } : {}),
      ...(line.kind === "item" && line.unitOfMeasure ? { UoMCode: line.unitOfMeasure } : {}),
      ...tax,
    });
  });
  if (exceptions.length > 0) return failed(exceptions);
  return ok({
    CardCode: options.cardCode,
    NumAtCard: plan.externalDocumentNumber,
    DocDate: plan.orderDate,
    DocDueDate: plan.orderDate,
    DocCurrency: plan.currency,
    ...(plan.poNumber ? { Comments: `PO ${plan.poNumber}` } : {}),
    DocumentLines: documentLines,
    ...(expenses.length > 0 ? { DocumentAdditionalExpenses: expenses } : {}),
  });
}
