/**
 * What a pipeline run tells people: progress on long runs, and a summary a finance or operations person can read
 * (posted, skipped, exceptions by owning team and code), with the exception log grouped by owner (X1).
 */
import type { OwnerTeam, SyncException } from "@org/core";
import type { CallCounter } from "./connection.js";

export interface RunSummary {
  pipeline: string;
  posted: number;
  skipped: number;
  /** Records quarantined (each with one or more exceptions). */
  quarantined: number;
  exceptions: SyncException[];
  /** Exception counts: owner → code → count. */
  byOwner: Partial<Record<OwnerTeam, Record<string, number>>>;
  /** HTTP calls made, per system, when the pipeline reports them. */
  httpCalls: Record<string, number>;
  durationMs: number;
}

/** What became of one record, as a pipeline's per-record step returns it. */
export type RecordOutcome =
  /** Written to the target; `exceptions` are warnings that do not hold it back (e.g. a total for finance to check). */
  | { kind: "posted"; detail: string; exceptions?: readonly SyncException[] }
  /** Nothing to write: already there, or not for this pipeline. */
  | { kind: "skipped"; reason: string }
  /** Held with these exceptions; retried next run. */
  | { kind: "quarantined"; exceptions: readonly SyncException[] };

export interface RunReportOptions {
  /** Where lines go. Default: `console.log`. */
  out?: (line: string) => void;
  /** Print a progress line every this many records (and at the end). Default: `100`. */
  progressEvery?: number;
  /** Clock for the duration. Default: `performance.now`. */
  now?: () => number;
}

/** Collects the outcome of each record in one run and prints progress and the summary. */
export class RunReport {
  readonly #out: (line: string) => void;
  readonly #every: number;
  readonly #now: () => number;
  readonly #started: number;
  readonly #exceptions: SyncException[] = [];
  readonly #httpCalls: Record<string, number> = {};
  readonly #callCounters = new Map<string, CallCounter>();
  #posted = 0;
  #skipped = 0;
  #quarantined = 0;
  #total: number | undefined;
  #what = "records";
  /** Notes made before the heading, printed under it. */
  #pendingNotes: string[] | undefined = [];

  constructor(
    readonly pipeline: string,
    options: RunReportOptions = {},
  ) {
    this.#out = options.out ?? ((line) => console.log(line));
    this.#every = options.progressEvery ?? 100;
    this.#now = options.now ?? (() => performance.now());
    this.#started = this.#now();
  }

  /** Prints the heading line: what is about to be synced, and how many. */
  begin(total: number, what: string, detail?: string): void {
    this.#total = total;
    this.#what = what;
    // "1 refund", "1 posted shipment": the heading reads as a sentence.
    const counted = total === 1 ? what.replace(/s$/, "") : what;
    this.#out(`\n== ${this.pipeline}: ${total} ${counted} to sync${detail ? ` (${detail})` : ""}`);
    for (const line of this.#pendingNotes ?? []) this.#out(line);
    this.#pendingNotes = undefined;
  }

  /** Prints a free-form line (e.g. which systems are real and which are fakes); one made before the heading follows it. */
  note(line: string): void {
    if (this.#pendingNotes) this.#pendingNotes.push(`   ${line}`);
    else this.#out(`   ${line}`);
  }

  posted(record: string, detail?: string): void {
    this.#posted += 1;
    if (detail) this.#out(`   posted  ${record}: ${detail}`);
    this.#tick();
  }

  skipped(record: string, reason: string): void {
    this.#skipped += 1;
    this.#out(`   skipped ${record}: ${reason}`);
    this.#tick();
  }

  /** The record is set aside with these exceptions; the run goes on. */
  quarantined(record: string, exceptions: readonly SyncException[]): void {
    this.#quarantined += 1;
    this.#exceptions.push(...exceptions);
    for (const e of exceptions) this.#out(`   held    ${record}: [${e.failureId ?? e.code}] ${e.message}`);
    this.#tick();
  }

  /**
   * Reports one record's outcome (posted with its warnings, skipped, or held) and says whether the record is done,
   * i.e. whether the watermark may move past it.
   */
  outcome(record: string, outcome: RecordOutcome): boolean {
    if (outcome.kind === "quarantined") {
      this.quarantined(record, outcome.exceptions);
      return false;
    }
    if (outcome.kind === "skipped") this.skipped(record, outcome.reason);
    else {
      this.posted(record, outcome.detail);
      for (const warning of outcome.exceptions ?? []) this.exception(warning);
    }
    return true;
  }

  /** An exception that does not hold a record back (e.g. a warning-level mismatch posted to suspense). */
  exception(exception: SyncException): void {
    this.#exceptions.push(exception);
  }

  /** Records the HTTP calls made to one system (for the summary and the calls-per-record benchmark). */
  httpCalls(system: string, count: number): void {
    this.#httpCalls[system] = count;
  }

  /**
   * The summary reports the calls this counter has counted by then (`callCounter(connection)`, made when the run
   * starts); a counter that counts nothing (a real system) is left out.
   */
  countHttpCalls(system: string, counter: CallCounter): void {
    this.#callCounters.set(system, counter);
  }

  #tick(): void {
    const done = this.#posted + this.#skipped + this.#quarantined;
    if (this.#total !== undefined && this.#total >= this.#every && done % this.#every === 0) {
      const percent = ((done / this.#total) * 100).toFixed(0);
      this.#out(`   … ${done}/${this.#total} ${this.#what} (${percent} %)`);
    }
  }

  #countedCalls(): Record<string, number> {
    const counted: Record<string, number> = {};
    for (const [system, counter] of this.#callCounters) {
      const calls = counter();
      if (calls !== undefined) counted[system] = calls;
    }
    return counted;
  }

  summary(): RunSummary {
    const byOwner: RunSummary["byOwner"] = {};
    for (const e of this.#exceptions) {
      const codes = byOwner[e.owner] ?? {};
      codes[e.code] = (codes[e.code] ?? 0) + 1;
      byOwner[e.owner] = codes;
    }
    return {
      pipeline: this.pipeline,
      posted: this.#posted,
      skipped: this.#skipped,
      quarantined: this.#quarantined,
      exceptions: [...this.#exceptions],
      byOwner,
      httpCalls: { ...this.#httpCalls, ...this.#countedCalls() },
      durationMs: this.#now() - this.#started,
    };
  }

  /** Prints the summary and the exception log grouped by owner; returns the summary. */
  finish(): RunSummary {
    const summary = this.summary();
    const seconds = (summary.durationMs / 1000).toFixed(1);
    this.#out(
      `-- ${this.pipeline} summary: ${summary.posted} posted, ${summary.skipped} skipped (already done or not ready), ${summary.quarantined} held with exceptions, ${seconds} s`,
    );
    const calls = Object.entries(summary.httpCalls);
    if (calls.length > 0) this.#out(`   HTTP calls: ${calls.map(([system, n]) => `${system} ${n}`).join(", ")}`);
    const owners = Object.entries(summary.byOwner);
    if (owners.length === 0) {
      this.#out("   exceptions: none");
      return summary;
    }
    this.#out("   exceptions by owner:");
    for (const [owner, codes] of owners) {
      const list = Object.entries(codes ?? {})
        .map(([code, n]) => `${code} ×${n}`)
        .join(", ");
      this.#out(`   - ${owner}: ${list}`);
      for (const e of summary.exceptions.filter((x) => x.owner === owner)) {
        const records = e.records.map((r) => `${r.type} ${r.number ?? r.id}`).join(", ");
        this.#out(`       [${e.failureId ?? e.code}] ${records}${e.field ? ` · ${e.field}` : ""}: ${e.message}`);
      }
    }
    return summary;
  }
}
