import {
  type Availability,
  availabilityDelta,
  computeAvailability,
  Decimal,
  parseShipment,
  type ShipmentInput,
  type StockLevel,
} from "@org/core";
import { describe, expect, it } from "vitest";
import { usOrder } from "../__fixtures__/magento-orders.js";
import { requestBodyValidator } from "../__fixtures__/magento-spec.js";
import { fromMagentoOrder } from "./from-magento-order.js";
import { MAGENTO_CUSTOM_CARRIER_CODE, toMagentoShipOrder } from "./to-magento-ship-order.js";
import { MAGENTO_SOURCE_ITEM_STATUS, toMagentoSourceItems } from "./to-magento-source-items.js";

const validateSourceItems = requestBodyValidator("post", "/V1/inventory/source-items");
const validateShipOrder = requestBodyValidator("post", "/V1/order/{orderId}/ship");

const level = (sku: string, warehouse: string, onHand: string, committed = "0"): StockLevel => ({
  sku,
  warehouse,
  onHand: Decimal.from(onHand),
  committed: Decimal.from(committed),
});
const entry = (sku: string, quantity: string, location?: string): Availability => ({
  sku,
  quantity: Decimal.from(quantity),
  ...(location === undefined ? {} : { location }),
});

describe("toMagentoSourceItems", () => {
  it("I1/I2/I3/I7: ERP stock, net of buffers, as one source-items body; zero is out of stock; Magento's schema accepts it", () => {
    const policy = {
      targets: [
        { location: "eu", warehouses: ["BER"] },
        { location: "us", warehouses: ["ATL", "DAL"] },
      ],
      buffer: { absolute: 2 },
    };
    const before = computeAvailability(
      [level("24-MB01", "BER", "10"), level("24-MB01", "ATL", "5"), level("MH01-XS-Black", "DAL", "7")],
      policy,
    );
    const after = computeAvailability(
      [level("24-MB01", "BER", "10", "9"), level("24-MB01", "ATL", "5"), level("MH01-XS-Black", "DAL", "12")],
      policy,
    );
    const { body, exceptions } = toMagentoSourceItems(availabilityDelta(before, after), {
      sourceCodes: { eu: "berlin_dc", us: "atlanta_dc" },
    });
    expect(exceptions).toEqual([]);
    // Only what changed (I2): the bag sold out in Berlin (10 − 9 committed − 2 buffer < 0 → 0), hoodies grew.
    expect(body).toEqual({
      sourceItems: [
        { sku: "24-MB01", source_code: "berlin_dc", quantity: 0, status: MAGENTO_SOURCE_ITEM_STATUS.outOfStock },
        { sku: "MH01-XS-Black", source_code: "atlanta_dc", quantity: 10, status: MAGENTO_SOURCE_ITEM_STATUS.inStock },
      ],
    });
    expect(validateSourceItems(body)).toEqual([]);
  });

  it("I7: thousands of SKUs are one body (Magento specifies no item limit for this endpoint)", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => entry(`SKU-${i}`, String(i % 7)));
    const { body, exceptions } = toMagentoSourceItems(many, { sourceCodes: {} });
    expect(exceptions).toEqual([]);
    expect(body.sourceItems).toHaveLength(10_000);
    expect(body.sourceItems[1]).toEqual({ sku: "SKU-1", source_code: "default", quantity: 1, status: 1 });
    expect(validateSourceItems(body)).toEqual([]);
  });

  it("I4: an unmapped location, a quantity Magento cannot store or a repeated SKU is an exception; the rest is sent", () => {
    const { body, exceptions } = toMagentoSourceItems(
      [
        entry("A", "3", "eu"),
        entry("B", "4", "mars"),
        entry("C", "1.25", "eu"),
        entry("D", "0.00001", "eu"),
        entry("E", "100000000", "eu"),
        entry("A", "5", "eu-2"), // a second location mapped to the same source
        { sku: "F", quantity: "-1" } as unknown as Availability,
        entry("G", "2"),
      ],
      { sourceCodes: { eu: "berlin_dc", "eu-2": "berlin_dc" }, defaultSourceCode: "web", sourceSystem: "sapb1" },
    );
    expect(body.sourceItems.map((item) => `${item.sku}@${item.source_code}=${item.quantity}/${item.status}`)).toEqual([
      "A@berlin_dc=3/1",
      "C@berlin_dc=1.25/1",
      "G@web=2/1",
    ]);
    expect(exceptions.map((e) => [e.code, e.failureId, e.field, e.records[0]?.id])).toEqual([
      ["WAREHOUSE_NOT_MAPPED", "I4", "1.location", "B"],
      ["INVALID_PAYLOAD", undefined, "3.quantity", "D"],
      ["INVALID_PAYLOAD", undefined, "4.quantity", "E"],
      ["INVALID_PAYLOAD", undefined, "5.sku", "A"],
      ["INVALID_PAYLOAD", undefined, "6.quantity", "F"],
    ]);
    expect(exceptions[0]).toMatchObject({ sourceSystem: "sapb1", targetSystem: "magento", owner: "operations" });
    expect(validateSourceItems(body)).toEqual([]);
  });

  it("contract: the schema check catches a misspelt field and a missing list", () => {
    expect(validateSourceItems({ sourceItems: [{ sku: "A", sourceCode: "default", quantity: 1, status: 1 }] })).toEqual(
      ["/sourceItems/0 must NOT have additional properties"],
    );
    expect(validateSourceItems({})).toEqual(["/ must have required property 'sourceItems'"]);
  });
});

describe("toMagentoShipOrder", () => {
  const order = fromMagentoOrder(usOrder());
  if (order.kind !== "ok") throw new Error("fixture");
  // The ids the ERP needs, straight from the mapped order: line id = the order item carrying the SKU.
  const orderItemIdsBySku = Object.fromEntries(order.value.lines.map((line) => [line.sku, Number(line.lineId)]));
  const shipment = (overrides: Partial<ShipmentInput> = {}) =>
    parseShipment({
      source: { system: "bc", type: "salesShipment", id: "S-1001" },
      orderRef: { system: "magento", type: "order", id: "3104", number: "000003104" },
      shippedAt: "2026-03-02T09:00:00Z",
      carrier: "UPS",
      method: "UPS Ground",
      trackingNumbers: ["1Z999AA10123456784", "1Z999AA10123456795"],
      lines: [
        { sku: "MH01-XS-Black", orderLineId: "6201", quantity: 1 },
        { sku: "24-MB01", quantity: 1 },
        { sku: "24-MB01", quantity: 1 },
      ],
      ...overrides,
    });

  it("F1: items by order line id or SKU, added up per item; tracking with the carrier code; Magento's schema accepts it", () => {
    const result = toMagentoShipOrder(shipment(), { orderItemIdsBySku, carrierCodes: { ups: "ups" } });
    expect(result).toEqual({
      kind: "ok",
      warnings: [],
      value: {
        items: [
          { order_item_id: 6201, qty: 1 },
          { order_item_id: 6203, qty: 2 },
        ],
        notify: true,
        tracks: [
          { track_number: "1Z999AA10123456784", title: "UPS", carrier_code: "ups" },
          { track_number: "1Z999AA10123456795", title: "UPS", carrier_code: "ups" },
        ],
      },
    });
    if (result.kind === "ok") expect(validateShipOrder(result.value)).toEqual([]);
  });

  it("F1: a SKU that is not on the order is an exception naming the shipment and the order; nothing is sent", () => {
    const result = toMagentoShipOrder(
      shipment({
        lines: [
          { sku: "24-MB01", quantity: 1 },
          { sku: "WB04", quantity: 1 },
        ],
      }),
      {
        orderItemIdsBySku,
        carrierCodes: {},
      },
    );
    expect(result).toMatchObject({
      kind: "failed",
      exceptions: [
        {
          code: "SHIPMENT_ORDER_NOT_FOUND",
          failureId: "F1",
          retryable: false,
          field: "lines.1.sku",
          targetSystem: "magento",
          message: "Shipment S-1001 of order 000003104: SKU WB04 is not on the Magento order",
          records: [{ id: "S-1001" }, { id: "3104", number: "000003104" }],
          details: { sku: "WB04" },
        },
      ],
    });
    // A line id the order does not have falls back to the SKU.
    const stale = toMagentoShipOrder(shipment({ lines: [{ sku: "24-MB01", orderLineId: "9999", quantity: 1 }] }), {
      orderItemIdsBySku,
      carrierCodes: {},
    });
    expect(stale.kind === "ok" && stale.value.items).toEqual([{ order_item_id: 6203, qty: 1 }]);
  });

  it("an unmapped carrier ships as Magento's custom carrier (warned); source code and notify pass through", () => {
    const result = toMagentoShipOrder(shipment({ carrier: "Hermes", lines: [{ sku: "24-MB01", quantity: "0.5" }] }), {
      orderItemIdsBySku,
      carrierCodes: { UPS: "ups" },
      notify: false,
      sourceCode: "berlin_dc",
    });
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    expect(result.value).toEqual({
      items: [{ order_item_id: 6203, qty: 0.5 }],
      notify: false,
      tracks: [
        { track_number: "1Z999AA10123456784", title: "Hermes", carrier_code: MAGENTO_CUSTOM_CARRIER_CODE },
        { track_number: "1Z999AA10123456795", title: "Hermes", carrier_code: MAGENTO_CUSTOM_CARRIER_CODE },
      ],
      arguments: { extension_attributes: { source_code: "berlin_dc" } },
    });
    expect(result.warnings.map((w) => w.code)).toEqual(["CARRIER_NOT_MAPPED"]);
    expect(validateShipOrder(result.value)).toEqual([]);
    // No carrier and no tracking: no tracks, no warning; the method names nothing that is sent.
    const { carrier: _, ...noCarrier } = shipment({ trackingNumbers: [] });
    const untracked = toMagentoShipOrder(noCarrier, { orderItemIdsBySku, carrierCodes: {} });
    expect(untracked).toMatchObject({ kind: "ok", warnings: [], value: { tracks: [] } });
  });

  it("a shipment that ships nothing, or more decimals than Magento keeps, is an exception", () => {
    // Magento ships every remaining item when `items` is empty: never send that for a zero-quantity shipment.
    const nothing = toMagentoShipOrder(shipment({ lines: [{ sku: "24-MB01", quantity: 0 }] }), {
      orderItemIdsBySku,
      carrierCodes: {},
    });
    expect(nothing).toMatchObject({ kind: "failed", exceptions: [{ field: "lines" }] });
    const fine = toMagentoShipOrder(shipment({ lines: [{ sku: "24-MB01", quantity: "0.12345" }] }), {
      orderItemIdsBySku,
      carrierCodes: {},
    });
    expect(fine).toMatchObject({ kind: "failed", exceptions: [{ field: "lines.0.quantity" }] });
  });
});
