/**
 * A stateful fake of Magento 2 / Adobe Commerce's admin REST API at `https://<host>/rest/default/V1/…`: orders,
 * credit memos, products, MSI sources and source items, shipments (`POST /V1/order/{id}/ship`), the async and bulk
 * API (`/async/V1/…`, `/async/bulk/V1/…` → `bulk_uuid`, `GET /V1/bulk/{uuid}/status`), and the three ways
 * integrations authenticate: admin tokens (`POST /V1/integration/admin/token`, 4 h on the fake's clock), an
 * integration access token used as a bearer token, and OAuth 1.0a signed requests.
 *
 * Reproduced quirks (vendor-facts.md, Magento section): searchCriteria filter groups (OR inside, AND across), a
 * page past the end answering the LAST page again with the real `total_count`, the optional web API input limits
 * (20 items per list in a synchronous request, 5,000 in a bulk, page size 300), expired tokens answered with 401
 * in Magento's error shape, and write bodies validated against the admin schema (`@org/magento-client/openapi.json`).
 */

import { bulkRoute, oauth1Signature, queryParameters, signatureBaseString } from "@org/magento-client";
import openapi from "@org/magento-client/openapi.json" with { type: "json" };
import { type FakeRequestContext, FakeService } from "../fake-service.js";
import { seededRandom } from "../random.js";
import { SEED_PRODUCTS } from "../seed/catalog.js";
import { type SeedOrder, type SeedOrderOptions, seedOrders } from "../seed/orders.js";
import { OpenApiBodyValidator } from "../validation.js";
import { type MagentoFakeCriteria, MagentoSearchError, parseSearchCriteria, searchRows } from "./magento-search.js";
import {
  centsToNumber,
  defaultMagentoOrderState,
  type MagentoOrderState,
  type MagentoRecord,
  magentoDate,
  renderMagentoConfigurable,
  renderMagentoOrder,
  renderMagentoProduct,
  renderMagentoSourceItems,
  renderMagentoSources,
  toCents,
} from "./magento-seed.js";

/** The store URL of the fake when none is given. A client's `baseUrl` is the part before `/rest/…`. */
export const MAGENTO_FAKE_BASE_URL = "https://magento.example.test/rest/default";

/** Admin user the fake knows when none are given (username → password). */
export const MAGENTO_FAKE_ADMIN = { username: "sync-admin", password: "fake-admin-password-1" } as const;

/** Integration credentials the fake accepts when none are given (OAuth 1.0a, or the access token as bearer). */
export const MAGENTO_FAKE_INTEGRATION = {
  consumerKey: "fake-consumer-key",
  consumerSecret: "fake-consumer-secret",
  accessToken: "fake-access-token",
  accessTokenSecret: "fake-access-token-secret",
} as const;

/** Magento's admin token lifetime (Stores > Configuration > Services > OAuth > Access Token Expiration: 4 hours). */
export const MAGENTO_FAKE_ADMIN_TOKEN_LIFETIME_MS = 4 * 60 * 60 * 1000;

/**
 * Web API input limits ("Stores > Configuration > Services > Magento Web API > Web Api Input Limits"). Magento ships
 * them switched OFF; when switched on, these are its defaults (Adobe, "API security: input limiting"; vendor-facts.md).
 */
export interface MagentoInputLimits {
  /** Most items of any list in a synchronous request body. Default: `20`. */
  inputListLimit?: number;
  /** Most items in one async bulk request. Default: `5000`. */
  asyncInputListLimit?: number;
  /** Largest `searchCriteria[pageSize]`. Default: `300`. */
  maxPageSize?: number;
}

export interface MagentoFakeOptions {
  /** Store base URL (`…/rest/<store code>`). Default: {@link MAGENTO_FAKE_BASE_URL}. */
  baseUrl?: string;
  /** The fake's clock (ms): token expiry, `created_at`/`updated_at` of new records. Default: `Date.now`. */
  now?: () => number;
  /** Seed orders (`seedOrders(options)`), or `false` for none. Default: `seedOrders()` (12 orders). */
  orders?: SeedOrderOptions | false;
  /** State/status of each seed order. Default: {@link defaultMagentoOrderState}. */
  orderState?: (order: SeedOrder, index: number) => MagentoOrderState;
  /** Seed one partial credit memo for the first `complete` order. Default: `true`. */
  seedCreditMemo?: boolean;
  /** Admin users (username → password) that may get admin tokens. Default: {@link MAGENTO_FAKE_ADMIN}. */
  adminUsers?: Readonly<Record<string, string>>;
  /** Lifetime of admin tokens on the fake's clock. Default: {@link MAGENTO_FAKE_ADMIN_TOKEN_LIFETIME_MS} (4 h). */
  adminTokenLifetimeMs?: number;
  /** The integration's OAuth 1.0a credentials. Default: {@link MAGENTO_FAKE_INTEGRATION}. */
  integration?: {
    consumerKey: string;
    consumerSecret: string;
    accessToken: string;
    accessTokenSecret: string;
  };
  /**
   * Accept the integration's access token as a plain bearer token ("Allow OAuth Access Tokens to be used as
   * standalone Bearer tokens"; off by default in Magento since 2.4.4). Default: `true`, so demos can use a token.
   */
  allowIntegrationBearer?: boolean;
  /** Check the OAuth 1.0a signature (HMAC-SHA256/SHA1 over the URL the caller used), not only the keys. Default: `true`. */
  verifyOAuthSignature?: boolean;
  /** Web API input limits: `false` (Magento's default), `true` (Magento's values when enabled), or custom values. Default: `false`. */
  inputLimits?: boolean | MagentoInputLimits;
  /** How many `GET /V1/bulk/{uuid}/status` calls see a bulk's operations still open (the consumer not run yet). Default: `0`. */
  bulkOpenPolls?: number;
  /** Seed of the token and bulk uuid generator. Default: `11`. */
  seed?: number;
}

/** A shipment created through `POST /V1/order/{id}/ship` (`sales-data-shipment-interface`). */
export interface MagentoFakeShipment {
  entity_id: number;
  increment_id: string;
  order_id: number;
  store_id: number;
  total_qty: number;
  created_at: string;
  updated_at: string;
  items: Array<{ entity_id: number; parent_id: number; order_item_id: number; sku: string; name: string; qty: number }>;
  tracks: Array<{
    entity_id: number;
    parent_id: number;
    order_id: number;
    track_number: string;
    title: string;
    carrier_code: string;
    created_at: string;
  }>;
  comments: Array<{ comment: string; parent_id: number }>;
}

/** A source item (`inventory-api-data-source-item-interface`). */
export interface MagentoFakeSourceItem {
  sku: string;
  source_code: string;
  quantity: number;
  status: number;
}

/** One operation of a bulk, as `GET /V1/bulk/{uuid}/status` lists it. */
export interface MagentoFakeBulkOperation {
  id: number;
  status: number;
  result_message: string | null;
  error_code: number | null;
}

/** A bulk request the fake accepted. */
export interface MagentoFakeBulk {
  bulk_id: string;
  description: string;
  start_time: string;
  /** `POST /V1/inventory/source-items` etc.: the synchronous route each operation runs. */
  route: string;
  operations: MagentoFakeBulkOperation[];
  /** Status polls left that show every operation open. */
  openPolls: number;
  processed: boolean;
}

/** Token and authorisation counters. */
export interface MagentoFakeTokenStats {
  /** Admin tokens issued by `POST /V1/integration/admin/token`. */
  adminTokensIssued: number;
  /** Admin token requests with a wrong username or password. */
  failedLogins: number;
  /** Requests refused because their admin token had expired. */
  expiredTokenRejections: number;
  /** Every request refused with 401 (expired, unknown or missing credentials, bad signature). */
  unauthorized: number;
  /** Requests accepted per authentication kind. */
  accepted: { admin: number; bearer: number; oauth1: number };
}

/** Magento's error body (`error-response` in the admin schema): `message` with `%name` placeholders. */
export interface MagentoFakeError {
  message: string;
  parameters?: Record<string, unknown> | unknown[];
  errors?: Array<{ message: string; parameters?: Record<string, unknown> | unknown[] }>;
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8" } });
const fail = (status: number, error: MagentoFakeError): Response => json(status, error);

/** Magento's text for a missing entity (`NoSuchEntityException` default message). */
const NO_SUCH_ENTITY: MagentoFakeError = {
  message: "The entity that was requested doesn't exist. Verify the entity and try again.",
};

/** The ACL resource Magento names in a 401 for each area (`%resources` of the authorisation error). */
function aclResourceOf(path: string): string {
  if (path.includes("/creditmemo")) return "Magento_Sales::sales_creditmemo";
  if (path.includes("/ship")) return "Magento_Sales::ship";
  if (path.includes("/orders")) return "Magento_Sales::actions_view";
  if (path.includes("/products")) return "Magento_Catalog::products";
  if (path.includes("/inventory/")) return "Magento_InventoryApi::source";
  if (path.includes("/bulk")) return "Magento_Logging::system_magento_logging_bulk_operations";
  return "Magento_Backend::admin";
}

/**
 * The 401 Magento answers for a missing, unknown or expired token (`AuthorizationException` in
 * `Magento\Webapi\Controller\Rest\RequestValidator`), as reported in magento/magento2#28951; the body follows the
 * admin schema's `error-response` (`message` + `parameters`).
 */
function unauthorized(path: string): Response {
  return fail(401, {
    message: "The consumer isn't authorized to access %resources.",
    parameters: { resources: aclResourceOf(path) },
  });
}

/** Parses `Authorization: OAuth k="v", …` into decoded parameters. */
function oauthParameters(header: string): Map<string, string> {
  const parameters = new Map<string, string>();
  for (const match of header.slice(header.indexOf(" ") + 1).matchAll(/([\w-]+)="([^"]*)"/g)) {
    const key = decodeURIComponent(match[1] ?? "");
    parameters.set(key, decodeURIComponent(match[2] ?? ""));
  }
  return parameters;
}

interface WriteOperation {
  method: "POST" | "PUT";
  /** Template as in the admin schema, e.g. `/V1/order/{orderId}/ship`. */
  template: string;
  pattern: RegExp;
  names: string[];
  run(params: Record<string, string>, body: unknown, now: number): Response;
}

function templatePattern(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split("/")
    .map((segment) => {
      const m = /^\{(\w+)\}$/.exec(segment);
      if (m) {
        names.push(m[1] ?? "");
        return "([^/]+)";
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { pattern: new RegExp(`^${source}$`), names };
}

/** Serialises a search result; items are copies, so callers never change the fake's state. */
const copy = <T>(value: T): T => structuredClone(value);

/** Builds a Magento 400 for request body problems (ajv messages → Magento's input exception texts). */
function invalidBody(problems: readonly string[]): Response {
  const errors = problems.map((problem) => {
    const required = /^(\S*) must have required property '([^']+)'$/.exec(problem);
    if (required) {
      const field = `${(required[1] ?? "/").replace(/^\//, "").replace(/\//g, ".")}${required[1] && required[1] !== "/" ? "." : ""}${required[2]}`;
      return { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: field } };
    }
    const [pointer = "/", ...reason] = problem.split(" ");
    return {
      message: 'Invalid value of "%value" provided for the %fieldName field.',
      parameters: { fieldName: pointer.replace(/^\//, "").replace(/\//g, ".") || "body", value: reason.join(" ") },
    };
  });
  const [first] = errors;
  if (errors.length === 1 && first) return fail(400, first);
  return fail(400, { message: "Validation Failed", errors });
}

/** The stateful Magento fake. Create it with {@link createMagentoFake}. */
export class MagentoFake extends FakeService {
  /** The shop URL a client takes as `baseUrl` (the store base URL without `/rest/<store>`). */
  readonly shopUrl: string;
  readonly tokenStats: MagentoFakeTokenStats = {
    adminTokensIssued: 0,
    failedLogins: 0,
    expiredTokenRejections: 0,
    unauthorized: 0,
    accepted: { admin: 0, bearer: 0, oauth1: 0 },
  };
  readonly #options: MagentoFakeOptions;
  readonly #validator = new OpenApiBodyValidator(openapi, "magento-openapi.json");
  readonly #random: () => number;
  readonly #limits: Required<MagentoInputLimits> | undefined;
  readonly #integration: NonNullable<MagentoFakeOptions["integration"]>;
  readonly #adminTokens = new Map<string, { username: string; expiresAt: number }>();
  readonly #orders: MagentoRecord[] = [];
  readonly #creditMemos: MagentoRecord[] = [];
  readonly #products: MagentoRecord[] = [];
  readonly #sources: MagentoRecord[] = [];
  readonly #sourceItems: MagentoFakeSourceItem[] = [];
  readonly #shipments: MagentoFakeShipment[] = [];
  readonly #bulks = new Map<string, MagentoFakeBulk>();
  readonly #writes: WriteOperation[] = [];
  #nextShipmentId = 1;
  #nextShipmentItemId = 1;
  #nextTrackId = 1;

  constructor(options: MagentoFakeOptions = {}) {
    const baseUrl = (options.baseUrl ?? MAGENTO_FAKE_BASE_URL).replace(/\/+$/, "");
    super({
      name: "magento",
      baseUrl,
      ...(options.now ? { now: options.now } : {}),
      notFound: (c) =>
        fail(404, {
          message: "Request does not match any route.",
          parameters: { route: c.path } as Record<string, unknown>,
        }),
      transientError: (status) =>
        fail(status, {
          message: "Internal Error. Details are available in Magento log file. Report ID: webapi-injected",
        }),
    });
    this.#options = options;
    this.shopUrl = magentoShopUrl(baseUrl);
    this.#random = seededRandom(options.seed ?? 11);
    this.#integration = options.integration ?? { ...MAGENTO_FAKE_INTEGRATION };
    const limits = options.inputLimits ?? false;
    this.#limits =
      limits === false
        ? undefined
        : {
            inputListLimit: (limits === true ? undefined : limits.inputListLimit) ?? 20,
            asyncInputListLimit: (limits === true ? undefined : limits.asyncInputListLimit) ?? 5000,
            maxPageSize: (limits === true ? undefined : limits.maxPageSize) ?? 300,
          };
    this.#seed();
    this.use((context, next) => this.#authenticate(context, next));
    this.#routes();
  }

  // ---- typed state accessors -------------------------------------------------------------------------------

  /** Orders as `GET /V1/orders/{id}` answers them (copies). */
  orders(): MagentoRecord[] {
    return copy(this.#orders);
  }

  /** One order by `entity_id` or `increment_id` (a copy), or `undefined`. */
  order(idOrNumber: number | string): MagentoRecord | undefined {
    const found = this.#findOrder(idOrNumber);
    return found ? copy(found) : undefined;
  }

  /** Credit memos (copies). */
  creditMemos(): MagentoRecord[] {
    return copy(this.#creditMemos);
  }

  /** Products (copies). */
  products(): MagentoRecord[] {
    return copy(this.#products);
  }

  /** MSI sources (copies). */
  sources(): MagentoRecord[] {
    return copy(this.#sources);
  }

  /** Source items, in insertion order (copies). */
  sourceItems(): MagentoFakeSourceItem[] {
    return copy(this.#sourceItems);
  }

  /** One source item, or `undefined`. */
  sourceItem(sku: string, sourceCode: string): MagentoFakeSourceItem | undefined {
    const found = this.#sourceItems.find((s) => s.sku === sku && s.source_code === sourceCode);
    return found ? copy(found) : undefined;
  }

  /** Shipments created through `POST /V1/order/{id}/ship` (copies). */
  shipments(): MagentoFakeShipment[] {
    return copy(this.#shipments);
  }

  /** Bulks accepted through the async API (copies). */
  bulks(): MagentoFakeBulk[] {
    return copy([...this.#bulks.values()]);
  }

  /** Admin tokens currently known (issued and not yet expired on the fake's clock). */
  activeAdminTokens(): number {
    const now = this.now();
    return [...this.#adminTokens.values()].filter((t) => t.expiresAt > now).length;
  }

  /** Expires every admin token now (as if 4 h had passed), so the next request with one gets a 401. */
  expireAdminTokens(): void {
    const now = this.now();
    for (const token of this.#adminTokens.values()) token.expiresAt = Math.min(token.expiresAt, now);
  }

  /** Adds an order (a `sales-data-order-interface` body); `entity_id` is assigned when absent. Returns its id. */
  addOrder(order: MagentoRecord): number {
    const id =
      typeof order.entity_id === "number"
        ? order.entity_id
        : Math.max(0, ...this.#orders.map((o) => o.entity_id as number)) + 1;
    this.#orders.push({ ...copy(order), entity_id: id });
    return id;
  }

  /** Changes an order as the admin would: merges `patch` and sets `updated_at` to the fake's clock. */
  updateOrder(idOrNumber: number | string, patch: MagentoRecord): void {
    const order = this.#findOrder(idOrNumber);
    if (!order) throw new Error(`magento fake: no order ${idOrNumber}`);
    Object.assign(order, copy(patch), { updated_at: magentoDate(this.now()) });
  }

  /** Runs the bulk consumer now for every bulk not processed yet (whatever `bulkOpenPolls` says). */
  processBulks(): void {
    for (const bulk of this.#bulks.values()) {
      bulk.openPolls = 0;
      this.#process(bulk);
    }
  }

  // ---- seed ---------------------------------------------------------------------------------------------------

  #seed(): void {
    const at = magentoDate(Date.parse("2026-10-01T06:00:00Z"));
    SEED_PRODUCTS.forEach((p, i) => {
      this.#products.push(renderMagentoProduct(p, i + 1, at));
    });
    this.#products.push(renderMagentoConfigurable(at));
    this.#sources.push(...renderMagentoSources());
    this.#sourceItems.push(...(renderMagentoSourceItems() as unknown as MagentoFakeSourceItem[]));
    if (this.#options.orders === false) return;
    const stateOf = this.#options.orderState ?? ((_: SeedOrder, index: number) => defaultMagentoOrderState(index));
    seedOrders(this.#options.orders ?? {}).forEach((seed, index) => {
      this.#orders.push(renderMagentoOrder(seed, index + 1, stateOf(seed, index)));
    });
    if (this.#options.seedCreditMemo ?? true) {
      const complete = this.#orders.find((o) => o.state === "complete");
      if (complete) this.#creditMemos.push(this.#refundFirstLine(complete, 1));
    }
  }

  /** A partial refund of the order's first line (all its quantity, with its discount and tax), no shipping. */
  #refundFirstLine(order: MagentoRecord, id: number): MagentoRecord {
    const items = order.items as MagentoRecord[];
    const line = items.find((i) => i.parent_item_id === undefined) as MagentoRecord;
    const cents = (v: unknown) => toCents(String(v ?? 0));
    const row = cents(line.row_total);
    const discount = cents(line.discount_amount);
    const tax = cents(line.tax_amount);
    const grand = row - discount + tax;
    const created = magentoDate(Date.parse(`${String(order.created_at).replace(" ", "T")}Z`) + 2 * 86_400_000);
    line.qty_refunded = line.qty_ordered;
    order.total_refunded = centsToNumber(grand);
    order.updated_at = created;
    const payment = order.payment as MagentoRecord;
    return {
      entity_id: id,
      increment_id: String(id).padStart(9, "0"),
      order_id: order.entity_id,
      invoice_id: (order.entity_id as number) + 500,
      state: 2,
      created_at: created,
      updated_at: created,
      store_id: 1,
      order_currency_code: order.order_currency_code,
      base_currency_code: order.base_currency_code,
      ...(payment.last_trans_id ? { transaction_id: `${payment.last_trans_id as string}-refund` } : {}),
      subtotal: centsToNumber(row),
      base_subtotal: centsToNumber(row),
      subtotal_incl_tax: line.row_total_incl_tax,
      discount_amount: centsToNumber(-discount),
      discount_tax_compensation_amount: 0,
      shipping_amount: 0,
      shipping_incl_tax: 0,
      shipping_tax_amount: 0,
      shipping_discount_tax_compensation_amount: 0,
      tax_amount: centsToNumber(tax),
      adjustment_positive: 0,
      adjustment_negative: 0,
      adjustment: 0,
      grand_total: centsToNumber(grand),
      base_grand_total: centsToNumber(grand),
      items: [
        {
          entity_id: id * 100 + 1,
          parent_id: id,
          order_item_id: line.item_id,
          product_id: line.product_id,
          sku: line.sku,
          name: line.name,
          qty: line.qty_ordered,
          price: line.price,
          base_price: line.price,
          price_incl_tax: line.price_incl_tax,
          row_total: line.row_total,
          row_total_incl_tax: line.row_total_incl_tax,
          discount_amount: line.discount_amount,
          discount_tax_compensation_amount: 0,
          tax_amount: line.tax_amount,
          base_cost: 0,
        },
      ],
      comments: [
        { comment: "Returned: damaged in transit", is_customer_notified: 1, is_visible_on_front: 0, parent_id: id },
      ],
    };
  }

  #findOrder(idOrNumber: number | string): MagentoRecord | undefined {
    return this.#orders.find(
      (o) =>
        o.entity_id === idOrNumber ||
        String(o.entity_id) === String(idOrNumber) ||
        o.increment_id === String(idOrNumber),
    );
  }

  // ---- authentication -----------------------------------------------------------------------------------------

  #isTokenRoute(context: FakeRequestContext): boolean {
    return context.method === "POST" && /^(\/rest)?\/V1\/integration\/admin\/token$/.test(context.path);
  }

  async #authenticate(context: FakeRequestContext, next: () => Promise<Response>): Promise<Response> {
    if (this.#isTokenRoute(context)) return next();
    const header = context.request.headers.get("authorization") ?? "";
    const refuse = () => {
      this.tokenStats.unauthorized += 1;
      return unauthorized(context.path);
    };
    if (/^bearer\s/i.test(header)) {
      const token = header.replace(/^bearer\s+/i, "").trim();
      const admin = this.#adminTokens.get(token);
      if (admin) {
        if (admin.expiresAt <= context.now) {
          this.tokenStats.expiredTokenRejections += 1;
          return refuse();
        }
        this.tokenStats.accepted.admin += 1;
        return next();
      }
      if ((this.#options.allowIntegrationBearer ?? true) && token === this.#integration.accessToken) {
        this.tokenStats.accepted.bearer += 1;
        return next();
      }
      return refuse();
    }
    if (/^oauth\s/i.test(header)) {
      const parameters = oauthParameters(header);
      if (
        parameters.get("oauth_consumer_key") !== this.#integration.consumerKey ||
        parameters.get("oauth_token") !== this.#integration.accessToken
      )
        return refuse();
      if ((this.#options.verifyOAuthSignature ?? true) && !this.#signatureValid(context, parameters)) return refuse();
      this.tokenStats.accepted.oauth1 += 1;
      return next();
    }
    return refuse();
  }

  /** Recomputes the signature over the URL the caller used (`publicBaseUrl`: the loopback server's, if any). */
  #signatureValid(context: FakeRequestContext, parameters: Map<string, string>): boolean {
    const method = parameters.get("oauth_signature_method");
    if (method !== "HMAC-SHA256" && method !== "HMAC-SHA1") return false;
    const basePath = new URL(this.baseUrl).pathname.replace(/\/+$/, "");
    const rawPath = context.url.pathname.startsWith(basePath)
      ? context.url.pathname.slice(basePath.length)
      : context.url.pathname;
    const signedUrl = new URL(`${context.publicBaseUrl}${rawPath}${context.url.search}`);
    const protocol = [...parameters.entries()].filter(([key]) => key !== "oauth_signature" && key !== "realm");
    const base = signatureBaseString(context.method, signedUrl, [...queryParameters(signedUrl), ...protocol]);
    const expected = oauth1Signature(
      base,
      this.#integration.consumerSecret,
      this.#integration.accessTokenSecret,
      method,
    );
    return expected === parameters.get("oauth_signature");
  }

  #issueAdminToken(context: FakeRequestContext): Response {
    const problems = this.#validator.validate("post", "/V1/integration/admin/token", context.body);
    if (problems && problems.length > 0) return invalidBody(problems);
    const { username, password } = context.body as { username: string; password: string };
    const users = this.#options.adminUsers ?? { [MAGENTO_FAKE_ADMIN.username]: MAGENTO_FAKE_ADMIN.password };
    if (!Object.hasOwn(users, username) || users[username] !== password) {
      this.tokenStats.failedLogins += 1;
      // Magento's text for a failed admin login (`Magento\Integration\Model\AdminTokenService`).
      return fail(401, {
        message:
          "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.",
      });
    }
    const token = Array.from({ length: 32 }, () => Math.floor(this.#random() * 36).toString(36)).join("");
    const lifetime = this.#options.adminTokenLifetimeMs ?? MAGENTO_FAKE_ADMIN_TOKEN_LIFETIME_MS;
    this.#adminTokens.set(token, { username, expiresAt: context.now + lifetime });
    this.tokenStats.adminTokensIssued += 1;
    return json(200, token);
  }

  // ---- routes -------------------------------------------------------------------------------------------------

  #routes(): void {
    const tokenRoute = (c: FakeRequestContext) => this.#issueAdminToken(c);
    this.route("POST", "/V1/integration/admin/token", tokenRoute);
    this.route("POST", "/rest/V1/integration/admin/token", tokenRoute);

    this.route("GET", "/V1/orders", (c) => this.#search(c, this.#orders));
    this.route("GET", "/V1/orders/:id", (c) => {
      const order = /^\d+$/.test(c.groups.id ?? "") ? this.#findOrder(Number(c.groups.id)) : undefined;
      return order ? json(200, copy(order)) : fail(404, NO_SUCH_ENTITY);
    });
    this.route("GET", "/V1/creditmemos", (c) => this.#search(c, this.#creditMemos));
    this.route("GET", "/V1/creditmemo/:id", (c) => {
      const memo = this.#creditMemos.find((m) => String(m.entity_id) === c.groups.id);
      return memo ? json(200, copy(memo)) : fail(404, NO_SUCH_ENTITY);
    });
    this.route("GET", "/V1/products", (c) => this.#search(c, this.#products));
    this.route("GET", "/V1/products/:sku", (c) => {
      const product = this.#products.find((p) => p.sku === c.groups.sku);
      return product
        ? json(200, copy(product))
        : fail(404, { message: "The product that was requested doesn't exist. Verify the product and try again." });
    });
    this.route("GET", "/V1/inventory/sources", (c) => this.#search(c, this.#sources));
    this.route("GET", "/V1/inventory/sources/:code", (c) => {
      const source = this.#sources.find((s) => s.source_code === c.groups.code);
      return source
        ? json(200, copy(source))
        : fail(404, { message: 'Source with code "%value" does not exist.', parameters: { value: c.groups.code } });
    });
    this.route("GET", "/V1/inventory/source-items", (c) =>
      this.#search(c, this.#sourceItems as unknown as MagentoRecord[], ["sku", "source_code", "quantity", "status"]),
    );
    this.route("GET", "/V1/shipments", (c) => this.#search(c, this.#shipments as unknown as MagentoRecord[]));
    this.route("GET", "/V1/shipment/:id", (c) => {
      const shipment = this.#shipments.find((s) => String(s.entity_id) === c.groups.id);
      return shipment ? json(200, copy(shipment)) : fail(404, NO_SUCH_ENTITY);
    });
    this.route("GET", "/V1/bulk/:uuid/status", (c) => this.#bulkStatus(c.groups.uuid ?? ""));

    this.#write("POST", "/V1/inventory/source-items", (_, body) => this.#saveSourceItems(body));
    this.#write("POST", "/V1/order/{orderId}/ship", (params, body, now) => this.#ship(params.orderId ?? "", body, now));
    for (const operation of this.#writes) {
      this.route(operation.method, operation.pattern, (c) => this.#runSync(operation, c));
    }
    this.route("POST", /^\/async\/bulk(\/V1\/.+)$/, (c) => this.#acceptBulk(c, true));
    this.route("PUT", /^\/async\/bulk(\/V1\/.+)$/, (c) => this.#acceptBulk(c, true));
    this.route("POST", /^\/async(\/V1\/.+)$/, (c) => this.#acceptBulk(c, false));
    this.route("PUT", /^\/async(\/V1\/.+)$/, (c) => this.#acceptBulk(c, false));
  }

  #write(method: "POST" | "PUT", template: string, run: WriteOperation["run"]): void {
    this.#writes.push({ method, template, ...templatePattern(template), run });
  }

  #search(context: FakeRequestContext, rows: readonly MagentoRecord[], columns?: readonly string[]): Response {
    try {
      const criteria = parseSearchCriteria(context.url.searchParams);
      if (!criteria) {
        // Magento requires the parameter on list endpoints (`searchCriteria=` for "everything").
        return fail(400, {
          message: '"%fieldName" is required. Enter and try again.',
          parameters: { fieldName: "searchCriteria" },
        });
      }
      const limited = this.#checkPageSize(criteria);
      if (limited) return limited;
      const fields = new Set<string>(columns ?? []);
      if (!columns) for (const row of rows) for (const key of Object.keys(row)) fields.add(key);
      for (const column of ["customer_id", "coupon_code", "entity_id", "increment_id", "updated_at", "created_at"])
        if (!columns) fields.add(column);
      return json(200, searchRows(rows, criteria, { fields, project: copy }));
    } catch (error) {
      if (error instanceof MagentoSearchError) return fail(error.status, error.body);
      throw error;
    }
  }

  #checkPageSize(criteria: MagentoFakeCriteria): Response | undefined {
    if (!this.#limits || criteria.pageSize === undefined || criteria.pageSize <= this.#limits.maxPageSize)
      return undefined;
    // `Magento\Framework\Webapi\Validator\SearchCriteriaValidator` when input limits are on.
    return fail(400, {
      message: "Maximum SearchCriteria pageSize is %max",
      parameters: { max: this.#limits.maxPageSize },
    });
  }

  /** A list longer than the input list limit, as `EntityArrayValidator` reports it (magento/magento2#34154). */
  #checkListLimit(body: unknown, limit: number, type: string): Response | undefined {
    const tooLong = (value: unknown): boolean => {
      if (Array.isArray(value)) return value.length > limit || value.some(tooLong);
      if (value !== null && typeof value === "object") return Object.values(value).some(tooLong);
      return false;
    };
    if (!tooLong(body)) return undefined;
    return fail(400, { message: 'Maximum items of type "%type" is %max', parameters: { type, max: limit } });
  }

  #runSync(operation: WriteOperation, context: FakeRequestContext): Response {
    const problems = this.#validator.validate(operation.method, operation.template, context.body);
    if (problems && problems.length > 0) return invalidBody(problems);
    if (this.#limits) {
      const limited = this.#checkListLimit(context.body, this.#limits.inputListLimit, typeOfList(operation.template));
      if (limited) return limited;
    }
    const params: Record<string, string> = {};
    const match = operation.pattern.exec(context.path);
    operation.names.forEach((name, i) => {
      params[name] = match?.[i + 1] ?? "";
    });
    return operation.run(params, context.body, context.now);
  }

  // ---- source items -------------------------------------------------------------------------------------------

  #saveSourceItems(body: unknown): Response {
    const items = (body as { sourceItems: Array<Partial<MagentoFakeSourceItem>> }).sourceItems;
    if (items.length === 0) return fail(400, { message: "Input data is empty" }); // `SourceItemsSave::execute` on an empty list
    const errors: NonNullable<MagentoFakeError["errors"]> = [];
    items.forEach((item) => {
      for (const field of ["sku", "source_code"] as const) {
        if (typeof item[field] !== "string" || item[field].trim() === "")
          errors.push({ message: '"%field" can not be empty.', parameters: { field } });
      }
      if (typeof item.quantity !== "number")
        errors.push({ message: '"%field" should be numeric.', parameters: { field: "quantity" } });
      if (item.status !== 0 && item.status !== 1)
        errors.push({ message: '"%field" should be source item status.', parameters: { field: "status" } });
      if (typeof item.source_code === "string" && !this.#sources.some((s) => s.source_code === item.source_code))
        errors.push({ message: 'Source with code "%value" does not exist.', parameters: { value: item.source_code } });
    });
    if (errors.length > 0) return fail(400, { message: "Validation Failed", errors });
    for (const item of items as MagentoFakeSourceItem[]) {
      const existing = this.#sourceItems.find((s) => s.sku === item.sku && s.source_code === item.source_code);
      const next = { sku: item.sku, source_code: item.source_code, quantity: item.quantity, status: item.status };
      if (existing) Object.assign(existing, next);
      else this.#sourceItems.push(next);
    }
    return json(200, []);
  }

  // ---- shipments ----------------------------------------------------------------------------------------------

  #ship(orderId: string, raw: unknown, now: number): Response {
    const order = /^\d+$/.test(orderId) ? this.#findOrder(Number(orderId)) : undefined;
    if (!order) return fail(404, NO_SUCH_ENTITY);
    const body = (raw ?? {}) as {
      items?: Array<{ order_item_id: number; qty: number }>;
      tracks?: Array<{ track_number: string; title: string; carrier_code: string }>;
      comment?: { comment?: string };
    };
    const items = order.items as MagentoRecord[];
    const remaining = (item: MagentoRecord) =>
      Number(item.qty_ordered) -
      Number(item.qty_shipped ?? 0) -
      Number(item.qty_refunded ?? 0) -
      Number(item.qty_canceled ?? 0);
    // Texts of `Magento\Sales\Model\Order\Shipment\ShipmentValidator` / `ShipOrder` ("Shipment Document Validation Error(s)").
    const documentError = (message: string) =>
      fail(400, { message: `Shipment Document Validation Error(s):\n${message}\n` });
    if (["canceled", "closed", "complete", "holded"].includes(String(order.state)))
      return documentError("The order does not allow a shipment to be created.");
    const shippable = items.filter((i) => i.parent_item_id === undefined && !i.is_virtual);
    const requested =
      body.items && body.items.length > 0
        ? body.items
        : shippable.map((i) => ({ order_item_id: i.item_id as number, qty: remaining(i) })).filter((i) => i.qty > 0);
    if (requested.length === 0) return documentError("You can't create a shipment without products.");
    for (const line of requested) {
      const item = items.find((i) => i.item_id === line.order_item_id);
      if (!item) return documentError(`The order does not contain item ${line.order_item_id}.`);
      if (line.qty > remaining(item)) return documentError("The order does not allow a shipment to be created.");
    }
    const id = this.#nextShipmentId++;
    const at = magentoDate(now);
    const shipment: MagentoFakeShipment = {
      entity_id: id,
      increment_id: String(id).padStart(9, "0"),
      order_id: order.entity_id as number,
      store_id: 1,
      total_qty: requested.reduce((sum, l) => sum + l.qty, 0),
      created_at: at,
      updated_at: at,
      items: requested.map((line) => {
        const item = items.find((i) => i.item_id === line.order_item_id) as MagentoRecord;
        return {
          entity_id: this.#nextShipmentItemId++,
          parent_id: id,
          order_item_id: line.order_item_id,
          sku: String(item.sku),
          name: String(item.name),
          qty: line.qty,
        };
      }),
      tracks: (body.tracks ?? []).map((t) => ({
        entity_id: this.#nextTrackId++,
        parent_id: id,
        order_id: order.entity_id as number,
        track_number: t.track_number,
        title: t.title,
        carrier_code: t.carrier_code,
        created_at: at,
      })),
      comments: body.comment?.comment ? [{ comment: body.comment.comment, parent_id: id }] : [],
    };
    for (const line of requested) {
      for (const item of items) {
        // A configurable's child is shipped with its parent.
        if (item.item_id === line.order_item_id || item.parent_item_id === line.order_item_id)
          item.qty_shipped = Number(item.qty_shipped ?? 0) + line.qty;
      }
    }
    const invoiced = items.every((i) => Number(i.qty_invoiced ?? 0) >= Number(i.qty_ordered));
    if (invoiced && shippable.every((i) => remaining(i) <= 0)) {
      order.state = "complete";
      order.status = "complete";
    }
    order.updated_at = at;
    this.#shipments.push(shipment);
    return json(200, id);
  }

  // ---- async and bulk -----------------------------------------------------------------------------------------

  #acceptBulk(context: FakeRequestContext, bulk: boolean): Response {
    const route = context.params[0] ?? "";
    const operation = bulk
      ? this.#writes.find((w) => w.method === context.method && bulkRoute(w.template) === route)
      : this.#writes.find((w) => w.method === context.method && w.pattern.test(route));
    if (!operation)
      return fail(404, { message: "Request does not match any route.", parameters: { route: context.path } });
    let entries: Array<{ params: Record<string, string>; body: unknown }>;
    if (bulk) {
      if (!Array.isArray(context.body))
        return fail(400, { message: "The request body must be a list of operations for a bulk request." });
      if (this.#limits && context.body.length > this.#limits.asyncInputListLimit)
        return fail(400, {
          message: 'Maximum items of type "%type" is %max',
          parameters: { type: typeOfList(operation.template), max: this.#limits.asyncInputListLimit },
        });
      entries = context.body.map((item) => {
        const record = (item ?? {}) as Record<string, unknown>;
        const params: Record<string, string> = {};
        const rest: Record<string, unknown> = { ...record };
        for (const name of operation.names) {
          params[name] = String(record[name] ?? "");
          delete rest[name];
        }
        return { params, body: rest };
      });
    } else {
      const match = operation.pattern.exec(route);
      const params: Record<string, string> = {};
      operation.names.forEach((name, i) => {
        params[name] = match?.[i + 1] ?? "";
      });
      entries = [{ params, body: context.body }];
    }
    const uuid = this.#uuid();
    const requestItems: Array<{ id: number; data_hash: string; status: string }> = [];
    const pending: Array<() => MagentoFakeBulkOperation> = [];
    entries.forEach((entry, index) => {
      requestItems.push({ id: index, data_hash: hash(JSON.stringify(entry)), status: "accepted" });
      pending.push(() => {
        const problems = this.#validator.validate(operation.method, operation.template, entry.body);
        if (problems && problems.length > 0)
          return { id: index, status: 3, result_message: problems.join("; "), error_code: 400 };
        const response = operation.run(entry.params, entry.body, this.now());
        return response.status < 400
          ? { id: index, status: 1, result_message: "Service execution success", error_code: null }
          : {
              id: index,
              status: 3,
              result_message: `Request failed with status ${response.status}`,
              error_code: response.status,
            };
      });
    });
    const record: MagentoFakeBulk & { pending?: Array<() => MagentoFakeBulkOperation> } = {
      bulk_id: uuid,
      description: `Topic async.magento.${operation.template.replace(/\W+/g, ".").replace(/^\.|\.$/g, "")}.${operation.method}`,
      start_time: magentoDate(context.now),
      route: `${operation.method} ${operation.template}`,
      operations: entries.map((_, id) => ({ id, status: 4, result_message: null, error_code: null })),
      openPolls: this.#options.bulkOpenPolls ?? 0,
      processed: false,
    };
    this.#pending.set(uuid, pending);
    this.#bulks.set(uuid, record);
    if (record.openPolls === 0) this.#process(record);
    return json(202, { bulk_uuid: uuid, request_items: requestItems, errors: false });
  }

  readonly #pending = new Map<string, Array<() => MagentoFakeBulkOperation>>();

  #process(bulk: MagentoFakeBulk): void {
    if (bulk.processed) return;
    const pending = this.#pending.get(bulk.bulk_id) ?? [];
    bulk.operations = pending.map((run) => run());
    bulk.processed = true;
    this.#pending.delete(bulk.bulk_id);
  }

  #bulkStatus(uuid: string): Response {
    const bulk = this.#bulks.get(uuid);
    if (!bulk) return fail(404, { message: "Bulk uuid %bulkUuid not exist", parameters: { bulkUuid: uuid } });
    if (bulk.openPolls > 0) bulk.openPolls -= 1;
    else this.#process(bulk);
    return json(200, {
      bulk_id: bulk.bulk_id,
      description: bulk.description,
      operation_count: bulk.operations.length,
      operations_list: bulk.operations,
      start_time: bulk.start_time,
      user_id: 1,
      user_type: 2,
    });
  }

  #uuid(): string {
    const hex = (n: number) => Array.from({ length: n }, () => Math.floor(this.#random() * 16).toString(16)).join("");
    return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  }
}

function typeOfList(template: string): string {
  if (template.includes("source-items")) return "\\Magento\\InventoryApi\\Api\\Data\\SourceItemInterface";
  if (template.includes("/ship")) return "\\Magento\\Sales\\Api\\Data\\ShipmentItemCreationInterface";
  return "array";
}

/** A short, stable hash (FNV-1a) for `data_hash` of bulk request items. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/** The shop URL (a client's `baseUrl`) of a store base URL: `https://h/rest/default` → `https://h`. */
export function magentoShopUrl(storeBaseUrl: string): string {
  return storeBaseUrl.replace(/\/+$/, "").replace(/\/rest\/[A-Za-z0-9_]+$/, "");
}

/** A Magento fake seeded from the shared catalog and `seedOrders()`. */
export function createMagentoFake(options: MagentoFakeOptions = {}): MagentoFake {
  return new MagentoFake(options);
}
