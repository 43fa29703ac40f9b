import {
  callbackTokenProvider,
  createOAuth2ClientCredentials,
  createResilientFetch,
  type HttpHooks,
  type RateGovernor,
  type RateGovernorOptions,
  type RetryOptions,
  resolveGovernor,
  type TokenProvider,
} from "@org/http";
import {
  type BatchOperation,
  type BatchResult,
  createEntitySetClient,
  type EntitySetClient,
  executeBatch,
} from "@org/odata";
import { createPathBasedClient, type PathBasedClient } from "openapi-fetch";
import { entitySetPaths } from "./generated/entity-set-paths.js";
import type { EntitySets, paths } from "./generated/index.js";

/** `https://api.businesscentral.dynamics.com/v2.0`: the tenant, environment and `api/v2.0` follow. */
export const BC_API_HOST = "https://api.businesscentral.dynamics.com/v2.0";
/** Scope of a service-to-service token for Business Central. */
export const BC_TOKEN_SCOPE = "https://api.businesscentral.dynamics.com/.default";
/** BC allows 5 concurrent requests and 6,000 per 5-minute sliding window per user (vendor-facts.md). */
export const BC_DEFAULT_RATE_LIMITS: RateGovernorOptions = {
  maxConcurrent: 5,
  requestsPerWindow: 6000,
  windowMs: 300_000,
};
/** BC accepts at most 100 operations in one `$batch`. */
export const BC_MAX_BATCH_OPERATIONS = 100;

/** Client credentials of an Entra ID app registration with access to Business Central. */
export interface BcClientCredentials {
  clientId: string;
  clientSecret: string;
  /** Default: `https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token`. */
  tokenUrl?: string;
  /** Default: {@link BC_TOKEN_SCOPE}. */
  scope?: string;
}

export interface BcClientSettings {
  /** Entra ID tenant (GUID or domain). */
  tenantId: string;
  /** BC environment name, e.g. `production` or `sandbox`. */
  environment: string;
  /** Company the company-scoped entity sets use unless a call names another. Default: none (then every call must). */
  companyId?: string;
  /** Client credentials, or your own token source (`getToken` returns a bearer token). */
  auth: BcClientCredentials | { getToken: () => string | Promise<string> };
  /**
   * Service root. Default: `https://api.businesscentral.dynamics.com/v2.0/{tenantId}/{environment}/api/v2.0`.
   * For custom APIs: `…/{environment}/api/{publisher}/{group}/{version}` (generate their types with org-codegen).
   */
  baseUrl?: string;
  /** Underlying fetch (e.g. a fake in tests). Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Per-attempt timeout in ms. Default: 60,000 (BC's own operation timeout is 8 minutes). */
  timeoutMs?: number;
  /** Retry policy. Default: `@org/http`'s (4 attempts, jittered backoff, `Retry-After` honoured). */
  retry?: RetryOptions;
  /** Rate governor or its limits. Default: {@link BC_DEFAULT_RATE_LIMITS}. Share one across clients of one principal. */
  governor?: RateGovernor | RateGovernorOptions;
  /** Send GETs to the read replica (`Data-Access-Intent: ReadOnly`). Default: `false`. */
  readOnly?: boolean;
  /** Ask BC for decimals as JSON strings (`IEEE754Compatible=true`) so amounts stay exact. Default: `true`. */
  exactDecimals?: boolean;
  /** `Prefer: odata.maxpagesize` for lists. Default: 1,000. */
  maxPageSize?: number;
  /** Logging and metrics hooks (secrets redacted). Default: none. */
  hooks?: HttpHooks;
}

export interface BcClient {
  /**
   * The typed openapi-fetch client over every generated path, path-based so that type-checking resolves only the
   * paths you call: `client.api["/companies({company_id})/items"].GET({ params: { path: { company_id } } })`.
   */
  api: PathBasedClient<paths>;
  /** Typed entity-set helpers: list (with `$select` narrowing), get, create, createOnce, update, remove, invoke. */
  entities: EntitySetClient<EntitySets>;
  /** Runs operations in `$batch` requests of at most 100, results in request order. */
  batch(
    operations: readonly BatchOperation[],
    options?: { transactional?: boolean; signal?: AbortSignal },
  ): Promise<BatchResult[]>;
  /** The service root every path is relative to. */
  serviceRoot: string;
  /** The resilient fetch all calls go through (auth, retries, governor). */
  fetch: typeof fetch;
}

/** Creates a Business Central API v2.0 client. */
export function createBcClient(settings: BcClientSettings): BcClient {
  const serviceRoot = (
    settings.baseUrl ??
    `${BC_API_HOST}/${encodeURIComponent(settings.tenantId)}/${encodeURIComponent(settings.environment)}/api/v2.0`
  ).replace(/\/+$/, "");
  const governor = resolveGovernor(settings.governor, BC_DEFAULT_RATE_LIMITS);
  const resilientFetch = createResilientFetch({
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
    ...(settings.retry ? { retry: settings.retry } : {}),
    ...(settings.hooks ? { hooks: settings.hooks } : {}),
    governor,
    auth: tokenProvider(settings),
  });
  const json = settings.exactDecimals === false ? "application/json" : "application/json;IEEE754Compatible=true";
  // Headers every request carries: the Accept form and, for reads, the replica hint.
  const bcFetch: typeof fetch = (input, init) => {
    const request = new Request(input, init);
    if (!request.headers.has("accept") || request.headers.get("accept") === "application/json")
      request.headers.set("Accept", json);
    // Decimals in request bodies may be strings too, which OData accepts only when the body says so.
    if (request.headers.get("content-type") === "application/json") request.headers.set("Content-Type", json);
    if (settings.readOnly && request.method === "GET") request.headers.set("Data-Access-Intent", "ReadOnly");
    return resilientFetch(request);
  };

  const api = createPathBasedClient<paths>({ baseUrl: serviceRoot, fetch: bcFetch });
  const entities = createEntitySetClient<EntitySets>(entitySetPaths, {
    serviceRoot,
    fetch: bcFetch,
    pathParameters: () => (settings.companyId ? { company_id: settings.companyId } : {}),
    maxPageSize: settings.maxPageSize ?? 1000,
    headers: { Accept: json },
  });
  return {
    api,
    entities,
    serviceRoot,
    fetch: bcFetch,
    batch: (operations, options = {}) =>
      executeBatch(operations, {
        serviceRoot,
        fetch: bcFetch,
        format: "json",
        maxOperationsPerRequest: BC_MAX_BATCH_OPERATIONS,
        // BC runs a batch as one transaction when asked for snapshot isolation.
        ...(options.transactional ? { headers: { Isolation: "snapshot" } } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      }),
  };
}

function tokenProvider(settings: BcClientSettings): TokenProvider {
  const { auth } = settings;
  if ("getToken" in auth) return callbackTokenProvider(auth.getToken);
  return createOAuth2ClientCredentials({
    tokenUrl:
      auth.tokenUrl ?? `https://login.microsoftonline.com/${encodeURIComponent(settings.tenantId)}/oauth2/v2.0/token`,
    clientId: auth.clientId,
    clientSecret: auth.clientSecret,
    scope: auth.scope ?? BC_TOKEN_SCOPE,
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  });
}
