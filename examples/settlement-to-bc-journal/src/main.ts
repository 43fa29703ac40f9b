/**
 * Payout → summarised journal. Today it builds and prints the journal that would be posted to Business Central;
 * posting it through `@org/bc-client` arrives with that package.
 */
import { Decimal, journalImbalance } from "@org/core";
import { journalForPayout } from "./pipeline";
import { knownTransactions, samplePayout } from "./sample-payout";

const { journal, exceptions } = journalForPayout(samplePayout, knownTransactions);

console.log(
  `\n== settlement-to-bc-journal: payout ${samplePayout.payoutId} (${samplePayout.provider}), deposit ${samplePayout.depositAmount} ${samplePayout.currency}`,
);
if (journal) {
  const width = 34;
  console.log(`Journal ${journal.documentNumber}, posting date ${journal.postingDate}, currency ${journal.currency}`);
  console.log(`${"account".padEnd(8)}${"description".padEnd(width)}${"debit".padStart(12)}${"credit".padStart(12)}`);
  for (const line of journal.lines) {
    const debit = line.debit.isZero() ? "" : line.debit.toString();
    const credit = line.credit.isZero() ? "" : line.credit.toString();
    console.log(
      `${line.account.padEnd(8)}${line.description.padEnd(width)}${debit.padStart(12)}${credit.padStart(12)}`,
    );
  }
  const debits = Decimal.sum(journal.lines.map((l) => l.debit));
  const credits = Decimal.sum(journal.lines.map((l) => l.credit));
  console.log(
    `${"".padEnd(8)}${"Total".padEnd(width)}${debits.toString().padStart(12)}${credits.toString().padStart(12)}`,
  );
  console.log(journalImbalance(journal).isZero() ? "Balanced: yes" : "Balanced: NO");
}
console.log(`\nSummary: journal ${journal ? "built" : "not built"}, ${exceptions.length} exception(s)`);
const countByOwnerAndCode = new Map<string, number>();
for (const e of exceptions) {
  const key = `${e.owner} / ${e.code}`;
  countByOwnerAndCode.set(key, (countByOwnerAndCode.get(key) ?? 0) + 1);
}
for (const [group, count] of countByOwnerAndCode) console.log(`  ${group}: ${count}`);
for (const exception of exceptions) console.log(`  - [${exception.failureId ?? exception.code}] ${exception.message}`);
