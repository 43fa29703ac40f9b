import { Decimal } from "@org/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BigCommerceTransaction, fromBigCommerceTransactions } from "./from-bigcommerce-transactions.js";

/**
 * A realistic v3 transaction history (`GET /v3/orders/{order_id}/transactions`, orders.v3.yml `Transaction`): a
 * card authorised then captured by Stripe, a gift certificate redemption, a failed PayPal attempt, a later refund.
 */
function transactions(): BigCommerceTransaction[] {
  const base = { currency: "USD", test: false, fraud_review: false, order_id: "100234" } as const;
  return [
    {
      ...base,
      id: 901,
      event: "authorization",
      method: "credit_card",
      amount: 56.16,
      gateway: "stripe",
      gateway_transaction_id: "ch_3Nabc",
      status: "ok",
      date_created: "2026-03-01T10:15:02+00:00",
    },
    {
      ...base,
      id: 902,
      event: "capture",
      method: "credit_card",
      amount: 56.16,
      gateway: "stripe",
      gateway_transaction_id: "ch_3Nabc",
      status: "ok",
      date_created: "2026-03-01T10:20:00+00:00",
      reference_transaction_id: 901,
    },
    {
      ...base,
      id: 903,
      event: "purchase",
      method: "gift_certificate",
      amount: 10,
      gateway: "giftcertificate",
      gateway_transaction_id: "GC-ABCD",
      status: "ok",
      date_created: "2026-03-01T10:15:01+00:00",
    },
    {
      ...base,
      id: 904,
      event: "purchase",
      method: "electronic_wallet",
      amount: 56.16,
      gateway: "paypalexpress",
      gateway_transaction_id: "PAY-declined",
      status: "error",
      date_created: "2026-03-01T10:14:00+00:00",
    },
    {
      ...base,
      id: 905,
      event: "refund",
      method: "credit_card",
      amount: 12.5,
      gateway: "stripe",
      gateway_transaction_id: "re_3Nxyz",
      status: "ok",
      date_created: "2026-03-04T09:00:00+00:00",
    },
  ];
}

describe("fromBigCommerceTransactions", () => {
  it("O5/S2: only money actually taken becomes a payment, keeping the gateway id for payout matching", () => {
    const result = fromBigCommerceTransactions(transactions());
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    expect(result.value).toEqual([
      {
        gateway: "stripe",
        method: "credit_card",
        transactionId: "ch_3Nabc",
        amount: Decimal.from("56.16"),
        status: "captured",
        capturedAt: "2026-03-01T10:20:00.000Z",
      },
    ]);
  });

  it("amounts are exact: a JSON number is read at its shortest decimal form, never through float sums", () => {
    const sale = transactions()[1]!;
    const result = fromBigCommerceTransactions([
      { ...sale, amount: 0.1 },
      { ...sale, amount: 0.2, gateway_transaction_id: "ch_2" },
    ]);
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    expect(Decimal.sum(result.value.map((p) => p.amount)).toString()).toBe("0.3");
  });

  it("S2: without a gateway id the BigCommerce transaction id is kept; nothing at all is an empty list", () => {
    const { gateway_transaction_id: _, ...offline } = { ...transactions()[1]!, gateway: "cod" as const };
    const result = fromBigCommerceTransactions([offline]);
    expect(result.kind === "ok" && result.value[0]?.transactionId).toBe("902");
    expect(fromBigCommerceTransactions(undefined)).toEqual({ kind: "ok", value: [], warnings: [] });
  });

  it("bad data names the order and the field, never the value", () => {
    const bad = transactions();
    Object.assign(bad[1]!, { amount: "56,16" });
    const result = fromBigCommerceTransactions(bad);
    expect(result.kind === "failed" && result.exceptions).toEqual([
      expect.objectContaining({
        code: "INVALID_PAYLOAD",
        field: "transactions.1.amount",
        records: [expect.objectContaining({ type: "order", id: "100234" })],
      }),
    ]);
    expect(result.kind === "failed" && result.exceptions[0]?.message).not.toContain("56,16");
    const negative = transactions();
    Object.assign(negative[1]!, { amount: -1 });
    expect(fromBigCommerceTransactions(negative, { orderId: "7" })).toMatchObject({
      kind: "failed",
      exceptions: [{ field: "transactions.1.amount", message: expect.stringMatching(/^Order 7: /) }],
    });
  });

  it("fuzz: thousands of malformed histories give ok or INVALID_PAYLOAD naming a field, never a crash", () => {
    const poison = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.constant(""),
      fc.constant("12,50"),
      fc.constant("1e400"),
      fc.constant(Number.NaN),
      fc.constant(Number.POSITIVE_INFINITY),
      fc.constant(-5),
      fc.constant(1e300),
      fc.constant({}),
      fc.constant([]),
      fc.constant(true),
      fc.constant("capture"),
      fc.string(),
      fc.integer(),
      fc.double(),
    );
    const keys = ["event", "method", "amount", "gateway", "gateway_transaction_id", "status", "date_created", "id"];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(5), fc.constantFrom(...keys, "(whole)"), poison), { minLength: 1, maxLength: 4 }),
        (mutations) => {
          const input: unknown[] = transactions();
          for (const [index, key, value] of mutations) {
            if (key === "(whole)") input[index] = value;
            else if (typeof input[index] === "object" && input[index] !== null)
              Object.assign(input[index] as object, { [key]: value });
          }
          const result = fromBigCommerceTransactions(input as BigCommerceTransaction[]);
          if (result.kind === "failed") {
            for (const exception of result.exceptions) {
              expect(exception.code).toBe("INVALID_PAYLOAD");
              expect(exception.message).toMatch(/^Order /);
              expect(exception.field ?? "").toMatch(/^transactions/);
            }
          } else {
            expect(result.kind).toBe("ok");
            for (const payment of result.kind === "ok" ? result.value : []) {
              expect(payment.amount.isNegative()).toBe(false);
              expect(payment.transactionId).not.toBe("");
            }
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
