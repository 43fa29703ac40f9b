/**
 * Seed orders rendered as BigCommerce renders them: v2 orders with their sub-resources (products, shipping
 * addresses, coupons, taxes), money as 4-decimal strings (`"12.3400"`), dates in RFC 2822; v3 transactions with
 * numbers. Amounts are computed in integer minor units (never floats); the shapes follow orders.v2.oas2.yml
 * (`order_Resp`, `orderProducts`, `orderTaxes_Base`, `orderCoupons_Base`, `shippingAddress_Base`) and orders.v3.yml
 * (`Transaction`), as read by `fromBigCommerceOrder`.
 */
import type { components } from "@org/bigcommerce-client";
import { SEED_CUSTOMERS, SEED_PRODUCTS, type SeedProduct } from "../seed/catalog.js";
import type { SeedOrder } from "../seed/orders.js";

type Schemas = components["schemas"];
export type BigCommerceV2Order = Schemas["order_Resp"];
export type BigCommerceV2OrderProduct = Schemas["orderProducts"];
export type BigCommerceV2ShippingAddress = Schemas["shippingAddress_Base"] & {
  id: number;
  order_id: number;
  shipping_method: string;
  items_total: number;
  items_shipped: number;
};
export type BigCommerceV2Coupon = Schemas["orderCoupons_Base"];
export type BigCommerceV2Tax = Schemas["orderTaxes_Base"];
export type BigCommerceV3Transaction = Schemas["Transaction"];

/** BigCommerce's standard order status names by `status_id` (GET /v2/order_statuses). */
export const BIGCOMMERCE_STATUS_NAMES: Readonly<Record<number, string>> = {
  0: "Incomplete",
  1: "Pending",
  2: "Shipped",
  3: "Partially Shipped",
  4: "Refunded",
  5: "Cancelled",
  6: "Declined",
  7: "Awaiting Payment",
  8: "Awaiting Pickup",
  9: "Awaiting Shipment",
  10: "Completed",
  11: "Awaiting Fulfillment",
  12: "Manual Verification Required",
  13: "Disputed",
  14: "Partially Refunded",
};

/** `"12.34"` → 1234 without a float. */
export function toCents(amount: string): number {
  const negative = amount.startsWith("-");
  const [whole = "0", fraction = ""] = amount.replace(/^-/, "").split(".");
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, "0").slice(0, 2));
  return negative ? -cents : cents;
}

/** An amount in 1/10,000 as BigCommerce's v2 decimal string: 123400 → `"12.3400"`. */
export function v2Money(tenThousandths: number): string {
  const sign = tenThousandths < 0 ? "-" : "";
  const abs = Math.abs(tenThousandths);
  return `${sign}${Math.floor(abs / 10_000)}.${String(abs % 10_000).padStart(4, "0")}`;
}

/** Cents as a v2 decimal string: 1234 → `"12.3400"`. */
export const v2Cents = (cents: number): string => v2Money(cents * 100);

/** Cents as a v3 JSON number (v3 sends numbers): 1234 → 12.34. */
export const v3Cents = (cents: number): number => Number((cents / 100).toFixed(2));

/** v2 dates are RFC 2822 with a numeric zone: `Mon, 02 Nov 2026 08:00:00 +0000`. */
export function rfc2822(ms: number): string {
  return new Date(ms).toUTCString().replace("GMT", "+0000");
}

/** Half-up integer division for non-negative amounts. */
export const divRound = (numerator: number, denominator: number): number =>
  Math.floor((2 * numerator + denominator) / (2 * denominator));

const GUEST_ADDRESS = {
  first_name: "Gast",
  last_name: "Kunde",
  street_1: "Bahnhofstraße 1",
  city: "Berlin",
  zip: "10115",
  phone: "+49 30 555 0199",
};

/** The storefront customer id of a seed customer (`C10003` → 3); 0 for guests, as BigCommerce does. */
export function customerIdOf(order: SeedOrder): number {
  return order.customer ? SEED_CUSTOMERS.findIndex((c) => c.number === order.customer?.number) + 1 : 0;
}

/** Catalog product id of a SKU (101, 102, … by catalogue position; 0 for a SKU not in it, like a deleted product). */
export function productIdOf(sku: string, catalog: readonly SeedProduct[] = SEED_PRODUCTS): number {
  const index = catalog.findIndex((p) => p.sku === sku);
  return index < 0 ? 0 : 101 + index;
}

/** Base variant id of a SKU (201, 202, … by catalogue position; 0 when not in it). */
export function variantIdOf(sku: string, catalog: readonly SeedProduct[] = SEED_PRODUCTS): number {
  const index = catalog.findIndex((p) => p.sku === sku);
  return index < 0 ? 0 : 201 + index;
}

/** One order as the fake stores it: the v2 order, its sub-resources and v3 transactions. */
export interface BigCommerceFakeOrder {
  order: BigCommerceV2Order & { id: number; status_id: number; date_modified: string };
  products: Array<BigCommerceV2OrderProduct & { id: number; quantity: number; quantity_shipped: number }>;
  shippingAddresses: BigCommerceV2ShippingAddress[];
  coupons: BigCommerceV2Coupon[];
  taxes: BigCommerceV2Tax[];
  transactions: Array<BigCommerceV3Transaction & { id: number }>;
  /** The seed order it was rendered from. */
  seed: SeedOrder;
  /** Exact amounts per line in cents (gross after discount, tax), for refunds. */
  lineCents: Array<{ productId: number; quantity: number; gross: number; tax: number }>;
  shippingCents: { gross: number; tax: number };
  grandCents: number;
  /** Refunded so far, in cents. */
  refundedCents: number;
  /** Epoch ms of the last change (for `min_date_modified`). */
  modifiedAt: number;
  createdAt: number;
}

/** Id counters shared by one fake. */
export interface RenderIds {
  next(kind: "product" | "address" | "coupon" | "tax" | "transaction"): number;
}

/**
 * Renders one seed order as BigCommerce stores it. Discounts follow BigCommerce's fields (see `orderDiscounts` in
 * @org/bigcommerce-client): `discount_amount` is the order's whole discount and `coupon_discount` the coupons' part
 * of it (the seed's only discount is its coupon, so both carry it); each product's `applied_discounts` holds its
 * share; the coupon sub-resource's `amount` is the face value (10 for 10 %) and `discount` the money taken off.
 * `catalog` gives product and variant ids and tax classes. Default: the seed catalogue.
 */
export function renderOrder(
  seed: SeedOrder,
  statusId: number,
  ids: RenderIds,
  catalog: readonly SeedProduct[] = SEED_PRODUCTS,
): BigCommerceFakeOrder {
  const id = Number(seed.number);
  const createdAt = Date.parse(seed.createdAt);
  const modifiedAt = Date.parse(seed.updatedAt);
  const customer = seed.customer;
  const addressId = ids.next("address");
  const person = customer
    ? {
        first_name: customer.firstName,
        last_name: customer.lastName,
        ...(customer.company ? { company: customer.company } : {}),
        street_1: customer.street,
        city: customer.city,
        zip: customer.postalCode,
        phone: customer.phone,
      }
    : GUEST_ADDRESS;
  const place = { country: "Germany", country_iso2: customer?.countryCode ?? "DE", email: seed.email };

  const lineCents: BigCommerceFakeOrder["lineCents"] = [];
  const taxes: BigCommerceV2Tax[] = [];
  const products = seed.lines.map((line) => {
    const productLineId = ids.next("product");
    const unit = toCents(line.unitPrice);
    const rate = Number(line.taxRate);
    const unitInc4 = unit * (100 + rate); // exact in 1/10,000
    const unitTax4 = unit * rate;
    const discount = toCents(line.discount);
    const tax = toCents(line.tax);
    lineCents.push({ productId: productLineId, quantity: line.quantity, gross: toCents(line.gross), tax });
    const productClass = catalog.find((p) => p.sku === line.sku)?.taxClass ?? "standard";
    taxes.push({
      id: ids.next("tax"),
      order_id: id,
      order_address_id: addressId,
      tax_rate_id: productClass === "reduced" ? 2 : 1,
      tax_class_id: productClass === "reduced" ? 2 : 1,
      name: `DE VAT ${line.taxRate} %`,
      class: productClass === "reduced" ? "Reduced Rate" : "Standard Rate",
      rate: v2Money(rate * 10_000),
      priority: 0,
      priority_amount: v2Cents(tax),
      line_amount: v2Cents(tax),
      order_product_id: String(productLineId),
      line_item_type: "item",
    });
    return {
      id: productLineId,
      order_id: id,
      product_id: productIdOf(line.sku, catalog),
      variant_id: variantIdOf(line.sku, catalog),
      order_address_id: addressId,
      name: line.name,
      sku: line.sku,
      type: "physical" as const,
      base_price: v2Cents(unit),
      price_ex_tax: v2Cents(unit),
      price_inc_tax: v2Money(unitInc4),
      price_tax: v2Money(unitTax4),
      base_total: v2Cents(unit * line.quantity),
      total_ex_tax: v2Cents(unit * line.quantity),
      total_inc_tax: v2Money(unitInc4 * line.quantity),
      total_tax: v2Money(unitTax4 * line.quantity),
      quantity: line.quantity,
      quantity_shipped: 0,
      is_refunded: false,
      quantity_refunded: 0,
      refund_amount: "0.0000",
      applied_discounts:
        discount > 0 && seed.coupon
          ? [
              {
                id: "coupon",
                amount: v2Cents(discount),
                name: seed.coupon.code,
                code: seed.coupon.code,
                target: "order" as const,
              },
            ]
          : [],
      product_options: [],
      discounted_total_inc_tax: v2Cents(toCents(line.gross)),
    };
  });

  const shippingNet = toCents(seed.shipping.net);
  const shippingTax = toCents(seed.shipping.tax);
  if (shippingTax > 0) {
    taxes.push({
      id: ids.next("tax"),
      order_id: id,
      order_address_id: addressId,
      tax_rate_id: 1,
      tax_class_id: 1,
      name: `DE VAT ${seed.shipping.taxRate} %`,
      class: "Shipping",
      rate: v2Money(Number(seed.shipping.taxRate) * 10_000),
      priority: 0,
      priority_amount: v2Cents(shippingTax),
      line_amount: v2Cents(shippingTax),
      order_product_id: "0",
      line_item_type: "shipping",
    });
  }
  const itemsTotal = seed.lines.reduce((sum, l) => sum + l.quantity, 0);
  const shippingAddresses: BigCommerceV2ShippingAddress[] = [
    {
      id: addressId,
      order_id: id,
      ...person,
      ...place,
      shipping_method: seed.shipping.method,
      items_total: itemsTotal,
      items_shipped: 0,
    },
  ];
  const couponCents = toCents(seed.discountTotal);
  const couponPercent = seed.coupon ? percentOf(couponCents, seed.lines) : 0;
  const coupons: BigCommerceV2Coupon[] = seed.coupon
    ? [
        {
          id: ids.next("coupon"),
          coupon_id: 7,
          order_id: id,
          code: seed.coupon.code,
          amount: String(couponPercent), // the face value: 10 for 10 %
          type: 1, // percentage discount
          discount: v3Cents(couponCents), // the money taken off the order
        },
      ]
    : [];
  const subtotalBeforeDiscount = seed.lines.reduce((sum, l) => sum + toCents(l.unitPrice) * l.quantity, 0);
  const lineTax = seed.lines.reduce((sum, l) => sum + toCents(l.tax), 0);
  const grand = toCents(seed.grandTotal);
  const giftCents = seed.giftCard ? toCents(seed.giftCard.amount) : 0;
  const cardCents = toCents(seed.cardPayment);
  const created = rfc2822(createdAt);

  const transactions: BigCommerceFakeOrder["transactions"] = [];
  if (seed.giftCard && giftCents > 0) {
    transactions.push({
      id: ids.next("transaction"),
      order_id: String(id),
      event: "purchase",
      method: "gift_certificate",
      amount: v3Cents(giftCents),
      currency: seed.currency,
      gateway: "giftcertificate",
      gateway_transaction_id: seed.giftCard.code,
      status: "ok",
      test: false,
      fraud_review: false,
      date_created: new Date(createdAt).toISOString(),
      gift_certificate: {
        code: seed.giftCard.code,
        original_balance: 50,
        starting_balance: 50,
        remaining_balance: v3Cents(5000 - giftCents),
        status: "active",
      },
    });
  }
  if (cardCents > 0) {
    transactions.push({
      id: ids.next("transaction"),
      order_id: String(id),
      event: "capture",
      method: "credit_card",
      amount: v3Cents(cardCents),
      currency: seed.currency,
      gateway: "stripe",
      gateway_transaction_id: seed.transactionId,
      status: "ok",
      test: false,
      fraud_review: false,
      date_created: new Date(createdAt).toISOString(),
    });
  }

  const order: BigCommerceFakeOrder["order"] = {
    id,
    customer_id: customerIdOf(seed),
    date_created: created,
    date_modified: rfc2822(modifiedAt),
    status_id: statusId,
    status: BIGCOMMERCE_STATUS_NAMES[statusId] ?? "Custom",
    subtotal_ex_tax: v2Cents(subtotalBeforeDiscount),
    subtotal_inc_tax: v2Cents(subtotalBeforeDiscount + lineTax),
    subtotal_tax: v2Cents(lineTax),
    base_shipping_cost: v2Cents(shippingNet),
    shipping_cost_ex_tax: v2Cents(shippingNet),
    shipping_cost_inc_tax: v2Cents(shippingNet + shippingTax),
    shipping_cost_tax: v2Cents(shippingTax),
    base_handling_cost: "0.0000",
    handling_cost_ex_tax: "0.0000",
    handling_cost_inc_tax: "0.0000",
    handling_cost_tax: "0.0000",
    base_wrapping_cost: "0.0000",
    wrapping_cost_ex_tax: "0.0000",
    wrapping_cost_inc_tax: "0.0000",
    wrapping_cost_tax: "0.0000",
    total_ex_tax: v2Cents(grand - toCents(seed.taxTotal)),
    total_inc_tax: v2Cents(grand),
    total_tax: v2Cents(toCents(seed.taxTotal)),
    items_total: itemsTotal,
    items_shipped: 0,
    payment_method: cardCents > 0 ? "Credit Card" : "Gift Certificate",
    payment_provider_id: cardCents > 0 ? seed.transactionId : "",
    payment_status: "captured",
    refunded_amount: "0.0000",
    store_credit_amount: "0.0000",
    gift_certificate_amount: v2Cents(giftCents),
    currency_id: 1,
    currency_code: seed.currency,
    currency_exchange_rate: "1.0000000000",
    default_currency_id: 1,
    default_currency_code: seed.currency,
    store_default_currency_code: seed.currency,
    coupon_discount: v2Cents(couponCents),
    // The order's whole discount, the coupon included (the seed has no other discount).
    discount_amount: v2Cents(couponCents),
    shipping_address_count: 1,
    is_deleted: false,
    is_tax_inclusive_pricing: false,
    is_email_opt_in: false,
    order_source: "www",
    channel_id: 1,
    customer_message: "",
    staff_notes: "",
    ip_address: "192.0.2.10",
    geoip_country: "Germany",
    geoip_country_iso2: "DE",
    external_id: null,
    external_source: null,
    billing_address: { ...person, ...place } as BigCommerceV2Order["billing_address"],
  };
  return {
    order,
    products,
    shippingAddresses,
    coupons,
    taxes,
    transactions,
    seed,
    lineCents,
    shippingCents: { gross: shippingNet + shippingTax, tax: shippingTax },
    grandCents: grand,
    refundedCents: 0,
    modifiedAt,
    createdAt,
  };
}

/** The coupon's percentage as the seed applied it (whole percent of the lines before discount). */
function percentOf(couponCents: number, lines: SeedOrder["lines"]): number {
  const before = lines.reduce((sum, l) => sum + toCents(l.unitPrice) * l.quantity, 0);
  return before > 0 ? Math.round((couponCents * 100) / before) : 0;
}
