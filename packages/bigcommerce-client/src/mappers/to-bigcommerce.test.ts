import {
  type Availability,
  availabilityDelta,
  computeAvailability,
  Decimal,
  parseShipment,
  type ShipmentInput,
  StockLevelSchema,
} from "@org/core";
import { describe, expect, it } from "vitest";
import { adjustInventoryInChunks } from "../inventory-adjustments.js";
import { requestBodyValidator } from "./__fixtures__/bigcommerce-spec.js";
import { BIGCOMMERCE_DEFAULT_LOCATION_ID, toBigCommerceInventoryAdjustments } from "./to-bigcommerce-inventory.js";
import { toBigCommerceShipment } from "./to-bigcommerce-shipment.js";

// Contract tests: a body is valid when the operation's request-body schema in BigCommerce's own spec accepts it.
const absoluteAdjustment = requestBodyValidator("inventory.v3.yml", "put", "/inventory/adjustments/absolute");
const createShipment = requestBodyValidator("orders.v2.oas2.yml", "post", "/orders/{order_id}/shipments");

const available = (sku: string, quantity: string, location?: string): Availability => ({
  sku,
  quantity: Decimal.from(quantity),
  ...(location === undefined ? {} : { location }),
});

describe("toBigCommerceInventoryAdjustments", () => {
  it("I1: ERP availability becomes one absolute adjustment (levels set, safe to resend) that BigCommerce accepts", () => {
    const { body, exceptions } = toBigCommerceInventoryAdjustments(
      [available("MUG-BLUE", "12"), available("TEA-GREEN", "0"), available("MUG-BLUE", "4", "store-atl")],
      { locationIdsByLocation: { "store-atl": 3 }, reason: "Nightly ERP sync" },
    );
    expect(exceptions).toEqual([]);
    expect(body).toEqual({
      reason: "Nightly ERP sync",
      items: [
        { location_id: BIGCOMMERCE_DEFAULT_LOCATION_ID, sku: "MUG-BLUE", quantity: 12 },
        { location_id: 1, sku: "TEA-GREEN", quantity: 0 },
        { location_id: 3, sku: "MUG-BLUE", quantity: 4 },
      ],
    });
    expect(absoluteAdjustment(body)).toEqual([]);
  });

  it("I2/I3: only changed SKUs are pushed, after the safety buffer, never negative", () => {
    const stock = (sku: string, onHand: string) => StockLevelSchema.parse({ sku, warehouse: "MAIN", onHand });
    const policy = { targets: [{ warehouses: ["MAIN"] }], buffer: { absolute: 2 } };
    const yesterday = computeAvailability([stock("MUG-BLUE", "10"), stock("TEA-GREEN", "5")], policy);
    const today = computeAvailability(
      [stock("MUG-BLUE", "10"), stock("TEA-GREEN", "1"), stock("CUP-RED", "7.5")],
      policy,
    );
    const { body, exceptions } = toBigCommerceInventoryAdjustments(availabilityDelta(yesterday, today));
    expect(exceptions).toEqual([]);
    expect(body.items).toEqual([
      { location_id: 1, sku: "CUP-RED", quantity: 5 },
      { location_id: 1, sku: "TEA-GREEN", quantity: 0 },
    ]);
    expect(absoluteAdjustment(body)).toEqual([]);
  });

  it("I7: every SKU goes into one body and the client sends it in requests of 2,000, each accepted by the schema", async () => {
    const many = Array.from({ length: 4500 }, (_, i) => available(`SKU-${i}`, String(i % 40)));
    const { body } = toBigCommerceInventoryAdjustments(many);
    expect(body.items).toHaveLength(4500);
    const sent: number[] = [];
    await adjustInventoryInChunks(
      async (chunk) => {
        sent.push(chunk.items.length);
        expect(absoluteAdjustment(chunk)).toEqual([]);
        return { data: { transaction_id: "t" }, error: undefined, response: new Response(null, { status: 200 }) };
      },
      "absolute",
      body,
    );
    expect(sent).toEqual([2000, 2000, 500]);
  });

  it("a fractional quantity, an unmapped location or two levels for one SKU are exceptions naming the SKU; the rest goes", () => {
    const { body, exceptions } = toBigCommerceInventoryAdjustments([
      available("MUG-BLUE", "2.5"),
      available("TEA-GREEN", "3", "warehouse-x"),
      available("CUP-RED", "4"),
      available("CUP-RED", "5"),
      available("PLATE", "6"),
      available("PLATE", "6.000"),
    ]);
    expect(body.items).toEqual([{ location_id: 1, sku: "PLATE", quantity: 6 }]);
    expect(exceptions.map((e) => [e.code, e.records[0]?.id, e.field])).toEqual([
      ["INVALID_PAYLOAD", "MUG-BLUE", "0.quantity"],
      ["LOCATION_NOT_MAPPED", "TEA-GREEN", "1.location"],
      ["INVALID_PAYLOAD", "CUP-RED", "2.quantity"],
    ]);
    expect(exceptions[0]).toMatchObject({
      message: expect.stringMatching(/^SKU MUG-BLUE: /),
      impact: "stock not published",
    });
    expect(absoluteAdjustment(body)).toEqual([]);
    // What the exception prevents: the store's schema takes whole units only.
    expect(absoluteAdjustment({ items: [{ location_id: 1, sku: "MUG-BLUE", quantity: 2.5 }] })).not.toEqual([]);
  });
});

describe("toBigCommerceShipment", () => {
  const shipment = (overrides: Partial<ShipmentInput> = {}) =>
    parseShipment({
      source: { system: "bc", type: "salesShipment", id: "102001" },
      orderRef: { system: "bigcommerce", type: "order", id: "100234", number: "100234" },
      shippedAt: "2026-03-02T14:00:00Z",
      carrier: "UPS",
      method: "UPS Ground",
      trackingNumbers: ["1Z999AA10123456784"],
      lines: [
        { sku: "MUG-BLUE", orderLineId: "1", quantity: 2 },
        { sku: "TEA-GREEN", quantity: 1 },
      ],
      ...overrides,
    });
  const options = { orderAddressId: 11, orderProductIdsBySku: { "MUG-BLUE": 1, "TEA-GREEN": 2 } };

  it("F1: a posted ERP shipment becomes a BigCommerce shipment with carrier and tracking that the schema accepts", () => {
    const result = toBigCommerceShipment(shipment(), options);
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    expect(result.value).toEqual({
      order_address_id: 11,
      tracking_number: "1Z999AA10123456784",
      shipping_provider: "ups",
      shipping_method: "UPS Ground",
      items: [
        { order_product_id: 1, quantity: 2 },
        { order_product_id: 2, quantity: 1 },
      ],
    });
    expect(result.warnings).toEqual([]);
    expect(createShipment(result.value)).toEqual([]);
  });

  it("F1: other carriers use the configured tracking carrier, else show as the method with a warning", () => {
    const dhl = toBigCommerceShipment(shipment({ carrier: "DHL Express", method: undefined }), {
      ...options,
      trackingCarrierFor: (carrier) => (carrier.startsWith("DHL") ? "dhl" : undefined),
    });
    expect(dhl.kind === "ok" && dhl.value).toMatchObject({ tracking_carrier: "dhl", shipping_method: "DHL Express" });
    expect(dhl.kind === "ok" && createShipment(dhl.value)).toEqual([]);
    const unmapped = toBigCommerceShipment(shipment({ carrier: "Local Courier", method: undefined }), options);
    expect(unmapped.kind === "ok" && unmapped.value).not.toHaveProperty("tracking_carrier");
    expect(unmapped.kind === "ok" && unmapped.value.shipping_method).toBe("Local Courier");
    expect(unmapped.warnings.map((w) => w.code)).toEqual(["CARRIER_NOT_MAPPED"]);
  });

  it("F1: several tracking numbers keep the first as the tracking number and list all in the comments", () => {
    const result = toBigCommerceShipment(shipment({ trackingNumbers: ["1Z1", "1Z2"] }), options);
    expect(result.kind === "ok" && result.value).toMatchObject({
      tracking_number: "1Z1",
      comments: "Tracking numbers: 1Z1, 1Z2",
    });
    expect(result.warnings.map((w) => w.code)).toEqual(["SEVERAL_TRACKING_NUMBERS"]);
  });

  it("F1: a SKU not on the order or a fractional quantity is an exception, never a shipment missing a line", () => {
    const result = toBigCommerceShipment(
      shipment({
        lines: [
          { sku: "MUG-BLUE", orderLineId: "1", quantity: 2 },
          { sku: "SPOON", quantity: 1 },
          { sku: "TEA-GREEN", quantity: "0.5" },
        ],
      }),
      options,
    );
    expect(result.kind === "failed" && result.exceptions.map((e) => [e.failureId, e.field, e.details?.sku])).toEqual([
      ["F1", "lines.1.sku", "SPOON"],
      ["F1", "lines.2.quantity", "TEA-GREEN"],
    ]);
    expect(result.kind === "failed" && result.exceptions[0]).toMatchObject({
      owner: "operations",
      retryable: false,
      targetSystem: "bigcommerce",
      message: expect.stringMatching(/^Shipment 102001 of order 100234: SKU SPOON/),
      records: [
        { system: "bc", id: "102001" },
        { system: "bigcommerce", id: "100234" },
      ],
    });
  });

  it("a tracking number longer than BigCommerce's 50 characters is an exception", () => {
    const result = toBigCommerceShipment(shipment({ trackingNumbers: ["X".repeat(51)] }), options);
    expect(result.kind === "failed" && result.exceptions[0]?.field).toBe("trackingNumbers.0");
    // The contract test would have caught it: the schema limits tracking_number to 50 characters.
    expect(createShipment({ order_address_id: 11, tracking_number: "X".repeat(51), items: [] })).not.toEqual([]);
  });
});
