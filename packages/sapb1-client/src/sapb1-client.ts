import {
  type Clock,
  createResilientFetch,
  type HttpHooks,
  type RateGovernor,
  type RateGovernorOptions,
  type RetryOptions,
  resolveGovernor,
} from "@org/http";
import {
  type BatchOperation,
  type BatchResult,
  createEntitySetClient,
  type EntitySetClient,
  executeBatch,
} from "@org/odata";
import createClient, { type Client } from "openapi-fetch";
import { Agent } from "undici";
import { entitySetPaths } from "./generated/entity-set-paths.js";
import type { EntitySets, paths } from "./generated/index.js";
import { type SapB1LockRetryOptions, withLockRetry } from "./lock-errors.js";
import { createSapB1Session } from "./session.js";

/** The Service Layer's own page size when no `Prefer: odata.maxpagesize` is sent (vendor-facts.md). */
export const SAPB1_SERVER_PAGE_SIZE = 20;
/** Our default `Prefer: odata.maxpagesize`: 5× fewer round trips than the server's 20, pages still small. */
export const SAPB1_DEFAULT_MAX_PAGE_SIZE = 100;
/**
 * Our default cap on concurrent requests per client. The Service Layer documents no rate limit, but every request
 * works on the company database, and fewer parallel writers meet fewer locks (failure catalog X2).
 */
export const SAPB1_DEFAULT_RATE_LIMITS: RateGovernorOptions = { maxConcurrent: 8 };
/** Most operations per `$batch` request: the Service Layer documents no limit; this keeps each request bounded. */
export const SAPB1_MAX_BATCH_OPERATIONS = 100;

export interface SapB1ClientSettings {
  /** Service root, e.g. `https://b1.example.com:50000/b1s/v2` (`/Login`, `/Orders`, `/$batch` follow it). */
  baseUrl: string;
  /** Company database (`CompanyDB` of `/Login`), e.g. `SBODEMOUS`. One client per company. */
  companyDb: string;
  /** B1 user name. */
  username: string;
  /** B1 password: never appears in errors or hook events. */
  password: string;
  /**
   * Certificate authority (PEM) that signed the Service Layer's certificate, for self-signed servers. It replaces
   * the default trust store for this client's connections; verification stays on. Default: the system's CAs.
   */
  ca?: string | Buffer | readonly (string | Buffer)[];
  /** Underlying fetch (e.g. a fake in tests). Default: `globalThis.fetch`, looked up per call. */
  fetch?: typeof fetch;
  /** Per-attempt timeout in ms. Default: 60,000. */
  timeoutMs?: number;
  /** Retry policy for network errors, 408, 429, 5xx. Default: `@org/http`'s (4 attempts, jittered backoff). */
  retry?: RetryOptions;
  /** Retry of writes that failed on a locked object. Default: 5 attempts, 1 s doubling to 15 s, `isSapB1LockError`. */
  lockRetry?: SapB1LockRetryOptions;
  /** Rate governor or its limits. Default: {@link SAPB1_DEFAULT_RATE_LIMITS}. Share one across clients of one server. */
  governor?: RateGovernor | RateGovernorOptions;
  /** `Prefer: odata.maxpagesize` for lists. Default: {@link SAPB1_DEFAULT_MAX_PAGE_SIZE} (100). */
  maxPageSize?: number;
  /** Log in again this long before `SessionTimeout` runs out (capped at half the session). Default: 60,000 ms. */
  renewBeforeMs?: number;
  /** Logging and metrics hooks (secrets redacted). Default: none. */
  hooks?: HttpHooks;
  /** Time source for session renewal, backoff and timeouts (tests). Default: the system clock. */
  clock?: Clock;
}

export interface SapB1Client {
  /** The typed openapi-fetch client over every generated path (`client.api.GET("/Orders", …)`). */
  api: Client<paths>;
  /** Typed entity-set helpers: list (with `$select` narrowing), get, create, createOnce, update, remove, invoke. */
  entities: EntitySetClient<EntitySets>;
  /**
   * Runs operations as multipart `$batch` requests of at most {@link SAPB1_MAX_BATCH_OPERATIONS}, results in request
   * order. Operations sharing an `atomicityGroup` form one change set: all or nothing. No GETs in a change set.
   */
  batch(operations: readonly BatchOperation[], options?: { signal?: AbortSignal }): Promise<BatchResult[]>;
  /** Logs in now (otherwise the first request does), e.g. to check the credentials at start-up. */
  login(signal?: AbortSignal): Promise<void>;
  /** `POST /Logout` if there is a session. A later request logs in again. */
  logout(signal?: AbortSignal): Promise<void>;
  /** Logs out and closes the connections of the custom-CA dispatcher, if any. */
  close(): Promise<void>;
  /** The service root every path is relative to. */
  serviceRoot: string;
  /** The fetch all calls go through (session cookies, retries, lock backoff, governor). */
  fetch: typeof fetch;
}

/** Creates a SAP Business One Service Layer client for one company. */
export function createSapB1Client(settings: SapB1ClientSettings): SapB1Client {
  const serviceRoot = settings.baseUrl.replace(/\/+$/, "");
  const governor = resolveGovernor(settings.governor, SAPB1_DEFAULT_RATE_LIMITS);
  // Node's fetch takes an undici dispatcher through the init; a custom CA lives in its connect options.
  const dispatcher =
    settings.ca === undefined
      ? undefined
      : new Agent({ connect: { ca: settings.ca as string | Buffer | (string | Buffer)[] } });
  const transport: typeof fetch = (input, init) => {
    const send = settings.fetch ?? globalThis.fetch;
    return dispatcher ? send(input, { ...init, dispatcher } as RequestInit) : send(input, init);
  };
  // Literal secrets: the password now, each session's B1SESSION and ROUTEID values as they are issued.
  const secretValues: string[] = [settings.password];
  const common = {
    fetch: transport,
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
    ...(settings.retry ? { retry: settings.retry } : {}),
    ...(settings.hooks ? { hooks: settings.hooks } : {}),
    ...(settings.clock ? { clock: settings.clock } : {}),
    redact: { secretNames: ["B1SESSION", "ROUTEID"], secretValues },
  };
  const session = createSapB1Session({
    serviceRoot,
    companyDb: settings.companyDb,
    username: settings.username,
    password: settings.password,
    // No governor for login: requests hold their governor slot while they wait for the session.
    fetch: createResilientFetch(common),
    ...(settings.clock ? { clock: settings.clock } : {}),
    ...(settings.renewBeforeMs !== undefined ? { renewBeforeMs: settings.renewBeforeMs } : {}),
    secretValues,
  });
  const b1Fetch = withLockRetry(
    createResilientFetch({ ...common, governor, auth: session }),
    settings.lockRetry,
    settings.clock,
  );

  const api = createClient<paths>({ baseUrl: serviceRoot, fetch: b1Fetch });
  const entities = createEntitySetClient<EntitySets>(entitySetPaths, {
    serviceRoot,
    fetch: b1Fetch,
    maxPageSize: settings.maxPageSize ?? SAPB1_DEFAULT_MAX_PAGE_SIZE,
  });
  return {
    api,
    entities,
    serviceRoot,
    fetch: b1Fetch,
    batch: (operations, options = {}) =>
      executeBatch(operations, {
        serviceRoot,
        fetch: b1Fetch,
        format: "multipart",
        // The Service Layer's documented request lines are absolute paths: `POST /b1s/v2/Orders HTTP/1.1`.
        operationUrls: "absolute-path",
        maxOperationsPerRequest: SAPB1_MAX_BATCH_OPERATIONS,
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    login: async (signal) => {
      await session.getToken(signal);
    },
    logout: (signal) => session.logout(signal),
    close: async () => {
      try {
        await session.logout();
      } finally {
        await dispatcher?.close();
      }
    },
  };
}
