/**
 * The engine under every vendor fake: a router over paths relative to the fake's base URL, a log of every call,
 * middleware for vendor behaviour that applies to all routes (auth, sessions, rate limits), fault injection, and
 * three transports over the same `handle(request)`: an in-process `fetch` (fastest; pass it as a client's `fetch`
 * option), msw handlers (`@org/testing/msw`) and a loopback HTTP server (`startFakeServer`).
 */
import { FaultInjector, type FaultKind, isWriteMethod } from "./faults.js";

/** Thrown by `handle` when a fault drops the response after the request was processed. Transports turn it into a
 * connection reset (fetch: `TypeError: fetch failed` with `ECONNRESET`; msw: network error; server: socket destroyed). */
export class LostResponseError extends Error {
  override readonly name = "LostResponseError";
  constructor(
    readonly method: string,
    readonly path: string,
  ) {
    super(`fake: the response to ${method} ${path} was lost after the request was committed (injected fault)`);
  }
}

/** One call as the fake saw it. */
export interface RecordedCall {
  method: string;
  /** Path relative to the fake's base URL, without the query string. */
  path: string;
  /** Query string including `?`, or "". */
  search: string;
  /** Status answered; `0` when the response was lost. */
  status: number;
  /** Injected fault, if any. */
  fault?: FaultKind;
  /** The fake's clock when the request arrived (ms). */
  at: number;
}

/** Everything a route handler gets. */
export interface FakeRequestContext {
  request: Request;
  method: string;
  url: URL;
  /** Path relative to the fake's base URL (e.g. `/companies(…)/salesOrders`), decoded. */
  path: string;
  /** Capture groups of the route pattern, decoded. */
  params: string[];
  /** Named capture groups of the route pattern, decoded. */
  groups: Record<string, string>;
  /** The base URL callers used (the loopback server's URL when served over HTTP): build absolute links from it. */
  publicBaseUrl: string;
  /** The request body parsed as JSON (`undefined` when empty or not JSON; see `text`). */
  body: unknown;
  /** The raw request body. */
  text: string;
  /** The fake's clock (ms). */
  now: number;
}

export type FakeRouteHandler = (context: FakeRequestContext) => Response | Promise<Response>;

/** Runs around every routed request: answer directly (auth failure, 429) or call `next()`. */
export type FakeMiddleware = (context: FakeRequestContext, next: () => Promise<Response>) => Promise<Response>;

interface Route {
  method: string;
  pattern: RegExp;
  handler: FakeRouteHandler;
}

export interface FakeServiceOptions {
  /** Short name, also the path segment the loopback server mounts the fake under (e.g. `bc`). */
  name: string;
  /** The URL a client uses by default for the real service, e.g. `https://api.businesscentral.dynamics.com/v2.0/t/e/api/v2.0`. */
  baseUrl: string;
  /** The fake's clock in ms. Default: `Date.now`. Sessions, tokens and rate windows read it. */
  now?: () => number;
  /**
   * Absolute URLs outside the base URL that the fake also answers, e.g. a token endpoint at the host root or on
   * another host (Entra ID). Transports that route by URL (msw) register them too. Default: none.
   */
  extraUrls?: readonly string[];
  /** Answer for a path no route matches. Default: 404 with a plain JSON body. */
  notFound?: (context: FakeRequestContext) => Response;
  /** Answer for an injected transient error. Default: JSON `{ error: … }` with the status. */
  transientError?: (status: number, context: FakeRequestContext) => Response;
}

/** Options a transport passes to {@link FakeService.handle}. */
export interface HandleOptions {
  /** The base URL as the caller sees it. Default: the fake's `baseUrl`. */
  publicBaseUrl?: string;
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

function untilAborted(signal: AbortSignal | undefined, method: string, path: string): Promise<never> {
  return new Promise((_, reject) => {
    // A request nobody will ever abort would hang forever: treat it as a lost response instead.
    if (!signal) return reject(new LostResponseError(method, path));
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

function decode(value: string | undefined): string {
  if (value === undefined) return "";
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export class FakeService {
  readonly name: string;
  readonly baseUrl: string;
  /** Absolute URLs outside {@link baseUrl} that this fake answers too (see {@link FakeServiceOptions.extraUrls}). */
  readonly extraUrls: readonly string[];
  readonly faults = new FaultInjector();
  /** Every request received, in order. */
  readonly calls: RecordedCall[] = [];
  readonly #basePath: string;
  readonly #routes: Route[] = [];
  readonly #middleware: FakeMiddleware[] = [];
  readonly #now: () => number;
  readonly #notFound: (context: FakeRequestContext) => Response;
  readonly #transientError: (status: number, context: FakeRequestContext) => Response;

  constructor(options: FakeServiceOptions) {
    this.name = options.name;
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.extraUrls = options.extraUrls ?? [];
    this.#basePath = new URL(this.baseUrl).pathname.replace(/\/+$/, "");
    this.#now = options.now ?? Date.now;
    this.#notFound =
      options.notFound ??
      ((c) =>
        json(404, { error: { code: "NotFound", message: `fake ${this.name}: no route for ${c.method} ${c.path}` } }));
    this.#transientError =
      options.transientError ??
      ((status) => json(status, { error: { code: "ServiceUnavailable", message: "injected transient error" } }));
  }

  /** The fake's clock (ms). */
  now(): number {
    return this.#now();
  }

  /**
   * Adds a route. `pattern` is matched against the whole path relative to the base URL: a RegExp, or a string
   * where `:name` captures one segment (`/orders/:id/shipments`).
   */
  route(method: string, pattern: RegExp | string, handler: FakeRouteHandler): this {
    this.#routes.push({ method: method.toUpperCase(), pattern: toPattern(pattern), handler });
    return this;
  }

  /** Adds middleware; the first added runs outermost. */
  use(middleware: FakeMiddleware): this {
    this.#middleware.push(middleware);
    return this;
  }

  /** Calls received so far that match (all when no filter). */
  callCount(filter?: { method?: string; path?: string | RegExp }): number {
    return this.calls.filter(
      (c) =>
        (filter?.method === undefined || c.method === filter.method.toUpperCase()) &&
        (filter?.path === undefined ||
          (typeof filter.path === "string" ? c.path.includes(filter.path) : filter.path.test(c.path))),
    ).length;
  }

  /** In-process transport: pass as a client's `fetch` option. A lost response rejects like undici does. */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    // openapi-fetch and the resilient fetch already hand over a Request: copying it again costs a Request and an
    // AbortSignal per call, which shows in 10,000-order benchmarks.
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    try {
      return await this.handle(request);
    } catch (error) {
      if (error instanceof LostResponseError) {
        throw new TypeError("fetch failed", {
          cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
        });
      }
      throw error;
    }
  };

  /** Whether a request URL is addressed to this fake's base URL. */
  owns(url: string | URL): boolean {
    const target = new URL(url);
    if (this.extraUrls.some((extra) => new URL(extra).href === `${target.origin}${target.pathname}`)) return true;
    const base = new URL(this.baseUrl);
    return (
      target.origin === base.origin &&
      (target.pathname === this.#basePath || target.pathname.startsWith(`${this.#basePath}/`))
    );
  }

  /**
   * Answers one request as the vendor would. Rejects with {@link LostResponseError} when a fault loses the
   * response after commit, or with the request's abort reason when a fault made it hang until aborted.
   */
  async handle(request: Request, options: HandleOptions = {}): Promise<Response> {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const path =
      decode(url.pathname.startsWith(this.#basePath) ? url.pathname.slice(this.#basePath.length) : url.pathname) || "/";
    const text = method === "GET" || method === "HEAD" ? "" : await request.text();
    let body: unknown;
    if (text !== "") {
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
    }
    const context: FakeRequestContext = {
      request,
      method,
      url,
      path,
      params: [],
      groups: {},
      publicBaseUrl: (options.publicBaseUrl ?? this.baseUrl).replace(/\/+$/, ""),
      body,
      text,
      now: this.#now(),
    };
    const call: RecordedCall = { method, path, search: url.search, status: 0, at: context.now };
    this.calls.push(call);

    const fault = this.faults.decide(method, path);
    await sleep(fault.latencyMs, request.signal);
    if (fault.kind === "error") {
      call.fault = "error";
      const response = this.#transientError(fault.status, context);
      call.status = response.status;
      return response;
    }
    const response = await this.#dispatch(context);
    if (fault.kind !== "none" && isWriteMethod(method) && response.status < 400) {
      // The write is committed; the caller never learns it.
      call.fault = fault.kind;
      if (fault.kind === "lost-response") throw new LostResponseError(method, path);
      return untilAborted(request.signal, method, path);
    }
    call.status = response.status;
    return response;
  }

  #dispatch(context: FakeRequestContext): Promise<Response> {
    const route = this.#routes.find((r) => {
      if (r.method !== context.method && r.method !== "*") return false;
      const match = r.pattern.exec(context.path);
      if (!match) return false;
      context.params = match.slice(1).map(decode);
      context.groups = Object.fromEntries(Object.entries(match.groups ?? {}).map(([k, v]) => [k, decode(v)]));
      return true;
    });
    const handler: FakeRouteHandler = route ? route.handler : (c) => this.#notFound(c);
    const run = (index: number): Promise<Response> => {
      const middleware = this.#middleware[index];
      if (!middleware) return Promise.resolve(handler(context));
      return middleware(context, () => run(index + 1));
    };
    return run(0);
  }
}

function toPattern(pattern: RegExp | string): RegExp {
  if (pattern instanceof RegExp) return pattern;
  const source = pattern
    .split("/")
    .map((segment) =>
      segment.startsWith(":") ? `(?<${segment.slice(1)}>[^/]+)` : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("/");
  return new RegExp(`^${source}$`);
}
