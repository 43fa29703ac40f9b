import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { orderInput } from "../__fixtures__/canonical";
import { parseOrder } from "../entities/order";
import { minorUnits } from "../money/currency";
import { Decimal } from "../money/decimal";
import { allocateOrderDiscounts } from "./discount-allocation";

describe("allocateOrderDiscounts (O9)", () => {
  it("O9: spreads the coupon over lines by net amount, keeping the code", () => {
    const allocation = allocateOrderDiscounts(parseOrder(orderInput()));
    // nets: 49.98 − 5.00 = 44.98 and 12.00; SPRING10 6.00 → 4.74 + 1.26
    expect(allocation.map((line) => line.orderDiscounts[0]?.amount.toString())).toEqual(["4.74", "1.26"]);
    expect(allocation[0]?.orderDiscounts[0]?.code).toBe("SPRING10");
    expect(allocation.map((line) => line.netAmount.toString())).toEqual(["40.24", "10.74"]);
    expect(allocation[0]).toMatchObject({ lineId: "1" });
    expect(allocation[0]?.lineAmount.toString()).toBe("49.98");
    expect(allocation[0]?.lineDiscount.toString()).toBe("5.00");
  });

  it("O10: gift card lines take no share of a discount", () => {
    const input = orderInput();
    const order = parseOrder({
      ...input,
      lines: [...input.lines, { lineId: "3", sku: "GIFT-50", quantity: 1, unitPrice: "50.00", isGiftCard: true }],
    });
    const allocation = allocateOrderDiscounts(order);
    expect(allocation[2]?.orderDiscounts[0]?.amount.isZero()).toBe(true);
  });

  it("property: each discount's parts sum exactly to it, for 0-, 2- and 3-decimal currencies", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("JPY", "EUR", "KWD"),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 1_000_000 })), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 3 }),
        (currency, lines, discounts) => {
          const scale = minorUnits(currency);
          const order = parseOrder(
            orderInput({
              currency,
              lines: lines.map(([quantity, price], index) => ({
                lineId: String(index),
                sku: `SKU-${index}`,
                quantity,
                unitPrice: Decimal.fromMinorUnits(BigInt(price), scale),
              })),
              discounts: discounts.map((amount, index) => ({
                code: `C${index}`,
                amount: Decimal.fromMinorUnits(BigInt(amount), scale),
              })),
            }),
          );
          const allocation = allocateOrderDiscounts(order);
          order.discounts.forEach((discount, index) => {
            const parts = allocation.map((line) => line.orderDiscounts[index]?.amount ?? Decimal.ZERO);
            expect(Decimal.sum(parts).eq(discount.amount)).toBe(true);
            for (const part of parts) expect(part.significantScale).toBeLessThanOrEqual(scale);
          });
        },
      ),
    );
  });
});
