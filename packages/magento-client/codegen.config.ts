import type { CodegenConfig } from "@org/codegen";

/**
 * Magento 2 / Adobe Commerce admin REST (2.4.9, "all inclusive") from the Swagger 2.0 schema in ../shared/specs,
 * converted to OpenAPI 3.0 inside the generator (swagger2openapi). Paths start at `/V1/…`: the client's base URL is
 * `https://{host}/rest/{store_code}` (`/rest/default` in the schema). JSON media types only.
 * A store with its own modules runs the CLI on its own schema (`GET /rest/all/schema?services=all`):
 *   org-codegen openapi --spec ./store-schema.json --out ./src/magento
 */
export default {
  vendor: "openapi",
  out: "src/generated",
  // The lean merged document (structure only, no prose): @org/testing validates request bodies against it.
  emitOpenApi: true,
  sources: [{ spec: "magento/admin-schema-2.4.9.yaml", namespace: "magento" }],
} satisfies CodegenConfig;
