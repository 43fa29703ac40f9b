import { Decimal } from "@org/core";
import { connectBc, connectOro, MemoryCheckpointStore } from "@org/example-kit";
import { type BcFake, type BcRecord, createBcFake, createOroFake, type OroFake } from "@org/testing";
import { describe, expect, it } from "vitest";
import { ORO_POSTING_CONFIG, type OroToBcOrdersOptions, runOroToBcOrders, WATERMARK_KEY } from "./pipeline.js";

const fastRetry = { baseDelayMs: 1, maxDelayMs: 2, jitter: 0 };
const START = Date.parse("2026-11-03T12:00:00Z");
const NO_ENV = {};

function setup(options: { oro?: OroFake; bc?: BcFake } = {}) {
  const oroFake = options.oro ?? createOroFake({ now: () => START });
  const bcFake = options.bc ?? createBcFake();
  const oro = connectOro({
    fake: oroFake,
    env: NO_ENV,
    clientSettings: { retry: fastRetry },
  });
  const bc = connectBc({
    fake: bcFake,
    env: NO_ENV,
    clientSettings: { retry: fastRetry },
  });
  const checkpoints = new MemoryCheckpointStore();
  const lines: string[] = [];
  const run = (extra: Partial<OroToBcOrdersOptions> = {}) =>
    runOroToBcOrders({ oro, bc, checkpoints, lookupDelayMs: 0, report: { out: (l) => lines.push(l) }, ...extra });
  return { oroFake, bcFake, checkpoints, lines, run };
}

/** BC sales orders per external document number (must be exactly one each). */
function countByNumber(bc: BcFake): Map<string, number> {
  const counts = new Map<string, number>();
  for (const order of bc.salesOrders()) {
    const key = String(order.externalDocumentNumber);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

const GOOD_ORDERS = ["100001", "100002", "100004", "100005", "100007", "100008", "100009", "100011", "100012"];
const writes = (bc: BcFake) => bc.calls.filter((c) => c.method !== "GET").length;

describe("oro-to-bc-orders", () => {
  it("O1/O4/O13: posts every good order once, quarantines the unknown SKU and the price deviation, skips the cancelled order", async () => {
    const { bcFake, run } = setup();
    const summary = await run();
    expect(summary).toMatchObject({ posted: 9, skipped: 1, quarantined: 2 });
    expect([...countByNumber(bcFake).keys()].sort()).toEqual(GOOD_ORDERS);
    expect(summary.exceptions.map((e) => [e.code, e.failureId, e.owner, e.records[0]?.number])).toEqual([
      ["ITEM_NOT_FOUND", "O1", "operations", "100003"],
      ["PRICE_DEVIATION", "O13", "finance", "100006"],
    ]);
    expect(summary.httpCalls.oro).toBeGreaterThan(0);
    expect(summary.httpCalls.bc).toBeGreaterThan(0);
  });

  it("O2/O5/O12: B2B orders post to the parent account, carry the Oro order number and BC units", async () => {
    const { oroFake, bcFake, run } = setup();
    await run();
    const department = oroFake.orders().find((o) => o.customerId === "6");
    expect(department).toBeDefined();
    const posted = bcFake.salesOrders().find((o) => o.externalDocumentNumber === department?.identifier);
    expect(posted?.customerNumber).toBe("C10005");
    const guest = oroFake.orders().find((o) => o.customerId === null && o.status === "open");
    expect(bcFake.salesOrders().find((o) => o.externalDocumentNumber === guest?.identifier)?.customerNumber).toBe(
      "WEBGUEST",
    );
    const units = new Map<string, string>();
    for (const order of bcFake.salesOrders()) {
      for (const line of (order.salesOrderLines ?? []) as BcRecord[]) {
        if (line.lineType === "Item") units.set(String(line.lineObjectNumber), String(line.unitOfMeasureCode));
      }
    }
    for (const [sku, unit] of units) {
      const oroUnit = oroFake
        .orders()
        .flatMap((o) => o.lines)
        .find((l) => l.sku === sku)?.unitCode;
      expect({ item: "PCS", set: "SET", pack: "PACK" }[oroUnit as "item"]).toBe(unit);
    }
  });

  it("O8: BC taxes each item by its own tax group; its tax is Oro's order-level tax within a cent", async () => {
    const { oroFake, bcFake, run } = setup();
    const summary = await run();
    expect(summary.exceptions.filter((e) => e.code === "TAX_DIFFERENCE" || e.code === "TOTAL_MISMATCH")).toEqual([]);
    const oroByNumber = new Map(oroFake.orders().map((o) => [o.identifier, o]));
    for (const order of bcFake.salesOrders()) {
      const oro = oroByNumber.get(String(order.externalDocumentNumber));
      // Within one cent: BC rounds tax per line, and the posting plan may spread a coupon over lines of different
      // rates a cent differently from Oro. Beyond the tolerance the pipeline flags TAX_DIFFERENCE (next test).
      const difference = Decimal.from(String(order.totalTaxAmount)).sub(String(oro?.taxTotal)).abs();
      expect(difference.lte("0.01")).toBe(true);
      const rates = new Set(((order.salesOrderLines ?? []) as BcRecord[]).map((l) => String(l.taxCode)));
      expect([...rates].every((code) => code === "VAT19" || code === "VAT7")).toBe(true);
    }
  });

  it("O8/O17: a wrong shipping tax group makes BC's tax differ from Oro's; the order posts and finance is told", async () => {
    const { run } = setup();
    const summary = await run({ shippingTaxCode: "VAT7" });
    expect(summary.posted).toBe(9);
    const flagged = summary.exceptions.filter((e) => e.code === "TAX_DIFFERENCE");
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.every((e) => e.owner === "finance" && e.failureId === "O8")).toBe(true);
    expect(summary.exceptions.some((e) => e.code === "TOTAL_MISMATCH")).toBe(true);
  });

  it("a rerun posts nothing new: the watermark limits the read and BC's write count is unchanged", async () => {
    const { bcFake, checkpoints, run } = setup();
    await run();
    const before = writes(bcFake);
    const watermark = await checkpoints.get(WATERMARK_KEY);
    // Held behind the first quarantined order (100003), so it is read again next time.
    expect(watermark).toBe("2026-11-02T08:47:00.000Z");
    const again = await run();
    expect(again.posted).toBe(0);
    expect(again.quarantined).toBe(2);
    expect(writes(bcFake)).toBe(before);
    expect(countByNumber(bcFake).size).toBe(9);
  });

  it("O6: with transient errors and lost responses on BC's writes (seeded), every order is posted exactly once", async () => {
    const { bcFake, run } = setup();
    bcFake.faults.configure({ seed: 11, errorRate: 0.3, lostResponseRate: 0.35, match: { method: "POST" } });
    const first = await run();
    // Nothing is lost or doubled even under faults: each order is posted once or held for the next run.
    expect(first.posted + first.quarantined + first.skipped).toBe(12);
    expect([...countByNumber(bcFake).values()].every((n) => n === 1)).toBe(true);
    // An order whose create and re-create both went unanswered is held as OUTCOME_UNKNOWN (engineering), not guessed.
    const codes = new Set(first.exceptions.map((e) => e.code));
    expect(
      [...codes].every((c) => ["ITEM_NOT_FOUND", "PRICE_DEVIATION", "OUTCOME_UNKNOWN", "API_CALL_FAILED"].includes(c)),
    ).toBe(true);
    bcFake.faults.clear();
    await run(); // whatever failed for good on the first run (retries exhausted) is taken again
    expect(bcFake.faults.injected["lost-response"]).toBeGreaterThan(0);
    expect(bcFake.faults.injected.error).toBeGreaterThan(0);
    const counts = countByNumber(bcFake);
    expect([...counts.keys()].sort()).toEqual(GOOD_ORDERS);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it("O13 policy flag: the deviating order is posted at Oro's price and the deviation goes to finance", async () => {
    const { oroFake, bcFake, run } = setup();
    const summary = await run({ priceDeviation: "flag" });
    expect(summary).toMatchObject({ posted: 10, quarantined: 1 });
    const flagged = summary.exceptions.find((e) => e.code === "PRICE_DEVIATION");
    expect(flagged?.records[0]?.number).toBe("100006");
    const order = bcFake.salesOrders().find((o) => o.externalDocumentNumber === "100006");
    const deviating = oroFake.orders().find((o) => o.identifier === "100006")?.lines[0];
    const line = ((order?.salesOrderLines ?? []) as BcRecord[]).find((l) => l.lineObjectNumber === deviating?.sku);
    expect(Number(line?.unitPrice)).toBe(Number(deviating?.value));
  });

  it("O3 policy create_customer: a guest gets a BC customer (toBcCustomer) once, also across reruns", async () => {
    const { bcFake, oroFake, run } = setup();
    const config = { ...ORO_POSTING_CONFIG, guestCustomer: { kind: "create_customer" as const } };
    const customersBefore = bcFake.customers().length;
    await run({ postingConfig: config });
    // Guest orders that post (one guest order holds a price deviation and is quarantined before any customer is made).
    const guests = oroFake.orders().filter((o) => o.customerId === null && GOOD_ORDERS.includes(o.identifier));
    expect(guests.length).toBeGreaterThan(0);
    expect(bcFake.customers().length).toBe(customersBefore + guests.length);
    const guestOrder = bcFake.salesOrders().find((o) => o.externalDocumentNumber === guests[0]?.identifier);
    expect(guestOrder?.customerNumber).not.toBe("WEBGUEST");
    await run({ postingConfig: config });
    expect(bcFake.customers().length).toBe(customersBefore + guests.length);
  });

  it("an order changed in Oro after the run is read again and found in BC, not posted twice", async () => {
    let now = START;
    const oroFake = createOroFake({ now: () => now });
    const { bcFake, run } = setup({ oro: oroFake });
    await run();
    now += 60_000;
    oroFake.updateOrder("12", { poNumber: "PO-CHANGED" });
    const again = await run();
    expect(again.posted).toBe(0);
    expect(countByNumber(bcFake).get("100012")).toBe(1);
  });
});
