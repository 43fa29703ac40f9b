import {
  createSyncException,
  Decimal,
  EntityValidationError,
  failed,
  type GiftCardRedemption,
  type Order,
  type OrderInput,
  type OrderStage,
  ok,
  parseOrder,
  type RecordRef,
  type SyncException,
  type SyncResult,
  type SyncWarning,
  type TaxLine,
  type TaxMode,
  withoutValue,
} from "@org/core";
import type { components } from "../generated/index.js";
import {
  address,
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

/** `GET /V1/orders/{id}` (and each item of `GET /V1/orders`): `sales-data-order-interface`. */
export type MagentoOrder = components["schemas"]["sales-data-order-interface"];

/**
 * Magento's order states and where they stand (O4). A state groups statuses (`processing` holds `processing` and
 * any custom status assigned to it), so custom statuses fall back to their state unless mapped themselves.
 */
export const MAGENTO_ORDER_STATE_STAGES: Readonly<Record<string, OrderStage>> = {
  new: "pending_payment", // placed, not invoiced yet (bank transfer, authorise-only)
  pending_payment: "pending_payment", // waiting for an off-site payment
  payment_review: "on_hold", // fraud or gateway review
  holded: "on_hold",
  processing: "confirmed", // invoiced or shipped, not both complete
  complete: "completed",
  closed: "cancelled", // fully refunded
  canceled: "cancelled",
};

export interface FromMagentoOrderConfig {
  /** System slug in records and exceptions. Default: `magento`. */
  system?: string;
  /** `state` → stage, merged over {@link MAGENTO_ORDER_STATE_STAGES}. Default: none. */
  stateStages?: Readonly<Record<string, OrderStage>>;
  /** `status` → stage, checked before the state (custom statuses). Default: none. */
  statusStages?: Readonly<Record<string, OrderStage>>;
  /**
   * The store's "Catalog Prices" tax setting (`tax/calculation/price_includes_tax`): `inclusive` reads
   * `price_incl_tax`, `row_total_incl_tax`, `subtotal_incl_tax` and `shipping_incl_tax`, `exclusive` their
   * counterparts without tax. Magento stores both, so either reconciles. Default: `exclusive` (Magento's default).
   */
  taxMode?: TaxMode;
  /** `store_id` → tax mode, for installations whose store views differ (an EU and a US store). Default: none. */
  taxModeByStore?: Readonly<Record<number, TaxMode>>;
  /** `store_id` → channel location, for warehouse routing (O14). Default: none (no channel location). */
  storeLocations?: Readonly<Record<number, string>>;
}

/**
 * A Magento order (`GET /V1/orders/{id}`) as a canonical order.
 *
 * - Identity: `entity_id` is the id, `increment_id` the human order number (O5).
 * - Lines: only the items that carry the price, once: a configurable product is its parent item (with the
 *   chosen simple's SKU); a bundle is its children when they are priced (dynamic price), else its parent.
 * - Amounts are JSON numbers read exactly at their shortest decimal form. Prices follow the tax mode; Magento's
 *   per-item discounts become line discounts with the coupon code (O9), net of the discount tax compensation
 *   ("hidden tax") so that lines, tax and totals reconcile in either mode.
 * - Shipping is a shipping line (O16) with the method and address of `extension_attributes.shipping_assignments`.
 * - Adobe Commerce gift cards, store credit and reward points pay part of the order: redemptions, not discounts
 *   (O10); Magento's `grand_total` is what is left after them, the canonical grand total is before them.
 * - `customer_is_guest` decides guest orders (O3); `state`/`status` decide the stage (O4).
 *
 * Never throws on bad data: it becomes `INVALID_PAYLOAD` exceptions naming the order and the field.
 */
export function fromMagentoOrder(order: MagentoOrder, config: FromMagentoOrderConfig = {}): SyncResult<Order> {
  const system = config.system ?? "magento";
  const raw: unknown = order;
  const fields = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const id = text(fields.entity_id) ?? "(unknown)";
  const number = text(fields.increment_id);
  const ref: RecordRef = { system, type: "order", id, ...(number ? { number } : {}) };
  const invalid = (message: string, field: string): SyncException =>
    createSyncException("INVALID_PAYLOAD", {
      message: `Order ${number ?? id}: ${message}`,
      sourceSystem: system,
      records: [ref],
      field,
    });
  try {
    const { input, warnings } = toOrderInput(raw, config, ref);
    return ok(parseOrder(input), warnings);
  } catch (error) {
    if (error instanceof EntityValidationError)
      return failed(error.issues.map((issue) => invalid(withoutValue(issue.message), issue.field)));
    const problem = payloadProblem(error);
    if (problem) return failed([invalid(problem.message, problem.field)]);
    throw error; // a bug in this mapper, not bad data
  }
}

/** The stage of a Magento state/status pair, or `undefined` when neither is mapped. */
export function magentoOrderStage(
  state: string | undefined,
  status: string | undefined,
  config: Pick<FromMagentoOrderConfig, "stateStages" | "statusStages"> = {},
): OrderStage | undefined {
  if (status !== undefined && config.statusStages && Object.hasOwn(config.statusStages, status))
    return config.statusStages[status];
  if (state === undefined) return undefined;
  if (config.stateStages && Object.hasOwn(config.stateStages, state)) return config.stateStages[state];
  return Object.hasOwn(MAGENTO_ORDER_STATE_STAGES, state) ? MAGENTO_ORDER_STATE_STAGES[state] : undefined;
}

/**
 * The discount of one taxed amount (an item row or the shipping) in the given tax mode. Magento records the
 * discount in the basis of its "Apply Discount On Prices" setting and, when that includes tax, books the tax part
 * as a discount tax compensation; these two formulas give the discount that makes amount − discount equal the
 * net (exclusive) or gross (inclusive) amount Magento charged.
 */
export function magentoDiscountIn(
  mode: TaxMode,
  parts: { excl: Decimal; incl: Decimal; discount: Decimal; compensation: Decimal; tax: Decimal },
): Decimal {
  const { excl, incl, discount, compensation, tax } = parts;
  if (discount.isZero() && compensation.isZero()) return Decimal.ZERO;
  if (mode === "exclusive") return discount.sub(compensation);
  return incl.sub(excl.sub(discount).add(compensation).add(tax));
}

/**
 * Which order items carry the price: items without a parent, unless their children are priced (a dynamic-price
 * bundle), and children of such parents. A configurable parent always carries it (its child is priced at 0).
 */
export function priceCarryingItems(items: readonly Record<string, unknown>[], field = "items"): boolean[] {
  const byId = new Map<number, Record<string, unknown>>();
  items.forEach((item, index) => {
    byId.set(entityId(item.item_id, `${field}.${index}.item_id`), item);
  });
  const childrenCarry = new Map<number, boolean>();
  items.forEach((item, index) => {
    if (item.parent_item_id === undefined || item.parent_item_id === null) return;
    const parentId = entityId(item.parent_item_id, `${field}.${index}.parent_item_id`);
    const parent = byId.get(parentId);
    if (!parent)
      throw new PayloadError(`${field}.${index}.parent_item_id`, `parent item ${parentId} is not in the order`);
    const priced =
      !amount(item.price, `${field}.${index}.price`).isZero() ||
      !amount(item.row_total, `${field}.${index}.row_total`).isZero();
    const carries = parent.product_type !== "configurable" && priced;
    childrenCarry.set(parentId, (childrenCarry.get(parentId) ?? false) || carries);
  });
  return items.map((item) => {
    const parentId = item.parent_item_id;
    if (parentId === undefined || parentId === null) return !childrenCarry.get(entityId(item.item_id, field));
    return childrenCarry.get(entityId(parentId, field)) === true;
  });
}

interface AppliedTaxes {
  byItem: Map<number, TaxLine[]>;
  shipping: TaxLine[] | undefined;
}

/** `extension_attributes.item_applied_taxes`: the rates Magento applied per item and to shipping. */
function appliedTaxes(extension: Record<string, unknown>): AppliedTaxes {
  const result: AppliedTaxes = { byItem: new Map(), shipping: undefined };
  list(extension.item_applied_taxes, "extension_attributes.item_applied_taxes").forEach((entry, i) => {
    const field = `extension_attributes.item_applied_taxes.${i}`;
    const taxes = record(entry, field);
    const lines = list(taxes.applied_taxes, `${field}.applied_taxes`).map((tax, j) => {
      const applied = record(tax, `${field}.applied_taxes.${j}`);
      const zone = text(applied.code) ?? text(applied.title);
      return {
        ...(zone ? { taxZone: zone } : {}),
        ratePercent: amount(applied.percent, `${field}.applied_taxes.${j}.percent`),
        amount: amount(applied.amount, `${field}.applied_taxes.${j}.amount`),
      };
    });
    if (taxes.type === "shipping") {
      result.shipping = [...(result.shipping ?? []), ...lines];
    } else if (taxes.type === "product" && taxes.item_id !== undefined && taxes.item_id !== null) {
      const itemId = entityId(taxes.item_id, `${field}.item_id`);
      result.byItem.set(itemId, [...(result.byItem.get(itemId) ?? []), ...lines]);
    }
  });
  return result;
}

/**
 * The tax lines of an amount: Magento's applied rates when they add up to its tax amount (they name the rate, and
 * a compound tax keeps its parts), else one line with the given rate.
 */
function taxLinesOf(applied: TaxLine[] | undefined, total: Decimal, rate: Decimal | undefined): TaxLine[] | undefined {
  const used = (applied ?? []).filter((line) => !(line.ratePercent.isZero() && line.amount.isZero()));
  if (used.length > 0 && Decimal.sum(used.map((line) => line.amount)).eq(total)) return used;
  if (total.isZero() && (rate === undefined || rate.isZero())) return [];
  return rate === undefined ? undefined : [{ ratePercent: rate, amount: total }];
}

function toOrderInput(
  raw: unknown,
  config: FromMagentoOrderConfig,
  ref: RecordRef,
): { input: OrderInput; warnings: SyncWarning[] } {
  const order = record(raw, "order");
  const extension = optionalRecord(order.extension_attributes, "extension_attributes") ?? {};
  const warnings: SyncWarning[] = [];
  const storeId = typeof order.store_id === "number" ? order.store_id : undefined;
  const mode: TaxMode =
    (storeId !== undefined && config.taxModeByStore && Object.hasOwn(config.taxModeByStore, storeId)
      ? config.taxModeByStore[storeId]
      : undefined) ??
    config.taxMode ??
    "exclusive";
  const inclusive = mode === "inclusive";
  const money = (field: string) => amount(order[field], field);

  const couponCode = text(order.coupon_code);
  const discountDescription = text(order.discount_description);
  const discountOf = (value: Decimal) => ({
    ...(couponCode ? { code: couponCode } : {}),
    ...(discountDescription ? { description: discountDescription } : {}),
    kind: couponCode ? ("coupon" as const) : ("promotion" as const),
    amount: value,
  });

  const taxes = appliedTaxes(extension);
  const items = list(order.items, "items").map((item, index) => record(item, `items.${index}`));
  const carriesPrice = priceCarryingItems(items);
  let weee = Decimal.ZERO;
  const lines = items.flatMap((item, index) => {
    if (!carriesPrice[index]) return [];
    const field = `items.${index}`;
    const read = (name: string) => amount(item[name], `${field}.${name}`);
    const itemId = entityId(item.item_id, `${field}.item_id`);
    const excl = read("row_total");
    const incl = read("row_total_incl_tax");
    const tax = read("tax_amount");
    const discount = magentoDiscountIn(mode, {
      excl,
      incl,
      discount: read("discount_amount").abs(),
      compensation: read("discount_tax_compensation_amount"),
      tax,
    });
    weee = weee.add(read("weee_tax_applied_row_amount"));
    const taxLines = taxLinesOf(taxes.byItem.get(itemId), tax, read("tax_percent")) ?? [];
    const name = text(item.name);
    return [
      {
        lineId: String(itemId),
        sku: text(item.sku) ?? "",
        ...(name ? { name } : {}),
        quantity: read("qty_ordered"),
        unitPrice: read(inclusive ? "price_incl_tax" : "price"),
        discounts: discount.isZero() ? [] : [discountOf(discount)],
        taxLines,
        isGiftCard: item.product_type === "giftcard",
      },
    ];
  });
  if (!weee.isZero())
    warnings.push({
      code: "FIXED_PRODUCT_TAX_NOT_MAPPED",
      message: `fixed product tax (WEEE) of ${weee} is in the grand total but not mapped`,
      field: "items.weee_tax_applied_row_amount",
    });

  // Shipping: method and address of the (first) shipping assignment.
  const assignments = list(extension.shipping_assignments, "extension_attributes.shipping_assignments");
  if (assignments.length > 1)
    warnings.push({
      code: "SEVERAL_SHIPPING_ASSIGNMENTS",
      message: `${assignments.length} shipping assignments; the first one's method and address are used`,
      field: "extension_attributes.shipping_assignments",
    });
  const assignment = optionalRecord(assignments[0], "extension_attributes.shipping_assignments.0");
  const shipping = optionalRecord(assignment?.shipping, "extension_attributes.shipping_assignments.0.shipping");
  const shippingAddress = optionalRecord(
    shipping?.address,
    "extension_attributes.shipping_assignments.0.shipping.address",
  );
  const methodCode = text(shipping?.method);
  const shippingExcl = money("shipping_amount");
  const shippingIncl = money("shipping_incl_tax");
  const shippingTax = money("shipping_tax_amount");
  const shippingAmount = inclusive ? shippingIncl : shippingExcl;
  const shippingParts = {
    excl: shippingExcl,
    incl: shippingIncl,
    discount: money("shipping_discount_amount").abs(),
    compensation: money("shipping_discount_tax_compensation_amount"),
    tax: shippingTax,
  };
  const shippingDiscount = magentoDiscountIn(mode, shippingParts);
  const shippingLines = [];
  if (!shippingAmount.isZero() || methodCode) {
    let shippingTaxLines = taxLinesOf(taxes.shipping, shippingTax, undefined);
    if (!shippingTaxLines) {
      // No applied rates that add up: the rate is the tax over the net shipping charged, to 2 decimals.
      const base = shippingExcl.sub(magentoDiscountIn("exclusive", shippingParts));
      const rate = base.isPositive() ? shippingTax.mul(100).div(base, 2, "half-even").normalize() : Decimal.ZERO;
      shippingTaxLines = [{ ratePercent: rate, amount: shippingTax }];
      warnings.push({
        code: "SHIPPING_TAX_RATE_DERIVED",
        message: `no applied shipping tax rate adds up to ${shippingTax}; the rate ${rate} % is derived from the amounts`,
        field: "extension_attributes.item_applied_taxes",
      });
    }
    const method = methodCode ?? text(order.shipping_description) ?? "shipping";
    // Magento's method codes are `{carrier code}_{method}`, e.g. `ups_GND`, `flatrate_flatrate`.
    const carrier = methodCode?.includes("_") ? methodCode.slice(0, methodCode.indexOf("_")) : undefined;
    shippingLines.push({
      method,
      ...(carrier ? { carrier } : {}),
      amount: shippingAmount,
      discountAmount: shippingDiscount,
      taxLines: shippingTaxLines,
    });
  }

  // The storefront's own discount total, from order-level fields (the lines' discounts come from the items).
  const orderDiscount = money("discount_amount").abs();
  const compensation = money("discount_tax_compensation_amount");
  const shippingCompensation = money("shipping_discount_tax_compensation_amount");
  const taxTotal = money("tax_amount");
  let discountTotal = Decimal.ZERO;
  if (!orderDiscount.isZero() || !compensation.isZero() || !shippingCompensation.isZero()) {
    discountTotal = inclusive
      ? orderDiscount
          .add(money("subtotal_incl_tax").sub(money("subtotal")).sub(taxTotal.sub(shippingTax)).sub(compensation))
          .add(shippingIncl.sub(shippingExcl).sub(shippingTax).sub(shippingCompensation))
      : orderDiscount.sub(compensation).sub(shippingCompensation);
  }

  // Adobe Commerce: gift cards, store credit and reward points are taken off `grand_total`; they pay the order.
  const redemptions: GiftCardRedemption[] = list(extension.gift_cards, "extension_attributes.gift_cards").map(
    (card, index) => {
      const field = `extension_attributes.gift_cards.${index}`;
      const giftCard = record(card, field);
      const code = text(giftCard.code);
      // Never the code itself: it is the card's secret.
      const giftCardRef = text(giftCard.id) ?? (code ? `…${code.slice(-4)}` : `gift-card-${index + 1}`);
      return { giftCardRef, amount: amount(giftCard.amount, `${field}.amount`) };
    },
  );
  const giftCardsTotal =
    extension.gift_cards_amount === undefined || extension.gift_cards_amount === null
      ? Decimal.sum(redemptions.map((r) => r.amount))
      : amount(extension.gift_cards_amount, "extension_attributes.gift_cards_amount");
  if (redemptions.length === 0 && !giftCardsTotal.isZero())
    redemptions.push({ giftCardRef: "gift-cards", amount: giftCardsTotal });
  const storeCredit = amount(extension.customer_balance_amount, "extension_attributes.customer_balance_amount");
  if (!storeCredit.isZero()) redemptions.push({ giftCardRef: "store-credit", amount: storeCredit });
  const rewardPoints = amount(extension.reward_currency_amount, "extension_attributes.reward_currency_amount");
  if (!rewardPoints.isZero()) redemptions.push({ giftCardRef: "reward-points", amount: rewardPoints });
  const giftCardTotal = giftCardsTotal.add(storeCredit).add(rewardPoints);

  const giftWrapping = ["gw_price", "gw_items_price", "gw_card_price"].reduce(
    (sum, name) => sum.add(amount(extension[name], `extension_attributes.${name}`)),
    Decimal.ZERO,
  );
  if (!giftWrapping.isZero())
    warnings.push({
      code: "GIFT_WRAPPING_NOT_MAPPED",
      message: `gift wrapping of ${giftWrapping} is in the grand total but not mapped`,
      field: "extension_attributes.gw_price",
    });
  const customFees = Decimal.sum(
    list(extension.custom_fees, "extension_attributes.custom_fees").map((fee, index) =>
      amount(
        record(fee, `extension_attributes.custom_fees.${index}`).custom_fee_amount,
        `extension_attributes.custom_fees.${index}.custom_fee_amount`,
      ),
    ),
  );
  if (!customFees.isZero())
    warnings.push({
      code: "CUSTOM_FEES_NOT_MAPPED",
      message: `custom fees of ${customFees} are in the grand total but not mapped`,
      field: "extension_attributes.custom_fees",
    });

  const payment = optionalRecord(order.payment, "payment");
  const payments = [];
  if (payment) {
    const transactionId = text(payment.last_trans_id);
    const paid = amount(payment.amount_paid, "payment.amount_paid");
    const authorized = amount(payment.amount_authorized, "payment.amount_authorized");
    if (transactionId) {
      const [status, paymentAmount] = !paid.isZero()
        ? (["captured", paid] as const)
        : !authorized.isZero()
          ? (["authorized", authorized] as const)
          : (["pending", amount(payment.amount_ordered, "payment.amount_ordered")] as const);
      payments.push({
        gateway: text(payment.method) ?? "unknown",
        transactionId,
        amount: paymentAmount,
        status,
      });
    } else if (!paid.isZero() || !authorized.isZero()) {
      warnings.push({
        code: "PAYMENT_WITHOUT_TRANSACTION_ID",
        message: `payment ${text(payment.method) ?? "(no method)"} has no last_trans_id: payouts cannot be matched to it`,
        field: "payment.last_trans_id",
      });
    }
  }

  const state = text(order.state);
  const status = text(order.status);
  const stage = magentoOrderStage(state, status, config);
  if (!stage)
    throw new PayloadError(
      state ? "state" : "status",
      `unknown state ${JSON.stringify((state ?? "(none)").slice(0, 40))}, status ${JSON.stringify((status ?? "(none)").slice(0, 40))}; map it in config.stateStages or config.statusStages`,
    );

  const guestFlag = order.customer_is_guest;
  const customerId = order.customer_id;
  const isGuest =
    guestFlag === undefined || guestFlag === null ? customerId === undefined || customerId === null : flag(guestFlag);
  const billing = optionalRecord(order.billing_address, "billing_address");
  const email = text(order.customer_email);
  const name =
    [text(order.customer_firstname), text(order.customer_lastname)].filter(Boolean).join(" ") ||
    (billing ? [text(billing.firstname), text(billing.lastname)].filter(Boolean).join(" ") : "");
  const group = text(order.customer_group_id);
  const taxNumber = text(order.customer_taxvat);
  const company = optionalRecord(extension.company_order_attributes, "extension_attributes.company_order_attributes");
  const companyId = text(company?.company_id);
  const companyName = text(company?.company_name);
  const location =
    storeId !== undefined && config.storeLocations && Object.hasOwn(config.storeLocations, storeId)
      ? config.storeLocations[storeId]
      : undefined;
  const poNumber = text(payment?.po_number);
  const note = text(order.customer_note);
  const createdAt = isoDate(order.created_at, "created_at");

  const input: OrderInput = {
    source: ref,
    status: { code: status ?? state ?? "", stage },
    customer: {
      isGuest,
      ...(isGuest || customerId === undefined || customerId === null
        ? {}
        : { ref: { system: ref.system, type: "customer", id: String(entityId(customerId, "customer_id")) } }),
      ...(email ? { email } : {}),
      ...(name ? { name } : {}),
      ...(group ? { customerGroup: group } : {}),
      ...(taxNumber ? { taxNumber } : {}),
      ...(companyId && companyName
        ? { organization: { ref: { system: ref.system, type: "company", id: companyId }, name: companyName } }
        : {}),
    },
    ...(billing ? { billingAddress: address(billing, "billing_address") } : {}),
    ...(shippingAddress
      ? { shippingAddress: address(shippingAddress, "extension_attributes.shipping_assignments.0.shipping.address") }
      : {}),
    currency: text(order.order_currency_code) ?? "",
    taxMode: mode,
    lines,
    discounts: [],
    shippingLines,
    giftCardRedemptions: redemptions,
    payments,
    totals: {
      subtotal: money(inclusive ? "subtotal_incl_tax" : "subtotal"),
      discountTotal,
      shippingTotal: shippingAmount,
      taxTotal,
      grandTotal: money("grand_total").add(giftCardTotal),
      giftCardTotal,
    },
    ...(poNumber ? { poNumber } : {}),
    ...(location ? { channelLocation: location } : {}),
    ...(note ? { customerNote: note } : {}),
    createdAt,
    updatedAt:
      order.updated_at === undefined || order.updated_at === null ? createdAt : isoDate(order.updated_at, "updated_at"),
  };
  return { input, warnings };
}
