/**
 * BigCommerce orders → Business Central sales orders, exactly once (O1–O17).
 *
 * 1. List the orders modified since the watermark (`min_date_modified`, sorted by `date_modified`, pages of 250;
 *    v2's 204 ends the list). Orders whose checkpoint says they are posted, and orders not in a ready status (O4:
 *    awaiting payment, pending, cancelled…), are skipped without another call; a status change moves
 *    `date_modified`, so a not-ready order comes back when it is ready.
 * 2. For the rest, read what `fromBigCommerceOrder` needs: products, shipping addresses, taxes, v3 transactions
 *    (gateway ids, gift card tender), and coupons only when the order has a coupon discount.
 * 3. Look up in BC, in bulk per page of orders: items by SKU (O1), customers by e-mail (O2; guests go to the
 *    configured guest customer, O3), and sales orders already carrying these order numbers (O6).
 * 4. `prepareSalesOrder` (tax codes O8, exact discount allocation O9, gift cards as tender against the liability
 *    account O10, shipping as its own G/L line O16, totals reconciled O17) → `toBcSalesOrder` → one deep insert
 *    (header + lines), idempotent by `externalDocumentNumber`: looked up before creating and again after any
 *    ambiguous failure (lost response, 5xx), so a retry never posts twice.
 * 5. After posting, BC's document total is compared with the storefront grand total (O17).
 * 6. A bad order (unknown SKU, unmapped tax, …) is held with its exceptions; the others go on. The watermark moves
 *    only past orders that are done, so a held order is listed again next run.
 */
import type { BcClient, SalesOrderCreate } from "@org/bc-client";
import { fromBcCustomer, fromBcItem, toBcCustomer, toBcSalesOrder } from "@org/bc-client";
import type { BigCommerceClient, BigCommerceOrderBundle } from "@org/bigcommerce-client";
import { BIGCOMMERCE_ORDER_STAGES, fromBigCommerceOrder } from "@org/bigcommerce-client";
import {
  type Customer,
  compareDocumentTotal,
  Decimal,
  type Item,
  type Order,
  type PostingConfig,
  prepareSalesOrder,
  type SalesOrderPlan,
  type SyncException,
} from "@org/core";
import {
  advanceWatermark,
  apiFailure,
  BC_DEMO_LOCAL_CURRENCY,
  BC_DEMO_POSTING_CONFIG,
  type CheckpointStore,
  type Connection,
  callCounter,
  lookAgainOnly,
  RunReport,
  type RunReportOptions,
  type RunSummary,
} from "@org/example-kit";
import { ApiCallError, createOnce, toApiCallError } from "@org/http";
import type { BcFake, BigCommerceFake } from "@org/testing";

export const PIPELINE = "bigcommerce-to-bc-orders";
const WATERMARK_KEY = `${PIPELINE}/watermark`;
const orderKey = (id: number | string) => `${PIPELINE}/order/${id}`;

/**
 * Statuses whose orders are paid and ready to post (O4): Awaiting Fulfillment (11), Awaiting Shipment (9),
 * Awaiting Pickup (8), Partially Shipped (3), Shipped (2), Completed (10).
 */
export const READY_STATUS_IDS: readonly number[] = [11, 9, 8, 3, 2, 10];

export interface BigCommerceToBcOrdersOptions {
  /** BigCommerce (real or fake), from `connectBigCommerce`. */
  bigCommerce: Connection<BigCommerceClient, BigCommerceFake>;
  /** Business Central (real or fake), from `connectBc`. */
  bc: Connection<BcClient, BcFake>;
  /** Watermark and per-order checkpoints. */
  checkpoints: CheckpointStore;
  /** How orders post. Default: the demo company's ({@link BC_DEMO_POSTING_CONFIG}). */
  postingConfig?: PostingConfig;
  /** The BC company's local currency. Default: `EUR` ({@link BC_DEMO_LOCAL_CURRENCY}). */
  localCurrency?: string;
  /** `status_id`s that are ready to post. Default: {@link READY_STATUS_IDS}. */
  readyStatusIds?: readonly number[];
  /** Orders per BigCommerce list page and per bulk BC look-up. Default: `250` (BigCommerce's maximum). */
  pageSize?: number;
  /** Requests in flight per system. Default: `5` (BC's limit). */
  concurrency?: number;
  /** Tries per order after transient or ambiguous failures before it is held for the next run. Default: `4`. */
  maxAttempts?: number;
  /** Pause before looking BC up again after an ambiguous failure, in ms. Default: `250`. */
  lookupDelayMs?: number;
  /** Largest accepted difference between BC's document total and the storefront grand total. Default: `0`. */
  totalTolerance?: string;
  /** Where progress and the summary go. Default: the console. */
  report?: RunReportOptions;
}

type V2Order = BigCommerceOrderBundle["order"] & { id: number; status_id: number; date_modified?: string };

interface Lookups {
  items: Map<string, Item | null>;
  customersByEmail: Map<string, Customer[]>;
}

interface OrderRecord {
  id: number;
  changedAt: string;
  done: boolean;
}

/** Runs the pipeline once; returns the summary it printed. */
export async function runBigCommerceToBcOrders(options: BigCommerceToBcOrdersOptions): Promise<RunSummary> {
  const report = new RunReport(PIPELINE, options.report);
  const { bigCommerce, bc } = options;
  report.countHttpCalls("bigcommerce", callCounter(bigCommerce));
  report.countHttpCalls("bc", callCounter(bc));
  const config = options.postingConfig ?? BC_DEMO_POSTING_CONFIG;
  const ready = new Set(options.readyStatusIds ?? READY_STATUS_IDS);
  const pageSize = options.pageSize ?? 250;
  const concurrency = options.concurrency ?? 5;
  const watermark = await options.checkpoints.get(WATERMARK_KEY);

  const listed = (await bigCommerce.client
    .paginateV2({
      limit: pageSize,
      fetchPage: (query, signal) =>
        bigCommerce.client.api["/v2/orders"].GET({
          params: {
            query: {
              ...query,
              ...(watermark ? { min_date_modified: watermark } : {}),
              // The spec's enum names the field; BigCommerce also takes `field:direction`.
              sort: "date_modified:asc" as "date_modified",
            },
          },
          ...(signal ? { signal } : {}),
        }),
    })
    .toArray()) as V2Order[];
  report.begin(
    listed.length,
    "orders",
    `${bigCommerce.label} → ${bc.label}${watermark ? `; changed since ${watermark}` : "; first run"}`,
  );

  const records: OrderRecord[] = [];
  const candidates: V2Order[] = [];
  for (const order of listed) {
    const record = { id: order.id, changedAt: changedAt(order), done: false };
    records.push(record);
    const posted = await options.checkpoints.get(orderKey(order.id));
    if (posted) {
      record.done = true;
      report.skipped(`order ${order.id}`, `already posted as BC sales order ${posted} (checkpoint)`);
    } else if (!ready.has(order.status_id)) {
      // O4: not paid or not to be fulfilled. Its next status change moves date_modified, so it comes back then.
      record.done = true;
      const stage = BIGCOMMERCE_ORDER_STAGES[order.status_id] ?? "unknown";
      report.skipped(`order ${order.id}`, `status ${order.status ?? order.status_id} (${stage}) is not ready to post`);
    } else {
      candidates.push(order);
    }
  }

  const lookups: Lookups = { items: new Map(), customersByEmail: new Map() };
  const byId = new Map(records.map((r) => [r.id, r]));
  for (let start = 0; start < candidates.length; start += pageSize) {
    const page = candidates.slice(start, start + pageSize);
    const bundles = await mapPool(page, concurrency, (order) => fetchBundle(bigCommerce.client, order));
    const mapped: Array<{ order: Order; id: number }> = [];
    for (const [index, bundle] of bundles.entries()) {
      const id = page[index]?.id ?? 0;
      if (bundle instanceof ApiCallError) {
        report.quarantined(`order ${id}`, [callFailed(id, "bigcommerce", bundle)]);
        continue;
      }
      const result = fromBigCommerceOrder(bundle);
      if (result.kind === "failed") report.quarantined(`order ${id}`, result.exceptions);
      else if (result.kind === "skipped") {
        report.skipped(`order ${id}`, result.reason);
        const record = byId.get(id);
        if (record) record.done = true;
      } else mapped.push({ order: result.value, id });
    }
    let existing: Map<string, BcOrderTotals>;
    try {
      await loadLookups(bc.client, mapped, lookups, options.localCurrency ?? BC_DEMO_LOCAL_CURRENCY);
      existing = await existingOrders(
        bc.client,
        mapped.map((m) => String(m.id)),
      );
    } catch (error) {
      for (const { id } of mapped) report.quarantined(`order ${id}`, [callFailed(id, "bc", error)]);
      continue;
    }
    await mapPool(mapped, concurrency, async ({ order, id }) => {
      const outcome = await postOrder(order, id, { options, config, lookups, existing, report });
      const record = byId.get(id);
      if (record && outcome) {
        record.done = true;
        await options.checkpoints.set(orderKey(id), outcome);
      }
    });
  }

  const next = advanceWatermark(watermark, records);
  if (next !== undefined && next !== watermark) await options.checkpoints.set(WATERMARK_KEY, next);
  return report.finish();
}

/** `date_modified` (RFC 2822 on v2) as ISO 8601, for the watermark. */
function changedAt(order: V2Order): string {
  const raw = order.date_modified ?? order.date_created ?? "";
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? new Date(0).toISOString() : new Date(ms).toISOString();
}

/** Runs `fn` over `items` with at most `limit` at once; results in input order. */
export async function mapPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// ---- BigCommerce -----------------------------------------------------------------------------------------------

async function fetchBundle(client: BigCommerceClient, order: V2Order): Promise<BigCommerceOrderBundle | ApiCallError> {
  const path = { order_id: order.id };
  const query = { limit: 250 };
  // v2 sub-resources answer 204 with no body when empty.
  const list = <T>(result: { data?: unknown; error?: unknown; response: Response }): T[] => {
    if (result.response.status === 204) return [];
    if (!result.response.ok) throw toError(result);
    return (Array.isArray(result.data) ? result.data : []) as T[];
  };
  try {
    const hasCoupon = !Decimal.from(order.coupon_discount ?? "0", "coupon_discount").isZero();
    const [products, shippingAddresses, taxes, coupons, transactions] = await Promise.all([
      client
        .paginateV2({
          fetchPage: (q, signal) =>
            client.api["/v2/orders/{order_id}/products"].GET({
              params: { path, query: q },
              ...(signal ? { signal } : {}),
            }),
        })
        .toArray(),
      client.api["/v2/orders/{order_id}/shipping_addresses"].GET({ params: { path, query } }).then(list),
      client.api["/v2/orders/{order_id}/taxes"].GET({ params: { path, query } }).then(list),
      hasCoupon ? client.api["/v2/orders/{order_id}/coupons"].GET({ params: { path, query } }).then(list) : [],
      client.api["/v3/orders/{order_id}/transactions"].GET({ params: { path } }).then((result) => {
        if (!result.response.ok) throw toError(result);
        const body = result.data as { data?: unknown } | undefined;
        return (Array.isArray(body?.data) ? body.data : []) as NonNullable<BigCommerceOrderBundle["transactions"]>;
      }),
    ]);
    return {
      order,
      products,
      shippingAddresses,
      taxes,
      coupons,
      transactions,
    } as BigCommerceOrderBundle;
  } catch (error) {
    if (error instanceof ApiCallError) return error;
    throw error;
  }
}

function toError(result: { data?: unknown; error?: unknown; response: Response }): ApiCallError {
  return toApiCallError(result as Parameters<typeof toApiCallError>[0]);
}

// ---- Business Central look-ups --------------------------------------------------------------------------------

/** Values per OData `or` filter: keeps URLs well under BC's length limit. */
const FILTER_CHUNK = 40;

function chunks<T>(values: readonly T[], size = FILTER_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

async function loadLookups(
  client: BcClient,
  orders: ReadonlyArray<{ order: Order }>,
  lookups: Lookups,
  localCurrency: string,
): Promise<void> {
  const skus = [...new Set(orders.flatMap(({ order }) => order.lines.map((l) => l.sku)))].filter(
    (sku) => sku !== "" && !lookups.items.has(sku),
  );
  for (const chunk of chunks(skus)) {
    const found = await client.entities.list("items", { filter: (f) => f.inList("number", chunk) }).toArray();
    for (const raw of found) {
      const item = fromBcItem(raw, { currency: localCurrency });
      if (item.kind === "ok") lookups.items.set(item.value.sku, item.value);
    }
    for (const sku of chunk) if (!lookups.items.has(sku)) lookups.items.set(sku, null);
  }
  const emails = [
    ...new Set(
      orders.flatMap(({ order }) => (!order.customer.isGuest && order.customer.email ? [order.customer.email] : [])),
    ),
  ].filter((email) => !lookups.customersByEmail.has(email.toLowerCase()));
  for (const chunk of chunks(emails)) {
    const found = await client.entities.list("customers", { filter: (f) => f.inList("email", chunk) }).toArray();
    for (const email of chunk) lookups.customersByEmail.set(email.toLowerCase(), []);
    for (const raw of found) {
      const customer = fromBcCustomer(raw, { localCurrency });
      const email = customer.kind === "ok" ? customer.value.email?.toLowerCase() : undefined;
      if (customer.kind === "ok" && email) lookups.customersByEmail.get(email)?.push(customer.value);
    }
  }
}

interface BcOrderTotals {
  number: string;
  total: string | undefined;
}

/** BC sales orders already carrying these storefront order numbers (O6), in bulk. */
async function existingOrders(client: BcClient, numbers: readonly string[]): Promise<Map<string, BcOrderTotals>> {
  const existing = new Map<string, BcOrderTotals>();
  for (const chunk of chunks(numbers)) {
    const found = await client.entities
      .list("salesOrders", {
        filter: (f) => f.inList("externalDocumentNumber", chunk),
        select: ["number", "externalDocumentNumber", "totalAmountIncludingTax"],
      })
      .toArray();
    for (const order of found) {
      if (order.externalDocumentNumber) existing.set(order.externalDocumentNumber, totalsOf(order));
    }
  }
  return existing;
}

function totalsOf(order: { number?: string | null; totalAmountIncludingTax?: unknown }): BcOrderTotals {
  const total = order.totalAmountIncludingTax;
  return {
    number: order.number ?? "(unnumbered)",
    total: typeof total === "string" || typeof total === "number" ? String(total) : undefined,
  };
}

// ---- Posting ---------------------------------------------------------------------------------------------------

interface PostContext {
  options: BigCommerceToBcOrdersOptions;
  config: PostingConfig;
  lookups: Lookups;
  existing: ReadonlyMap<string, BcOrderTotals>;
  report: RunReport;
}

/** Posts one order; returns the BC order number when it is in BC (now or before), `undefined` when held. */
async function postOrder(order: Order, id: number, context: PostContext): Promise<string | undefined> {
  const { options, config, lookups, existing, report } = context;
  const label = `order ${id}`;
  const already = existing.get(String(id));
  if (already) {
    report.skipped(label, `already in Business Central as sales order ${already.number}`);
    return already.number;
  }
  const plan = prepareSalesOrder(order, config, {
    itemBySku: (sku) => lookups.items.get(sku) ?? undefined,
    customersByEmail: (email) => lookups.customersByEmail.get(email.toLowerCase()) ?? [],
  });
  if (plan.kind === "failed") {
    report.quarantined(label, plan.exceptions);
    return undefined;
  }
  if (plan.kind === "skipped") {
    report.skipped(label, plan.reason);
    return "skipped";
  }
  const localCurrency = options.localCurrency ?? BC_DEMO_LOCAL_CURRENCY;
  const bc = options.bc.client;
  const attempts = options.maxAttempts ?? 4;
  const lookupDelayMs = options.lookupDelayMs ?? 250;
  let lastError: ApiCallError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const customerNumber = await customerFor(bc, plan.value, localCurrency, lookupDelayMs, lookups);
      const body = toBcSalesOrder(plan.value, { customerNumber, localCurrency, pricesIncludeTax: false });
      if (body.kind !== "ok") {
        report.quarantined(label, body.kind === "failed" ? body.exceptions : []);
        return undefined;
      }
      // Only the first try may rely on the bulk look-up: after any failure BC is asked again.
      const created = await createSalesOrderOnce(bc, body.value, lookupDelayMs, attempt === 1);
      const totals = totalsOf(created.record);
      const mismatch = compareDocumentTotal({
        sourceRef: plan.value.sourceRef,
        documentRef: { system: "bc", type: "salesOrder", id: totals.number, number: totals.number },
        currency: plan.value.currency,
        expected: plan.value.expectedTotal,
        actual: totals.total ?? "0",
        // BC computes tax itself; the plan knows by how much that differs from the storefront's tax (O8).
        tolerance: plan.value.taxDifference.abs().add(options.totalTolerance ?? "0"),
      });
      // O17: the order is in BC either way; a different total is finance's to look at.
      if (mismatch) report.exception(mismatch);
      report.posted(label, describePosting(plan.value, totals, created.recoveredFromUnknownOutcome));
      return totals.number;
    } catch (error) {
      // A call that may succeed on another try is tried again here; anything else holds the order (X2).
      if (!(error instanceof ApiCallError) || !(error.retryable || error.outcomeUnknown)) {
        report.quarantined(label, [callFailed(id, "bc", error)]);
        return undefined;
      }
      lastError = error;
      if (attempt < attempts) await sleep(lookupDelayMs);
    }
  }
  report.quarantined(label, [callFailed(id, "bc", lastError)]);
  return undefined;
}

function describePosting(plan: SalesOrderPlan, totals: BcOrderTotals, recovered: boolean): string {
  const lines = plan.lines.filter((l) => l.kind === "item").length;
  const shipping = plan.lines.find((l) => l.kind === "account" && l.purpose === "shipping");
  const gift = Decimal.sum(plan.giftCardSettlements.map((g) => g.amount));
  const customer = plan.customer.kind === "existing" ? plan.customer.customerNumber : "new customer";
  return [
    `BC sales order ${totals.number} for ${customer}`,
    `${lines} item line${lines === 1 ? "" : "s"}`,
    ...(shipping && !shipping.netAmount.isZero()
      ? [`shipping ${money(shipping.netAmount)} to G/L ${shipping.kind === "account" ? shipping.account : ""}`]
      : []),
    ...(gift.isZero()
      ? []
      : [`gift card ${money(gift)} paid, to settle against liability ${plan.giftCardSettlements[0]?.account}`]),
    ...(plan.taxDifference.isZero() ? [] : [`BC's own tax differs by ${money(plan.taxDifference)} (O8)`]),
    `total ${totals.total ?? "?"} ${plan.currency}`,
    ...(recovered ? ["(found after a lost response, not sent twice)"] : []),
  ].join(", ");
}

const money = (amount: Decimal): string => amount.toFixed(2, "half-up");

/** The BC customer number; a new customer is created once, keyed by e-mail (O2). */
async function customerFor(
  bc: BcClient,
  plan: SalesOrderPlan,
  localCurrency: string,
  lookupDelayMs: number,
  lookups: Lookups,
): Promise<string> {
  if (plan.customer.kind === "existing") return plan.customer.customerNumber;
  const body = toBcCustomer(plan.customer, { localCurrency, currency: plan.currency });
  const created = await bc.entities.createOnce("customers", body as never, "email" as never, { lookupDelayMs });
  const record = created.record as { number?: string | null };
  const number = record.number ?? "";
  if (plan.customer.email) {
    const customer = fromBcCustomer(created.record, { localCurrency });
    if (customer.kind === "ok") lookups.customersByEmail.set(plan.customer.email.toLowerCase(), [customer.value]);
  }
  return number;
}

/** One deep insert, looked up by `externalDocumentNumber` again after an ambiguous failure (O6). */
function createSalesOrderOnce(bc: BcClient, body: SalesOrderCreate, lookupDelayMs: number, lookedUp: boolean) {
  const key = body.externalDocumentNumber ?? "";
  const find = () => bc.entities.findFirst("salesOrders", (f) => f.eq("externalDocumentNumber", key));
  return createOnce({
    key: `salesOrders externalDocumentNumber ${key}`,
    // On an order's first try the look-up was done in bulk for the whole page (existingOrders); every other
    // look-up (after an ambiguous failure, or on a later try) asks BC.
    find: lookedUp ? lookAgainOnly(find) : find,
    create: () => bc.entities.create("salesOrders", body),
    lookupDelayMs,
  });
}

function callFailed(id: number, system: "bc" | "bigcommerce", error: unknown): SyncException {
  return apiFailure(error, {
    label: `Order ${id}, ${system === "bc" ? "posting to Business Central" : "reading from BigCommerce"}`,
    sourceSystem: "bigcommerce",
    targetSystem: "bc",
    records: [{ system: "bigcommerce", type: "order", id: String(id), number: String(id) }],
    next: "the next run looks it up by order number before posting",
  });
}

const sleep = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve());
