/**
 * A storefront-neutral order (what the buyer bought, what it cost, how it was paid) and its rendering as each
 * storefront's wire payload: BigCommerce's v2 order bundle, Magento's `GET /V1/orders/{id}` body and Oro's
 * JSON:API order document with `included` records. Amounts are integers in minor units until they are rendered,
 * so the generator does no money arithmetic in floats; each storefront's tax is computed the way that storefront
 * lays its discounts out (per item in Magento, per order in BigCommerce and Oro), with `@org/core`'s exact
 * allocation, and rounded per line to the currency.
 */
import { allocate, Decimal, minorUnits } from "@org/core";
import fc from "fast-check";

/** Currencies with 0 (JPY), 2 (EUR, USD) and 3 (KWD, BHD) minor units (O11). */
export const CURRENCIES = ["JPY", "EUR", "USD", "KWD", "BHD"] as const;
/** Several tax rates, so one order can mix them (O8). */
export const TAX_RATES = [0, 5, 7, 10, 19, 20] as const;

export interface NeutralLine {
  sku: string;
  quantity: number;
  /** Unit price in minor units. */
  unitPrice: number;
  /** The line's own discount in minor units (a line promotion). */
  discount: number;
  ratePercent: number;
}

export interface NeutralOrder {
  id: number;
  currency: (typeof CURRENCIES)[number];
  lines: NeutralLine[];
  /** Order-level coupon in minor units (O9). */
  coupon: number;
  shipping: number;
  shippingRatePercent: number;
  /** Paid with a gift card, in minor units: a tender, never a discount (O10). */
  giftCard: number;
}

const money = (minor: number | bigint, scale: number) => Decimal.fromMinorUnits(BigInt(minor), scale);

/** Orders with 1–4 lines, line discounts, a coupon, shipping with tax, several rates and a gift card. */
export function neutralOrderArbitrary(options: { singleRate?: boolean; giftCards?: boolean } = {}) {
  const line = fc.record({
    sku: fc.constantFrom("MUG-BLUE", "TEA-GREEN", "BAG-RED", "PEN-GOLD", "CAP-GREY"),
    quantity: fc.integer({ min: 1, max: 5 }),
    unitPrice: fc.integer({ min: 1, max: 50_000 }),
    discountShare: fc.integer({ min: 0, max: 30 }),
    ratePercent: fc.constantFrom(...TAX_RATES),
  });
  return fc
    .record({
      id: fc.integer({ min: 1, max: 9_999_999 }),
      currency: fc.constantFrom(...CURRENCIES),
      lines: fc.array(line, { minLength: 1, maxLength: 4 }),
      couponShare: fc.integer({ min: 0, max: 25 }),
      shipping: fc.integer({ min: 0, max: 5_000 }),
      shippingRatePercent: fc.constantFrom(...TAX_RATES),
      giftCardShare: options.giftCards === false ? fc.constant(0) : fc.integer({ min: 0, max: 60 }),
    })
    .map((raw): NeutralOrder => {
      const rate = raw.lines[0]?.ratePercent ?? 0;
      const lines = raw.lines.map((l) => ({
        sku: l.sku,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        discount: Math.floor((l.quantity * l.unitPrice * l.discountShare) / 100),
        ratePercent: options.singleRate ? rate : l.ratePercent,
      }));
      const afterLineDiscounts = lines.reduce((sum, l) => sum + l.quantity * l.unitPrice - l.discount, 0);
      const order: NeutralOrder = {
        id: raw.id,
        currency: raw.currency,
        lines,
        coupon: Math.floor((afterLineDiscounts * raw.couponShare) / 100),
        shipping: raw.shipping,
        shippingRatePercent: options.singleRate ? rate : raw.shippingRatePercent,
        giftCard: 0,
      };
      order.giftCard = Math.floor(
        (Number(settle(order, "order").grandTotal.toMinorUnits(scaleOf(order))) * raw.giftCardShare) / 100,
      );
      return order;
    });
}

export function scaleOf(order: NeutralOrder): number {
  return minorUnits(order.currency);
}

/** How a storefront reports discounts: on the items (Magento) or as order-level discounts (BigCommerce, Oro). */
export type DiscountLayout = "line" | "order";

export interface SettledLine {
  line: NeutralLine;
  lineAmount: Decimal;
  /** Discount the storefront reports on the item (`line` layout: its own plus its coupon share). */
  itemDiscount: Decimal;
  net: Decimal;
  tax: Decimal;
}

/** The order's amounts and tax as a storefront with this discount layout computes them. */
export interface Settlement {
  scale: number;
  lines: SettledLine[];
  /** Order-level discounts in the `order` layout: the line promotions (manual) and the coupon, in that order. */
  promotionTotal: Decimal;
  couponTotal: Decimal;
  discountTotal: Decimal;
  subtotal: Decimal;
  shipping: Decimal;
  shippingTax: Decimal;
  taxTotal: Decimal;
  /** Lines − discounts + shipping + tax: before gift cards, which pay it. */
  grandTotal: Decimal;
  giftCard: Decimal;
}

const percentOf = (amount: Decimal, ratePercent: number, scale: number) =>
  amount.mul(ratePercent).div(100, scale, "half-up");

export function settle(order: NeutralOrder, layout: DiscountLayout): Settlement {
  const scale = scaleOf(order);
  const amounts = order.lines.map((l) => money(l.quantity * l.unitPrice, scale));
  const own = order.lines.map((l) => money(l.discount, scale));
  const promotionTotal = Decimal.sum(own);
  const couponTotal = money(order.coupon, scale);
  let itemDiscounts: Decimal[];
  let nets: Decimal[];
  if (layout === "line") {
    // Magento: the coupon is spread over the items after their own discounts and reported on each item.
    const shares = allocate(
      couponTotal,
      amounts.map((a, i) => a.sub(own[i] ?? Decimal.ZERO)),
      scale,
    );
    itemDiscounts = own.map((d, i) => d.add(shares[i] ?? Decimal.ZERO));
    nets = amounts.map((a, i) => a.sub(itemDiscounts[i] ?? Decimal.ZERO));
  } else {
    // BigCommerce / Oro: each order-level discount is spread over the items in proportion to their amounts.
    const promotions = allocate(promotionTotal, amounts, scale);
    const coupons = allocate(couponTotal, amounts, scale);
    itemDiscounts = amounts.map(() => Decimal.ZERO);
    nets = amounts.map((a, i) => a.sub(promotions[i] ?? Decimal.ZERO).sub(coupons[i] ?? Decimal.ZERO));
  }
  const lines = order.lines.map((line, i) => {
    const net = nets[i] ?? Decimal.ZERO;
    return {
      line,
      lineAmount: amounts[i] ?? Decimal.ZERO,
      itemDiscount: itemDiscounts[i] ?? Decimal.ZERO,
      net,
      tax: percentOf(net, line.ratePercent, scale),
    };
  });
  const shipping = money(order.shipping, scale);
  const shippingTax = percentOf(shipping, order.shippingRatePercent, scale);
  const subtotal = Decimal.sum(amounts);
  const discountTotal = promotionTotal.add(couponTotal);
  const taxTotal = Decimal.sum(lines.map((l) => l.tax)).add(shippingTax);
  return {
    scale,
    lines,
    promotionTotal,
    couponTotal,
    discountTotal,
    subtotal,
    shipping,
    shippingTax,
    taxTotal,
    grandTotal: subtotal.sub(discountTotal).add(shipping).add(taxTotal),
    giftCard: money(order.giftCard, scale),
  };
}

/** BigCommerce writes amounts as decimal strings with 4 decimals. */
const bc4 = (value: Decimal) => value.toFixed(4, "half-up");
/** Magento writes amounts as JSON numbers (its shortest decimal form is exact for these magnitudes). */
const num = (value: Decimal) => Number(value.toString());
const address = {
  first_name: "Jane",
  last_name: "Doe",
  street_1: "1 Main Street",
  city: "Springfield",
  state: "Illinois",
  zip: "62701",
  country: "United States",
  country_iso2: "US",
  email: "jane.doe@example.com",
};

/** BigCommerce v2: `GET /v2/orders/{id}` with its products, shipping addresses, coupons, taxes and transactions. */
export function toBigCommerceBundle(order: NeutralOrder) {
  const s = settle(order, "order");
  const taxRow = (type: string, rate: number, amount: Decimal, productId?: number) => ({
    class: type === "item" ? "Default Tax Class" : "Shipping",
    name: `Rate ${rate}`,
    rate: bc4(Decimal.from(rate)),
    line_amount: bc4(amount),
    ...(productId === undefined ? {} : { order_product_id: String(productId) }),
    line_item_type: type,
  });
  return {
    order: {
      id: order.id,
      customer_id: 77,
      date_created: "Sun, 01 Mar 2026 10:15:00 +0000",
      date_modified: "Sun, 01 Mar 2026 10:20:00 +0000",
      status_id: 11,
      status: "Awaiting Fulfillment",
      subtotal_ex_tax: bc4(s.subtotal),
      shipping_cost_ex_tax: bc4(s.shipping),
      handling_cost_ex_tax: "0.0000",
      wrapping_cost_ex_tax: "0.0000",
      // BigCommerce's semantics (fromBigCommerceOrder's `orderDiscounts`): `discount_amount` is the order's whole
      // discount, the coupon included; `coupon_discount` is the coupons' part of it.
      coupon_discount: bc4(s.couponTotal),
      discount_amount: bc4(s.promotionTotal.add(s.couponTotal)),
      gift_certificate_amount: bc4(s.giftCard),
      total_tax: bc4(s.taxTotal),
      total_ex_tax: bc4(s.grandTotal.sub(s.taxTotal)),
      total_inc_tax: bc4(s.grandTotal),
      currency_code: order.currency,
      is_tax_inclusive_pricing: false,
      channel_id: 1,
      billing_address: address,
    },
    products: order.lines.map((line, i) => ({
      id: i + 1,
      order_id: order.id,
      sku: line.sku,
      name: line.sku,
      type: "physical",
      quantity: line.quantity,
      price_ex_tax: bc4(money(line.unitPrice, s.scale)),
    })),
    shippingAddresses: [{ ...address, id: 11, shipping_method: "UPS Ground" }],
    // `discount` is the money the coupon took off; `amount` its face value (orders.v2.oas2.yml `orderCoupons_Base`).
    coupons: s.couponTotal.isZero() ? [] : [{ code: "SPRING", amount: "10", discount: num(s.couponTotal) }],
    taxes: [
      ...s.lines.flatMap((l, i) =>
        l.line.ratePercent === 0 ? [] : [taxRow("item", l.line.ratePercent, l.tax, i + 1)],
      ),
      ...(order.shippingRatePercent === 0 ? [] : [taxRow("shipping", order.shippingRatePercent, s.shippingTax)]),
    ],
    transactions: [
      {
        id: 902,
        event: "capture",
        method: "credit_card",
        amount: num(s.grandTotal.sub(s.giftCard)),
        currency: order.currency,
        gateway: "stripe",
        gateway_transaction_id: `ch_${order.id}`,
        status: "ok",
      },
    ],
  };
}

/** Magento: `GET /V1/orders/{id}`; gift cards (Adobe Commerce) are taken off `grand_total`. */
export function toMagentoOrder(order: NeutralOrder) {
  const s = settle(order, "line");
  const coupon = order.coupon > 0 ? { coupon_code: "SPRING", discount_description: "SPRING" } : {};
  const shippingAddress = {
    address_type: "shipping",
    firstname: "Jane",
    lastname: "Doe",
    street: ["1 Main Street"],
    city: "Springfield",
    region_code: "IL",
    postcode: "62701",
    country_id: "US",
    email: "jane.doe@example.com",
  };
  return {
    entity_id: order.id,
    increment_id: String(order.id).padStart(9, "0"),
    state: "processing",
    status: "processing",
    store_id: 1,
    created_at: "2026-03-01 10:15:00",
    updated_at: "2026-03-01 10:20:41",
    customer_id: 27,
    customer_is_guest: 0,
    customer_email: "jane.doe@example.com",
    customer_firstname: "Jane",
    customer_lastname: "Doe",
    order_currency_code: order.currency,
    ...coupon,
    subtotal: num(s.subtotal),
    discount_amount: -num(s.discountTotal),
    discount_tax_compensation_amount: 0,
    shipping_amount: num(s.shipping),
    shipping_incl_tax: num(s.shipping.add(s.shippingTax)),
    shipping_tax_amount: num(s.shippingTax),
    shipping_discount_amount: 0,
    tax_amount: num(s.taxTotal),
    grand_total: num(s.grandTotal.sub(s.giftCard)),
    items: s.lines.map((l, i) => ({
      item_id: i + 1,
      order_id: order.id,
      sku: l.line.sku,
      name: l.line.sku,
      product_type: "simple",
      qty_ordered: l.line.quantity,
      price: num(money(l.line.unitPrice, s.scale)),
      row_total: num(l.lineAmount),
      row_total_incl_tax: num(l.lineAmount.add(l.tax)),
      discount_amount: num(l.itemDiscount),
      discount_tax_compensation_amount: 0,
      tax_amount: num(l.tax),
      tax_percent: l.line.ratePercent,
    })),
    billing_address: { ...shippingAddress, address_type: "billing" },
    payment: {
      method: "braintree",
      last_trans_id: `bt_${order.id}`,
      amount_ordered: num(s.grandTotal.sub(s.giftCard)),
      amount_paid: num(s.grandTotal.sub(s.giftCard)),
    },
    extension_attributes: {
      shipping_assignments: [{ shipping: { address: shippingAddress, method: "ups_GND" }, items: [] }],
      item_applied_taxes: [
        {
          type: "shipping",
          applied_taxes: [
            {
              code: `Rate ${order.shippingRatePercent}`,
              percent: order.shippingRatePercent,
              amount: num(s.shippingTax),
            },
          ],
        },
      ],
      ...(s.giftCard.isZero() ? {} : { gift_cards_amount: num(s.giftCard) }),
    },
  };
}

/**
 * Oro: `GET /admin/api/orders/{id}?include=lineItems,…` as a JSON:API document. Oro's back-office API gives one
 * tax amount for the order (the `tax` subtotal) and no gift cards; the line promotions are a back-office discount
 * and the coupon the promotions' remainder of `totalDiscountsAmount`.
 */
export function toOroDocument(order: NeutralOrder) {
  const s = settle(order, "order");
  const id = String(order.id);
  const amount = (value: Decimal) => value.toFixed(4, "half-up");
  const subtotal = (key: string, type: string, value: Decimal) => ({
    type: "ordersubtotals",
    id: `${id}-${key}`,
    attributes: { orderSubtotalType: type, label: type, amount: amount(value), currency: order.currency },
    relationships: { priceList: { data: null } },
  });
  const addressResource = (addressId: string) => ({
    type: "orderaddresses",
    id: addressId,
    attributes: {
      firstName: "Jane",
      lastName: "Doe",
      street: "1 Main Street",
      city: "Springfield",
      postalCode: "62701",
    },
    relationships: {
      country: { data: { type: "countries", id: "US" } },
      region: { data: { type: "regions", id: "US-IL" } },
    },
  });
  const discounts = s.promotionTotal.isZero()
    ? []
    : [
        {
          type: "orderdiscounts",
          id: `${id}-d1`,
          attributes: { description: "Line promotions", amount: amount(s.promotionTotal) },
        },
      ];
  return {
    data: {
      type: "orders",
      id,
      attributes: {
        identifier: `SO-${id}`,
        poNumber: `PO-${id}`,
        currency: order.currency,
        subtotalValue: amount(s.subtotal),
        totalValue: amount(s.grandTotal),
        totalDiscountsAmount: amount(s.discountTotal),
        shippingMethod: "flat_rate",
        shippingMethodType: "primary",
        estimatedShippingCostAmount: amount(s.shipping),
        createdAt: "2026-03-01T10:15:00Z",
        updatedAt: "2026-03-01T10:20:00Z",
      },
      relationships: {
        lineItems: { data: s.lines.map((_, i) => ({ type: "orderlineitems", id: `${id}-${i + 1}` })) },
        billingAddress: { data: { type: "orderaddresses", id: `${id}-billing` } },
        shippingAddress: { data: { type: "orderaddresses", id: `${id}-shipping` } },
        discounts: { data: discounts.map((d) => ({ type: d.type, id: d.id })) },
        internalStatus: { data: { type: "orderinternalstatuses", id: "open" } },
        customerUser: { data: { type: "customerusers", id: "u-1" } },
        customer: { data: { type: "customers", id: "c-1" } },
        orderSubtotals: {
          data: ["subtotal", "discount", "shipping", "tax"].map((key) => ({
            type: "ordersubtotals",
            id: `${id}-${key}`,
          })),
        },
      },
    },
    included: [
      ...s.lines.map((l, i) => ({
        type: "orderlineitems",
        id: `${id}-${i + 1}`,
        attributes: {
          productSku: l.line.sku,
          productName: l.line.sku,
          quantity: l.line.quantity,
          productUnitCode: "each",
          value: amount(money(l.line.unitPrice, s.scale)),
          currency: order.currency,
        },
      })),
      addressResource(`${id}-billing`),
      addressResource(`${id}-shipping`),
      ...discounts,
      {
        type: "customerusers",
        id: "u-1",
        attributes: { email: "jane.doe@example.com", firstName: "Jane", lastName: "Doe", isGuest: false },
      },
      {
        type: "customers",
        id: "c-1",
        attributes: { name: "Acme Industrial", erpAccountNumber: "C10000" },
        relationships: { parent: { data: null } },
      },
      subtotal("subtotal", "subtotal", s.subtotal),
      subtotal("discount", "discount", s.discountTotal),
      subtotal("shipping", "shipping_cost", s.shipping),
      subtotal("tax", "tax", s.taxTotal),
    ],
  };
}
