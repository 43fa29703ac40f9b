/**
 * BigCommerce for the pipelines: the real store when `BIGCOMMERCE_STORE_HASH` and `BIGCOMMERCE_ACCESS_TOKEN` are
 * set, else the built-in fake (in-process, or over the loopback server for the demo).
 *
 * The client factory is passed in (`createClient: createBigCommerceClient`): the example kit does not depend on
 * `@org/bigcommerce-client` itself, each BigCommerce pipeline does. With that factory the result is a
 * `Connection<BigCommerceClient, BigCommerceFake>`.
 */
import { type BigCommerceFake, createBigCommerceFake } from "@org/testing";
import type { Connection, ConnectOptions } from "../connection.js";
import { readCredentials } from "../environment.js";

/** Environment variables of a real BigCommerce store (both or none). */
export const BIGCOMMERCE_ENV_VARS = ["BIGCOMMERCE_STORE_HASH", "BIGCOMMERCE_ACCESS_TOKEN"] as const;

/** The token the fake store is reached with (the fake accepts any non-empty token unless configured otherwise). */
export const BIGCOMMERCE_FAKE_ACCESS_TOKEN = "fake-bigcommerce-token";

/** What `connectBigCommerce` passes to the client factory: the part of `BigCommerceClientSettings` it fills in. */
export interface BigCommerceConnectSettings {
  storeHash: string;
  accessToken: string;
  baseUrl?: string;
  fetch?: typeof fetch;
}

export interface ConnectBigCommerceOptions<Client, Settings extends BigCommerceConnectSettings>
  extends ConnectOptions<BigCommerceFake> {
  /** The client factory, i.e. `createBigCommerceClient` from `@org/bigcommerce-client`. Required. */
  createClient: (settings: Settings) => Client;
  /** More client settings (retry, governor, clock, hooks…), merged over what `connectBigCommerce` fills in. Default: none. */
  clientSettings?: Partial<Settings>;
}

/**
 * Connects to BigCommerce: real with credentials in the environment, else the fake given (or a new demo fake).
 *
 * ```ts
 * const bigCommerce = connectBigCommerce({ createClient: createBigCommerceClient, server });
 * await bigCommerce.client.api["/v2/orders"].GET({ params: { query: { limit: 250 } } });
 * ```
 * @throws IncompleteCredentialsError when only one of {@link BIGCOMMERCE_ENV_VARS} is set.
 */
export function connectBigCommerce<Client, Settings extends BigCommerceConnectSettings>(
  options: ConnectBigCommerceOptions<Client, Settings>,
): Connection<Client, BigCommerceFake> {
  const credentials = readCredentials("bigcommerce", BIGCOMMERCE_ENV_VARS, options.env ?? process.env);
  if (credentials) {
    const settings = {
      storeHash: credentials.BIGCOMMERCE_STORE_HASH,
      accessToken: credentials.BIGCOMMERCE_ACCESS_TOKEN,
      ...options.clientSettings,
    } as Settings;
    return {
      system: "bigcommerce",
      mode: "real",
      client: options.createClient(settings),
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
  } as Settings;
  return {
    system: "bigcommerce",
    mode: "fake",
    client: options.createClient(settings),
    fake,
    label: options.server ? `BigCommerce fake at ${baseUrl}` : "BigCommerce fake (in-process)",
  };
}
