import { type Availability, availabilityDelta, computeAvailability, Decimal, type StockLevel } from "@org/core";
import { describe, expect, it } from "vitest";
import { requestBodyValidator } from "../__fixtures__/magento-spec.js";
import { MAGENTO_SOURCE_ITEM_STATUS, toMagentoSourceItems } from "./to-magento-source-items.js";

const validateSourceItems = requestBodyValidator("post", "/V1/inventory/source-items");

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
