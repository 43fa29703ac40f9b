/**
 * The vendors' own example payloads, storefront → canonical → both ERPs, in one place. The specs' examples are
 * fragments (an order from one store, its products from another order, a refund of a third), so each case says
 * what it is and the exact outcome it must have: posted with schema-valid BC and B1 bodies, or the specific typed
 * exception a real sync would raise on that data.
 */
import { toBcSalesCreditMemo } from "@org/bc-client";
import { fromBigCommerceRefund } from "@org/bigcommerce-client";
import { Decimal, prepareCreditMemo } from "@org/core";
import { flattenDocument, fromOroCustomer, fromOroProductPrices } from "@org/oro-client";
import { describe, expect, it } from "vitest";
// The Oro client's own test loader materialises Oro's fixture expressions (ids, dates) in place.
import { listSampleFiles, loadSample } from "../../../packages/oro-client/src/__fixtures__/oro-samples.js";
import {
  bcDocumentTotal,
  contractErrors,
  lookups,
  postingConfig,
  runPipeline,
  sapB1DocumentTotal,
} from "./pipeline.js";
import { bigCommerceExamples, magentoExampleCount } from "./vendor-examples.js";

type Outcome = ReturnType<typeof runPipeline>;
const codes = (outcome: Outcome) =>
  outcome.kind === "failed"
    ? [...new Set(outcome.exceptions.map((e) => `${e.failureId ?? "-"}:${e.code}:${e.field ?? ""}`))]
    : [];

describe("BigCommerce's OpenAPI examples (orders.v2.oas2.yml, orders.v3.yml)", () => {
  const examples = bigCommerceExamples();
  const [awaitingPayment, multipleItems] = Object.values(examples.orders);
  const bundle = (order: unknown, extra: Record<string, unknown> = {}) => ({
    order,
    products: examples.products,
    taxes: examples.taxes,
    ...extra,
  });

  it("O4: order 218 (`order_Resp` example, status 7 Awaiting Payment) is skipped with its reason, not posted", () => {
    const outcome = runPipeline("bigcommerce", bundle(awaitingPayment));
    expect(outcome).toMatchObject({ kind: "skipped", reason: expect.stringContaining("pending_payment") });
  });

  it("O7/O17: order 218 confirmed, with the products and taxes examples (of orders 149 and 138) and no shipping address, is quarantined naming each total", () => {
    const outcome = runPipeline("bigcommerce", bundle(awaitingPayment), {
      bigcommerce: { stages: { 7: "confirmed" } },
    });
    expect(outcome.kind === "failed" && outcome.stage).toBe("plan");
    expect(codes(outcome)).toEqual([
      "O17:TOTAL_MISMATCH:totals.subtotal",
      "O17:TOTAL_MISMATCH:totals.taxTotal",
      "O17:TOTAL_MISMATCH:totals.grandTotal",
      "O7:NOT_READY_TO_FULFIL:shippingAddress",
    ]);
  });

  it("O5/O16/O17: the products example as order 218's lines, its header totals taken from them and the shipping-address example: both ERP bodies are schema-valid and total the order", () => {
    // Derived, and said so: the header keeps the example's ids, dates, status, customer and coupon; subtotal and
    // totals are those of the products example (55.99 + 0.00), shipping is the shipping-address example's 15.00.
    const order = {
      ...(awaitingPayment as Record<string, unknown>),
      status_id: 11,
      subtotal_ex_tax: "55.9900",
      shipping_cost_ex_tax: "15.0000",
      // discount_amount and coupon_discount stay the example's (5.0000 each): one 5.00 coupon, not 10.00 off (O9).
      total_tax: "0.0000",
      total_inc_tax: "65.9900",
    };
    const outcome = runPipeline(
      "bigcommerce",
      bundle(order, { taxes: [], shippingAddresses: [examples.shippingAddress] }),
    );
    if (outcome.kind !== "ok") throw new Error(JSON.stringify(outcome));
    const { documents } = outcome;
    expect(documents.plan.externalDocumentNumber).toBe("218");
    expect(documents.bc.kind === "ok" && contractErrors("bc", "set.salesOrders.create", documents.bc.value)).toEqual(
      [],
    );
    expect(
      documents.sapb1.kind === "ok" && contractErrors("sapb1", "set.Orders.create", documents.sapb1.value),
    ).toEqual([]);
    expect(bcDocumentTotal(documents).total.eq("65.99")).toBe(true);
    expect(sapB1DocumentTotal(documents).total.eq("65.99")).toBe(true);
    expect(documents.plan.lines.map((l) => `${l.description}:${l.netAmount}`)).toEqual([
      "Fog Linen Chambray Towel - Beige Stripe:50.99",
      "Able Brewing System:0.00",
      "Flat Rate:15.0000",
    ]);
  });

  it("O11: order 247 (`Multiple Items` example) has no currency_code: INVALID_PAYLOAD naming the field, never a guessed currency", () => {
    expect(codes(runPipeline("bigcommerce", bundle(multipleItems)))).toEqual(["-:INVALID_PAYLOAD:currency"]);
  });

  it("R2/S2: the refund example (order 180, store credit, offline) maps with its store-credit payment; its amounts do not add up (55.99 + 5 tax ≠ 50), so no credit memo is posted", () => {
    const [refund] = Object.values(examples.refunds);
    // As published, the refund names order 180, which no order example is: the mapper says so.
    const asPublished = fromBigCommerceRefund(refund as never, {
      order: { order: awaitingPayment as never, products: examples.products as never },
    });
    expect(asPublished.kind === "failed" && asPublished.exceptions.map((e) => `${e.code}:${e.field}`)).toEqual([
      "INVALID_PAYLOAD:order_id",
    ]);
    // Against order 180 whose product 87 is the products example's first product:
    const order = { ...(awaitingPayment as Record<string, unknown>), id: 180 };
    const products = [{ ...(examples.products[0] as Record<string, unknown>), id: 87 }];
    const mapped = fromBigCommerceRefund(refund as never, {
      order: { order: order as never, products: products as never },
    });
    if (mapped.kind !== "ok") throw new Error(JSON.stringify(mapped));
    expect(mapped.value.refundPayments.map((p) => `${p.kind}:${p.gateway}:${p.amount}`)).toEqual([
      "store_credit:storecredit:50.00",
    ]);
    const plan = prepareCreditMemo(
      mapped.value,
      { ...postingConfig, refundBeforeInvoice: "credit_against_order" },
      lookups,
    );
    expect(plan.kind === "failed" && plan.exceptions.map((e) => `${e.failureId}:${e.code}:${e.field}`)).toEqual([
      "R2:REFUND_TOTAL_MISMATCH:totals.total",
    ]);
    // With the amount the lines justify, the same refund becomes a schema-valid BC credit memo.
    const consistent = fromBigCommerceRefund(
      {
        ...(refund as Record<string, unknown>),
        total_amount: 60.99,
        payments: [{ provider_id: "storecredit", amount: 60.99, offline: true }],
      } as never,
      { order: { order: order as never, products: products as never } },
    );
    if (consistent.kind !== "ok") throw new Error(JSON.stringify(consistent));
    const posted = prepareCreditMemo(
      consistent.value,
      { ...postingConfig, refundBeforeInvoice: "credit_against_order" },
      lookups,
    );
    if (posted.kind !== "ok") throw new Error(JSON.stringify(posted));
    const body = toBcSalesCreditMemo(posted.value, { customerNumber: "C10000", localCurrency: "USD" });
    expect(body.kind === "ok" && contractErrors("bc", "set.salesCreditMemos.create", body.value)).toEqual([]);
    expect(posted.value.expectedTotal.eq(Decimal.from("60.99"))).toBe(true);
  });
});

describe("Magento's admin schema (admin-schema-2.4.9)", () => {
  it("publishes no example payloads: Magento is covered by the property test's generated orders (fails when examples appear, to add them here)", () => {
    expect(magentoExampleCount()).toBe(0);
  });
});

describe("Oro's sample responses (orocommerce/sample-responses)", () => {
  it("covers every order, customer and price sample there is", () => {
    expect(
      listSampleFiles().filter((f) =>
        /^(OrderBundle\/c?get_order|CustomerBundle\/c?get_customer\.|PricingBundle\/product_price)/.test(f),
      ),
    ).toEqual([
      "CustomerBundle/cget_customer.yml",
      "CustomerBundle/get_customer.yml",
      "OrderBundle/cget_order.yml",
      "OrderBundle/get_order.yml",
      "OrderBundle/get_order_include_order_line_items.yml",
      "PricingBundle/product_price_get.yml",
      "PricingBundle/product_price_get_list.yml",
    ]);
  });

  it("O1/O12: orders whose line items were not included (get_order, cget_order) name the missing SKU, never an order without lines", () => {
    const single = loadSample("OrderBundle/get_order.yml");
    const list = loadSample("OrderBundle/cget_order.yml") as { data: unknown[] };
    const outcomes = [single, ...list.data.map((data) => ({ data }))].map((doc) => runPipeline("oro", doc));
    for (const outcome of outcomes) {
      expect(outcome.kind === "failed" && outcome.stage).toBe("map");
      // the samples without a linked line item name the customer instead: it was not included either
      expect(codes(outcome)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^-:INVALID_PAYLOAD:(lineItems\.0\.productSku|customer\.name)$/),
        ]),
      );
      expect(codes(outcome)).toHaveLength(1);
    }
    expect(outcomes.filter((o) => codes(o)[0]?.endsWith("lineItems.0.productSku"))).toHaveLength(4);
  });

  it("O2: the order with its line items included still lacks the customer (include=customer): INVALID_PAYLOAD naming customer.name", () => {
    const outcome = runPipeline("oro", loadSample("OrderBundle/get_order_include_order_line_items.yml"));
    expect(codes(outcome)).toEqual(["-:INVALID_PAYLOAD:customer.name"]);
  });

  it("O2/O7/O12/O17: with the customer included as a sync requests it, every problem of the sample is reported at once: totals (789 subtotal for 444.50 of lines, 1234 total), no ERP account, no shipping, units bottle/box unmapped", () => {
    const doc = structuredClone(loadSample("OrderBundle/get_order_include_order_line_items.yml")) as {
      data: { relationships: { customer: { data: { id: string } } } };
      included: unknown[];
    };
    doc.included.push({
      type: "customers",
      id: doc.data.relationships.customer.data.id,
      attributes: { name: "customer.1" },
      relationships: { parent: { data: null } },
    });
    const outcome = runPipeline("oro", doc, { oro: { orderTax: { ratePercent: 0 } } });
    expect(outcome.kind === "failed" && outcome.stage).toBe("plan");
    expect(codes(outcome)).toEqual([
      "O17:TOTAL_MISMATCH:totals.subtotal",
      "O17:TOTAL_MISMATCH:totals.grandTotal",
      "O2:PARENT_ACCOUNT_NOT_FOUND:customer.organization",
      "O7:NOT_READY_TO_FULFIL:shippingAddress",
      "O12:UNIT_NOT_MAPPED:lines.0.unit",
      "O12:UNIT_NOT_MAPPED:lines.1.unit",
    ]);
  });

  it("O2: the customer samples map to organizations without exceptions", () => {
    for (const file of ["CustomerBundle/get_customer.yml", "CustomerBundle/cget_customer.yml"]) {
      const flat = flattenDocument(loadSample(file) as never) as unknown;
      for (const customer of Array.isArray(flat) ? flat : [flat]) {
        const result = fromOroCustomer(customer as never);
        expect(result.kind === "ok" && result.value.organization?.ref.type).toBe("customer");
      }
    }
  });

  it("M2: the price samples do not include the product, so every price names product.sku instead of a price without a SKU", () => {
    for (const file of ["PricingBundle/product_price_get.yml", "PricingBundle/product_price_get_list.yml"]) {
      const flat = flattenDocument(loadSample(file) as never) as unknown;
      const prices = Array.isArray(flat) ? flat : [flat];
      const result = fromOroProductPrices(prices as never);
      expect(result.pricesBySku.size).toBe(0);
      expect(result.exceptions.map((e) => `${e.code}:${e.field}`)).toEqual(
        prices.map(() => "INVALID_PAYLOAD:product.sku"),
      );
    }
  });
});
