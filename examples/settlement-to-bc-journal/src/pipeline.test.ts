import type { BcClientSettings } from "@org/bc-client";
import { Decimal, journalImbalance } from "@org/core";
import {
  BC_DEMO_SETTLEMENT_ACCOUNTS,
  connectBc,
  IncompleteCredentialsError,
  MemoryCheckpointStore,
} from "@org/example-kit";
import { type BcFake, createBcFake, startFakeServer } from "@org/testing";
import { describe, expect, it } from "vitest";
import { journalForPayout, runSettlementToBcJournal } from "./pipeline";
import { knownTransactions, malformedPayout, samplePayout, samplePayouts, secondPayout } from "./sample-payout";

// Short pauses so that retries and look-ups after injected faults take milliseconds, not seconds.
const fast: Partial<BcClientSettings> = { retry: { baseDelayMs: 1, maxDelayMs: 5, jitter: 0, maxAttempts: 3 } };

function setup(fake: BcFake = createBcFake()) {
  const bc = connectBc({ fake, env: {}, clientSettings: fast });
  const checkpoints = new MemoryCheckpointStore();
  const lines: string[] = [];
  const run = (payouts: readonly unknown[] = samplePayouts, store = checkpoints) =>
    runSettlementToBcJournal({
      bc,
      payouts,
      knownTransactions,
      checkpoints: store,
      retryDelayMs: 1,
      maxAttempts: 12,
      report: { out: (line) => lines.push(line) },
    });
  return { fake, bc, checkpoints, run, lines };
}

/** G/L entries per document number, and their sum (debit − credit). */
function ledger(fake: BcFake) {
  const byDocument = new Map<string, { count: number; balance: Decimal; debit: Decimal }>();
  for (const entry of fake.generalLedgerEntries()) {
    const key = String(entry.documentNumber);
    const current = byDocument.get(key) ?? { count: 0, balance: Decimal.ZERO, debit: Decimal.ZERO };
    const debit = Decimal.from(String(entry.debitAmount));
    byDocument.set(key, {
      count: current.count + 1,
      balance: current.balance.add(debit).sub(String(entry.creditAmount)),
      debit: current.debit.add(debit),
    });
  }
  return byDocument;
}

describe("settlement-to-bc-journal: the journal", () => {
  it("S1/S2/S5: builds a balanced journal whose bank line is the deposit, and quarantines the unmatched sale", () => {
    const { journal, exceptions } = journalForPayout(samplePayout, knownTransactions);
    expect(journal).toBeDefined();
    if (!journal) return;
    expect(journalImbalance(journal).isZero()).toBe(true);
    expect(journal.lines[0]).toMatchObject({ account: "2910", kind: "bank" });
    expect(journal.lines[0]?.debit.eq(samplePayout.depositAmount as string)).toBe(true);
    expect(journal.lines.find((l) => l.kind === "gift_card")?.account).toBe("5790");
    expect(exceptions.map((e) => [e.code, e.records[1]?.id])).toEqual([["SETTLEMENT_LINE_UNMATCHED", "ch_3Nxyz"]]);
    const suspense = journal.lines.find((l) => l.kind === "unmatched");
    expect(suspense?.credit.eq(Decimal.from("45.50"))).toBe(true);
  });
});

describe("settlement-to-bc-journal: posting to Business Central", () => {
  it("S1/S2/S4/S5: posts every good payout as balanced G/L entries, bank = deposit, and holds the malformed one for finance", async () => {
    const { fake, run } = setup();
    const summary = await run();
    expect(summary).toMatchObject({ posted: 2, skipped: 0, quarantined: 1 });

    const posted = ledger(fake);
    expect([...posted.keys()]).toEqual(["po_1PxY7Q", "po_1PyB3R"]);
    for (const [, document] of posted) expect(document.balance.isZero()).toBe(true);
    const entries = fake.generalLedgerEntries();
    const bank = (doc: string) => entries.find((e) => e.documentNumber === doc && e.accountNumber === "2910");
    expect(bank("po_1PxY7Q")?.debitAmount).toBe("198.96");
    expect(bank("po_1PyB3R")?.debitAmount).toBe("191.95");
    // S5: the gift card sales are a liability; S2: the unmatched sale waits in suspense; S4: the sub-cent fee rounds.
    expect(entries.filter((e) => e.accountNumber === "5790").map((e) => e.creditAmount)).toEqual(["25.00", "50.00"]);
    expect(entries.find((e) => e.accountNumber === "2399")?.creditAmount).toBe("45.50");
    expect(entries.some((e) => e.documentNumber === "po_1PxY7Q" && e.accountNumber === "9370")).toBe(true);
    expect(fake.journalLines()).toEqual([]);

    expect(summary.exceptions.map((e) => [e.code, e.owner, e.records.at(-1)?.id])).toEqual([
      ["SETTLEMENT_LINE_UNMATCHED", "finance", "ch_3Nxyz"],
      ["INVALID_PAYLOAD", "finance", "po_1PzX9K"],
    ]);
    expect(summary.exceptions[1]?.field).toBe("lines.0.amount");
    expect(summary.byOwner).toEqual({ finance: { SETTLEMENT_LINE_UNMATCHED: 1, INVALID_PAYLOAD: 1 } });
    expect(summary.httpCalls.bc).toBeGreaterThan(0);
  });

  it("a rerun posts nothing new: checkpointed payouts make no call and the fake's write count is unchanged", async () => {
    const { fake, run } = setup();
    await run();
    const writes = fake.writes;
    const calls = fake.calls.length;
    const again = await run();
    expect(again).toMatchObject({ posted: 0, skipped: 2, quarantined: 1 });
    expect(fake.writes).toBe(writes);
    expect(fake.calls.length).toBe(calls);
    expect(again.httpCalls.bc).toBe(0);
  });

  it("O6: with the checkpoints lost, a rerun finds the posted journals by document number and posts nothing", async () => {
    const { fake, run } = setup();
    await run();
    const writes = fake.writes;
    const again = await run(samplePayouts, new MemoryCheckpointStore());
    expect(again).toMatchObject({ posted: 0, skipped: 2, quarantined: 1 });
    expect(fake.writes).toBe(writes);
    expect([...ledger(fake).values()].map((d) => d.count)).toEqual([10, 6]);
  });

  it("O6/X2: with transient errors and lost responses on BC writes, every payout is posted exactly once and none is lost", async () => {
    const expectedDebits = Decimal.sum(
      journalForPayout(samplePayout, knownTransactions).journal?.lines.map((l) => l.debit) ?? [],
    );
    let injected = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      const fake = createBcFake();
      fake.faults.configure({
        seed,
        errorRate: 0.3,
        lostResponseRate: 0.3,
        match: { method: ["POST", "PATCH"], path: /^\/(companies|\$batch)/ },
      });
      const { run } = setup(fake);
      const summary = await run([samplePayout, secondPayout]);
      expect(summary.posted + summary.skipped, `seed ${seed}`).toBe(2);
      expect(summary.quarantined, `seed ${seed}`).toBe(0);
      const posted = ledger(fake);
      expect(posted.get("po_1PxY7Q")?.count, `seed ${seed}`).toBe(10);
      expect(posted.get("po_1PyB3R")?.count, `seed ${seed}`).toBe(6);
      expect(posted.get("po_1PxY7Q")?.debit.eq(expectedDebits), `seed ${seed}`).toBe(true);
      expect(fake.journalLines(), `seed ${seed}`).toEqual([]);
      injected += fake.faults.injected.error + fake.faults.injected["lost-response"];
    }
    // The faults really hit (12 over these seeds).
    expect(injected).toBeGreaterThanOrEqual(5);
  });

  it("a response lost after the lines were created, and one lost after the post, still end in exactly one posting", async () => {
    const fake = createBcFake();
    fake.faults.once({ kind: "lost-response", method: "POST", path: "/$batch" });
    fake.faults.once({ kind: "lost-response", method: "POST", path: "/Microsoft.NAV.post" });
    const { run } = setup(fake);
    const summary = await run([samplePayout]);
    expect(summary.posted).toBe(1);
    expect(fake.faults.injected["lost-response"]).toBe(2);
    expect(fake.callCount({ method: "POST", path: "/$batch" })).toBe(1);
    expect(ledger(fake).get("po_1PxY7Q")?.count).toBe(10);
  });

  it("a payout BC refuses (a G/L account it does not know) is held with BC's error and no stray lines; the next one posts", async () => {
    const { bc, fake } = setup();
    const summary = await runSettlementToBcJournal({
      bc,
      // Only the second payout has a chargeback reversal, booked here to an account the company lacks.
      payouts: [secondPayout, samplePayout],
      knownTransactions,
      checkpoints: new MemoryCheckpointStore(),
      accounts: { ...BC_DEMO_SETTLEMENT_ACCOUNTS, chargebackReversals: "8651" },
      report: { out: () => {} },
    });
    expect(summary).toMatchObject({ posted: 1, quarantined: 1 });
    expect(summary.exceptions.find((e) => e.code === "API_CALL_FAILED")?.message).toContain("No.='8651'");
    expect([...ledger(fake).keys()]).toEqual(["po_1PxY7Q"]);
    expect(fake.journalLines()).toEqual([]);
  });

  it("the malformed payout is reported, not thrown, even when it is the only one", async () => {
    const { run, fake } = setup();
    const summary = await run([malformedPayout]);
    expect(summary).toMatchObject({ posted: 0, quarantined: 1 });
    expect(fake.writes).toBe(0);
  });
});

describe("connectBc (example kit) for this pipeline", () => {
  const env = {
    BC_TENANT_ID: "contoso.onmicrosoft.com",
    BC_ENVIRONMENT: "sandbox",
    BC_CLIENT_ID: "app-id",
    BC_CLIENT_SECRET: "s3cret-value",
    BC_COMPANY_ID: "11111111-2222-4333-8444-555555555555",
  };

  it("uses the real tenant when all five BC_* variables are set, and never puts the secret in the label", () => {
    const bc = connectBc({ env });
    expect(bc).toMatchObject({ mode: "real", fake: undefined, system: "bc" });
    expect(bc.client.serviceRoot).toBe(
      "https://api.businesscentral.dynamics.com/v2.0/contoso.onmicrosoft.com/sandbox/api/v2.0",
    );
    expect(bc.label).not.toContain("s3cret");
  });

  it("refuses half a configuration", () => {
    expect(() => connectBc({ env: { BC_TENANT_ID: "t", BC_CLIENT_SECRET: "x" } })).toThrow(IncompleteCredentialsError);
  });

  it("over the loopback server (the demo's transport), the pipeline posts through real HTTP", async () => {
    const fake = createBcFake();
    const server = await startFakeServer();
    try {
      const bc = connectBc({ fake, server, env: {} });
      expect(bc.label).toContain(server.origin);
      const summary = await runSettlementToBcJournal({
        bc,
        payouts: [secondPayout],
        knownTransactions,
        checkpoints: new MemoryCheckpointStore(),
        report: { out: () => {} },
      });
      expect(summary.posted).toBe(1);
      expect(ledger(fake).get("po_1PyB3R")?.count).toBe(6);
      expect(fake.calls.some((c) => c.path === "/oauth2/v2.0/token")).toBe(true);
    } finally {
      await server.close();
    }
  });
});
