import type { OrderInput } from "../entities/order";
import type { SettlementInput } from "../entities/settlement";

/**
 * A realistic confirmed B2C order (EUR, tax exclusive): two lines with a line discount, a coupon, UPS shipping,
 * 19 % and 7 % VAT, partly paid with a gift card. Totals reconcile exactly.
 *   lines: 2 × 24.99 = 49.98 (line discount 5.00) + 1 × 12.00 = 12.00 → subtotal 61.98
 *   discounts: 5.00 (line) + 6.00 (coupon SPRING10) + 1.00 (shipping) = 12.00
 *   shipping 4.90; tax on the nets after discounts: 19 % of 40.24 = 7.65, 7 % of 10.74 = 0.75, 19 % of 3.90 = 0.74
 *   → 9.14; grand total 61.98 − 12.00 + 4.90 + 9.14 = 64.02, of which 10.00 by gift card
 */
export function orderInput(overrides: Partial<OrderInput> = {}): OrderInput {
  return {
    source: { system: "storefront", type: "order", id: "8812", number: "100234" },
    status: { code: "Awaiting Fulfillment", stage: "confirmed" },
    customer: {
      ref: { system: "storefront", type: "customer", id: "77" },
      isGuest: false,
      email: "jane.doe@example.com",
      name: "Jane Doe",
    },
    billingAddress: { name: "Jane Doe", line1: "Hauptstraße 1", city: "Berlin", postalCode: "10115", countryCode: "DE" },
    shippingAddress: { name: "Jane Doe", line1: "Hauptstraße 1", city: "Berlin", postalCode: "10115", countryCode: "DE" },
    currency: "EUR",
    taxMode: "exclusive",
    lines: [
      {
        lineId: "1",
        sku: "MUG-BLUE",
        name: "Blue mug",
        quantity: "2",
        unitPrice: "24.99",
        discounts: [{ description: "Bundle", kind: "promotion", amount: "5.00" }],
        taxLines: [{ taxClass: "standard", taxZone: "DE", ratePercent: "19", amount: "7.65" }],
      },
      {
        lineId: "2",
        sku: "TEA-GREEN",
        quantity: 1,
        unit: "box",
        unitPrice: 12,
        taxLines: [{ taxClass: "reduced", taxZone: "DE", ratePercent: "7", amount: "0.75" }],
      },
    ],
    discounts: [{ code: "SPRING10", kind: "coupon", amount: "6.00" }],
    shippingLines: [
      {
        method: "UPS Standard",
        carrier: "UPS",
        amount: "4.90",
        discountAmount: "1.00",
        taxLines: [{ taxClass: "standard", taxZone: "DE", ratePercent: "19", amount: "0.74" }],
      },
    ],
    giftCardRedemptions: [{ giftCardRef: "GC-****-1234", amount: "10.00" }],
    payments: [{ gateway: "stripe", transactionId: "ch_3Nabc", amount: "54.02" }],
    totals: {
      subtotal: "61.98",
      discountTotal: "12.00",
      shippingTotal: "4.90",
      taxTotal: "9.14",
      grandTotal: "64.02",
      giftCardTotal: "10.00",
    },
    createdAt: "2026-03-01T10:15:00Z",
    updatedAt: "2026-03-01T10:20:00+01:00",
    ...overrides,
  };
}

/** A payout with every line type, one unmatched sale, and a deposit equal to the sum of its lines. */
export function settlementInput(overrides: Partial<SettlementInput> = {}): SettlementInput {
  return {
    payoutId: "po_1OpQ",
    provider: "stripe",
    currency: "EUR",
    payoutDate: "2026-03-03",
    depositAmount: "149.59",
    lines: [
      { type: "sale", amount: "54.02", transactionRef: "ch_3Nabc" },
      { type: "sale", amount: "120.00", transactionRef: "ch_3Ndef" },
      { type: "refund", amount: "-20.00", transactionRef: "re_1" },
      { type: "fee", amount: "-1.85", transactionRef: "ch_3Nabc" },
      { type: "fee", amount: "-2.05", transactionRef: "ch_3Ndef" },
      { type: "fee_refund", amount: "0.47", transactionRef: "re_1" },
      { type: "chargeback", amount: "-25.00", transactionRef: "dp_9" },
      { type: "gift_card", amount: "25.00", transactionRef: "ch_gc1" },
      { type: "adjustment", amount: "-1.00", transactionRef: "adj_1" },
    ],
    ...overrides,
  };
}
