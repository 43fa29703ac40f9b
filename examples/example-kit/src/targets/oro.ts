/**
 * OroCommerce for the pipelines: the real installation when `ORO_BASE_URL`, `ORO_CLIENT_ID` and `ORO_CLIENT_SECRET`
 * are set (a back-office OAuth application with the client credentials grant), else the built-in fake (in-process,
 * or over the loopback server for the demo).
 */
import { createOroClient, type OroClient, type OroClientSettings } from "@org/oro-client";
import { createOroFake, type OroFake } from "@org/testing";
import type { Connection, ConnectOptions } from "../connection.js";
import { readCredentials } from "../environment.js";

/** Environment variables of a real OroCommerce connection (all or none). */
export const ORO_ENV_VARS = ["ORO_BASE_URL", "ORO_CLIENT_ID", "ORO_CLIENT_SECRET"] as const;

export interface ConnectOroOptions extends ConnectOptions<OroFake> {
  /** More client settings (retry, governor, page size, hooks…), merged over what `connectOro` fills in. Default: none. */
  clientSettings?: Partial<OroClientSettings>;
}

/** Client id and secret the fake is reached with (it accepts any non-empty pair unless configured otherwise). */
const FAKE_CREDENTIALS = { clientId: "oro-fake-client", clientSecret: "oro-fake-secret" };

/**
 * Connects to OroCommerce: real with credentials in the environment, else the fake given (or a new demo fake).
 *
 * ```ts
 * const oro = connectOro({ server });
 * await oro.client.listAll("orders", { include: ["lineItems"] }).toArray();
 * ```
 * @throws IncompleteCredentialsError when only some of {@link ORO_ENV_VARS} are set.
 */
export function connectOro(options: ConnectOroOptions = {}): Connection<OroClient, OroFake> {
  const credentials = readCredentials("oro", ORO_ENV_VARS, options.env ?? process.env);
  if (credentials) {
    const settings = {
      baseUrl: credentials.ORO_BASE_URL,
      auth: { clientId: credentials.ORO_CLIENT_ID, clientSecret: credentials.ORO_CLIENT_SECRET },
      ...options.clientSettings,
    } satisfies OroClientSettings;
    return {
      system: "oro",
      mode: "real",
      client: createOroClient(settings),
      fake: undefined,
      label: `OroCommerce at ${new URL(credentials.ORO_BASE_URL).origin}`,
    };
  }
  const fake = options.fake ?? createOroFake();
  const baseUrl = options.server?.baseUrlOf(fake);
  const settings = {
    baseUrl: baseUrl ?? fake.baseUrl,
    auth: FAKE_CREDENTIALS,
    // The loopback server speaks plain HTTP; the Oro client allows an http: token URL only when told so.
    ...(baseUrl ? { allowInsecureHttp: true } : { fetch: fake.fetch }),
    ...options.clientSettings,
  } satisfies OroClientSettings;
  return {
    system: "oro",
    mode: "fake",
    client: createOroClient(settings),
    fake,
    label: baseUrl ? `OroCommerce fake at ${baseUrl}` : "OroCommerce fake (in-process)",
  };
}
