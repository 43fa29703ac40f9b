import {
  type CreditMemo,
  type CreditMemoInput,
  createSyncException,
  Decimal,
  EntityValidationError,
  failed,
  ok,
  parseCreditMemo,
  type RecordRef,
  type SyncException,
  type SyncResult,
  type SyncWarning,
  type TaxLine,
  type TaxMode,
  withoutValue,
} from "@org/core";
import type { components } from "../generated/index.js";
import { type MagentoOrder, magentoDiscountIn, priceCarryingItems } from "./from-magento-order.js";
import {
  amount,
  entityId,
  flag,
  isoDate,
  list,
  optionalRecord,
  PayloadError,
  payloadProblem,
  record,
  text,
} from "./magento-read.js";

/** `GET /V1/creditmemo/{id}` (and each item of `GET /V1/creditmemos`): `sales-data-creditmemo-interface`. */
export type MagentoCreditMemo = components["schemas"]["sales-data-creditmemo-interface"];

export interface FromMagentoCreditMemoConfig {
  /** System slug in records and exceptions. Default: `magento`. */
  system?: string;
  /**
   * The refunded order (`GET /V1/orders/{order_id}`). Its `increment_id` becomes the order number (O5), its items
   * tell which credit memo items carry the price (configurable and bundle items count once) and its applied taxes
   * give each refunded line its rate. Default: none: the order is referenced by id only, a zero-priced item with
   * the SKU of a priced one is taken for a configurable child, and rates are derived from the amounts (warned).
   */
  order?: MagentoOrder;
  /**
   * Goods back into stock for items whose `extension_attributes.back_to_stock` is absent (Magento keeps "Return to
   * Stock" on the item model, not in the REST schema; an extension may expose it) (R3). Default: `false`, as
   * Magento's `cataloginventory/item_options/auto_return`.
   */
  returnToStock?: boolean;
  /** As in `fromMagentoOrder`: the store's "Catalog Prices" tax setting. Default: `exclusive`. */
  taxMode?: TaxMode;
  /** `store_id` → tax mode. Default: none. */
  taxModeByStore?: Readonly<Record<number, TaxMode>>;
  /**
   * The ERP invoice posted for the refunded Magento invoice (`invoice_id`), e.g. from your sync records (R1).
   * Magento's own invoice is no ERP document, so without this `invoiceRef` stays absent and the posting plan asks
   * its `invoiceForOrder` lookup. Default: none.
   */
  erpInvoiceFor?: (magentoInvoice: RecordRef) => RecordRef | undefined;
}

/**
 * A Magento credit memo (`GET /V1/creditmemo/{id}`) as a canonical credit memo: one per `entity_id` (R5), linked
 * to the order (`order_id`, with its number when the order is given) and to the ERP invoice of `invoice_id`
 * through `erpInvoiceFor` (R1).
 *
 * - Lines: the refunded items that carry the price, at their unit price, with Magento's per-item discount (net of
 *   the discount tax compensation) as the line's `discountAmount` (R2). `back_to_stock` (extension attribute) or
 *   `config.returnToStock` says whether goods come back (R3).
 * - Shipping: `shipping_amount` less its share of the discount. Adjustments: `adjustment_positive` is the
 *   adjustment refund, `adjustment_negative` the adjustment fee kept back (`adjustmentFee`, a negative line in the
 *   ERP) (R2, R3). Tax: `tax_amount`. Total: `grand_total`, plus what Adobe Commerce returned to gift cards or
 *   store credit (R2).
 * - Refund payments: `grand_total` back to the order's payment (with `transaction_id`, the provider's id, S2),
 *   gift cards and store credit as their own refund payments.
 *
 * Never throws on bad data: it becomes `INVALID_PAYLOAD` exceptions naming the credit memo and the field.
 */
export function fromMagentoCreditMemo(
  creditMemo: MagentoCreditMemo,
  config: FromMagentoCreditMemoConfig = {},
): SyncResult<CreditMemo> {
  const system = config.system ?? "magento";
  const raw: unknown = creditMemo;
  const fields = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const id = text(fields.entity_id) ?? "(unknown)";
  const number = text(fields.increment_id);
  const ref: RecordRef = { system, type: "creditmemo", id, ...(number ? { number } : {}) };
  const orderId = text(fields.order_id);
  const records = [ref, ...(orderId ? [{ system, type: "order", id: orderId }] : [])];
  const label = `Credit memo ${number ?? id}`;
  const invalid = (message: string, field: string): SyncException =>
    createSyncException("INVALID_PAYLOAD", { message: `${label}: ${message}`, sourceSystem: system, records, field });
  try {
    const { input, warnings } = toCreditMemoInput(raw, config, ref);
    return ok(parseCreditMemo(input), warnings);
  } catch (error) {
    if (error instanceof EntityValidationError)
      return failed(error.issues.map((issue) => invalid(withoutValue(issue.message), issue.field)));
    const problem = payloadProblem(error);
    if (problem) return failed([invalid(problem.message, problem.field)]);
    throw error; // a bug in this mapper, not bad data
  }
}

/**
 * The unit price whose line amount is `net`: exact when `net / quantity` terminates within a few more digits,
 * else with enough digits that quantity × price rounds back to `net` (used when Magento's unit price times the
 * quantity is not the row total it refunded).
 */
export function refundUnitPrice(net: Decimal, quantity: Decimal): Decimal {
  for (let scale = net.scale; scale <= net.scale + 6; scale++) {
    const price = net.div(quantity, scale, "half-even");
    if (price.mul(quantity).eq(net)) return price;
  }
  const quantityDigits = quantity.abs().round(0, "ceiling").toString().length + quantity.scale;
  return net.div(quantity, net.scale + quantityDigits + 1, "half-even");
}

/** Rate and zone of the order's applied taxes, combined (a compound tax posts as one code). */
function orderRate(applied: readonly TaxLine[] | undefined): Pick<TaxLine, "ratePercent" | "taxZone"> | undefined {
  const first = applied?.[0];
  if (!first) return undefined;
  return {
    ratePercent: Decimal.sum((applied ?? []).map((line) => line.ratePercent)),
    ...(first.taxZone ? { taxZone: first.taxZone } : {}),
  };
}

/** The applied taxes of the order, by order item id and for shipping (rates only: the amounts are the order's). */
function orderTaxRates(order: Record<string, unknown> | undefined): {
  byItem: Map<number, TaxLine[]>;
  shipping: TaxLine[];
} {
  const byItem = new Map<number, TaxLine[]>();
  const shipping: TaxLine[] = [];
  const extension = optionalRecord(order?.extension_attributes, "order.extension_attributes");
  list(extension?.item_applied_taxes, "order.extension_attributes.item_applied_taxes").forEach((entry, i) => {
    const field = `order.extension_attributes.item_applied_taxes.${i}`;
    const taxes = record(entry, field);
    const lines = list(taxes.applied_taxes, `${field}.applied_taxes`)
      .map((tax, j) => {
        const applied = record(tax, `${field}.applied_taxes.${j}`);
        const zone = text(applied.code) ?? text(applied.title);
        return {
          ...(zone ? { taxZone: zone } : {}),
          ratePercent: amount(applied.percent, `${field}.applied_taxes.${j}.percent`),
          amount: Decimal.ZERO,
        };
      })
      .filter((line) => !line.ratePercent.isZero());
    if (taxes.type === "shipping") shipping.push(...lines);
    else if (taxes.type === "product" && taxes.item_id !== undefined && taxes.item_id !== null) {
      const itemId = entityId(taxes.item_id, `${field}.item_id`);
      byItem.set(itemId, [...(byItem.get(itemId) ?? []), ...lines]);
    }
  });
  return { byItem, shipping };
}

function toCreditMemoInput(
  raw: unknown,
  config: FromMagentoCreditMemoConfig,
  ref: RecordRef,
): { input: CreditMemoInput; warnings: SyncWarning[] } {
  const memo = record(raw, "creditmemo");
  const extension = optionalRecord(memo.extension_attributes, "extension_attributes") ?? {};
  const order = config.order === undefined ? undefined : record(config.order, "order");
  const warnings: SyncWarning[] = [];
  const storeId = typeof memo.store_id === "number" ? memo.store_id : undefined;
  const mode: TaxMode =
    (storeId !== undefined && config.taxModeByStore && Object.hasOwn(config.taxModeByStore, storeId)
      ? config.taxModeByStore[storeId]
      : undefined) ??
    config.taxMode ??
    "exclusive";
  const inclusive = mode === "inclusive";
  const money = (field: string) => amount(memo[field], field);

  const orderId = String(entityId(memo.order_id, "order_id"));
  if (order && text(order.entity_id) !== undefined && text(order.entity_id) !== orderId)
    throw new PayloadError("order_id", `config.order is order ${text(order.entity_id)}, not order ${orderId}`);
  const orderNumber = text(order?.increment_id);
  const orderRef: RecordRef = {
    system: ref.system,
    type: "order",
    id: orderId,
    ...(orderNumber ? { number: orderNumber } : {}),
  };

  // Which order items carry the price (from the order), else: a zero-priced item with a priced twin is a child.
  const orderItems = order ? list(order.items, "order.items").map((item, i) => record(item, `order.items.${i}`)) : [];
  const carrying = new Set<number>();
  priceCarryingItems(orderItems, "order.items").forEach((carries, i) => {
    if (carries) carrying.add(entityId(orderItems[i]?.item_id, `order.items.${i}.item_id`));
  });
  const orderItemIds = new Set(orderItems.map((item, i) => entityId(item.item_id, `order.items.${i}.item_id`)));
  const rates = orderTaxRates(order);
  const items = list(memo.items, "items").map((item, index) => record(item, `items.${index}`));
  const pricedSkus = new Set(
    items.filter((item, i) => !amount(item.row_total, `items.${i}.row_total`).isZero()).map((item) => text(item.sku)),
  );

  let itemDiscounts = Decimal.ZERO;
  let itemCompensations = Decimal.ZERO;
  let derivedRates = 0;
  const lines = items.flatMap((item, index) => {
    const field = `items.${index}`;
    const read = (name: string) => amount(item[name], `${field}.${name}`);
    const itemDiscount = read("discount_amount").abs();
    const compensation = read("discount_tax_compensation_amount");
    itemDiscounts = itemDiscounts.add(itemDiscount);
    itemCompensations = itemCompensations.add(compensation);
    const quantity = read("qty");
    if (quantity.isZero()) return [];
    const orderItemId = entityId(item.order_item_id, `${field}.order_item_id`);
    const excl = read("row_total");
    const tax = read("tax_amount");
    if (order) {
      if (!orderItemIds.has(orderItemId))
        throw new PayloadError(`${field}.order_item_id`, `order item ${orderItemId} is not in order ${orderId}`);
      if (!carrying.has(orderItemId)) return [];
    } else if (excl.isZero() && tax.isZero() && pricedSkus.has(text(item.sku))) {
      return [];
    }
    const discount = magentoDiscountIn(mode, {
      excl,
      incl: read("row_total_incl_tax"),
      discount: itemDiscount,
      compensation,
      tax,
    });
    const row = read(inclusive ? "row_total_incl_tax" : "row_total");
    const price = read(inclusive ? "price_incl_tax" : "price");
    // The row is what Magento refunded; a unit price that does not multiply back to it is derived from it.
    const unitPrice = price.mul(quantity).round(row.scale, "half-up").eq(row) ? price : refundUnitPrice(row, quantity);

    let taxLines: TaxLine[] = [];
    const rate = orderRate(rates.byItem.get(orderItemId));
    if (rate) taxLines = [{ ...rate, amount: tax }];
    else if (!tax.isZero()) {
      const net = excl.sub(itemDiscount).add(compensation);
      taxLines = [
        {
          ratePercent: net.isPositive() ? tax.mul(100).div(net, 2, "half-even").normalize() : Decimal.ZERO,
          amount: tax,
        },
      ];
      derivedRates++;
    }
    const extensionAttributes = optionalRecord(item.extension_attributes, `${field}.extension_attributes`);
    const backToStock = extensionAttributes?.back_to_stock;
    return [
      {
        orderLineId: String(orderItemId),
        sku: text(item.sku) ?? "",
        quantity,
        unitPrice,
        ...(discount.isZero() ? {} : { discountAmount: discount }),
        returnToStock:
          backToStock === undefined || backToStock === null ? (config.returnToStock ?? false) : flag(backToStock),
        taxLines,
      },
    ];
  });

  // A credit memo's discount and discount tax compensation include the shipping's share: the rest of the items'.
  const shippingExcl = money("shipping_amount");
  const shippingTax = money("shipping_tax_amount");
  const shippingCompensation = money("discount_tax_compensation_amount").sub(itemCompensations);
  const shippingDiscount = money("discount_amount").abs().sub(itemDiscounts);
  let shippingRefunded = shippingExcl.sub(shippingDiscount).add(shippingCompensation);
  if (inclusive) shippingRefunded = shippingRefunded.add(shippingTax);
  let shippingTaxLines: TaxLine[] = [];
  const shippingRate = orderRate(rates.shipping);
  if (shippingRate) shippingTaxLines = [{ ...shippingRate, amount: shippingTax }];
  else if (!shippingTax.isZero()) {
    const net = shippingExcl.sub(shippingDiscount).add(shippingCompensation);
    shippingTaxLines = [
      {
        ratePercent: net.isPositive() ? shippingTax.mul(100).div(net, 2, "half-even").normalize() : Decimal.ZERO,
        amount: shippingTax,
      },
    ];
    derivedRates++;
  }
  if (derivedRates > 0)
    warnings.push({
      code: "TAX_RATE_DERIVED",
      message: `${derivedRates} tax rate(s) derived from the amounts; pass config.order for the rates Magento applied`,
      field: "items.tax_amount",
    });

  // R2/R3: the adjustment refund and the adjustment fee kept back stay apart (a fee is a negative ERP line).
  const hasParts = (memo.adjustment_positive ?? memo.adjustment_negative ?? undefined) !== undefined;
  const net = money("adjustment");
  const adjustmentRefunded = hasParts ? money("adjustment_positive").abs() : net.isNegative() ? Decimal.ZERO : net;
  const adjustmentFee = hasParts ? money("adjustment_negative").abs() : net.isNegative() ? net.abs() : Decimal.ZERO;

  const taxTotal = money("tax_amount");
  const discountTotal = Decimal.sum(lines.map((line) => line.discountAmount ?? Decimal.ZERO));
  let subtotal = money("subtotal").sub(itemDiscounts).add(itemCompensations).add(discountTotal);
  if (inclusive) subtotal = subtotal.add(taxTotal.sub(shippingTax));

  // Adobe Commerce: what went back to gift cards or store credit is not in grand_total, but was refunded.
  const toGiftCards = amount(extension.gift_cards_amount, "extension_attributes.gift_cards_amount");
  const toStoreCredit = amount(extension.customer_balance_amount, "extension_attributes.customer_balance_amount");
  const returnedToBalance = toGiftCards.add(toStoreCredit);
  if (!returnedToBalance.isZero())
    warnings.push({
      code: "REFUNDED_TO_BALANCE",
      message: `${returnedToBalance} went back to gift cards or store credit, not to the payment`,
      field: "extension_attributes.customer_balance_amount",
    });

  const invoiceId = memo.invoice_id;
  const invoiceRef =
    invoiceId === undefined || invoiceId === null
      ? undefined
      : config.erpInvoiceFor?.({ system: ref.system, type: "invoice", id: String(entityId(invoiceId, "invoice_id")) });
  const comments = list(memo.comments, "comments");
  const reason = text(optionalRecord(comments[0], "comments.0")?.comment);
  const transactionId = text(memo.transaction_id);
  // S2: how the refund went back: the order's payment (the provider's id), gift cards, store credit.
  const grandTotal = money("grand_total");
  const gateway = text(optionalRecord(order?.payment, "order.payment")?.method);
  const refundPayments = [
    ...(grandTotal.isZero() && !transactionId
      ? []
      : [
          {
            kind: "original_payment" as const,
            ...(gateway ? { gateway } : {}),
            ...(transactionId ? { transactionId } : {}),
            amount: grandTotal,
          },
        ]),
    ...(toGiftCards.isZero() ? [] : [{ kind: "gift_card" as const, amount: toGiftCards }]),
    ...(toStoreCredit.isZero() ? [] : [{ kind: "store_credit" as const, amount: toStoreCredit }]),
  ];

  const input: CreditMemoInput = {
    source: ref,
    orderRef,
    ...(invoiceRef ? { invoiceRef } : {}),
    currency: text(memo.order_currency_code) ?? "",
    taxMode: mode,
    lines,
    shippingTaxLines,
    totals: {
      subtotal,
      discountTotal,
      shippingRefunded,
      adjustmentRefunded,
      adjustmentFee,
      taxRefunded: taxTotal,
      total: grandTotal.add(returnedToBalance),
    },
    ...(reason ? { reason } : {}),
    ...(transactionId ? { transactionId } : {}),
    refundPayments,
    createdAt: isoDate(memo.created_at, "created_at"),
  };
  return { input, warnings };
}
