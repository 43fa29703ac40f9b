import type { DecimalInput } from "../money/decimal";

/**
 * How a merchant's storefront data maps onto their ERP: the explicit, typed configuration the posting plans
 * (`prepareSalesOrder`, `prepareCreditMemo`) read. Nothing here is guessed: a value the configuration does not
 * cover becomes a typed exception for the team that owns it.
 */

/** Storefront tax class / zone / rate → ERP tax code (BC VAT product posting group or tax group, B1 tax code) (O8). */
export interface TaxMappingRule {
  /** Storefront tax class; absent matches any class. */
  taxClass?: string;
  /** Storefront tax zone; absent matches any zone. */
  taxZone?: string;
  /** Combined rate in percent; absent matches any rate. */
  ratePercent?: DecimalInput;
  /** The ERP code to post with. */
  erpTaxCode: string;
}

/** Who the ERP customer of a guest order is (O3). Required: guest orders never fail silently. */
export type GuestCustomerPolicy =
  /** Post every guest order to one configured cash / web customer. */
  | { kind: "post_to_customer"; customerNumber: string }
  /** Create an ERP customer from the order's e-mail, name and addresses. */
  | { kind: "create_customer" };

export interface PostingAccounts {
  /** G/L account for shipping charges (O16). */
  shipping: string;
  /** Gift card liability: gift card sales and redemptions go here, never to revenue (O10, S5). */
  giftCardLiability: string;
  /** G/L account for refunds without returned goods and for amount-level adjustments (R3). */
  refundAdjustments: string;
  /** G/L account for fees kept back from a refund (restocking, adjustment fee) (R2, R3). Default: `refundAdjustments`. */
  refundFees?: string;
}

export interface PostingConfig {
  /** Slug of the ERP, used in exceptions. */
  targetSystem: string;
  accounts: PostingAccounts;
  /** Tax mapping rules; the most specific matching rule wins, ties to the first. */
  taxMappings: readonly TaxMappingRule[];
  /** Tax code for lines that carry no tax (exempt, zero-rated). Default: none, so such lines are an O8 exception. */
  taxExemptCode?: string;
  /**
   * Whose tax total the ERP document should carry (O8). `storefront`: pass the captured tax through so the invoice
   * equals the payment; `erp`: let the ERP compute and compare after posting. Default: `storefront`.
   */
  taxSource?: "storefront" | "erp";
  /**
   * Largest accepted difference between the storefront's tax and rate × net amount, per order. Default: one minor
   * unit per taxed line.
   */
  taxTolerance?: DecimalInput;
  /** Storefront unit → ERP unit of measure code, case-insensitive (O12). Default: `each` → the item's base unit. */
  unitMappings?: Readonly<Record<string, string>>;
  /** Storefront channel location → ERP location / warehouse code (O14). */
  locationMappings?: Readonly<Record<string, string>>;
  /** Location for orders that name none. Default: none (the ERP's default location). */
  defaultLocation?: string;
  guestCustomer: GuestCustomerPolicy;
  /** What to do with a customer the ERP does not know (O2). Default: `create`. */
  newCustomers?: "create" | "stage_for_approval";
  /** How gift card redemptions are booked (O10). Default: `liability_account`. */
  giftCardRedemptions?: "liability_account" | "line_discount";
  /** Largest accepted deviation of a line price from the ERP price, in percent (O13). Default: 0. */
  priceTolerancePercent?: DecimalInput;
  /**
   * Countries the merchant ships from without customs; B2B orders shipped elsewhere need the buyer's EORI number
   * (O7). Default: none (no EORI check).
   */
  homeCountries?: readonly string[];
  /** What to do with a refund whose order has no ERP invoice yet (R4). Default: `wait`. */
  refundBeforeInvoice?: "wait" | "credit_against_order";
}
