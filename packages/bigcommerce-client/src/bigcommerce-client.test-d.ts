import { describe, expectTypeOf, it } from "vitest";
import { createBigCommerceClient } from "./bigcommerce-client.js";
import type { components } from "./generated/index.js";
import type { InventoryAdjustmentItem } from "./inventory-adjustments.js";

const bigcommerce = createBigCommerceClient({ storeHash: "abc123", accessToken: "x" });

describe("BigCommerce client types", () => {
  it("the path-based api checks paths, v2 and v3 alike", () => {
    bigcommerce.api["/v2/orders"].GET({ params: { query: { page: 1, limit: 250 } } });
    bigcommerce.api["/v3/catalog/products"].GET({ params: { query: { page: 1, limit: 250 } } });
    // @ts-expect-error unknown path (v2 orders are /v2/orders)
    bigcommerce.api["/v2/order"];
    // @ts-expect-error a path without its version prefix does not exist
    bigcommerce.api["/catalog/products"];
    // @ts-expect-error relative adjustments are a POST, not a PUT
    bigcommerce.api["/v3/inventory/adjustments/relative"].PUT({ body: { items: [] } });
  });

  it("path parameters are required", () => {
    bigcommerce.api["/v2/orders/{order_id}"].GET({ params: { path: { order_id: 100 } } });
    // @ts-expect-error order_id is required
    bigcommerce.api["/v2/orders/{order_id}"].GET({ params: { path: {} } });
    // @ts-expect-error params are required
    bigcommerce.api["/v3/catalog/products/{product_id}"].GET({});
  });

  it("request bodies reject unknown fields and need the required ones", () => {
    bigcommerce.api["/v3/inventory/adjustments/absolute"].PUT({
      body: { reason: "sync", items: [{ location_id: 1, sku: "SKU-1", quantity: 5 }] },
    });
    bigcommerce.api["/v3/inventory/adjustments/absolute"].PUT({
      // @ts-expect-error `qty` is not a field (it is `quantity`)
      body: { items: [{ location_id: 1, sku: "SKU-1", qty: 5 }] },
    });
    // @ts-expect-error items is required
    bigcommerce.api["/v3/inventory/adjustments/absolute"].PUT({ body: { reason: "sync" } });
  });

  it("headers the client supplies (Accept, Content-Type) are not asked for", () => {
    bigcommerce.api["/v3/inventory/adjustments/relative"].POST({ body: { items: [] } });
  });

  it("v2 money is a decimal string, never a number", async () => {
    const { data } = await bigcommerce.api["/v2/orders/{order_id}"].GET({ params: { path: { order_id: 1 } } });
    expectTypeOf(data!.total_inc_tax).toEqualTypeOf<string | undefined>();
  });

  it("paging infers the item type from the typed call", async () => {
    const orders = await bigcommerce
      .paginateV2({
        fetchPage: ({ page, limit }) => bigcommerce.api["/v2/orders"].GET({ params: { query: { page, limit } } }),
      })
      .toArray();
    expectTypeOf(orders[0]!).toExtend<components["schemas"]["order_Resp"]>();
    expectTypeOf(orders[0]!.total_inc_tax).toEqualTypeOf<string | undefined>();
    const products = await bigcommerce
      .paginateV3({
        fetchPage: (query) => bigcommerce.api["/v3/catalog/products"].GET({ params: { query } }),
      })
      .toArray();
    expectTypeOf(products[0]!.sku).toEqualTypeOf<string | undefined>();
  });

  it("adjustInventory items match the spec and name exactly one of sku, variant_id, product_id", () => {
    expectTypeOf<InventoryAdjustmentItem>().toExtend<
      components["schemas"]["AdjustmentsAbsoluteRequest"]["items"][number]
    >();
    expectTypeOf<InventoryAdjustmentItem>().toExtend<
      components["schemas"]["AdjustmentsRelativeRequest"]["items"][number]
    >();
    bigcommerce.adjustInventory("absolute", { items: [{ location_id: 1, variant_id: 78, quantity: 1 }] });
    bigcommerce.adjustInventory("absolute", {
      // @ts-expect-error sku and variant_id together are ambiguous
      items: [{ location_id: 1, sku: "A", variant_id: 78, quantity: 1 }],
    });
    // @ts-expect-error location_id is required
    bigcommerce.adjustInventory("relative", { items: [{ sku: "A", quantity: -1 }] });
    // @ts-expect-error only absolute and relative adjustments exist
    bigcommerce.adjustInventory("delta", { items: [] });
  });
});
