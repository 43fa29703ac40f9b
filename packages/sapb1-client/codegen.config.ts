import type { CodegenConfig } from "@org/codegen";

/**
 * SAP Business One Service Layer (/b1s/v2, OData v4), generated from the standard `$metadata` (customer UDTs/UDOs
 * and `U_*` fields removed; they come through at run time via the `U_${string}` index of every open type).
 * A company database with its own user fields/objects runs the CLI on its own metadata instead:
 *   org-codegen sapb1 --metadata ./company-metadata.xml --out ./src/sapb1
 */
export default {
  vendor: "sapb1",
  spec: "sap-b1/b1s-v2/metadata.standard.xml",
  out: "src/generated",
} satisfies CodegenConfig;
