/**
 * A stateful fake of Business Central API v2.0 (OData v4) for one company, seeded from the shared catalog.
 *
 * What it reproduces, and where the behaviour is documented:
 * - Entra ID client-credentials token endpoint; a bearer token on every API call, else 401
 *   `Authentication_InvalidCredentials` (learn.microsoft.com/dynamics365/business-central/dev-itpro/webservices/dynamics-error-codes).
 * - OData v4 JSON: `@odata.context`, `value`, `@odata.etag` on every entity; server-driven paging with an ABSOLUTE
 *   `@odata.nextLink`, honouring `Prefer: odata.maxpagesize` (answered with `Preference-Applied`).
 * - `$filter` (the operators the clients send), `$select`, `$expand` of document lines, `$top`, `$skip`, `$orderby`;
 *   an unknown property is a 400 `BadRequest` naming it, as BC answers.
 * - ETags: PATCH and DELETE need `If-Match`; a stale ETag is `412 Request_EntityChanged` ("Another user has already
 *   changed the record.", dynamics-error-codes); a missing one is `400 BadRequest` with the OData library's message
 *   ("Could not validate the client concurrency token required by the service…", as users report it; Microsoft
 *   documents only that If-Match is required).
 * - Every POST/PATCH body is validated against the client's `request-schemas.json` (`<EntityType>Create`/`Update`,
 *   deep-inserted lines too) and against the entity's properties; an unknown property is BC's 400 "The property 'x'
 *   does not exist on type 'Microsoft.NAV.salesOrder'".
 * - `$batch` in the JSON format, at most 100 operations (400 otherwise); `Isolation: snapshot` makes it atomic.
 * - Limits (dynamics-rate-limits): 5 requests in flight, 95 queued, then 429; 6,000 requests per 5-minute sliding
 *   window, then 429 `Application_TooManyRequests`; a 429 may come without `Retry-After` (option).
 * - Sales documents: number series, totals computed exactly from the lines (tax from the line's tax group), deep
 *   insert of `salesOrderLines`, bound actions `Microsoft.NAV.shipAndInvoice` (posted invoice + shipment carrying the
 *   order's `externalDocumentNumber`) and `Microsoft.NAV.post` (credit memos, invoices, journals).
 *
 * Scale: lines by document, records by number and `$filter` `eq`/`in` look-ups go through equality indexes (built on
 * first use, kept current by every write; the filter still decides on the narrowed rows), so a request's cost does
 * not grow with the number of stored records and a 10,000-order run is linear, not quadratic.
 */
import bcRequestSchemas from "@org/bc-client/request-schemas.json" with { type: "json" };
import { Decimal } from "@org/core";
import { type FakeRequestContext, FakeService } from "../fake-service.js";
import { ConcurrencyGate, WindowQuota } from "../limits.js";
import { seededRandom } from "../random.js";
import { SEED_CUSTOMERS, SEED_PRODUCTS, SEED_WAREHOUSES } from "../seed/catalog.js";
import type { SeedOrder } from "../seed/orders.js";
import { RequestSchemaValidator } from "../validation.js";
import {
  BC_FAKE_CLIENT_ID,
  BC_FAKE_CLIENT_SECRET,
  BC_FAKE_COMPANY_ID,
  BC_FAKE_ENVIRONMENT,
  BC_FAKE_TENANT_ID,
  BC_GUEST_CUSTOMER_NUMBER,
  BC_SEED_ACCOUNTS,
  BC_SEED_JOURNALS,
  BC_SEED_SHIPMENT_METHODS,
  BC_SEED_TAX_GROUPS,
  BC_TAX_GROUP_BY_CLASS,
} from "./bc-seed.js";
import {
  indexKey,
  ODataQueryError,
  type PropertyKind,
  parseCount,
  parseOrderBy,
  parseSelect,
  planFilter,
  selectFields,
} from "./odata-query.js";

/** A record as the fake stores it (wire field names, decimals as strings). */
export type BcRecord = Record<string, unknown>;

export interface BcFakeLimits {
  /** Requests processed at once. Default: `5` (BC's documented limit). */
  maxConcurrent?: number;
  /** Requests waiting for a slot before BC answers 429. Default: `95`. */
  maxQueued?: number;
  /** Requests per sliding window. Default: `6000`. Scale it up for benchmarks, down to provoke 429s. */
  requestsPerWindow?: number;
  /** Sliding window. Default: `300000` ms (5 minutes). */
  windowMs?: number;
  /** Share (0–1) of 429 answers sent WITHOUT `Retry-After` (BC does that). Default: `0`. */
  omitRetryAfterRate?: number;
  /** Seed of the generator deciding which 429s omit `Retry-After`. Default: `1`. */
  seed?: number;
}

export interface BcFakeAuth {
  /** Client id the token endpoint accepts. Default: {@link BC_FAKE_CLIENT_ID}. */
  clientId?: string;
  /** Client secret the token endpoint accepts. Default: {@link BC_FAKE_CLIENT_SECRET}. */
  clientSecret?: string;
  /** Lifetime of issued tokens in seconds. Default: `3599` (Entra's). */
  tokenLifetimeSeconds?: number;
}

export interface BcFakeOptions {
  /** Entra tenant in the default URLs. Default: {@link BC_FAKE_TENANT_ID}. */
  tenantId?: string;
  /** Environment in the default URLs. Default: `production`. */
  environment?: string;
  /** Service root. Default: `https://api.businesscentral.dynamics.com/v2.0/<tenant>/<environment>/api/v2.0`. */
  baseUrl?: string;
  /** Clock (ms). Default: `Date.now`. */
  now?: () => number;
  /** Id of the company. Default: {@link BC_FAKE_COMPANY_ID}. */
  companyId?: string;
  /** Page size when the client sends no `Prefer: odata.maxpagesize`. Default: `20000` (BC's). */
  pageSize?: number;
  /** Largest page size granted whatever the client asks for. Default: `20000`. */
  maxPageSize?: number;
  /** Most operations in one `$batch`. Default: `100`. */
  maxBatchOperations?: number;
  /** Rate and concurrency limits. Default: BC's (see {@link BcFakeLimits}). `false` turns them off. */
  limits?: BcFakeLimits | false;
  /** Credentials the token endpoint accepts. Default: {@link BcFakeAuth}'s. */
  auth?: BcFakeAuth;
  /**
   * Time each API request holds its concurrency slot, in ms, so that concurrency is observable in tests.
   * Default: `0`.
   */
  processingMs?: number;
  /**
   * Storefront orders (from `seedOrders()`) that were already posted in BC: each becomes a posted sales invoice and
   * a posted sales shipment with `externalDocumentNumber` = the order number (orders with a SKU BC does not know
   * are left out, as they could never have posted). Default: none.
   */
  postedOrders?: readonly SeedOrder[];
  /** G/L account of shipping lines on seeded invoices. Default: `6110`. */
  shippingAccount?: string;
  /**
   * Type-check `$filter` comparisons as OData does (a GUID or date property against a string literal is a 400).
   * Default: `true`. Turning it off hides a bug that a real tenant will report.
   */
  filterTypeChecks?: boolean;
}

/** Account numbers and tax groups the seeded data uses, for callers configuring their mappers. */
const DEFAULT_SHIPPING_ACCOUNT = "6110";
const JSON_HEADERS = { "content-type": "application/json; odata.metadata=minimal; odata.streaming=true" };
const GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
const SEGMENT = new RegExp(`^([A-Za-z][\\w.]*)(?:\\((?:(${GUID})|'((?:[^']|'')*)')\\))?$`);
const TOKEN_PATH = /^(?:\/[^/]+)?\/oauth2\/v2\.0\/token$/;
const TOKEN_SCOPE = "https://api.businesscentral.dynamics.com/.default";

interface SetDefinition {
  /** Entity type in `request-schemas.json` (`SalesOrder`). */
  type: string;
  /** The OData type name in messages (`salesOrder`). */
  odataType: string;
  /** Navigation property of the lines, for documents. */
  lines?: string;
  /** For line sets: the header set and the field pointing to it. */
  parent?: { set: string; field: string };
  /** Writes are refused with 405 (read-only API pages). */
  readOnly?: boolean;
  /** Number series prefix, for sets that number their records. */
  series?: string;
}

const SETS: Record<string, SetDefinition> = {
  companies: { type: "Company", odataType: "company", readOnly: true },
  items: { type: "Item", odataType: "item" },
  customers: { type: "Customer", odataType: "customer", series: "C" },
  locations: { type: "Location", odataType: "location", readOnly: true },
  accounts: { type: "Account", odataType: "account", readOnly: true },
  taxGroups: { type: "TaxGroup", odataType: "taxGroup", readOnly: true },
  shipmentMethods: { type: "ShipmentMethod", odataType: "shipmentMethod", readOnly: true },
  salesOrders: { type: "SalesOrder", odataType: "salesOrder", lines: "salesOrderLines", series: "S-ORD" },
  salesOrderLines: {
    type: "SalesOrderLine",
    odataType: "salesOrderLine",
    parent: { set: "salesOrders", field: "documentId" },
  },
  salesInvoices: {
    type: "SalesInvoice",
    odataType: "salesInvoice",
    lines: "salesInvoiceLines",
    series: "S-INV",
    readOnly: true,
  },
  salesInvoiceLines: {
    type: "SalesInvoiceLine",
    odataType: "salesInvoiceLine",
    parent: { set: "salesInvoices", field: "documentId" },
    readOnly: true,
  },
  salesShipments: {
    type: "SalesShipment",
    odataType: "salesShipment",
    lines: "salesShipmentLines",
    series: "S-SHPT",
    readOnly: true,
  },
  salesShipmentLines: {
    type: "SalesShipmentLine",
    odataType: "salesShipmentLine",
    parent: { set: "salesShipments", field: "documentId" },
    readOnly: true,
  },
  salesCreditMemos: {
    type: "SalesCreditMemo",
    odataType: "salesCreditMemo",
    lines: "salesCreditMemoLines",
    series: "S-CR",
  },
  salesCreditMemoLines: {
    type: "SalesCreditMemoLine",
    odataType: "salesCreditMemoLine",
    parent: { set: "salesCreditMemos", field: "documentId" },
  },
  journals: { type: "Journal", odataType: "journal", lines: "journalLines" },
  journalLines: { type: "JournalLine", odataType: "journalLine", parent: { set: "journals", field: "journalId" } },
  generalLedgerEntries: { type: "GeneralLedgerEntry", odataType: "generalLedgerEntry", readOnly: true },
};

const SERIES_START: Record<string, number> = {
  C: 10006,
  "S-ORD": 101001,
  "S-INV": 103001,
  "S-SHPT": 102001,
  "S-CR": 104001,
};

interface SchemaBundle {
  $id: string;
  $defs: Record<string, { properties?: Record<string, unknown> }>;
}
const schemas = bcRequestSchemas as unknown as SchemaBundle;
const fieldCache = new Map<string, ReadonlySet<string>>();
const decimalCache = new Map<string, ReadonlySet<string>>();
/** Edm.Decimal properties of a type (the schema allows them as number or decimal string). */
function decimalFieldsOf(type: string): ReadonlySet<string> {
  let fields = decimalCache.get(type);
  if (!fields) {
    const properties = (schemas.$defs[type]?.properties ?? {}) as Record<string, { type?: unknown }>;
    fields = new Set(
      Object.entries(properties)
        .filter(([, p]) => Array.isArray(p.type) && p.type.includes("number") && p.type.includes("string"))
        .map(([name]) => name),
    );
    decimalCache.set(type, fields);
  }
  return fields;
}

const kindCache = new Map<string, ReadonlyMap<string, PropertyKind>>();
/** EDM type of each property of an entity type, read from the schema's JSON types and patterns. */
function propertyKindsOf(type: string): ReadonlyMap<string, PropertyKind> {
  let kinds = kindCache.get(type);
  if (!kinds) {
    const properties = (schemas.$defs[type]?.properties ?? {}) as Record<string, { type?: unknown; pattern?: unknown }>;
    kinds = new Map(
      Object.entries(properties).map(([name, p]): [string, PropertyKind] => {
        const types = Array.isArray(p.type) ? p.type : [p.type];
        const pattern = typeof p.pattern === "string" ? p.pattern : "";
        if (pattern.startsWith("^[0-9a-fA-F]{8}-")) return [name, "Edm.Guid"];
        if (pattern === "^\\d{4}-\\d{2}-\\d{2}$") return [name, "Edm.Date"];
        if (pattern.startsWith("^\\d{4}-\\d{2}-\\d{2}(")) return [name, "Edm.DateTimeOffset"];
        if (types.includes("number")) return [name, "Edm.Decimal"];
        if (types.includes("integer")) return [name, "Edm.Int32"];
        if (types.includes("boolean")) return [name, "Edm.Boolean"];
        return [name, "Edm.String"];
      }),
    );
    kindCache.set(type, kinds);
  }
  return kinds;
}

/** The same properties without types, so that only the names are checked (and any literal compares). */
function untyped(types: ReadonlyMap<string, PropertyKind>): ReadonlyMap<string, PropertyKind | undefined> {
  return new Map([...types.keys()].map((name) => [name, undefined]));
}

function fieldsOf(type: string): ReadonlySet<string> {
  let fields = fieldCache.get(type);
  if (!fields) {
    fields = new Set(Object.keys(schemas.$defs[type]?.properties ?? {}));
    fieldCache.set(type, fields);
  }
  return fields;
}

/** An answer in BC's error shape: `{ "error": { "code": …, "message": … } }`. */
export class BcError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function errorResponse(error: BcError): Response {
  return new Response(JSON.stringify({ error: { code: error.code, message: error.message } }), {
    status: error.status,
    headers: { ...JSON_HEADERS, ...error.headers },
  });
}

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: body === undefined ? headers : { ...JSON_HEADERS, ...headers },
  });
}

const money = (value: Decimal): string => value.round(2, "half-up").toFixed(2, "half-up");
const dec = (value: unknown, fallback = "0"): Decimal =>
  Decimal.from(typeof value === "number" || typeof value === "string" ? value : fallback);

interface Stored {
  row: BcRecord;
  version: number;
  /** Position in its table (tables keep insertion order; results from indexes are put back in it). */
  seq: number;
}

/**
 * An equality index on one field of one table: the records filed under {@link indexKey} of their value. Built on
 * first use, kept current by every write ({@link BcFake} calls `#track` after each change of a stored row).
 */
interface FieldIndex {
  byKey: Map<string, Set<Stored>>;
  keyOf: Map<Stored, string>;
}
const NO_RECORDS: ReadonlySet<Stored> = new Set();

interface Snapshot {
  store: Map<string, Map<string, Stored>>;
  series: Map<string, number>;
  writes: number;
  gl: number;
}

interface ParsedPath {
  /** Entity set addressed last (`salesOrderLines` in `salesOrders(x)/salesOrderLines`). */
  set: string;
  key?: string;
  /** The header when a line set is addressed through it. */
  parent?: { set: string; key: string };
  action?: string;
}

/** The fake. Build it with {@link createBcFake}. */
export class BcFake extends FakeService {
  readonly tenantId: string;
  readonly environment: string;
  readonly companyId: string;
  /** Highest number of API requests in flight seen, under the concurrency limit. */
  readonly concurrency: { readonly peakInFlight: number };
  /** Committed writes (creates, updates, deletes, bound actions, including those inside `$batch`). */
  writes = 0;
  /** GETs sent with `Data-Access-Intent: ReadOnly` (BC serves them from a read replica). */
  readReplicaReads = 0;
  /** Requests answered 429, by reason. */
  readonly throttled = { concurrency: 0, quota: 0, scripted: 0 };

  readonly #options: BcFakeOptions;
  readonly #validator = new RequestSchemaValidator(bcRequestSchemas as never);
  readonly #store = new Map<string, Map<string, Stored>>();
  /** Equality indexes per set and field (lines by document, records by number, $filter fields), built lazily. */
  readonly #indexes = new Map<string, Map<string, FieldIndex>>();
  #seq = 0;
  readonly #series = new Map<string, number>();
  readonly #stock = new Map<string, Map<string, number>>();
  readonly #tokens = new Map<string, number>();
  readonly #gate: ConcurrencyGate | undefined;
  readonly #quota: WindowQuota | undefined;
  readonly #random: () => number;
  #ids = 0;
  #glEntry = 0;
  #scripted429: Array<{ retryAfter: boolean }> = [];
  /** Set per request (handling is synchronous): whether decimals go out as strings. */
  #decimalsAsStrings = true;

  constructor(options: BcFakeOptions = {}) {
    const tenantId = options.tenantId ?? BC_FAKE_TENANT_ID;
    const environment = options.environment ?? BC_FAKE_ENVIRONMENT;
    super({
      name: "bc",
      baseUrl:
        options.baseUrl ??
        `https://api.businesscentral.dynamics.com/v2.0/${encodeURIComponent(tenantId)}/${encodeURIComponent(environment)}/api/v2.0`,
      // Entra ID's token endpoint, which the client calls by default: msw registers it too.
      extraUrls: [`https://login.microsoftonline.com/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`],
      ...(options.now ? { now: options.now } : {}),
      notFound: (c) =>
        errorResponse(new BcError(404, "BadRequest_NotFound", `No HTTP resource was found for ${c.path}.`)),
      transientError: (status) =>
        errorResponse(
          new BcError(status, "ServiceUnavailable", "The service is temporarily unavailable. Try again later."),
        ),
    });
    this.tenantId = tenantId;
    this.environment = environment;
    this.companyId = (options.companyId ?? BC_FAKE_COMPANY_ID).toLowerCase();
    this.#options = options;
    const limits = options.limits === false ? undefined : (options.limits ?? {});
    this.#gate = limits
      ? new ConcurrencyGate({ maxInFlight: limits.maxConcurrent ?? 5, maxQueued: limits.maxQueued ?? 95 })
      : undefined;
    this.#quota = limits
      ? new WindowQuota({
          limit: limits.requestsPerWindow ?? 6000,
          windowMs: limits.windowMs ?? 300_000,
          now: () => this.now(),
        })
      : undefined;
    this.#random = seededRandom(limits ? (limits.seed ?? 1) : 1);
    const gate = this.#gate;
    this.concurrency = {
      get peakInFlight() {
        return gate?.peakInFlight ?? 0;
      },
    };
    this.#seed();
    this.use((context, next) => this.#authenticate(context, next));
    this.use((context, next) => this.#limit(context, next));
    this.route("*", /^.*$/, (context) => this.#serve(context));
  }

  // ----------------------------------------------------------------------------------------------------------
  // Public helpers and typed state

  /** Token endpoint under the fake's base URL (works over every transport). */
  get tokenUrl(): string {
    return `${this.baseUrl}/oauth2/v2.0/token`;
  }

  /** Entra's real token URL for the fake's tenant: answered by the in-process `fetch` (what the client calls by default). */
  get entraTokenUrl(): string {
    return `https://login.microsoftonline.com/${encodeURIComponent(this.tenantId)}/oauth2/v2.0/token`;
  }

  /** Issues a valid bearer token without the OAuth round trip (for `auth: { getToken }` in tests). */
  issueToken(): string {
    const token = `bcfake.${(++this.#ids).toString(36)}.${Math.floor(this.#random() * 1e12).toString(36)}`;
    this.#tokens.set(token, this.now() + (this.#options.auth?.tokenLifetimeSeconds ?? 3599) * 1000);
    return token;
  }

  /** Answers the next `count` API requests with 429 (with or without `Retry-After`), before anything is processed. */
  throttleNext(count = 1, options: { retryAfter?: boolean } = {}): this {
    for (let i = 0; i < count; i++) this.#scripted429.push({ retryAfter: options.retryAfter ?? true });
    return this;
  }

  /** Sales orders with their lines, in creation order. */
  salesOrders(): BcRecord[] {
    return this.#documents("salesOrders");
  }
  /** Posted sales invoices with their lines. */
  salesInvoices(): BcRecord[] {
    return this.#documents("salesInvoices");
  }
  /** Posted sales shipments with their lines. */
  salesShipments(): BcRecord[] {
    return this.#documents("salesShipments");
  }
  /** Sales credit memos with their lines. */
  salesCreditMemos(): BcRecord[] {
    return this.#documents("salesCreditMemos");
  }
  /** Journal lines not yet posted, of every journal. */
  journalLines(): BcRecord[] {
    return this.#rows("journalLines");
  }
  /** Posted G/L entries (from posted journals). */
  generalLedgerEntries(): BcRecord[] {
    return this.#rows("generalLedgerEntries");
  }
  items(): BcRecord[] {
    return this.#rows("items");
  }
  customers(): BcRecord[] {
    return this.#rows("customers");
  }
  journals(): BcRecord[] {
    return this.#rows("journals");
  }

  /** Stock on hand of an item per location code (the item's `inventory` is their sum). */
  stockOf(sku: string): Record<string, number> {
    return Object.fromEntries(this.#stock.get(sku) ?? []);
  }

  /** Changes stock on hand at one location, as a posted item journal would: `inventory` and the ETag change. */
  setStock(sku: string, location: string, quantity: number): void {
    const item = this.#findBy("items", "number", sku);
    if (!item) throw new Error(`bc fake: no item ${sku}`);
    const perLocation = this.#stock.get(sku) ?? new Map<string, number>();
    perLocation.set(location, quantity);
    this.#stock.set(sku, perLocation);
    item.row.inventory = String([...perLocation.values()].reduce((a, b) => a + b, 0));
    item.row.lastModifiedDateTime = this.#timestamp();
    item.version += 1;
    this.#track("items", item);
  }

  /** Adds a record directly (seeding a test), numbered and timestamped like one created through the API. */
  seed(set: string, record: BcRecord): BcRecord {
    return this.#serialize(set, this.#insert(set, { ...record }));
  }

  // ----------------------------------------------------------------------------------------------------------
  // Middleware: auth, limits

  async #authenticate(context: FakeRequestContext, next: () => Promise<Response>): Promise<Response> {
    if (TOKEN_PATH.test(context.path)) return this.#token(context);
    const header = context.request.headers.get("authorization") ?? "";
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
    const expiry = token === undefined ? undefined : this.#tokens.get(token);
    if (expiry === undefined || expiry <= this.now()) {
      return errorResponse(
        new BcError(401, "Authentication_InvalidCredentials", "The server has rejected the client credentials.", {
          "www-authenticate": `Bearer authorization_uri="https://login.microsoftonline.com/${this.tenantId}/oauth2/authorize", resource_id="https://api.businesscentral.dynamics.com"`,
        }),
      );
    }
    return next();
  }

  async #limit(_context: FakeRequestContext, next: () => Promise<Response>): Promise<Response> {
    const scripted = this.#scripted429.shift();
    if (scripted) {
      this.throttled.scripted += 1;
      return this.#tooMany(scripted.retryAfter ? 1 : undefined);
    }
    if (this.#quota) {
      const decision = this.#quota.take();
      if (!decision.allowed) {
        this.throttled.quota += 1;
        return this.#tooMany(Math.max(1, Math.ceil(decision.resetMs / 1000)));
      }
    }
    if (!this.#gate) return next();
    const release = await this.#gate.enter();
    if (!release) {
      this.throttled.concurrency += 1;
      return this.#tooMany(1);
    }
    try {
      const processing = this.#options.processingMs ?? 0;
      if (processing > 0) await new Promise((resolve) => setTimeout(resolve, processing));
      return await next();
    } finally {
      release();
    }
  }

  #tooMany(retryAfterSeconds: number | undefined): Response {
    const limits = this.#options.limits === false ? undefined : this.#options.limits;
    const omit = retryAfterSeconds === undefined || this.#random() < (limits?.omitRetryAfterRate ?? 0);
    return errorResponse(
      new BcError(
        429,
        "Application_TooManyRequests",
        "Too many requests reached. Wait before sending more.",
        omit ? {} : { "retry-after": String(retryAfterSeconds) },
      ),
    );
  }

  #token(context: FakeRequestContext): Response {
    const form = new URLSearchParams(context.text);
    const basic = /^Basic\s+(.+)$/i.exec(context.request.headers.get("authorization") ?? "")?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, "base64").toString().split(":") : [];
    const clientId = form.get("client_id") ?? (basicId ? decodeURIComponent(basicId) : undefined);
    const clientSecret = form.get("client_secret") ?? (basicSecret ? decodeURIComponent(basicSecret) : undefined);
    const auth = this.#options.auth ?? {};
    // Entra's error shape: { error, error_description } (RFC 6749 §5.2).
    const oauthError = (status: number, error: string, description: string) =>
      jsonResponse(status, { error, error_description: description });
    if (context.method !== "POST")
      return oauthError(405, "invalid_request", "AADSTS900561: The endpoint only accepts POST requests.");
    if (form.get("grant_type") !== "client_credentials")
      return oauthError(400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.");
    if (clientId !== (auth.clientId ?? BC_FAKE_CLIENT_ID))
      return oauthError(
        400,
        "unauthorized_client",
        `AADSTS700016: Application with identifier was not found in the directory.`,
      );
    if (clientSecret !== (auth.clientSecret ?? BC_FAKE_CLIENT_SECRET))
      return oauthError(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
    if (form.get("scope") !== TOKEN_SCOPE)
      return oauthError(
        400,
        "invalid_scope",
        "AADSTS70011: The provided value for the input parameter 'scope' is not valid.",
      );
    const lifetime = auth.tokenLifetimeSeconds ?? 3599;
    return jsonResponse(200, {
      token_type: "Bearer",
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: this.issueToken(),
    });
  }

  // ----------------------------------------------------------------------------------------------------------
  // Request handling

  async #serve(context: FakeRequestContext): Promise<Response> {
    try {
      if (context.path === "/$batch") {
        if (context.method !== "POST") throw new BcError(405, "BadRequest_MethodNotAllowed", "$batch needs POST.");
        return await this.#batch(context);
      }
      return this.#odata(
        context.method,
        context.path,
        context.url.searchParams,
        context.request.headers,
        context.body,
        context.text,
        context.publicBaseUrl,
      );
    } catch (error) {
      if (error instanceof BcError) return errorResponse(error);
      if (error instanceof ODataQueryError) return errorResponse(new BcError(400, "BadRequest", error.message));
      throw error;
    }
  }

  /** One OData request (also each operation of a `$batch`). Throws BcError / ODataQueryError. */
  #odata(
    method: string,
    path: string,
    query: URLSearchParams,
    headers: Headers,
    body: unknown,
    text: string,
    publicBaseUrl: string,
  ): Response {
    if (text !== "" && body === undefined)
      throw new BcError(400, "BadRequest", "Invalid Request Body: the body is not valid JSON.");
    this.#decimalsAsStrings = /IEEE754Compatible=true/i.test(headers.get("accept") ?? "");
    if (method === "GET" && /^ReadOnly$/i.test(headers.get("data-access-intent") ?? "")) this.readReplicaReads += 1;
    const target = this.#parsePath(path);
    const definition = SETS[target.set] as SetDefinition;
    if (target.action) {
      if (method !== "POST") throw new BcError(405, "BadRequest_MethodNotAllowed", `${target.action} needs POST.`);
      this.#action(target);
      this.writes += 1;
      return new Response(null, { status: 204 });
    }
    if (method === "GET") return this.#get(target, query, headers, publicBaseUrl);
    if (definition.readOnly || target.set === "companies")
      throw new BcError(
        405,
        "BadRequest_MethodNotAllowed",
        `'${method}' requests for '${target.set}' of EdmType 'Entity' are not allowed within Dynamics 365 Business Central OData web services.`,
      );
    if (method === "POST") {
      if (target.key)
        throw new BcError(405, "BadRequest_MethodNotAllowed", `POST on a single ${definition.odataType}.`);
      const stored = this.#create(target, body);
      this.writes += 1;
      const entity = this.#present(target.set, stored, query);
      return jsonResponse(
        201,
        { "@odata.context": this.#context(publicBaseUrl, target.set, true), ...entity },
        {
          etag: this.#etag(stored),
          location: `${publicBaseUrl}/companies(${this.companyId})/${target.set}(${stored.row.id as string})`,
        },
      );
    }
    if (method === "PATCH" || method === "DELETE") {
      if (!target.key) throw new BcError(405, "BadRequest_MethodNotAllowed", `${method} needs a key.`);
      const stored = this.#require(target.set, target.key);
      this.#checkIfMatch(headers, stored);
      if (method === "DELETE") {
        this.#delete(target.set, stored);
        this.writes += 1;
        return new Response(null, { status: 204 });
      }
      this.#update(target.set, stored, body);
      this.writes += 1;
      return jsonResponse(
        200,
        {
          "@odata.context": this.#context(publicBaseUrl, target.set, true),
          ...this.#present(target.set, stored, query),
        },
        { etag: this.#etag(stored) },
      );
    }
    throw new BcError(405, "BadRequest_MethodNotAllowed", `${method} is not supported.`);
  }

  #parsePath(path: string): ParsedPath {
    const segments = path.split("/").filter(Boolean);
    const parsed = segments.map((segment) => {
      const match = SEGMENT.exec(segment);
      if (!match) throw new BcError(400, "BadRequest_NotFound", `Bad Request - Error in query syntax: '${segment}'.`);
      return { name: match[1] as string, key: (match[2] ?? match[3]?.replace(/''/g, "'"))?.toLowerCase() };
    });
    const [company, ...rest] = parsed;
    if (company?.name !== "companies")
      throw new BcError(404, "BadRequest_NotFound", `No HTTP resource was found for ${path}.`);
    if (rest.length === 0) return company.key ? { set: "companies", key: company.key } : { set: "companies" };
    if (company.key !== this.companyId)
      throw new BcError(404, "BadRequest_NotFound", `Cannot find the company with Id='${company.key ?? ""}'.`);
    const [first, second, third] = rest;
    if (!first || !SETS[first.name] || first.name === "companies")
      throw new BcError(404, "BadRequest_NotFound", `Resource not found for the segment '${first?.name ?? ""}'.`);
    if (!second) return { set: first.name, ...(first.key ? { key: first.key } : {}) };
    if (!first.key) throw new BcError(400, "BadRequest", `The segment after '${first.name}' needs a key.`);
    if (second.name.startsWith("Microsoft.NAV.") && !third)
      return { set: first.name, key: first.key, action: second.name };
    const lines = SETS[first.name]?.lines;
    if (second.name !== lines || third)
      throw new BcError(404, "BadRequest_NotFound", `Resource not found for the segment '${second.name}'.`);
    this.#require(first.name, first.key);
    return {
      set: lines,
      parent: { set: first.name, key: first.key },
      ...(second.key ? { key: second.key } : {}),
    };
  }

  #get(target: ParsedPath, query: URLSearchParams, headers: Headers, publicBaseUrl: string): Response {
    const definition = SETS[target.set] as SetDefinition;
    if (target.set === "companies") {
      const company = {
        "@odata.etag": `W/"${Buffer.from(`'1;${this.companyId}'`).toString("base64")}"`,
        id: this.companyId,
        systemVersion: "25.0.0.0",
        name: "CRONUS Web Shop",
        displayName: "CRONUS Web Shop",
        businessProfileId: "",
      };
      if (target.key && target.key !== this.companyId)
        throw new BcError(404, "BadRequest_NotFound", `Cannot find the company with Id='${target.key}'.`);
      return target.key
        ? jsonResponse(200, { "@odata.context": `${publicBaseUrl}/$metadata#companies/$entity`, ...company })
        : jsonResponse(200, { "@odata.context": `${publicBaseUrl}/$metadata#companies`, value: [company] });
    }
    const select = query.has("$select")
      ? parseSelect(query.get("$select") ?? "", fieldsOf(definition.type), definition.odataType)
      : undefined;
    const expand = this.#parseExpand(target.set, query.get("$expand"));
    if (target.key) {
      const stored = this.#require(target.set, target.key);
      if (target.parent && stored.row[(definition.parent as { field: string }).field] !== target.parent.key)
        throw this.#notFound(target.set, target.key);
      return jsonResponse(
        200,
        {
          "@odata.context": this.#context(publicBaseUrl, target.set, true),
          ...this.#shape(target.set, stored, select, expand),
        },
        { etag: this.#etag(stored) },
      );
    }
    const filter = query.get("$filter");
    const types = propertyKindsOf(definition.type);
    const plan = filter
      ? planFilter(filter, this.#options.filterTypeChecks === false ? untyped(types) : types, definition.odataType)
      : undefined;
    // Indexes narrow the rows to look at (lines of one document, `eq`/`in` look-ups); the same conditions as a
    // full scan then decide, in table order.
    const parentField = target.parent ? (definition.parent as { field: string }).field : undefined;
    const parentKey = target.parent ? indexKey(target.parent.key) : undefined;
    const narrowed = [
      parentField !== undefined && parentKey !== undefined
        ? this.#lookup(target.set, parentField, parentKey)
        : undefined,
      plan?.candidates((field, key) => this.#lookup(target.set, field, key)),
    ].filter((c): c is ReadonlySet<Stored> => c !== undefined);
    const smallest = narrowed.sort((a, b) => a.size - b.size)[0];
    let rows = smallest ? this.#inTableOrder(smallest) : [...this.#table(target.set).values()];
    if (parentField !== undefined) rows = rows.filter((s) => s.row[parentField] === target.parent?.key);
    if (plan) rows = rows.filter((s) => plan.test(s.row));
    const orderby = query.get("$orderby");
    if (orderby) {
      const comparator = parseOrderBy(orderby);
      rows = [...rows].sort((a, b) => comparator(a.row, b.row));
    }
    const skip = query.has("$skip") ? parseCount("skip", query.get("$skip") ?? "") : 0;
    const top = query.has("$top") ? parseCount("top", query.get("$top") ?? "") : undefined;
    rows = rows.slice(skip, top === undefined ? undefined : skip + top);
    // Server-driven paging: the page size the client prefers, capped; the next link is absolute (BC's style).
    const preferred = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(headers.get("prefer") ?? "")?.[1];
    const cap = this.#options.maxPageSize ?? 20_000;
    const pageSize = Math.max(1, Math.min(preferred ? Number(preferred) : (this.#options.pageSize ?? 20_000), cap));
    const token = query.get("$skiptoken");
    const offset = token ? this.#readSkipToken(token) : 0;
    const page = rows.slice(offset, offset + pageSize);
    const body: Record<string, unknown> = {
      "@odata.context": this.#context(publicBaseUrl, target.set, false),
      value: page.map((s) => this.#shape(target.set, s, select, expand)),
    };
    if (offset + pageSize < rows.length) {
      const next = new URLSearchParams(query);
      next.set("$skiptoken", Buffer.from(`'${offset + pageSize}'`).toString("base64url"));
      const path = target.parent
        ? `/companies(${this.companyId})/${target.parent.set}(${target.parent.key})/${target.set}`
        : `/companies(${this.companyId})/${target.set}`;
      body["@odata.nextLink"] = `${publicBaseUrl}${path}?${next.toString().replace(/\+/g, "%20")}`;
    }
    return jsonResponse(200, body, preferred ? { "preference-applied": `odata.maxpagesize=${pageSize}` } : {});
  }

  #readSkipToken(token: string): number {
    const match = /^'(\d+)'$/.exec(Buffer.from(token, "base64url").toString());
    if (!match) throw new BcError(400, "BadRequest", `The skip token '${token}' is not valid.`);
    return Number(match[1]);
  }

  #parseExpand(set: string, source: string | null): Map<string, string[] | undefined> {
    const expand = new Map<string, string[] | undefined>();
    if (!source) return expand;
    const definition = SETS[set] as SetDefinition;
    for (const part of source.split(/,(?![^(]*\))/)) {
      const match = /^\s*(\w+)(?:\(\$select=([\w,]+)\))?\s*$/.exec(part);
      const name = match?.[1];
      if (!match || !name || name !== definition.lines)
        throw new BcError(
          400,
          "BadRequest",
          `Could not find a navigation property named '${part.trim()}' on type 'Microsoft.NAV.${definition.odataType}'.`,
        );
      const lineType = (SETS[name] as SetDefinition).type;
      expand.set(
        name,
        match[2] ? parseSelect(match[2], fieldsOf(lineType), (SETS[name] as SetDefinition).odataType) : undefined,
      );
    }
    return expand;
  }

  #shape(set: string, stored: Stored, select: string[] | undefined, expand: Map<string, string[] | undefined>): object {
    const shaped = this.#wire(set, selectFields(this.#serialize(set, stored), select) as BcRecord);
    for (const [lines, lineSelect] of expand) {
      shaped[lines] = this.#linesOf(lines, stored.row.id as string).map((line) =>
        this.#wire(lines, selectFields(this.#serialize(lines, line), lineSelect) as BcRecord),
      );
    }
    return shaped;
  }

  /**
   * Edm.Decimal values go out as JSON strings only when the request's Accept says `IEEE754Compatible=true` (OData
   * JSON §3.2); otherwise as JSON numbers, which lose precision in JavaScript. The fake stores them as strings.
   */
  #wire(set: string, record: BcRecord): BcRecord {
    if (this.#decimalsAsStrings) return record;
    const decimals = decimalFieldsOf((SETS[set] as SetDefinition).type);
    for (const [key, value] of Object.entries(record)) {
      if (decimals.has(key) && typeof value === "string" && value !== "") record[key] = Number(value);
    }
    return record;
  }

  #present(set: string, stored: Stored, query: URLSearchParams): object {
    return this.#shape(set, stored, undefined, this.#parseExpand(set, query.get("$expand")));
  }

  #context(publicBaseUrl: string, set: string, entity: boolean): string {
    return `${publicBaseUrl}/$metadata#companies(${this.companyId})/${set}${entity ? "/$entity" : ""}`;
  }

  #checkIfMatch(headers: Headers, stored: Stored): void {
    const ifMatch = headers.get("if-match");
    if (!ifMatch)
      throw new BcError(
        400,
        "BadRequest",
        "Could not validate the client concurrency token required by the service. Please provide a valid token in the client request.",
      );
    if (ifMatch !== "*" && ifMatch !== this.#etag(stored))
      throw new BcError(412, "Request_EntityChanged", "Another user has already changed the record.");
  }

  // ----------------------------------------------------------------------------------------------------------
  // $batch (JSON format)

  async #batch(context: FakeRequestContext): Promise<Response> {
    const requests = (context.body as { requests?: unknown } | undefined)?.requests;
    if (!Array.isArray(requests)) throw new BcError(400, "BadRequest", "Invalid batch request: no 'requests' array.");
    const max = this.#options.maxBatchOperations ?? 100;
    if (requests.length > max)
      throw new BcError(
        400,
        "BadRequest",
        `The batch request has ${requests.length} operations; the maximum is ${max}.`,
      );
    const snapshot = /^snapshot$/i.test(context.request.headers.get("isolation") ?? "");
    const saved = snapshot ? this.#snapshot() : undefined;
    const responses: unknown[] = [];
    const root = `${context.publicBaseUrl}/`;
    for (const entry of requests as Array<Record<string, unknown>>) {
      const id = String(entry.id ?? responses.length + 1);
      const method = String(entry.method ?? "GET").toUpperCase();
      const url = new URL(String(entry.url ?? ""), root);
      const publicPath = new URL(context.publicBaseUrl).pathname;
      const path = decodeURIComponent(
        url.pathname.startsWith(publicPath) ? url.pathname.slice(publicPath.length) : url.pathname,
      );
      const headers = new Headers((entry.headers as Record<string, string> | undefined) ?? {});
      // Operations without their own Accept are answered in the format the batch request asked for.
      if (!headers.has("accept")) headers.set("accept", context.request.headers.get("accept") ?? "application/json");
      const body = entry.body;
      let response: Response;
      try {
        response = this.#odata(
          method,
          path,
          url.searchParams,
          headers,
          body,
          body === undefined ? "" : JSON.stringify(body),
          context.publicBaseUrl,
        );
      } catch (error) {
        if (error instanceof BcError) response = errorResponse(error);
        else if (error instanceof ODataQueryError)
          response = errorResponse(new BcError(400, "BadRequest", error.message));
        else throw error;
      }
      const text = await response.text();
      if (saved && response.status >= 400) {
        // Snapshot isolation: nothing of the batch is kept; the failing operation's error answers the batch.
        this.#restore(saved);
        return new Response(text, { status: response.status, headers: JSON_HEADERS });
      }
      const responseHeaders: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        if (key !== "content-type") responseHeaders[key] = value;
      });
      responses.push({
        id,
        status: response.status,
        headers: { ...responseHeaders, ...(text ? { "content-type": "application/json" } : {}) },
        ...(text ? { body: JSON.parse(text) as unknown } : {}),
      });
    }
    return jsonResponse(200, { responses });
  }

  #snapshot(): Snapshot {
    const store = new Map<string, Map<string, Stored>>();
    for (const [set, table] of this.#store) {
      store.set(
        set,
        new Map(
          [...table].map(([id, s]) => [id, { row: structuredClone(s.row), version: s.version, seq: s.seq }] as const),
        ),
      );
    }
    return { store, series: new Map(this.#series), writes: this.writes, gl: this.#glEntry };
  }

  #restore(saved: Snapshot): void {
    this.#store.clear();
    // The restored rows are other objects: indexes are rebuilt on their next use.
    this.#indexes.clear();
    for (const [set, table] of saved.store) this.#store.set(set, table);
    this.#series.clear();
    for (const [k, v] of saved.series) this.#series.set(k, v);
    this.writes = saved.writes;
    this.#glEntry = saved.gl;
  }

  // ----------------------------------------------------------------------------------------------------------
  // Writes

  #validate(definition: string, body: unknown, type: string, odataType: string, navigation: readonly string[]): void {
    if (body === null || typeof body !== "object" || Array.isArray(body))
      throw new BcError(400, "BadRequest", "Invalid Request Body: expected a JSON object.");
    const known = fieldsOf(type);
    for (const field of Object.keys(body)) {
      if (!known.has(field) && !navigation.includes(field) && !field.startsWith("@odata."))
        throw new BcError(
          400,
          "BadRequest",
          `The property '${field}' does not exist on type 'Microsoft.NAV.${odataType}'. Make sure to only use property names that are defined by the type.`,
        );
    }
    const problems = this.#validator.validate(definition, body);
    if (problems.length > 0) {
      throw new BcError(400, "BadRequest", `Invalid Request Body: ${problems.slice(0, 3).join("; ")}`);
    }
  }

  #create(target: ParsedPath, body: unknown): Stored {
    const definition = SETS[target.set] as SetDefinition;
    const lineSet = definition.lines;
    this.#validate(`${definition.type}Create`, body, definition.type, definition.odataType, lineSet ? [lineSet] : []);
    const input = { ...(body as BcRecord) };
    if (definition.parent) {
      const parentKey = target.parent?.key ?? this.#resolveParent(target.set, input);
      return this.#addLine(target.set, parentKey, input);
    }
    const lines = lineSet ? ((input[lineSet] as BcRecord[] | undefined) ?? []) : [];
    if (lineSet) delete input[lineSet];
    switch (target.set) {
      case "salesOrders":
      case "salesCreditMemos":
        return this.#createDocument(target.set, input, lines);
      case "journals":
        if (this.#findBy("journals", "code", input.code))
          throw this.#exists("Gen. Journal Batch", `Journal Template Name='GENERAL',Name='${String(input.code)}'`);
        return this.#insert("journals", { displayName: input.code, ...input, templateDisplayName: "GENERAL" });
      case "customers":
        if (input.number && this.#findBy("customers", "number", input.number))
          throw this.#exists("Customer", `No.='${String(input.number)}'`);
        return this.#insert("customers", { type: "Person", blocked: " ", balanceDue: "0", ...input });
      default:
        return this.#insert(target.set, input);
    }
  }

  #resolveParent(set: string, input: BcRecord): string {
    if (set === "journalLines") {
      const byId =
        typeof input.journalId === "string" ? this.#table("journals").get(input.journalId.toLowerCase()) : undefined;
      const byName =
        typeof input.journalDisplayName === "string"
          ? this.#find(
              "journals",
              (r) => r.code === input.journalDisplayName || r.displayName === input.journalDisplayName,
            )
          : undefined;
      const journal = byId ?? byName;
      if (!journal)
        throw new BcError(
          400,
          "BadRequest",
          "journalId: name the journal (journalId or journalDisplayName) the line belongs to.",
        );
      return journal.row.id as string;
    }
    const field = SETS[set]?.parent?.field ?? "documentId";
    const key = typeof input[field] === "string" ? (input[field] as string).toLowerCase() : undefined;
    if (!key) throw new BcError(400, "BadRequest", `${field}: the line must name its document.`);
    return key;
  }

  #createDocument(set: "salesOrders" | "salesCreditMemos", input: BcRecord, lines: BcRecord[]): Stored {
    const customer = this.#customerFor(input);
    const today = new Date(this.now()).toISOString().slice(0, 10);
    const c = customer.row;
    const header: BcRecord = {
      ...input,
      customerId: c.id,
      customerNumber: c.number,
      customerName: c.displayName,
      billToCustomerId: c.id,
      billToCustomerNumber: c.number,
      billToName: c.displayName,
      sellToAddressLine1: c.addressLine1 ?? "",
      sellToCity: c.city ?? "",
      sellToPostCode: c.postalCode ?? "",
      sellToCountry: c.country ?? "",
      currencyCode: input.currencyCode ?? "",
      pricesIncludeTax: input.pricesIncludeTax ?? false,
      discountAmount: "0",
      discountAppliedBeforeTax: true,
      status: "Draft",
    };
    if (set === "salesOrders") {
      header.orderDate = input.orderDate ?? today;
      header.postingDate = input.postingDate ?? header.orderDate;
      header.fullyShipped = false;
      header.partialShipping = false;
      for (const f of ["shipToName", "shipToAddressLine1", "shipToCity", "shipToPostCode", "shipToCountry"] as const) {
        header[f] ??=
          {
            shipToName: c.displayName,
            shipToAddressLine1: c.addressLine1,
            shipToCity: c.city,
            shipToPostCode: c.postalCode,
            shipToCountry: c.country,
          }[f] ?? "";
      }
    } else {
      header.creditMemoDate = input.creditMemoDate ?? today;
      header.postingDate = input.postingDate ?? header.creditMemoDate;
      header.dueDate = header.creditMemoDate;
      if (typeof input.invoiceId === "string") {
        const invoice = this.#table("salesInvoices").get(input.invoiceId.toLowerCase());
        if (!invoice)
          throw new BcError(
            400,
            "Internal_RecordNotFound",
            `The Sales Invoice Header does not exist. Identification fields and values: Id='${input.invoiceId}'`,
          );
        header.invoiceId = invoice.row.id;
        header.invoiceNumber = invoice.row.number;
      } else {
        header.invoiceId ??= "00000000-0000-0000-0000-000000000000";
        header.invoiceNumber ??= "";
      }
    }
    // Lines are checked before anything is stored: a bad line rejects the whole deep insert, as BC does.
    const prepared = lines.map((line, index) => this.#prepareLine(set, line, `${SETS[set]?.lines}[${index}]`));
    const stored = this.#insert(set, header);
    prepared.forEach((line, index) => {
      this.#insert(SETS[set]?.lines as string, { ...line, documentId: stored.row.id, sequence: (index + 1) * 10000 });
    });
    this.#recalculate(set, stored);
    return stored;
  }

  #customerFor(input: BcRecord): Stored {
    const byId =
      typeof input.customerId === "string" ? this.#table("customers").get(input.customerId.toLowerCase()) : undefined;
    const byNumber =
      typeof input.customerNumber === "string" ? this.#findBy("customers", "number", input.customerNumber) : undefined;
    const customer = byId ?? byNumber;
    if (!customer)
      throw new BcError(
        400,
        "Internal_RecordNotFound",
        `The Customer does not exist. Identification fields and values: No.='${String(input.customerNumber ?? input.customerId ?? "")}'`,
      );
    return customer;
  }

  /** Fills in a document line the way BC validates it: item or account must exist, unit and tax group too. */
  #prepareLine(set: string, input: BcRecord, where: string): BcRecord {
    const line: BcRecord = { ...input };
    const type = (line.lineType as string | undefined) ?? "Item";
    line.lineType = type;
    let taxCode = typeof line.taxCode === "string" && line.taxCode !== "" ? line.taxCode : undefined;
    if (type === "Item") {
      const number = line.lineObjectNumber as string | undefined;
      const item =
        typeof line.itemId === "string"
          ? this.#table("items").get(line.itemId.toLowerCase())
          : this.#findBy("items", "number", number);
      if (!item)
        throw new BcError(
          400,
          "Internal_RecordNotFound",
          `${where}: The Item does not exist. Identification fields and values: No.='${String(number ?? line.itemId ?? "")}'`,
        );
      if (item.row.blocked === true)
        throw new BcError(
          400,
          "Internal_ValidationError",
          `${where}: Blocked must be equal to 'No' in Item: No.=${String(item.row.number)}. Current value is 'Yes'.`,
        );
      line.itemId = item.row.id;
      line.lineObjectNumber = item.row.number;
      line.description ??= item.row.displayName;
      line.unitPrice ??= item.row.unitPrice;
      const unit = (line.unitOfMeasureCode as string | undefined) ?? (item.row.baseUnitOfMeasureCode as string);
      if (unit !== item.row.baseUnitOfMeasureCode)
        throw new BcError(
          400,
          "Internal_RecordNotFound",
          `${where}: The Item Unit of Measure does not exist. Identification fields and values: Item No.='${String(item.row.number)}',Code='${unit}'`,
        );
      line.unitOfMeasureCode = unit;
      taxCode ??= item.row.taxGroupCode as string;
    } else if (type === "Account") {
      const account = this.#findBy("accounts", "number", line.lineObjectNumber);
      if (!account)
        throw new BcError(
          400,
          "Internal_RecordNotFound",
          `${where}: The G/L Account does not exist. Identification fields and values: No.='${String(line.lineObjectNumber ?? "")}'`,
        );
      line.accountId = account.row.id;
      line.description ??= account.row.displayName;
    } else if (type !== "Comment") {
      throw new BcError(
        400,
        "BadRequest",
        `${where}.lineType: the fake supports Item, Account and Comment lines, not ${type}.`,
      );
    }
    if (taxCode !== undefined && !this.#findBy("taxGroups", "code", taxCode))
      throw new BcError(
        400,
        "Internal_RecordNotFound",
        `${where}: The Tax Group does not exist. Identification fields and values: Code='${taxCode}'`,
      );
    line.taxCode = taxCode ?? "";
    const quantity = dec(line.quantity, type === "Comment" ? "0" : "1");
    const unitPrice = dec(line.unitPrice);
    const discount = dec(line.discountAmount);
    const net = quantity.mul(unitPrice).sub(discount).round(2, "half-up");
    const rate = Decimal.from(BC_SEED_TAX_GROUPS[taxCode ?? ""] ?? "0");
    const tax = net.mul(rate).div(100, 2, "half-up");
    Object.assign(line, {
      quantity: quantity.toString(),
      unitPrice: unitPrice.toString(),
      discountAmount: money(discount),
      discountPercent: "0",
      discountAppliedBeforeTax: true,
      amountExcludingTax: money(net),
      taxPercent: rate.toString(),
      totalTaxAmount: money(tax),
      amountIncludingTax: money(net.add(tax)),
      invoiceDiscountAllocation: "0",
      netAmount: money(net),
      netTaxAmount: money(tax),
      netAmountIncludingTax: money(net.add(tax)),
    });
    if (set === "salesOrders") {
      Object.assign(line, {
        shipmentDate: new Date(this.now()).toISOString().slice(0, 10),
        shippedQuantity: "0",
        invoicedQuantity: "0",
        invoiceQuantity: quantity.toString(),
        shipQuantity: quantity.toString(),
      });
    }
    return line;
  }

  #addLine(set: string, parentKey: string, input: BcRecord): Stored {
    const definition = SETS[set] as SetDefinition;
    const parentSet = (definition.parent as { set: string }).set;
    const parent = this.#require(parentSet, parentKey);
    if (set === "journalLines") {
      const lineNumber = typeof input.lineNumber === "number" ? input.lineNumber : undefined;
      const siblings = this.#linesOf("journalLines", parentKey);
      if (lineNumber !== undefined && siblings.some((s) => s.row.lineNumber === lineNumber))
        throw this.#exists(
          "Gen. Journal Line",
          `Journal Template Name='GENERAL',Journal Batch Name='${String(parent.row.code)}',Line No.='${lineNumber}'`,
        );
      const accountType = (input.accountType as string | undefined) ?? "G_x002F_L_x0020_Account";
      if (accountType === "G_x002F_L_x0020_Account" && input.accountNumber !== undefined) {
        const account = this.#findBy("accounts", "number", input.accountNumber);
        if (!account)
          throw new BcError(
            400,
            "Internal_RecordNotFound",
            `The G/L Account does not exist. Identification fields and values: No.='${String(input.accountNumber)}'`,
          );
        input.accountId = account.row.id;
      }
      const next = Math.max(0, ...siblings.map((s) => Number(s.row.lineNumber ?? 0))) + 10000;
      return this.#insert("journalLines", {
        accountType,
        postingDate: new Date(this.now()).toISOString().slice(0, 10),
        documentNumber: "",
        externalDocumentNumber: "",
        description: "",
        comment: "",
        taxCode: "",
        ...input,
        amount: money(dec(input.amount)),
        lineNumber: lineNumber ?? next,
        journalId: parent.row.id,
        journalDisplayName: parent.row.code,
      });
    }
    if (parent.row.status !== undefined && parent.row.status !== "Draft")
      throw new BcError(
        400,
        "Internal_ValidationError",
        `Status must be equal to 'Open' in Sales Header: the document ${String(parent.row.number)} is posted.`,
      );
    const sequence = Math.max(0, ...this.#linesOf(set, parentKey).map((s) => Number(s.row.sequence ?? 0))) + 10000;
    const line = this.#prepareLine(parentSet, input, set);
    const stored = this.#insert(set, {
      ...line,
      documentId: parent.row.id,
      sequence: (input.sequence as number | undefined) ?? sequence,
    });
    this.#recalculate(parentSet, parent);
    return stored;
  }

  #update(set: string, stored: Stored, body: unknown): void {
    const definition = SETS[set] as SetDefinition;
    this.#validate(`${definition.type}Update`, body, definition.type, definition.odataType, []);
    const changes = body as BcRecord;
    if (definition.parent && set !== "journalLines") {
      const parentSet = (definition.parent as { set: string }).set;
      const parent = this.#require(parentSet, stored.row.documentId as string);
      const line = this.#prepareLine(parentSet, { ...stored.row, ...changes }, set);
      Object.assign(stored.row, line);
      stored.version += 1;
      stored.row.lastModifiedDateTime = this.#timestamp();
      this.#track(set, stored);
      this.#recalculate(parentSet, parent);
      return;
    }
    if (set === "salesOrders" && stored.row.status !== "Draft" && stored.row.status !== "Open")
      throw new BcError(400, "Internal_ValidationError", "The order is released; reopen it first.");
    if (set === "journalLines" && changes.amount !== undefined) changes.amount = money(dec(changes.amount));
    Object.assign(stored.row, changes);
    if (set === "items" && changes.inventory !== undefined) stored.row.inventory = String(changes.inventory);
    stored.version += 1;
    stored.row.lastModifiedDateTime = this.#timestamp();
    this.#track(set, stored);
  }

  #delete(set: string, stored: Stored): void {
    const definition = SETS[set] as SetDefinition;
    if (definition.lines)
      for (const line of this.#linesOf(definition.lines, stored.row.id as string))
        this.#remove(definition.lines, line.row.id as string);
    this.#remove(set, stored.row.id as string);
    if (definition.parent && set !== "journalLines") {
      const parentSet = definition.parent.set;
      const parent = this.#table(parentSet).get(stored.row.documentId as string);
      if (parent) this.#recalculate(parentSet, parent);
    }
  }

  /** Header totals are the exact sums of the lines (BC recalculates them on every line change). */
  #recalculate(set: string, header: Stored): void {
    const lines = this.#linesOf(SETS[set]?.lines as string, header.row.id as string);
    const net = Decimal.sum(lines.map((l) => dec(l.row.amountExcludingTax)));
    const tax = Decimal.sum(lines.map((l) => dec(l.row.totalTaxAmount)));
    header.row.totalAmountExcludingTax = money(net);
    header.row.totalTaxAmount = money(tax);
    header.row.totalAmountIncludingTax = money(net.add(tax));
    header.row.lastModifiedDateTime = this.#timestamp();
    header.version += 1;
    this.#track(set, header);
  }

  // ----------------------------------------------------------------------------------------------------------
  // Bound actions

  #action(target: ParsedPath): void {
    const key = target.key as string;
    const stored = this.#require(target.set, key);
    const action = `${target.set} ${target.action}`;
    switch (action) {
      case "salesOrders Microsoft.NAV.shipAndInvoice":
        this.#shipAndInvoice(stored);
        return;
      case "salesCreditMemos Microsoft.NAV.post":
      case "salesInvoices Microsoft.NAV.post":
        if (stored.row.status !== "Draft")
          throw new BcError(
            400,
            "Internal_ValidationError",
            `The document ${String(stored.row.number)} is already posted.`,
          );
        if (this.#linesOf(SETS[target.set]?.lines as string, key).length === 0)
          throw new BcError(400, "Internal_ValidationError", "There is nothing to post.");
        stored.row.status = "Open";
        stored.row.postingDate ??= new Date(this.now()).toISOString().slice(0, 10);
        stored.row.lastModifiedDateTime = this.#timestamp();
        stored.version += 1;
        this.#track(target.set, stored);
        return;
      case "journals Microsoft.NAV.post":
        this.#postJournal(stored);
        return;
      default:
        throw new BcError(
          400,
          "BadRequest_NotFound",
          `The action '${target.action}' is not bound to type 'Microsoft.NAV.${SETS[target.set]?.odataType}'.`,
        );
    }
  }

  #shipAndInvoice(order: Stored): void {
    const lines = this.#linesOf("salesOrderLines", order.row.id as string);
    if (lines.length === 0) throw new BcError(400, "Internal_ValidationError", "There is nothing to post.");
    const o = order.row;
    const postingDate = new Date(this.now()).toISOString().slice(0, 10);
    const common = {
      externalDocumentNumber: o.externalDocumentNumber ?? "",
      customerId: o.customerId,
      customerNumber: o.customerNumber,
      customerName: o.customerName,
      billToCustomerId: o.billToCustomerId,
      billToCustomerNumber: o.billToCustomerNumber,
      billToName: o.billToName,
      shipToName: o.shipToName ?? "",
      shipToAddressLine1: o.shipToAddressLine1 ?? "",
      shipToCity: o.shipToCity ?? "",
      shipToPostCode: o.shipToPostCode ?? "",
      shipToCountry: o.shipToCountry ?? "",
      currencyCode: o.currencyCode ?? "",
      pricesIncludeTax: o.pricesIncludeTax ?? false,
      postingDate,
      orderNumber: o.number,
    };
    this.#postShipment(
      common,
      lines.map((l) => l.row),
    );
    this.#postInvoice(
      { ...common, orderId: o.id },
      lines.map((l) => l.row),
    );
    this.#delete("salesOrders", order);
  }

  #postShipment(header: BcRecord, lines: readonly BcRecord[]): Stored {
    const shipment = this.#insert("salesShipments", {
      invoiceDate: header.postingDate,
      dueDate: header.postingDate,
      shipmentMethodCode: "DHL",
      ...header,
    });
    lines.forEach((line, index) => {
      this.#insert("salesShipmentLines", {
        documentId: shipment.row.id,
        documentNo: shipment.row.number,
        sequence: (index + 1) * 10000,
        lineType: line.lineType,
        lineObjectNumber: line.lineObjectNumber,
        description: line.description ?? "",
        unitOfMeasureCode: line.unitOfMeasureCode ?? "",
        unitPrice: line.unitPrice,
        quantity: line.quantity,
        discountPercent: "0",
        taxPercent: line.taxPercent,
        shipmentDate: header.postingDate,
      });
    });
    return shipment;
  }

  #postInvoice(header: BcRecord, lines: readonly BcRecord[]): Stored {
    const invoice = this.#insert("salesInvoices", {
      invoiceDate: header.postingDate,
      dueDate: header.postingDate,
      discountAmount: "0",
      discountAppliedBeforeTax: true,
      status: "Open",
      ...header,
    });
    lines.forEach((line, index) => {
      const {
        id: _id,
        documentId: _doc,
        shippedQuantity: _s,
        invoicedQuantity: _i,
        invoiceQuantity: _q,
        shipQuantity: _sq,
        ...rest
      } = line;
      this.#insert("salesInvoiceLines", { ...rest, documentId: invoice.row.id, sequence: (index + 1) * 10000 });
    });
    this.#recalculate("salesInvoices", invoice);
    invoice.row.remainingAmount = invoice.row.totalAmountIncludingTax;
    this.#track("salesInvoices", invoice);
    return invoice;
  }

  #postJournal(journal: Stored): void {
    const lines = this.#linesOf("journalLines", journal.row.id as string);
    if (lines.length === 0) throw new BcError(400, "Internal_ValidationError", "There is nothing to post.");
    const byDocument = new Map<string, Decimal>();
    for (const line of lines) {
      const key = `${String(line.row.postingDate)} ${String(line.row.documentNumber)}`;
      byDocument.set(key, (byDocument.get(key) ?? Decimal.ZERO).add(dec(line.row.amount)));
    }
    for (const [key, sum] of byDocument) {
      if (!sum.isZero())
        throw new BcError(
          400,
          "Internal_ValidationError",
          `Document No. ${key.split(" ")[1]} is out of balance by ${money(sum)}. Please check that Posting Date, Document Type, Document No. and Amount are correct for each line.`,
        );
    }
    for (const line of lines) {
      const amount = dec(line.row.amount);
      this.#insert("generalLedgerEntries", {
        entryNumber: ++this.#glEntry,
        postingDate: line.row.postingDate,
        documentNumber: line.row.documentNumber,
        documentType: " ",
        accountId: line.row.accountId ?? "00000000-0000-0000-0000-000000000000",
        accountNumber: line.row.accountNumber,
        description: line.row.description,
        debitAmount: money(amount.isNegative() ? Decimal.ZERO : amount),
        creditAmount: money(amount.isNegative() ? amount.neg() : Decimal.ZERO),
        additionalCurrencyDebitAmount: "0",
        additionalCurrencyCreditAmount: "0",
      });
      this.#remove("journalLines", line.row.id as string);
    }
  }

  // ----------------------------------------------------------------------------------------------------------
  // Storage

  #table(set: string): Map<string, Stored> {
    let table = this.#store.get(set);
    if (!table) {
      table = new Map();
      this.#store.set(set, table);
    }
    return table;
  }

  #rows(set: string): BcRecord[] {
    return [...this.#table(set).values()].map((s) => this.#serialize(set, s));
  }

  #documents(set: string): BcRecord[] {
    const lines = SETS[set]?.lines as string;
    return [...this.#table(set).values()].map((s) => ({
      ...this.#serialize(set, s),
      [lines]: this.#linesOf(lines, s.row.id as string).map((l) => this.#serialize(lines, l)),
    }));
  }

  #linesOf(set: string, parentId: string): Stored[] {
    const field = SETS[set]?.parent?.field as string;
    const key = indexKey(parentId);
    const rows = key === undefined ? [...this.#table(set).values()] : this.#inTableOrder(this.#lookup(set, field, key));
    return rows
      .filter((s) => s.row[field] === parentId)
      .sort(
        (a, b) => Number(a.row.sequence ?? a.row.lineNumber ?? 0) - Number(b.row.sequence ?? b.row.lineNumber ?? 0),
      );
  }

  #find(set: string, predicate: (row: BcRecord) => boolean): Stored | undefined {
    for (const stored of this.#table(set).values()) if (predicate(stored.row)) return stored;
    return undefined;
  }

  /** The first record (in table order) whose `field` is exactly `value`; through the field's index. */
  #findBy(set: string, field: string, value: unknown): Stored | undefined {
    const key = indexKey(value);
    if (key === undefined) return this.#find(set, (r) => r[field] === value);
    let first: Stored | undefined;
    for (const stored of this.#lookup(set, field, key))
      if (stored.row[field] === value && (!first || stored.seq < first.seq)) first = stored;
    return first;
  }

  // Indexes: `#lookup` builds a field's index on first use; `#track` and `#remove` keep every built index current.

  #lookup(set: string, field: string, key: string): ReadonlySet<Stored> {
    let indexes = this.#indexes.get(set);
    if (!indexes) {
      indexes = new Map();
      this.#indexes.set(set, indexes);
    }
    let index = indexes.get(field);
    if (!index) {
      index = { byKey: new Map(), keyOf: new Map() };
      indexes.set(field, index);
      for (const stored of this.#table(set).values()) this.#file(index, field, stored);
    }
    return index.byKey.get(key) ?? NO_RECORDS;
  }

  #file(index: FieldIndex, field: string, stored: Stored): void {
    const key = indexKey(stored.row[field]);
    const previous = index.keyOf.get(stored);
    if (previous === key) return;
    if (previous !== undefined) index.byKey.get(previous)?.delete(stored);
    if (key === undefined) {
      index.keyOf.delete(stored);
      return;
    }
    index.keyOf.set(stored, key);
    let filed = index.byKey.get(key);
    if (!filed) {
      filed = new Set();
      index.byKey.set(key, filed);
    }
    filed.add(stored);
  }

  /** Re-files a record whose row was added or changed, in every index of its set. */
  #track(set: string, stored: Stored): void {
    const indexes = this.#indexes.get(set);
    if (indexes) for (const [field, index] of indexes) this.#file(index, field, stored);
  }

  #untrack(set: string, stored: Stored): void {
    const indexes = this.#indexes.get(set);
    if (!indexes) return;
    for (const index of indexes.values()) {
      const key = index.keyOf.get(stored);
      if (key === undefined) continue;
      index.keyOf.delete(stored);
      index.byKey.get(key)?.delete(stored);
    }
  }

  #remove(set: string, id: string): void {
    const table = this.#table(set);
    const stored = table.get(id);
    if (!stored) return;
    table.delete(id);
    this.#untrack(set, stored);
  }

  /** Records from an index in the order a scan of the table meets them. */
  #inTableOrder(records: ReadonlySet<Stored>): Stored[] {
    return [...records].sort((a, b) => a.seq - b.seq);
  }

  #require(set: string, key: string): Stored {
    const stored = this.#table(set).get(key.toLowerCase());
    if (!stored) throw this.#notFound(set, key);
    return stored;
  }

  #notFound(set: string, key: string): BcError {
    return new BcError(
      404,
      "BadRequest_NotFound",
      `The ${SETS[set]?.odataType ?? set} does not exist. Identification fields and values: Id='${key}'`,
    );
  }

  #exists(table: string, fields: string): BcError {
    return new BcError(
      400,
      "Internal_EntityWithSameKeyExists",
      `The record in table ${table} already exists. Identification fields and values: ${fields}`,
    );
  }

  #newId(): string {
    this.#ids += 1;
    return `${(0x1a2b0000 + Math.floor(this.#random() * 0xffff)).toString(16).padStart(8, "0")}-${this.#ids.toString(16).padStart(4, "0").slice(-4)}-4${Math.floor(
      this.#random() * 0xfff,
    )
      .toString(16)
      .padStart(3, "0")}-8${Math.floor(this.#random() * 0xfff)
      .toString(16)
      .padStart(3, "0")}-${this.#ids.toString(16).padStart(12, "0")}`;
  }

  #timestamp(): string {
    return new Date(this.now()).toISOString();
  }

  #insert(set: string, row: BcRecord): Stored {
    const definition = SETS[set] as SetDefinition;
    const id = typeof row.id === "string" ? row.id.toLowerCase() : this.#newId();
    if (definition.series && (row.number === undefined || row.number === null || row.number === "")) {
      const next = this.#series.get(definition.series) ?? SERIES_START[definition.series] ?? 1;
      this.#series.set(definition.series, next + 1);
      row.number = `${definition.series === "C" ? "C" : `${definition.series}`}${next}`;
    }
    const table = this.#table(set);
    const replaced = table.get(id);
    const stored: Stored = {
      row: { ...row, id, lastModifiedDateTime: row.lastModifiedDateTime ?? this.#timestamp() },
      version: 1,
      // A record stored under an existing id takes that id's place in the table (Map order), so its position too.
      seq: replaced?.seq ?? ++this.#seq,
    };
    if (replaced) this.#untrack(set, replaced);
    table.set(id, stored);
    this.#track(set, stored);
    return stored;
  }

  #etag(stored: Stored): string {
    return `W/"${Buffer.from(`'${stored.version};${String(stored.row.id)}'`).toString("base64")}"`;
  }

  #serialize(set: string, stored: Stored): BcRecord {
    void set;
    const row = structuredClone(stored.row);
    return {
      "@odata.etag": this.#etag(stored),
      id: row.id,
      ...("number" in row ? { number: row.number } : {}),
      ...row,
    };
  }

  // ----------------------------------------------------------------------------------------------------------
  // Seed

  #seed(): void {
    for (const [code, rate] of Object.entries(BC_SEED_TAX_GROUPS)) {
      this.#insert("taxGroups", { code, displayName: `VAT ${rate} %`, taxType: "Sales_x0020_Tax" });
    }
    for (const account of BC_SEED_ACCOUNTS) {
      this.#insert("accounts", {
        number: account.number,
        displayName: account.displayName,
        category: account.category,
        subCategory: "",
        blocked: false,
        accountType: "Posting",
        directPosting: true,
        netChange: "0",
      });
    }
    for (const warehouse of SEED_WAREHOUSES) {
      this.#insert("locations", { code: warehouse.code, displayName: warehouse.name, country: "DE" });
    }
    for (const method of BC_SEED_SHIPMENT_METHODS) this.#insert("shipmentMethods", { ...method });
    for (const journal of BC_SEED_JOURNALS) {
      this.#insert("journals", { ...journal, templateDisplayName: "GENERAL" });
    }
    for (const product of SEED_PRODUCTS) {
      this.#stock.set(product.sku, new Map(Object.entries(product.stock)));
      this.#insert("items", {
        number: product.sku,
        displayName: product.name,
        displayName2: "",
        type: "Inventory",
        blocked: false,
        gtin: product.gtin,
        inventory: String(Object.values(product.stock).reduce((a, b) => a + b, 0)),
        unitPrice: product.price,
        priceIncludesTax: false,
        unitCost: "0",
        taxGroupCode: BC_TAX_GROUP_BY_CLASS[product.taxClass],
        baseUnitOfMeasureCode: product.unit,
        generalProductPostingGroupCode: "RETAIL",
        inventoryPostingGroupCode: "RESALE",
      });
    }
    for (const customer of SEED_CUSTOMERS) {
      this.#insert("customers", {
        number: customer.number,
        displayName: customer.company ?? `${customer.firstName} ${customer.lastName}`,
        type: customer.company ? "Company" : "Person",
        addressLine1: customer.street,
        city: customer.city,
        postalCode: customer.postalCode,
        country: customer.countryCode,
        phoneNumber: customer.phone,
        email: customer.email,
        currencyCode: "",
        blocked: " ",
        balanceDue: "0",
        creditLimit: "0",
        taxLiable: true,
      });
    }
    this.#insert("customers", {
      number: BC_GUEST_CUSTOMER_NUMBER,
      displayName: "Web shop guest customers",
      type: "Person",
      addressLine1: "",
      city: "",
      postalCode: "",
      country: "DE",
      email: "",
      currencyCode: "",
      blocked: " ",
      balanceDue: "0",
      creditLimit: "0",
      taxLiable: true,
    });
    for (const order of this.#options.postedOrders ?? []) this.#seedPostedOrder(order);
  }

  #seedPostedOrder(order: SeedOrder): void {
    if (order.lines.some((l) => !this.#findBy("items", "number", l.sku))) return;
    const customerNumber = order.customer?.number ?? BC_GUEST_CUSTOMER_NUMBER;
    const customer = this.#customerFor({ customerNumber }).row;
    const postingDate = order.createdAt.slice(0, 10);
    const lines: BcRecord[] = order.lines.map((line) =>
      this.#prepareLine(
        "salesInvoices",
        {
          lineType: "Item",
          lineObjectNumber: line.sku,
          quantity: String(line.quantity),
          unitPrice: line.unitPrice,
          discountAmount: line.discount,
        },
        "postedOrders",
      ),
    );
    if (order.shipping.net !== "0.00") {
      lines.push(
        this.#prepareLine(
          "salesInvoices",
          {
            lineType: "Account",
            lineObjectNumber: this.#options.shippingAccount ?? DEFAULT_SHIPPING_ACCOUNT,
            description: order.shipping.method,
            quantity: "1",
            unitPrice: order.shipping.net,
            taxCode: "VAT19",
          },
          "postedOrders",
        ),
      );
    }
    const header: BcRecord = {
      externalDocumentNumber: order.number,
      customerId: customer.id,
      customerNumber: customer.number,
      customerName: customer.displayName,
      billToCustomerId: customer.id,
      billToCustomerNumber: customer.number,
      billToName: customer.displayName,
      shipToName: order.customer ? customer.displayName : order.email,
      shipToAddressLine1: customer.addressLine1 ?? "",
      shipToCity: customer.city ?? "",
      shipToPostCode: customer.postalCode ?? "",
      shipToCountry: customer.country ?? "DE",
      currencyCode: "",
      pricesIncludeTax: false,
      postingDate,
      orderNumber: "",
      lastModifiedDateTime: order.updatedAt,
      email: order.email,
    };
    this.#postShipment({ ...header }, lines);
    const invoice = this.#postInvoice({ ...header }, lines);
    invoice.row.lastModifiedDateTime = order.updatedAt;
    this.#track("salesInvoices", invoice);
  }
}

/** A Business Central fake with the demo company seeded (see {@link BcFakeOptions}). */
export function createBcFake(options: BcFakeOptions = {}): BcFake {
  return new BcFake(options);
}
