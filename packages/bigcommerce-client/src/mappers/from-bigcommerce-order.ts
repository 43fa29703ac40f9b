import {
  createSyncException,
  Decimal,
  EntityValidationError,
  failed,
  InvalidInputError,
  type Order,
  type OrderInput,
  type OrderStage,
  ok,
  parseOrder,
  type SyncException,
  type SyncResult,
  type SyncWarning,
} from "@org/core";
import type { components } from "../generated/index.js";
import { amount, isoDate, list, PayloadError, reasonOf, record, text } from "./bigcommerce-read.js";
import { fromBigCommerceTransactions } from "./from-bigcommerce-transactions.js";

type Schemas = components["schemas"];

/** What a pipeline fetches for one order: the v2 order and its sub-resources, plus v3 transactions. */
export interface BigCommerceOrderBundle {
  /** `GET /v2/orders/{id}` */
  order: Schemas["order_Resp"];
  /** `GET /v2/orders/{id}/products` */
  products: Schemas["orderProducts"][];
  /** `GET /v2/orders/{id}/shipping_addresses` (the response adds the address id and the shipping method). */
  shippingAddresses?: Array<Schemas["shippingAddress_Base"] & { id?: number; shipping_method?: string }>;
  /** `GET /v2/orders/{id}/coupons` */
  coupons?: Schemas["orderCoupons_Base"][];
  /** `GET /v2/orders/{id}/taxes`: tax class, rate and amount per line (O8). */
  taxes?: Schemas["orderTaxes_Base"][];
  /** `GET /v3/orders/{id}/transactions`: gateway transaction ids for payout matching (O5, S2). */
  transactions?: Schemas["Transaction"][];
}

/** BigCommerce's standard order statuses (`status_id`) and where they stand (O4). */
export const BIGCOMMERCE_ORDER_STAGES: Readonly<Record<number, OrderStage>> = {
  0: "draft", // Incomplete
  1: "pending_payment", // Pending
  2: "completed", // Shipped
  3: "confirmed", // Partially Shipped
  4: "cancelled", // Refunded
  5: "cancelled", // Cancelled
  6: "cancelled", // Declined
  7: "pending_payment", // Awaiting Payment
  8: "confirmed", // Awaiting Pickup
  9: "confirmed", // Awaiting Shipment
  10: "completed", // Completed
  11: "confirmed", // Awaiting Fulfillment
  12: "on_hold", // Manual Verification Required
  13: "on_hold", // Disputed
  14: "completed", // Partially Refunded
};

export interface FromBigCommerceOrderConfig {
  /** System slug in records and exceptions. Default: `bigcommerce`. */
  system?: string;
  /** `status_id` → stage, merged over {@link BIGCOMMERCE_ORDER_STAGES} (e.g. a custom status). Default: none. */
  stages?: Readonly<Record<number, OrderStage>>;
  /** `channel_id` → channel location, for warehouse routing (O14). Default: none (no channel location). */
  channelLocations?: Readonly<Record<number, string>>;
}

/**
 * A BigCommerce order as a canonical order. Amounts are parsed from BigCommerce's decimal strings exactly; the tax
 * mode follows `is_tax_inclusive_pricing`; `discount_amount` is the order's whole discount, of which `coupon_discount`
 * is the coupons' part: coupons (with their codes), manual discounts and promotions become order-level discounts that
 * sum to it, never counting a coupon twice (O9, O17; see {@link orderDiscounts}); gift certificates are redemptions, not discounts (O10); captured transactions keep their gateway ids
 * (O5); shipping and handling are shipping lines (O16); `customer_id` 0 is a guest (O3).
 * Never throws: bad data becomes `INVALID_PAYLOAD` exceptions naming the order and the field.
 */
export function fromBigCommerceOrder(
  bundle: BigCommerceOrderBundle,
  config: FromBigCommerceOrderConfig = {},
): SyncResult<Order> {
  const system = config.system ?? "bigcommerce";
  const rawId = (bundle as { order?: { id?: unknown } } | null)?.order?.id;
  const orderId = typeof rawId === "number" || typeof rawId === "string" ? String(rawId) : "(unknown)";
  const ref = { system, type: "order", id: orderId, number: orderId };
  const invalid = (message: string, field: string): SyncException =>
    createSyncException("INVALID_PAYLOAD", {
      message: `Order ${orderId}: ${message}`,
      sourceSystem: system,
      records: [ref],
      field,
    });
  try {
    const { input, warnings } = toOrderInput(bundle, config, ref);
    // O5, S2: one reading of transactions for orders and payouts alike.
    const payments = fromBigCommerceTransactions(bundle.transactions, { system, orderId });
    if (payments.kind === "failed") return failed(payments.exceptions);
    return ok(parseOrder({ ...input, payments: payments.kind === "ok" ? payments.value : [] }), warnings);
  } catch (error) {
    if (error instanceof EntityValidationError)
      return failed(error.issues.map((issue) => invalid(issue.message, issue.field)));
    if (error instanceof InvalidInputError) return failed([invalid(reasonOf(error), error.field)]);
    if (error instanceof PayloadError) return failed([invalid(error.message, error.field)]);
    throw error; // a bug in this mapper, not bad data
  }
}

function address(raw: Record<string, unknown>) {
  const name = [text(raw.first_name), text(raw.last_name)].filter(Boolean).join(" ");
  return {
    ...(name ? { name } : {}),
    ...(text(raw.company) ? { company: text(raw.company) } : {}),
    line1: text(raw.street_1) ?? "",
    ...(text(raw.street_2) ? { line2: text(raw.street_2) } : {}),
    city: text(raw.city) ?? "",
    ...(text(raw.state) ? { region: text(raw.state) } : {}),
    ...(text(raw.zip) ? { postalCode: text(raw.zip) } : {}),
    countryCode: (text(raw.country_iso2) ?? "").toUpperCase(),
    ...(text(raw.phone) ? { phone: text(raw.phone) } : {}),
    ...(text(raw.email) ? { email: text(raw.email) } : {}),
  };
}

function toOrderInput(
  bundle: BigCommerceOrderBundle,
  config: FromBigCommerceOrderConfig,
  ref: { system: string; type: string; id: string; number: string },
): { input: OrderInput; warnings: SyncWarning[] } {
  const order = record(bundle?.order, "order");
  const warnings: SyncWarning[] = [];
  const inclusive = order.is_tax_inclusive_pricing === true;
  const mode = inclusive ? "inc_tax" : "ex_tax";
  const taxes = list(bundle.taxes, "taxes").map((t, i) => ({ raw: record(t, `taxes.${i}`), index: i }));
  const taxLinesFor = (kind: string, productId?: string) =>
    taxes
      .filter(
        ({ raw }) =>
          (raw.line_item_type ?? "item") === kind &&
          (productId === undefined || String(raw.order_product_id) === productId),
      )
      .map(({ raw, index }) => ({
        ...(text(raw.class) ? { taxClass: text(raw.class) } : {}),
        ...(text(raw.name) ? { taxZone: text(raw.name) } : {}),
        ratePercent: amount(raw.rate, `taxes.${index}.rate`),
        amount: amount(raw.line_amount, `taxes.${index}.line_amount`),
      }));

  const products = list(bundle.products, "products");
  const lines = products.map((p, i) => {
    const product = record(p, `products.${i}`);
    const productId = text(product.id) ?? String(i);
    const quantity = product.quantity;
    if (typeof quantity !== "number" || !Number.isFinite(quantity))
      throw new PayloadError(`products.${i}.quantity`, "expected a number");
    return {
      lineId: productId,
      sku: text(product.sku) ?? "",
      ...(text(product.name) ? { name: text(product.name) } : {}),
      quantity: Decimal.from(quantity, `products.${i}.quantity`),
      unitPrice: amount(product[`price_${mode}`], `products.${i}.price_${mode}`),
      taxLines: taxLinesFor("item", productId),
      isGiftCard: product.type === "giftcertificate",
    };
  });

  const shippingAddresses = list(bundle.shippingAddresses, "shippingAddresses").map((a, i) =>
    record(a, `shippingAddresses.${i}`),
  );
  const firstShipping = shippingAddresses[0];
  const shippingLines = [];
  const shippingCost = amount(order[`shipping_cost_${mode}`], `order.shipping_cost_${mode}`);
  if (!shippingCost.isZero() || firstShipping) {
    shippingLines.push({
      method: text(firstShipping?.shipping_method) ?? "Shipping",
      amount: shippingCost,
      taxLines: taxLinesFor("shipping"),
    });
  }
  const handling = amount(order[`handling_cost_${mode}`], `order.handling_cost_${mode}`);
  if (!handling.isZero())
    shippingLines.push({ method: "Handling", amount: handling, taxLines: taxLinesFor("handling") });
  const wrapping = amount(order[`wrapping_cost_${mode}`], `order.wrapping_cost_${mode}`);
  if (!wrapping.isZero())
    warnings.push({
      code: "GIFT_WRAPPING_IGNORED",
      message: `gift wrapping ${wrapping} is not mapped`,
      field: "order.wrapping_cost",
    });

  const { discounts, warnings: discountWarnings } = orderDiscounts(order, bundle, products);
  warnings.push(...discountWarnings);

  const giftCertificate = amount(order.gift_certificate_amount, "order.gift_certificate_amount");
  const transactions = list(bundle.transactions, "transactions").map((t, i) => ({
    raw: record(t, `transactions.${i}`),
    index: i,
  }));
  const giftTransactions = transactions.filter(({ raw }) => raw.method === "gift_certificate");
  const billing =
    order.billing_address === undefined ? undefined : record(order.billing_address, "order.billing_address");
  const customerId = order.customer_id;
  const isGuest = customerId === 0 || customerId === undefined || customerId === null;
  const statusId = order.status_id;
  if (typeof statusId !== "number") throw new PayloadError("order.status_id", "expected a number");
  const stage = { ...BIGCOMMERCE_ORDER_STAGES, ...config.stages }[statusId];
  if (!stage) throw new PayloadError("order.status_id", `unknown status ${statusId}; map it in config.stages`);
  const channelId = order.channel_id;
  const channelLocation = typeof channelId === "number" ? config.channelLocations?.[channelId] : undefined;

  const email = text(billing?.email);
  const name = billing ? [text(billing.first_name), text(billing.last_name)].filter(Boolean).join(" ") : "";
  const input: OrderInput = {
    source: ref,
    status: { code: text(order.status) ?? String(statusId), stage },
    customer: {
      isGuest,
      ...(isGuest ? {} : { ref: { system: ref.system, type: "customer", id: String(customerId) } }),
      ...(email ? { email } : {}),
      ...(name ? { name } : {}),
    },
    ...(billing ? { billingAddress: address(billing) } : {}),
    ...(firstShipping ? { shippingAddress: address(firstShipping) } : {}),
    currency: text(order.currency_code) ?? "",
    taxMode: inclusive ? "inclusive" : "exclusive",
    lines,
    discounts,
    shippingLines,
    giftCardRedemptions: giftCertificate.isZero()
      ? []
      : [
          {
            giftCardRef: text(giftTransactions[0]?.raw.gateway_transaction_id) ?? "gift-certificate",
            amount: giftCertificate,
          },
        ],
    totals: {
      subtotal: amount(order[`subtotal_${mode}`], `order.subtotal_${mode}`),
      discountTotal: Decimal.sum(discounts.map((d) => d.amount)),
      shippingTotal: shippingCost.add(handling),
      taxTotal: amount(order.total_tax, "order.total_tax"),
      grandTotal: amount(order.total_inc_tax, "order.total_inc_tax"),
      giftCardTotal: giftCertificate,
    },
    ...(channelLocation ? { channelLocation } : {}),
    ...(text(order.customer_message) ? { customerNote: text(order.customer_message) } : {}),
    createdAt: isoDate(order.date_created, "order.date_created"),
    updatedAt: isoDate(order.date_modified ?? order.date_created, "order.date_modified"),
  };
  return { input, warnings };
}

type Discounts = NonNullable<OrderInput["discounts"]>;

/**
 * The order-level discounts of a v2 order (O9, O17). What BigCommerce's fields hold:
 * - `discount_amount` is the order's whole discount: coupons, cart-level promotions and manual discounts together.
 *   The v2 order example in orders.v2.oas2.yml (`order_Resp`, order 218) carries `discount_amount` 5.0000 and
 *   `coupon_discount` 5.0000 for one coupon; analytics vendors summing BigCommerce discounts read `discount_amount`
 *   as including coupon codes and automatic promotions (docs.vortexiq.ai/nerve-centre/kpi-cards/bigcommerce/
 *   total-discount-used). Adding the two would take the coupon off twice.
 * - `coupon_discount` is the coupons' part of it; `GET /v2/orders/{id}/coupons` names them, each with `discount`, the
 *   money it took off (`amount` is the coupon's face value: 10 for 10 %, orders.v2.oas2.yml `orderCoupons_Base`).
 * - Each product's `applied_discounts` is that order-level discount spread over the products (`id` `coupon` or the
 *   coupon's code, `manual-discount` for a merchant's manual discount, a promotion id otherwise:
 *   orders.v2.oas2.yml `orderProductAppliedDiscounts`, "distributed across products in proportion to the products
 *   price"); it tells a manual discount from a promotion, the amounts come from the order.
 * An order whose `discount_amount` is below `coupon_discount` cannot include it (older API-created orders write the
 * manual discount alone there): the two are then separate discounts, with a warning.
 */
export function orderDiscounts(
  order: Record<string, unknown>,
  bundle: BigCommerceOrderBundle,
  products: readonly unknown[],
): { discounts: Discounts; warnings: SyncWarning[] } {
  const warnings: SyncWarning[] = [];
  const couponTotal = amount(order.coupon_discount, "order.coupon_discount").abs();
  const orderTotal = amount(order.discount_amount, "order.discount_amount").abs();
  let others = orderTotal.sub(couponTotal);
  if (others.isNegative()) {
    others = orderTotal;
    warnings.push({
      code: "DISCOUNT_AMOUNT_EXCLUDES_COUPON",
      message: `discount_amount ${orderTotal} is below coupon_discount ${couponTotal}: read as two separate discounts`,
      field: "order.discount_amount",
    });
  }

  const coupons = list(bundle.coupons, "coupons").map((c, i) => {
    const coupon = record(c, `coupons.${i}`);
    return { code: text(coupon.code), discount: amount(coupon.discount, `coupons.${i}.discount`).abs() };
  });
  const discounts: Discounts = [];
  if (!couponTotal.isZero()) {
    const perCoupon = Decimal.sum(coupons.map((c) => c.discount));
    if (coupons.length > 1 && perCoupon.eq(couponTotal)) {
      for (const c of coupons) {
        if (!c.discount.isZero())
          discounts.push({ ...(c.code ? { code: c.code } : {}), kind: "coupon", amount: c.discount });
      }
    } else {
      const codes = coupons.flatMap((c) => (c.code ? [c.code] : []));
      discounts.push({
        ...(codes[0] ? { code: codes[0] } : {}),
        ...(codes.length > 1 ? { description: `Coupons ${codes.join(", ")}` } : {}),
        kind: "coupon",
        amount: couponTotal,
      });
    }
  }
  if (others.isPositive()) {
    const couponCodes = new Set(coupons.flatMap((c) => (c.code ? [c.code] : [])));
    let manual = Decimal.ZERO;
    const promotionNames = new Set<string>();
    products.forEach((p, i) => {
      const product = record(p, `products.${i}`);
      list(product.applied_discounts as unknown[] | undefined, `products.${i}.applied_discounts`).forEach((d, j) => {
        const applied = record(d, `products.${i}.applied_discounts.${j}`);
        const id = text(applied.id);
        const code = text(applied.code);
        if (id === "coupon" || (code && couponCodes.has(code))) return;
        if (id === "manual-discount")
          manual = manual.add(amount(applied.amount, `products.${i}.applied_discounts.${j}.amount`).abs());
        else promotionNames.add(text(applied.name) ?? id ?? "Promotion");
      });
    });
    if (manual.gt(others) || (promotionNames.size === 0 && !manual.isZero())) manual = others;
    const promotion = others.sub(manual);
    if (!manual.isZero()) discounts.push({ kind: "manual", description: "Manual discount", amount: manual });
    if (!promotion.isZero())
      discounts.push({
        kind: "promotion",
        description: promotionNames.size > 0 ? [...promotionNames].join(", ") : "Promotion",
        amount: promotion,
      });
  }
  return { discounts, warnings };
}
