import type { CodegenConfig } from "@org/codegen";

/**
 * OroCommerce back-office JSON:API from the team's OpenAPI 3.1 description (openapi/oro-admin-api.openapi.yaml).
 * Paths are relative to `https://{host}/admin/api`. An installation's own `oro:api:doc:open-api:dump` works too (its
 * self-referencing `mixed` schema becomes `unknown`):
 *   org-codegen openapi --spec ./oro-openapi.yml --out ./src/oro
 */
export default {
  vendor: "openapi",
  out: "src/generated",
  // The lean merged document (structure only, no prose): @org/testing validates request bodies against it.
  emitOpenApi: true,
  sources: [{ file: "openapi/oro-admin-api.openapi.yaml", namespace: "oro" }],
} satisfies CodegenConfig;
