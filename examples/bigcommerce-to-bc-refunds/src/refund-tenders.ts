/**
 * How a BigCommerce refund was paid back, told to people: `fromBigCommerceRefund` gives the credit memo its
 * `refundPayments` (card with the provider's transaction id for the payout's refund line, S2; store credit or a gift
 * certificate, a liability rather than cash, O10/S5; offline), and core checks that they add up to the refund (R2).
 * These helpers only summarise them for the run report and the credit memo's comment lines. Pure: no I/O.
 */
import type { SalesCreditMemoCreate, SalesCreditMemoLineCreate } from "@org/bc-client";
import { Decimal, type RefundPayment, type RefundPaymentKind } from "@org/core";

/** Totals per kind of tender, for the run summary ("card 40.00, store credit 10.00"). */
export function tenderTotals(payments: readonly RefundPayment[]): Map<RefundPaymentKind, Decimal> {
  const totals = new Map<RefundPaymentKind, Decimal>();
  for (const p of payments) totals.set(p.kind, (totals.get(p.kind) ?? Decimal.ZERO).add(p.amount));
  return totals;
}

const TENDER_NAMES: Readonly<Record<RefundPaymentKind, string>> = {
  original_payment: "to the original payment",
  store_credit: "to store credit",
  gift_card: "to a gift card",
  cash: "in cash",
  other: "offline",
};

/** "12.00 EUR to store credit, 30.50 EUR to the original payment" */
export function describeTenders(payments: readonly RefundPayment[], currency: string): string {
  return [...tenderTotals(payments)].map(([kind, amount]) => `${amount} ${currency} ${TENDER_NAMES[kind]}`).join(", ");
}

/** Whether any part was paid back as store credit or a gift card (a liability in the ERP, not cash out). */
export function hasLiabilityTender(payments: readonly RefundPayment[]): boolean {
  return payments.some((p) => p.kind === "store_credit" || p.kind === "gift_card");
}

/**
 * The credit memo body with a comment line for each part refunded as store credit or a gift certificate, so finance
 * sees in BC that the credit is a liability, not cash paid out (O10, S5). Unchanged when `enabled` is false or
 * every part went back to a payment.
 */
export function addTenderComments(
  body: SalesCreditMemoCreate,
  payments: readonly RefundPayment[],
  currency: string,
  enabled: boolean,
): SalesCreditMemoCreate {
  if (!enabled || !hasLiabilityTender(payments)) return body;
  const comments: SalesCreditMemoLineCreate[] = payments
    .filter((p) => p.kind === "store_credit" || p.kind === "gift_card")
    .map((p) => ({
      lineType: "Comment",
      // BC's description holds 100 characters.
      description:
        `Refunded ${p.amount} ${currency} ${p.kind === "store_credit" ? "as store credit" : "to a gift certificate"}`.slice(
          0,
          100,
        ),
    }));
  return { ...body, salesCreditMemoLines: [...(body.salesCreditMemoLines ?? []), ...comments] };
}
