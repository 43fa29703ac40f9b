import type { Order } from "../entities/order";
import type { RecordRef } from "../entities/schema-helpers";
import { createSyncException, type SyncException } from "../entities/sync-exception";
import { type CurrencyCode, minorUnits, roundMoney } from "../money/currency";
import { Decimal, type DecimalInput } from "../money/decimal";

export interface OrderTotalsCheckOptions {
  /** Largest accepted difference per total, in the order currency. Default: 0 (exact to the minor unit). */
  tolerance?: DecimalInput;
}

/** One recomputed total and the storefront's own figure. */
export interface TotalsComponent {
  component: "subtotal" | "discountTotal" | "shippingTotal" | "taxTotal" | "grandTotal" | "giftCardTotal";
  expected: Decimal;
  actual: Decimal;
}

/**
 * Recomputes an order's totals from its lines, discounts, shipping, tax (per line, per shipping line and
 * order-level) and gift cards, and returns a
 * `TOTAL_MISMATCH` exception (O17) for every storefront total that does not reconcile. An empty list means the
 * order is internally consistent and can be posted.
 *
 * Line amounts are quantity × unit price; the subtotal is accepted if it matches either the sum of per-line
 * rounded amounts or the rounded sum (storefronts do both).
 */
export function checkOrderTotals(order: Order, options: OrderTotalsCheckOptions = {}): SyncException[] {
  const tolerance = Decimal.from(options.tolerance ?? 0, "tolerance").abs();
  const currency = order.currency;
  const lineAmounts = order.lines.map((line) => line.quantity.mul(line.unitPrice));
  const perLineRounded = Decimal.sum(lineAmounts.map((amount) => roundMoney(amount, currency, "half-up")));
  const sumRounded = roundMoney(Decimal.sum(lineAmounts), currency, "half-up");
  const subtotal = order.totals.subtotal;
  const subtotalExpected = within(subtotal, sumRounded, tolerance) ? sumRounded : perLineRounded;

  const discountExpected = Decimal.sum([
    ...order.lines.flatMap((line) => line.discounts.map((d) => d.amount)),
    ...order.discounts.map((d) => d.amount),
    ...order.shippingLines.map((s) => s.discountAmount),
  ]);
  const shippingExpected = Decimal.sum(order.shippingLines.map((s) => s.amount));
  const taxExpected = Decimal.sum([
    ...order.lines.flatMap((line) => line.taxLines.map((t) => t.amount)),
    ...order.shippingLines.flatMap((s) => s.taxLines.map((t) => t.amount)),
    ...order.taxLines.map((t) => t.amount),
  ]);
  const { totals } = order;
  // The grand total follows from the storefront's own component totals, so one wrong component is reported once.
  let grandExpected = totals.subtotal.sub(totals.discountTotal).add(totals.shippingTotal);
  if (order.taxMode === "exclusive") grandExpected = grandExpected.add(totals.taxTotal);
  const giftCardExpected = Decimal.sum(order.giftCardRedemptions.map((g) => g.amount));

  const components: TotalsComponent[] = [
    { component: "subtotal", expected: subtotalExpected, actual: subtotal },
    { component: "discountTotal", expected: discountExpected, actual: totals.discountTotal },
    { component: "shippingTotal", expected: shippingExpected, actual: totals.shippingTotal },
    { component: "taxTotal", expected: taxExpected, actual: totals.taxTotal },
    { component: "grandTotal", expected: grandExpected, actual: totals.grandTotal },
    { component: "giftCardTotal", expected: giftCardExpected, actual: totals.giftCardTotal },
  ];
  const orderRef = order.source;
  return components
    .filter(({ expected, actual }) => !within(actual, expected, tolerance))
    .map(({ component, expected, actual }) =>
      createSyncException("TOTAL_MISMATCH", {
        message: `Order ${orderRef.number ?? orderRef.id}: ${component} is ${actual} ${currency} but its parts add up to ${expected} ${currency}`,
        sourceSystem: orderRef.system,
        records: [orderRef],
        field: `totals.${component}`,
        details: { component, expected: expected.toString(), actual: actual.toString(), currency },
      }),
    );
}

export interface DocumentTotalComparison {
  /** The storefront record (order or refund). */
  sourceRef: RecordRef;
  /** The ERP document it was posted as. */
  documentRef: RecordRef;
  currency: CurrencyCode;
  /** What the storefront says (e.g. the order's grand total). */
  expected: DecimalInput;
  /** What the ERP computed for the posted document. */
  actual: DecimalInput;
  /** Largest accepted difference. Default: 0. */
  tolerance?: DecimalInput;
}

/**
 * After posting, compares the ERP document total with the storefront total (O17). Returns a `TOTAL_MISMATCH`
 * exception naming both records, or `undefined` when they agree within the tolerance.
 */
export function compareDocumentTotal(comparison: DocumentTotalComparison): SyncException | undefined {
  const expected = Decimal.from(comparison.expected, "expected");
  const actual = Decimal.from(comparison.actual, "actual");
  const tolerance = Decimal.from(comparison.tolerance ?? 0, "tolerance").abs();
  if (within(actual, expected, tolerance)) return undefined;
  const { sourceRef, documentRef, currency } = comparison;
  const difference = actual
    .sub(expected)
    .round(minorUnits(currency) + 2, "half-even")
    .normalize();
  return createSyncException("TOTAL_MISMATCH", {
    message: `ERP document ${documentRef.number ?? documentRef.id} totals ${actual} ${currency} but ${sourceRef.type} ${sourceRef.number ?? sourceRef.id} totals ${expected} ${currency} (difference ${difference})`,
    sourceSystem: sourceRef.system,
    targetSystem: documentRef.system,
    records: [sourceRef, documentRef],
    details: { expected: expected.toString(), actual: actual.toString(), difference: difference.toString(), currency },
  });
}

function within(actual: Decimal, expected: Decimal, tolerance: Decimal): boolean {
  return actual.sub(expected).abs().lte(tolerance);
}
