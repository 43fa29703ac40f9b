/**
 * Payout → summarised, balanced journal → Business Central general journal lines, posted (S1–S5).
 *
 * For each payout, oldest first:
 * 1. Skip it when the checkpoint says it is posted (a rerun makes no call for it).
 * 2. Validate it; a malformed payout is held as an exception for finance and the others go on.
 * 3. Build the journal (`settlementToJournal`): bank line = deposit, one line per kind of transaction, gift cards to
 *    the liability account (S5), unmatched lines to suspense with an exception for finance (S2), a bounded
 *    rounding line (S4), in the payout's currency (S3).
 * 4. Post it idempotently, keyed by the payout id as BC document number: look for posted G/L entries with that
 *    document number first, then for journal lines already created, create the lines in one atomic `$batch`
 *    (`Isolation: snapshot`: all or none) and post the journal. After any ambiguous failure (lost response, 5xx)
 *    it looks again before doing anything, so a payout is never posted twice (O6 applied to journals).
 * 5. Checkpoint the payout id once BC shows it posted.
 */
import type { BcClient, JournalLineCreate } from "@org/bc-client";
import { toBcJournalLines } from "@org/bc-client";
import {
  createSyncException,
  EntityValidationError,
  InvalidInputError,
  type JournalEntry,
  parseSettlement,
  type SettlementAccounts,
  type SettlementInput,
  type SyncException,
  settlementToJournal,
} from "@org/core";
import {
  apiFailure,
  BC_DEMO_PAYOUT_JOURNAL,
  BC_DEMO_SETTLEMENT_ACCOUNTS,
  type CheckpointStore,
  type Connection,
  callCounter,
  RunReport,
  type RunReportOptions,
  type RunSummary,
} from "@org/example-kit";
import { ApiCallError } from "@org/http";
import type { BcFake } from "@org/testing";

/** The G/L accounts of the demo company (Business Central's CRONUS-style numbering), shared through the kit. */
export const accounts: SettlementAccounts = BC_DEMO_SETTLEMENT_ACCOUNTS;

export interface PayoutJournalRun {
  journal: JournalEntry | undefined;
  exceptions: SyncException[];
}

/** Payout → journal: validate the payout, join its lines to known transactions, build the balanced journal. */
export function journalForPayout(
  payout: SettlementInput,
  knownTransactions: ReadonlyMap<string, string>,
  journalAccounts: SettlementAccounts = accounts,
): PayoutJournalRun {
  const settlement = parseSettlement(payout);
  const { journal, exceptions } = settlementToJournal(settlement, {
    accounts: journalAccounts,
    matchTransaction: (line) => {
      const orderNumber = knownTransactions.get(line.transactionRef);
      return orderNumber ? { system: "storefront", type: "order", id: orderNumber } : undefined;
    },
  });
  return { journal, exceptions };
}

export interface SettlementPipelineOptions {
  /** Business Central (real or fake), from `connectBc`. */
  bc: Connection<BcClient, BcFake>;
  /** Payouts as read from the provider's payout reports (validated here), oldest first. */
  payouts: readonly unknown[];
  /** Payment transaction id → storefront order number, for matching payout lines (S2). */
  knownTransactions: ReadonlyMap<string, string>;
  /** Which payouts are done. */
  checkpoints: CheckpointStore;
  /** Journal batch (`journals.code`) the lines go to. Default: `PAYOUTS` ({@link BC_DEMO_PAYOUT_JOURNAL}). */
  journal?: string;
  /** G/L accounts. Default: the demo company's ({@link BC_DEMO_SETTLEMENT_ACCOUNTS}). */
  accounts?: SettlementAccounts;
  /** BC bank accounts among the accounts (posted as `Bank Account` lines). Default: none (all G/L). */
  bankAccounts?: readonly string[];
  /** Tries per payout after ambiguous or transient failures before it is held. Default: `6`. */
  maxAttempts?: number;
  /** Pause between tries, in ms (BC may take a moment to show a commit). Default: `250`. */
  retryDelayMs?: number;
  /** Where progress and the summary go. Default: the console. */
  report?: RunReportOptions;
}

const PIPELINE = "settlement-to-bc-journal";
const checkpointKey = (payoutId: string) => `${PIPELINE}/payout/${payoutId}`;

/** Runs the pipeline once; returns the summary it printed. */
export async function runSettlementToBcJournal(options: SettlementPipelineOptions): Promise<RunSummary> {
  const report = new RunReport(PIPELINE, options.report);
  const { bc } = options;
  report.begin(options.payouts.length, "payouts", bc.label);
  report.countHttpCalls("bc", callCounter(bc));
  const batch = new JournalBatch(bc.client, options.journal ?? BC_DEMO_PAYOUT_JOURNAL);

  for (const raw of options.payouts) {
    const payoutId = payoutIdOf(raw);
    if (await options.checkpoints.get(checkpointKey(payoutId))) {
      report.skipped(`payout ${payoutId}`, "already posted (checkpoint)");
      continue;
    }
    let built: PayoutJournalRun;
    try {
      built = journalForPayout(raw as SettlementInput, options.knownTransactions, options.accounts ?? accounts);
    } catch (error) {
      if (!(error instanceof EntityValidationError || error instanceof InvalidInputError)) throw error;
      report.quarantined(`payout ${payoutId}`, [invalidPayout(payoutId, raw, error)]);
      continue;
    }
    const { journal, exceptions } = built;
    if (!journal) {
      report.quarantined(`payout ${payoutId}`, exceptions);
      continue;
    }
    // Unmatched lines are booked to suspense and reported for finance; the payout itself posts (S2).
    for (const exception of exceptions) report.exception(exception);

    try {
      const outcome = await postOnce(bc.client, batch, journal, options);
      await options.checkpoints.set(checkpointKey(payoutId), new Date().toISOString());
      const deposit = journal.lines[0];
      const summary = `${journal.lines.length} lines, deposit ${deposit?.debit.sub(deposit.credit)} ${journal.currency}, document ${journal.documentNumber}`;
      if (outcome === "already-posted") report.skipped(`payout ${payoutId}`, `already posted in BC (${summary})`);
      else {
        report.posted(`payout ${payoutId}`, `journal posted: ${summary}`);
        for (const line of describeJournal(journal)) report.note(`        ${line}`);
      }
    } catch (error) {
      report.quarantined(`payout ${payoutId}`, [postingFailed(payoutId, error)]);
    }
  }
  return report.finish();
}

/** The journal as a small table a finance reader can check against the payout report. */
export function describeJournal(journal: JournalEntry): string[] {
  const row = (account: string, text: string, debit: string, credit: string) =>
    `${account.padEnd(8)}${text.padEnd(44)}${debit.padStart(10)}${credit.padStart(10)}`;
  return [
    row("account", "description", "debit", "credit"),
    ...journal.lines.map((l) =>
      row(
        l.account,
        // BC's journal line description holds 100 characters; the report shows what fits a line.
        l.description.length > 43 ? `${l.description.slice(0, 42)}…` : l.description,
        l.debit.isZero() ? "" : l.debit.toString(),
        l.credit.isZero() ? "" : l.credit.toString(),
      ),
    ),
  ];
}

function payoutIdOf(raw: unknown): string {
  const id = (raw as { payoutId?: unknown } | null)?.payoutId;
  return typeof id === "string" && id !== "" ? id : "(no payout id)";
}

/** A state BC should never be in for one payout (e.g. half of its lines in the journal): held for a person. */
class PostingError extends Error {
  override readonly name = "PostingError";
}

/** The journal batch payouts go to, looked up once (inside the retried part, so a transient failure is retried). */
class JournalBatch {
  #id: string | undefined;
  constructor(
    readonly client: BcClient,
    readonly code: string,
  ) {}
  async id(): Promise<string> {
    if (this.#id) return this.#id;
    const journal = await this.client.entities.findFirst("journals", (f) => f.eq("code", this.code));
    if (!journal?.id) throw new PostingError(`Business Central has no journal batch ${this.code}`);
    this.#id = journal.id;
    return journal.id;
  }
}

/**
 * Posts the journal unless BC already has it, whatever failed before: every try starts by looking at what BC has
 * (posted G/L entries, then journal lines of this document) and only then writes.
 */
async function postOnce(
  client: BcClient,
  batch: JournalBatch,
  journal: JournalEntry,
  options: SettlementPipelineOptions,
): Promise<"posted" | "already-posted"> {
  const documentNumber = journal.documentNumber.slice(0, 20);
  const maxAttempts = options.maxAttempts ?? 6;
  const delay = options.retryDelayMs ?? 250;
  let wrote = false;
  let lastError: ApiCallError | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, delay));
    try {
      const journalId = await batch.id();
      const posted = await client.entities.findFirst("generalLedgerEntries", (f) =>
        f.eq("documentNumber", documentNumber),
      );
      if (posted) return wrote ? "posted" : "already-posted";
      const lines = toBcJournalLines(journal, options.bankAccounts ? { bankAccounts: options.bankAccounts } : {});
      // Filtered by the batch name: `journalId` is an Edm.Guid, which a plain string filter cannot compare with.
      const inJournal = await client.entities
        .list("journalLines", {
          filter: (f) => f.eq("journalDisplayName", batch.code),
          select: ["journalId", "documentNumber", "lineNumber"],
        })
        .toArray()
        .then((all) => all.filter((l) => l.journalId === journalId));
      const ours = inJournal.filter((l) => l.documentNumber === documentNumber);
      if (ours.length === 0) {
        wrote = true;
        await createLines(client, journalId, lines, inJournal);
      } else if (ours.length !== lines.length) {
        throw new PostingError(
          `journal ${journalId} holds ${ours.length} of the ${lines.length} lines of document ${documentNumber}: someone changed them; check the journal before posting`,
        );
      }
      wrote = true;
      await client.entities.invoke("journals", journalId, "Microsoft.NAV.post");
      // The next try confirms the G/L entries exist (and is the look-up after an ambiguous post).
    } catch (error) {
      if (!(error instanceof ApiCallError) || !(error.retryable || error.outcomeUnknown)) throw error;
      lastError = error;
    }
  }
  throw lastError ?? new PostingError(`document ${documentNumber} not confirmed posted after ${maxAttempts} tries`);
}

/** All lines in one `$batch` with snapshot isolation: BC keeps all of them or none. */
async function createLines(
  client: BcClient,
  journalId: string,
  lines: readonly JournalLineCreate[],
  inJournal: ReadonlyArray<{ lineNumber?: number | null }>,
): Promise<void> {
  // Line numbers are unique per journal batch: continue after whatever else is in it.
  const start = Math.max(0, ...inJournal.map((l) => l.lineNumber ?? 0));
  const results = await client.batch(
    lines.map((line, index) => ({
      method: "POST" as const,
      url: client.entities.collectionUrl("journalLines"),
      body: { ...line, journalId, lineNumber: start + (index + 1) * 10_000 },
    })),
    { transactional: true },
  );
  const failure = results.find((r) => !r.ok);
  if (failure && !failure.ok) throw failure.error;
}

function invalidPayout(
  payoutId: string,
  raw: unknown,
  error: EntityValidationError | InvalidInputError,
): SyncException {
  const field = error instanceof EntityValidationError ? error.issues[0]?.field : error.field;
  const provider = (raw as { provider?: unknown } | null)?.provider;
  const system = typeof provider === "string" ? provider : "payment-provider";
  return createSyncException("INVALID_PAYLOAD", {
    message: `Payout ${payoutId} cannot be booked: ${error.message}. Ask the provider for a corrected payout report.`,
    sourceSystem: system,
    targetSystem: "bc",
    records: [{ system, type: "payout", id: payoutId }],
    ...(field ? { field } : {}),
    // The payout report is finance's to reconcile with the provider, not a code problem.
    owner: "finance",
    impact: "payout not journalised",
  });
}

function postingFailed(payoutId: string, error: unknown): SyncException {
  const context = {
    label: `Payout ${payoutId}, posting to Business Central`,
    sourceSystem: "payment-provider",
    targetSystem: "bc",
    records: [{ system: "payment-provider", type: "payout", id: payoutId }],
    next: "the next run looks it up by document number before posting",
  };
  if (!(error instanceof PostingError)) return apiFailure(error, context);
  // BC refused to post the journal (e.g. a blocked account): finance's to fix; trying again alone will not help.
  return createSyncException("API_CALL_FAILED", {
    message: `${context.label}: ${error.message}; ${context.next}`,
    sourceSystem: context.sourceSystem,
    targetSystem: context.targetSystem,
    records: context.records,
    owner: "finance",
    retryable: false,
  });
}
