/**
 * Business Central for the pipelines: the real tenant when `BC_TENANT_ID`, `BC_ENVIRONMENT`, `BC_CLIENT_ID`,
 * `BC_CLIENT_SECRET` and `BC_COMPANY_ID` are set, else the built-in fake (in-process, or over the loopback server
 * for the demo). Also the posting configuration of the fake's demo company, so that the orders, refunds and
 * settlement pipelines book to the same accounts and tax groups.
 */
import { type BcClient, type BcClientSettings, createBcClient } from "@org/bc-client";
import type { PostingConfig, SettlementAccounts } from "@org/core";
import {
  BC_FAKE_CLIENT_ID,
  BC_FAKE_CLIENT_SECRET,
  BC_GUEST_CUSTOMER_NUMBER,
  type BcFake,
  createBcFake,
} from "@org/testing";
import type { Connection, ConnectOptions } from "../connection.js";
import { readCredentials } from "../environment.js";

/** Environment variables of a real Business Central connection (all or none). */
export const BC_ENV_VARS = [
  "BC_TENANT_ID",
  "BC_ENVIRONMENT",
  "BC_CLIENT_ID",
  "BC_CLIENT_SECRET",
  "BC_COMPANY_ID",
] as const;

export interface ConnectBcOptions extends ConnectOptions<BcFake> {
  /** Company to use instead of `BC_COMPANY_ID` (real) or the fake's one company. Default: those. */
  companyId?: string;
  /** More client settings (retry, governor, page size, hooks…), merged over what `connectBc` fills in. Default: none. */
  clientSettings?: Partial<BcClientSettings>;
}

/**
 * Connects to Business Central: real with credentials in the environment, else the fake given (or a new demo fake).
 *
 * ```ts
 * const bc = connectBc({ server, clientSettings: { retry: { maxAttempts: 2 } } });
 * await bc.client.entities.list("items").toArray();
 * ```
 * @throws IncompleteCredentialsError when only some of {@link BC_ENV_VARS} are set.
 */
export function connectBc(options: ConnectBcOptions = {}): Connection<BcClient, BcFake> {
  const credentials = readCredentials("bc", BC_ENV_VARS, options.env ?? process.env);
  if (credentials) {
    const settings = {
      tenantId: credentials.BC_TENANT_ID,
      environment: credentials.BC_ENVIRONMENT,
      companyId: options.companyId ?? credentials.BC_COMPANY_ID,
      auth: { clientId: credentials.BC_CLIENT_ID, clientSecret: credentials.BC_CLIENT_SECRET },
      ...options.clientSettings,
    } satisfies BcClientSettings;
    return {
      system: "bc",
      mode: "real",
      client: createBcClient(settings),
      fake: undefined,
      label: `Business Central tenant ${credentials.BC_TENANT_ID}, environment ${credentials.BC_ENVIRONMENT}`,
    };
  }
  const fake = options.fake ?? createBcFake();
  const common = {
    tenantId: fake.tenantId,
    environment: fake.environment,
    companyId: options.companyId ?? fake.companyId,
  };
  const baseUrl = options.server?.baseUrlOf(fake);
  const transport = baseUrl
    ? {
        baseUrl,
        // Over plain-HTTP loopback the OAuth library refuses the token URL (it only talks HTTPS, rightly), so the
        // token comes from the fake's endpoint through this callback instead, cached until shortly before expiry.
        auth: { getToken: loopbackToken(`${baseUrl}/oauth2/v2.0/token`) },
      }
    : {
        fetch: fake.fetch,
        // The client's default token URL (login.microsoftonline.com) is answered by the fake's in-process fetch.
        auth: { clientId: BC_FAKE_CLIENT_ID, clientSecret: BC_FAKE_CLIENT_SECRET },
      };
  const settings = { ...common, ...transport, ...options.clientSettings } satisfies BcClientSettings;
  return {
    system: "bc",
    mode: "fake",
    client: createBcClient(settings),
    fake,
    label: baseUrl ? `Business Central fake at ${baseUrl}` : "Business Central fake (in-process)",
  };
}

function loopbackToken(tokenUrl: string): () => Promise<string> {
  let cached: { token: string; expiresAt: number } | undefined;
  return async () => {
    if (cached && cached.expiresAt > Date.now()) return cached.token;
    const response = await fetch(tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: BC_FAKE_CLIENT_ID,
        client_secret: BC_FAKE_CLIENT_SECRET,
        scope: "https://api.businesscentral.dynamics.com/.default",
      }),
    });
    const body = (await response.json()) as { access_token?: string; expires_in?: number; error?: string };
    if (!response.ok || !body.access_token) throw new Error(`bc fake token endpoint: ${body.error ?? response.status}`);
    cached = { token: body.access_token, expiresAt: Date.now() + ((body.expires_in ?? 3600) - 60) * 1000 };
    return cached.token;
  };
}

/** The demo company's local currency (BC leaves `currencyCode` blank for it). */
export const BC_DEMO_LOCAL_CURRENCY = "EUR";

/** The journal batch payouts are posted in. */
export const BC_DEMO_PAYOUT_JOURNAL = "PAYOUTS";

/**
 * How storefront orders and refunds post in the demo company (the fake's chart of accounts and tax groups): shipping
 * to 6110 (O16), gift cards to the liability 5790 (O10), refund adjustments 6910 and fees 6920 (R2/R3), tax class
 * → tax group VAT19 / VAT7 (O8, by class first, then by rate), guests to the WEBGUEST customer (O3).
 */
export const BC_DEMO_POSTING_CONFIG: PostingConfig = {
  targetSystem: "bc",
  accounts: {
    shipping: "6110",
    giftCardLiability: "5790",
    refundAdjustments: "6910",
    refundFees: "6920",
  },
  taxMappings: [
    { taxClass: "standard", erpTaxCode: "VAT19" },
    { taxClass: "reduced", erpTaxCode: "VAT7" },
    { ratePercent: "19", erpTaxCode: "VAT19" },
    { ratePercent: "7", erpTaxCode: "VAT7" },
  ],
  taxExemptCode: "NOVAT",
  guestCustomer: { kind: "post_to_customer", customerNumber: BC_GUEST_CUSTOMER_NUMBER },
};

/** Where payouts are booked in the demo company (S1–S5); all are G/L accounts of the fake. */
export const BC_DEMO_SETTLEMENT_ACCOUNTS: SettlementAccounts = {
  bank: "2910",
  sales: "2320",
  fees: "8640",
  chargebacks: "8650",
  adjustments: "8660",
  giftCardLiability: "5790",
  rounding: "9370",
  suspense: "2399",
};
