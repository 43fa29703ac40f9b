/**
 * The shared seed (catalog, `seedOrders()`) rendered as Magento 2 REST payloads: orders as `GET /V1/orders/{id}`
 * answers them (JSON numbers, UTC dates without offset, a configurable parent item with its simple child for every
 * mug, per-item and shipping tax in `extension_attributes.item_applied_taxes`, coupon discounts per item, Adobe
 * Commerce gift cards in `extension_attributes.gift_cards`), products, MSI sources and source items.
 * Amounts are computed in integer cents from the seed's decimal strings, never with float arithmetic; they are
 * turned into JSON numbers only at the end, as Magento sends them.
 */
import { SEED_PRODUCTS, SEED_WAREHOUSES, type SeedProduct } from "../seed/catalog.js";
import type { SeedOrder, SeedOrderLine } from "../seed/orders.js";

export type MagentoRecord = Record<string, unknown>;

/** State and status of a rendered order. */
export interface MagentoOrderState {
  state: string;
  status: string;
}

/** `"12.90"` → 1290 (exact: string arithmetic, no float). */
export function toCents(amount: string): number {
  const negative = amount.startsWith("-");
  const [whole = "0", fraction = ""] = amount.replace(/^-/, "").split(".");
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, "0").slice(0, 2));
  return negative ? -cents : cents;
}

/** 1290 → 12.9 (the JSON number Magento sends; built from the decimal text, so it is the nearest double). */
export function centsToNumber(cents: number): number {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return Number(`${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`);
}

/** `2026-11-02T08:00:00.000Z` → `2026-11-02 08:00:00` (Magento stores UTC without an offset). */
export function magentoDate(iso: string | number): string {
  return new Date(iso).toISOString().slice(0, 19).replace("T", " ");
}

/** Magento tax rate codes of the seed's rates, as `item_applied_taxes[].applied_taxes[].code`. */
export const MAGENTO_SEED_TAX_CODES: Readonly<Record<string, string>> = { "19": "DE-VAT-19", "7": "DE-VAT-7" };

/** Product tax class ids (`tax_class_id`): 2 is Magento's "Taxable Goods"; 5 a "Reduced Rate Goods" class. */
export const MAGENTO_SEED_TAX_CLASS_IDS = { standard: "2", reduced: "5" } as const;

/** The configurable product of the seed: the mugs are its simple children (one per colour). */
export const MAGENTO_SEED_CONFIGURABLE = { sku: "MUG", name: "Stoneware mug", childPrefix: "MUG-" } as const;

/**
 * Default state of the `index`-th seed order: most are `processing` (invoiced, not shipped), so the demo has
 * orders to sync; the 5th and 11th are `new`/`pending` (not paid yet), the 8th `complete`, the 10th `holded`.
 */
export function defaultMagentoOrderState(index: number): MagentoOrderState {
  if (index === 4 || index === 10) return { state: "new", status: "pending" };
  if (index === 7) return { state: "complete", status: "complete" };
  if (index === 9) return { state: "holded", status: "holded" };
  return { state: "processing", status: "processing" };
}

const productId = (sku: string): number => {
  const index = SEED_PRODUCTS.findIndex((p) => p.sku === sku);
  return index === -1 ? 9000 + (sku.length % 100) : index + 1;
};
/** Entity id of the configurable parent product. */
export const MAGENTO_SEED_CONFIGURABLE_ID = SEED_PRODUCTS.length + 1;

const GUEST_ADDRESS = {
  firstname: "Sam",
  lastname: "Gastmann",
  street: ["Torstraße 101"],
  city: "Berlin",
  postcode: "10119",
  country_id: "DE",
  telephone: "+49 30 555 0199",
};

function addressOf(order: SeedOrder, type: "billing" | "shipping", id: number, parentId: number): MagentoRecord {
  const c = order.customer;
  const base = c
    ? {
        firstname: c.firstName,
        lastname: c.lastName,
        ...(c.company ? { company: c.company } : {}),
        street: [c.street],
        city: c.city,
        postcode: c.postalCode,
        country_id: c.countryCode,
        telephone: c.phone,
      }
    : GUEST_ADDRESS;
  return { entity_id: id, parent_id: parentId, address_type: type, email: order.email, ...base };
}

interface RenderedLine {
  item: MagentoRecord;
  child?: MagentoRecord;
  taxes: MagentoRecord;
}

function renderLine(
  line: SeedOrderLine,
  orderId: number,
  itemId: number,
  state: MagentoOrderState,
  createdAt: string,
  couponPercent: number | undefined,
): RenderedLine {
  const unit = toCents(line.unitPrice);
  const rowTotal = unit * line.quantity;
  const rate = Number(line.taxRate);
  const grossUnit = unit + Math.round((unit * rate) / 100);
  const tax = toCents(line.tax);
  const discount = toCents(line.discount);
  const invoiced = state.state !== "new" && state.state !== "pending_payment";
  const shipped = state.state === "complete";
  const configurable = line.sku.startsWith(MAGENTO_SEED_CONFIGURABLE.childPrefix);
  const quantities = {
    qty_ordered: line.quantity,
    qty_invoiced: invoiced ? line.quantity : 0,
    qty_shipped: shipped ? line.quantity : 0,
    qty_refunded: 0,
    qty_canceled: 0,
  };
  const item: MagentoRecord = {
    item_id: itemId,
    order_id: orderId,
    quote_item_id: itemId + 50_000,
    created_at: createdAt,
    updated_at: createdAt,
    product_id: configurable ? MAGENTO_SEED_CONFIGURABLE_ID : productId(line.sku),
    product_type: configurable ? "configurable" : "simple",
    sku: line.sku,
    name: configurable ? MAGENTO_SEED_CONFIGURABLE.name : line.name,
    store_id: 1,
    is_virtual: 0,
    ...quantities,
    price: centsToNumber(unit),
    base_price: centsToNumber(unit),
    original_price: centsToNumber(unit),
    price_incl_tax: centsToNumber(grossUnit),
    base_price_incl_tax: centsToNumber(grossUnit),
    row_total: centsToNumber(rowTotal),
    base_row_total: centsToNumber(rowTotal),
    row_total_incl_tax: centsToNumber(grossUnit * line.quantity),
    base_row_total_incl_tax: centsToNumber(grossUnit * line.quantity),
    row_invoiced: invoiced ? centsToNumber(rowTotal) : 0,
    discount_amount: centsToNumber(discount),
    base_discount_amount: centsToNumber(discount),
    discount_percent: discount > 0 && couponPercent !== undefined ? couponPercent : 0,
    discount_tax_compensation_amount: 0,
    tax_amount: centsToNumber(tax),
    base_tax_amount: centsToNumber(tax),
    tax_invoiced: invoiced ? centsToNumber(tax) : 0,
    tax_percent: rate,
    weee_tax_applied_row_amount: 0,
    weight: 0.4,
    row_weight: 0.4 * line.quantity,
    free_shipping: 0,
  };
  const child: MagentoRecord | undefined = configurable
    ? {
        item_id: itemId + 1,
        order_id: orderId,
        parent_item_id: itemId,
        quote_item_id: itemId + 50_001,
        created_at: createdAt,
        updated_at: createdAt,
        product_id: productId(line.sku),
        product_type: "simple",
        sku: line.sku,
        name: line.name,
        store_id: 1,
        is_virtual: 0,
        ...quantities,
        price: 0,
        base_price: 0,
        original_price: 0,
        price_incl_tax: 0,
        row_total: 0,
        base_row_total: 0,
        row_total_incl_tax: 0,
        discount_amount: 0,
        discount_percent: 0,
        tax_amount: 0,
        tax_percent: 0,
        weight: 0.4,
      }
    : undefined;
  const code = MAGENTO_SEED_TAX_CODES[line.taxRate] ?? `DE-VAT-${line.taxRate}`;
  const taxes = {
    type: "product",
    item_id: itemId,
    applied_taxes: [
      {
        code,
        title: `VAT ${line.taxRate} %`,
        percent: rate,
        amount: centsToNumber(tax),
        base_amount: centsToNumber(tax),
      },
    ],
  };
  return { item, ...(child ? { child } : {}), taxes };
}

/**
 * A seed order as Magento's `sales-data-order-interface`. `entityId` is the order's `entity_id`; item ids are
 * `entityId × 100 + n`. A gift card paid part of it: Magento's `grand_total` is what is left to pay after it.
 */
export function renderMagentoOrder(order: SeedOrder, entityId: number, state: MagentoOrderState): MagentoRecord {
  const createdAt = magentoDate(order.createdAt);
  const updatedAt = magentoDate(order.updatedAt);
  const couponPercent = order.coupon ? 10 : undefined;
  const invoiced = state.state !== "new" && state.state !== "pending_payment";
  const items: MagentoRecord[] = [];
  const itemTaxes: MagentoRecord[] = [];
  let nextItemId = entityId * 100 + 1;
  for (const line of order.lines) {
    const rendered = renderLine(line, entityId, nextItemId, state, createdAt, couponPercent);
    items.push(rendered.item);
    if (rendered.child) items.push(rendered.child);
    itemTaxes.push(rendered.taxes);
    nextItemId += rendered.child ? 2 : 1;
  }
  const shippingNet = toCents(order.shipping.net);
  const shippingTax = toCents(order.shipping.tax);
  const shippingCode = shippingNet === 0 ? "freeshipping_freeshipping" : "flatrate_flatrate";
  if (shippingNet > 0 || shippingTax > 0) {
    const code = MAGENTO_SEED_TAX_CODES[order.shipping.taxRate] ?? `DE-VAT-${order.shipping.taxRate}`;
    itemTaxes.push({
      type: "shipping",
      applied_taxes: [
        {
          code,
          title: `VAT ${order.shipping.taxRate} %`,
          percent: Number(order.shipping.taxRate),
          amount: centsToNumber(shippingTax),
          base_amount: centsToNumber(shippingTax),
        },
      ],
    });
  }
  const taxByCode = new Map<string, { percent: number; cents: number; title: string }>();
  for (const entry of itemTaxes) {
    for (const applied of entry.applied_taxes as Array<{
      code: string;
      title: string;
      percent: number;
      amount: number;
    }>) {
      const current = taxByCode.get(applied.code) ?? { percent: applied.percent, cents: 0, title: applied.title };
      current.cents += toCents(String(applied.amount));
      taxByCode.set(applied.code, current);
    }
  }
  const subtotal = order.lines.reduce((sum, l) => sum + toCents(l.unitPrice) * l.quantity, 0);
  const subtotalInclTax = items
    .filter((i) => i.parent_item_id === undefined)
    .reduce((sum, i) => sum + toCents(String(i.row_total_incl_tax)), 0);
  const discount = toCents(order.discountTotal);
  const taxTotal = toCents(order.taxTotal);
  const gift = order.giftCard ? toCents(order.giftCard.amount) : 0;
  const grand = toCents(order.grandTotal) - gift;
  const card = toCents(order.cardPayment);
  const customerId = order.customer ? Number(order.customer.number.replace(/\D/g, "")) - 10000 : undefined;
  const billing = addressOf(order, "billing", entityId * 2 - 1, entityId);
  const shipping = addressOf(order, "shipping", entityId * 2, entityId);
  const money = (cents: number) => centsToNumber(cents);
  return {
    entity_id: entityId,
    increment_id: order.number,
    quote_id: entityId + 7000,
    protect_code: `pc${entityId.toString(16).padStart(6, "0")}`,
    state: state.state,
    status: state.status,
    store_id: 1,
    store_name: "Main Website\nMain Website Store\nDefault Store View",
    created_at: createdAt,
    updated_at: updatedAt,
    customer_is_guest: order.customer ? 0 : 1,
    ...(customerId !== undefined ? { customer_id: customerId } : {}),
    customer_email: order.email,
    customer_firstname: order.customer?.firstName ?? GUEST_ADDRESS.firstname,
    customer_lastname: order.customer?.lastName ?? GUEST_ADDRESS.lastname,
    customer_group_id: order.customer ? (order.customer.company ? 2 : 1) : 0,
    customer_note_notify: 1,
    email_sent: 1,
    is_virtual: 0,
    order_currency_code: order.currency,
    base_currency_code: order.currency,
    global_currency_code: order.currency,
    store_currency_code: order.currency,
    base_to_global_rate: 1,
    base_to_order_rate: 1,
    ...(order.coupon
      ? { coupon_code: order.coupon.code, discount_description: order.coupon.code, applied_rule_ids: "3" }
      : {}),
    subtotal: money(subtotal),
    base_subtotal: money(subtotal),
    subtotal_incl_tax: money(subtotalInclTax),
    base_subtotal_incl_tax: money(subtotalInclTax),
    discount_amount: money(-discount),
    base_discount_amount: money(-discount),
    discount_tax_compensation_amount: 0,
    shipping_amount: money(shippingNet),
    base_shipping_amount: money(shippingNet),
    shipping_incl_tax: money(shippingNet + shippingTax),
    base_shipping_incl_tax: money(shippingNet + shippingTax),
    shipping_tax_amount: money(shippingTax),
    base_shipping_tax_amount: money(shippingTax),
    shipping_discount_amount: 0,
    shipping_discount_tax_compensation_amount: 0,
    shipping_description: shippingNet === 0 ? "Free Shipping - Free" : "Flat Rate - DHL Paket",
    tax_amount: money(taxTotal),
    base_tax_amount: money(taxTotal),
    grand_total: money(grand),
    base_grand_total: money(grand),
    total_due: invoiced ? 0 : money(grand),
    total_paid: invoiced ? money(grand) : 0,
    total_invoiced: invoiced ? money(grand) : 0,
    total_refunded: 0,
    total_qty_ordered: order.lines.reduce((sum, l) => sum + l.quantity, 0),
    total_item_count: order.lines.length,
    weight: 0.4 * order.lines.reduce((sum, l) => sum + l.quantity, 0),
    items,
    billing_address_id: billing.entity_id,
    billing_address: billing,
    payment: {
      entity_id: entityId,
      parent_id: entityId,
      method: card === 0 ? "free" : "stripe_payments",
      account_status: "",
      additional_information: [],
      ...(card === 0 ? {} : { cc_last4: "4242", cc_type: "VI", last_trans_id: order.transactionId }),
      amount_ordered: money(card),
      base_amount_ordered: money(card),
      amount_authorized: money(card),
      amount_paid: invoiced ? money(card) : 0,
      base_amount_paid: invoiced ? money(card) : 0,
      shipping_amount: money(shippingNet),
    },
    status_histories: [],
    extension_attributes: {
      shipping_assignments: [
        {
          shipping: {
            address: shipping,
            method: shippingCode,
            total: {
              shipping_amount: money(shippingNet),
              shipping_incl_tax: money(shippingNet + shippingTax),
              shipping_tax_amount: money(shippingTax),
            },
          },
          items: items.filter((i) => i.parent_item_id === undefined),
        },
      ],
      payment_additional_info: card === 0 ? [] : [{ key: "method_title", value: "Credit card (Stripe)" }],
      applied_taxes: [...taxByCode.entries()].map(([code, t]) => ({
        code,
        title: t.title,
        percent: t.percent,
        amount: money(t.cents),
        base_amount: money(t.cents),
      })),
      item_applied_taxes: itemTaxes,
      converting_from_quote: true,
      ...(order.giftCard
        ? {
            gift_cards: [
              { id: entityId + 300, code: order.giftCard.code, amount: money(gift), base_amount: money(gift) },
            ],
            gift_cards_amount: money(gift),
            base_gift_cards_amount: money(gift),
            gift_cards_invoiced: invoiced ? money(gift) : 0,
          }
        : {}),
    },
  };
}

/** A seed product as `catalog-data-product-interface`. */
export function renderMagentoProduct(product: SeedProduct, id: number, at: string): MagentoRecord {
  const child = product.sku.startsWith(MAGENTO_SEED_CONFIGURABLE.childPrefix);
  const qty = Object.values(product.stock).reduce((a, b) => a + b, 0);
  return {
    id,
    sku: product.sku,
    name: product.name,
    attribute_set_id: 4,
    price: centsToNumber(toCents(product.price)),
    status: 1,
    visibility: child ? 1 : 4,
    type_id: "simple",
    created_at: at,
    updated_at: at,
    weight: 0.4,
    extension_attributes: {
      website_ids: [1],
      stock_item: { item_id: id, product_id: id, stock_id: 1, qty, is_in_stock: qty > 0 },
    },
    custom_attributes: [
      { attribute_code: "tax_class_id", value: MAGENTO_SEED_TAX_CLASS_IDS[product.taxClass] },
      { attribute_code: "gtin", value: product.gtin },
      { attribute_code: "url_key", value: product.sku.toLowerCase() },
    ],
  };
}

/** The configurable parent of the mugs. */
export function renderMagentoConfigurable(at: string): MagentoRecord {
  const children = SEED_PRODUCTS.filter((p) => p.sku.startsWith(MAGENTO_SEED_CONFIGURABLE.childPrefix));
  return {
    id: MAGENTO_SEED_CONFIGURABLE_ID,
    sku: MAGENTO_SEED_CONFIGURABLE.sku,
    name: MAGENTO_SEED_CONFIGURABLE.name,
    attribute_set_id: 4,
    price: 0,
    status: 1,
    visibility: 4,
    type_id: "configurable",
    created_at: at,
    updated_at: at,
    extension_attributes: {
      website_ids: [1],
      configurable_product_links: children.map((c) => productId(c.sku)),
    },
    custom_attributes: [{ attribute_code: "tax_class_id", value: MAGENTO_SEED_TAX_CLASS_IDS.standard }],
  };
}

/** MSI sources: one per seed warehouse, its code the warehouse's storefront location. */
export function renderMagentoSources(): MagentoRecord[] {
  return SEED_WAREHOUSES.map((w) => ({
    source_code: w.storefrontLocation,
    name: w.name,
    enabled: true,
    country_id: "DE",
    postcode: w.code === "MAIN" ? "20457" : "04107",
    city: w.code === "MAIN" ? "Hamburg" : "Leipzig",
    use_default_carrier_config: true,
    carrier_links: [],
  }));
}

/** Source items (`sku`, `source_code`, `quantity`, `status`) from the seed stock per warehouse. */
export function renderMagentoSourceItems(): MagentoRecord[] {
  return SEED_PRODUCTS.flatMap((p) =>
    SEED_WAREHOUSES.map((w) => {
      const quantity = p.stock[w.code] ?? 0;
      return { sku: p.sku, source_code: w.storefrontLocation, quantity, status: quantity > 0 ? 1 : 0 };
    }),
  );
}
