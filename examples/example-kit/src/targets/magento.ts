/**
 * Magento 2 / Adobe Commerce for the pipelines: the real shop when `MAGENTO_BASE_URL` is set with either an access
 * token (`MAGENTO_ACCESS_TOKEN`, sent as a bearer token) or the four OAuth 1.0a variables of an integration
 * (`MAGENTO_CONSUMER_KEY`, `MAGENTO_CONSUMER_SECRET`, `MAGENTO_ACCESS_TOKEN`, `MAGENTO_ACCESS_TOKEN_SECRET`: every
 * request signed, the usual way since Magento 2.4.4), else the built-in fake (in-process, or over the loopback
 * server for the demo). `MAGENTO_STORE_CODE` picks the store view (default `default`).
 */
import { createMagentoClient, type MagentoClient, type MagentoClientSettings } from "@org/magento-client";
import { createMagentoFake, MAGENTO_FAKE_INTEGRATION, type MagentoFake, magentoShopUrl } from "@org/testing";
import type { Connection, ConnectOptions } from "../connection.js";
import { IncompleteCredentialsError, readCredentials } from "../environment.js";

/** Variables of an integration's OAuth 1.0a credentials (all four, or none of the secrets). */
export const MAGENTO_OAUTH1_ENV_VARS = [
  "MAGENTO_CONSUMER_KEY",
  "MAGENTO_CONSUMER_SECRET",
  "MAGENTO_ACCESS_TOKEN",
  "MAGENTO_ACCESS_TOKEN_SECRET",
] as const;

/** Every variable `connectMagento` reads (`MAGENTO_STORE_CODE` is optional). */
export const MAGENTO_ENV_VARS = ["MAGENTO_BASE_URL", ...MAGENTO_OAUTH1_ENV_VARS] as const;

export interface ConnectMagentoOptions extends ConnectOptions<MagentoFake> {
  /** More client settings (retry, governor, hooks…), merged over what `connectMagento` fills in. Default: none. */
  clientSettings?: Partial<MagentoClientSettings>;
}

/** The real shop's settings from the environment, `undefined` when no Magento variable is set. */
function realSettings(env: Readonly<Record<string, string | undefined>>): MagentoClientSettings | undefined {
  const set = (name: string) => (env[name] ?? "") !== "";
  if (!MAGENTO_ENV_VARS.some(set)) return undefined;
  if (!set("MAGENTO_BASE_URL")) throw new IncompleteCredentialsError("magento", ["MAGENTO_BASE_URL"]);
  const signing = ["MAGENTO_CONSUMER_KEY", "MAGENTO_CONSUMER_SECRET", "MAGENTO_ACCESS_TOKEN_SECRET"].some(set);
  const storeCode = env.MAGENTO_STORE_CODE;
  const common = { baseUrl: env.MAGENTO_BASE_URL as string, ...(storeCode ? { storeCode } : {}) };
  if (signing) {
    const oauth = readCredentials("magento", MAGENTO_OAUTH1_ENV_VARS, env);
    if (!oauth) throw new IncompleteCredentialsError("magento", MAGENTO_OAUTH1_ENV_VARS);
    return {
      ...common,
      auth: {
        type: "oauth1",
        consumerKey: oauth.MAGENTO_CONSUMER_KEY,
        consumerSecret: oauth.MAGENTO_CONSUMER_SECRET,
        accessToken: oauth.MAGENTO_ACCESS_TOKEN,
        accessTokenSecret: oauth.MAGENTO_ACCESS_TOKEN_SECRET,
      },
    };
  }
  if (!set("MAGENTO_ACCESS_TOKEN"))
    throw new IncompleteCredentialsError("magento", ["MAGENTO_ACCESS_TOKEN (or the four OAuth 1.0a variables)"]);
  return { ...common, auth: { type: "bearer", token: env.MAGENTO_ACCESS_TOKEN as string } };
}

/**
 * Connects to Magento: real with credentials in the environment, else the fake given (or a new demo fake), which
 * the client reaches with the fake integration's OAuth 1.0a credentials (signed like a real shop).
 *
 * ```ts
 * const magento = connectMagento({ server });
 * await magento.client.searchAll("/V1/orders").toArray();
 * ```
 * @throws IncompleteCredentialsError when `MAGENTO_BASE_URL` is set without a token, or only some OAuth variables are.
 */
export function connectMagento(options: ConnectMagentoOptions = {}): Connection<MagentoClient, MagentoFake> {
  const real = realSettings(options.env ?? process.env);
  if (real) {
    const settings = { ...real, ...options.clientSettings } satisfies MagentoClientSettings;
    return {
      system: "magento",
      mode: "real",
      client: createMagentoClient(settings),
      fake: undefined,
      label: `Magento ${new URL(real.baseUrl).host} (${real.auth.type === "oauth1" ? "OAuth 1.0a integration" : "access token"})`,
    };
  }
  const fake = options.fake ?? createMagentoFake();
  const storeUrl = options.server ? options.server.baseUrlOf(fake) : fake.baseUrl;
  const settings = {
    baseUrl: magentoShopUrl(storeUrl),
    auth: { type: "oauth1", ...MAGENTO_FAKE_INTEGRATION },
    ...(options.server ? {} : { fetch: fake.fetch }),
    ...options.clientSettings,
  } satisfies MagentoClientSettings;
  return {
    system: "magento",
    mode: "fake",
    client: createMagentoClient(settings),
    fake,
    label: options.server ? `Magento fake at ${storeUrl}` : "Magento fake (in-process)",
  };
}
