/**
 * The storefront clients' generated types through openapi-fetch's path-based client (as the runtimes use them),
 * checked by `vitest --typecheck`: valid calls compile without `Accept`/`Content-Type`, and a wrong path, a wrong body
 * field and a missing required path parameter do not.
 */
import { createPathBasedClient } from "openapi-fetch";
import { describe, expectTypeOf, it } from "vitest";
import type {
  BaseUrls as BigCommerceBaseUrls,
  components as BigCommerceComponents,
  paths as BigCommercePaths,
  paymentsPaths as BigCommercePaymentsPaths,
} from "../../bigcommerce-client/src/generated/index.js";
import type { paths as MagentoPaths } from "../../magento-client/src/generated/index.js";
import type { components as OroComponents, paths as OroPaths } from "../../oro-client/src/generated/index.js";

const bigcommerce = createPathBasedClient<BigCommercePaths>({ baseUrl: "https://api.bigcommerce.com/stores/abc" });
const payments = createPathBasedClient<BigCommercePaymentsPaths>({
  baseUrl: "https://payments.bigcommerce.com/stores/abc",
});
const magento = createPathBasedClient<MagentoPaths>({ baseUrl: "https://shop.example/rest/default" });
const oro = createPathBasedClient<OroPaths>({ baseUrl: "https://oro.example/admin/api" });

describe("BigCommerce", () => {
  it("v2 and v3 through one client; v2 money is a decimal string; no Accept/Content-Type to pass", async () => {
    const order = await bigcommerce["/v2/orders/{order_id}"].GET({ params: { path: { order_id: 100 } } });
    expectTypeOf(order.data?.total_inc_tax).toEqualTypeOf<string | undefined>();
    const products = await bigcommerce["/v3/catalog/products"].GET({ params: { query: { limit: 50 } } });
    expectTypeOf(products.data?.data?.[0]?.price).toEqualTypeOf<number | undefined>();
    await bigcommerce["/v3/inventory/adjustments/absolute"].PUT({
      body: { reason: "sync", items: [{ location_id: 1, sku: "SKU-1", quantity: 5 }] },
    });
    await bigcommerce["/v3/orders/{order_id}/payment_actions/refunds"].GET({ params: { path: { order_id: 100 } } });
    await bigcommerce["/v3/orders/{order_id}/transactions"].GET({ params: { path: { order_id: 100 } } });
    expectTypeOf<BigCommerceBaseUrls["paths"]>().toEqualTypeOf<"https://api.bigcommerce.com/stores/{store_hash}">();
  });

  it("payments on their own host: a separate paths map", async () => {
    await payments["/payments"].POST({
      body: { payment: { instrument: { type: "stored_card", token: "t" }, payment_method_id: "m" } },
    });
    expectTypeOf<
      BigCommerceBaseUrls["paymentsPaths"]
    >().toEqualTypeOf<"https://payments.bigcommerce.com/stores/{store_hash}">();
    // @ts-expect-error payments are not on the API gateway's paths map
    void bigcommerce["/payments"];
  });

  it("colliding components are namespaced", () => {
    expectTypeOf<BigCommerceComponents["schemas"]>().toHaveProperty("orders_v3.ErrorResponse");
  });

  it("a wrong path, a wrong body field and a missing path parameter fail to compile", () => {
    // @ts-expect-error v2 has no /orderz
    void bigcommerce["/v2/orderz"];
    // @ts-expect-error /v2/orders has no PATCH (absent methods are not members of the path)
    void bigcommerce["/v2/orders"].PATCH;
    // @ts-expect-error catalog lives under /v3, not /v2
    void bigcommerce["/v2/catalog/products"];
    // @ts-expect-error order_id is required
    void bigcommerce["/v2/orders/{order_id}"].GET({ params: { path: {} } });
    // @ts-expect-error no params at all
    void bigcommerce["/v2/orders/{order_id}"].GET();
    void bigcommerce["/v3/inventory/adjustments/absolute"].PUT({
      // @ts-expect-error `qty` is not a field of an adjustment item
      body: { items: [{ location_id: 1, sku: "SKU-1", qty: 5 }] },
    });
  });
});

describe("Magento", () => {
  it("searchCriteria query, a product body and a typed result", async () => {
    const orders = await magento["/V1/orders"].GET({ params: { query: { "searchCriteria[pageSize]": 20 } } });
    expectTypeOf(orders.data?.total_count).toEqualTypeOf<number | undefined>();
    await magento["/V1/products"].POST({ body: { product: { sku: "SKU-1", name: "Shirt", attribute_set_id: 4 } } });
    await magento["/V1/orders/{id}"].GET({ params: { path: { id: 1 } } });
  });

  it("a wrong path, a wrong body field and a missing path parameter fail to compile", () => {
    // @ts-expect-error Magento paths are /V1/…
    void magento["/v1/orders"];
    // @ts-expect-error `products` is not the body's field (`product` is)
    void magento["/V1/products"].POST({ body: { products: { sku: "SKU-1" } } });
    // @ts-expect-error the body is required (its schema requires `product`)
    void magento["/V1/products"].POST({});
    // @ts-expect-error id is required
    void magento["/V1/orders/{id}"].GET({ params: { path: {} } });
  });
});

describe("Oro", () => {
  it("JSON:API documents", async () => {
    const orders = await oro["/orders"].GET({ params: { query: { "filter[id][gt]": "10" } } });
    expectTypeOf(orders.data?.data).toEqualTypeOf<OroComponents["schemas"]["Order"][] | undefined>();
    await oro["/orders/{id}"].GET({ params: { path: { id: "1" } } });
  });

  it("a wrong path, a wrong body field and a missing path parameter fail to compile", () => {
    // @ts-expect-error no such resource
    void oro["/order"];
    // @ts-expect-error the resource type of an order document is "orders"
    void oro["/orders"].POST({ body: { data: { type: "order" } } });
    // @ts-expect-error id is required
    void oro["/orders/{id}"].GET({ params: { path: {} } });
  });
});
