import { Decimal } from "@org/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromMagentoProduct, type MagentoProduct } from "./from-magento-product.js";

/** `GET /V1/products/24-MB01` of the Luma sample catalog, with tier prices and an ERP number attribute. */
function duffleBag(): MagentoProduct {
  return {
    id: 1,
    sku: "24-MB01",
    name: "Joust Duffle Bag",
    attribute_set_id: 15,
    price: 34,
    status: 1,
    visibility: 4,
    type_id: "simple",
    created_at: "2026-01-10 08:00:00",
    updated_at: "2026-02-28 17:45:12",
    weight: 1,
    extension_attributes: { website_ids: [1], category_links: [{ position: 0, category_id: "4" }] },
    tier_prices: [
      { customer_group_id: 32000, qty: 10, value: 30.6, extension_attributes: { website_id: 0 } },
      { customer_group_id: 2, qty: 5, value: 0, extension_attributes: { percentage_value: 12.5, website_id: 0 } },
      { customer_group_id: 3, qty: 1, value: 29.99 },
    ],
    custom_attributes: [
      { attribute_code: "description", value: "<p>The sporty Joust Duffle Bag…</p>" },
      { attribute_code: "tax_class_id", value: "2" },
      { attribute_code: "erp_item_no", value: "A00017" },
    ],
  };
}

describe("fromMagentoProduct", () => {
  it("M1/M2/O13: the storefront's view of an item, for reconciliation: number, status, list and tier prices", () => {
    const result = fromMagentoProduct(duffleBag(), {
      currency: "USD",
      erpNumberAttribute: "erp_item_no",
      baseUnit: "PCS",
      priceLists: { 2: "WHOLESALE" },
    });
    expect(result).toEqual({
      kind: "ok",
      warnings: [],
      value: {
        sku: "24-MB01",
        erpNumber: "A00017",
        description: "Joust Duffle Bag",
        baseUnit: "PCS",
        alternateUnits: [],
        taxClass: "2",
        tracking: "none",
        active: true,
        prices: [
          { currency: "USD", unitPrice: Decimal.from(34), minimumQuantity: Decimal.ZERO, includesTax: false },
          { currency: "USD", unitPrice: Decimal.from("30.6"), minimumQuantity: Decimal.from(10), includesTax: false },
          // 12.5 % off 34.00, exactly
          {
            priceList: "WHOLESALE",
            currency: "USD",
            unitPrice: Decimal.from("29.75"),
            minimumQuantity: Decimal.from(5),
            includesTax: false,
          },
          {
            priceList: "customer-group-3",
            currency: "USD",
            unitPrice: Decimal.from("29.99"),
            minimumQuantity: Decimal.from(1),
            includesTax: false,
          },
        ],
        updatedAt: "2026-02-28T17:45:12Z",
      },
    });
  });

  it("O1: disabled is inactive; without the attribute the SKU is the ERP number; parents of other products are skipped", () => {
    const disabled = fromMagentoProduct({ ...duffleBag(), status: 2 }, { currency: "EUR", pricesIncludeTax: true });
    expect(disabled).toMatchObject({ kind: "ok", value: { erpNumber: "24-MB01", baseUnit: "each", active: false } });
    expect(disabled.kind === "ok" && disabled.value.prices.every((p) => p.includesTax && p.currency === "EUR")).toBe(
      true,
    );
    expect(fromMagentoProduct({ ...duffleBag(), type_id: "configurable" }, { currency: "USD" })).toEqual({
      kind: "skipped",
      reason: "configurable product: it sells other products and holds no stock of its own",
      warnings: [],
    });
    expect(fromMagentoProduct({ ...duffleBag(), type_id: "bundle" }, { currency: "USD", parentTypes: [] }).kind).toBe(
      "ok",
    );
  });

  it("bad data names the product and the field", () => {
    const noErpNumber = fromMagentoProduct(duffleBag(), { currency: "USD", erpNumberAttribute: "erp_id" });
    expect(noErpNumber).toMatchObject({
      kind: "failed",
      exceptions: [
        { code: "INVALID_PAYLOAD", field: "custom_attributes.erp_id", records: [{ id: "1", number: "24-MB01" }] },
      ],
    });
    const { price: _, ...noPrice } = duffleBag();
    expect(fromMagentoProduct(noPrice, { currency: "USD" })).toMatchObject({
      kind: "failed",
      exceptions: [{ field: "price" }],
    });
    expect(fromMagentoProduct({ ...duffleBag(), status: 3 }, { currency: "USD" })).toMatchObject({
      kind: "failed",
      exceptions: [{ field: "status", message: "Product 24-MB01: expected 1 (enabled) or 2 (disabled)" }],
    });
    expect(fromMagentoProduct(duffleBag(), { currency: "EURO" })).toMatchObject({
      kind: "failed",
      exceptions: [
        { field: "prices.0.currency" },
        { field: "prices.1.currency" },
        { field: "prices.2.currency" },
        { field: "prices.3.currency" },
      ],
    });
  });

  it("fuzz: malformed products give ok, skipped or typed exceptions naming the product, never a crash", () => {
    const poison = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.constant(""),
      fc.constant("12,50"),
      fc.constant(Number.NaN),
      fc.constant(-1),
      fc.constant({}),
      fc.constant([{}]),
      fc.constant(true),
      fc.string(),
      fc.integer(),
      fc.double(),
    );
    type Mutable = Record<string, unknown>;
    const paths: Array<(p: MagentoProduct, v: unknown) => void> = [
      (p, v) => Object.assign(p, { sku: v }),
      (p, v) => Object.assign(p, { price: v }),
      (p, v) => Object.assign(p, { status: v }),
      (p, v) => Object.assign(p, { type_id: v }),
      (p, v) => Object.assign(p, { updated_at: v }),
      (p, v) => Object.assign(p, { tier_prices: v }),
      (p, v) => Object.assign(p, { custom_attributes: v }),
      (p, v) => Object.assign(p.tier_prices?.[1] as Mutable, { extension_attributes: v }),
      (p, v) => Object.assign(p.tier_prices?.[0] as Mutable, { qty: v }),
      (p, v) => Object.assign(p.custom_attributes?.[2] as Mutable, { value: v }),
    ];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(paths.length - 1), poison), { minLength: 1, maxLength: 3 }), (mutations) => {
        const input = duffleBag();
        for (const [index, value] of mutations) {
          try {
            paths[index]?.(input, value);
          } catch {
            // an earlier mutation replaced the parent
          }
        }
        const result = fromMagentoProduct(input, { currency: "USD", erpNumberAttribute: "erp_item_no" });
        if (result.kind === "failed") {
          for (const exception of result.exceptions) {
            expect(exception.code).toBe("INVALID_PAYLOAD");
            expect(exception.message).toMatch(/^Product /);
            expect(exception.field ?? "").not.toBe("");
          }
        } else {
          expect(["ok", "skipped"]).toContain(result.kind);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
