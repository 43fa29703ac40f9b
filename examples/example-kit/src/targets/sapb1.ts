/**
 * SAP Business One for the pipelines: the real Service Layer when `SAPB1_BASE_URL`, `SAPB1_COMPANY_DB`,
 * `SAPB1_USERNAME` and `SAPB1_PASSWORD` are set (plus `SAPB1_CA_FILE` for a self-signed server certificate), else the
 * built-in fake (in-process, or over the loopback server for the demo). Also the demo company's configuration (tax
 * class → VAT group, warehouse ↔ storefront source, guest business partner, freight code) that every B1 pipeline
 * shares, so orders and stock line up with the fake's seed.
 */
import { readFileSync } from "node:fs";
import type { PostingConfig } from "@org/core";
import { createSapB1Client, type SapB1Client, type SapB1ClientSettings } from "@org/sapb1-client";
import {
  createSapB1Fake,
  SAPB1_FAKE_COMPANY_DB,
  SAPB1_FAKE_FREIGHT_EXPENSE_CODE,
  SAPB1_FAKE_GUEST_CARD_CODE,
  SAPB1_FAKE_TAX_CLASS_VAT_GROUPS,
  type SapB1Fake,
  SEED_WAREHOUSES,
} from "@org/testing";
import type { Connection, ConnectOptions } from "../connection.js";
import { readCredentials } from "../environment.js";

/** Environment variables of a real Service Layer connection (all or none); `SAPB1_CA_FILE` is optional. */
export const SAPB1_ENV_VARS = ["SAPB1_BASE_URL", "SAPB1_COMPANY_DB", "SAPB1_USERNAME", "SAPB1_PASSWORD"] as const;

export interface ConnectSapB1Options extends ConnectOptions<SapB1Fake> {
  /** More client settings (retry, lock retry, page size, hooks…), merged over what `connectSapB1` fills in. Default: none. */
  clientSettings?: Partial<SapB1ClientSettings>;
}

/** The user the demo logs in to the fake with (the fake accepts any user with a password). */
const FAKE_USER = { username: "manager", password: "fake-password-not-secret" };

/**
 * Connects to SAP Business One: real with credentials in the environment, else the fake given (or a new demo fake).
 *
 * ```ts
 * const b1 = connectSapB1({ server });
 * await b1.client.entities.list("Items").toArray();
 * ```
 * @throws IncompleteCredentialsError when only some of {@link SAPB1_ENV_VARS} are set.
 */
export function connectSapB1(options: ConnectSapB1Options = {}): Connection<SapB1Client, SapB1Fake> {
  const env = options.env ?? process.env;
  const credentials = readCredentials("sapb1", SAPB1_ENV_VARS, env);
  if (credentials) {
    const caFile = env.SAPB1_CA_FILE;
    const settings = {
      baseUrl: credentials.SAPB1_BASE_URL,
      companyDb: credentials.SAPB1_COMPANY_DB,
      username: credentials.SAPB1_USERNAME,
      password: credentials.SAPB1_PASSWORD,
      // A self-signed Service Layer: trust its CA, verification stays on.
      ...(caFile ? { ca: readFileSync(caFile) } : {}),
      ...options.clientSettings,
    } satisfies SapB1ClientSettings;
    return {
      system: "sapb1",
      mode: "real",
      client: createSapB1Client(settings),
      fake: undefined,
      label: `SAP Business One Service Layer ${new URL(credentials.SAPB1_BASE_URL).host}, company ${credentials.SAPB1_COMPANY_DB}`,
    };
  }
  const fake = options.fake ?? createSapB1Fake();
  const baseUrl = options.server ? options.server.baseUrlOf(fake) : fake.baseUrl;
  const settings = {
    baseUrl,
    companyDb: SAPB1_FAKE_COMPANY_DB,
    ...FAKE_USER,
    ...(options.server ? {} : { fetch: fake.fetch }),
    ...options.clientSettings,
  } satisfies SapB1ClientSettings;
  return {
    system: "sapb1",
    mode: "fake",
    client: createSapB1Client(settings),
    fake,
    label: options.server ? `SAP Business One fake at ${baseUrl}` : "SAP Business One fake (in-process)",
  };
}

/** The B1 warehouse → storefront location / Magento source code each demo warehouse feeds (I4). */
export const SAPB1_DEMO_WAREHOUSE_SOURCES: Readonly<Record<string, string>> = Object.fromEntries(
  SEED_WAREHOUSES.map((w) => [w.code, w.storefrontLocation]),
);

/** Storefront location / source → the B1 warehouse orders from it ship from (O14). */
export const SAPB1_DEMO_SOURCE_WAREHOUSES: Readonly<Record<string, string>> = Object.fromEntries(
  SEED_WAREHOUSES.map((w) => [w.storefrontLocation, w.code]),
);

/** The business partner guest orders are booked to (O3). */
export const SAPB1_DEMO_GUEST_CARD_CODE = SAPB1_FAKE_GUEST_CARD_CODE;

/** Freight (additional expense) code that shipping is booked to (O16): `toSapB1Order`'s `freightExpenseCode`. */
export const SAPB1_DEMO_FREIGHT_EXPENSE_CODE = SAPB1_FAKE_FREIGHT_EXPENSE_CODE;

/** Where lines carry their tax code in the demo company (a VAT localisation): `toSapB1Order`'s `taxField`. */
export const SAPB1_DEMO_TAX_FIELD = "VatGroup" as const;

/**
 * How storefront orders and refunds post in the demo B1 company: tax class → VAT group S19 / R7 (O8, by class first,
 * then by rate), tax-free lines X0, guests to the WEBGUEST business partner (O3), storefront sources to warehouses
 * MAIN / EAST (O14). The G/L accounts are the demo chart's (shipping itself goes through the freight code above).
 */
export const SAPB1_DEMO_POSTING_CONFIG: PostingConfig = {
  targetSystem: "sapb1",
  accounts: {
    shipping: "4730",
    giftCardLiability: "1795",
    refundAdjustments: "8200",
    refundFees: "8210",
  },
  taxMappings: [
    { taxClass: "standard", erpTaxCode: SAPB1_FAKE_TAX_CLASS_VAT_GROUPS.standard },
    { taxClass: "reduced", erpTaxCode: SAPB1_FAKE_TAX_CLASS_VAT_GROUPS.reduced },
    { ratePercent: "19", erpTaxCode: SAPB1_FAKE_TAX_CLASS_VAT_GROUPS.standard },
    { ratePercent: "7", erpTaxCode: SAPB1_FAKE_TAX_CLASS_VAT_GROUPS.reduced },
  ],
  taxExemptCode: "X0",
  guestCustomer: { kind: "post_to_customer", customerNumber: SAPB1_FAKE_GUEST_CARD_CODE },
  locationMappings: SAPB1_DEMO_SOURCE_WAREHOUSES,
  defaultLocation: "MAIN",
};
