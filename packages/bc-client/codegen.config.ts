import type { CodegenConfig } from "@org/codegen";

/**
 * Business Central API v2.0, generated from the `$metadata` BC serves (read from ../shared/specs, offline).
 * A tenant with custom APIs runs the CLI on its own metadata instead:
 *   org-codegen bc --metadata ./tenant-metadata.xml --out ./src/bc --service-root /api/contoso/app/v1.0
 */
export default {
  vendor: "bc",
  spec: "business-central/metadata.xml",
  out: "src/generated",
  // Edm.Decimal as `number | string`: numbers by default, exact strings when the client sends IEEE754Compatible=true.
  decimals: "number-or-string",
} satisfies CodegenConfig;
