import { describe, expect, it } from "vitest";
import { parseItem } from "../entities/item";
import { Decimal } from "../money/decimal";
import {
  mapSafely,
  ownEntry,
  PayloadError,
  readList,
  readOptionalBoolean,
  readOptionalDecimal,
  readOptionalInteger,
  readOptionalText,
  readRecord,
  readText,
  recordKey,
  withoutValue,
} from "./payload";

const ref = { system: "erp", type: "item", id: "1896-S" };

describe("payload readers (X1)", () => {
  it("read what is there and name the field of what is wrong", () => {
    expect(readText("  a ")).toBe("a");
    expect(readText(12)).toBe("12");
    expect(readText({})).toBeUndefined();
    expect(readOptionalText(null, "f")).toBeUndefined();
    expect(() => readOptionalText(1, "name")).toThrow(PayloadError);
    expect(readRecord({ a: 1 }, "r")).toEqual({ a: 1 });
    expect(() => readRecord([], "r")).toThrow(/expected an object/);
    expect(readList(undefined, "l")).toEqual([]);
    expect(() => readList("x", "l")).toThrow(/expected a list/);
    expect(readOptionalDecimal("12.30", "d")?.toString()).toBe("12.30");
    expect(() => readOptionalDecimal(true, "d")).toThrow(PayloadError);
    expect(readOptionalBoolean(false, "b")).toBe(false);
    expect(() => readOptionalBoolean("yes", "b")).toThrow(PayloadError);
    expect(readOptionalInteger(3, "i")).toBe(3);
    expect(() => readOptionalInteger(1.5, "i")).toThrow(/integer/);
    expect(recordKey({})).toBe("(unknown)");
    expect(recordKey("x".repeat(80))).toHaveLength(50);
    expect(ownEntry({ a: 1 }, "constructor")).toBeUndefined();
    expect(withoutValue('price: not a number (got "12,50")')).toBe("price: not a number");
  });

  it("X1: mapSafely turns bad data into INVALID_PAYLOAD exceptions without the bad value, and lets bugs through", () => {
    const ok = mapSafely(ref, "Item 1896-S", (warnings) => {
      warnings.push({ code: "W", message: "w" });
      return 1;
    });
    expect(ok).toEqual({ kind: "ok", value: 1, warnings: [{ code: "W", message: "w" }] });
    const decimal = mapSafely(ref, "Item 1896-S", () => Decimal.from("12,50", "unitPrice"));
    expect(decimal.kind === "failed" && decimal.exceptions[0]).toMatchObject({
      code: "INVALID_PAYLOAD",
      field: "unitPrice",
      records: [ref],
    });
    expect(decimal.kind === "failed" && decimal.exceptions[0]?.message).not.toContain("12,50");
    const entity = mapSafely(ref, "Item 1896-S", () =>
      parseItem({ sku: "", erpNumber: "1", description: "", baseUnit: "PCS", active: true }),
    );
    expect(entity.kind === "failed" && entity.exceptions[0]?.field).toBe("sku");
    const payload = mapSafely(ref, "Item 1896-S", () => readRecord(null, "units"));
    expect(payload.kind === "failed" && payload.exceptions[0]?.message).toBe("Item 1896-S: units: expected an object");
    expect(() =>
      mapSafely(ref, "x", () => {
        throw new TypeError("bug");
      }),
    ).toThrow(TypeError);
  });
});
