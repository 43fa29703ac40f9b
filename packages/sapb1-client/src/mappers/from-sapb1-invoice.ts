import { type CurrencyCode, type Decimal, isCurrencyCode, type RecordRef, type SyncResult, skipped } from "@org/core";
import type { Document } from "../generated/index.js";
import {
  keyOf,
  mapSafely,
  optionalDecimal,
  optionalInteger,
  optionalText,
  own,
  PayloadError,
  record,
  yesNo,
} from "./from-sapb1-read.js";

/** What the post-posting total check (O17, `compareDocumentTotal`) needs from a B1 A/R invoice. */
export interface SapB1InvoiceTotal {
  /** The invoice: `DocEntry`, with `DocNum` as the human-facing number. */
  documentRef: RecordRef;
  /** `NumAtCard`: the storefront order number carried on the invoice (O5). */
  externalDocumentNumber: string;
  /** Document currency (`DocCurrency`, mapped to ISO 4217 through `config.currencies`). */
  currency: CurrencyCode;
  /** The total in the document currency, exactly: `DocTotalFc` for foreign-currency invoices, else `DocTotal`. */
  totalAmountIncludingTax: Decimal;
}

export interface FromSapB1InvoiceConfig {
  /** System slug in records and exceptions. Default: `sapb1`. */
  system?: string;
  /** B1 currency code → ISO 4217 code (`$` → `USD` in the US demo company). Default: none (codes kept). */
  currencies?: Readonly<Record<string, string>>;
}

/**
 * A B1 A/R invoice (`GET /Invoices(DocEntry)`) as the total to compare with the storefront's grand total after
 * posting (O17): pass the result to `compareDocumentTotal` from `@org/core`. B1 keeps `DocTotal` in the local
 * currency and the document-currency total in `DocTotalFc` (0 for local-currency invoices), so a foreign-currency
 * invoice is compared in its own currency. Cancelled invoices and cancellation documents are `skipped`.
 * Never throws on bad data: `INVALID_PAYLOAD` exceptions name the invoice and the field.
 */
export function fromSapB1Invoice(
  document: Partial<Document>,
  config: FromSapB1InvoiceConfig = {},
): SyncResult<SapB1InvoiceTotal> {
  const system = config.system ?? "sapb1";
  const raw = document as Record<string, unknown> | null;
  const docNum = Number.isSafeInteger(raw?.DocNum) ? String(raw?.DocNum) : undefined;
  const documentRef = { system, type: "invoice", id: keyOf(raw?.DocEntry), ...(docNum ? { number: docNum } : {}) };
  const label = `Invoice ${docNum ?? documentRef.id}`;
  if (raw?.Cancelled === "tYES" || raw?.CancelStatus === "csCancellation")
    return skipped(`${label} is cancelled or a cancellation`);
  return mapSafely(documentRef, label, () => {
    const row = record(document, "document");
    if (optionalInteger(row.DocEntry, "DocEntry") === undefined) throw new PayloadError("DocEntry", "is required");
    yesNo(row.Cancelled, "Cancelled");
    const externalDocumentNumber = optionalText(row.NumAtCard, "NumAtCard");
    if (!externalDocumentNumber) throw new PayloadError("NumAtCard", "is required to find the order");
    const b1Currency = optionalText(row.DocCurrency, "DocCurrency");
    if (!b1Currency) throw new PayloadError("DocCurrency", "is required");
    const foreign = optionalDecimal(row.DocTotalFc, "DocTotalFc");
    const local = optionalDecimal(row.DocTotal, "DocTotal");
    const total = foreign && !foreign.isZero() ? foreign : local;
    if (!total) throw new PayloadError("DocTotal", "is required");
    const currency = (config.currencies && own(config.currencies, b1Currency)) ?? b1Currency;
    if (!isCurrencyCode(currency))
      throw new PayloadError("DocCurrency", "is not an ISO 4217 code; map it in config.currencies");
    return {
      documentRef,
      externalDocumentNumber,
      currency,
      totalAmountIncludingTax: total,
    };
  });
}
