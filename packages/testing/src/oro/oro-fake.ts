/**
 * A stateful fake of OroCommerce's back-office JSON:API (`https://<host>/admin/api`), for `createOroClient` from
 * `@org/oro-client`. What it reproduces, and where each behaviour comes from:
 * - OAuth2 client credentials at the installation root, `POST /oauth2-token` (client_secret_post or basic), tokens
 *   of `expires_in` 3600 s on the fake's clock; a missing, unknown or expired token is a 401 (Oro docs,
 *   "Authentication / OAuth"; vendor-facts Oro section).
 * - JSON:API content negotiation: responses are `application/vnd.api+json`; a write whose `Content-Type` is not
 *   that media type is a 415, an `Accept` that excludes it a 406 (JSON:API 1.0 "Content Negotiation"; Oro names
 *   its errors after the exception: "unsupported media type http exception", "not acceptable http exception").
 * - Documents with `data`, `included`, `relationships` and HATEOAS `links`; filters with operators, comma lists and
 *   ranges; unknown filters, sorts and includes → 400 "filter constraint" (see `oro-jsonapi.ts`); `X-Include:
 *   totalCount` → `X-Include-Total-Count`; product prices only with `filter[priceList]`.
 * - Batch API `PATCH /admin/api/{resource}` with `data: [...]`: synchronous with `X-Mode: sync` up to 100 primary
 *   and 50 included records, asynchronous otherwise (202 + an `asyncoperations` resource and `Content-Location`).
 * - Inventory levels can be updated, never created or deleted (405); shipping trackings are created.
 * - Every write body is validated against `@org/oro-client/openapi.json`; a violation is a 400 whose error names
 *   the JSON pointer (Oro: "request data constraint" with `source.pointer`).
 * Errors use Oro's body: `{ errors: [{ status, title, detail, source: { pointer | parameter } }] }`.
 */
import oroOpenApi from "@org/oro-client/openapi.json" with { type: "json" };
import { type FakeRequestContext, FakeService } from "../fake-service.js";
import { type SeedOrder, type SeedOrderOptions, seedOrders } from "../seed/orders.js";
import { OpenApiBodyValidator } from "../validation.js";
import {
  applyQuery,
  checkInclude,
  collectIncluded,
  errorResponse,
  JSON_API,
  jsonApiResponse,
  type ListQuery,
  OroHttpError,
  type OroIdentifier,
  pageLinks,
  parseListQuery,
  type ResourceLookup,
  type ResourceSpec,
  render,
  type StoredResource,
} from "./oro-jsonapi.js";
import { buildOroSeed, type OroSeedQuirks } from "./oro-seed.js";

/** Options of {@link createOroFake}. */
export interface OroFakeOptions {
  /** Base URL of the back-office API. Default: `https://oro.example.test/admin/api`. */
  baseUrl?: string;
  /** The fake's clock (ms): tokens, `updatedAt` of writes, async operations. Default: `Date.now`. */
  now?: () => number;
  /** The storefront orders to render as Oro orders, or options for `seedOrders()`. Default: `seedOrders()` (12). */
  orders?: readonly SeedOrder[] | SeedOrderOptions;
  /** Quirks of the seeded orders (price override for O13, a cancelled order for O4). Default: both on. */
  quirks?: OroSeedQuirks;
  /**
   * Accepted client credentials. Default: any non-empty pair (the fake is for tests; it never sees real secrets).
   */
  credentials?: { clientId: string; clientSecret: string };
  /** `expires_in` of issued tokens, in seconds. Default: `3600` (Oro's back-office default). */
  tokenLifetimeSeconds?: number;
  /** Most primary records a batch runs synchronously with `X-Mode: sync`. Default: `100` (Oro). */
  syncBatchMaxPrimary?: number;
  /** Most included records a batch runs synchronously. Default: `50` (Oro). */
  syncBatchMaxIncluded?: number;
  /** Polls of an async operation that still answer `running` before it reports its outcome. Default: `1`. */
  asyncOperationPolls?: number;
  /** Validate write bodies against the client's OpenAPI document. Default: `true`. */
  validateBodies?: boolean;
}

/** A flattened view of a seeded or written resource, for assertions. */
export interface OroFakeOrder {
  id: string;
  identifier: string;
  poNumber: string | null;
  currency: string;
  status: string;
  customerId: string | null;
  customerUserId: string | null;
  updatedAt: string;
  totalValue: string;
  /** The order-level `tax` subtotal (the only tax Oro's back-office API exposes). */
  taxTotal: string;
  lines: Array<{ id: string; sku: string; quantity: number; unitCode: string; value: string }>;
  shippingTrackingIds: string[];
}

export interface OroFakeCustomer {
  id: string;
  name: string;
  externalId: string | null;
  parentId: string | null;
}

export interface OroFakeCustomerUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  customerId: string | null;
  isGuest: boolean;
}

export interface OroFakeProductPrice {
  id: string;
  priceListId: string;
  sku: string;
  unitCode: string;
  quantity: number;
  value: string;
  currency: string;
}

export interface OroFakeInventoryLevel {
  id: string;
  sku: string;
  unitCode: string;
  quantity: string;
  updatedAt: string | undefined;
}

export interface OroFakeShippingTracking {
  id: string;
  method: string;
  number: string;
  orderIds: string[];
}

export interface OroFakeAsyncOperation {
  id: string;
  entityType: string;
  status: "new" | "running" | "failed" | "success";
  writeCount: number;
  errorCount: number;
  errors: Array<{ status: string; title: string; detail: string; source?: { pointer?: string } }>;
}

/** Resource types, their filters and sorts (as `ORO_RESOURCES` of the client), and relationships for `include`. */
const SPECS: Record<string, ResourceSpec> = {
  orders: {
    filters: ["id", "identifier", "poNumber", "external", "externalId", "updatedAt", "customer", "customerUser"],
    sorts: ["id", "external", "updatedAt"],
    caseInsensitive: ["identifier", "poNumber"],
    relationships: [
      "billingAddress",
      "shippingAddress",
      "lineItems",
      "discounts",
      "shippingTrackings",
      "paymentTerm",
      "internalStatus",
      "status",
      "shippingStatus",
      "source",
      "owner",
      "organization",
      "customerUser",
      "customer",
      "orderSubtotals",
      "documents",
      "parent",
      "subOrders",
    ],
  },
  orderlineitems: {
    filters: ["id", "createdAt", "updatedAt", "customer", "customerUser", "product"],
    sorts: ["id", "createdAt", "updatedAt"],
    relationships: ["orders", "product", "parentProduct", "productUnit", "kitItemLineItems"],
  },
  orderaddresses: { filters: ["id"], sorts: ["id"], relationships: ["country", "region"] },
  ordersubtotals: {
    filters: ["order"],
    sorts: ["id"],
    requiredFilters: ["order"],
    relationships: ["order", "priceList"],
  },
  ordershippingtrackings: { filters: ["id"], sorts: ["id"], relationships: ["orders"] },
  customers: {
    filters: ["id", "externalId", "createdAt", "updatedAt"],
    sorts: ["id"],
    relationships: ["parent", "children", "group", "users", "organization", "owner", "addresses"],
  },
  customerusers: {
    filters: ["id", "externalId", "customer"],
    sorts: ["id"],
    relationships: ["customer", "userRoles", "owner", "organization", "addresses"],
  },
  products: {
    filters: ["id", "sku"],
    sorts: ["id"],
    relationships: ["organization", "unitPrecisions", "primaryUnitPrecision", "names"],
  },
  productunits: { filters: ["id"], sorts: ["id"], relationships: [] },
  productunitprecisions: { filters: ["id", "product"], sorts: ["id"], relationships: ["product", "unit"] },
  productprices: {
    filters: ["priceList", "id", "product"],
    sorts: ["id"],
    requiredFilters: ["priceList"],
    relationships: ["priceList", "product", "unit"],
  },
  pricelists: { filters: ["id"], sorts: ["id"], relationships: ["organization"] },
  inventorylevels: {
    filters: ["id", "product", "productUnitPrecision", "externalId"],
    sorts: ["id"],
    relationships: ["product", "productUnitPrecision", "organization"],
  },
};

/** Sub-resource paths (`/orders/{id}/lineItems`) → the relationship they list. */
const SUBRESOURCES: Record<string, Record<string, string>> = {
  orders: {
    lineItems: "lineItems",
    shippingTrackings: "shippingTrackings",
    billingAddress: "billingAddress",
    shippingAddress: "shippingAddress",
  },
  customers: { users: "users" },
  products: { unitPrecisions: "unitPrecisions" },
};

/** Resources the batch API accepts here, and what each allows (Oro: inventory levels are update-only). */
const BATCH: Record<string, { create: boolean }> = {
  inventorylevels: { create: false },
  customers: { create: true },
  customerusers: { create: true },
  productprices: { create: true },
};

/** Read-only attributes the fake maintains itself on writes. */
const TIMESTAMPED = new Set(["orders", "customers", "customerusers", "products", "pricelists", "orderlineitems"]);

interface AsyncOperationState extends OroFakeAsyncOperation {
  pollsLeft: number;
  createdAt: string;
  updatedAt: string;
}

/** The OroCommerce back-office API fake (name `oro`). */
export class OroFake extends FakeService {
  readonly #store = new Map<string, Map<string, StoredResource>>();
  readonly #tokens = new Map<string, number>();
  readonly #operations = new Map<string, AsyncOperationState>();
  readonly #validator = new OpenApiBodyValidator(oroOpenApi, "@org/oro-client/openapi.json");
  readonly #options: OroFakeOptions;
  readonly #lookup: ResourceLookup;
  #nextId = 1000;
  #tokenCounter = 0;
  /** Extra timestamps of inventory levels (Oro keeps none in the API; the fake records the last write). */
  readonly #inventoryWrittenAt = new Map<string, string>();

  constructor(options: OroFakeOptions = {}) {
    super({
      name: "oro",
      baseUrl: options.baseUrl ?? "https://oro.example.test/admin/api",
      extraUrls: [`${new URL(options.baseUrl ?? "https://oro.example.test/admin/api").origin}/oauth2-token`],
      ...(options.now ? { now: options.now } : {}),
      notFound: (c) =>
        errorResponse(
          new OroHttpError(404, [
            {
              status: "404",
              title: "resource not accessible exception",
              detail: `No route found for "${c.method} ${c.path.slice(0, 80)}".`,
            },
          ]),
        ),
      transientError: (status) =>
        errorResponse(
          new OroHttpError(status, [
            { status: String(status), title: "service unavailable http exception", detail: "Service Unavailable" },
          ]),
        ),
    });
    this.#options = options;
    const orders = Array.isArray(options.orders)
      ? (options.orders as readonly SeedOrder[])
      : seedOrders((options.orders as SeedOrderOptions | undefined) ?? {});
    for (const resource of buildOroSeed(orders, options.quirks).resources) this.#put(resource);
    this.#lookup = { get: (type, id) => this.#get(type, id), spec: (type) => SPECS[type] };

    this.route("POST", "/oauth2-token", (c) => this.#token(c));
    this.use((c, next) => this.#guard(c, next));
    this.route("GET", "/asyncoperations/:id", (c) => this.#getOperation(c.groups.id as string));
    this.route("GET", "/asyncoperations/:id/errors", (c) => this.#getOperationErrors(c.groups.id as string));
    this.route("GET", "/:type", (c) => this.#list(c, c.groups.type as string));
    this.route("GET", "/:type/:id", (c) => this.#getOne(c, c.groups.type as string, c.groups.id as string));
    this.route("GET", "/:type/:id/:association", (c) =>
      this.#getRelated(c, c.groups.type as string, c.groups.id as string, c.groups.association as string),
    );
    this.route("POST", "/ordershippingtrackings", (c) => this.#createShippingTracking(c));
    this.route("PATCH", "/inventorylevels/:id", (c) => this.#updateInventoryLevel(c, c.groups.id as string));
    this.route("PATCH", "/:type", (c) => this.#batch(c, c.groups.type as string));
    this.route("*", /^\/inventorylevels(\/[^/]+)?$/, (c) => methodNotAllowed(c, "GET, PATCH"));
  }

  // ---- typed state accessors ---------------------------------------------------------------------------------

  /** Access tokens issued so far. */
  get tokensIssued(): number {
    return this.#tokenCounter;
  }

  /** Orders with their lines, status, order-level tax and shipping trackings. */
  orders(): OroFakeOrder[] {
    return this.#all("orders").map((o) => {
      const a = o.attributes;
      const lines = ids(o.relationships.lineItems).map((id) => {
        const line = this.#get("orderlineitems", id) as StoredResource;
        return {
          id,
          sku: String(line.attributes.productSku),
          quantity: Number(line.attributes.quantity),
          unitCode: String(line.attributes.productUnitCode),
          value: String(line.attributes.value),
        };
      });
      const tax = ids(o.relationships.orderSubtotals)
        .map((id) => this.#get("ordersubtotals", id))
        .find((s) => s?.attributes.orderSubtotalType === "tax");
      return {
        id: o.id,
        identifier: String(a.identifier),
        poNumber: (a.poNumber as string | null) ?? null,
        currency: String(a.currency),
        status: ids(o.relationships.internalStatus)[0] ?? "",
        customerId: ids(o.relationships.customer)[0] ?? null,
        customerUserId: ids(o.relationships.customerUser)[0] ?? null,
        updatedAt: String(a.updatedAt),
        totalValue: String(a.totalValue),
        taxTotal: tax ? String(tax.attributes.amount) : "0.0000",
        lines,
        shippingTrackingIds: ids(o.relationships.shippingTrackings),
      };
    });
  }

  customers(): OroFakeCustomer[] {
    return this.#all("customers").map((c) => ({
      id: c.id,
      name: String(c.attributes.name),
      externalId: (c.attributes.externalId as string | null) ?? null,
      parentId: ids(c.relationships.parent)[0] ?? null,
    }));
  }

  customerUsers(): OroFakeCustomerUser[] {
    return this.#all("customerusers").map((u) => ({
      id: u.id,
      email: String(u.attributes.email),
      firstName: String(u.attributes.firstName),
      lastName: String(u.attributes.lastName),
      customerId: ids(u.relationships.customer)[0] ?? null,
      isGuest: u.attributes.isGuest === true,
    }));
  }

  /** Product prices, optionally of one price list. */
  productPrices(priceListId?: string): OroFakeProductPrice[] {
    return this.#all("productprices")
      .filter((p) => priceListId === undefined || ids(p.relationships.priceList)[0] === priceListId)
      .map((p) => ({
        id: p.id,
        priceListId: ids(p.relationships.priceList)[0] ?? "",
        sku: this.#skuOf(ids(p.relationships.product)[0]),
        unitCode: ids(p.relationships.unit)[0] ?? "",
        quantity: Number(p.attributes.quantity),
        value: String(p.attributes.value),
        currency: String(p.attributes.currency),
      }));
  }

  inventoryLevels(): OroFakeInventoryLevel[] {
    return this.#all("inventorylevels").map((level) => {
      const precision = this.#get("productunitprecisions", ids(level.relationships.productUnitPrecision)[0] ?? "");
      return {
        id: level.id,
        sku: this.#skuOf(ids(level.relationships.product)[0]),
        unitCode: ids(precision?.relationships.unit)[0] ?? "",
        quantity: String(level.attributes.quantity),
        updatedAt: this.#inventoryWrittenAt.get(level.id),
      };
    });
  }

  shippingTrackings(): OroFakeShippingTracking[] {
    return this.#all("ordershippingtrackings").map((t) => ({
      id: t.id,
      method: String(t.attributes.method),
      number: String(t.attributes.number),
      orderIds: ids(t.relationships.orders),
    }));
  }

  asyncOperations(): OroFakeAsyncOperation[] {
    return [...this.#operations.values()].map(({ pollsLeft: _p, createdAt: _c, updatedAt: _u, ...rest }) => ({
      ...rest,
      errors: [...rest.errors],
    }));
  }

  /**
   * Changes an order as a back-office user would (status, PO number), stamping `updatedAt` with the fake's clock:
   * for watermark tests.
   */
  updateOrder(id: string, changes: { status?: string; poNumber?: string | null } = {}): void {
    const order = this.#get("orders", id);
    if (!order) throw new Error(`oro fake: no order ${id}`);
    if (changes.status !== undefined)
      order.relationships.internalStatus = { type: "orderinternalstatuses", id: changes.status };
    if (changes.poNumber !== undefined) order.attributes.poNumber = changes.poNumber;
    order.attributes.updatedAt = this.#stamp();
  }

  /** Sets the price of a product on the seeded price list (e.g. to provoke or fix an O13 deviation). */
  setListPrice(sku: string, value: string): void {
    const price = this.#all("productprices").find((p) => this.#skuOf(ids(p.relationships.product)[0]) === sku);
    if (!price) throw new Error(`oro fake: no price for ${sku}`);
    price.attributes.value = value;
  }

  // ---- store ---------------------------------------------------------------------------------------------------

  #put(resource: StoredResource): void {
    let byId = this.#store.get(resource.type);
    if (!byId) {
      byId = new Map();
      this.#store.set(resource.type, byId);
    }
    byId.set(resource.id, resource);
  }

  #get(type: string, id: string): StoredResource | undefined {
    return this.#store.get(type)?.get(id);
  }

  #all(type: string): StoredResource[] {
    return [...(this.#store.get(type)?.values() ?? [])];
  }

  #skuOf(productId: string | undefined): string {
    return productId === undefined ? "" : String(this.#get("products", productId)?.attributes.sku ?? "");
  }

  #stamp(): string {
    // Oro stores seconds.
    return `${new Date(this.now()).toISOString().slice(0, 19)}Z`;
  }

  #newId(): string {
    this.#nextId += 1;
    return String(this.#nextId);
  }

  // ---- auth and content negotiation ---------------------------------------------------------------------------

  async #token(c: FakeRequestContext): Promise<Response> {
    const form = new URLSearchParams(c.text);
    let clientId = form.get("client_id") ?? "";
    let clientSecret = form.get("client_secret") ?? "";
    const basic = /^Basic\s+(.+)$/i.exec(c.request.headers.get("authorization") ?? "");
    if (basic) {
      const [id = "", secret = ""] = Buffer.from(basic[1] as string, "base64")
        .toString("utf8")
        .split(":");
      clientId = decodeURIComponent(id.replace(/\+/g, " "));
      clientSecret = decodeURIComponent(secret.replace(/\+/g, " "));
    }
    // league/oauth2-server's error bodies (Oro's OAuth2 server).
    if (form.get("grant_type") !== "client_credentials") {
      return oauthError(
        400,
        "unsupported_grant_type",
        "The authorization grant type is not supported by the authorization server.",
      );
    }
    const expected = this.#options.credentials;
    const valid = expected
      ? clientId === expected.clientId && clientSecret === expected.clientSecret
      : clientId !== "" && clientSecret !== "";
    if (!valid) return oauthError(401, "invalid_client", "Client authentication failed");
    this.#tokenCounter += 1;
    const lifetime = this.#options.tokenLifetimeSeconds ?? 3600;
    const token = `oro-fake-token-${this.#tokenCounter}-${Math.floor(this.now())}`;
    this.#tokens.set(token, this.now() + lifetime * 1000);
    return new Response(JSON.stringify({ token_type: "Bearer", expires_in: lifetime, access_token: token }), {
      status: 200,
      headers: { "content-type": "application/json; charset=UTF-8", "cache-control": "no-store" },
    });
  }

  async #guard(c: FakeRequestContext, next: () => Promise<Response>): Promise<Response> {
    if (c.path === "/oauth2-token") return next();
    const bearer = /^Bearer\s+(.+)$/i.exec(c.request.headers.get("authorization") ?? "")?.[1];
    const expiresAt = bearer === undefined ? undefined : this.#tokens.get(bearer);
    if (expiresAt === undefined || expiresAt <= this.now()) {
      return errorResponse(
        new OroHttpError(
          401,
          [
            {
              status: "401",
              title: "authentication exception",
              detail:
                expiresAt === undefined ? "The access token is missing or invalid." : "The access token has expired.",
            },
          ],
          { "www-authenticate": 'Bearer error="invalid_token"' },
        ),
      );
    }
    const accept = c.request.headers.get("accept");
    if (
      accept &&
      !accept.split(",").some((m) => /^\s*(application\/vnd\.api\+json|application\/\*|\*\/\*)\s*(;|$)/i.test(m))
    ) {
      return errorResponse(
        new OroHttpError(406, [
          {
            status: "406",
            title: "not acceptable http exception",
            detail: `The "Accept" request header does not accept "${JSON_API}".`,
          },
        ]),
      );
    }
    if (c.method !== "GET" && c.method !== "DELETE" && c.text !== "") {
      const type = (c.request.headers.get("content-type") ?? "").trim();
      if (type.toLowerCase() !== JSON_API) {
        return errorResponse(
          new OroHttpError(415, [
            {
              status: "415",
              title: "unsupported media type http exception",
              detail: `The "Content-Type" request header must be "${JSON_API}".`,
            },
          ]),
        );
      }
      if (c.body === undefined) {
        return errorResponse(
          new OroHttpError(400, [
            {
              status: "400",
              title: "request data constraint",
              detail: "The request data should not be empty.",
              source: { pointer: "/" },
            },
          ]),
        );
      }
    }
    try {
      return await next();
    } catch (error) {
      if (error instanceof OroHttpError) return errorResponse(error);
      throw error;
    }
  }

  // ---- reads ---------------------------------------------------------------------------------------------------

  #list(c: FakeRequestContext, type: string): Response {
    const spec = SPECS[type];
    if (!spec) return notFoundType(type);
    const query = parseListQuery(c.url.searchParams, spec);
    const matching = applyQuery(this.#all(type), query, spec);
    checkInclude(type, query.include, this.#lookup, matching);
    return this.#collection(c, matching, query, c.path);
  }

  #collection(c: FakeRequestContext, matching: StoredResource[], query: ListQuery, path: string): Response {
    const all = query.pageSize === -1;
    const start = all ? 0 : (query.pageNumber - 1) * query.pageSize;
    const page = all ? matching : matching.slice(start, start + query.pageSize);
    const hasMore = !all && matching.length > start + query.pageSize;
    const included = collectIncluded(page, query.include, this.#lookup);
    const headers: Record<string, string> = {};
    if (/\btotalCount\b/i.test(c.request.headers.get("x-include") ?? ""))
      headers["X-Include-Total-Count"] = String(matching.length);
    return jsonApiResponse(
      200,
      {
        data: page.map((r) => render(r, query.fields, c.publicBaseUrl)),
        ...(included.length > 0 ? { included: included.map((r) => render(r, query.fields, c.publicBaseUrl)) } : {}),
        links: pageLinks(c.publicBaseUrl, path, c.url.searchParams, query, hasMore),
      },
      headers,
    );
  }

  #getOne(c: FakeRequestContext, type: string, id: string): Response {
    if (!SPECS[type]) return notFoundType(type);
    const query = parseListQuery(c.url.searchParams, SPECS[type], true);
    const resource = this.#get(type, id);
    if (!resource) throw notFound(type, id);
    checkInclude(type, query.include, this.#lookup, [resource]);
    const included = collectIncluded([resource], query.include, this.#lookup);
    return jsonApiResponse(200, {
      data: render(resource, query.fields, c.publicBaseUrl),
      ...(included.length > 0 ? { included: included.map((r) => render(r, query.fields, c.publicBaseUrl)) } : {}),
    });
  }

  #getRelated(c: FakeRequestContext, type: string, id: string, association: string): Response {
    const relationship = SUBRESOURCES[type]?.[association];
    if (!relationship) throw notFoundRoute(c);
    const owner = this.#get(type, id);
    if (!owner) throw notFound(type, id);
    const linkage = owner.relationships[relationship];
    if (!Array.isArray(linkage)) {
      const query = parseListQuery(c.url.searchParams, undefined, true);
      const related = linkage ? this.#get(linkage.type, linkage.id) : undefined;
      return jsonApiResponse(200, { data: related ? render(related, query.fields, c.publicBaseUrl) : null });
    }
    const relatedType = linkage[0]?.type ?? relatedTypeOf(relationship);
    const spec = SPECS[relatedType] ?? { filters: ["id"], sorts: ["id"], relationships: [] };
    const query = parseListQuery(c.url.searchParams, spec);
    const resources = linkage.map((l) => this.#get(l.type, l.id)).filter((r): r is StoredResource => r !== undefined);
    return this.#collection(c, applyQuery(resources, query, spec), query, c.path);
  }

  #getOperation(id: string): Response {
    const operation = this.#operations.get(id);
    if (!operation) throw notFound("asyncoperations", id);
    if (operation.pollsLeft > 0) {
      operation.pollsLeft -= 1;
      operation.status = "running";
    } else {
      operation.status = operation.errorCount > 0 ? "failed" : "success";
    }
    operation.updatedAt = this.#stamp();
    return jsonApiResponse(200, { data: operationResource(operation) });
  }

  #getOperationErrors(id: string): Response {
    const operation = this.#operations.get(id);
    if (!operation) throw notFound("asyncoperations", id);
    return jsonApiResponse(200, {
      data: operation.errors.map((e, i) => ({ type: "asyncoperationerrors", id: `${id}-${i + 1}`, attributes: e })),
    });
  }

  // ---- writes --------------------------------------------------------------------------------------------------

  #validate(method: string, template: string, body: unknown): void {
    if (this.#options.validateBodies === false) return;
    const problems = this.#validator.validate(method, template, body) ?? [];
    if (problems.length === 0) return;
    throw new OroHttpError(
      400,
      problems.map((problem) => {
        const space = problem.indexOf(" ");
        const pointer = space === -1 ? problem : problem.slice(0, space);
        return {
          status: "400",
          title: "request data constraint",
          detail: space === -1 ? "is invalid" : problem.slice(space + 1),
          source: { pointer },
        };
      }),
    );
  }

  #createShippingTracking(c: FakeRequestContext): Response {
    this.#validate("post", "/ordershippingtrackings", c.body);
    const data = (
      c.body as { data: { attributes: Record<string, unknown>; relationships: Record<string, { data?: unknown }> } }
    ).data;
    const orders = data.relationships.orders?.data;
    const orderIds = (Array.isArray(orders) ? orders : []) as OroIdentifier[];
    if (orderIds.length === 0) {
      throw validation("/data/relationships/orders/data", "not blank constraint", "This value should not be blank.");
    }
    orderIds.forEach((o, i) => {
      if (o.type !== "orders" || !this.#get("orders", o.id)) {
        throw validation(`/data/relationships/orders/data/${i}`, "form constraint", "The entity does not exist.");
      }
    });
    for (const [field, max] of [
      ["method", 255],
      ["number", 255],
    ] as const) {
      const value = data.attributes[field];
      if (typeof value !== "string" || value.trim() === "") {
        throw validation(`/data/attributes/${field}`, "not blank constraint", "This value should not be blank.");
      }
      if (value.length > max) {
        throw validation(
          `/data/attributes/${field}`,
          "length constraint",
          `This value is too long. It should have ${max} characters or less.`,
        );
      }
    }
    const id = this.#newId();
    const tracking: StoredResource = {
      type: "ordershippingtrackings",
      id,
      attributes: { method: data.attributes.method, number: data.attributes.number },
      relationships: { orders: orderIds.map((o) => ({ type: "orders", id: o.id })) },
    };
    this.#put(tracking);
    for (const o of orderIds) {
      const order = this.#get("orders", o.id) as StoredResource;
      order.relationships.shippingTrackings = [
        ...ids(order.relationships.shippingTrackings).map((t) => ({ type: "ordershippingtrackings", id: t })),
        { type: "ordershippingtrackings", id },
      ];
    }
    return jsonApiResponse(
      201,
      { data: render(tracking, {}, c.publicBaseUrl) },
      {
        location: `${c.publicBaseUrl}/ordershippingtrackings/${id}`,
      },
    );
  }

  #updateInventoryLevel(c: FakeRequestContext, id: string): Response {
    this.#validate("patch", "/inventorylevels/{id}", c.body);
    const data = (c.body as { data: { id: string; attributes?: Record<string, unknown> } }).data;
    if (data.id !== id) {
      throw validation(
        "/data/id",
        "conflict constraint",
        "The 'id' property of the primary data object should match 'id' parameter of the query sting.",
        409,
      );
    }
    const level = this.#get("inventorylevels", id);
    if (!level) throw notFound("inventorylevels", id);
    this.#applyInventory(level, data.attributes ?? {}, "/data");
    return jsonApiResponse(200, { data: render(level, {}, c.publicBaseUrl) });
  }

  #applyInventory(level: StoredResource, attributes: Record<string, unknown>, pointer: string): void {
    const quantity = attributes.quantity;
    if (quantity !== undefined && (typeof quantity !== "string" || !/^-?\d+(\.\d+)?$/.test(quantity))) {
      throw validation(`${pointer}/attributes/quantity`, "type constraint", "This value should be of type numeric.");
    }
    if (quantity !== undefined) level.attributes.quantity = quantity;
    if (attributes.externalId !== undefined) level.attributes.externalId = attributes.externalId;
    this.#inventoryWrittenAt.set(level.id, this.#stamp());
  }

  #batch(c: FakeRequestContext, type: string): Response {
    const rule = BATCH[type];
    if (!rule) {
      if (!SPECS[type]) return notFoundType(type);
      return methodNotAllowed(c, "GET");
    }
    this.#validate("patch", `/${type}`, c.body);
    const document = c.body as { data: Array<Record<string, unknown>>; included?: unknown[] };
    const primary = document.data.length;
    const included = Array.isArray(document.included) ? document.included.length : 0;
    const wantsSync = (c.request.headers.get("x-mode") ?? "").toLowerCase() === "sync";
    const fits =
      primary <= (this.#options.syncBatchMaxPrimary ?? 100) && included <= (this.#options.syncBatchMaxIncluded ?? 50);
    if (wantsSync && fits) {
      // Sync: all or nothing; the first failing record answers with its pointer.
      const staged = document.data.map((record, index) => this.#stageBatchRecord(type, record, index, rule.create));
      const written = staged.map((apply) => apply());
      return jsonApiResponse(200, { data: written.map((r) => render(r, {}, c.publicBaseUrl)) });
    }
    // Async: Oro splits the batch into chunks and processes them later; the fake commits now and reports through
    // the async operation, whose errors name each failing record.
    const id = this.#newId();
    const errors: OroFakeAsyncOperation["errors"] = [];
    let writeCount = 0;
    document.data.forEach((record, index) => {
      try {
        this.#stageBatchRecord(type, record, index, rule.create)();
        writeCount += 1;
      } catch (error) {
        if (!(error instanceof OroHttpError)) throw error;
        errors.push(...error.errors);
      }
    });
    const operation: AsyncOperationState = {
      id,
      entityType: type,
      status: "new",
      writeCount,
      errorCount: errors.length,
      errors,
      pollsLeft: this.#options.asyncOperationPolls ?? 1,
      createdAt: this.#stamp(),
      updatedAt: this.#stamp(),
    };
    this.#operations.set(id, operation);
    return jsonApiResponse(
      202,
      { data: operationResource(operation) },
      {
        "content-location": `${c.publicBaseUrl}/asyncoperations/${id}`,
      },
    );
  }

  /** Checks one batch record and returns the write (so a sync batch applies nothing when any record fails). */
  #stageBatchRecord(
    type: string,
    record: Record<string, unknown>,
    index: number,
    canCreate: boolean,
  ): () => StoredResource {
    const pointer = `/data/${index}`;
    const meta = (record.meta ?? {}) as { update?: unknown; upsert?: unknown };
    const id = typeof record.id === "string" ? record.id : undefined;
    const attributes = (record.attributes ?? {}) as Record<string, unknown>;
    const relationships = (record.relationships ?? {}) as Record<string, { data?: unknown }>;
    const existing = id === undefined ? undefined : this.#get(type, id);
    const update = meta.update === true || (meta.upsert === true && existing !== undefined);
    if (update && !existing) throw validation(`${pointer}`, "not found constraint", "The entity does not exist.", 400);
    if (!update && !canCreate) {
      throw validation(
        `${pointer}/meta`,
        "action not allowed constraint",
        `The "create" action is not allowed for "${type}".`,
      );
    }
    if (type === "inventorylevels") {
      return () => {
        this.#applyInventory(existing as StoredResource, attributes, pointer);
        return existing as StoredResource;
      };
    }
    return () => {
      const target: StoredResource = existing ?? { type, id: this.#newId(), attributes: {}, relationships: {} };
      if (!existing && TIMESTAMPED.has(type)) target.attributes.createdAt = this.#stamp();
      Object.assign(target.attributes, attributes);
      for (const [name, value] of Object.entries(relationships)) {
        const data = value?.data;
        target.relationships[name] = Array.isArray(data)
          ? (data as OroIdentifier[]).map((d) => ({ type: d.type, id: d.id }))
          : data
            ? { type: (data as OroIdentifier).type, id: (data as OroIdentifier).id }
            : null;
      }
      if (TIMESTAMPED.has(type)) target.attributes.updatedAt = this.#stamp();
      this.#put(target);
      return target;
    };
  }
}

/** Creates the OroCommerce fake, seeded from the shared catalog and `seedOrders()`. */
export function createOroFake(options: OroFakeOptions = {}): OroFake {
  return new OroFake(options);
}

function ids(value: OroIdentifier | OroIdentifier[] | null | undefined): string[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value.map((v) => v.id) : [value.id];
}

function relatedTypeOf(relationship: string): string {
  const map: Record<string, string> = {
    lineItems: "orderlineitems",
    shippingTrackings: "ordershippingtrackings",
    users: "customerusers",
    unitPrecisions: "productunitprecisions",
  };
  return map[relationship] ?? relationship.toLowerCase();
}

function oauthError(status: number, error: string, description: string): Response {
  return new Response(JSON.stringify({ error, error_description: description, message: description }), {
    status,
    headers: { "content-type": "application/json" },
  });
}

function validation(pointer: string, title: string, detail: string, status = 400): OroHttpError {
  return new OroHttpError(status, [{ status: String(status), title, detail, source: { pointer } }]);
}

function notFound(type: string, id: string): OroHttpError {
  return new OroHttpError(404, [
    {
      status: "404",
      title: "not found http exception",
      detail: `An entity with the requested identifier does not exist (${type.slice(0, 40)} ${id.slice(0, 40)}).`,
    },
  ]);
}

function notFoundRoute(c: FakeRequestContext): OroHttpError {
  return new OroHttpError(404, [
    {
      status: "404",
      title: "resource not accessible exception",
      detail: `No route found for "${c.method} ${c.path.slice(0, 80)}".`,
    },
  ]);
}

function notFoundType(type: string): Response {
  return errorResponse(
    new OroHttpError(404, [
      {
        status: "404",
        title: "resource not accessible exception",
        detail: `The "${type.slice(0, 40)}" entity type is not accessible.`,
      },
    ]),
  );
}

function methodNotAllowed(c: FakeRequestContext, allow: string): Response {
  return errorResponse(
    new OroHttpError(
      405,
      [
        {
          status: "405",
          title: "method not allowed http exception",
          detail: `No route found for "${c.method} ${c.path.slice(0, 80)}": Method Not Allowed (Allow: ${allow})`,
        },
      ],
      { allow },
    ),
  );
}

function operationResource(operation: AsyncOperationState): Record<string, unknown> {
  return {
    type: "asyncoperations",
    id: operation.id,
    attributes: {
      status: operation.status,
      progress: operation.status === "success" || operation.status === "failed" ? 1 : 0,
      createdAt: operation.createdAt,
      updatedAt: operation.updatedAt,
      elapsedTime: 0,
      entityType: operation.entityType,
      summary:
        operation.status === "success" || operation.status === "failed"
          ? {
              aggregateTime: 0,
              readCount: operation.writeCount + operation.errorCount,
              writeCount: operation.writeCount,
              errorCount: operation.errorCount,
              createCount: 0,
              updateCount: operation.writeCount,
            }
          : null,
    },
  };
}
