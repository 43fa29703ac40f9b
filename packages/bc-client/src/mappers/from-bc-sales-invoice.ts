import { type CurrencyCode, type Decimal, isCurrencyCode, type RecordRef, type SyncResult, skipped } from "@org/core";
import type { SalesInvoice } from "../generated/index.js";
import { bcEnum, keyOf, mapSafely, optionalDecimal, optionalText, PayloadError, record } from "./from-bc-read.js";

/** What the post-posting total check (O17, `compareDocumentTotal`) needs from a BC sales invoice. */
export interface BcSalesInvoiceTotal {
  /** The invoice: `id`, with `number` as the human-facing number. */
  documentRef: RecordRef;
  /** The storefront order number carried on the invoice (O5). */
  externalDocumentNumber: string;
  /** Document currency (ISO 4217); blank `currencyCode` is the local currency. */
  currency: CurrencyCode;
  /** `totalAmountIncludingTax`, exactly. */
  totalAmountIncludingTax: Decimal;
  /** BC's status, decoded (`Draft`, `In Review`, `Open`, `Paid`, `Corrective`). */
  status: string;
}

export interface FromBcSalesInvoiceConfig {
  /** ISO 4217 code of the company's local currency, for invoices with a blank `currencyCode`. Required. */
  localCurrency: string;
  /** System slug in records and exceptions. Default: `bc`. */
  system?: string;
}

/**
 * A BC sales invoice (`GET /salesInvoices({id})`, API v2.0) as the total to compare with the storefront's grand
 * total after posting (O17): pass the result to `compareDocumentTotal` from `@org/core`. Cancelled invoices are
 * `skipped`. Never throws on bad data: `INVALID_PAYLOAD` exceptions name the invoice and the field.
 */
export function fromBcSalesInvoice(
  invoice: Partial<SalesInvoice>,
  config: FromBcSalesInvoiceConfig,
): SyncResult<BcSalesInvoiceTotal> {
  const system = config.system ?? "bc";
  const raw = invoice as { id?: unknown; number?: unknown; status?: unknown } | null;
  const number = typeof raw?.number === "string" && raw.number.trim() ? raw.number.trim().slice(0, 50) : undefined;
  const documentRef = { system, type: "salesInvoice", id: keyOf(raw?.id), ...(number ? { number } : {}) };
  const label = `Invoice ${number ?? documentRef.id}`;
  if (raw?.status === "Canceled") return skipped(`${label} is cancelled`);
  return mapSafely(documentRef, label, () => {
    const row = record(invoice, "invoice");
    if (!optionalText(row.id, "id")) throw new PayloadError("id", "is required");
    const externalDocumentNumber = optionalText(row.externalDocumentNumber, "externalDocumentNumber");
    if (!externalDocumentNumber) throw new PayloadError("externalDocumentNumber", "is required to find the order");
    const total = optionalDecimal(row.totalAmountIncludingTax, "totalAmountIncludingTax");
    if (!total) throw new PayloadError("totalAmountIncludingTax", "is required");
    const currency = optionalText(row.currencyCode, "currencyCode") ?? config.localCurrency;
    if (!isCurrencyCode(currency)) throw new PayloadError("currencyCode", "is not an ISO 4217 code");
    return {
      documentRef,
      externalDocumentNumber,
      currency,
      totalAmountIncludingTax: total,
      status: bcEnum(row.status, "status") ?? "",
    };
  });
}
