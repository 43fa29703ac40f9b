/**
 * `pnpm --filter @org/core bench`: money arithmetic (this package's bigint Decimal against big.js, the measured
 * alternative) and a 100,000-line settlement turned into a journal. Results: bench-results/core.json.
 */
import { meanRatio, runBenchSuite } from "@org/bench-harness";
import Big from "big.js";
import { allocate, Decimal, parseSettlement, type SettlementAccounts, settlementToJournal } from "../src/index";

const prices = Array.from({ length: 1000 }, (_, i) => `${(i * 7919) % 100000}.${String(i % 100).padStart(2, "0")}`);
const quantities = Array.from({ length: 1000 }, (_, i) => String((i % 9) + 1));
const weights = Array.from({ length: 20 }, (_, i) => `${i + 1}.50`);

const types = [
  "sale",
  "sale",
  "sale",
  "refund",
  "fee",
  "fee",
  "chargeback",
  "gift_card",
  "adjustment",
  "fee_refund",
] as const;
const settlementLines = Array.from({ length: 100_000 }, (_, i) => {
  const type = types[i % types.length] ?? "sale";
  const sign = type === "refund" || type === "fee" || type === "chargeback" ? "-" : "";
  return { type, amount: `${sign}${(i % 500) + 1}.${String(i % 100).padStart(2, "0")}`, transactionRef: `txn_${i}` };
});
const deposit = Decimal.sum(settlementLines.map((l) => l.amount));
const settlement = parseSettlement({
  payoutId: "po_bench",
  provider: "bench",
  currency: "EUR",
  payoutDate: "2026-03-03",
  depositAmount: deposit,
  lines: settlementLines,
});
const accounts: SettlementAccounts = {
  bank: "1200",
  sales: "1310",
  fees: "6820",
  chargebacks: "6830",
  adjustments: "6840",
  giftCardLiability: "2450",
  rounding: "6850",
  suspense: "1399",
};
const matched = new Set(settlementLines.filter((_, i) => i % 1000 !== 0).map((l) => l.transactionRef));

await runBenchSuite({
  suite: "core",
  packageDir: new URL("..", import.meta.url),
  tasks: [
    {
      name: "Decimal: parse + line total + sum (1,000 lines)",
      fn: () => {
        let total = Decimal.ZERO;
        for (let i = 0; i < prices.length; i++)
          total = total.add(Decimal.from(prices[i] as string).mul(quantities[i] as string));
        return total.round(2, "half-up").toString();
      },
    },
    {
      name: "big.js: parse + line total + sum (1,000 lines)",
      fn: () => {
        let total = new Big(0);
        for (let i = 0; i < prices.length; i++)
          total = total.plus(new Big(prices[i] as string).times(quantities[i] as string));
        return total.round(2, Big.roundHalfUp).toFixed(2);
      },
    },
    {
      name: "Decimal: compare (1,000 pairs)",
      fn: () => {
        let count = 0;
        for (let i = 1; i < prices.length; i++)
          if (Decimal.from(prices[i] as string).gt(prices[i - 1] as string)) count++;
        return count;
      },
    },
    {
      name: "big.js: compare (1,000 pairs)",
      fn: () => {
        let count = 0;
        for (let i = 1; i < prices.length; i++) if (new Big(prices[i] as string).gt(prices[i - 1] as string)) count++;
        return count;
      },
    },
    { name: "allocate 1,234.56 over 20 weights", fn: () => allocate("1234.56", weights, 2) },
    {
      name: "settlement → journal (100,000 lines)",
      fn: () =>
        settlementToJournal(settlement, {
          accounts,
          matchTransaction: (l) =>
            matched.has(l.transactionRef) ? { system: "s", type: "order", id: l.transactionRef } : undefined,
        }),
    },
  ],
  metrics: (results) => ({
    "big.js ÷ Decimal time (arithmetic)": meanRatio(
      results,
      "big.js: parse + line total + sum (1,000 lines)",
      "Decimal: parse + line total + sum (1,000 lines)",
    ),
    "big.js ÷ Decimal time (compare)": meanRatio(
      results,
      "big.js: compare (1,000 pairs)",
      "Decimal: compare (1,000 pairs)",
    ),
    "settlement lines per second":
      100_000 / ((results["settlement → journal (100,000 lines)"]?.meanMs ?? Number.NaN) / 1000),
  }),
});
