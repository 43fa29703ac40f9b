/**
 * How a BigCommerce refund was paid back, as `@org/core` refund payments: to the card (with the gateway's
 * transaction id, which the payout's refund line carries, S2), to store credit or a gift certificate (a liability,
 * not cash: O10/S5), or offline. `fromBigCommerceRefund` keeps only the first transaction id; a refund split across
 * tenders needs every part, and core checks that the parts add up to what was refunded (R2). Pure: no I/O.
 */

import type { BigCommerceRefund, BigCommerceTransaction } from "@org/bigcommerce-client";
import {
  type CreditMemo,
  type CurrencyCode,
  Decimal,
  parseMoney,
  type RefundPayment,
  type RefundPaymentKind,
  RefundPaymentSchema,
} from "@org/core";

/** BigCommerce `provider_id`s that are not cash back to the buyer's card. */
const KIND_BY_PROVIDER: Readonly<Record<string, RefundPaymentKind>> = {
  storecredit: "store_credit",
  giftcertificate: "gift_card",
};

/** Thrown for a refund payment whose amount cannot be read; the pipeline quarantines the refund. */
export class RefundTenderError extends Error {
  override readonly name = "RefundTenderError";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The refund's payments (declined ones left out: the mapper reports those) as canonical refund payments. The
 * BigCommerce transaction id is resolved to the gateway's through the order's transactions, like the mapper does.
 */
export function refundPaymentsOf(
  refund: BigCommerceRefund,
  transactions: readonly BigCommerceTransaction[],
  currency: CurrencyCode,
): RefundPayment[] {
  const gatewayIds = new Map<string, string>();
  for (const t of transactions) {
    if (t.id !== undefined && t.gateway_transaction_id) gatewayIds.set(String(t.id), t.gateway_transaction_id);
  }
  return (refund.payments ?? []).flatMap((payment, index) => {
    if (payment.is_declined === true) return [];
    const field = `payments.${index}.amount`;
    if (payment.amount === undefined || payment.amount === null)
      throw new RefundTenderError(field, `refund payment ${index + 1} has no amount`);
    let amount: Decimal;
    try {
      // v3 sends numbers; their shortest decimal form is what the merchant typed (e.g. 12.3 → "12.3").
      amount = parseMoney(String(payment.amount), currency, { field, allowNegative: false });
    } catch (error) {
      throw new RefundTenderError(field, `refund payment ${index + 1}: ${(error as Error).message}`);
    }
    const provider = payment.provider_id?.trim() || undefined;
    const kind: RefundPaymentKind =
      (provider && KIND_BY_PROVIDER[provider.toLowerCase()]) ||
      (payment.offline === true ? "other" : "original_payment");
    const storefrontId = payment.transaction_id ? String(payment.transaction_id) : undefined;
    const gatewayId = storefrontId ? gatewayIds.get(storefrontId) : undefined;
    return [
      RefundPaymentSchema.parse({
        kind,
        ...(provider ? { gateway: provider } : {}),
        ...(kind === "original_payment" && (gatewayId ?? storefrontId)
          ? { transactionId: gatewayId ?? storefrontId }
          : {}),
        ...(storefrontId && gatewayId && storefrontId !== gatewayId ? { storefrontTransactionId: storefrontId } : {}),
        amount,
      }),
    ];
  });
}

/** The credit memo with its refund payments, so `prepareCreditMemo` checks they add up to the refund (R2). */
export function withRefundPayments(memo: CreditMemo, payments: readonly RefundPayment[]): CreditMemo {
  return payments.length === 0 ? memo : { ...memo, refundPayments: [...payments] };
}

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
