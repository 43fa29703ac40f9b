/**
 * A stateful fake of the SAP Business One Service Layer (OData v4, `/b1s/v2`), seeded from the shared catalog.
 *
 * Reproduced (see `docs/sapb1.md` and `shared/docs/vendor-facts.md`, B1 section):
 * - `POST /Login` (case-sensitive: `/login` is an ordinary resource and answers 401) → `SessionId`, `Version`,
 *   `SessionTimeout` and the `B1SESSION` and `ROUTEID` cookies; every other request needs both cookies, and a
 *   session that was idle for `SessionTimeout` minutes of the fake's clock is gone (401). `POST /Logout`.
 * - Server-driven paging: 20 per page unless `Prefer: odata.maxpagesize=N` (0 = everything), with a RELATIVE
 *   `@odata.nextLink` (`Items?$skip=20`); `$filter`, `$select`, `$orderby`, `$top`, `$skip`.
 * - `$batch` (multipart/mixed): change sets are atomic (one failure rolls back the set); no GET in a change set.
 * - `Prefer: return-no-content` on creates (204 with `Location`).
 * - Lock errors under load: a share of writes, or scripted ones, answered with B1's lock error (code -2038).
 * - Write bodies validated against `@org/sapb1-client/request-schemas.json` (`DocumentCreate`, …): 400 naming the
 *   field; entity types are open, `U_*` fields are accepted.
 * - Documents get `DocEntry`/`DocNum`, and `DocTotal`/`VatSum` computed exactly from the lines and their VAT groups.
 *
 * Errors use B1's shape `{ "error": { "code": -2028, "message": { "lang": "en-us", "value": "…" } } }`: the shape
 * the Service Layer writes, which B1SLayer (bgmulinari/B1SLayer, `B1SLayer/Models/SLResponseError.cs`) reads; that
 * reader also accepts `code` as a string and `message` as a plain string, which some v2 versions send.
 */

import { BatchParseError } from "@org/odata";
import type {
  BusinessPartner,
  Document,
  DocumentLine,
  Item,
  ItemWarehouseInfo,
  JournalEntry,
  VatGroup,
  Warehouse,
} from "@org/sapb1-client";
import requestSchemas from "@org/sapb1-client/request-schemas.json" with { type: "json" };
import { type FakeRequestContext, FakeService } from "../fake-service.js";
import { isWriteMethod } from "../faults.js";
import { seededRandom } from "../random.js";
import { RequestSchemaValidator } from "../validation.js";
import { AmountError, microsToNumber, mulMicros, percentOf, roundMicros, toMicros } from "./sapb1-amounts.js";
import {
  type BatchRequestPart,
  type BatchResponseEntry,
  type BatchResponsePart,
  buildBatchResponse,
  parseBatchRequest,
} from "./sapb1-batch.js";
import { type B1Record, parseFilter, parseOrderBy, parseSelect, QuerySyntaxError } from "./sapb1-query.js";
import {
  b1Stamp,
  SAPB1_FAKE_VAT_GROUPS,
  seedBusinessPartners,
  seedItems,
  seedVatGroups,
  seedWarehouses,
} from "./sapb1-seed.js";

/** The Service Layer root the fake answers for by default. */
export const SAPB1_FAKE_BASE_URL = "https://b1.example.com:50000/b1s/v2";
/** The company database the seed is for. */
export const SAPB1_FAKE_COMPANY_DB = "SBODEMODE";
/** B1's error code for a write that met a lock (the code `@org/sapb1-client` retries, see `lock-errors.ts`). */
export const SAPB1_FAKE_LOCK_ERROR = { code: -2038, message: "Internal error (-2038) occurred" } as const;

/** Document entity sets the fake keeps. */
export const SAPB1_FAKE_DOCUMENT_SETS = ["Orders", "Invoices", "CreditNotes", "DeliveryNotes"] as const;
export type SapB1FakeDocumentSet = (typeof SAPB1_FAKE_DOCUMENT_SETS)[number];

const DOCUMENT_OBJECT_CODES: Record<SapB1FakeDocumentSet, { objectCode: string; objectType: number }> = {
  Orders: { objectCode: "oOrders", objectType: 17 },
  Invoices: { objectCode: "oInvoices", objectType: 13 },
  CreditNotes: { objectCode: "oCreditNotes", objectType: 14 },
  DeliveryNotes: { objectCode: "oDeliveryNotes", objectType: 15 },
};
/** First DocNum of each document series (B1 numbering series start at 1 in a new company; these look lived-in). */
const FIRST_DOC_NUM: Record<SapB1FakeDocumentSet, number> = {
  Orders: 5001,
  Invoices: 7001,
  CreditNotes: 8001,
  DeliveryNotes: 6001,
};

export interface SapB1FakeOptions {
  /** Service root the fake answers for. Default: {@link SAPB1_FAKE_BASE_URL}. */
  baseUrl?: string;
  /** The fake's clock in ms (sessions, `UpdateDate`, `DocDate`). Default: `Date.now`. */
  now?: () => number;
  /** `SessionTimeout` in minutes: a session idle this long is gone. Default: `30` (B1's default). */
  sessionTimeoutMinutes?: number;
  /** Company databases `/Login` accepts. Default: any `CompanyDB`. */
  companyDbs?: readonly string[];
  /** User name → password that `/Login` accepts. Default: any user with a non-empty password. */
  users?: Readonly<Record<string, string>>;
  /** The load balancer node that answers (`ROUTEID` cookie value). Default: `.node1`. */
  routeId?: string;
  /** Page size without `Prefer: odata.maxpagesize`. Default: `20` (the Service Layer's). */
  pageSize?: number;
  /** Share (0..1) of writes (POST/PATCH/DELETE except Login/Logout/$batch) answered with a lock error. Default: `0`. */
  lockErrorRate?: number;
  /** Seed of the generator deciding which writes meet a lock. Default: `1`. */
  lockSeed?: number;
  /** VAT group code → rate in percent, used for `VatGroup` and `TaxCode` on lines. Default: {@link SAPB1_FAKE_VAT_GROUPS}. */
  vatGroups?: Readonly<Record<string, string>>;
  /** Seed the company from the shared catalog. Default: `true` (`false` starts empty apart from VAT groups). */
  seed?: boolean;
  /** When the seeded items and partners were last updated (`UpdateDate`/`UpdateTime`). Default: `2026-11-01T06:00:00Z`. */
  seededAt?: string;
}

/** A scripted lock error for the next matching writes. */
export interface SapB1LockFault {
  /** How many writes it hits. Default: `1`. */
  times?: number;
  /** Only writes whose path contains this (e.g. `/Orders`). Default: any write. */
  path?: string;
  /** B1 error code. Default: `-2038`. */
  code?: number;
  /** Error message. Default: B1's text for -2038. */
  message?: string;
  /** HTTP status. Default: `400`. */
  status?: number;
}

/** An item as the fake keeps it (fields not seeded are absent). */
export type SapB1FakeItem = Partial<Item> & {
  ItemCode: string;
  ItemWarehouseInfoCollection: Array<Partial<ItemWarehouseInfo> & { WarehouseCode: string }>;
};
/** A marketing document (order, invoice, credit note, delivery) with the amounts the fake computed. */
export type SapB1FakeDocument = Partial<Document> & {
  DocEntry: number;
  DocNum: number;
  CardCode: string;
  NumAtCard: string | null;
  DocTotal: number;
  VatSum: number;
  DocumentLines: Array<Partial<DocumentLine>>;
};
export type SapB1FakeBusinessPartner = Partial<BusinessPartner> & { CardCode: string };
export type SapB1FakeWarehouse = Partial<Warehouse> & { WarehouseCode: string };
export type SapB1FakeVatGroup = Partial<VatGroup> & { Code: string };
export type SapB1FakeJournalEntry = Partial<JournalEntry> & { JdtNum: number };

/** One write the fake committed (rolled-back change set operations are not listed). */
export interface SapB1FakeWrite {
  method: string;
  /** Entity path, e.g. `/Orders(3)`. */
  path: string;
  at: number;
}

interface Session {
  id: string;
  routeId: string;
  companyDb: string;
  userName: string;
  lastUsed: number;
}

interface State {
  items: Map<string, B1Record>;
  warehouses: Map<string, B1Record>;
  businessPartners: Map<string, B1Record>;
  vatGroups: Map<string, B1Record>;
  documents: Record<SapB1FakeDocumentSet, Map<number, B1Record>>;
  journalEntries: Map<number, B1Record>;
  nextDocEntry: Record<SapB1FakeDocumentSet, number>;
  nextDocNum: Record<SapB1FakeDocumentSet, number>;
  nextJdtNum: number;
  nextEtag: number;
  writes: SapB1FakeWrite[];
}

/** An internal request: from the HTTP route or from one operation of a `$batch`. */
interface B1Request {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
  text: string;
  publicBaseUrl: string;
  now: number;
}

/** Thrown inside handlers for a B1 error answer. */
class B1Error extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const JSON_TYPE = "application/json;odata.metadata=minimal;charset=utf-8";

/** B1's error body (see the file comment for the source). */
export function sapB1ErrorBody(
  code: number,
  message: string,
): { error: { code: number; message: { lang: string; value: string } } } {
  return { error: { code, message: { lang: "en-us", value: message } } };
}

function b1ErrorResponse(status: number, code: number, message: string): Response {
  return new Response(JSON.stringify(sapB1ErrorBody(code, message)), {
    status,
    headers: { "content-type": JSON_TYPE },
  });
}

/** What a handler answers: built synchronously, so a `$batch` can embed it without reading a stream. */
interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

function answer(status: number, body?: unknown, headers: Record<string, string> = {}): Answer {
  return body === undefined
    ? { status, headers, body: null }
    : { status, headers: { "content-type": JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

const toResponse = (a: Answer): Response => new Response(a.body, { status: a.status, headers: a.headers });

const notFound = () => new B1Error(404, -2028, "No matching records found (ODBC -2028)");
const invalidSession = () => b1ErrorResponse(401, 301, "Invalid session or session already timeout.");

/** The first value of each cookie (msw's cookie store may append values of its own after the client's). */
function cookiesOf(header: string | null): Record<string, string> {
  const result: Record<string, string> = {};
  for (const part of (header ?? "").split(/[;,]\s*/)) {
    const index = part.indexOf("=");
    const name = part.slice(0, index).trim();
    if (index > 0 && !(name in result)) result[name] = part.slice(index + 1).trim();
  }
  return result;
}

const ENTITY_TYPES: Record<string, { type: string; key: string; keyKind: "string" | "number" }> = {
  Items: { type: "Item", key: "ItemCode", keyKind: "string" },
  BusinessPartners: { type: "BusinessPartner", key: "CardCode", keyKind: "string" },
  Warehouses: { type: "Warehouse", key: "WarehouseCode", keyKind: "string" },
  VatGroups: { type: "VatGroup", key: "Code", keyKind: "string" },
  JournalEntries: { type: "JournalEntry", key: "JdtNum", keyKind: "number" },
  Orders: { type: "Document", key: "DocEntry", keyKind: "number" },
  Invoices: { type: "Document", key: "DocEntry", keyKind: "number" },
  CreditNotes: { type: "Document", key: "DocEntry", keyKind: "number" },
  DeliveryNotes: { type: "Document", key: "DocEntry", keyKind: "number" },
};

const isDocumentSet = (set: string): set is SapB1FakeDocumentSet =>
  (SAPB1_FAKE_DOCUMENT_SETS as readonly string[]).includes(set);

const clone = <T>(value: T): T => structuredClone(value);

/** The SAP Business One Service Layer fake; see the file comment and `docs/sapb1.md`. */
export class SapB1Fake extends FakeService {
  readonly sessionTimeoutMinutes: number;
  readonly pageSize: number;
  /** Logins answered with a session. */
  sessionsCreated = 0;
  /** `POST /Login` requests received (also the failed ones). */
  loginCount = 0;
  /** Requests answered 401 because of a missing, unknown, expired or mis-routed session. */
  unauthorizedCount = 0;
  /** Writes answered with a lock error. */
  lockErrorsAnswered = 0;
  /** `$batch` change sets rolled back. */
  changeSetsRolledBack = 0;
  readonly #validator = new RequestSchemaValidator(requestSchemas as { $id: string });
  readonly #sessions = new Map<string, Session>();
  readonly #options: SapB1FakeOptions;
  readonly #lockRandom: () => number;
  #lockRate: number;
  #scriptedLocks: Array<Required<Omit<SapB1LockFault, "path">> & { path: string | undefined }> = [];
  #routeId: string;
  #sessionSerial = 0;
  #state: State;

  constructor(options: SapB1FakeOptions = {}) {
    super({
      name: "sapb1",
      baseUrl: options.baseUrl ?? SAPB1_FAKE_BASE_URL,
      ...(options.now ? { now: options.now } : {}),
      transientError: (status) =>
        b1ErrorResponse(status, -1, status === 503 ? "Service Unavailable" : `HTTP ${status} (injected)`),
    });
    this.#options = options;
    this.sessionTimeoutMinutes = options.sessionTimeoutMinutes ?? 30;
    this.pageSize = options.pageSize ?? 20;
    this.#routeId = options.routeId ?? ".node1";
    this.#lockRate = options.lockErrorRate ?? 0;
    if (!(this.#lockRate >= 0 && this.#lockRate <= 1)) throw new RangeError("lockErrorRate must be between 0 and 1");
    this.#lockRandom = seededRandom(options.lockSeed ?? 1);
    this.#state = this.#initialState();
    this.use((context, next) => this.#session(context, next));
    this.route("*", /^.*$/, (context) => this.#serve(context));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // State accessors (copies: changing them does not change the fake)

  /** Items with their `ItemWarehouseInfoCollection`. */
  items(): SapB1FakeItem[] {
    return [...this.#state.items.values()].map(clone) as unknown as SapB1FakeItem[];
  }

  item(itemCode: string): SapB1FakeItem | undefined {
    const item = this.#state.items.get(itemCode);
    return item ? (clone(item) as unknown as SapB1FakeItem) : undefined;
  }

  warehouses(): SapB1FakeWarehouse[] {
    return [...this.#state.warehouses.values()].map(clone) as unknown as SapB1FakeWarehouse[];
  }

  businessPartners(): SapB1FakeBusinessPartner[] {
    return [...this.#state.businessPartners.values()].map(clone) as unknown as SapB1FakeBusinessPartner[];
  }

  vatGroups(): SapB1FakeVatGroup[] {
    return [...this.#state.vatGroups.values()].map(clone) as unknown as SapB1FakeVatGroup[];
  }

  /** Documents of one entity set, by DocEntry. */
  documents(set: SapB1FakeDocumentSet): SapB1FakeDocument[] {
    return [...this.#state.documents[set].values()].map(clone) as unknown as SapB1FakeDocument[];
  }

  orders(): SapB1FakeDocument[] {
    return this.documents("Orders");
  }

  invoices(): SapB1FakeDocument[] {
    return this.documents("Invoices");
  }

  creditNotes(): SapB1FakeDocument[] {
    return this.documents("CreditNotes");
  }

  deliveryNotes(): SapB1FakeDocument[] {
    return this.documents("DeliveryNotes");
  }

  journalEntries(): SapB1FakeJournalEntry[] {
    return [...this.#state.journalEntries.values()].map(clone) as unknown as SapB1FakeJournalEntry[];
  }

  /** Writes committed so far (creates, updates, actions), in order. */
  writes(): SapB1FakeWrite[] {
    return clone(this.#state.writes);
  }

  /** Number of committed writes. */
  get writeCount(): number {
    return this.#state.writes.length;
  }

  /** Sessions currently alive (not logged out, not yet found expired). */
  get activeSessions(): number {
    return this.#sessions.size;
  }

  /** The node that answers now (`ROUTEID`). */
  get routeId(): string {
    return this.#routeId;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Test controls

  /**
   * Changes the stock of an item in one warehouse (absent fields unchanged) and stamps `UpdateDate`/`UpdateTime`
   * with the fake's clock. Adds the warehouse row when the item has none.
   */
  setStock(
    itemCode: string,
    warehouseCode: string,
    quantities: { inStock?: number; committed?: number; ordered?: number },
  ): void {
    const item = this.#state.items.get(itemCode);
    if (!item) throw new Error(`sapb1 fake: no item ${itemCode}`);
    const rows = item.ItemWarehouseInfoCollection as B1Record[];
    let row = rows.find((r) => r.WarehouseCode === warehouseCode);
    if (!row) {
      row = { ItemCode: itemCode, WarehouseCode: warehouseCode, InStock: 0, Committed: 0, Ordered: 0, MinimalStock: 0 };
      rows.push(row);
    }
    if (quantities.inStock !== undefined) row.InStock = quantities.inStock;
    if (quantities.committed !== undefined) row.Committed = quantities.committed;
    if (quantities.ordered !== undefined) row.Ordered = quantities.ordered;
    this.#touchItem(item, this.now());
  }

  /** Adds a warehouse (e.g. one that no storefront source is mapped to). */
  addWarehouse(warehouseCode: string, name = warehouseCode): void {
    this.#state.warehouses.set(warehouseCode, {
      WarehouseCode: warehouseCode,
      WarehouseName: name,
      Inactive: "tNO",
      Nettable: "tYES",
      DropShip: "tNO",
    });
  }

  /** Adds or replaces an item as given (`ItemCode` required); stamps it with the fake's clock unless it has `UpdateDate`. */
  putItem(item: Partial<Item> & { ItemCode: string }): void {
    const record = { ItemWarehouseInfoCollection: [], ...clone(item) } as B1Record;
    if (record.UpdateDate === undefined) this.#touchItem(record, this.now());
    this.#state.items.set(item.ItemCode, record);
  }

  /** The next matching writes meet a lock (answered with B1's lock error; nothing is written). */
  lockNext(fault: SapB1LockFault = {}): this {
    this.#scriptedLocks.push({
      times: fault.times ?? 1,
      path: fault.path,
      code: fault.code ?? SAPB1_FAKE_LOCK_ERROR.code,
      message: fault.message ?? SAPB1_FAKE_LOCK_ERROR.message,
      status: fault.status ?? 400,
    });
    return this;
  }

  /** Share of writes that meet a lock from now on. */
  setLockErrorRate(rate: number): this {
    if (!(rate >= 0 && rate <= 1)) throw new RangeError("lockErrorRate must be between 0 and 1");
    this.#lockRate = rate;
    return this;
  }

  /** Ends every session, as a Service Layer restart does. */
  expireSessions(): void {
    this.#sessions.clear();
  }

  /**
   * The load balancer sends requests to another node (the old one went down): sessions pinned to the old node are
   * unknown there (401), and new logins get the new `ROUTEID`.
   */
  failOver(routeId = `.node${Number(/\d+$/.exec(this.#routeId)?.[0] ?? 1) + 1}`): void {
    for (const [id, session] of this.#sessions) if (session.routeId === this.#routeId) this.#sessions.delete(id);
    this.#routeId = routeId;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Sessions

  async #session(context: FakeRequestContext, next: () => Promise<Response>): Promise<Response> {
    // Case-sensitive, like the Service Layer: `/login` is not the login endpoint, so it needs a session too.
    if (context.path === "/Login" && context.method === "POST") return this.#login(context);
    const cookies = cookiesOf(context.request.headers.get("cookie"));
    const id = cookies.B1SESSION;
    const route = cookies.ROUTEID;
    const session = id === undefined ? undefined : this.#sessions.get(id);
    const idleMs = this.sessionTimeoutMinutes * 60_000;
    if (session && context.now - session.lastUsed >= idleMs) this.#sessions.delete(session.id);
    // Without ROUTEID the load balancer picks any node, which does not know the session.
    if (!session || !this.#sessions.has(session.id) || route === undefined || route !== session.routeId) {
      this.unauthorizedCount++;
      return invalidSession();
    }
    session.lastUsed = context.now;
    if (context.path === "/Logout" && context.method === "POST") {
      this.#sessions.delete(session.id);
      return new Response(null, { status: 204 });
    }
    const locked = this.#lockFor(context.method, context.path);
    if (locked) return locked;
    return next();
  }

  #login(context: FakeRequestContext): Response {
    this.loginCount++;
    const body = context.body as Record<string, unknown> | undefined;
    const companyDb = body?.CompanyDB;
    const userName = body?.UserName;
    const password = body?.Password;
    const users = this.#options.users;
    const ok =
      typeof companyDb === "string" &&
      typeof userName === "string" &&
      typeof password === "string" &&
      password !== "" &&
      (this.#options.companyDbs === undefined || this.#options.companyDbs.includes(companyDb)) &&
      (users === undefined || (Object.hasOwn(users, userName) && users[userName] === password));
    if (!ok) return b1ErrorResponse(401, 100000027, "Login failed");
    this.#sessionSerial++;
    const id = `${crypto.randomUUID().slice(0, 8)}-${String(this.#sessionSerial).padStart(4, "0")}-11ef-8000-0a0027000010`;
    this.#sessions.set(id, { id, routeId: this.#routeId, companyDb, userName, lastUsed: context.now });
    this.sessionsCreated++;
    const headers = new Headers({ "content-type": JSON_TYPE });
    headers.append("set-cookie", `B1SESSION=${id}; HttpOnly;`);
    headers.append("set-cookie", `ROUTEID=${this.#routeId}; path=/b1s`);
    return new Response(
      JSON.stringify({
        "@odata.context": "$metadata#B1Sessions/$entity",
        SessionId: id,
        Version: "1000190",
        SessionTimeout: this.sessionTimeoutMinutes,
      }),
      { status: 200, headers },
    );
  }

  #lockFor(method: string, path: string): Response | undefined {
    if (!isWriteMethod(method) || path === "/$batch") return undefined;
    const scripted = this.#scriptedLocks.find((f) => f.times > 0 && (f.path === undefined || path.includes(f.path)));
    if (scripted) {
      scripted.times--;
      this.#scriptedLocks = this.#scriptedLocks.filter((f) => f.times > 0);
      this.lockErrorsAnswered++;
      return b1ErrorResponse(scripted.status, scripted.code, scripted.message);
    }
    if (this.#lockRate > 0 && this.#lockRandom() < this.#lockRate) {
      this.lockErrorsAnswered++;
      return b1ErrorResponse(400, SAPB1_FAKE_LOCK_ERROR.code, SAPB1_FAKE_LOCK_ERROR.message);
    }
    return undefined;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Dispatch

  async #serve(context: FakeRequestContext): Promise<Response> {
    const request: B1Request = {
      method: context.method,
      path: context.path,
      query: context.url.searchParams,
      headers: context.request.headers,
      body: context.body,
      text: context.text,
      publicBaseUrl: context.publicBaseUrl,
      now: context.now,
    };
    if (request.method === "POST" && request.path === "/$batch") return this.#batch(request);
    return toResponse(this.#execute(request));
  }

  #execute(request: B1Request): Answer {
    try {
      return this.#route(request);
    } catch (error) {
      if (error instanceof B1Error) return answer(error.status, sapB1ErrorBody(error.code, error.message));
      if (error instanceof QuerySyntaxError)
        return answer(400, sapB1ErrorBody(-1000, `Invalid query: ${error.message}`));
      throw error;
    }
  }

  #route(request: B1Request): Answer {
    const match = /^\/([A-Za-z]+)(?:\((.+)\))?(?:\/([A-Za-z][A-Za-z0-9_.]*))?$/.exec(request.path);
    const set = match?.[1] ?? "";
    const entity = ENTITY_TYPES[set];
    if (!match || !entity) {
      throw new B1Error(404, -1, `Resource not found for the segment '${request.path.replace(/^\//, "")}'`);
    }
    const rawKey = match[2];
    const sub = match[3];
    const { method } = request;
    if (rawKey === undefined) {
      if (sub !== undefined) throw new B1Error(404, -1, `Resource not found for the segment '${sub}'`);
      if (method === "GET") return this.#list(set, request);
      if (method === "POST") return this.#create(set, request);
      throw new B1Error(405, -1, `${method} is not allowed on ${set}`);
    }
    const key = this.#parseKey(set, rawKey);
    const store = this.#store(set);
    const record = store.get(key as never);
    if (!record) throw notFound();
    if (sub !== undefined) {
      if (set === "Items" && sub === "ItemWarehouseInfoCollection" && method === "GET") {
        return answer(200, {
          "@odata.context": "$metadata#Collection(SAPB1.ItemWarehouseInfo)",
          value: clone(record.ItemWarehouseInfoCollection ?? []),
        });
      }
      const action = sub.replace(/^SAPB1\./, "");
      if (isDocumentSet(set) && method === "POST" && (action === "Cancel" || action === "Close")) {
        return this.#documentAction(set, record, action, request);
      }
      throw new B1Error(404, -1, `Resource not found for the segment '${sub}'`);
    }
    if (method === "GET") return answer(200, { "@odata.context": `$metadata#${set}/$entity`, ...clone(record) });
    if (method === "PATCH") return this.#update(set, record, request);
    if (method === "DELETE") {
      if (isDocumentSet(set) || set === "JournalEntries") {
        throw new B1Error(400, -5006, "Cannot remove a posted or open document; cancel or close it instead");
      }
      this.#checkIfMatch(record, request);
      store.delete(key as never);
      this.#recordWrite(method, request.path, request.now);
      return answer(204);
    }
    throw new B1Error(405, -1, `${method} is not allowed on ${set}(${rawKey})`);
  }

  #parseKey(set: string, rawKey: string): string | number {
    const entity = ENTITY_TYPES[set];
    const named = new RegExp(`^${entity?.key}=(.+)$`).exec(rawKey);
    const text = named?.[1] ?? rawKey;
    if (entity?.keyKind === "number") {
      if (!/^\d+$/.test(text)) throw new B1Error(400, -1000, `Invalid key ${rawKey} for ${set}`);
      return Number(text);
    }
    const quoted = /^'((?:[^']|'')*)'$/.exec(text);
    if (!quoted) throw new B1Error(400, -1000, `Invalid key ${rawKey} for ${set}: a string key is quoted`);
    return (quoted[1] ?? "").replace(/''/g, "'");
  }

  #store(set: string): Map<string | number, B1Record> {
    const state = this.#state;
    if (isDocumentSet(set)) return state.documents[set] as Map<string | number, B1Record>;
    switch (set) {
      case "Items":
        return state.items as Map<string | number, B1Record>;
      case "BusinessPartners":
        return state.businessPartners as Map<string | number, B1Record>;
      case "Warehouses":
        return state.warehouses as Map<string | number, B1Record>;
      case "VatGroups":
        return state.vatGroups as Map<string | number, B1Record>;
      default:
        return state.journalEntries as Map<string | number, B1Record>;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Reads

  #list(set: string, request: B1Request): Answer {
    const { query } = request;
    let rows = [...this.#store(set).values()];
    const filter = query.get("$filter");
    if (filter !== null) {
      const predicate = parseFilter(filter);
      rows = rows.filter((r) => predicate(r));
    }
    const orderby = query.get("$orderby");
    if (orderby !== null) rows = [...rows].sort(parseOrderBy(orderby));
    const skip = this.#nonNegative(query.get("$skip"), "$skip") ?? 0;
    const top = this.#nonNegative(query.get("$top"), "$top");
    const end = top === undefined ? rows.length : Math.min(rows.length, skip + top);
    const preferred = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(request.headers.get("prefer") ?? "")?.[1];
    const pageSize = preferred === undefined ? this.pageSize : Number(preferred);
    // 0 turns paging off (vendor-facts: risky for big sets, but the Service Layer allows it).
    const pageEnd = pageSize === 0 ? end : Math.min(end, skip + pageSize);
    const select = query.get("$select");
    const shape = select === null ? (r: B1Record) => r : parseSelect(select);
    const page = rows.slice(skip, pageEnd).map((r) => shape(clone(r)));
    const body: Record<string, unknown> = { "@odata.context": `$metadata#${set}`, value: page };
    if (pageEnd < end) {
      // Relative, as the Service Layer writes it; `$top` shrinks by what this page delivered.
      const next = new URLSearchParams();
      for (const [name, value] of query) if (name !== "$skip" && name !== "$top") next.set(name, value);
      if (top !== undefined) next.set("$top", String(end - pageEnd));
      next.set("$skip", String(pageEnd));
      body["@odata.nextLink"] = `${set}?${next.toString().replace(/\+/g, "%20")}`;
    }
    const headers: Record<string, string> = {};
    if (preferred !== undefined) headers["preference-applied"] = `odata.maxpagesize=${pageSize}`;
    return answer(200, body, headers);
  }

  #nonNegative(value: string | null, name: string): number | undefined {
    if (value === null) return undefined;
    if (!/^\d+$/.test(value)) throw new B1Error(400, -1000, `Invalid query: ${name} must be a non-negative integer`);
    return Number(value);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Writes

  #validate(type: string, body: unknown): void {
    if (body === undefined || body === null || typeof body !== "object" || Array.isArray(body)) {
      throw new B1Error(400, -1000, `The request body is not a valid ${type} (JSON object expected)`);
    }
    const problems = this.#validator.validate(type, body);
    if (problems.length > 0) {
      // B1 names the property it could not take, e.g. "Property 'Foo' of 'Document' is invalid".
      const entityType = type.replace(/(Create|Update)$/, "");
      const unknown = problems.find((p) => p.includes("must NOT have unevaluated properties"));
      const field = (unknown ?? problems[0] ?? "/").split(" ")[0] ?? "/";
      const extra = unknown ? this.#unevaluatedProperty(type, body) : undefined;
      const where = extra ? `${field === "/" ? "" : field}/${extra}` : field;
      throw new B1Error(
        400,
        -1000,
        `Property '${where.replace(/^\//, "").replace(/\//g, ".") || entityType}' of '${entityType}' is invalid: ${problems.join("; ")}`,
      );
    }
  }

  /** The first property ajv reports as not allowed (ajv reports the object, not the property). */
  #unevaluatedProperty(type: string, body: unknown): string | undefined {
    const defs = (requestSchemas as { $defs: Record<string, { $ref?: string; properties?: Record<string, unknown> }> })
      .$defs;
    const base = defs[type]?.$ref?.replace("#/$defs/", "");
    const known = new Set(Object.keys((base ? defs[base]?.properties : undefined) ?? {}));
    return Object.keys(body as B1Record).find((k) => !known.has(k) && !k.startsWith("U_") && !k.startsWith("@"));
  }

  #create(set: string, request: B1Request): Answer {
    const entity = ENTITY_TYPES[set] as { type: string; key: string };
    this.#validate(`${entity.type}Create`, request.body);
    const body = clone(request.body as B1Record);
    let record: B1Record;
    if (isDocumentSet(set)) record = this.#createDocument(set, body, request.now);
    else if (set === "JournalEntries") record = this.#createJournalEntry(body, request.now);
    else record = this.#createMasterData(set, entity.key, body, request.now);
    const key = record[entity.key] as string | number;
    const path = `/${set}(${typeof key === "number" ? key : `'${key.replace(/'/g, "''")}'`})`;
    this.#recordWrite("POST", path, request.now);
    const location = `${request.publicBaseUrl}${path}`;
    if (/return=minimal|return-no-content/i.test(request.headers.get("prefer") ?? "")) {
      return answer(204, undefined, {
        location,
        "odata-entityid": location,
        "preference-applied": "return-no-content",
      });
    }
    return answer(201, { "@odata.context": `$metadata#${set}/$entity`, ...clone(record) }, { location });
  }

  #createMasterData(set: string, keyName: string, body: B1Record, now: number): B1Record {
    const key = body[keyName];
    if (typeof key !== "string" || key === "") throw new B1Error(400, -10, `${keyName} is missing`);
    const store = this.#store(set);
    if (store.has(key)) throw new B1Error(400, -2035, "This entry already exists in the following tables (ODBC -2035)");
    const stamp = b1Stamp(now);
    const record: B1Record = { ...body, "@odata.etag": this.#etag() };
    if (set === "Items") {
      record.ItemWarehouseInfoCollection = [...this.#state.warehouses.keys()].map((code) => ({
        ItemCode: key,
        WarehouseCode: code,
        InStock: 0,
        Committed: 0,
        Ordered: 0,
        MinimalStock: 0,
      }));
      record.QuantityOnStock = 0;
      record.UpdateTime = stamp.time;
    }
    if (set === "BusinessPartners") record.CardType ??= "cCustomer";
    record.CreateDate = stamp.date;
    record.UpdateDate = stamp.date;
    store.set(key, record);
    return record;
  }

  #createDocument(set: SapB1FakeDocumentSet, body: B1Record, now: number): B1Record {
    const state = this.#state;
    const cardCode = body.CardCode;
    if (typeof cardCode !== "string" || cardCode === "") {
      throw new B1Error(400, -5002, "Enter a business partner code (CardCode)");
    }
    const partner = state.businessPartners.get(cardCode);
    if (!partner) throw new B1Error(400, -5002, `Invalid BP code '${cardCode}' (CardCode)`);
    const lines = (body.DocumentLines ?? []) as B1Record[];
    const expenses = (body.DocumentAdditionalExpenses ?? []) as B1Record[];
    if (lines.length === 0)
      throw new B1Error(400, -5002, "To generate this document, first define the item (DocumentLines)");
    let net = 0n;
    let vat = 0n;
    const stockMoves: Array<{ item: B1Record; warehouse: string; quantity: bigint; fromOrder?: boolean }> = [];
    const computedLines = lines.map((line, index) => {
      const field = `DocumentLines[${index}]`;
      const itemCode = line.ItemCode;
      const item = typeof itemCode === "string" ? state.items.get(itemCode) : undefined;
      if (!item) throw new B1Error(400, -10, `${field}.ItemCode: invalid item code '${String(itemCode)}'`);
      const warehouse =
        (line.WarehouseCode as string | undefined) ?? (item.DefaultWarehouse as string | undefined) ?? "MAIN";
      if (!state.warehouses.has(warehouse)) {
        throw new B1Error(400, -10, `${field}.WarehouseCode: warehouse '${warehouse}' is not defined`);
      }
      this.#checkBase(line, field);
      const amounts = this.#amounts(line, field, true);
      net += amounts.net;
      vat += amounts.tax;
      const quantity = this.#micros(line.Quantity ?? 1, `${field}.Quantity`);
      if (item.InventoryItem !== "tNO") {
        stockMoves.push({
          item,
          warehouse,
          quantity,
          fromOrder: line.BaseType === DOCUMENT_OBJECT_CODES.Orders.objectType,
        });
      }
      return {
        ...line,
        LineNum: index,
        WarehouseCode: warehouse,
        ItemDescription: line.ItemDescription ?? item.ItemName,
        Quantity: microsToNumber(quantity),
        LineTotal: microsToNumber(amounts.net),
        TaxPercentagePerRow: microsToNumber(amounts.rate),
        TaxTotal: microsToNumber(amounts.tax),
        NetTaxAmount: microsToNumber(amounts.tax),
        GrossTotal: microsToNumber(amounts.net + amounts.tax),
        LineStatus: "bost_Open",
      };
    });
    const computedExpenses = expenses.map((expense, index) => {
      const amounts = this.#amounts(expense, `DocumentAdditionalExpenses[${index}]`, false);
      net += amounts.net;
      vat += amounts.tax;
      return {
        ...expense,
        LineNum: index,
        LineTotal: microsToNumber(amounts.net),
        TaxPercent: microsToNumber(amounts.rate),
        TaxSum: microsToNumber(amounts.tax),
      };
    });
    const docEntry = state.nextDocEntry[set]++;
    const docNum = state.nextDocNum[set]++;
    const stamp = b1Stamp(now);
    const record: B1Record = {
      ...body,
      "@odata.etag": this.#etag(),
      DocEntry: docEntry,
      DocNum: docNum,
      DocType: body.DocType ?? "dDocument_Items",
      DocObjectCode: DOCUMENT_OBJECT_CODES[set].objectCode,
      DocDate: body.DocDate ?? stamp.date,
      DocDueDate: body.DocDueDate ?? body.DocDate ?? stamp.date,
      TaxDate: body.TaxDate ?? body.DocDate ?? stamp.date,
      CardName: body.CardName ?? partner.CardName,
      DocCurrency: body.DocCurrency ?? partner.Currency ?? "EUR",
      NumAtCard: body.NumAtCard ?? null,
      DocumentLines: computedLines,
      DocumentAdditionalExpenses: computedExpenses,
      VatSum: microsToNumber(vat),
      DocTotal: microsToNumber(net + vat),
      DocumentStatus: "bost_Open",
      Cancelled: "tNO",
      CreationDate: stamp.date,
      UpdateDate: stamp.date,
      UpdateTime: stamp.time,
    };
    state.documents[set].set(docEntry, record);
    this.#moveStock(set, stockMoves, now, 1n);
    return record;
  }

  /** Line or expense amounts: net (LineTotal, else Quantity × UnitPrice less DiscountPercent) and VAT, 2 decimals. */
  #amounts(line: B1Record, field: string, isItemLine: boolean): { net: bigint; tax: bigint; rate: bigint } {
    let net: bigint;
    if (line.LineTotal !== undefined && line.LineTotal !== null) {
      net = roundMicros(this.#micros(line.LineTotal, `${field}.LineTotal`), 2);
    } else if (isItemLine) {
      const gross = mulMicros(
        this.#micros(line.Quantity ?? 1, `${field}.Quantity`),
        this.#micros(line.UnitPrice ?? line.Price ?? 0, `${field}.UnitPrice`),
      );
      const discount = this.#micros(line.DiscountPercent ?? 0, `${field}.DiscountPercent`);
      net = roundMicros(gross - percentOf(gross, discount, 6), 2);
    } else {
      throw new B1Error(400, -5002, `${field}.LineTotal is missing`);
    }
    const code = (line.VatGroup ?? line.TaxCode) as string | undefined | null;
    let rate = 0n;
    if (code !== undefined && code !== null) {
      const group = this.#state.vatGroups.get(code);
      if (!group || group.Inactive === "tYES") {
        throw new B1Error(
          400,
          -10,
          `${field}.${line.VatGroup !== undefined ? "VatGroup" : "TaxCode"}: tax code '${code}' is not defined`,
        );
      }
      const lines = (group.VatGroups_Lines ?? []) as B1Record[];
      rate = this.#micros(lines.at(-1)?.Rate ?? 0, `VatGroups('${code}').Rate`);
    }
    return { net, tax: percentOf(net, rate, 2), rate };
  }

  #micros(value: unknown, field: string): bigint {
    try {
      return toMicros(value, field);
    } catch (error) {
      if (error instanceof AmountError)
        throw new B1Error(400, -1000, `Property '${error.field}' is invalid: ${error.message}`);
      throw error;
    }
  }

  /** A base document reference must point at an existing document (copying from a base: vendor-facts). */
  #checkBase(line: B1Record, field: string): void {
    if (line.BaseEntry === undefined || line.BaseEntry === null) return;
    const baseSet = SAPB1_FAKE_DOCUMENT_SETS.find((s) => DOCUMENT_OBJECT_CODES[s].objectType === line.BaseType);
    const base = baseSet ? this.#state.documents[baseSet].get(Number(line.BaseEntry)) : undefined;
    if (!base) throw new B1Error(400, -10, `${field}.BaseEntry: base document ${String(line.BaseEntry)} not found`);
    const baseLines = (base.DocumentLines ?? []) as B1Record[];
    if (line.BaseLine !== undefined && line.BaseLine !== null && !baseLines.some((l) => l.LineNum === line.BaseLine)) {
      throw new B1Error(400, -10, `${field}.BaseLine: line ${String(line.BaseLine)} not in the base document`);
    }
  }

  /** Orders commit stock; deliveries take it out of the warehouse (and release what their base order committed). */
  #moveStock(
    set: SapB1FakeDocumentSet,
    moves: ReadonlyArray<{ item: B1Record; warehouse: string; quantity: bigint; fromOrder?: boolean }>,
    now: number,
    sign: 1n | -1n,
  ): void {
    if (set !== "Orders" && set !== "DeliveryNotes") return;
    for (const { item, warehouse, quantity, fromOrder } of moves) {
      const rows = item.ItemWarehouseInfoCollection as B1Record[];
      let row = rows.find((r) => r.WarehouseCode === warehouse);
      if (!row) {
        row = { ItemCode: item.ItemCode, WarehouseCode: warehouse, InStock: 0, Committed: 0, Ordered: 0 };
        rows.push(row);
      }
      const add = (fieldName: string, delta: bigint) => {
        row[fieldName] = microsToNumber(this.#micros(row[fieldName] ?? 0, fieldName) + delta);
      };
      if (set === "Orders") add("Committed", sign * quantity);
      else {
        add("InStock", -sign * quantity);
        // Only a delivery copied from an order releases what that order committed.
        if (fromOrder) add("Committed", -sign * quantity);
      }
      this.#touchItem(item, now);
    }
  }

  #documentAction(set: SapB1FakeDocumentSet, record: B1Record, action: "Cancel" | "Close", request: B1Request): Answer {
    if (record.DocumentStatus === "bost_Close") {
      throw new B1Error(400, -5002, "Document is already closed");
    }
    record.DocumentStatus = "bost_Close";
    if (action === "Cancel") record.Cancelled = "tYES";
    // Closing or cancelling an order releases the stock it still commits.
    if (set === "Orders") {
      const moves = ((record.DocumentLines ?? []) as B1Record[]).flatMap((line) => {
        const item = this.#state.items.get(String(line.ItemCode));
        return item
          ? [{ item, warehouse: String(line.WarehouseCode), quantity: this.#micros(line.Quantity ?? 0, "Quantity") }]
          : [];
      });
      this.#moveStock(set, moves, request.now, -1n);
    }
    this.#touchDocument(record, request.now);
    this.#recordWrite("POST", request.path, request.now);
    return answer(204);
  }

  #createJournalEntry(body: B1Record, now: number): B1Record {
    const lines = (body.JournalEntryLines ?? []) as B1Record[];
    if (lines.length < 2) throw new B1Error(400, -5002, "A journal entry needs at least two lines (JournalEntryLines)");
    let debit = 0n;
    let credit = 0n;
    lines.forEach((line, index) => {
      if (typeof line.AccountCode !== "string" && typeof line.ShortName !== "string") {
        throw new B1Error(400, -5002, `JournalEntryLines[${index}].AccountCode is missing`);
      }
      debit += roundMicros(this.#micros(line.Debit ?? 0, `JournalEntryLines[${index}].Debit`), 2);
      credit += roundMicros(this.#micros(line.Credit ?? 0, `JournalEntryLines[${index}].Credit`), 2);
    });
    if (debit !== credit) throw new B1Error(400, -5002, "Unbalanced transaction (JournalEntryLines)");
    const stamp = b1Stamp(now);
    const jdtNum = this.#state.nextJdtNum++;
    const record: B1Record = {
      ...body,
      "@odata.etag": this.#etag(),
      JdtNum: jdtNum,
      Number: jdtNum,
      ReferenceDate: body.ReferenceDate ?? stamp.date,
      JournalEntryLines: lines.map((line, index) => ({ ...line, Line_ID: index })),
    };
    this.#state.journalEntries.set(jdtNum, record);
    return record;
  }

  #update(set: string, record: B1Record, request: B1Request): Answer {
    const entity = ENTITY_TYPES[set] as { type: string; key: string };
    this.#validate(`${entity.type}Update`, request.body);
    this.#checkIfMatch(record, request);
    const changes = clone(request.body as B1Record);
    if (entity.key in changes && changes[entity.key] !== record[entity.key]) {
      throw new B1Error(400, -1000, `Property '${entity.key}' of '${entity.type}' cannot be changed`);
    }
    Object.assign(record, changes);
    if (set === "Items") this.#touchItem(record, request.now);
    else if (isDocumentSet(set)) this.#touchDocument(record, request.now);
    else {
      record.UpdateDate = b1Stamp(request.now).date;
      record["@odata.etag"] = this.#etag();
    }
    this.#recordWrite("PATCH", request.path, request.now);
    return answer(204);
  }

  #checkIfMatch(record: B1Record, request: B1Request): void {
    const ifMatch = request.headers.get("if-match");
    if (ifMatch !== null && ifMatch !== "*" && ifMatch !== record["@odata.etag"]) {
      throw new B1Error(412, -1, "The record was changed by another user since it was read (ETag mismatch)");
    }
  }

  #touchItem(item: B1Record, now: number): void {
    const stamp = b1Stamp(now);
    const rows = (item.ItemWarehouseInfoCollection ?? []) as B1Record[];
    const sum = (field: string) =>
      microsToNumber(rows.reduce((total, r) => total + this.#micros(r[field] ?? 0, field), 0n));
    item.QuantityOnStock = sum("InStock");
    item.QuantityOrderedByCustomers = sum("Committed");
    item.QuantityOrderedFromVendors = sum("Ordered");
    item.UpdateDate = stamp.date;
    item.UpdateTime = stamp.time;
    item["@odata.etag"] = this.#etag();
  }

  #touchDocument(record: B1Record, now: number): void {
    const stamp = b1Stamp(now);
    record.UpdateDate = stamp.date;
    record.UpdateTime = stamp.time;
    record["@odata.etag"] = this.#etag();
  }

  #etag(): string {
    return `W/"${this.#state.nextEtag++}"`;
  }

  #recordWrite(method: string, path: string, at: number): void {
    this.#state.writes.push({ method, path, at });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // $batch

  #batch(request: B1Request): Response {
    let entries: ReturnType<typeof parseBatchRequest>;
    try {
      entries = parseBatchRequest(request.text, request.headers.get("content-type"));
    } catch (error) {
      if (error instanceof BatchParseError)
        return b1ErrorResponse(400, -1000, `Invalid $batch request: ${error.message}`);
      throw error;
    }
    const responses: BatchResponseEntry[] = entries.map((entry) => {
      if (entry.kind === "operation") {
        return { kind: "operation", response: this.#batchOperation(entry.operation, request, new Map()) };
      }
      return this.#changeSet(entry.operations, request);
    });
    const { body, contentType } = buildBatchResponse(responses);
    return new Response(body, { status: 200, headers: { "content-type": contentType } });
  }

  #changeSet(operations: readonly BatchRequestPart[], request: B1Request): BatchResponseEntry {
    const get = operations.find((op) => op.method === "GET");
    if (get) {
      return {
        kind: "operation",
        response: this.#errorPart(400, -1000, "GET is not allowed in a change set", get.contentId),
      };
    }
    const snapshot = clone(this.#state);
    const created = new Map<string, string>();
    const responses: BatchResponsePart[] = [];
    for (const operation of operations) {
      const response = this.#batchOperation(operation, request, created);
      if (response.status >= 400) {
        // All or nothing: what the earlier operations of the set wrote is gone.
        this.#state = snapshot;
        this.changeSetsRolledBack++;
        return { kind: "operation", response };
      }
      responses.push(response);
    }
    return { kind: "changeset", responses };
  }

  #batchOperation(operation: BatchRequestPart, request: B1Request, created: Map<string, string>): BatchResponsePart {
    let target = operation.target;
    const reference = /^\$([A-Za-z0-9_.:~-]+)(.*)$/.exec(target);
    if (reference) {
      const path = created.get(reference[1] ?? "");
      if (!path) return this.#errorPart(400, -1000, `Unknown Content-ID reference ${target}`, operation.contentId);
      target = `${path}${reference[2] ?? ""}`;
    }
    const url = new URL(target, `${request.publicBaseUrl}/`);
    const publicPath = new URL(request.publicBaseUrl).pathname.replace(/\/+$/, "");
    const basePath = new URL(this.baseUrl).pathname.replace(/\/+$/, "");
    let path = decodeURIComponent(url.pathname);
    if (path.startsWith(`${publicPath}/`)) path = path.slice(publicPath.length);
    else if (path.startsWith(`${basePath}/`)) path = path.slice(basePath.length);
    let body: unknown;
    if (operation.body !== "") {
      try {
        body = JSON.parse(operation.body);
      } catch {
        body = undefined;
      }
    }
    const response = this.#execute({
      method: operation.method,
      path,
      query: url.searchParams,
      headers: operation.headers,
      body,
      text: operation.body,
      publicBaseUrl: request.publicBaseUrl,
      now: request.now,
    });
    const location = response.headers.location;
    if (operation.contentId !== undefined && location) {
      created.set(operation.contentId, location.slice(request.publicBaseUrl.length));
    }
    return this.#toPart(response, operation.contentId);
  }

  #toPart(response: Answer, contentId: string | undefined): BatchResponsePart {
    return {
      status: response.status,
      statusText: STATUS_TEXT[response.status] ?? "",
      headers: new Headers(response.headers),
      body: response.body ?? "",
      contentId,
    };
  }

  #errorPart(status: number, code: number, message: string, contentId: string | undefined): BatchResponsePart {
    return {
      status,
      statusText: STATUS_TEXT[status] ?? "",
      headers: new Headers({ "content-type": JSON_TYPE }),
      body: JSON.stringify(sapB1ErrorBody(code, message)),
      contentId,
    };
  }

  // ---------------------------------------------------------------------------------------------------------------

  #initialState(): State {
    const at = Date.parse(this.#options.seededAt ?? "2026-11-01T06:00:00Z");
    const seed = this.#options.seed ?? true;
    const state: State = {
      items: new Map(),
      warehouses: new Map(),
      businessPartners: new Map(),
      vatGroups: new Map(),
      documents: { Orders: new Map(), Invoices: new Map(), CreditNotes: new Map(), DeliveryNotes: new Map() },
      journalEntries: new Map(),
      nextDocEntry: { Orders: 1, Invoices: 1, CreditNotes: 1, DeliveryNotes: 1 },
      nextDocNum: { ...FIRST_DOC_NUM },
      nextJdtNum: 1,
      nextEtag: 1,
      writes: [],
    };
    const etag = () => `W/"${state.nextEtag++}"`;
    for (const group of seedVatGroups(this.#options.vatGroups ?? SAPB1_FAKE_VAT_GROUPS)) {
      state.vatGroups.set(String(group.Code), group);
    }
    if (seed) {
      for (const w of seedWarehouses()) state.warehouses.set(String(w.WarehouseCode), w);
      for (const item of seedItems(at)) state.items.set(String(item.ItemCode), { "@odata.etag": etag(), ...item });
      for (const bp of seedBusinessPartners(at)) {
        state.businessPartners.set(String(bp.CardCode), { "@odata.etag": etag(), ...bp });
      }
    }
    return state;
  }
}

const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  405: "Method Not Allowed",
  412: "Precondition Failed",
  500: "Internal Server Error",
};

/** Creates a SAP Business One Service Layer fake (seeded from the shared catalog unless `seed: false`). */
export function createSapB1Fake(options: SapB1FakeOptions = {}): SapB1Fake {
  return new SapB1Fake(options);
}
