/**
 * Property: for generated orders (line discounts and an order coupon, gift cards, taxed shipping, several tax
 * rates, currencies with 0, 2 and 3 minor units), every storefront's wire payload goes storefront → canonical →
 * posting plan → BC and B1 bodies, and the ERP document total recomputed from the bodies equals the storefront
 * grand total exactly, to the minor unit.
 */
import { toBcSalesOrder } from "@org/bc-client";
import { Decimal } from "@org/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type NeutralOrder,
  neutralOrderArbitrary,
  settle,
  toBigCommerceBundle,
  toMagentoOrder,
  toOroDocument,
} from "./neutral-order.js";
import {
  bcDocumentTotal,
  contractErrors,
  type ErpDocuments,
  runPipeline,
  type Storefront,
  sapB1DocumentTotal,
} from "./pipeline.js";

const RUNS = 500;

/** Equal as amounts (scales may differ: `1.0000` from BigCommerce is `1`). */
function same(actual: Decimal, expected: Decimal, what: string): void {
  expect(actual.eq(expected), `${what}: ${actual} ≠ ${expected}`).toBe(true);
}

/** What every storefront must satisfy once it has posted (O9, O10, O11, O16, O17). */
function assertReconciles(storefront: Storefront, order: NeutralOrder, documents: ErpDocuments): void {
  const { plan } = documents;
  const layout = storefront === "magento" ? "line" : "order";
  const expected = settle(order, layout);
  const grandTotal = expected.grandTotal;

  // O17: the plan and both ERP documents total the storefront grand total, to the minor unit
  expect(plan.expectedTotal.eq(grandTotal)).toBe(true);
  const bc = bcDocumentTotal(documents);
  expect(bc.problems).toEqual([]);
  same(bc.total, grandTotal, "BC document total");
  const sapb1 = sapB1DocumentTotal(documents);
  expect(sapb1.problems).toEqual([]);
  same(sapb1.total, grandTotal, "B1 document total");

  // O9: discounts are allocated exactly: the lines' discounts sum to the order's discounts, coupon included
  const discounts = Decimal.sum(plan.lines.map((l) => l.discountAmount));
  same(discounts, expected.discountTotal, "line discounts");
  // O10: the gift card is a tender, never a discount: no line is reduced by it, it settles against the liability
  const giftCards = Decimal.sum(plan.giftCardSettlements.map((g) => g.amount));
  expect(giftCards.eq(storefront === "oro" ? Decimal.ZERO : expected.giftCard)).toBe(true);
  for (const line of plan.lines) expect(line.discountCodes.some((c) => c.startsWith("gift"))).toBe(false);

  // O16: shipping is its own line at its net amount, with its tax
  const shipping = plan.lines.filter((l) => l.kind === "account" && l.purpose === "shipping");
  expect(shipping).toHaveLength(1);
  expect(shipping[0]?.netAmount.eq(expected.shipping)).toBe(true);

  // O8: the tax passed through is the storefront's, and an ERP computing it itself lands within the tolerance
  expect(Decimal.sum(plan.lines.map((l) => l.taxAmount)).eq(expected.taxTotal)).toBe(true);
  expect(plan.taxDifference.abs().lte(Decimal.fromMinorUnits(BigInt(plan.lines.length), expected.scale))).toBe(true);

  // O11: the currency travels with both documents
  if (documents.bc.kind !== "ok" || documents.sapb1.kind !== "ok") throw new Error("ERP mapping failed");
  expect(documents.bc.value.currencyCode ?? "USD").toBe(order.currency);
  expect(documents.sapb1.value.DocCurrency).toBe(order.currency);

  // contract: both bodies are what the ERPs' own request schemas accept
  expect(contractErrors("bc", "set.salesOrders.create", documents.bc.value)).toEqual([]);
  expect(contractErrors("sapb1", "set.Orders.create", documents.sapb1.value)).toEqual([]);
}

function posted(storefront: Storefront, payload: unknown, oroRate?: number): ErpDocuments {
  // Payloads travel as JSON text, as they arrive from the storefront's API.
  const wire = JSON.parse(JSON.stringify(payload)) as unknown;
  const result = runPipeline(
    storefront,
    wire,
    oroRate === undefined ? {} : { oro: { orderTax: { ratePercent: oroRate } } },
  );
  if (result.kind !== "ok") throw new Error(JSON.stringify(result));
  return result.documents;
}

describe("storefront → canonical → ERP totals reconcile to the minor unit (property)", () => {
  it("O8/O9/O10/O11/O16/O17: BigCommerce v2 orders (coupon and promotions, gift certificates, taxed shipping, mixed rates)", () => {
    fc.assert(
      fc.property(neutralOrderArbitrary(), (order) => {
        assertReconciles("bigcommerce", order, posted("bigcommerce", toBigCommerceBundle(order)));
      }),
      { numRuns: RUNS },
    );
  });

  it("O8/O9/O10/O11/O16/O17: Magento orders (item discounts with the coupon code, gift cards, taxed shipping, mixed rates)", () => {
    fc.assert(
      fc.property(neutralOrderArbitrary(), (order) => {
        const documents = posted("magento", toMagentoOrder(order));
        assertReconciles("magento", order, documents);
        // O9: the coupon code stays attached to the lines that carry its share
        if (order.coupon > 0) expect(documents.plan.lines.some((l) => l.discountCodes.includes("SPRING"))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("O8/O9/O11/O16/O17: Oro orders with one jurisdiction rate: the order-level tax is spread over the lines exactly (no gift cards in Oro's API)", () => {
    fc.assert(
      fc.property(neutralOrderArbitrary({ singleRate: true, giftCards: false }), (order) => {
        const rate = order.lines[0]?.ratePercent ?? 0;
        assertReconciles("oro", order, posted("oro", toOroDocument(order), rate));
      }),
      { numRuns: RUNS },
    );
  });

  it("O8: Oro orders mixing rates cannot say which line had which rate: they post when rate × net matches, else TAX_DIFFERENCE, never a wrong document", () => {
    // Legitimately surfaced: Oro's one order-level tax amount with a derived rate cannot reproduce several rates
    // line by line. The derived rate is either one finance never mapped (TAX_MAPPING_MISSING) or rate × net misses
    // the captured tax beyond the tolerance (TAX_DIFFERENCE): O8 exceptions for finance, never a wrong document.
    let surfaced = 0;
    fc.assert(
      fc.property(neutralOrderArbitrary({ giftCards: false }), (order) => {
        const result = runPipeline("oro", JSON.parse(JSON.stringify(toOroDocument(order))));
        if (result.kind === "ok") {
          const expected = settle(order, "order");
          expect(result.documents.plan.expectedTotal.eq(expected.grandTotal)).toBe(true);
          expect(bcDocumentTotal(result.documents).total.eq(expected.grandTotal)).toBe(true);
          expect(sapB1DocumentTotal(result.documents).total.eq(expected.grandTotal)).toBe(true);
          return;
        }
        surfaced++;
        if (result.kind !== "failed") throw new Error(JSON.stringify(result));
        expect(result.stage).toBe("plan");
        for (const e of result.exceptions) {
          expect(e.failureId).toBe("O8");
          expect(["TAX_DIFFERENCE", "TAX_MAPPING_MISSING"]).toContain(e.code);
        }
      }),
      { numRuns: RUNS },
    );
    expect(surfaced).toBeGreaterThan(0); // the generator does produce orders Oro cannot post as they are
  });

  it("O10: under the line_discount policy the gift card is spread over the lines instead, and the document totals what was paid", () => {
    fc.assert(
      fc.property(neutralOrderArbitrary(), (order) => {
        const result = runPipeline("bigcommerce", toBigCommerceBundle(order), {
          posting: { giftCardRedemptions: "line_discount" },
        });
        if (result.kind !== "ok") throw new Error(JSON.stringify(result));
        const expected = settle(order, "order");
        expect(result.documents.plan.expectedTotal.eq(expected.grandTotal.sub(expected.giftCard))).toBe(true);
        expect(bcDocumentTotal(result.documents).total.eq(expected.grandTotal.sub(expected.giftCard))).toBe(true);
        expect(result.documents.plan.giftCardSettlements).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it("O8: a storefront tax mode the ERP customer does not share is TAX_MODE_MISMATCH, not a document with the wrong tax", () => {
    fc.assert(
      fc.property(neutralOrderArbitrary(), (order) => {
        const result = runPipeline("magento", toMagentoOrder(order));
        if (result.kind !== "ok") throw new Error(JSON.stringify(result));
        const mismatch = toBcSalesOrder(result.documents.plan, {
          customerNumber: "C10000",
          localCurrency: "USD",
          pricesIncludeTax: true,
        });
        expect(mismatch.kind === "failed" && mismatch.exceptions.map((e) => `${e.failureId}:${e.code}`)).toEqual([
          "O8:TAX_MODE_MISMATCH",
        ]);
      }),
      { numRuns: 50 },
    );
  });
});
