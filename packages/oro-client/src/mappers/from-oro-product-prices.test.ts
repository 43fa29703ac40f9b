import { Decimal } from "@org/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadSample } from "../__fixtures__/oro-samples.js";
import type { components } from "../generated/index.js";
import { flattenDocument, type JsonApiDocument } from "../jsonapi.js";
import { fromOroProductPrices, type OroFlatProductPrice } from "./from-oro-product-prices.js";

type PriceCollection = JsonApiDocument<components["schemas"]["ProductPrice"][]>;

/** Oro's `product_price_get_list` sample: product-1 at 12.20 USD per liter from 5, product-2 at 10 EUR per bottle from 10. */
function samplePrices(): { prices: OroFlatProductPrice[]; skuByProductId: Record<string, string> } {
  const sample = loadSample("PricingBundle/product_price_get_list.yml") as PriceCollection;
  const skuByProductId: Record<string, string> = {};
  for (const [index, price] of sample.data.entries()) {
    const id = price.relationships?.product?.data?.id;
    if (id) skuByProductId[id] = `product-${index + 1}`;
  }
  return { prices: flattenDocument(sample), skuByProductId };
}

describe("fromOroProductPrices", () => {
  it("O13/M2: maps Oro's sample prices per SKU with price list, unit and minimum quantity, exactly", () => {
    const { prices, skuByProductId } = samplePrices();
    const result = fromOroProductPrices(prices, { skuByProductId });
    expect(result.exceptions).toEqual([]);
    const first = result.pricesBySku.get("product-1");
    expect(first).toEqual([
      {
        priceList: expect.any(String),
        currency: "USD",
        unitPrice: Decimal.from("12.2000"),
        unit: "liter",
        minimumQuantity: Decimal.from(5),
        includesTax: false,
      },
    ]);
    expect(result.pricesBySku.get("product-2")?.[0]).toMatchObject({ currency: "EUR", unit: "bottle" });
  });

  it("filters by currency; an included product carries its own SKU; tiers are ordered by minimum quantity", () => {
    const { prices, skuByProductId } = samplePrices();
    expect([...fromOroProductPrices(prices, { skuByProductId, currency: "EUR" }).pricesBySku.keys()]).toEqual([
      "product-2",
    ]);
    const base = prices[0] as OroFlatProductPrice;
    const tiers = [
      { ...base, id: "t-10", quantity: 10, value: "11.0000", product: { type: "products", id: "9", sku: "TIER" } },
      { ...base, id: "t-1", quantity: 1, value: "12.5000", product: { type: "products", id: "9", sku: "TIER" } },
    ] as OroFlatProductPrice[];
    const tiered = fromOroProductPrices(tiers).pricesBySku.get("TIER");
    expect(tiered?.map((p) => `${p.minimumQuantity}@${p.unitPrice}`)).toEqual(["1@12.5000", "10@11.0000"]);
  });

  it("a price whose SKU is unknown or whose value is bad is an exception naming it; the others still map", () => {
    const { prices, skuByProductId } = samplePrices();
    const broken = [{ ...prices[0], value: "12,20" }, prices[1]] as OroFlatProductPrice[];
    const result = fromOroProductPrices(broken, { skuByProductId });
    expect(result.pricesBySku.has("product-2")).toBe(true);
    expect(result.exceptions).toEqual([
      expect.objectContaining({
        code: "INVALID_PAYLOAD",
        field: "value",
        records: [expect.objectContaining({ number: "product-1" })],
      }),
    ]);
    const unknown = fromOroProductPrices(prices);
    expect(unknown.exceptions.map((e) => e.field)).toEqual(["product.sku", "product.sku"]);
  });

  it("fuzz: malformed prices give prices or INVALID_PAYLOAD exceptions, never a crash", () => {
    const poison = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.constant("12,50"),
      fc.constant("1e400"),
      fc.constant(0.1 + 0.2),
      fc.constant(Number.NaN),
      fc.constant(-1),
      fc.constant(2 ** 60),
      fc.constant("x".repeat(5_000)),
      fc.constant({}),
      fc.constant([]),
      fc.string(),
      fc.double(),
    );
    const fields = ["id", "value", "quantity", "currency", "unit", "product", "priceList"];
    const { prices, skuByProductId } = samplePrices();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(1), fc.constantFrom(...fields), poison), { minLength: 1, maxLength: 4 }),
        (mutations) => {
          const input = prices.map((p) => ({ ...p })) as Array<Record<string, unknown>>;
          for (const [index, field, value] of mutations) (input[index] as Record<string, unknown>)[field] = value;
          const result = fromOroProductPrices(input as OroFlatProductPrice[], { skuByProductId });
          const mapped = [...result.pricesBySku.values()].flat().length;
          expect(mapped + result.exceptions.length).toBe(2);
          for (const exception of result.exceptions) {
            expect(exception.code).toBe("INVALID_PAYLOAD");
            expect(exception.message.length).toBeLessThanOrEqual(300);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
