/**
 * BigCommerce for the pipelines: the real store when `BIGCOMMERCE_STORE_HASH` and `BIGCOMMERCE_ACCESS_TOKEN` are
 * set, else the built-in fake (in-process, or over the loopback server for the demo).
 */
import {
  type BigCommerceClient,
  type BigCommerceClientSettings,
  createBigCommerceClient,
} from "@org/bigcommerce-client";
import { type BigCommerceFake, createBigCommerceFake } from "@org/testing";
import type { Connection, ConnectOptions } from "../connection.js";
import { readCredentials } from "../environment.js";

/** Environment variables of a real BigCommerce store (both or none). */
export const BIGCOMMERCE_ENV_VARS = ["BIGCOMMERCE_STORE_HASH", "BIGCOMMERCE_ACCESS_TOKEN"] as const;

/** The token the fake store is reached with (the fake accepts any non-empty token unless configured otherwise). */
export const BIGCOMMERCE_FAKE_ACCESS_TOKEN = "fake-bigcommerce-token";

export interface ConnectBigCommerceOptions extends ConnectOptions<BigCommerceFake> {
  /** More client settings (retry, governor, clock, hooks…), merged over what `connectBigCommerce` fills in. Default: none. */
  clientSettings?: Partial<BigCommerceClientSettings>;
}

/**
 * Connects to BigCommerce: real with credentials in the environment, else the fake given (or a new demo fake).
 *
 * ```ts
 * const bigCommerce = connectBigCommerce({ server });
 * await bigCommerce.client.api["/v2/orders"].GET({ params: { query: { limit: 250 } } });
 * ```
 * @throws IncompleteCredentialsError when only one of {@link BIGCOMMERCE_ENV_VARS} is set.
 */
export function connectBigCommerce(
  options: ConnectBigCommerceOptions = {},
): Connection<BigCommerceClient, BigCommerceFake> {
  const credentials = readCredentials("bigcommerce", BIGCOMMERCE_ENV_VARS, options.env ?? process.env);
  if (credentials) {
    const settings = {
      storeHash: credentials.BIGCOMMERCE_STORE_HASH,
      accessToken: credentials.BIGCOMMERCE_ACCESS_TOKEN,
      ...options.clientSettings,
    } satisfies BigCommerceClientSettings;
    return {
      system: "bigcommerce",
      mode: "real",
      client: createBigCommerceClient(settings),
      fake: undefined,
      label: `BigCommerce store ${credentials.BIGCOMMERCE_STORE_HASH}`,
    };
  }
  const fake = options.fake ?? createBigCommerceFake();
  const baseUrl = options.server ? options.server.baseUrlOf(fake) : fake.baseUrl;
  const settings = {
    storeHash: fake.storeHash,
    accessToken: BIGCOMMERCE_FAKE_ACCESS_TOKEN,
    baseUrl,
    ...(options.server ? {} : { fetch: fake.fetch }),
    ...options.clientSettings,
  } satisfies BigCommerceClientSettings;
  return {
    system: "bigcommerce",
    mode: "fake",
    client: createBigCommerceClient(settings),
    fake,
    label: options.server ? `BigCommerce fake at ${baseUrl}` : "BigCommerce fake (in-process)",
  };
}
