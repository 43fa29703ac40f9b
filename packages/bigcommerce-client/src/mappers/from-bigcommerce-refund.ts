import {
  allocate,
  type CreditMemo,
  type CreditMemoInput,
  createSyncException,
  Decimal,
  EntityValidationError,
  failed,
  InvalidInputError,
  isCurrencyCode,
  minorUnits,
  ok,
  parseCreditMemo,
  parseMoney,
  type RecordRef,
  type RefundPaymentInput,
  roundMoney,
  type SyncException,
  type SyncResult,
  type SyncWarning,
  type TaxLine,
} from "@org/core";
import type { components } from "../generated/index.js";
import {
  amount,
  describe,
  isoDate,
  list,
  PayloadError,
  reasonOf,
  record,
  text,
  wholeNumber,
} from "./bigcommerce-read.js";
import type { BigCommerceOrderBundle } from "./from-bigcommerce-order.js";
import type { BigCommerceTransaction } from "./from-bigcommerce-transactions.js";

/** A v3 refund: `GET /v3/orders/{order_id}/payment_actions/refunds` items (orders.v3.yml `Refund`). */
export type BigCommerceRefund = components["schemas"]["Refund"];

/** What decides whether a refunded product line goes back into stock (R3). */
export interface BigCommerceRefundedProduct {
  sku: string;
  /** The v2 order product id (`item_id` of the refund item). */
  orderProductId: string;
  quantity: Decimal;
}

export interface FromBigCommerceRefundOptions {
  /**
   * The refunded order as fetched for `fromBigCommerceOrder`: `order` gives the currency and tax mode, `products`
   * the SKU and unit price of each refunded `item_id`, `taxes` (optional) the tax class, zone and rate that the
   * ERP needs to pick a tax code for each credited line.
   */
  order: Pick<BigCommerceOrderBundle, "order" | "products" | "taxes">;
  /**
   * The order's v3 transactions (`GET /v3/orders/{order_id}/transactions`): a refund payment names BigCommerce's
   * `transaction_id`; with these it is resolved to the gateway's id, which is what payouts carry (S2).
   * Default: none (BigCommerce's transaction id is kept).
   */
  transactions?: readonly BigCommerceTransaction[];
  /** System slug in records and exceptions. Default: `bigcommerce`. */
  system?: string;
  /**
   * Whether refunded products come back into stock (R3): BigCommerce refunds do not say, so this is the store's
   * policy, or a function deciding per line (e.g. from the Returns API). Amount-level refunds (`ORDER`, `FEE`)
   * never carry goods. Default: `true` (a quantity refund of a product is taken to be a return).
   */
  returnToStock?: boolean | ((product: BigCommerceRefundedProduct) => boolean);
}

/**
 * A BigCommerce v3 refund as a canonical credit memo: one per refund id (R5), linked to its order (R1; the ERP
 * invoice is linked later by the pipeline, R4); `PRODUCT` items become lines with the order product's SKU and
 * unit price, `SHIPPING`/`HANDLING` the shipping refund, `ORDER`/`FEE`/`GIFT_WRAPPING` and item adjustments the
 * amount-level refund, `total_tax` the refunded tax, spread over the credited lines' tax lines so they sum to it
 * exactly, and `total_amount` what was paid back (R2). Every refund payment becomes a `refundPayments` entry (card,
 * store credit, gift certificate, offline) with the provider's transaction id for payout matching (S2); the first
 * is also `transactionId`. A payment the provider declined is an exception for finance: the buyer was not paid back.
 * Never throws on bad data: `INVALID_PAYLOAD` exceptions name the refund, the order and the field.
 */
export function fromBigCommerceRefund(
  refund: BigCommerceRefund,
  options: FromBigCommerceRefundOptions,
): SyncResult<CreditMemo> {
  const system = options?.system ?? "bigcommerce";
  const raw = refund as { id?: unknown; order_id?: unknown } | null | undefined;
  const refundId = text(raw?.id) ?? "(unknown)";
  const orderId = text(raw?.order_id) ?? text((options?.order?.order as { id?: unknown } | undefined)?.id) ?? "";
  const records: RecordRef[] = [
    { system, type: "refund", id: refundId },
    ...(orderId ? [{ system, type: "order", id: orderId, number: orderId }] : []),
  ];
  const label = `Refund ${refundId} of order ${orderId || "(unknown)"}`;
  const invalid = (message: string, field: string): SyncException =>
    createSyncException("INVALID_PAYLOAD", { message: `${label}: ${message}`, sourceSystem: system, records, field });
  try {
    const { input, warnings, exceptions } = toCreditMemoInput(refund, options, system, label, records);
    if (exceptions.length > 0) return failed(exceptions, warnings);
    return ok(parseCreditMemo(input), warnings);
  } catch (error) {
    if (error instanceof EntityValidationError)
      return failed(error.issues.map((issue) => invalid(issue.message, issue.field)));
    if (error instanceof InvalidInputError) return failed([invalid(reasonOf(error), error.field)]);
    if (error instanceof PayloadError) return failed([invalid(error.message, error.field)]);
    throw error; // a bug in this mapper, not bad data
  }
}

interface TaxPart {
  /** The tax row of the order (`GET /v2/orders/{id}/taxes`) and its index. */
  raw: Record<string, unknown>;
  index: number;
  /** The order's tax for the row, prorated to what this refund credits: the weight for spreading `total_tax`. */
  weight: Decimal;
  /** Where the resulting tax line goes: a credit memo line, or the shipping tax lines. */
  target: TaxLine[];
}

function toCreditMemoInput(
  refundValue: BigCommerceRefund,
  options: FromBigCommerceRefundOptions,
  system: string,
  label: string,
  records: RecordRef[],
): { input: CreditMemoInput; warnings: SyncWarning[]; exceptions: SyncException[] } {
  const refund = record(refundValue, "refund");
  const bundle = record(options?.order, "order");
  const order = record(bundle.order, "order.order");
  const warnings: SyncWarning[] = [];
  const exceptions: SyncException[] = [];

  const refundId = wholeNumber(refund.id, "id");
  const orderId = wholeNumber(order.id, "order.order.id");
  if (refund.order_id !== undefined && refund.order_id !== orderId)
    throw new PayloadError("order_id", `the refund is not for the order given (${orderId})`);
  const currency = text(order.currency_code) ?? "";
  if (!isCurrencyCode(currency)) throw new PayloadError("order.order.currency_code", "expected an ISO 4217 code");
  const scale = minorUnits(currency);
  const money = (value: unknown, field: string) =>
    value === undefined || value === null
      ? Decimal.ZERO
      : parseMoney(amount(value, field), currency, { field, allowNegative: false });
  const inclusive = order.is_tax_inclusive_pricing === true;
  const mode = inclusive ? "inc_tax" : "ex_tax";

  const products = new Map<string, { raw: Record<string, unknown>; index: number }>();
  list(bundle.products as unknown[] | undefined, "order.products").forEach((p, index) => {
    const raw = record(p, `order.products.${index}`);
    const id = text(raw.id);
    if (id) products.set(id, { raw, index });
  });
  const taxRows = list(bundle.taxes as unknown[] | undefined, "order.taxes").map((t, index) => ({
    raw: record(t, `order.taxes.${index}`),
    index,
  }));
  const taxParts: TaxPart[] = [];

  const lines: NonNullable<CreditMemoInput["lines"]> = [];
  const shippingTaxLines: TaxLine[] = [];
  let shippingRefunded = Decimal.ZERO;
  let adjustmentRefunded = Decimal.ZERO;
  const shippingItems: number[] = [];

  list(refund.items as unknown[] | undefined, "items").forEach((value, index) => {
    const field = `items.${index}`;
    const item = record(value, field);
    const type = item.item_type;
    switch (type) {
      case "PRODUCT":
      case "GIFT_WRAPPING": {
        const itemId = wholeNumber(item.item_id, `${field}.item_id`);
        const product = products.get(String(itemId));
        if (!product) throw new PayloadError(`${field}.item_id`, `order product ${itemId} is not on the order`);
        const productField = `order.products.${product.index}`;
        // BigCommerce fills `quantity` only for PRODUCT; gift wrapping is refunded per line.
        const quantity = wholeNumber(type === "PRODUCT" ? item.quantity : (item.quantity ?? 1), `${field}.quantity`);
        if (quantity <= 0) throw new PayloadError(`${field}.quantity`, "expected a positive quantity");
        if (type === "GIFT_WRAPPING") {
          // The refunded wrapping is the requested amount, else the wrapping cost of the units refunded.
          const requested = item.requested_amount;
          adjustmentRefunded = adjustmentRefunded.add(
            requested === undefined || requested === null
              ? roundMoney(
                  amount(product.raw[`wrapping_cost_${mode}`], `${productField}.wrapping_cost_${mode}`).mul(quantity),
                  currency,
                  "half-up",
                )
              : money(requested, `${field}.requested_amount`),
          );
          break;
        }
        const sku = text(product.raw.sku);
        if (!sku) throw new PayloadError(`${productField}.sku`, "the refunded product has no SKU");
        const orderedQuantity = wholeNumber(product.raw.quantity, `${productField}.quantity`);
        const unitPrice = amount(product.raw[`price_${mode}`], `${productField}.price_${mode}`);
        const orderProductId = String(itemId);
        const refunded = { sku, orderProductId, quantity: Decimal.from(quantity) };
        const policy = options.returnToStock ?? true;
        const taxLines: TaxLine[] = [];
        for (const row of taxRows) {
          if ((row.raw.line_item_type ?? "item") !== "item" || text(row.raw.order_product_id) !== orderProductId)
            continue;
          const lineTax = amount(row.raw.line_amount, `order.taxes.${row.index}.line_amount`).abs();
          const weight = orderedQuantity > 0 ? lineTax.mul(quantity).div(orderedQuantity, 10, "half-up") : lineTax;
          taxParts.push({ ...row, weight, target: taxLines });
        }
        for (const [adjustmentIndex, adjustment] of list(
          item.adjustments as unknown[] | undefined,
          `${field}.adjustments`,
        ).entries()) {
          const adjustmentField = `${field}.adjustments.${adjustmentIndex}.amount`;
          adjustmentRefunded = adjustmentRefunded.add(
            parseMoney(amount(record(adjustment, adjustmentField).amount, adjustmentField), currency, {
              field: adjustmentField,
            }),
          );
        }
        lines.push({
          orderLineId: orderProductId,
          sku,
          quantity,
          unitPrice,
          returnToStock: typeof policy === "function" ? policy(refunded) : policy,
          taxLines,
        });
        break;
      }
      case "SHIPPING":
      case "HANDLING":
        shippingRefunded = shippingRefunded.add(money(item.requested_amount, `${field}.requested_amount`));
        shippingItems.push(index);
        break;
      case "ORDER":
      case "FEE":
        adjustmentRefunded = adjustmentRefunded.add(money(item.requested_amount, `${field}.requested_amount`));
        break;
      default:
        throw new PayloadError(`${field}.item_type`, `unknown item type ${describe(type)}`);
    }
  });
  if (adjustmentRefunded.isNegative())
    throw new PayloadError("items", "item adjustments reduce the refund below zero; credit it by hand");

  if (shippingItems.length > 0) {
    const orderShipping = amount(order[`shipping_cost_${mode}`], `order.order.shipping_cost_${mode}`).add(
      amount(order[`handling_cost_${mode}`], `order.order.handling_cost_${mode}`),
    );
    for (const row of taxRows) {
      const kind = row.raw.line_item_type;
      if (kind !== "shipping" && kind !== "handling") continue;
      const tax = amount(row.raw.line_amount, `order.taxes.${row.index}.line_amount`).abs();
      const weight = orderShipping.isPositive() ? tax.mul(shippingRefunded).div(orderShipping, 10, "half-up") : tax;
      taxParts.push({ ...row, weight, target: shippingTaxLines });
    }
  }

  // R2: BigCommerce reports the refunded tax once for the whole refund; it is spread over the credited lines' tax
  // rows in proportion to the order's tax on them, so the lines' tax sums to it to the cent.
  const taxRefunded = amount(refund.total_tax, "total_tax");
  if (taxRefunded.isNegative())
    throw new PayloadError("total_tax", "tax collected by refunding less cannot be credited; credit it by hand");
  const taxTotal = parseMoney(taxRefunded, currency, { field: "total_tax" });
  if (taxParts.length > 0) {
    const shares = allocate(
      taxTotal,
      taxParts.map((part) => part.weight),
      scale,
    );
    taxParts.forEach((part, i) => {
      part.target.push({
        ...(text(part.raw.class) ? { taxClass: text(part.raw.class) } : {}),
        ...(text(part.raw.name) ? { taxZone: text(part.raw.name) } : {}),
        ratePercent: amount(part.raw.rate, `order.taxes.${part.index}.rate`),
        amount: shares[i] ?? Decimal.ZERO,
      });
    });
  }

  // S2: the refund payment's transaction id joins the payout's refund line to this credit memo.
  const gatewayIds = new Map<string, string>();
  for (const transaction of Array.isArray(options.transactions) ? options.transactions : []) {
    const t = transaction as { id?: unknown; gateway_transaction_id?: unknown } | null;
    const id = text(t?.id);
    const gatewayId = text(t?.gateway_transaction_id);
    if (id && gatewayId) gatewayIds.set(id, gatewayId);
  }
  let transactionId: string | undefined;
  const refundPayments: RefundPaymentInput[] = [];
  list(refund.payments as unknown[] | undefined, "payments").forEach((value, index) => {
    const payment = record(value, `payments.${index}`);
    if (payment.is_declined === true) {
      exceptions.push(
        createSyncException("REFUND_TOTAL_MISMATCH", {
          message: `${label}: the payment provider declined refund payment ${index + 1}, so the buyer was not paid back`,
          sourceSystem: system,
          records,
          field: `payments.${index}.is_declined`,
          details: { provider: text(payment.provider_id)?.slice(0, 40) ?? "unknown" },
        }),
      );
      return;
    }
    const bigCommerceId = text(payment.transaction_id);
    const id = bigCommerceId && (gatewayIds.get(bigCommerceId) ?? bigCommerceId);
    if (id && transactionId === undefined) transactionId = id;
    const provider = text(payment.provider_id);
    const kind = refundPaymentKind(provider, payment.offline === true);
    refundPayments.push({
      kind,
      ...(provider ? { gateway: provider } : {}),
      ...(id ? { transactionId: id } : {}),
      ...(bigCommerceId && bigCommerceId !== id ? { storefrontTransactionId: bigCommerceId } : {}),
      amount: parseMoney(
        amount(required(payment.amount, `payments.${index}.amount`), `payments.${index}.amount`),
        currency,
        {
          field: `payments.${index}.amount`,
          allowNegative: false,
        },
      ),
    });
  });

  const subtotal = Decimal.sum(
    lines.map((line) => roundMoney(Decimal.from(line.quantity).mul(line.unitPrice), currency, "half-up")),
  );
  const input: CreditMemoInput = {
    source: { system, type: "refund", id: String(refundId) },
    orderRef: { system, type: "order", id: String(orderId), number: String(orderId) },
    currency,
    taxMode: inclusive ? "inclusive" : "exclusive",
    lines,
    shippingTaxLines,
    totals: {
      subtotal,
      shippingRefunded,
      adjustmentRefunded,
      taxRefunded: taxTotal,
      total: parseMoney(amount(required(refund.total_amount, "total_amount"), "total_amount"), currency, {
        field: "total_amount",
        allowNegative: false,
      }),
    },
    ...(text(refund.reason) ? { reason: text(refund.reason) } : {}),
    ...(transactionId ? { transactionId } : {}),
    refundPayments,
    createdAt: isoDate(refund.created, "created"),
  };
  return { input, warnings, exceptions };
}

/** BigCommerce's refund `provider_id`s for store credit and gift certificates; anything else refunds a payment. */
function refundPaymentKind(provider: string | undefined, offline: boolean): RefundPaymentInput["kind"] {
  const normalized = provider?.toLowerCase().replace(/[^a-z]/g, "");
  if (normalized === "storecredit") return "store_credit";
  if (normalized === "giftcertificate" || normalized === "giftcard") return "gift_card";
  return offline ? "other" : "original_payment";
}

function required(value: unknown, field: string): unknown {
  if (value === undefined || value === null) throw new PayloadError(field, "missing");
  return value;
}
