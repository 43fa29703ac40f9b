import { describe, expectTypeOf, it } from "vitest";
import type { components } from "./generated/index.js";
import { createMagentoClient, type MagentoAsyncResponse } from "./magento-client.js";
import { searchCriteria } from "./magento-search-criteria.js";

type Order = components["schemas"]["sales-data-order-interface"];
type Product = components["schemas"]["catalog-data-product-interface"];

const magento = createMagentoClient({ baseUrl: "https://shop.example.com", auth: { type: "bearer", token: "t" } });

describe("Magento client types (generated admin schema)", () => {
  it("the path-based api checks paths, path parameters and bodies", async () => {
    const { data } = await magento.api["/V1/orders/{id}"].GET({ params: { path: { id: 42 } } });
    expectTypeOf(data).toEqualTypeOf<Order | undefined>();
    // @ts-expect-error unknown path
    magento.api["/V1/order/{id}"];
    // @ts-expect-error the id path parameter is required
    magento.api["/V1/orders/{id}"].GET({ params: { path: {} } });
    // @ts-expect-error params (with the path parameter) are required
    magento.api["/V1/orders/{id}"].GET();
    const product = { sku: "SKU-1", attribute_set_id: 4, name: "Tee", price: 10 } as Product;
    magento.api["/V1/products"].POST({ body: { product } });
    // @ts-expect-error misspelled body field (the required `product` is missing)
    magento.api["/V1/products"].POST({ body: { produt: product } });
    // @ts-expect-error wrongly typed body field
    magento.api["/V1/products"].POST({ body: { product, saveOptions: "yes" } });
    // @ts-expect-error the body's product is required
    magento.api["/V1/products"].POST({ body: {} });
  });

  it("searchAll yields the items of the search result; search returns the page", async () => {
    const paginator = magento.searchAll("/V1/orders", searchCriteria().page(1, 100));
    for await (const order of paginator.items()) expectTypeOf(order).toEqualTypeOf<Order>();
    const page = await magento.search("/V1/orders", searchCriteria());
    expectTypeOf(page.total_count).toEqualTypeOf<number>();
    // @ts-expect-error unknown path
    magento.searchAll("/V1/order");
  });

  it("async writes answer a bulk uuid; bulk items carry the path parameters", async () => {
    const { data } = await magento.async["/V1/products"].POST({ body: { product: { sku: "S" } as Product } });
    expectTypeOf(data).toEqualTypeOf<MagentoAsyncResponse | undefined>();
    await magento.bulk("put", "/V1/products/{sku}", [{ sku: "S", product: { sku: "S" } as Product }]);
    // @ts-expect-error each item needs the sku path parameter
    await magento.bulk("put", "/V1/products/{sku}", [{ product: { sku: "S" } as Product }]);
    // @ts-expect-error unknown body field
    await magento.bulk("post", "/V1/products", [{ product: { sku: "S" } as Product, extra: 1 }]);
  });
});
