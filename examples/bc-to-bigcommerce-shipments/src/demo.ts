/**
 * The demo's data: the shared seed orders in BigCommerce, and the same orders posted (shipped and invoiced) in BC,
 * so every BC shipment carries a BigCommerce order id as its external document number. One more BC shipment
 * belongs to an order typed in BC whose external document number is no BigCommerce order (F1,
 * SHIPMENT_ORDER_NOT_FOUND). Used by `main.ts` and the tests, so both show the same cases.
 */
import {
  type BcFake,
  type BigCommerceFake,
  createBcFake,
  createBigCommerceFake,
  type SeedOrder,
  seedOrders,
} from "@org/testing";

/** External document number of the BC order that is not a BigCommerce order. */
export const DEMO_FOREIGN_ORDER_NUMBER = "200001";

export interface DemoFakes {
  orders: SeedOrder[];
  bigCommerce: BigCommerceFake;
  bc: BcFake;
}

export function createDemoFakes(options: { foreignOrder?: boolean } = {}): DemoFakes {
  const orders = seedOrders();
  const foreign =
    (options.foreignOrder ?? true)
      ? seedOrders({
          count: 1,
          firstNumber: Number(DEMO_FOREIGN_ORDER_NUMBER),
          startAt: "2026-11-02T18:00:00Z",
          includeUnknownSku: false,
        })
      : [];
  return {
    orders,
    bigCommerce: createBigCommerceFake({ orders }),
    bc: createBcFake({ postedOrders: [...orders, ...foreign] }),
  };
}

/** Carrier names as BC's shipping agents call them → AfterShip slugs BigCommerce builds tracking links from. */
export function demoTrackingCarrier(carrier: string): string | undefined {
  return { DHL: "dhl", "DHL EXPRESS": "dhl", DPD: "dpd", GLS: "gls" }[carrier.toUpperCase()];
}
