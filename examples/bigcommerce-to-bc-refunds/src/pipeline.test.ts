import { Decimal } from "@org/core";
import {
  BC_DEMO_POSTING_CONFIG,
  connectBc,
  connectBigCommerce,
  MemoryCheckpointStore,
  type RunReportOptions,
} from "@org/example-kit";
import { type BigCommerceRefundSeed, startFakeServer } from "@org/testing";
import { describe, expect, it } from "vitest";
import { createDemoFakes, DEMO_REFUNDS, type DemoFakes, refundWithStoreCredit } from "./demo.js";
import { runRefundSync } from "./pipeline.js";

const fastRetry = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };
const quiet: RunReportOptions = { out: () => {} };

function connect(fakes: DemoFakes) {
  return {
    bigCommerce: connectBigCommerce({
      fake: fakes.bigCommerce,
      env: {},
      clientSettings: fastRetry,
    }),
    bc: connectBc({ fake: fakes.bc, env: {}, clientSettings: fastRetry }),
  };
}

function run(fakes: DemoFakes, checkpoints: MemoryCheckpointStore, lines?: string[]) {
  return runRefundSync({
    ...connect(fakes),
    checkpoints,
    postingConfig: BC_DEMO_POSTING_CONFIG,
    lookupDelayMs: 0,
    report: lines ? { out: (line) => lines.push(line) } : quiet,
  });
}

/** Credit memos in the BC fake per external document number (`{order}-{refund}`). */
function creditMemosByRefund(fakes: DemoFakes): Map<string, number> {
  const counts = new Map<string, number>();
  for (const memo of fakes.bc.salesCreditMemos()) {
    const key = String(memo.externalDocumentNumber);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

const refundKey = (fakes: DemoFakes, orderId: number) => {
  const refund = fakes.bigCommerce.refunds().find((r) => r.order_id === orderId);
  if (!refund) throw new Error(`no refund on ${orderId}`);
  return `${orderId}-${refund.id}`;
};

describe("bigcommerce-to-bc-refunds", () => {
  it("R1/R5: the first run credits every refund against its posted invoice and quarantines the one whose order never reached BC", async () => {
    const fakes = createDemoFakes();
    const lines: string[] = [];
    const summary = await run(fakes, new MemoryCheckpointStore(), lines);

    expect(summary).toMatchObject({ posted: 4, skipped: 0, quarantined: 1 });
    expect(summary.exceptions.map((e) => [e.code, e.failureId, e.owner, e.retryable, e.records[1]?.id])).toEqual([
      ["INVOICE_NOT_FOUND", "R1", "finance", true, "100003"],
    ]);
    const memos = fakes.bc.salesCreditMemos();
    expect([...creditMemosByRefund(fakes).keys()].sort()).toEqual(
      [100001, 100004, 100007, 100010].map((o) => refundKey(fakes, o)).sort(),
    );
    for (const memo of memos) {
      // R1: linked to the posted invoice of the same order, for the invoice's customer.
      const order = String(memo.externalDocumentNumber).split("-")[0];
      const invoice = fakes.bc.salesInvoices().find((i) => i.externalDocumentNumber === order);
      expect(memo.invoiceId).toBe(invoice?.id);
      expect(memo.customerNumber).toBe(invoice?.customerNumber);
      // R2: BC's total of the credit memo is exactly what BigCommerce paid back.
      const refund = fakes.bigCommerce.refunds().find((r) => `${r.order_id}-${r.id}` === memo.externalDocumentNumber);
      expect(Decimal.from(String(memo.totalAmountIncludingTax)).eq(String(refund?.total_amount))).toBe(true);
    }
    // R3: returned goods are item lines, so they go back into stock when BC posts the credit memo.
    const kettle = memos.find((m) => String(m.externalDocumentNumber).startsWith("100010-"));
    const kettleLines = (kettle?.salesCreditMemoLines ?? []) as Array<{ lineType: string; lineObjectNumber: string }>;
    expect(kettleLines[0]).toMatchObject({
      lineType: "Item",
      lineObjectNumber: "KETTLE-STEEL",
    });
    expect(summary.httpCalls.bc).toBeGreaterThan(0);
    expect(lines.join("\n")).toContain("held    refund");
    expect(lines.join("\n")).toContain("- finance: INVOICE_NOT_FOUND ×1");
  });

  it("R5: a rerun posts nothing new; with the watermark lost, every refund is found in BC and skipped", async () => {
    const fakes = createDemoFakes();
    const checkpoints = new MemoryCheckpointStore();
    await run(fakes, checkpoints);
    const writes = fakes.bc.writes;

    const rerun = await run(fakes, checkpoints);
    expect(rerun).toMatchObject({ posted: 0, skipped: 0, quarantined: 1 });
    expect(rerun.exceptions.map((e) => e.code)).toEqual(["INVOICE_NOT_FOUND"]);

    const fromScratch = await run(fakes, new MemoryCheckpointStore());
    expect(fromScratch).toMatchObject({ posted: 0, skipped: 4, quarantined: 1 });
    expect(fakes.bc.writes).toBe(writes);
    expect(fakes.bc.salesCreditMemos()).toHaveLength(4);
  });

  it("O6/R5: with BC failing and losing answers to credit memo creates, every refund ends up credited exactly once", async () => {
    const fakes = createDemoFakes();
    fakes.bc.faults.configure({
      seed: 11,
      errorRate: 0.3,
      lostResponseRate: 0.4,
      match: { method: "POST", path: "/salesCreditMemos" },
    });
    const checkpoints = new MemoryCheckpointStore();
    // A refund whose create failed for good this run is held (retryable) and taken again by the next run.
    for (let attempt = 0; attempt < 6; attempt++) {
      const summary = await run(fakes, checkpoints);
      if (summary.exceptions.every((e) => e.code === "INVOICE_NOT_FOUND")) break;
    }
    expect(fakes.bc.faults.injected["lost-response"] + fakes.bc.faults.injected.error).toBeGreaterThan(0);
    const counts = creditMemosByRefund(fakes);
    expect([...counts.values()]).toEqual([1, 1, 1, 1]);
    expect([...counts.keys()].sort()).toEqual([100001, 100004, 100007, 100010].map((o) => refundKey(fakes, o)).sort());
  });

  it("S2/O10: a refund split between the card and store credit or a gift certificate is credited once, with the tenders named", async () => {
    const fakes = createDemoFakes({ refunds: [] });
    const storeCredit = await refundWithStoreCredit(fakes.bigCommerce, 100008, "MUG-BLUE", "5.00");
    const giftCertificate = await refundWithStoreCredit(
      fakes.bigCommerce,
      100011,
      "HONEY-ACACIA",
      "2.00",
      "giftcertificate",
    );
    const lines: string[] = [];
    const summary = await run(fakes, new MemoryCheckpointStore(), lines);

    expect(summary).toMatchObject({ posted: 2, quarantined: 0 });
    const [memo, second] = fakes.bc.salesCreditMemos();
    expect(memo?.externalDocumentNumber).toBe(`100008-${storeCredit}`);
    expect(Decimal.from(String(memo?.totalAmountIncludingTax)).eq("15.35")).toBe(true);
    const comments = ((memo?.salesCreditMemoLines ?? []) as Array<{ lineType: string; description: string }>).filter(
      (l) => l.lineType === "Comment",
    );
    expect(comments.map((c) => c.description)).toEqual(["Refunded 5.00 EUR as store credit"]);
    expect(lines.join("\n")).toContain("(10.35 EUR to the original payment, 5.00 EUR to store credit)");
    expect(second?.externalDocumentNumber).toBe(`100011-${giftCertificate}`);
    const giftLines = (second?.salesCreditMemoLines ?? []) as Array<{ lineType: string; description: string }>;
    expect(giftLines.filter((l) => l.lineType === "Comment").map((c) => c.description)).toEqual([
      "Refunded 2.00 EUR to a gift certificate",
    ]);
    // 1 × 6.75 net + 7 % tax = 7.22, of which 2.00 went to the gift certificate.
    expect(Decimal.from(String(second?.totalAmountIncludingTax)).eq("7.22")).toBe(true);
    expect(lines.join("\n")).toContain("(5.22 EUR to the original payment, 2.00 EUR to a gift card)");
  });

  it("O6/R5: a credit memo whose answer was lost is found by its refund id, not created again", async () => {
    const fakes = createDemoFakes({ refunds: [DEMO_REFUNDS[0] as BigCommerceRefundSeed] });
    fakes.bc.faults.once({ kind: "lost-response", method: "POST", path: "/salesCreditMemos" });
    const lines: string[] = [];
    const summary = await run(fakes, new MemoryCheckpointStore(), lines);
    expect(summary).toMatchObject({ posted: 1, quarantined: 0 });
    expect(fakes.bc.faults.injected["lost-response"]).toBe(1);
    expect(fakes.bc.salesCreditMemos()).toHaveLength(1);
    expect(lines.join("\n")).toContain("found after a lost response");
  });

  it("R4: a refund of an order BC has not invoiced yet waits (retryable) and is credited once the invoice is posted", async () => {
    // Order 100012 reached BC as a sales order, but is not shipped and invoiced yet.
    const fakes = createDemoFakes({
      refunds: [{ orderNumber: "100012", lines: [{ sku: "TEA-BLACK", quantity: 1 }] }],
      postedOrders: (orders) => orders.filter((o) => o.number !== "100012"),
    });
    const { bc } = connect(fakes);
    const salesOrder = await bc.client.entities.create("salesOrders", {
      customerNumber: "C10003",
      externalDocumentNumber: "100012",
      salesOrderLines: [{ lineType: "Item", lineObjectNumber: "TEA-BLACK", quantity: "2", unitPrice: "7.99" }],
    });
    const checkpoints = new MemoryCheckpointStore();

    const waiting = await run(fakes, checkpoints);
    expect(waiting.exceptions.map((e) => [e.code, e.failureId, e.retryable])).toEqual([
      ["ORDER_NOT_INVOICED", "R4", true],
    ]);
    expect(fakes.bc.salesCreditMemos()).toHaveLength(0);

    await bc.client.entities.invoke("salesOrders", salesOrder.id, "Microsoft.NAV.shipAndInvoice");
    const credited = await run(fakes, checkpoints);
    expect(credited).toMatchObject({ posted: 1, quarantined: 0 });
    const invoice = fakes.bc.salesInvoices().find((i) => i.externalDocumentNumber === "100012");
    expect(fakes.bc.salesCreditMemos()[0]?.invoiceId).toBe(invoice?.id);
  });

  it("runs over the loopback server like the demo", async () => {
    const server = await startFakeServer();
    try {
      const fakes = createDemoFakes();
      const summary = await runRefundSync({
        bigCommerce: connectBigCommerce({
          fake: fakes.bigCommerce,
          server,
          env: {},
        }),
        bc: connectBc({ fake: fakes.bc, server, env: {} }),
        checkpoints: new MemoryCheckpointStore(),
        postingConfig: BC_DEMO_POSTING_CONFIG,
        report: quiet,
      });
      expect(summary).toMatchObject({ posted: 4, quarantined: 1 });
      expect(fakes.bc.salesCreditMemos()).toHaveLength(4);
    } finally {
      await server.close();
    }
  });
});
