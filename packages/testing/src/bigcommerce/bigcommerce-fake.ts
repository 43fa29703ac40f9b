/**
 * A stateful BigCommerce store: v2 orders (with products, shipping addresses, coupons, taxes, shipments), v3
 * transactions and refunds, v3 catalog products/variants and v3 inventory (locations, absolute/relative
 * adjustments, items), seeded from the shared catalog and `seedOrders()`.
 *
 * Quirks reproduced (vendor-facts.md, BigCommerce section; orders.v2.oas2.yml, orders.v3.yml, inventory.v3.yml):
 * - `X-Auth-Token` required: 401 in the version's error shape otherwise.
 * - `X-Rate-Limit-*` headers on every answered request, a per-store quota over a 30 s window (150 by default);
 *   429 with those headers when it is used up; optional 429 WITHOUT any header (platform load shedding).
 * - v2 lists answer 204 with no body when empty (also a page past the end); v2 money is 4-decimal strings.
 * - v3 lists page by `page`/`limit` (≤ 250) with `meta.pagination` (links built from the caller's base URL).
 * - Error bodies: v2 `[{ status, message, details? }]`, v3 `{ status, title, type, errors: { field: message } }`
 *   (inventory.v3.yml `ErrorResponse`; the client's `bigcommerce-errors.ts` reads both).
 * - Write bodies validated against the client's `openapi.json`: v3 422 naming the field; v2 400 naming the field
 *   (v2 answers invalid input with 400, v3 with 422).
 * - Inventory adjustments: at most 2,000 items per request (422 otherwise).
 */
import openApi from "@org/bigcommerce-client/openapi.json" with { type: "json" };
import { type FakeRequestContext, FakeService } from "../fake-service.js";
import { WindowQuota } from "../limits.js";
import { seededRandom } from "../random.js";
import { SEED_PRODUCTS, SEED_WAREHOUSES, type SeedProduct } from "../seed/catalog.js";
import { type SeedOrder, seedOrders } from "../seed/orders.js";
import { OpenApiBodyValidator } from "../validation.js";
import {
  BIGCOMMERCE_STATUS_NAMES,
  type BigCommerceFakeOrder,
  type BigCommerceV3Transaction,
  divRound,
  type RenderIds,
  renderOrder,
  rfc2822,
  v2Cents,
  v3Cents,
} from "./bigcommerce-render.js";

/** Where BigCommerce's status codes are documented; v3 error bodies carry it as `type`. */
const STATUS_CODES_URL = "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes";

/** Most items one inventory adjustment may carry (inventory.v3.yml; vendor-facts.md). */
export const BIGCOMMERCE_FAKE_MAX_ADJUSTMENT_ITEMS = 2000;
/** Largest `limit` on list endpoints; `GET /v3/inventory/items` allows 1,000. */
export const BIGCOMMERCE_FAKE_MAX_PAGE_SIZE = 250;
const MAX_INVENTORY_ITEMS_PAGE = 1000;

/** A refund to seed on an order. */
export interface BigCommerceRefundSeed {
  /** Storefront order number (= BigCommerce order id), e.g. `"100004"`. */
  orderNumber: string;
  /** Products to refund by SKU and quantity. Default: 1 of the order's first line. */
  lines?: ReadonlyArray<{ sku: string; quantity: number }>;
  /** Refund the shipping too. Default: `false`. */
  shipping?: boolean;
  /** Default: `"Customer return"`. */
  reason?: string;
}

export interface BigCommerceFakeOptions {
  /** Store hash in the base URL. Default: `"fakestore"`. */
  storeHash?: string;
  /** Only this token is accepted (any non-empty token when unset). Default: any. */
  accessToken?: string;
  /** Orders in the store. Default: `seedOrders()` (12 orders, one with an unknown SKU). */
  orders?: readonly SeedOrder[];
  /**
   * The store's catalogue: the v3 products and variants (ids 101…, 201… by position), the SKUs inventory
   * adjustments accept (any other is a 422) and the stock per location (`stock` by ERP warehouse code).
   * Default: the seed catalogue (`SEED_PRODUCTS`, 12 SKUs).
   */
  products?: readonly SeedProduct[];
  /**
   * `status_id` of each seed order. Default: 11 (Awaiting Fulfillment) for all but the sixth order (index 5),
   * which is 7 (Awaiting Payment), so a pipeline shows an order that is not ready (O4).
   */
  statusOf?: (order: SeedOrder, index: number) => number;
  /** Refunds to seed (as if created through the refunds API). Default: none. */
  refunds?: readonly BigCommerceRefundSeed[];
  /** Requests per window per store. Default: `150` (Standard/Plus plan). */
  rateLimitQuota?: number;
  /** Window length in ms. Default: `30_000`. */
  rateLimitWindowMs?: number;
  /** Turn the quota (and its headers) off entirely. Default: `true` (on). */
  rateLimit?: boolean;
  /**
   * Share of requests (0–1) answered 429 with NO rate-limit headers (platform load shedding), seeded. Default: `0`.
   * `fake.shedLoad(n)` sheds the next `n` requests deterministically.
   */
  loadSheddingRate?: number;
  /** Seed for load shedding. Default: `1`. */
  loadSheddingSeed?: number;
  /** Safety stock per location. Default: `0`. */
  safetyStock?: number;
  /** The fake's clock. Default: `Date.now`. */
  now?: () => number;
}

/** A v2 shipment as stored (orders.v2.oas2.yml `orderShipment`). */
export interface BigCommerceFakeShipment {
  id: number;
  order_id: number;
  customer_id: number;
  order_address_id: number;
  date_created: string;
  tracking_number: string;
  tracking_link: string;
  merchant_shipping_cost: string;
  shipping_method: string;
  shipping_provider: string;
  tracking_carrier: string;
  comments: string;
  billing_address: unknown;
  shipping_address: unknown;
  items: Array<{ order_product_id: number; product_id: number; quantity: number }>;
}

/** A v3 refund as stored (orders.v3.yml `Refund`). */
export interface BigCommerceFakeRefund {
  id: number;
  order_id: number;
  user_id: number;
  created: string;
  reason: string;
  total_amount: number;
  total_tax: number;
  uses_merchant_override_values: boolean;
  items: Array<{ item_type: string; item_id: number; quantity?: number; requested_amount?: number; reason?: string }>;
  payments: Array<{
    id: number;
    provider_id: string;
    amount: number;
    offline: boolean;
    is_declined: boolean;
    declined_message: string;
    transaction_id?: string;
  }>;
}

/** A v3 inventory location. */
export interface BigCommerceFakeLocation {
  id: number;
  code: string;
  label: string;
  /** The ERP warehouse that feeds it. */
  warehouseCode: string;
}

type Json = Record<string, unknown>;

/**
 * The client's lean openapi.json keeps OpenAPI 3.0's boolean `exclusiveMaximum`/`exclusiveMinimum` (e.g.
 * `RefundItemAdjustment.amount`), which the JSON Schema 2020 validator refuses to compile. Rewritten to the
 * 2020 form here (a local workaround; `OpenApiBodyValidator` could do this for every storefront schema).
 */
function toJsonSchema2020(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema2020);
  if (node === null || typeof node !== "object") return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if ((key === "exclusiveMaximum" || key === "exclusiveMinimum") && typeof value === "boolean") continue;
    out[key] = toJsonSchema2020(value);
  }
  const source = node as Json;
  if (source.exclusiveMaximum === true && typeof source.maximum === "number") {
    out.exclusiveMaximum = source.maximum;
    delete out.maximum;
  }
  if (source.exclusiveMinimum === true && typeof source.minimum === "number") {
    out.exclusiveMinimum = source.minimum;
    delete out.minimum;
  }
  return out;
}

const OPENAPI_2020 = toJsonSchema2020(openApi) as object;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

const isV2 = (path: string): boolean => path.startsWith("/v2/");

/** v2 error body: a list of `{ status, message, details? }` (see `bigcommerce-errors.ts` in the client). */
function v2Error(status: number, message: string, details?: Json): Response {
  return json(status, [{ status, message, ...(details ? { details } : {}) }]);
}

/** v3 error body (inventory.v3.yml / orders.v3.yml `ErrorResponse`). */
function v3Error(status: number, title: string, errors: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ status, title, type: STATUS_CODES_URL, errors }), {
    status,
    headers: { "content-type": "application/problem+json" },
  });
}

function errorFor(path: string, status: number, message: string, field?: string): Response {
  if (isV2(path)) return v2Error(status, message, field ? { invalid_reason: message, field } : undefined);
  return v3Error(status, message, field ? { [field]: message } : {});
}

/** ajv's `/items/0/sku must be string` as `{ field: "items.0.sku", message: "must be string" }`. */
function fieldOf(problem: string): { field: string; message: string } {
  const [pointer = "/", ...rest] = problem.split(" ");
  const field = pointer.replace(/^\//, "").replace(/\//g, ".") || "body";
  return { field, message: rest.join(" ") };
}

/** Parses a v2 date filter (RFC 2822 or ISO 8601, as BigCommerce accepts). */
function parseDate(value: string | null): number | undefined {
  if (value === null || value === "") return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? Number.NaN : ms;
}

function intParam(url: URL, name: string): number | undefined {
  const value = url.searchParams.get(name);
  if (value === null || value === "") return undefined;
  return /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
}

function listParam(url: URL, name: string): string[] | undefined {
  const value = url.searchParams.get(name);
  if (value === null || value === "") return undefined;
  return value.split(",").map((v) => v.trim());
}

export class BigCommerceFake extends FakeService {
  readonly storeHash: string;
  /** Inventory adjustment requests answered 200 (absolute and relative). */
  adjustmentRequestCount = 0;
  readonly #options: BigCommerceFakeOptions;
  readonly #validator = new OpenApiBodyValidator(OPENAPI_2020, "bigcommerce-openapi.json");
  readonly #quota: WindowQuota | undefined;
  readonly #orders = new Map<number, BigCommerceFakeOrder>();
  readonly #shipments = new Map<number, BigCommerceFakeShipment[]>();
  readonly #refunds: BigCommerceFakeRefund[] = [];
  readonly #locations: BigCommerceFakeLocation[] = [];
  /** `${sku}|${locationId}` → on hand. */
  readonly #stock = new Map<string, number>();
  readonly #counters = new Map<string, number>();
  readonly #shedRandom: () => number;
  #shedNext = 0;
  /** The catalogue and its ids: position i has product id 101 + i and variant id 201 + i. */
  readonly #catalog: readonly SeedProduct[];
  readonly #bySku = new Map<string, { product: SeedProduct; productId: number; variantId: number }>();
  readonly #byVariantId = new Map<number, string>();
  readonly #byProductId = new Map<number, string>();

  constructor(options: BigCommerceFakeOptions = {}) {
    const storeHash = options.storeHash ?? "fakestore";
    super({
      name: "bigcommerce",
      baseUrl: `https://api.bigcommerce.com/stores/${storeHash}`,
      ...(options.now ? { now: options.now } : {}),
      notFound: (c) => errorFor(c.path, 404, "The requested resource was not found."),
      transientError: (status, c) =>
        errorFor(c.path, status, status === 503 ? "Service Unavailable" : "Internal Server Error"),
    });
    this.storeHash = storeHash;
    this.#options = options;
    this.#catalog = options.products ?? SEED_PRODUCTS;
    this.#catalog.forEach((product, index) => {
      if (this.#bySku.has(product.sku))
        throw new Error(`bigcommerce fake: SKU ${product.sku} is in the catalogue twice`);
      this.#bySku.set(product.sku, { product, productId: 101 + index, variantId: 201 + index });
      this.#byVariantId.set(201 + index, product.sku);
      this.#byProductId.set(101 + index, product.sku);
    });
    this.#shedRandom = seededRandom(options.loadSheddingSeed ?? 1);
    if (options.rateLimit !== false) {
      this.#quota = new WindowQuota({
        limit: options.rateLimitQuota ?? 150,
        windowMs: options.rateLimitWindowMs ?? 30_000,
        now: () => this.now(),
      });
    }
    const ids: RenderIds = { next: (kind) => this.#nextId(kind) };
    const statusOf = options.statusOf ?? ((_order: SeedOrder, index: number) => (index === 5 ? 7 : 11));
    (options.orders ?? seedOrders()).forEach((seed, index) => {
      const rendered = renderOrder(seed, statusOf(seed, index), ids, this.#catalog);
      this.#orders.set(rendered.order.id, rendered);
    });
    this.#seedInventory();
    for (const refund of options.refunds ?? []) this.#seedRefund(refund);
    this.use((c, next) => this.#auth(c, next));
    this.use((c, next) => this.#rateLimit(c, next));
    this.#routes();
  }

  // ---- typed accessors -------------------------------------------------------------------------------------

  /** Every order (v2 order with sub-resources and v3 transactions), by id ascending. */
  orders(): BigCommerceFakeOrder[] {
    return [...this.#orders.values()].sort((a, b) => a.order.id - b.order.id);
  }

  /** One order by id (= storefront order number). */
  order(id: number | string): BigCommerceFakeOrder | undefined {
    return this.#orders.get(Number(id));
  }

  /** The shipments created for an order. */
  shipments(orderId: number | string): BigCommerceFakeShipment[] {
    return [...(this.#shipments.get(Number(orderId)) ?? [])];
  }

  /** Stock on hand of a SKU at a location; `undefined` when the SKU or location is unknown. */
  inventoryLevel(sku: string, locationId: number): number | undefined {
    return this.#stock.get(`${sku}|${locationId}`);
  }

  /** Every refund, oldest first. */
  refunds(): BigCommerceFakeRefund[] {
    return [...this.#refunds];
  }

  /** Inventory locations: id 1 `default` (fed by the MAIN warehouse), then one per other seed warehouse. */
  locations(): BigCommerceFakeLocation[] {
    return [...this.#locations];
  }

  /** The location fed by an ERP warehouse code (`MAIN` → 1). */
  locationOf(warehouseCode: string): BigCommerceFakeLocation | undefined {
    return this.#locations.find((l) => l.warehouseCode === warehouseCode);
  }

  /** Answers the next `times` requests with 429 and no rate-limit headers (load shedding). */
  shedLoad(times = 1): this {
    this.#shedNext += times;
    return this;
  }

  /** Changes an order's status as the merchant would in the control panel (moves `date_modified`). */
  setOrderStatus(orderId: number | string, statusId: number): void {
    const order = this.#orders.get(Number(orderId));
    if (!order) throw new Error(`bigcommerce fake: no order ${orderId}`);
    this.#setStatus(order, statusId);
  }

  // ---- middleware --------------------------------------------------------------------------------------------

  async #auth(c: FakeRequestContext, next: () => Promise<Response>): Promise<Response> {
    const token = c.request.headers.get("x-auth-token");
    const expected = this.#options.accessToken;
    if (!token || (expected !== undefined && token !== expected)) {
      return isV2(c.path)
        ? v2Error(401, "You are not authorized to access this resource. Check your X-Auth-Token header.")
        : v3Error(401, "Unauthorized: the X-Auth-Token header is missing or invalid.");
    }
    return next();
  }

  async #rateLimit(c: FakeRequestContext, next: () => Promise<Response>): Promise<Response> {
    const rate = this.#options.loadSheddingRate ?? 0;
    if (this.#shedNext > 0 || (rate > 0 && this.#shedRandom() < rate)) {
      if (this.#shedNext > 0) this.#shedNext -= 1;
      // Load shedding: the platform answers before the store's budget is even looked at, with no headers.
      return new Response(null, { status: 429 });
    }
    if (!this.#quota) return next();
    const decision = this.#quota.take();
    const headers = {
      "X-Rate-Limit-Time-Window-Ms": String(this.#quota.options.windowMs),
      "X-Rate-Limit-Time-Reset-Ms": String(Math.ceil(decision.resetMs)),
      "X-Rate-Limit-Requests-Quota": String(this.#quota.options.limit),
      "X-Rate-Limit-Requests-Left": String(decision.remaining),
    };
    if (!decision.allowed) {
      const tooMany = isV2(c.path)
        ? v2Error(429, "You have exceeded the rate limit for this store.")
        : v3Error(429, "Too many requests: the store's rate limit is exhausted.");
      for (const [k, v] of Object.entries(headers)) tooMany.headers.set(k, v);
      return tooMany;
    }
    const response = await next();
    for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
    return response;
  }

  // ---- routes ------------------------------------------------------------------------------------------------

  #routes(): void {
    this.route("GET", "/v2/order_statuses", () =>
      json(
        200,
        Object.entries(BIGCOMMERCE_STATUS_NAMES).map(([id, name]) => ({
          id: Number(id),
          name,
          system_label: name,
          custom_label: name,
          system_description: name,
          order: Number(id),
        })),
      ),
    );
    this.route("GET", "/v2/orders", (c) => this.#listOrders(c));
    this.route("GET", "/v2/orders/count", (c) => {
      const filtered = this.#filterOrders(c.url);
      if (filtered instanceof Response) return filtered;
      return json(200, { count: filtered.length });
    });
    this.route("GET", "/v2/orders/:id", (c) => {
      const order = this.#orderOf(c);
      return order instanceof Response ? order : json(200, order.order);
    });
    this.route("PUT", "/v2/orders/:id", (c) => this.#updateOrder(c));
    for (const [segment, pick] of [
      ["products", (o: BigCommerceFakeOrder) => o.products],
      ["shipping_addresses", (o: BigCommerceFakeOrder) => o.shippingAddresses],
      ["coupons", (o: BigCommerceFakeOrder) => o.coupons],
      ["taxes", (o: BigCommerceFakeOrder) => o.taxes],
    ] as const) {
      this.route("GET", `/v2/orders/:id/${segment}`, (c) => {
        const order = this.#orderOf(c);
        if (order instanceof Response) return order;
        return this.#v2Page(c, pick(order) as unknown[]);
      });
    }
    this.route("GET", "/v2/orders/:id/shipments", (c) => {
      const order = this.#orderOf(c);
      if (order instanceof Response) return order;
      return this.#v2Page(c, this.#shipments.get(order.order.id) ?? []);
    });
    this.route("GET", "/v2/orders/:id/shipments/count", (c) => {
      const order = this.#orderOf(c);
      if (order instanceof Response) return order;
      return json(200, { count: (this.#shipments.get(order.order.id) ?? []).length });
    });
    this.route("GET", "/v2/orders/:id/shipments/:shipmentId", (c) => {
      const order = this.#orderOf(c);
      if (order instanceof Response) return order;
      const shipment = (this.#shipments.get(order.order.id) ?? []).find((s) => s.id === Number(c.groups.shipmentId));
      return shipment ? json(200, shipment) : v2Error(404, "The requested resource was not found.");
    });
    this.route("POST", "/v2/orders/:id/shipments", (c) => this.#createShipment(c));

    this.route("GET", "/v3/orders/:id/transactions", (c) => {
      const order = this.#orderOf(c);
      if (order instanceof Response) return order;
      return this.#v3Page(c, order.transactions);
    });
    this.route("GET", "/v3/orders/:id/payment_actions/refunds", (c) => {
      const order = this.#orderOf(c);
      if (order instanceof Response) return order;
      return this.#v3Page(
        c,
        this.#refunds.filter((r) => r.order_id === order.order.id),
      );
    });
    this.route("POST", "/v3/orders/:id/payment_actions/refunds", (c) => this.#createRefundRoute(c));
    this.route("GET", "/v3/orders/payment_actions/refunds", (c) => this.#listRefunds(c));
    this.route("GET", "/v3/orders/payment_actions/refunds/:refundId", (c) => {
      const refund = this.#refunds.find((r) => r.id === Number(c.groups.refundId));
      return refund ? json(200, { data: refund, meta: {} }) : v3Error(404, "Refund not found");
    });

    this.route("GET", "/v3/catalog/products", (c) => this.#listProducts(c));
    this.route("GET", "/v3/catalog/products/:productId", (c) => {
      const product = this.#products().find((p) => p.id === Number(c.groups.productId));
      if (!product) return v3Error(404, "The requested product was not found.");
      const include = listParam(c.url, "include") ?? [];
      return json(200, { data: include.includes("variants") ? product : omitVariants(product), meta: {} });
    });
    this.route("GET", "/v3/catalog/products/:productId/variants", (c) => {
      const product = this.#products().find((p) => p.id === Number(c.groups.productId));
      if (!product) return v3Error(404, "The requested product was not found.");
      return this.#v3Page(c, product.variants);
    });
    this.route("GET", "/v3/catalog/variants", (c) => {
      let variants = this.#products().flatMap((p) => p.variants);
      const skus = listParam(c.url, "sku:in") ?? listParam(c.url, "sku");
      const ids = listParam(c.url, "id:in");
      const productIds = listParam(c.url, "product_id:in");
      if (skus) variants = variants.filter((v) => skus.includes(v.sku));
      if (ids) variants = variants.filter((v) => ids.includes(String(v.id)));
      if (productIds) variants = variants.filter((v) => productIds.includes(String(v.product_id)));
      return this.#v3Page(c, variants);
    });

    this.route("GET", "/v3/inventory/locations", (c) =>
      this.#v3Page(
        c,
        this.#locations.map((l) => ({
          id: l.id,
          code: l.code,
          label: l.label,
          description: `Fed by ERP warehouse ${l.warehouseCode}`,
          managed_by_external_source: false,
          type_id: "PHYSICAL",
          enabled: true,
          storefront_visibility: true,
        })),
      ),
    );
    this.route("PUT", "/v3/inventory/adjustments/absolute", (c) => this.#adjust(c, "absolute"));
    this.route("POST", "/v3/inventory/adjustments/relative", (c) => this.#adjust(c, "relative"));
    this.route("GET", "/v3/inventory/items", (c) => this.#inventoryItems(c));
  }

  // ---- orders ------------------------------------------------------------------------------------------------

  #orderOf(c: FakeRequestContext): BigCommerceFakeOrder | Response {
    const id = Number(c.groups.id);
    const order = Number.isInteger(id) ? this.#orders.get(id) : undefined;
    return order ?? errorFor(c.path, 404, `Order ${c.groups.id} was not found.`);
  }

  #filterOrders(url: URL): BigCommerceFakeOrder[] | Response {
    const minModified = parseDate(url.searchParams.get("min_date_modified"));
    const maxModified = parseDate(url.searchParams.get("max_date_modified"));
    const minCreated = parseDate(url.searchParams.get("min_date_created"));
    const maxCreated = parseDate(url.searchParams.get("max_date_created"));
    for (const [name, value] of [
      ["min_date_modified", minModified],
      ["max_date_modified", maxModified],
      ["min_date_created", minCreated],
      ["max_date_created", maxCreated],
    ] as const) {
      if (Number.isNaN(value)) return v2Error(400, `The filter '${name}' is not a valid date.`, { field: name });
    }
    const statusId = intParam(url, "status_id");
    const customerId = intParam(url, "customer_id");
    const minId = intParam(url, "min_id");
    const maxId = intParam(url, "max_id");
    for (const [name, value] of [
      ["status_id", statusId],
      ["customer_id", customerId],
      ["min_id", minId],
      ["max_id", maxId],
    ] as const) {
      if (Number.isNaN(value)) return v2Error(400, `The filter '${name}' must be an integer.`, { field: name });
    }
    const email = url.searchParams.get("email");
    return [...this.#orders.values()].filter(
      (o) =>
        (minModified === undefined || o.modifiedAt >= minModified) &&
        (maxModified === undefined || o.modifiedAt <= maxModified) &&
        (minCreated === undefined || o.createdAt >= minCreated) &&
        (maxCreated === undefined || o.createdAt <= maxCreated) &&
        (statusId === undefined || o.order.status_id === statusId) &&
        (customerId === undefined || o.order.customer_id === customerId) &&
        (minId === undefined || o.order.id >= minId) &&
        (maxId === undefined || o.order.id <= maxId) &&
        (email === null || o.seed.email === email),
    );
  }

  #listOrders(c: FakeRequestContext): Response {
    const filtered = this.#filterOrders(c.url);
    if (filtered instanceof Response) return filtered;
    // `sort=field:asc|desc` (orders.v2.oas2.yml `sort`); default by id ascending.
    const [field = "id", direction = "asc"] = (c.url.searchParams.get("sort") ?? "id:asc").split(":");
    const keys: Record<string, (o: BigCommerceFakeOrder) => number> = {
      id: (o) => o.order.id,
      date_created: (o) => o.createdAt,
      date_modified: (o) => o.modifiedAt,
      status_id: (o) => o.order.status_id,
      customer_id: (o) => Number(o.order.customer_id ?? 0),
      channel_id: (o) => Number(o.order.channel_id ?? 1),
    };
    const key = keys[field];
    if (!key || (direction !== "asc" && direction !== "desc")) {
      return v2Error(400, `The sort '${field}:${direction}' is not supported.`, { field: "sort" });
    }
    const sign = direction === "desc" ? -1 : 1;
    const sorted = filtered.sort((a, b) => sign * (key(a) - key(b)) || a.order.id - b.order.id);
    return this.#v2Page(
      c,
      sorted.map((o) => o.order),
      50,
    );
  }

  /** v2 paging: `page` from 1, `limit` ≤ 250 (default 50); an empty page is 204 with no body. */
  #v2Page(c: FakeRequestContext, items: readonly unknown[], defaultLimit = 50): Response {
    const page = intParam(c.url, "page") ?? 1;
    const limit = intParam(c.url, "limit") ?? defaultLimit;
    if (!(page >= 1)) return v2Error(400, "The field 'page' must be a positive integer.", { field: "page" });
    if (!(limit >= 1 && limit <= BIGCOMMERCE_FAKE_MAX_PAGE_SIZE)) {
      return v2Error(400, `The field 'limit' must be between 1 and ${BIGCOMMERCE_FAKE_MAX_PAGE_SIZE}.`, {
        field: "limit",
      });
    }
    const slice = items.slice((page - 1) * limit, page * limit);
    if (slice.length === 0) return new Response(null, { status: 204 });
    return json(200, slice);
  }

  /** v3 paging: `page`/`limit` with `meta.pagination` whose links use the caller's base URL. */
  #v3Page(c: FakeRequestContext, items: readonly unknown[], maxLimit = BIGCOMMERCE_FAKE_MAX_PAGE_SIZE): Response {
    const page = intParam(c.url, "page") ?? 1;
    const limit = intParam(c.url, "limit") ?? 50;
    if (!(page >= 1)) return v3Error(422, "The field 'page' must be a positive integer.", { page: "invalid" });
    if (!(limit >= 1 && limit <= maxLimit)) {
      return v3Error(422, `The field 'limit' must be between 1 and ${maxLimit}.`, { limit: `max ${maxLimit}` });
    }
    const totalPages = Math.max(1, Math.ceil(items.length / limit));
    const data = items.slice((page - 1) * limit, page * limit);
    const link = (p: number) => {
      const query = new URLSearchParams(c.url.search);
      query.set("page", String(p));
      query.set("limit", String(limit));
      return `?${query.toString()}`;
    };
    return json(200, {
      data,
      meta: {
        pagination: {
          total: items.length,
          count: data.length,
          per_page: limit,
          current_page: page,
          total_pages: totalPages,
          links: {
            ...(page > 1 ? { previous: link(page - 1) } : {}),
            current: link(page),
            ...(page < totalPages ? { next: link(page + 1) } : {}),
          },
        },
      },
    });
  }

  #validate(c: FakeRequestContext, method: string, template: string): Response | undefined {
    if (c.body === undefined && c.text !== "") {
      return errorFor(c.path, isV2(c.path) ? 400 : 422, "The request body is not valid JSON.", "body");
    }
    const problems = this.#validator.validate(method, template, c.body ?? {});
    if (!problems || problems.length === 0) return undefined;
    const fields = problems.map(fieldOf);
    if (isV2(c.path)) {
      const first = fields[0];
      return v2Error(400, `The field '${first?.field}' is invalid: ${first?.message}.`, {
        invalid_reason: fields.map((f) => `${f.field} ${f.message}`).join("; "),
      });
    }
    return v3Error(422, "JSON data is missing or invalid", Object.fromEntries(fields.map((f) => [f.field, f.message])));
  }

  #touch(order: BigCommerceFakeOrder): void {
    // date_modified has whole seconds on the wire; keep it strictly increasing so watermarks see the change.
    order.modifiedAt = Math.max(this.now(), order.modifiedAt + 1000);
    order.order.date_modified = rfc2822(order.modifiedAt);
  }

  #setStatus(order: BigCommerceFakeOrder, statusId: number): void {
    order.order.status_id = statusId;
    order.order.status = BIGCOMMERCE_STATUS_NAMES[statusId] ?? "Custom";
    this.#touch(order);
  }

  #updateOrder(c: FakeRequestContext): Response {
    const order = this.#orderOf(c);
    if (order instanceof Response) return order;
    const invalid = this.#validate(c, "put", "/v2/orders/{order_id}");
    if (invalid) return invalid;
    const body = c.body as Json;
    if (typeof body.status_id === "number") {
      if (BIGCOMMERCE_STATUS_NAMES[body.status_id] === undefined) {
        return v2Error(400, `The field 'status_id' is invalid: unknown status ${body.status_id}.`, {
          field: "status_id",
        });
      }
      this.#setStatus(order, body.status_id);
    } else {
      this.#touch(order);
    }
    if (typeof body.staff_notes === "string") order.order.staff_notes = body.staff_notes;
    return json(200, order.order);
  }

  // ---- shipments ---------------------------------------------------------------------------------------------

  #createShipment(c: FakeRequestContext): Response {
    const order = this.#orderOf(c);
    if (order instanceof Response) return order;
    const invalid = this.#validate(c, "post", "/v2/orders/{order_id}/shipments");
    if (invalid) return invalid;
    const body = c.body as Json;
    const address = order.shippingAddresses.find((a) => a.id === body.order_address_id);
    if (!address) {
      return v2Error(400, "The field 'order_address_id' is invalid: no such shipping address on this order.", {
        field: "order_address_id",
      });
    }
    const items = Array.isArray(body.items) ? (body.items as Json[]) : [];
    if (items.length === 0) {
      return v2Error(400, "The field 'items' is invalid: a shipment needs at least one item.", { field: "items" });
    }
    const shipped: BigCommerceFakeShipment["items"] = [];
    for (const [index, item] of items.entries()) {
      const product = order.products.find((p) => p.id === item.order_product_id);
      const quantity = typeof item.quantity === "number" ? item.quantity : 0;
      if (!product) {
        return v2Error(400, `The field 'items.${index}.order_product_id' is invalid: not a product of this order.`, {
          field: `items.${index}.order_product_id`,
        });
      }
      if (quantity < 1 || quantity > product.quantity - product.quantity_shipped) {
        return v2Error(
          400,
          `The field 'items.${index}.quantity' is invalid: ${product.quantity - product.quantity_shipped} left to ship.`,
          { field: `items.${index}.quantity` },
        );
      }
      shipped.push({ order_product_id: product.id, product_id: Number(product.product_id ?? 0), quantity });
    }
    for (const item of shipped) {
      const product = order.products.find((p) => p.id === item.order_product_id);
      if (product) product.quantity_shipped += item.quantity;
    }
    const shipment: BigCommerceFakeShipment = {
      id: this.#nextId("shipment"),
      order_id: order.order.id,
      customer_id: Number(order.order.customer_id ?? 0),
      order_address_id: address.id,
      date_created: rfc2822(this.now()),
      tracking_number: typeof body.tracking_number === "string" ? body.tracking_number : "",
      tracking_link: typeof body.tracking_link === "string" ? body.tracking_link : "",
      merchant_shipping_cost: typeof body.merchant_shipping_cost === "string" ? body.merchant_shipping_cost : "0.0000",
      shipping_method: typeof body.shipping_method === "string" ? body.shipping_method : address.shipping_method,
      shipping_provider: typeof body.shipping_provider === "string" ? body.shipping_provider : "",
      tracking_carrier: typeof body.tracking_carrier === "string" ? body.tracking_carrier : "",
      comments: typeof body.comments === "string" ? body.comments : "",
      billing_address: order.order.billing_address,
      shipping_address: address,
      items: shipped,
    };
    const list = this.#shipments.get(order.order.id) ?? [];
    list.push(shipment);
    this.#shipments.set(order.order.id, list);
    const total = order.products.reduce((sum, p) => sum + p.quantity, 0);
    const done = order.products.reduce((sum, p) => sum + p.quantity_shipped, 0);
    address.items_shipped = done;
    order.order.items_shipped = done;
    order.order.date_shipped = rfc2822(this.now());
    // BigCommerce moves the order to Shipped (2) or Partially Shipped (3) when a shipment is created.
    this.#setStatus(order, done >= total ? 2 : 3);
    return json(201, shipment);
  }

  // ---- refunds -----------------------------------------------------------------------------------------------

  #seedRefund(seed: BigCommerceRefundSeed): void {
    const order = this.#orders.get(Number(seed.orderNumber));
    if (!order) throw new Error(`bigcommerce fake: refund seed for unknown order ${seed.orderNumber}`);
    const lines = seed.lines ?? [{ sku: order.products[0]?.sku ?? "", quantity: 1 }];
    const items: Json[] = lines.map((l) => {
      const product = order.products.find((p) => p.sku === l.sku);
      if (!product) throw new Error(`bigcommerce fake: order ${seed.orderNumber} has no line ${l.sku}`);
      return { item_type: "PRODUCT", item_id: product.id, quantity: l.quantity };
    });
    if (seed.shipping && order.shippingCents.gross > 0) {
      // In the order's tax mode (the fake's orders are tax-exclusive): the net shipping; its tax is added (R2).
      items.push({
        item_type: "SHIPPING",
        item_id: order.shippingAddresses[0]?.id ?? 0,
        requested_amount: v3Cents(order.shippingCents.gross - order.shippingCents.tax),
      });
    }
    const quote = this.#quote(order, items);
    if (quote instanceof Response) throw new Error(`bigcommerce fake: refund seed for ${seed.orderNumber} is invalid`);
    this.#refund(
      order,
      items,
      [{ provider_id: "stripe", amount: v3Cents(quote.amount), offline: false }],
      seed.reason ?? "Customer return",
      quote,
    );
  }

  /**
   * What a refund of `items` is worth (cents), or a 422 naming the bad item. `amount` is what goes back to the buyer
   * (the refund's `total_amount`, tax included: "the amount that can be refunded with the payment provider(s)",
   * orders.v3.yml `Refund`), `tax` the refunded tax (`total_tax`). A PRODUCT is refunded at its paid gross share.
   * A SHIPPING/HANDLING amount is in the order's tax mode, like the order's `shipping_cost_ex_tax`/`_inc_tax` the
   * store displays (the refund quote's `tax_inclusive` says whether the store's amounts include tax,
   * orders.v3.yml `RefundQuote_Full`): on the fake's tax-exclusive orders it is net, and BigCommerce adds the
   * shipping tax on top, so `total_amount` = net + tax and `fromBigCommerceRefund` reconciles to the cent (R2).
   * ORDER/FEE amounts are taken as they are: "tax is not re-calculated" (orders.v3.yml `TaxExemptItem`).
   */
  #quote(order: BigCommerceFakeOrder, items: readonly Json[]): { amount: number; tax: number } | Response {
    let amount = 0;
    let tax = 0;
    for (const [index, item] of items.entries()) {
      if (item.item_type === "PRODUCT") {
        const line = order.lineCents.find((l) => l.productId === item.item_id);
        const product = order.products.find((p) => p.id === item.item_id);
        const quantity = typeof item.quantity === "number" ? item.quantity : 0;
        const left = (product?.quantity ?? 0) - Number(product?.quantity_refunded ?? 0);
        if (!line || !product) {
          return v3Error(422, "Invalid refund item", { [`items.${index}.item_id`]: "not a product of this order" });
        }
        if (quantity < 1 || quantity > left) {
          return v3Error(422, "Invalid refund item", { [`items.${index}.quantity`]: `${left} left to refund` });
        }
        amount += divRound(line.gross * quantity, line.quantity);
        tax += divRound(line.tax * quantity, line.quantity);
      } else {
        const requested = typeof item.requested_amount === "number" ? Math.round(item.requested_amount * 100) : 0;
        if (requested <= 0) {
          return v3Error(422, "Invalid refund item", { [`items.${index}.requested_amount`]: "must be positive" });
        }
        if (item.item_type === "SHIPPING" && order.shippingCents.gross > 0) {
          const net = order.shippingCents.gross - order.shippingCents.tax;
          if (requested > net) {
            return v3Error(422, "Invalid refund item", {
              [`items.${index}.requested_amount`]: `at most ${v3Cents(net)} (the shipping before tax)`,
            });
          }
          const shippingTax = net > 0 ? divRound(requested * order.shippingCents.tax, net) : 0;
          amount += requested + shippingTax;
          tax += shippingTax;
        } else {
          amount += requested;
        }
      }
    }
    return { amount, tax };
  }

  #createRefundRoute(c: FakeRequestContext): Response {
    const order = this.#orderOf(c);
    if (order instanceof Response) return order;
    const invalid = this.#validate(c, "post", "/v3/orders/{order_id}/payment_actions/refunds");
    if (invalid) return invalid;
    const body = c.body as Json;
    const items = Array.isArray(body.items) ? (body.items as Json[]) : [];
    const payments = Array.isArray(body.payments) ? (body.payments as Json[]) : [];
    const quote = this.#quote(order, items);
    if (quote instanceof Response) return quote;
    const paid = payments.reduce((sum, p) => sum + (typeof p.amount === "number" ? Math.round(p.amount * 100) : 0), 0);
    if (paid > order.grandCents - order.refundedCents) {
      return v3Error(422, "Refund amount exceeds the amount available to refund", {
        payments: `at most ${v3Cents(order.grandCents - order.refundedCents)}`,
      });
    }
    const refund = this.#refund(
      order,
      items,
      payments.map((p) => ({
        provider_id: typeof p.provider_id === "string" ? p.provider_id : "stripe",
        amount: typeof p.amount === "number" ? p.amount : 0,
        offline: p.offline === true,
      })),
      typeof body.reason === "string" ? body.reason : "",
      { amount: paid, tax: quote.tax },
    );
    return json(201, { data: refund, meta: {} });
  }

  #refund(
    order: BigCommerceFakeOrder,
    items: readonly Json[],
    payments: ReadonlyArray<{ provider_id: string; amount: number; offline: boolean }>,
    reason: string,
    quote: { amount: number; tax: number },
  ): BigCommerceFakeRefund {
    const at = this.now();
    const refundPayments = payments.map((p, index) => {
      // Each online refund payment is a `refund` transaction whose gateway id payouts carry (S2).
      const transaction: BigCommerceV3Transaction & { id: number } = {
        id: this.#nextId("transaction"),
        order_id: String(order.order.id),
        event: "refund",
        method: p.provider_id === "giftcertificate" ? "gift_certificate" : "credit_card",
        amount: p.amount,
        currency: order.seed.currency,
        gateway: p.provider_id === "giftcertificate" ? "giftcertificate" : "stripe",
        gateway_transaction_id: `re_${order.order.id.toString(36)}${this.#refunds.length + 1}${index}`,
        status: "ok",
        test: false,
        fraud_review: false,
        date_created: new Date(at).toISOString(),
      };
      if (!p.offline) order.transactions.push(transaction);
      return {
        id: this.#nextId("refund-payment"),
        provider_id: p.provider_id,
        amount: p.amount,
        offline: p.offline,
        is_declined: false,
        declined_message: "",
        ...(p.offline ? {} : { transaction_id: String(transaction.id) }),
      };
    });
    const refund: BigCommerceFakeRefund = {
      id: this.#nextId("refund"),
      order_id: order.order.id,
      user_id: 0,
      created: new Date(at).toISOString(),
      reason,
      total_amount: v3Cents(quote.amount),
      total_tax: v3Cents(quote.tax),
      uses_merchant_override_values: false,
      items: items.map((i) => ({
        item_type: String(i.item_type),
        item_id: Number(i.item_id),
        ...(typeof i.quantity === "number" ? { quantity: i.quantity } : {}),
        ...(typeof i.requested_amount === "number" ? { requested_amount: i.requested_amount } : {}),
        ...(typeof i.reason === "string" ? { reason: i.reason } : {}),
      })),
      payments: refundPayments,
    };
    this.#refunds.push(refund);
    for (const item of items) {
      if (item.item_type !== "PRODUCT") continue;
      const product = order.products.find((p) => p.id === item.item_id);
      if (!product) continue;
      product.quantity_refunded = Number(product.quantity_refunded ?? 0) + Number(item.quantity ?? 0);
      product.is_refunded = product.quantity_refunded >= product.quantity;
    }
    order.refundedCents += quote.amount;
    order.order.refunded_amount = v2Cents(order.refundedCents);
    order.order.payment_status = order.refundedCents >= order.grandCents ? "refunded" : "partially refunded";
    this.#setStatus(order, order.refundedCents >= order.grandCents ? 4 : 14);
    return refund;
  }

  #listRefunds(c: FakeRequestContext): Response {
    const orderIds = listParam(c.url, "order_id:in");
    const ids = listParam(c.url, "id:in");
    const min = c.url.searchParams.get("created:min");
    const max = c.url.searchParams.get("created:max");
    const minMs = min ? Date.parse(min) : undefined;
    const maxMs = max ? Date.parse(max) : undefined;
    if (Number.isNaN(minMs) || Number.isNaN(maxMs)) {
      return v3Error(422, "Invalid date filter", {
        [Number.isNaN(minMs) ? "created:min" : "created:max"]: "not a date-time",
      });
    }
    const refunds = this.#refunds.filter(
      (r) =>
        (!orderIds || orderIds.includes(String(r.order_id))) &&
        (!ids || ids.includes(String(r.id))) &&
        (minMs === undefined || Date.parse(r.created) >= minMs) &&
        (maxMs === undefined || Date.parse(r.created) <= maxMs),
    );
    return this.#v3Page(c, refunds);
  }

  // ---- catalog and inventory ---------------------------------------------------------------------------------

  #seedInventory(): void {
    const defaultWarehouse = SEED_WAREHOUSES.find((w) => w.storefrontLocation === "default");
    this.#locations.push({
      id: 1,
      code: "default",
      label: "Default location",
      warehouseCode: defaultWarehouse?.code ?? "MAIN",
    });
    let nextId = 2;
    for (const warehouse of SEED_WAREHOUSES) {
      if (warehouse.storefrontLocation === "default") continue;
      this.#locations.push({
        id: nextId++,
        code: warehouse.storefrontLocation,
        label: warehouse.name,
        warehouseCode: warehouse.code,
      });
    }
    for (const product of this.#catalog) {
      for (const location of this.#locations) {
        this.#stock.set(`${product.sku}|${location.id}`, product.stock[location.warehouseCode] ?? 0);
      }
    }
  }

  #products() {
    return this.#catalog.map((p) => {
      const id = this.#productIdOf(p.sku);
      const level = this.#locations.reduce((sum, l) => sum + (this.#stock.get(`${p.sku}|${l.id}`) ?? 0), 0);
      const price = v3Cents(Math.round(Number(p.price) * 100));
      return {
        id,
        name: p.name,
        type: "physical",
        sku: p.sku,
        price,
        weight: 1,
        tax_class_id: p.taxClass === "reduced" ? 2 : 1,
        inventory_level: level,
        inventory_tracking: "variant",
        gtin: p.gtin,
        is_visible: true,
        availability: "available",
        variants: [
          {
            id: this.#variantIdOf(p.sku),
            product_id: id,
            sku: p.sku,
            price,
            calculated_price: price,
            inventory_level: level,
            gtin: p.gtin,
            option_values: [],
          },
        ],
      };
    });
  }

  #listProducts(c: FakeRequestContext): Response {
    let products = this.#products();
    const skus = listParam(c.url, "sku:in") ?? listParam(c.url, "sku");
    const ids = listParam(c.url, "id:in");
    if (skus) products = products.filter((p) => skus.includes(p.sku));
    if (ids) products = products.filter((p) => ids.includes(String(p.id)));
    const include = listParam(c.url, "include") ?? [];
    return this.#v3Page(c, include.includes("variants") ? products : products.map(omitVariants));
  }

  #skuOf(item: Json): string | undefined {
    if (typeof item.sku === "string") return this.#bySku.has(item.sku) ? item.sku : undefined;
    if (typeof item.variant_id === "number") return this.#byVariantId.get(item.variant_id);
    if (typeof item.product_id === "number") return this.#byProductId.get(item.product_id);
    return undefined;
  }

  #productIdOf(sku: string): number {
    return this.#bySku.get(sku)?.productId ?? 0;
  }

  #variantIdOf(sku: string): number {
    return this.#bySku.get(sku)?.variantId ?? 0;
  }

  #adjust(c: FakeRequestContext, mode: "absolute" | "relative"): Response {
    const invalid = this.#validate(
      c,
      mode === "absolute" ? "put" : "post",
      mode === "absolute" ? "/v3/inventory/adjustments/absolute" : "/v3/inventory/adjustments/relative",
    );
    if (invalid) return invalid;
    const items = (c.body as { items: Json[] }).items;
    if (items.length > BIGCOMMERCE_FAKE_MAX_ADJUSTMENT_ITEMS) {
      return v3Error(422, `A maximum of ${BIGCOMMERCE_FAKE_MAX_ADJUSTMENT_ITEMS} items can be adjusted at once.`, {
        items: `${items.length} items sent; at most ${BIGCOMMERCE_FAKE_MAX_ADJUSTMENT_ITEMS} allowed`,
      });
    }
    const changes: Array<{ key: string; quantity: number }> = [];
    for (const [index, item] of items.entries()) {
      const sku = this.#skuOf(item);
      const identity = item.sku ?? item.variant_id ?? item.product_id;
      if (!sku)
        return v3Error(422, `[Item with identity ${String(identity)} was not found]`, {
          [`items.${index}`]: "unknown item",
        });
      if (!this.#locations.some((l) => l.id === item.location_id)) {
        return v3Error(422, `[Location ${String(item.location_id)} was not found]`, {
          [`items.${index}.location_id`]: "unknown location",
        });
      }
      const key = `${sku}|${String(item.location_id)}`;
      const quantity = Number(item.quantity);
      if (mode === "absolute" && quantity < 0) {
        return v3Error(422, "Stock level cannot be negative", { [`items.${index}.quantity`]: "must be ≥ 0" });
      }
      changes.push({ key, quantity });
    }
    // All or nothing: apply only after every item was checked.
    for (const { key, quantity } of changes) {
      this.#stock.set(key, mode === "absolute" ? quantity : (this.#stock.get(key) ?? 0) + quantity);
    }
    this.adjustmentRequestCount += 1;
    return json(200, { transaction_id: `fake-inventory-${this.#nextId("inventory-transaction")}` });
  }

  #inventoryItems(c: FakeRequestContext): Response {
    const skus = listParam(c.url, "sku:in");
    const variantIds = listParam(c.url, "variant_id:in");
    const productIds = listParam(c.url, "product_id:in");
    const locationIds = listParam(c.url, "location_id:in");
    const locationCodes = listParam(c.url, "location_code:in");
    const locations = this.#locations.filter(
      (l) => (!locationIds || locationIds.includes(String(l.id))) && (!locationCodes || locationCodes.includes(l.code)),
    );
    const safety = this.#options.safetyStock ?? 0;
    const items = this.#catalog
      .filter(
        (p) =>
          (!skus || skus.includes(p.sku)) &&
          (!variantIds || variantIds.includes(String(this.#variantIdOf(p.sku)))) &&
          (!productIds || productIds.includes(String(this.#productIdOf(p.sku)))),
      )
      .map((p) => ({
        identity: {
          sku: p.sku,
          variant_id: this.#variantIdOf(p.sku),
          product_id: this.#productIdOf(p.sku),
          sku_id: this.#variantIdOf(p.sku),
        },
        locations: locations.map((l) => {
          const onHand = this.#stock.get(`${p.sku}|${l.id}`) ?? 0;
          return {
            location_id: l.id,
            location_code: l.code,
            location_name: l.label,
            available_to_sell: Math.max(0, onHand - safety),
            total_inventory_onhand: onHand,
            location_enabled: true,
            settings: {
              safety_stock: safety,
              is_in_stock: onHand - safety > 0,
              warning_level: 0,
              bin_picking_number: "",
            },
          };
        }),
      }));
    return this.#v3Page(c, items, MAX_INVENTORY_ITEMS_PAGE);
  }

  #nextId(kind: string): number {
    const starts: Record<string, number> = {
      product: 1,
      address: 1,
      coupon: 1,
      tax: 1,
      transaction: 901,
      shipment: 1,
      refund: 1,
      "refund-payment": 1,
      "inventory-transaction": 1,
    };
    const next = this.#counters.get(kind) ?? starts[kind] ?? 1;
    this.#counters.set(kind, next + 1);
    return next;
  }
}

function omitVariants<T extends { variants: unknown }>(product: T): Omit<T, "variants"> {
  const { variants: _variants, ...rest } = product;
  return rest;
}

/** Creates a BigCommerce store fake (see {@link BigCommerceFakeOptions} for the defaults). */
export function createBigCommerceFake(options: BigCommerceFakeOptions = {}): BigCommerceFake {
  return new BigCommerceFake(options);
}
