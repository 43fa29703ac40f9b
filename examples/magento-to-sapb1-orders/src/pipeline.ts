/**
 * Magento orders → SAP Business One sales orders (`Orders`).
 *
 * 1. Lists Magento orders in the configured states (default `processing`: paid, not yet shipped) changed since the
 *    watermark, sorted by `updated_at` then `entity_id`, in pages of 300 (Magento's largest with input limits on).
 * 2. Loads what the posting plan needs from B1 in a few requests: the items of every SKU on those orders (O1), the
 *    business partners with the customers' e-mail addresses (O2), and the orders already in B1 with those
 *    storefront numbers in `NumAtCard` (O6: a rerun posts nothing twice).
 * 3. Per order: `fromMagentoOrder` → `prepareSalesOrder` (confirmed only (O4), items by SKU (O1), customer matched by
 *    e-mail or created (O2), guests per policy (O3), tax mapped and checked against rate × net (O8), warehouse from
 *    the Magento source → B1 warehouse mapping (O14), shipping as freight (O16)) → `toSapB1Order` → B1 `Orders`,
 *    created once per `NumAtCard` (O5, O6). Magento's tax goes through as each line's `TaxTotal` (O8, tax source
 *    `storefront`); after posting, B1's `VatSum` and `DocTotal` are compared with Magento's (O8, O17).
 * 4. A bad order is quarantined with its exceptions; the others go on. The watermark moves only past orders that
 *    are done, so a quarantined order is listed again next run.
 *
 * Lock errors on B1 writes (X2) are retried by `@org/sapb1-client` itself (`lockRetry`).
 */
import {
  type Customer,
  compareDocumentTotal,
  createSyncException,
  type GuestCustomerPolicy,
  type Item,
  type PlannedCustomer,
  type PostingConfig,
  prepareSalesOrder,
  type RecordRef,
  type SalesOrderPlan,
  type SyncException,
} from "@org/core";
import {
  advanceWatermark,
  apiFailure,
  type CheckpointStore,
  callCounter,
  lookAgainOnly,
  RunReport,
  type RunReportOptions,
  type RunSummary,
  SAPB1_DEMO_FREIGHT_EXPENSE_CODE,
  SAPB1_DEMO_POSTING_CONFIG,
  SAPB1_DEMO_TAX_FIELD,
} from "@org/example-kit";
import { ApiCallError, createOnce } from "@org/http";
import {
  type FromMagentoOrderConfig,
  filter,
  fromMagentoOrder,
  MAGENTO_MAX_PAGE_SIZE,
  type MagentoClient,
  type MagentoOrder,
  searchCriteria,
} from "@org/magento-client";
import {
  type DocumentCreate,
  fromSapB1BusinessPartner,
  fromSapB1Item,
  type SapB1Client,
  toSapB1BusinessPartner,
  toSapB1Number,
  toSapB1Order,
} from "@org/sapb1-client";

/** Checkpoint key of the watermark (Magento `updated_at` of the last order done, `YYYY-MM-DD HH:MM:SS` UTC). */
export const WATERMARK_KEY = "magento-to-sapb1-orders:updated_at";

/** Values per `$filter` list (`ItemCode eq 'A' or …`), keeping request URLs short. */
const LOOKUP_CHUNK = 20;

export interface MagentoToSapB1OrdersOptions {
  magento: MagentoClient;
  sapb1: SapB1Client;
  checkpoints: CheckpointStore;
  /** How orders post in the B1 company. Default: the kit's `SAPB1_DEMO_POSTING_CONFIG`. */
  posting?: PostingConfig;
  /** Guest orders (O3): post to one business partner or create one per order. Default: the posting config's. */
  guestPolicy?: GuestCustomerPolicy;
  /** Magento order states that are synced (O4). Default: `["processing"]`. */
  states?: readonly string[];
  /** Magento `store_id` → storefront source code, mapped to a B1 warehouse by the posting config (O14). Default: `{ 1: "default" }`. */
  storeSources?: Readonly<Record<number, string>>;
  /** More settings of `fromMagentoOrder` (tax mode, custom statuses). Default: none. */
  magentoOrderConfig?: FromMagentoOrderConfig;
  /** Orders per Magento page, at most 300. Default: `MAGENTO_MAX_PAGE_SIZE` (300), the fewest requests. */
  pageSize?: number;
  /** B1 freight (additional expense) code for shipping (O16). Default: the demo company's. */
  freightExpenseCode?: number;
  /** Where lines carry the tax code. Default: `VatGroup` (VAT localisations). */
  taxField?: "TaxCode" | "VatGroup";
  /** Card code of a business partner to create (O2, O3). Default: `W` + Magento customer id, `WG` + order number for guests. */
  cardCodeFor?: (customer: Extract<PlannedCustomer, { kind: "create" }>, plan: SalesOrderPlan) => string;
  /** Pause before looking up a B1 order again after an ambiguous failure (O6). Default: `500` ms. */
  lookupDelayMs?: number;
  /**
   * Running HTTP call totals per system, e.g. `{ sapb1: () => fake.calls.length }` (`undefined`: not counted); the
   * summary shows the calls this run made. Default: none.
   */
  httpCalls?: Readonly<Record<string, () => number | undefined>>;
  /** Where progress and the summary go, etc. Default: `console.log`. */
  report?: RunReportOptions;
}

/** A posted (or found) B1 order, for tests and callers. */
export interface PostedOrder {
  orderNumber: string;
  docEntry: number;
  docNum: number;
  cardCode: string;
  created: boolean;
}

export interface MagentoToSapB1OrdersResult extends RunSummary {
  orders: PostedOrder[];
  watermark: string | undefined;
}

type B1Order = { DocEntry: number; DocNum?: number | null; NumAtCard?: string | null; CardCode?: string };

function chunks<T>(values: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < values.length; i += size) result.push(values.slice(i, i + size));
  return result;
}

/** Runs the pipeline once; returns the summary (also printed) with the orders posted or found. */
export async function runMagentoToSapB1Orders(
  options: MagentoToSapB1OrdersOptions,
): Promise<MagentoToSapB1OrdersResult> {
  const report = new RunReport("magento-to-sapb1-orders", options.report);
  for (const [system, total] of Object.entries(options.httpCalls ?? {})) {
    report.countHttpCalls(system, callCounter(total));
  }
  const basePosting = options.posting ?? SAPB1_DEMO_POSTING_CONFIG;
  const posting: PostingConfig = {
    ...basePosting,
    taxSource: "storefront",
    ...(options.guestPolicy ? { guestCustomer: options.guestPolicy } : {}),
  };
  const { magento, sapb1 } = options;

  // 1. Magento orders changed since the watermark.
  const watermark = await options.checkpoints.get(WATERMARK_KEY);
  let criteria = searchCriteria().where(filter("state", "in", [...(options.states ?? ["processing"])]));
  if (watermark) criteria = criteria.where(filter("updated_at", "gteq", watermark));
  criteria = criteria.sortBy("updated_at", "ASC");
  const magentoOrders = (await magento
    .searchAll("/V1/orders", criteria, { pageSize: options.pageSize ?? MAGENTO_MAX_PAGE_SIZE })
    .toArray()) as MagentoOrder[];
  report.begin(magentoOrders.length, "Magento orders", watermark ? `changed since ${watermark} UTC` : "first run");

  // 2. Canonical orders, and what B1 already holds for them.
  const mapped = magentoOrders.map((raw) => ({
    raw,
    result: fromMagentoOrder(raw, {
      storeLocations: options.storeSources ?? { 1: "default" },
      ...options.magentoOrderConfig,
    }),
  }));
  const canonical = mapped.flatMap((m) => (m.result.kind === "ok" ? [m.result.value] : []));
  const items = await loadItems(sapb1, [...new Set(canonical.flatMap((o) => o.lines.map((l) => l.sku)))]);
  const customers = await loadCustomers(sapb1, [
    ...new Set(canonical.flatMap((o) => (o.customer.email && !o.customer.isGuest ? [o.customer.email] : []))),
  ]);
  const existing = await loadOrders(
    sapb1,
    canonical.map((o) => o.source.number ?? o.source.id),
  );

  const lookups = {
    itemBySku: (sku: string) => items.get(sku),
    customersByEmail: (email: string) => customers.get(email.toLowerCase()) ?? [],
  };
  const cardCodeFor =
    options.cardCodeFor ??
    ((customer: Extract<PlannedCustomer, { kind: "create" }>, plan: SalesOrderPlan) =>
      customer.externalId ? `W${customer.externalId}` : `WG${plan.externalDocumentNumber}`);

  const posted: PostedOrder[] = [];
  const progress: Array<{ changedAt: string; done: boolean }> = [];
  for (const { raw, result } of mapped) {
    const number = String(raw.increment_id ?? raw.entity_id);
    const label = `order ${number}`;
    const changedAt = String(raw.updated_at ?? raw.created_at ?? "");
    const hold = (exceptions: readonly SyncException[]) => {
      report.quarantined(label, exceptions);
      progress.push({ changedAt, done: false });
    };
    if (result.kind === "failed") {
      hold(result.exceptions);
      continue;
    }
    if (result.kind === "skipped") {
      report.skipped(label, result.reason);
      progress.push({ changedAt, done: true });
      continue;
    }
    const order = result.value;
    const plan = prepareSalesOrder(order, posting, lookups);
    if (plan.kind === "skipped") {
      report.skipped(label, plan.reason);
      progress.push({ changedAt, done: true });
      continue;
    }
    if (plan.kind === "failed") {
      hold(plan.exceptions);
      continue;
    }
    const known = existing.get(plan.value.externalDocumentNumber);
    if (known) {
      report.skipped(label, `already in SAP Business One as sales order ${known.DocNum ?? known.DocEntry}`);
      posted.push(summaryOf(number, known, false));
      progress.push({ changedAt, done: true });
      continue;
    }
    try {
      const cardCode = await customerFor(plan.value, sapb1, cardCodeFor, customers, options.lookupDelayMs);
      const body = toSapB1Order(plan.value, {
        cardCode,
        freightExpenseCode: options.freightExpenseCode ?? SAPB1_DEMO_FREIGHT_EXPENSE_CODE,
        taxField: options.taxField ?? SAPB1_DEMO_TAX_FIELD,
      });
      if (body.kind !== "ok") {
        hold(body.kind === "failed" ? body.exceptions : []);
        continue;
      }
      const document = withStorefrontTax(body.value, plan.value);
      // The look-up before the run said it is not in B1: the first find is free; after an ambiguous failure
      // createOnce asks B1 again (O6).
      const outcome = await createOnce<B1Order>({
        key: `NumAtCard ${plan.value.externalDocumentNumber}`,
        find: lookAgainOnly(
          async () =>
            (await sapb1.entities.findFirst("Orders", (f) => f.eq("NumAtCard", plan.value.externalDocumentNumber))) as
              | B1Order
              | undefined,
        ),
        create: async () => (await sapb1.entities.create("Orders", document)) as B1Order,
        lookupDelayMs: options.lookupDelayMs ?? 500,
      });
      const record = outcome.record;
      existing.set(plan.value.externalDocumentNumber, record);
      posted.push(summaryOf(number, record, true));
      const checks = afterPosting(plan.value, record);
      for (const exception of checks) report.exception(exception);
      report.posted(
        label,
        `sales order ${record.DocNum ?? record.DocEntry} for ${cardCode}, ${plan.value.expectedTotal} ${plan.value.currency}` +
          `${outcome.recoveredFromUnknownOutcome ? " (found after a lost response)" : ""}`,
      );
      progress.push({ changedAt, done: true });
    } catch (error) {
      hold([
        apiFailure(error, {
          label: `Order ${number}, SAP Business One`,
          sourceSystem: plan.value.sourceRef.system,
          targetSystem: "sapb1",
          records: [plan.value.sourceRef],
          next: "it is retried next run",
        }),
      ]);
    }
  }

  const next = advanceWatermark(watermark, progress);
  if (next !== undefined && next !== watermark) await options.checkpoints.set(WATERMARK_KEY, next);
  return { ...report.finish(), orders: posted, watermark: next };
}

function summaryOf(orderNumber: string, record: B1Order, created: boolean): PostedOrder {
  return {
    orderNumber,
    docEntry: record.DocEntry,
    docNum: record.DocNum ?? record.DocEntry,
    cardCode: record.CardCode ?? "",
    created,
  };
}

/** Tax source `storefront` (O8): Magento's tax on each line and on the freight, so the document equals the payment. */
function withStorefrontTax(body: DocumentCreate, plan: SalesOrderPlan): DocumentCreate {
  if (plan.taxSource !== "storefront") return body;
  const lines = [...(body.DocumentLines ?? [])];
  const expenses = [...(body.DocumentAdditionalExpenses ?? [])];
  let line = 0;
  let expense = 0;
  for (const planned of plan.lines) {
    const tax = toSapB1Number(planned.taxAmount);
    if (planned.kind === "account" && planned.purpose === "shipping") {
      const target = expenses[expense];
      if (target && tax !== undefined) expenses[expense] = { ...target, TaxSum: tax };
      expense++;
    } else {
      const target = lines[line];
      if (target && tax !== undefined) lines[line] = { ...target, TaxTotal: tax };
      line++;
    }
  }
  return {
    ...body,
    DocumentLines: lines,
    ...(expenses.length > 0 ? { DocumentAdditionalExpenses: expenses } : {}),
  };
}

/** After posting: B1's tax and total against Magento's (O8, O17); differences are reported, the order stays posted. */
function afterPosting(plan: SalesOrderPlan, record: B1Order): SyncException[] {
  const posted = record as B1Order & { DocTotal?: number; VatSum?: number };
  const documentRef: RecordRef = {
    system: "sapb1",
    type: "salesOrder",
    id: String(record.DocEntry),
    number: String(record.DocNum ?? record.DocEntry),
  };
  const exceptions: SyncException[] = [];
  if (typeof posted.VatSum === "number" && !plan.expectedTaxTotal.eq(posted.VatSum)) {
    exceptions.push(
      createSyncException("TAX_DIFFERENCE", {
        message: `Order ${plan.externalDocumentNumber}: SAP Business One computed VAT ${posted.VatSum} ${plan.currency} but Magento charged ${plan.expectedTaxTotal} ${plan.currency}`,
        sourceSystem: plan.sourceRef.system,
        targetSystem: "sapb1",
        records: [plan.sourceRef, documentRef],
        field: "totals.taxTotal",
        details: { storefrontTax: plan.expectedTaxTotal.toString(), erpTax: String(posted.VatSum) },
      }),
    );
  }
  if (typeof posted.DocTotal === "number") {
    const mismatch = compareDocumentTotal({
      sourceRef: plan.sourceRef,
      documentRef,
      currency: plan.currency,
      expected: plan.expectedTotal,
      actual: posted.DocTotal,
    });
    if (mismatch) exceptions.push(mismatch);
  }
  return exceptions;
}

/** The business partner of the plan: an existing one, or one created once (O2, O3) and remembered for later orders. */
async function customerFor(
  plan: SalesOrderPlan,
  sapb1: SapB1Client,
  cardCodeFor: (customer: Extract<PlannedCustomer, { kind: "create" }>, plan: SalesOrderPlan) => string,
  customers: Map<string, Customer[]>,
  lookupDelayMs: number | undefined,
): Promise<string> {
  const customer = plan.customer;
  if (customer.kind === "existing") return customer.customerNumber;
  const cardCode = cardCodeFor(customer, plan);
  const body = toSapB1BusinessPartner(customer, { cardCode, currency: plan.currency });
  await createOnce({
    key: `CardCode ${cardCode}`,
    find: async () => {
      try {
        return await sapb1.entities.get("BusinessPartners", cardCode);
      } catch (error) {
        if (error instanceof ApiCallError && error.status === 404) return undefined;
        throw error;
      }
    },
    create: () => sapb1.entities.create("BusinessPartners", body),
    lookupDelayMs: lookupDelayMs ?? 500,
  });
  if (customer.email) {
    const found = fromSapB1BusinessPartner({ ...body, CardType: "cCustomer" } as never);
    if (found.kind === "ok") customers.set(customer.email.toLowerCase(), [found.value]);
  }
  return cardCode;
}

/** B1 items of the SKUs, as canonical items (O1): one request per 20 SKUs. */
async function loadItems(sapb1: SapB1Client, skus: readonly string[]): Promise<Map<string, Item>> {
  const result = new Map<string, Item>();
  for (const part of chunks(skus, LOOKUP_CHUNK)) {
    const rows = await sapb1.entities
      .list("Items", {
        select: [
          "ItemCode",
          "ItemName",
          "Valid",
          "Frozen",
          "SalesItem",
          "InventoryUOM",
          "SalesUnit",
          "SalesItemsPerUnit",
          "UoMGroupEntry",
          "ManageSerialNumbers",
          "ManageBatchNumbers",
          "SalesVATGroup",
        ],
        filter: (f) => f.inList("ItemCode", part),
      })
      .toArray();
    for (const row of rows) {
      const mapped = fromSapB1Item(row);
      if (mapped.kind === "ok") result.set(mapped.value.item.sku, mapped.value.item);
    }
  }
  return result;
}

/** B1 customers by e-mail (lower case), for matching before creating (O2). */
async function loadCustomers(sapb1: SapB1Client, emails: readonly string[]): Promise<Map<string, Customer[]>> {
  const result = new Map<string, Customer[]>();
  for (const part of chunks(emails, LOOKUP_CHUNK)) {
    const rows = await sapb1.entities
      .list("BusinessPartners", {
        select: ["CardCode", "CardName", "CardType", "EmailAddress", "Valid", "Frozen", "Currency"],
        filter: (f) => f.and(f.eq("CardType", "cCustomer"), f.inList("EmailAddress", part)),
      })
      .toArray();
    for (const row of rows) {
      const mapped = fromSapB1BusinessPartner(row);
      if (mapped.kind !== "ok" || !mapped.value.email) continue;
      const key = mapped.value.email.toLowerCase();
      result.set(key, [...(result.get(key) ?? []), mapped.value]);
    }
  }
  return result;
}

/** B1 sales orders already carrying these storefront numbers in `NumAtCard` (O6). */
async function loadOrders(sapb1: SapB1Client, numbers: readonly string[]): Promise<Map<string, B1Order>> {
  const result = new Map<string, B1Order>();
  for (const part of chunks(numbers, LOOKUP_CHUNK)) {
    const rows = await sapb1.entities
      .list("Orders", {
        select: ["DocEntry", "DocNum", "NumAtCard", "CardCode"],
        filter: (f) => f.inList("NumAtCard", part),
      })
      .toArray();
    for (const row of rows as B1Order[]) if (row.NumAtCard) result.set(row.NumAtCard, row);
  }
  return result;
}
