/**
 * Magento order and credit memo bodies as `GET /V1/orders/{id}` and `GET /V1/creditmemo/{id}` answer them (JSON
 * numbers, UTC dates without offset, child items next to their parents, Adobe Commerce totals in
 * `extension_attributes`).
 */
import type { MagentoCreditMemo } from "../mappers/from-magento-credit-memo.js";
import type { MagentoOrder } from "../mappers/from-magento-order.js";

const shippingAddress = {
  address_type: "shipping",
  firstname: "Veronica",
  lastname: "Costello",
  street: ["6146 Honey Bluff Parkway", "Suite 4"],
  city: "Calder",
  region: "Michigan",
  region_code: "MI",
  region_id: 33,
  postcode: "49628-7978",
  country_id: "US",
  telephone: "(555) 229-3326",
  email: "roni_cost@example.com",
};

/**
 * A US store, prices excluding tax (8.25 %, shipping taxed too): a configurable hoodie (parent priced, child at 0)
 * and two duffle bags, coupon SPRING10 (10 % off items), UPS Ground, part paid with an Adobe Commerce gift card.
 *
 * Lines 52.00 + 2 × 34.00 = 120.00; discount 5.20 + 6.80 = 12.00; tax 3.86 + 5.05 + shipping 1.24 = 10.15;
 * 120.00 − 12.00 + 15.00 + 10.15 = 133.15, of which 20.00 by gift card, so Magento's grand_total is 113.15.
 */
export function usOrder(): MagentoOrder {
  return {
    entity_id: 3104,
    increment_id: "000003104",
    state: "processing",
    status: "processing",
    store_id: 1,
    created_at: "2026-03-01 10:15:00",
    updated_at: "2026-03-01 10:20:41",
    customer_id: 27,
    customer_is_guest: 0,
    customer_email: "roni_cost@example.com",
    customer_firstname: "Veronica",
    customer_lastname: "Costello",
    customer_group_id: 1,
    customer_note: "Leave at the back door",
    order_currency_code: "USD",
    base_currency_code: "USD",
    coupon_code: "SPRING10",
    discount_description: "SPRING10",
    subtotal: 120,
    subtotal_incl_tax: 129.9,
    discount_amount: -12,
    discount_tax_compensation_amount: 0,
    shipping_amount: 15,
    shipping_incl_tax: 16.24,
    shipping_tax_amount: 1.24,
    shipping_discount_amount: 0,
    shipping_discount_tax_compensation_amount: 0,
    shipping_description: "United Parcel Service - Ground",
    tax_amount: 10.15,
    grand_total: 113.15,
    base_grand_total: 113.15,
    total_qty_ordered: 3,
    items: [
      {
        item_id: 6201,
        order_id: 3104,
        sku: "MH01-XS-Black",
        name: "Chaz Kangeroo Hoodie",
        product_type: "configurable",
        qty_ordered: 1,
        price: 52,
        price_incl_tax: 56.29,
        row_total: 52,
        row_total_incl_tax: 56.29,
        discount_amount: 5.2,
        discount_percent: 10,
        discount_tax_compensation_amount: 0,
        tax_amount: 3.86,
        tax_percent: 8.25,
      },
      {
        item_id: 6202,
        order_id: 3104,
        parent_item_id: 6201,
        sku: "MH01-XS-Black",
        name: "Chaz Kangeroo Hoodie-XS-Black",
        product_type: "simple",
        qty_ordered: 1,
        price: 0,
        price_incl_tax: 0,
        row_total: 0,
        row_total_incl_tax: 0,
        discount_amount: 0,
        tax_amount: 0,
        tax_percent: 0,
      },
      {
        item_id: 6203,
        order_id: 3104,
        sku: "24-MB01",
        name: "Joust Duffle Bag",
        product_type: "simple",
        qty_ordered: 2,
        price: 34,
        price_incl_tax: 36.81,
        row_total: 68,
        row_total_incl_tax: 73.61,
        discount_amount: 6.8,
        discount_percent: 10,
        discount_tax_compensation_amount: 0,
        tax_amount: 5.05,
        tax_percent: 8.25,
      },
    ],
    billing_address: { ...shippingAddress, address_type: "billing", street: ["6146 Honey Bluff Parkway"] },
    payment: {
      method: "braintree",
      account_status: "",
      additional_information: [],
      cc_last4: "1111",
      cc_type: "VI",
      last_trans_id: "7n2xkq9d",
      amount_ordered: 113.15,
      amount_authorized: 113.15,
      amount_paid: 113.15,
    },
    extension_attributes: {
      shipping_assignments: [
        {
          shipping: { address: shippingAddress, method: "ups_GND", total: { shipping_amount: 15 } },
          items: [],
        },
      ],
      applied_taxes: [{ code: "US-MI-*-Rate 1", title: "US-MI-*-Rate 1", percent: 8.25, amount: 10.15, base_amount: 10.15 }],
      item_applied_taxes: [
        {
          type: "product",
          item_id: 6201,
          applied_taxes: [{ code: "US-MI-*-Rate 1", title: "US-MI-*-Rate 1", percent: 8.25, amount: 3.86, base_amount: 3.86 }],
        },
        {
          type: "product",
          item_id: 6203,
          applied_taxes: [{ code: "US-MI-*-Rate 1", title: "US-MI-*-Rate 1", percent: 8.25, amount: 5.05, base_amount: 5.05 }],
        },
        {
          type: "shipping",
          applied_taxes: [{ code: "US-MI-*-Rate 1", title: "US-MI-*-Rate 1", percent: 8.25, amount: 1.24, base_amount: 1.24 }],
        },
      ],
      converting_from_quote: true,
      gift_cards: [{ id: 14, code: "GC-8F2K-Q7ZD", amount: 20, base_amount: 20 }],
      gift_cards_amount: 20,
      base_gift_cards_amount: 20,
    },
  };
}

/**
 * A German-style store, prices including tax (10 %), discount applied on prices excluding tax with the tax
 * compensated: the figures of Magento's own tax integration scenario `including_tax_apply_tax_after_discount`
 * (one item at 29.00 incl. tax, 50 % off items and shipping, shipping 5.00 incl. tax), as an order. A guest.
 */
export function euOrder(): MagentoOrder {
  return {
    entity_id: 51,
    increment_id: "DE-000000051",
    state: "new",
    status: "pending",
    store_id: 2,
    created_at: "2026-03-02 08:00:00",
    customer_is_guest: 1,
    customer_email: "max@example.com",
    customer_group_id: 0,
    order_currency_code: "EUR",
    base_currency_code: "EUR",
    discount_description: "Half price week",
    subtotal: 26.36,
    subtotal_incl_tax: 29,
    discount_amount: -15.455,
    discount_tax_compensation_amount: 1.2,
    shipping_amount: 4.55,
    shipping_incl_tax: 5,
    shipping_tax_amount: 0.25,
    shipping_discount_amount: 2.275,
    shipping_discount_tax_compensation_amount: 0.2,
    tax_amount: 1.69,
    grand_total: 18.545,
    base_grand_total: 18.545,
    items: [
      {
        item_id: 90,
        sku: "simple1",
        name: "Simple 1",
        product_type: "simple",
        qty_ordered: 1,
        price: 26.36,
        price_incl_tax: 29,
        row_total: 26.36,
        row_total_incl_tax: 29,
        discount_amount: 13.18,
        discount_percent: 50,
        discount_tax_compensation_amount: 1.2,
        tax_amount: 1.44,
        tax_percent: 10,
      },
    ],
    billing_address: {
      address_type: "billing",
      firstname: "Max",
      lastname: "Mustermann",
      street: ["Alexanderplatz 1"],
      city: "Berlin",
      postcode: "10178",
      country_id: "DE",
      telephone: "+49 30 1234567",
    },
    payment: { method: "banktransfer", account_status: "", additional_information: [], cc_last4: "" },
    extension_attributes: {
      shipping_assignments: [
        {
          shipping: {
            address: {
              address_type: "shipping",
              firstname: "Max",
              lastname: "Mustermann",
              street: ["Alexanderplatz 1"],
              city: "Berlin",
              postcode: "10178",
              country_id: "DE",
              telephone: "+49 30 1234567",
            },
            method: "flatrate_flatrate",
          },
          items: [],
        },
      ],
      item_applied_taxes: [
        { type: "product", item_id: 90, applied_taxes: [{ code: "DE-10", percent: 10, amount: 1.44, base_amount: 1.44 }] },
        { type: "shipping", applied_taxes: [{ code: "DE-10", percent: 10, amount: 0.25, base_amount: 0.25 }] },
      ],
    },
  };
}

/**
 * A refund of {@link usOrder}: one duffle bag (with its share of the coupon) and the shipping, plus a 5.00
 * goodwill adjustment less a 2.00 restocking fee, refunded online against invoice 1702.
 *
 * Item 34.00 − 3.40 = 30.60, tax 2.52; shipping 15.00, tax 1.24; adjustment 5.00 − 2.00 = 3.00;
 * 34.00 − 3.40 + 15.00 + 3.76 + 3.00 = 52.36.
 */
export function usCreditMemo(): MagentoCreditMemo {
  return {
    entity_id: 812,
    increment_id: "000000812",
    order_id: 3104,
    invoice_id: 1702,
    state: 2,
    created_at: "2026-03-09 15:30:00",
    order_currency_code: "USD",
    base_currency_code: "USD",
    transaction_id: "7n2xkq9d-refund",
    subtotal: 34,
    subtotal_incl_tax: 36.81,
    discount_amount: -3.4,
    discount_tax_compensation_amount: 0,
    shipping_amount: 15,
    shipping_incl_tax: 16.24,
    shipping_tax_amount: 1.24,
    shipping_discount_tax_compensation_amount: 0,
    tax_amount: 3.76,
    adjustment_positive: 5,
    adjustment_negative: 2,
    adjustment: 3,
    grand_total: 52.36,
    base_grand_total: 52.36,
    items: [
      {
        entity_id: 1501,
        order_item_id: 6203,
        sku: "24-MB01",
        name: "Joust Duffle Bag",
        qty: 1,
        price: 34,
        price_incl_tax: 36.81,
        row_total: 34,
        row_total_incl_tax: 36.81,
        discount_amount: 3.4,
        discount_tax_compensation_amount: 0,
        tax_amount: 2.52,
        base_cost: 0,
        base_price: 34,
      },
      {
        entity_id: 1502,
        order_item_id: 6201,
        sku: "MH01-XS-Black",
        name: "Chaz Kangeroo Hoodie",
        qty: 0,
        price: 52,
        row_total: 0,
        base_cost: 0,
        base_price: 52,
      },
    ],
    comments: [
      { comment: "Bag arrived damaged", is_customer_notified: 1, is_visible_on_front: 0, parent_id: 812 },
    ],
  };
}

/**
 * A full refund of {@link euOrder} (item and shipping), as Magento computes it: the credit memo's discount and
 * discount tax compensation include the shipping's share (2.275 and 0.20).
 */
export function euCreditMemo(): MagentoCreditMemo {
  return {
    entity_id: 77,
    increment_id: "DE-000000077",
    order_id: 51,
    store_id: 2,
    created_at: "2026-03-05 12:00:00",
    order_currency_code: "EUR",
    subtotal: 26.36,
    subtotal_incl_tax: 29,
    discount_amount: -15.455,
    discount_tax_compensation_amount: 1.4,
    shipping_amount: 4.55,
    shipping_incl_tax: 5,
    shipping_tax_amount: 0.25,
    tax_amount: 1.69,
    adjustment: 0,
    grand_total: 18.545,
    items: [
      {
        entity_id: 140,
        order_item_id: 90,
        sku: "simple1",
        qty: 1,
        price: 26.36,
        price_incl_tax: 29,
        row_total: 26.36,
        row_total_incl_tax: 29,
        discount_amount: 13.18,
        discount_tax_compensation_amount: 1.2,
        tax_amount: 1.44,
        base_cost: 0,
        base_price: 26.36,
        extension_attributes: { back_to_stock: true },
      },
    ],
  };
}
