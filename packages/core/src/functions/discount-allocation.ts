import type { Order } from "../entities/order";
import { allocate } from "../money/allocate";
import { minorUnits, roundMoney } from "../money/currency";
import { Decimal } from "../money/decimal";

/** An order-level discount's share on one line, with the code that caused it (O9). */
export interface AllocatedDiscount {
  code: string | undefined;
  description: string | undefined;
  amount: Decimal;
}

export interface LineDiscountAllocation {
  lineId: string;
  /** Quantity × unit price, rounded half-up to the currency's minor unit. */
  lineAmount: Decimal;
  /** The line's own discounts. */
  lineDiscount: Decimal;
  /** Each order-level discount's share on this line. */
  orderDiscounts: AllocatedDiscount[];
  /** Line amount − line discount − allocated order discounts. */
  netAmount: Decimal;
}

/**
 * Spreads every order-level discount across the order's lines in proportion to each line's amount after its own
 * discounts, deterministically, so that each discount's parts sum exactly to the discount (O9) and its code stays
 * attached. Gift card lines take no share (a discount on a gift card would discount a liability), unless every
 * line is a gift card.
 */
export function allocateOrderDiscounts(order: Order): LineDiscountAllocation[] {
  const currency = order.currency;
  const scale = minorUnits(currency);
  const base = order.lines.map((line) => {
    const lineAmount = roundMoney(line.quantity.mul(line.unitPrice), currency, "half-up");
    const lineDiscount = Decimal.sum(line.discounts.map((d) => d.amount));
    return { line, lineAmount, lineDiscount };
  });
  const onlyGiftCards = order.lines.every((line) => line.isGiftCard);
  const weights = base.map(({ line, lineAmount, lineDiscount }) => {
    if (line.isGiftCard && !onlyGiftCards) return Decimal.ZERO;
    const net = lineAmount.sub(lineDiscount);
    return net.isNegative() ? Decimal.ZERO : net;
  });
  const shares = order.discounts.map((discount) => allocate(discount.amount.round(scale, "half-up"), weights, scale));

  return base.map(({ line, lineAmount, lineDiscount }, lineIndex) => {
    const orderDiscounts = order.discounts.map((discount, discountIndex) => ({
      code: discount.code,
      description: discount.description,
      amount: shares[discountIndex]?.[lineIndex] ?? Decimal.ZERO,
    }));
    const netAmount = lineAmount.sub(lineDiscount).sub(Decimal.sum(orderDiscounts.map((d) => d.amount)));
    return { lineId: line.lineId, lineAmount, lineDiscount, orderDiscounts, netAmount };
  });
}
