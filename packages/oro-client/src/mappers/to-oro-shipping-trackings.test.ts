import type { ShipmentInput } from "@org/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadSample } from "../__fixtures__/oro-samples.js";
import { createValidator, loadSpec } from "../__fixtures__/oro-spec.js";
import type { components } from "../generated/index.js";
import { flattenDocument, type JsonApiDocument } from "../jsonapi.js";
import { toOroShippingTrackings } from "./to-oro-shipping-trackings.js";

const validate = createValidator(loadSpec());
/** Contract test: a body is valid when the request schema of the package's OpenAPI document accepts it. */
function assertValid(schema: string, body: unknown): void {
  expect(validate(schema, body)).toEqual([]);
}

/** The ERP shipment for Oro's sample tracking (`method 1` / `number 1` on order1). */
function shipment(): ShipmentInput {
  return {
    source: { system: "bc", type: "salesShipment", id: "S-SHPT-1001" },
    orderRef: { system: "oro", type: "order", id: "101", number: "SO-1001" },
    shippedAt: "2026-03-02T08:00:00Z",
    carrier: "UPS",
    method: "UPS Ground",
    trackingNumbers: ["1Z999AA10123456784", "1Z999AA10123456785"],
    lines: [{ sku: "product-1", quantity: "5" }],
  };
}

describe("toOroShippingTrackings", () => {
  it("F1: one create document per tracking number, carrier as method, linked to the order, schema-valid", () => {
    const result = toOroShippingTrackings(shipment(), { orderId: "101" });
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    expect(result.value).toHaveLength(2);
    for (const document of result.value) assertValid("OrderShippingTrackingCreateDocument", document);
    expect(result.value[0]).toEqual({
      data: {
        type: "ordershippingtrackings",
        attributes: { method: "UPS", number: "1Z999AA10123456784" },
        relationships: { orders: { data: [{ type: "orders", id: "101" }] } },
      },
    });
  });

  it("F1: re-runs are safe: numbers already on the order are not created again; the method falls back", () => {
    const sample = flattenDocument(
      loadSample("OrderBundle/get_shipping_tracking.yml") as JsonApiDocument<
        components["schemas"]["OrderShippingTracking"]
      >,
    );
    const input = {
      ...shipment(),
      carrier: undefined,
      trackingNumbers: [sample.number ?? "", "1Z-NEW"],
    } as ShipmentInput;
    const result = toOroShippingTrackings(input, { orderId: "101", existingTrackingNumbers: [sample.number ?? ""] });
    expect(result.kind === "ok" && result.value.map((d) => d.data.attributes)).toEqual([
      { method: "UPS Ground", number: "1Z-NEW" },
    ]);
    const none = toOroShippingTrackings({ ...shipment(), trackingNumbers: [] }, { orderId: "101" });
    expect(none).toMatchObject({ kind: "ok", value: [], warnings: [{ code: "NO_TRACKING_NUMBERS" }] });
  });

  it("bad data is an exception naming the shipment and the field: no order id, no carrier, too long, invalid", () => {
    expect(toOroShippingTrackings(shipment(), { orderId: "" })).toMatchObject({
      kind: "failed",
      exceptions: [{ code: "INVALID_PAYLOAD", field: "orderId" }],
    });
    const noCarrier = { ...shipment(), carrier: undefined, method: undefined } as ShipmentInput;
    expect(toOroShippingTrackings(noCarrier, { orderId: "101" })).toMatchObject({
      kind: "failed",
      exceptions: [{ field: "carrier" }],
    });
    const long = toOroShippingTrackings({ ...shipment(), trackingNumbers: ["9".repeat(300)] }, { orderId: "101" });
    expect(long).toMatchObject({ kind: "failed", exceptions: [{ code: "FIELD_TOO_LONG", field: "trackingNumbers" }] });
    const invalid = toOroShippingTrackings({ ...shipment(), lines: [] }, { orderId: "101" });
    expect(invalid).toMatchObject({
      kind: "failed",
      exceptions: [{ code: "INVALID_PAYLOAD", records: [{ id: "S-SHPT-1001" }, { id: "101" }] }],
    });
  });

  it("fuzz: malformed shipments give schema-valid documents or typed exceptions, never a crash", () => {
    const poison = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.constant(""),
      fc.constant("x".repeat(5_000)),
      fc.constant(0.1 + 0.2),
      fc.constant([]),
      fc.constant([""]),
      fc.constant({}),
      fc.string(),
      fc.array(fc.string()),
      fc.double(),
    );
    const fields = ["source", "orderRef", "shippedAt", "carrier", "method", "trackingNumbers", "lines"];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...fields), poison), { maxLength: 4 }),
        fc.oneof(fc.constant("101"), fc.string()),
        (mutations, orderId) => {
          const input = shipment() as Record<string, unknown>;
          for (const [field, value] of mutations) input[field] = value;
          const result = toOroShippingTrackings(input as ShipmentInput, { orderId });
          if (result.kind === "ok")
            for (const document of result.value) assertValid("OrderShippingTrackingCreateDocument", document);
          else if (result.kind === "failed")
            for (const exception of result.exceptions) {
              expect(["INVALID_PAYLOAD", "FIELD_TOO_LONG"]).toContain(exception.code);
              expect(exception.message.length).toBeLessThanOrEqual(300);
            }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
