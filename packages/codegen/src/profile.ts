/**
 * Vendor profiles: the few facts a `$metadata` document does not state (how decimals travel, whether writes need
 * `If-Match`, which keys the server assigns, how bound operations are addressed), as named, overridable defaults.
 */

/** How `Edm.Decimal` and `Edm.Int64` are typed. */
export type DecimalMode = "number" | "string" | "number-or-string";

export type Vendor = "bc" | "sapb1" | "odata";

export interface ProfileOptions {
  /**
   * Typing of `Edm.Decimal`/`Edm.Int64`. `number-or-string` (default for BC and generic OData) accepts both wire forms:
   * JSON numbers by default, strings when the client sends `IEEE754Compatible=true` to keep money exact.
   */
  decimals?: DecimalMode;
  /** `If-Match` on PATCH/DELETE: `required` (BC: writes need the record's ETag) or `optional`. */
  ifMatch?: "required" | "optional";
  /**
   * Open entity/complex types accept dynamic properties whose names start with this prefix (B1 user-defined fields:
   * `U_`). `false` keeps types closed. Default: `U_` for sapb1, `false` otherwise.
   */
  userFieldPrefix?: string | false;
  /** Bound operations addressed by qualified name (`Microsoft.NAV.post`; default) or by local name (`Cancel`, B1). */
  qualifiedBoundOperations?: boolean;
  /** PATCH answers with the updated entity (BC, 200) or with no content (B1, 204). */
  patchReturnsEntity?: boolean;
  /** Extra read-only properties as `Type.property` or `*.property` (added to `Core.Computed` ones). */
  readOnly?: readonly string[];
  /** Non-nullable properties that the server defaults on create, as `Type.property` or `*.property`. */
  optionalOnCreate?: readonly string[];
  /** Keys the server assigns although they are strings, as `Type.key` or `*.key`. Guid and integer keys always are. */
  serverSetKeys?: readonly string[];
  /** Guid/integer keys the client must supply, as `Type.key` or `*.key`. */
  clientSetKeys?: readonly string[];
  /** Service root recorded in the output (`ServiceInfo`), e.g. `/api/contoso/app/v1.0` for a BC custom API. */
  serviceRoot?: string;
}

export interface ResolvedProfile {
  vendor: Vendor;
  decimals: DecimalMode;
  ifMatch: "required" | "optional";
  userFieldPrefix: string | false;
  qualifiedBoundOperations: boolean;
  patchReturnsEntity: boolean;
  readOnly: readonly string[];
  optionalOnCreate: readonly string[];
  serverSetKeys: readonly string[];
  clientSetKeys: readonly string[];
  serviceRoot: string;
  /** Whether a key of this type is written in quotes in a URL (`Items('A1')`). */
  quoteKeyType: (type: string) => boolean;
}

const QUOTED = new Set(["Edm.String", "Edm.Binary", "Edm.Duration"]);

/** The defaults per vendor; every field can be overridden in `codegen.config.ts` or on the command line. */
export const VENDOR_DEFAULTS: Record<Vendor, Required<Omit<ProfileOptions, "serviceRoot">> & { serviceRoot: string }> =
  {
    bc: {
      decimals: "number-or-string",
      ifMatch: "required",
      userFieldPrefix: false,
      qualifiedBoundOperations: true,
      patchReturnsEntity: true,
      // BC declares no Core.Computed; this stamp is always server-maintained.
      readOnly: ["*.lastModifiedDateTime"],
      // Non-nullable in the table, but BC copies them from the sell-to/buy-from party when omitted.
      optionalOnCreate: ["*.billToCustomerNumber", "*.payToVendorNumber"],
      // Webhook subscriptions get their id from the server.
      serverSetKeys: ["subscriptions.subscriptionId"],
      clientSetKeys: [],
      serviceRoot: "/v2.0/{tenant}/{environment}/api/v2.0",
    },
    sapb1: {
      decimals: "number",
      ifMatch: "optional",
      userFieldPrefix: "U_",
      qualifiedBoundOperations: false,
      patchReturnsEntity: false,
      readOnly: [],
      optionalOnCreate: [],
      serverSetKeys: [],
      clientSetKeys: [],
      serviceRoot: "/b1s/v2",
    },
    odata: {
      decimals: "number-or-string",
      ifMatch: "optional",
      userFieldPrefix: false,
      qualifiedBoundOperations: true,
      patchReturnsEntity: true,
      readOnly: [],
      optionalOnCreate: [],
      serverSetKeys: [],
      clientSetKeys: [],
      serviceRoot: "/",
    },
  };

export function resolveProfile(vendor: Vendor, options: ProfileOptions = {}): ResolvedProfile {
  const defaults = VENDOR_DEFAULTS[vendor];
  return {
    vendor,
    decimals: options.decimals ?? defaults.decimals,
    ifMatch: options.ifMatch ?? defaults.ifMatch,
    userFieldPrefix: options.userFieldPrefix ?? defaults.userFieldPrefix,
    qualifiedBoundOperations: options.qualifiedBoundOperations ?? defaults.qualifiedBoundOperations,
    patchReturnsEntity: options.patchReturnsEntity ?? defaults.patchReturnsEntity,
    readOnly: [...defaults.readOnly, ...(options.readOnly ?? [])],
    optionalOnCreate: [...defaults.optionalOnCreate, ...(options.optionalOnCreate ?? [])],
    serverSetKeys: [...defaults.serverSetKeys, ...(options.serverSetKeys ?? [])],
    clientSetKeys: [...defaults.clientSetKeys, ...(options.clientSetKeys ?? [])],
    serviceRoot: options.serviceRoot ?? defaults.serviceRoot,
    quoteKeyType: (type) => QUOTED.has(type) || !type.startsWith("Edm."),
  };
}
