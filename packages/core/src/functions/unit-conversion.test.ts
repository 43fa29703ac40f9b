import { describe, expect, it } from "vitest";
import { parseItem } from "../entities/item";
import { convertQuantity, unitFactor } from "./unit-conversion";

const tea = parseItem({
  sku: "TEA-GREEN",
  erpNumber: "1000",
  description: "Green tea",
  baseUnit: "PCS",
  alternateUnits: [
    { code: "BOX", factor: "12" },
    { code: "PALLET", factor: "1440" },
    { code: "KG", factor: "2.5" },
  ],
  active: true,
});

describe("unit conversion (O12)", () => {
  it("O12: 2 BOX of 12 are 24 PCS, never 2 PALLET", () => {
    expect(convertQuantity(tea, "2", "box")).toEqual({ kind: "ok", quantity: expect.anything() });
    const result = convertQuantity(tea, "2", "box");
    expect(result.kind === "ok" && result.quantity.toString()).toBe("24");
    const pallets = convertQuantity(tea, "2880", "PCS", "PALLET");
    expect(pallets.kind === "ok" && pallets.quantity.toString()).toBe("2");
    const boxes = convertQuantity(tea, "1", "PALLET", "BOX");
    expect(boxes.kind === "ok" && boxes.quantity.toString()).toBe("120");
  });

  it("O12: uneven conversions round with the configured scale and mode", () => {
    const result = convertQuantity(tea, "1", "PCS", "KG", { scale: 3, mode: "half-up" });
    expect(result.kind === "ok" && result.quantity.toString()).toBe("0.4");
    const thirds = convertQuantity(
      { baseUnit: "PCS", alternateUnits: [{ code: "PACK3", factor: tea.alternateUnits[0]!.factor.div(4, 0, "down") }] },
      "1",
      "PCS",
      "PACK3",
    );
    expect(thirds.kind === "ok" && thirds.quantity.toString()).toBe("0.33333");
  });

  it("O12: an unknown unit is reported, never guessed", () => {
    expect(convertQuantity(tea, "1", "crate")).toEqual({ kind: "unknown_unit", unit: "crate" });
    expect(convertQuantity(tea, "1", "BOX", "LITRE")).toEqual({ kind: "unknown_unit", unit: "LITRE" });
    expect(unitFactor(tea, "pcs")?.toString()).toBe("1");
    expect(unitFactor(tea, "crate")).toBeUndefined();
  });
});
