/**
 * Entity shapes as a generated client would type them (property names and EDM types from the Business Central
 * API v2.0 and SAP Business One Service Layer v2 metadata). GUIDs and dates are strings, as in generated code.
 */
export interface Customer {
  id?: string;
  number?: string;
  displayName?: string;
  type?: "Company" | "Person";
  city?: string;
  email?: string | null;
  balanceDue?: number;
  creditLimit?: number;
  taxLiable?: boolean;
  currencyId?: string;
  blocked?: "_x0020_" | "Ship" | "Invoice" | "All";
  lastModifiedDateTime?: string;
  "@odata.etag"?: string;
}

export interface SalesOrderLine {
  id?: string;
  sequence?: number;
  itemId?: string;
  quantity?: number;
  unitPrice?: number;
}

export interface SalesOrder {
  id?: string;
  number?: string;
  externalDocumentNumber?: string;
  orderDate?: string;
  customerId?: string;
  customerNumber?: string;
  currencyCode?: string;
  pricesIncludeTax?: boolean;
  salesOrderLines?: SalesOrderLine[];
  customer?: Customer;
}

/** SAP Business One `Document` (Orders, Invoices, CreditNotes). */
export interface Document {
  DocEntry?: number;
  DocNum?: number;
  DocDate?: string;
  CardCode?: string;
  CardName?: string;
  NumAtCard?: string;
  DocTotal?: number;
  DocCurrency?: string;
  Confirmed?: "tNO" | "tYES";
  Comments?: string | null;
}
