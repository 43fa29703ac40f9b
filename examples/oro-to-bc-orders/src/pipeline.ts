/**
 * OroCommerce B2B orders → Business Central sales orders.
 *
 * 1. Oro orders changed since the watermark (`filter[updatedAt][gte]`), with line items, customer (and its parent),
 *    buyer, addresses and order subtotals in the same pages (`include`), so one request per 100 orders.
 * 2. `fromOroOrder`: the Oro customer is the buyer's organization; a department without an account number of its
 *    own bills to the parent customer's (O2); PO number, units (O12) and the price list (O13) are kept; Oro's one
 *    `tax` subtotal becomes an order-level tax (O8).
 * 3. `prepareSalesOrder` against the BC items (O1), the unit mapping (O12) and the Oro price list (O13: a line sold
 *    off the list price is quarantined, or posted and flagged, per `priceDeviation`); cancelled orders are skipped
 *    (O4); guests post to the guest customer, or get a BC customer created (`toBcCustomer`, O3).
 * 4. `toBcSalesOrder` → one deep insert per order, idempotent by `externalDocumentNumber` (O5, O6): orders already
 *    in BC (as sales order or invoice) are found with one look-up per chunk, and an ambiguous failure is resolved by
 *    looking again before creating (createOnce).
 * 5. O8: Oro has no line tax, so BC computes it per item (each item's own tax group) and the pipeline compares BC's
 *    tax and total with Oro's after posting; a difference beyond the tolerance is flagged for finance (O8, O17).
 * 6. The watermark moves past orders that are done (posted, already posted, skipped), never past a held one.
 */
import type { BcClient, SalesOrder, SalesOrderCreate } from "@org/bc-client";
import { fromBcItem, toBcCustomer, toBcSalesOrder } from "@org/bc-client";
import {
  createSyncException,
  Decimal,
  type Item,
  type ItemPrice,
  type Order,
  type PostingConfig,
  prepareSalesOrder,
  roundMoney,
  type SalesOrderLookups,
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
import { createOnce } from "@org/http";
import {
  type FromOroOrderConfig,
  fromOroOrder,
  fromOroProductPrices,
  type OroClient,
  type OroFlatOrder,
} from "@org/oro-client";
import type { BcFake, OroFake } from "@org/testing";

export const PIPELINE = "oro-to-bc-orders";
export const WATERMARK_KEY = `${PIPELINE}:orders.updatedAt`;

/** What every Oro order is requested with (one page of orders carries everything the mapper needs). */
export const ORDER_INCLUDE = [
  "lineItems",
  "customer",
  "customer.parent",
  "customerUser",
  "billingAddress",
  "shippingAddress",
  "orderSubtotals",
] as const;

/** Class given to Oro's order-level tax, mapped to "no tax code": BC then taxes each item by its own tax group. */
export const ORO_ORDER_TAX_CLASS = "oro-order-tax";

/** Oro product unit codes → BC units of measure (O12). */
export const ORO_UNIT_MAPPINGS: Readonly<Record<string, string>> = { item: "PCS", set: "SET", pack: "PACK" };

/**
 * The demo company's posting config for Oro orders: the shared BC demo config, Oro's units, BC computing the tax
 * (`taxSource: "erp"`), no price tolerance.
 */
export const ORO_POSTING_CONFIG: PostingConfig = {
  ...BC_DEMO_POSTING_CONFIG,
  // First, so it wins the tie with the rate rules: the order-level tax leaves the tax code to BC's item.
  taxMappings: [{ taxClass: ORO_ORDER_TAX_CLASS, erpTaxCode: "" }, ...BC_DEMO_POSTING_CONFIG.taxMappings],
  taxSource: "erp",
  // The derived order rate has 2 decimals; rate × net per line may be off Oro's tax by a few cents on large orders.
  taxTolerance: "0.05",
  unitMappings: ORO_UNIT_MAPPINGS,
  priceTolerancePercent: "0",
};

export interface OroToBcOrdersOptions {
  oro: Connection<OroClient, OroFake>;
  bc: Connection<BcClient, BcFake>;
  checkpoints: CheckpointStore;
  /** Posting configuration. Default: {@link ORO_POSTING_CONFIG}. */
  postingConfig?: PostingConfig;
  /** O13: hold an order whose line price deviates from the Oro price list, or post it and flag it. Default: `quarantine`. */
  priceDeviation?: "quarantine" | "flag";
  /** BC tax group of Oro's shipping charge (Oro taxes shipping with the shipping tax code). Default: `VAT19`. */
  shippingTaxCode?: string;
  /** Largest accepted difference between BC's computed tax or total and Oro's, per order. Default: `0.01`. */
  totalsTolerance?: string;
  /** The company's local currency (BC leaves `currencyCode` empty for it). Default: `EUR`. */
  localCurrency?: string;
  /** Orders per look-up of existing BC documents. Default: `50`. */
  lookupChunkSize?: number;
  /** Mapper options (organization ids, statuses). Default: account number from `externalId`, up the parent chain. */
  oroOrderConfig?: FromOroOrderConfig;
  /** Progress lines and summary. Default: console. */
  report?: RunReportOptions;
  /** Pause before looking again after an ambiguous BC failure (createOnce). Default: 1000 ms. */
  lookupDelayMs?: number;
}

type BcDocument = Pick<SalesOrder, "id" | "number" | "externalDocumentNumber"> & {
  totalTaxAmount?: string | number | null;
  totalAmountIncludingTax?: string | number | null;
};

/** Runs one sync; returns the summary (also printed). */
export async function runOroToBcOrders(options: OroToBcOrdersOptions): Promise<RunSummary> {
  const report = new RunReport(PIPELINE, options.report);
  const { oro, bc } = options;
  const config = options.postingConfig ?? ORO_POSTING_CONFIG;
  const localCurrency = options.localCurrency ?? BC_DEMO_LOCAL_CURRENCY;
  const tolerance = Decimal.from(options.totalsTolerance ?? "0.01");
  const oroConfig: FromOroOrderConfig = {
    parentAccountNumberField: "externalId",
    ...options.oroOrderConfig,
    orderTax: { taxClass: ORO_ORDER_TAX_CLASS, ...options.oroOrderConfig?.orderTax },
  };

  // Calls of this run only (a fake may serve several runs).
  report.countHttpCalls("oro", callCounter(oro));
  report.countHttpCalls("bc", callCounter(bc));
  const watermark = await options.checkpoints.get(WATERMARK_KEY);
  const orders = (await oro.client
    .listAll("orders", {
      ...(watermark ? { filter: { updatedAt: { gte: new Date(watermark) } } } : {}),
      sort: ["updatedAt", "id"],
      include: [...ORDER_INCLUDE],
    })
    .toArray()) as OroFlatOrder[];
  report.begin(orders.length, "Oro orders", watermark ? `changed since ${watermark}` : "first run: all orders");
  report.note(`source: ${oro.label}`);
  report.note(`target: ${bc.label}`);

  const done: Array<{ changedAt: string; done: boolean }> = [];
  if (orders.length > 0) {
    const items = await loadItems(bc.client, localCurrency, report);
    const prices = await loadPrices(oro.client, orders, report);
    const existing = await findExisting(
      bc.client,
      orders.map((o) => String(o.identifier ?? o.id)),
      options.lookupChunkSize ?? 50,
    );
    const lookups: SalesOrderLookups = {
      itemBySku: (sku) => items.get(sku),
      expectedUnitPrice: ({ sku, unit, quantity, priceList }) => expectedPrice(prices, sku, unit, quantity, priceList),
    };
    const withoutPrices: SalesOrderLookups = { itemBySku: lookups.itemBySku };

    for (const raw of orders) {
      const changedAt = String(raw.updatedAt ?? raw.createdAt);
      const number = String(raw.identifier ?? raw.id);
      const label = `Oro order ${number}`;
      const mapped = fromOroOrder(raw, oroConfig);
      if (mapped.kind !== "ok") {
        if (mapped.kind === "failed") report.quarantined(label, mapped.exceptions);
        else report.skipped(label, mapped.reason);
        done.push({ changedAt, done: mapped.kind === "skipped" });
        continue;
      }
      const order = mapped.value;
      if (existing.has(number)) {
        report.skipped(label, `already in Business Central as ${existing.get(number)?.number ?? "a document"}`);
        done.push({ changedAt, done: true });
        continue;
      }
      let planned = prepareSalesOrder(order, config, lookups);
      const flagged: SyncException[] = [];
      if (
        planned.kind === "failed" &&
        options.priceDeviation === "flag" &&
        planned.exceptions.every((e) => e.code === "PRICE_DEVIATION")
      ) {
        // O13 by policy "flag": post at the Oro price, and tell finance.
        flagged.push(...planned.exceptions);
        planned = prepareSalesOrder(order, config, withoutPrices);
      }
      if (planned.kind === "skipped") {
        report.skipped(label, planned.reason);
        done.push({ changedAt, done: true });
        continue;
      }
      if (planned.kind === "failed") {
        report.quarantined(label, planned.exceptions);
        done.push({ changedAt, done: false });
        continue;
      }
      try {
        const posted = await postOrder(options, planned.value, order, localCurrency);
        if (posted.kind === "failed") {
          report.quarantined(label, posted.exceptions);
          done.push({ changedAt, done: false });
          continue;
        }
        for (const e of flagged) report.exception(e);
        for (const e of checkTotals(posted.document, order, tolerance, config.targetSystem)) report.exception(e);
        report.posted(
          label,
          `${posted.created ? "BC sales order" : "already in BC as"} ${posted.document.number} for ${posted.customerNumber}, ${roundMoney(order.totals.grandTotal, order.currency, "half-up")} ${order.currency}${posted.recovered ? " (found after an unanswered create)" : ""}${flagged.length > 0 ? " — price deviation flagged" : ""}`,
        );
        done.push({ changedAt, done: true });
      } catch (error) {
        // A failure that is not about this order's data (BC down after retries): hold it, retry next run.
        report.quarantined(label, [
          apiFailure(error, {
            label,
            sourceSystem: "oro",
            targetSystem: config.targetSystem,
            records: [order.source],
            next: "it is retried next run",
          }),
        ]);
        done.push({ changedAt, done: false });
      }
    }
  }

  const next = advanceWatermark(watermark, done);
  if (next !== undefined && next !== watermark) await options.checkpoints.set(WATERMARK_KEY, next);
  return report.finish();
}

async function loadItems(bc: BcClient, currency: string, report: RunReport): Promise<Map<string, Item>> {
  const items = new Map<string, Item>();
  for (const raw of await bc.entities.list("items").toArray()) {
    const result = fromBcItem(raw, { currency });
    if (result.kind === "ok") items.set(result.value.sku, result.value);
    else if (result.kind === "failed") for (const e of result.exceptions) report.exception(e);
  }
  return items;
}

/** The Oro price lists the orders were priced from (O13), read once per run. */
async function loadPrices(
  oro: OroClient,
  orders: readonly OroFlatOrder[],
  report: RunReport,
): Promise<Map<string, ItemPrice[]>> {
  const priceLists = new Set<string>();
  for (const order of orders) {
    for (const subtotal of (order.orderSubtotals ?? []) as Array<Record<string, unknown>>) {
      const list = subtotal.priceList as { id?: unknown } | null | undefined;
      if (subtotal.orderSubtotalType === "subtotal" && typeof list?.id === "string") priceLists.add(list.id);
    }
  }
  if (priceLists.size === 0) return new Map();
  const prices = await oro
    .listAll("productprices", { filter: { priceList: [...priceLists] }, include: ["product"] })
    .toArray();
  const { pricesBySku, exceptions } = fromOroProductPrices(prices);
  for (const e of exceptions) report.exception(e);
  return pricesBySku;
}

function expectedPrice(
  prices: ReadonlyMap<string, ItemPrice[]>,
  sku: string,
  erpUnit: string,
  quantity: Decimal,
  priceList: string | undefined,
): Decimal | undefined {
  const oroUnits = new Set(
    Object.entries(ORO_UNIT_MAPPINGS)
      .filter(([, erp]) => erp === erpUnit)
      .map(([oro]) => oro),
  );
  const candidates = (prices.get(sku) ?? []).filter(
    (p) =>
      (priceList === undefined || p.priceList === priceList) &&
      (p.unit === undefined || oroUnits.has(p.unit)) &&
      p.minimumQuantity.lte(quantity),
  );
  // The tier with the highest minimum quantity the line reaches.
  candidates.sort((a, b) => a.minimumQuantity.cmp(b.minimumQuantity));
  return candidates.at(-1)?.unitPrice;
}

/** Existing BC sales orders and invoices by external document number: one look-up per chunk of orders (O6). */
async function findExisting(bc: BcClient, numbers: readonly string[], chunkSize: number) {
  const found = new Map<string, BcDocument>();
  for (let i = 0; i < numbers.length; i += chunkSize) {
    const chunk = numbers.slice(i, i + chunkSize);
    for (const set of ["salesOrders", "salesInvoices"] as const) {
      const documents = await bc.entities
        .list(set, {
          filter: (f) => f.inList("externalDocumentNumber", chunk),
          select: ["id", "number", "externalDocumentNumber", "totalTaxAmount", "totalAmountIncludingTax"],
        })
        .toArray();
      for (const d of documents as BcDocument[]) if (d.externalDocumentNumber) found.set(d.externalDocumentNumber, d);
    }
  }
  return found;
}

type Posted =
  | { kind: "ok"; document: BcDocument; created: boolean; recovered: boolean; customerNumber: string }
  | { kind: "failed"; exceptions: SyncException[] };

async function postOrder(
  options: OroToBcOrdersOptions,
  plan: SalesOrderPlan,
  order: Order,
  localCurrency: string,
): Promise<Posted> {
  const bc = options.bc.client;
  const sleep = options.lookupDelayMs === undefined ? {} : { lookupDelayMs: options.lookupDelayMs };
  let customerNumber: string;
  if (plan.customer.kind === "existing") {
    customerNumber = plan.customer.customerNumber;
  } else {
    // O3 with the "create customer" policy: one BC customer per e-mail, also after an ambiguous failure.
    const draft = plan.customer;
    const body = toBcCustomer(draft, { localCurrency, currency: plan.currency });
    const created = draft.email
      ? await bc.entities.createOnce("customers", body, "email", sleep)
      : { record: await bc.entities.create("customers", body) };
    customerNumber = String(created.record.number);
  }
  // Oro's shipping is taxed by its shipping tax code; items by BC's item tax groups (empty code).
  const shippingTaxCode = options.shippingTaxCode ?? "VAT19";
  const lines = plan.lines.map((line) =>
    line.kind === "account" && line.purpose === "shipping" && line.taxCode === "" && !line.taxRatePercent.isZero()
      ? { ...line, taxCode: shippingTaxCode }
      : line,
  );
  const mapped = toBcSalesOrder(
    { ...plan, lines },
    { customerNumber, localCurrency, pricesIncludeTax: order.taxMode === "inclusive" },
  );
  if (mapped.kind !== "ok") return { kind: "failed", exceptions: mapped.kind === "failed" ? mapped.exceptions : [] };
  const body: SalesOrderCreate = mapped.value;
  const result = await createOnce<BcDocument>({
    key: `salesOrders externalDocumentNumber ${plan.externalDocumentNumber}`,
    // The first look-up was done for the whole chunk (findExisting); look again only after an ambiguous failure.
    find: lookAgainOnly(
      async () =>
        (await bc.entities.findFirst("salesOrders", (f) =>
          f.eq("externalDocumentNumber", plan.externalDocumentNumber),
        )) as BcDocument | undefined,
    ),
    create: async () => (await bc.entities.create("salesOrders", body)) as BcDocument,
    ...sleep,
  });
  return {
    kind: "ok",
    document: result.record,
    created: result.created,
    recovered: result.recoveredFromUnknownOutcome,
    customerNumber,
  };
}

/** O8/O17: BC computed the tax per item; compare its tax and total with Oro's. */
function checkTotals(document: BcDocument, order: Order, tolerance: Decimal, target: string): SyncException[] {
  const exceptions: SyncException[] = [];
  const label = `Order ${order.source.number ?? order.source.id}`;
  const compare = (bcValue: unknown, oroValue: Decimal, code: "TAX_DIFFERENCE" | "TOTAL_MISMATCH", what: string) => {
    if (bcValue === undefined || bcValue === null) return;
    const value = Decimal.from(bcValue as string | number, what);
    if (value.sub(oroValue).abs().gt(tolerance)) {
      exceptions.push(
        createSyncException(code, {
          message: `${label}: Business Central ${what} ${value} ${order.currency} differs from Oro's ${oroValue} ${order.currency} (BC ${document.number})`,
          sourceSystem: order.source.system,
          targetSystem: target,
          records: [
            order.source,
            { system: target, type: "salesOrder", id: String(document.id), number: String(document.number) },
          ],
          field: code === "TAX_DIFFERENCE" ? "totals.taxTotal" : "totals.grandTotal",
          details: { bc: value.toString(), oro: oroValue.toString() },
        }),
      );
    }
  };
  compare(document.totalTaxAmount, order.totals.taxTotal, "TAX_DIFFERENCE", "tax");
  compare(document.totalAmountIncludingTax, order.totals.grandTotal, "TOTAL_MISMATCH", "total");
  return exceptions;
}
