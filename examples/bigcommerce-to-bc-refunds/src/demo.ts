/**
 * The demo's data: the shared seed orders in both fakes (posted in BC, so each has an invoice), refunds seeded in
 * BigCommerce, and one refund split between the card and store credit made through BigCommerce's refunds API, as
 * customer service would. Used by `main.ts` and the tests, so both show the same cases.
 */
import {
  type BcFake,
  type BigCommerceFake,
  type BigCommerceRefundSeed,
  createBcFake,
  createBigCommerceFake,
  type SeedOrder,
  seedOrders,
} from "@org/testing";

/**
 * Refunds in the demo store: returns of one or more units (R2, R3), and one on order 100003, which never reached
 * BC (it holds a SKU BC does not know), so it has no invoice to credit (R1). No shipping refund: the BigCommerce
 * fake quotes a refunded shipping amount gross while `fromBigCommerceRefund` reads it net (see the README).
 */
export const DEMO_REFUNDS: readonly BigCommerceRefundSeed[] = [
  { orderNumber: "100001", lines: [{ sku: "COCOA-BIO", quantity: 1 }], reason: "Damaged packaging" },
  { orderNumber: "100010", lines: [{ sku: "KETTLE-STEEL", quantity: 1 }], reason: "Arrived broken" },
  { orderNumber: "100004", lines: [{ sku: "MUG-RED", quantity: 2 }] },
  { orderNumber: "100003", lines: [{ sku: "MUG-BLUE", quantity: 1 }] },
  { orderNumber: "100007", lines: [{ sku: "CUP-SET-4", quantity: 1 }], reason: "Wrong size" },
];

export interface DemoFakes {
  orders: SeedOrder[];
  bigCommerce: BigCommerceFake;
  bc: BcFake;
}

/** Both fakes seeded from the same orders; `refunds` replaces {@link DEMO_REFUNDS}. */
export function createDemoFakes(
  options: { refunds?: readonly BigCommerceRefundSeed[]; postedOrders?: (orders: SeedOrder[]) => SeedOrder[] } = {},
): DemoFakes {
  const orders = seedOrders();
  return {
    orders,
    bigCommerce: createBigCommerceFake({ orders, refunds: options.refunds ?? DEMO_REFUNDS }),
    bc: createBcFake({ postedOrders: options.postedOrders ? options.postedOrders(orders) : orders }),
  };
}

/**
 * Refunds one unit of `sku` on an order through BigCommerce's API (`POST /v3/orders/{id}/payment_actions/refunds`),
 * `storeCredit` of it as store credit (or to a gift certificate, `provider: "giftcertificate"`) and the rest to the
 * card. Returns the refund id.
 */
export async function refundWithStoreCredit(
  bigCommerce: BigCommerceFake,
  orderId: number,
  sku: string,
  storeCredit: string,
  provider: "storecredit" | "giftcertificate" = "storecredit",
): Promise<number> {
  const order = bigCommerce.order(orderId);
  const line = order?.lineCents.find((l) => order.products.find((p) => p.id === l.productId)?.sku === sku);
  if (!order || !line) throw new Error(`demo: order ${orderId} has no line ${sku}`);
  // One unit's share of the line, in cents, exactly as BigCommerce quotes it (half up).
  const unitCents = Math.floor((2 * line.gross + line.quantity) / (2 * line.quantity));
  const creditCents = Math.round(Number(storeCredit) * 100);
  const response = await bigCommerce.fetch(`${bigCommerce.baseUrl}/v3/orders/${orderId}/payment_actions/refunds`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", "x-auth-token": "demo" },
    body: JSON.stringify({
      items: [{ item_type: "PRODUCT", item_id: line.productId, quantity: 1, reason: "Customer return" }],
      payments: [
        { provider_id: "stripe", amount: (unitCents - creditCents) / 100, offline: false },
        { provider_id: provider, amount: creditCents / 100, offline: false },
      ],
      reason: "Return, part as store credit",
    }),
  });
  const body = (await response.json()) as { data?: { id?: number } };
  if (!response.ok || body.data?.id === undefined) throw new Error(`demo: refund failed with ${response.status}`);
  return body.data.id;
}
