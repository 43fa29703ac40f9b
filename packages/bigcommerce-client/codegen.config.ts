import type { CodegenConfig } from "@org/codegen";

/**
 * BigCommerce REST (v2 orders, v3 everything else) from the published OpenAPI documents in ../shared/specs.
 * One `paths` map for the API gateway: each document's paths carry its server's version segment (`/v2/orders`,
 * `/v3/catalog/products`), so one client with base URL `https://api.bigcommerce.com/stores/{store_hash}` reaches all
 * of them. Payment processing lives on another host (`payments.bigcommerce.com`): group `payments` → `paymentsPaths`.
 * Components that several documents define identically are emitted once; differing ones are namespaced
 * (`components["schemas"]["orders_v3.ErrorResponse"]`). `Accept`/`Content-Type` are supplied by the client and
 * stripped from the operations (the default `stripHeaders`). v2 money stays decimal strings, as the spec says.
 */
export default {
  vendor: "openapi",
  out: "src/generated",
  // The lean merged document (structure only, no prose): @org/testing validates request bodies against it.
  emitOpenApi: true,
  sources: [
    { spec: "bigcommerce/orders.v2.oas2.yml", pathPrefix: "/v2", namespace: "orders_v2" },
    { spec: "bigcommerce/orders.v3.yml", pathPrefix: "/v3", namespace: "orders_v3" },
    { spec: "bigcommerce/products_catalog.v3.yml", pathPrefix: "/v3", namespace: "catalog_products" },
    { spec: "bigcommerce/product-variants_catalog.v3.yml", pathPrefix: "/v3", namespace: "catalog_variants" },
    { spec: "bigcommerce/inventory.v3.yml", pathPrefix: "/v3", namespace: "inventory" },
    { spec: "bigcommerce/locations.v3.yml", pathPrefix: "/v3", namespace: "locations" },
    { spec: "bigcommerce/customers.v3.yml", pathPrefix: "/v3", namespace: "customers" },
    { spec: "bigcommerce/accepted-methods_payments.v3.yml", pathPrefix: "/v3", namespace: "payment_methods" },
    { spec: "bigcommerce/access-tokens_payments.v3.yml", pathPrefix: "/v3", namespace: "payment_access_tokens" },
    { spec: "bigcommerce/webhooks.v3.yml", pathPrefix: "/v3", namespace: "webhooks" },
    { spec: "bigcommerce/process_payments.yml", group: "payments", namespace: "payments" },
  ],
} satisfies CodegenConfig;
