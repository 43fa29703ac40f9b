import { describe, expect, it } from "vitest";
import { findExistingShipment, shipmentMarker, withMarker } from "./shipment-match.js";

describe("recognising a BC shipment on the BigCommerce order (F1, O6)", () => {
  const onOrder = [
    { id: 1, tracking_number: "", comments: "BC shipment S-SHPT102001" },
    { id: 2, tracking_number: "00340434161094042557", comments: "Tracking numbers: a, b · BC shipment S-SHPT102005" },
  ];

  it("finds it by the marker in the comments, at a word boundary", () => {
    expect(findExistingShipment(onOrder, "S-SHPT102001", undefined)?.id).toBe(1);
    expect(findExistingShipment(onOrder, "S-SHPT102005", undefined)?.id).toBe(2);
    expect(findExistingShipment(onOrder, "S-SHPT10200", undefined)).toBeUndefined();
    expect(findExistingShipment(onOrder, "S-SHPT1020011", undefined)).toBeUndefined();
  });

  it("finds it by the tracking number when someone shipped the parcel by hand", () => {
    expect(findExistingShipment(onOrder, "S-SHPT109999", "00340434161094042557")?.id).toBe(2);
    expect(findExistingShipment(onOrder, "S-SHPT109999", "")).toBeUndefined();
    expect(findExistingShipment([], "S-SHPT102001", "x")).toBeUndefined();
  });

  it("adds the marker after the mapper's own comments", () => {
    const body = { order_address_id: 1, items: [{ order_product_id: 5, quantity: 1 }] };
    expect(withMarker(body, "S-SHPT102001").comments).toBe(shipmentMarker("S-SHPT102001"));
    expect(withMarker({ ...body, comments: "Tracking numbers: a, b" }, "S-SHPT102001").comments).toBe(
      "Tracking numbers: a, b · BC shipment S-SHPT102001",
    );
  });
});
