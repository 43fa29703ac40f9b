/**
 * BigCommerce refunds → Business Central sales credit memos (R1–R5).
 *
 * 1. Refunds created since the watermark (`GET /v3/orders/payment_actions/refunds?created:min=…`, store-wide).
 * 2. Per refund: the order with its products, taxes and transactions → `fromBigCommerceRefund` (the credit memo
 *    with every tender as a refund payment: card with the provider's transaction id, store credit, gift
 *    certificate; several per refund) → `prepareCreditMemo` against the posted
 *    BC invoice found by the order number in `externalDocumentNumber` (R1; none yet: R4 waits, retryable) →
 *    `toBcSalesCreditMemo`.
 * 3. Created once per refund id (R5): the credit memo's `externalDocumentNumber` is `{order}-{refund}`, looked up
 *    before creating and again after an ambiguous failure (createOnce).
 * A refund that cannot be credited is quarantined with its exceptions and the watermark stays before it, so the
 * next run tries it again; the other refunds go on.
 */
import { type BcClient, bcCreditMemoDocumentNumber, fromBcItem, toBcSalesCreditMemo } from "@org/bc-client";
import {
  type BigCommerceClient,
  type BigCommerceOrderBundle,
  type BigCommerceRefund,
  type BigCommerceTransaction,
  type FromBigCommerceRefundOptions,
  fromBigCommerceRefund,
} from "@org/bigcommerce-client";
import {
  createSyncException,
  Decimal,
  type Item,
  type PostingConfig,
  prepareCreditMemo,
  type RecordRef,
  type SyncException,
} from "@org/core";
import {
  apiFailure,
  type CheckpointStore,
  type Connection,
  callCounter,
  decodeWatermark,
  encodeWatermark,
  isNewSinceWatermark,
  lookAgainOnly,
  nextWatermark,
  type RecordOutcome,
  RunReport,
  type RunReportOptions,
  type RunSummary,
  type Watermark,
} from "@org/example-kit";
import { createOnce, unwrap } from "@org/http";
import type { FakeService } from "@org/testing";
import { addTenderComments, describeTenders } from "./refund-tenders.js";

export const PIPELINE_NAME = "bigcommerce-to-bc-refunds";

export interface RefundSyncOptions {
  /** BigCommerce, real or fake (the kit's `connectBigCommerce`). */
  bigCommerce: Connection<BigCommerceClient, FakeService>;
  /** Business Central, real or fake (the kit's `connectBc`). */
  bc: Connection<BcClient, FakeService>;
  /** Where the watermark is kept between runs. */
  checkpoints: CheckpointStore;
  /** Tax codes and G/L accounts (the kit's shared BC posting config). */
  postingConfig: PostingConfig;
  /** The BC company's local currency (LCY): credit memos in it carry no currency code. Default: `EUR`. */
  localCurrency?: string;
  /** Whether refunded products go back into stock (R3): see `fromBigCommerceRefund`. Default: `true`. */
  returnToStock?: FromBigCommerceRefundOptions["returnToStock"];
  /**
   * Add a comment line to the credit memo for each part refunded as store credit or a gift certificate, so finance
   * sees in BC that the credit is a liability, not cash paid out (O10, S5). Default: `true`.
   */
  tenderComments?: boolean;
  /** Pause before looking a credit memo up again after an ambiguous failure (createOnce). Default: 1,000 ms. */
  lookupDelayMs?: number;
  /** Key of the watermark in `checkpoints`. Default: `bigcommerce-to-bc-refunds:created`. */
  checkpointKey?: string;
  /** Progress and summary output. Default: console. */
  report?: RunReportOptions;
}

/** One refund as listed, with the time the watermark follows. */
interface ListedRefund {
  refund: BigCommerceRefund;
  id: string;
  orderId: string;
  created: string;
}

/** What BC holds for an order: its posted invoice, or at least its sales order. */
interface BcOrderDocuments {
  invoice: { ref: RecordRef; customerNumber: string } | undefined;
  salesOrder: { ref: RecordRef; customerNumber: string } | undefined;
}

export async function runRefundSync(options: RefundSyncOptions): Promise<RunSummary> {
  const report = new RunReport(PIPELINE_NAME, options.report);
  const { bigCommerce, bc, checkpoints } = options;
  const checkpointKey = options.checkpointKey ?? `${PIPELINE_NAME}:created`;
  const localCurrency = options.localCurrency ?? "EUR";
  report.countHttpCalls("bigcommerce", callCounter(bigCommerce));
  report.countHttpCalls("bc", callCounter(bc));

  const watermark = decodeWatermark(await checkpoints.get(checkpointKey));
  const listed = await listRefunds(bigCommerce.client, watermark);
  report.begin(
    listed.length,
    "refunds",
    `${bigCommerce.label} → ${bc.label}; ${watermark ? `created since ${watermark.at}` : "all refunds"}`,
  );

  const orders = new Map<string, Promise<OrderContext>>();
  const bcDocuments = new Map<string, Promise<BcOrderDocuments>>();
  const items = new Map<string, Item | null>();
  const outcomes: Array<{ id: string; changedAt: string; done: boolean }> = [];

  for (const entry of listed) {
    const label = `refund ${entry.id} of order ${entry.orderId}`;
    const records: RecordRef[] = [
      { system: "bigcommerce", type: "refund", id: entry.id },
      { system: "bigcommerce", type: "order", id: entry.orderId, number: entry.orderId },
    ];
    let done = false;
    try {
      const outcome = await creditRefund(entry, { options, localCurrency, orders, bcDocuments, items, records });
      done = report.outcome(label, outcome);
    } catch (error) {
      report.quarantined(label, [
        apiFailure(error, {
          label,
          sourceSystem: "bigcommerce",
          targetSystem: "bc",
          records,
          next: "it is retried next run",
        }),
      ]);
    }
    outcomes.push({ id: entry.id, changedAt: entry.created, done });
  }

  const next = nextWatermark(watermark, outcomes);
  if (next) await checkpoints.set(checkpointKey, encodeWatermark(next));
  return report.finish();
}

/** Every refund created at or after the watermark, oldest first, minus those already done at the watermark. */
async function listRefunds(client: BigCommerceClient, watermark: Watermark | undefined): Promise<ListedRefund[]> {
  const refunds = await client
    .paginateV3({
      fetchPage: ({ page, limit }, signal) =>
        client.api["/v3/orders/payment_actions/refunds"].GET({
          params: { query: { page, limit, ...(watermark ? { "created:min": watermark.at } : {}) } },
          ...(signal ? { signal } : {}),
        }),
    })
    .toArray();
  return refunds
    .map((refund) => ({
      refund: refund as BigCommerceRefund,
      id: String(refund.id ?? ""),
      orderId: String(refund.order_id ?? ""),
      created: String(refund.created ?? ""),
    }))
    .filter(
      (r) => r.id !== "" && r.created !== "" && isNewSinceWatermark(watermark, { id: r.id, changedAt: r.created }),
    )
    .sort((a, b) => Date.parse(a.created) - Date.parse(b.created) || Number(a.id) - Number(b.id));
}

interface OrderContext {
  bundle: Pick<BigCommerceOrderBundle, "order" | "products" | "taxes">;
  transactions: BigCommerceTransaction[];
}

/** The order as `fromBigCommerceRefund` needs it: v2 order, products and taxes, v3 transactions (5 calls). */
async function loadOrder(client: BigCommerceClient, orderId: number): Promise<OrderContext> {
  const path = { params: { path: { order_id: orderId } } };
  const order = unwrap(await client.api["/v2/orders/{order_id}"].GET(path));
  const products = await client
    .paginateV2({
      fetchPage: ({ page, limit }, signal) =>
        client.api["/v2/orders/{order_id}/products"].GET({
          params: { path: { order_id: orderId }, query: { page, limit } },
          ...(signal ? { signal } : {}),
        }),
    })
    .toArray();
  const taxes = await client
    .paginateV2({
      fetchPage: ({ page, limit }, signal) =>
        client.api["/v2/orders/{order_id}/taxes"].GET({
          params: { path: { order_id: orderId }, query: { page, limit } },
          ...(signal ? { signal } : {}),
        }),
    })
    .toArray();
  const transactions = unwrap(await client.api["/v3/orders/{order_id}/transactions"].GET(path));
  return {
    bundle: {
      order: order as BigCommerceOrderBundle["order"],
      products: products as BigCommerceOrderBundle["products"],
      taxes: taxes as NonNullable<BigCommerceOrderBundle["taxes"]>,
    },
    transactions: ((transactions as { data?: unknown } | undefined)?.data ?? []) as BigCommerceTransaction[],
  };
}

/** The BC invoice (R1) or, failing that, the sales order (R4) whose external document number is the order's. */
async function loadBcDocuments(bc: BcClient, orderNumber: string): Promise<BcOrderDocuments> {
  const invoice = await bc.entities.findFirst("salesInvoices", (f) => f.eq("externalDocumentNumber", orderNumber));
  if (invoice && invoice.status !== "Canceled" && invoice.status !== "Draft") {
    return {
      invoice: {
        ref: {
          system: "bc",
          type: "salesInvoice",
          id: invoice.id,
          ...(invoice.number ? { number: invoice.number } : {}),
        },
        customerNumber: invoice.customerNumber,
      },
      salesOrder: undefined,
    };
  }
  const order = await bc.entities.findFirst("salesOrders", (f) => f.eq("externalDocumentNumber", orderNumber));
  return {
    invoice: undefined,
    salesOrder: order
      ? {
          ref: { system: "bc", type: "salesOrder", id: order.id, ...(order.number ? { number: order.number } : {}) },
          customerNumber: order.customerNumber,
        }
      : undefined,
  };
}

/** ERP items for the SKUs of returned goods, read once per run (one call for all SKUs a refund needs). */
async function loadItems(
  bc: BcClient,
  skus: readonly string[],
  cache: Map<string, Item | null>,
  currency: string,
): Promise<void> {
  const missing = [...new Set(skus)].filter((sku) => !cache.has(sku));
  if (missing.length === 0) return;
  const found = await bc.entities
    .list("items", {
      filter: (f) => f.inList("number", missing),
      select: [
        "id",
        "number",
        "displayName",
        "type",
        "blocked",
        "baseUnitOfMeasureCode",
        "unitPrice",
        "priceIncludesTax",
        "taxGroupCode",
      ],
    })
    .toArray();
  for (const raw of found) {
    const item = fromBcItem(raw, { currency });
    if (item.kind === "ok") cache.set(item.value.sku, item.value);
  }
  for (const sku of missing) if (!cache.has(sku)) cache.set(sku, null);
}

interface RunContext {
  options: RefundSyncOptions;
  localCurrency: string;
  orders: Map<string, Promise<OrderContext>>;
  bcDocuments: Map<string, Promise<BcOrderDocuments>>;
  items: Map<string, Item | null>;
  records: RecordRef[];
}

async function creditRefund(entry: ListedRefund, context: RunContext): Promise<RecordOutcome> {
  const { options, records } = context;
  const label = `Refund ${entry.id} of order ${entry.orderId}`;
  const raise = (
    code: Parameters<typeof createSyncException>[0],
    message: string,
    field?: string,
    details?: Record<string, unknown>,
  ): RecordOutcome => ({
    kind: "quarantined",
    exceptions: [
      createSyncException(code, {
        message: `${label}: ${message}`,
        sourceSystem: "bigcommerce",
        targetSystem: "bc",
        records,
        ...(field ? { field } : {}),
        ...(details ? { details } : {}),
      }),
    ],
  });
  if (!/^\d+$/.test(entry.orderId)) return raise("INVALID_PAYLOAD", "the refund names no order", "order_id");

  // R5: one credit memo per refund id, `{order}-{refund}` in its external document number. Looked up first (an
  // earlier run, or a create whose answer was lost), before anything else is read.
  const documentNumber = bcCreditMemoDocumentNumber({
    orderNumber: entry.orderId,
    refundRef: { system: "bigcommerce", type: "refund", id: entry.id },
  });
  const findCreditMemo = () =>
    options.bc.client.entities.findFirst("salesCreditMemos", (f) => f.eq("externalDocumentNumber", documentNumber));
  const existing = await findCreditMemo();
  if (existing) return { kind: "skipped", reason: `already in BC as credit memo ${existing.number ?? existing.id}` };

  let order = context.orders.get(entry.orderId);
  if (!order) {
    order = loadOrder(options.bigCommerce.client, Number(entry.orderId));
    context.orders.set(entry.orderId, order);
  }
  const { bundle, transactions } = await order;

  const mapped = fromBigCommerceRefund(entry.refund, {
    order: bundle,
    transactions,
    ...(options.returnToStock !== undefined ? { returnToStock: options.returnToStock } : {}),
  });
  if (mapped.kind === "failed") return { kind: "quarantined", exceptions: mapped.exceptions };
  if (mapped.kind === "skipped") return { kind: "skipped", reason: mapped.reason };

  // Every tender with its transaction id comes from the mapper (`refundPayments`); core checks they add up (R2).
  const memo = mapped.value;

  const orderNumber = memo.orderRef.number ?? memo.orderRef.id;
  let documents = context.bcDocuments.get(orderNumber);
  if (!documents) {
    documents = loadBcDocuments(options.bc.client, orderNumber);
    context.bcDocuments.set(orderNumber, documents);
  }
  const { invoice, salesOrder } = await documents;
  if (!invoice && !salesOrder) {
    // R1: not even a sales order: the order never reached BC (held in the orders pipeline?), so nothing to credit.
    return raise(
      "INVOICE_NOT_FOUND",
      `no BC invoice or sales order has external document number ${orderNumber}; the credit memo waits for it`,
      "externalDocumentNumber",
      { externalDocumentNumber: orderNumber },
    );
  }

  await loadItems(
    options.bc.client,
    memo.lines.filter((l) => l.returnToStock).map((l) => l.sku),
    context.items,
    context.localCurrency,
  );
  const planned = prepareCreditMemo(memo, options.postingConfig, {
    itemBySku: (sku) => context.items.get(sku) ?? undefined,
    invoiceForOrder: () => invoice?.ref,
  });
  if (planned.kind === "failed") return { kind: "quarantined", exceptions: planned.exceptions };
  if (planned.kind === "skipped") return { kind: "skipped", reason: planned.reason };
  const plan = planned.value;

  const customerNumber = invoice?.customerNumber ?? salesOrder?.customerNumber ?? "";
  const body = toBcSalesCreditMemo(plan, { customerNumber, localCurrency: context.localCurrency });
  if (body.kind === "failed") return { kind: "quarantined", exceptions: body.exceptions };
  if (body.kind === "skipped") return { kind: "skipped", reason: body.reason };
  const withComments = addTenderComments(
    body.value,
    plan.refundPayments,
    plan.currency,
    options.tenderComments ?? true,
  );

  if (bcCreditMemoDocumentNumber(plan) !== documentNumber)
    return raise("INVALID_PAYLOAD", `the refund's order number differs from ${entry.orderId}`, "order_id");
  const created = await createOnce({
    key: `salesCreditMemos externalDocumentNumber ${documentNumber}`,
    // The first look-up was made above; createOnce looks again only after an ambiguous failure.
    find: lookAgainOnly(findCreditMemo),
    create: () => options.bc.client.entities.create("salesCreditMemos", withComments),
    lookupDelayMs: options.lookupDelayMs ?? 1000,
  });
  const creditMemo = created.record;
  if (!created.created)
    return { kind: "skipped", reason: `already in BC as credit memo ${creditMemo.number ?? creditMemo.id}` };

  const warnings: SyncException[] = [];
  const total = creditMemo.totalAmountIncludingTax;
  // R2: the credit memo BC computed must equal what was paid back; a difference is for finance to look at.
  if (total !== null && total !== undefined && !Decimal.from(String(total)).eq(plan.expectedTotal)) {
    warnings.push(
      createSyncException("REFUND_TOTAL_MISMATCH", {
        message: `${label}: BC credit memo ${creditMemo.number ?? creditMemo.id} totals ${total} ${plan.currency}, but ${plan.expectedTotal} ${plan.currency} was refunded`,
        sourceSystem: "bigcommerce",
        targetSystem: "bc",
        records: [...records, { system: "bc", type: "salesCreditMemo", id: creditMemo.id }],
        field: "totalAmountIncludingTax",
        details: { expected: plan.expectedTotal.toString(), actual: String(total) },
      }),
    );
  }
  const tenders = describeTenders(plan.refundPayments, plan.currency);
  const against = invoice ? `invoice ${invoice.ref.number ?? invoice.ref.id}` : `order ${salesOrder?.ref.number ?? ""}`;
  return {
    kind: "posted",
    detail: `credit memo ${creditMemo.number ?? creditMemo.id} for ${plan.expectedTotal} ${plan.currency} against ${against}${
      tenders ? ` (${tenders})` : ""
    }${created.recoveredFromUnknownOutcome ? "; found after a lost response" : ""}`,
    exceptions: warnings,
  };
}
