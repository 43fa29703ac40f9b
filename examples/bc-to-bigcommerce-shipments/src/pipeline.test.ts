import { connectBc, connectBigCommerce, MemoryCheckpointStore, type RunReportOptions } from "@org/example-kit";
import { startFakeServer } from "@org/testing";
import { describe, expect, it } from "vitest";
import { createDemoFakes, DEMO_FOREIGN_ORDER_NUMBER, type DemoFakes, demoTrackingCarrier } from "./demo.js";
import { runShipmentSync, type ShipmentSyncOptions } from "./pipeline.js";

const fastRetry = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };
const quiet: RunReportOptions = { out: () => {} };

function run(
  fakes: DemoFakes,
  checkpoints: MemoryCheckpointStore,
  more: Partial<ShipmentSyncOptions> = {},
  lines?: string[],
) {
  return runShipmentSync({
    bc: connectBc({ fake: fakes.bc, env: {}, clientSettings: fastRetry }),
    bigCommerce: connectBigCommerce({
      fake: fakes.bigCommerce,
      env: {},
      clientSettings: fastRetry,
    }),
    checkpoints,
    defaultCarrier: "DHL",
    trackingCarrierFor: demoTrackingCarrier,
    lookupDelayMs: 0,
    report: lines ? { out: (line) => lines.push(line) } : quiet,
    ...more,
  });
}

/** The BigCommerce orders BC has posted shipments for (every seed order BC could post). */
const shippedOrders = (fakes: DemoFakes) =>
  fakes.bc
    .salesShipments()
    .map((s) => String(s.externalDocumentNumber))
    .filter((n) => n !== DEMO_FOREIGN_ORDER_NUMBER);

describe("bc-to-bigcommerce-shipments", () => {
  it("F1: the first run ships every order BC has shipped and quarantines the shipment of an unknown order", async () => {
    const fakes = createDemoFakes();
    const lines: string[] = [];
    const summary = await run(fakes, new MemoryCheckpointStore(), {}, lines);

    const orders = shippedOrders(fakes);
    expect(orders).toHaveLength(11);
    expect(summary).toMatchObject({ posted: 11, skipped: 0, quarantined: 1 });
    expect(summary.exceptions.map((e) => [e.code, e.failureId, e.owner, e.retryable, e.records[1]?.id])).toEqual([
      ["SHIPMENT_ORDER_NOT_FOUND", "F1", "operations", true, DEMO_FOREIGN_ORDER_NUMBER],
    ]);
    for (const orderId of orders) {
      const [shipment, ...more] = fakes.bigCommerce.shipments(orderId);
      expect(more).toEqual([]);
      // Every unit BC shipped is on the BigCommerce shipment; the order moves to Shipped.
      const bcShipment = fakes.bc.salesShipments().find((s) => s.externalDocumentNumber === orderId);
      const bcUnits = ((bcShipment?.salesShipmentLines ?? []) as Array<{ lineType: string; quantity: string }>)
        .filter((l) => l.lineType === "Item")
        .reduce((sum, l) => sum + Number(l.quantity), 0);
      expect(shipment?.items.reduce((sum, i) => sum + i.quantity, 0)).toBe(bcUnits);
      expect(shipment?.comments).toBe(`BC shipment ${bcShipment?.number}`);
      expect(shipment).toMatchObject({ tracking_carrier: "dhl", tracking_number: "" });
      expect(fakes.bigCommerce.order(orderId)?.order.status_id).toBe(2);
    }
    expect(summary.httpCalls).toMatchObject({ bc: expect.any(Number), bigcommerce: expect.any(Number) });
    expect(lines.join("\n")).toContain("- operations: SHIPMENT_ORDER_NOT_FOUND ×1");
  });

  it("F1: a rerun ships nothing new; with the watermark lost, every shipment is recognised on its order and skipped", async () => {
    const fakes = createDemoFakes();
    const checkpoints = new MemoryCheckpointStore();
    await run(fakes, checkpoints);
    const posts = () => fakes.bigCommerce.callCount({ method: "POST" });
    const before = posts();

    const rerun = await run(fakes, checkpoints);
    expect(rerun).toMatchObject({ posted: 0, skipped: 0, quarantined: 1 });
    const fromScratch = await run(fakes, new MemoryCheckpointStore());
    expect(fromScratch).toMatchObject({ posted: 0, skipped: 11, quarantined: 1 });
    expect(posts()).toBe(before);
  });

  it("O6/F1: with BigCommerce failing and losing answers to shipment creates, every order is shipped exactly once", async () => {
    const fakes = createDemoFakes({ foreignOrder: false });
    fakes.bigCommerce.faults.configure({
      seed: 5,
      errorRate: 0.3,
      lostResponseRate: 0.4,
      match: { method: "POST", path: "/shipments" },
    });
    const checkpoints = new MemoryCheckpointStore();
    for (let attempt = 0; attempt < 6; attempt++) {
      const summary = await run(fakes, checkpoints);
      if (summary.quarantined === 0) break;
    }
    expect(fakes.bigCommerce.faults.injected["lost-response"]).toBeGreaterThan(0);
    expect(fakes.bigCommerce.faults.injected.error).toBeGreaterThan(0);
    for (const orderId of shippedOrders(fakes)) expect(fakes.bigCommerce.shipments(orderId)).toHaveLength(1);
  });

  it("O6/F1: a shipment whose answer was lost is found on the order by its marker, not sent again", async () => {
    const fakes = createDemoFakes({ foreignOrder: false });
    fakes.bigCommerce.faults.once({ kind: "lost-response", method: "POST", path: "/shipments" });
    const lines: string[] = [];
    const summary = await run(fakes, new MemoryCheckpointStore(), {}, lines);
    expect(summary).toMatchObject({ posted: 11, quarantined: 0 });
    expect(fakes.bigCommerce.faults.injected["lost-response"]).toBe(1);
    expect(fakes.bigCommerce.shipments("100001")).toHaveLength(1);
    expect(lines.filter((l) => l.includes("found after a lost response"))).toHaveLength(1);
  });

  it("F1: with tracking from a custom API page the customer gets carrier and number; `hold` waits for a missing number", async () => {
    const fakes = createDemoFakes({ foreignOrder: false });
    const tracking: Record<string, { shippingAgentCode: string; packageTrackingNo: string }> = {
      "100001": { shippingAgentCode: "UPS", packageTrackingNo: "1Z999AA10123456784" },
      "100002": { shippingAgentCode: "DHL", packageTrackingNo: "00340434161094042557, 00340434161094042564" },
    };
    const checkpoints = new MemoryCheckpointStore();
    const summary = await run(fakes, checkpoints, {
      packageTrackingFor: (s) => tracking[s.externalDocumentNumber ?? ""],
      withoutTrackingNumber: "hold",
    });
    expect(summary).toMatchObject({ posted: 2, quarantined: 9 });
    expect(new Set(summary.exceptions.map((e) => [e.code, e.failureId, e.retryable].join(" ")))).toEqual(
      new Set(["TRACKING_NUMBERS_MISSING O15 true"]),
    );
    expect(fakes.bigCommerce.shipments("100001")[0]).toMatchObject({
      shipping_provider: "ups",
      tracking_number: "1Z999AA10123456784",
    });
    // BigCommerce keeps one number per shipment; the second goes into the comments next to the marker.
    expect(fakes.bigCommerce.shipments("100002")[0]).toMatchObject({
      tracking_carrier: "dhl",
      tracking_number: "00340434161094042557",
    });
    expect(fakes.bigCommerce.shipments("100002")[0]?.comments).toMatch(
      /^Tracking numbers: 00340434161094042557, 00340434161094042564 · BC shipment S-SHPT\d+$/,
    );
    // The held shipments are taken again by the next run, here with the notify policy.
    const next = await run(fakes, checkpoints, { withoutTrackingNumber: "notify" });
    expect(next).toMatchObject({ posted: 9, quarantined: 0 });
  });

  it("F1: a parcel already shipped by hand with the same tracking number is not shipped again", async () => {
    const fakes = createDemoFakes({ foreignOrder: false });
    const order = fakes.bigCommerce.order("100010");
    const response = await fakes.bigCommerce.fetch(`${fakes.bigCommerce.baseUrl}/v2/orders/100010/shipments`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", "x-auth-token": "t" },
      body: JSON.stringify({
        order_address_id: order?.shippingAddresses[0]?.id,
        tracking_number: "JJD000390007001234",
        items: [{ order_product_id: order?.products[0]?.id, quantity: 1 }],
      }),
    });
    expect(response.status).toBe(201);
    const summary = await run(fakes, new MemoryCheckpointStore(), {
      packageTrackingFor: (s) =>
        s.externalDocumentNumber === "100010"
          ? { shippingAgentCode: "DHL", packageTrackingNo: "JJD000390007001234" }
          : undefined,
    });
    expect(summary).toMatchObject({ posted: 10, skipped: 1 });
    expect(fakes.bigCommerce.shipments("100010")).toHaveLength(1);
  });

  it("runs over the loopback server like the demo", async () => {
    const server = await startFakeServer();
    try {
      const fakes = createDemoFakes();
      const summary = await runShipmentSync({
        bc: connectBc({ fake: fakes.bc, server, env: {} }),
        bigCommerce: connectBigCommerce({
          fake: fakes.bigCommerce,
          server,
          env: {},
        }),
        checkpoints: new MemoryCheckpointStore(),
        defaultCarrier: "DHL",
        report: quiet,
      });
      expect(summary).toMatchObject({ posted: 11, quarantined: 1 });
    } finally {
      await server.close();
    }
  });
});
