import { Decimal } from "@org/core";
import { describe, expect, it } from "vitest";
import { SEED_TAX_RATES, SEED_UNKNOWN_SKU, seedProduct } from "./catalog.js";
import { seedOrders } from "./orders.js";

const sum = (values: string[]) => Decimal.sum(values.map((v) => Decimal.from(v)));

describe("seedOrders", () => {
  const orders = seedOrders({ count: 300, seed: 11 });

  it("is deterministic and numbers orders from the first number", () => {
    expect(seedOrders({ count: 300, seed: 11 })).toEqual(orders);
    expect(orders[0]?.number).toBe("100001");
    expect(orders.at(-1)?.number).toBe("100300");
    expect(new Set(orders.map((o) => o.number)).size).toBe(300);
  });

  it("O9/O17: totals reconcile exactly: lines + shipping = grand total, coupon spread over lines to the cent", () => {
    for (const order of orders) {
      const lineNet = sum(order.lines.map((l) => l.net));
      expect(lineNet.toString(), order.number).toBe(Decimal.from(order.subtotalNet).toString());
      expect(sum(order.lines.map((l) => l.discount)).eq(Decimal.from(order.discountTotal)), order.number).toBe(true);
      const tax = sum([...order.lines.map((l) => l.tax), order.shipping.tax]);
      expect(tax.eq(Decimal.from(order.taxTotal)), order.number).toBe(true);
      const grand = sum([...order.lines.map((l) => l.gross), order.shipping.gross]);
      expect(grand.eq(Decimal.from(order.grandTotal)), order.number).toBe(true);
      for (const line of order.lines) {
        const beforeDiscount = Decimal.from(line.unitPrice).mul(Decimal.from(String(line.quantity)));
        expect(beforeDiscount.sub(Decimal.from(line.discount)).eq(Decimal.from(line.net))).toBe(true);
      }
    }
  });

  it("O10: a gift card is a tender (card + gift card = grand total), never a discount", () => {
    const withGiftCard = orders.filter((o) => o.giftCard);
    expect(withGiftCard.length).toBeGreaterThan(10);
    for (const order of withGiftCard) {
      expect(sum([order.cardPayment, order.giftCard?.amount ?? "0"]).eq(Decimal.from(order.grandTotal))).toBe(true);
      expect(order.discountTotal === "0.00" || order.coupon !== undefined).toBe(true);
    }
  });

  it("uses catalog prices and tax rates, has guests, coupons, and one unknown SKU by default", () => {
    expect(orders.filter((o) => o.customer === null).length).toBeGreaterThan(10);
    expect(orders.filter((o) => o.coupon).length).toBeGreaterThan(30);
    for (const line of orders.flatMap((o) => o.lines)) {
      const product = seedProduct(line.sku);
      if (line.sku === SEED_UNKNOWN_SKU) continue;
      expect(line.unitPrice).toBe(product?.price);
      expect(line.taxRate).toBe(SEED_TAX_RATES[product?.taxClass ?? "standard"]);
    }
    expect(orders[2]?.lines.some((l) => l.sku === SEED_UNKNOWN_SKU)).toBe(true);
    expect(
      seedOrders({ includeUnknownSku: false })
        .flatMap((o) => o.lines)
        .some((l) => l.sku === SEED_UNKNOWN_SKU),
    ).toBe(false);
  });
});
