/**
 * Fault injection for the fakes: transient errors before anything is processed, latency, and the ambiguous outcome
 * that breaks naive integrations (failure catalog O6): the write is committed, then the response is lost (connection
 * reset) or never comes (the client times out). Random faults come from a seeded generator, so a failing test
 * replays exactly; scripted faults (`once`) hit the next matching requests deterministically.
 */

/** What happens to a request that a fault hits. */
export type FaultKind =
  /** Answered with a transient server error (default 503) before anything is processed: safe to resend. */
  | "error"
  /** Processed and committed, then the connection is reset: the caller cannot know whether it was processed. */
  | "lost-response"
  /** Processed and committed, then no answer until the caller gives up (its timeout or abort signal). */
  | "timeout-after-commit";

/** Which requests a fault applies to. Methods are upper case; `path` is relative to the fake's base URL. */
export interface FaultMatch {
  method?: string | readonly string[];
  /** A substring or pattern of the path relative to the fake's base URL (e.g. `/salesOrders`). */
  path?: string | RegExp;
}

/** Random faults, each a probability between 0 and 1. */
export interface FaultOptions {
  /** Seed of the generator that decides which requests are hit. Default: `1`. */
  seed?: number;
  /** Share of requests answered with a transient error before processing. Default: `0`. */
  errorRate?: number;
  /** Status of injected errors. Default: `503`. */
  errorStatus?: number;
  /** Share of writes (POST/PUT/PATCH/DELETE) committed whose response is then lost. Default: `0`. */
  lostResponseRate?: number;
  /** Share of writes committed that then hang until the caller aborts. Default: `0`. */
  timeoutAfterCommitRate?: number;
  /** Latency added to every matching request, in ms: fixed, or uniformly drawn from `[min, max]`. Default: `0`. */
  latencyMs?: number | readonly [number, number];
  /** Limit random faults and latency to these requests. Default: all. */
  match?: FaultMatch;
}

/** A fault for the next `times` matching requests (default once). */
export interface ScriptedFault extends FaultMatch {
  kind: FaultKind;
  /** How many matching requests it hits. Default: `1`. */
  times?: number;
  /** Status when `kind` is `error`. Default: `503`. */
  status?: number;
}

/** The decision for one request. */
export interface FaultDecision {
  kind: FaultKind | "none";
  status: number;
  latencyMs: number;
}

import { seededRandom } from "./random.js";

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE", "MERGE"]);

export function isWriteMethod(method: string): boolean {
  return WRITE_METHODS.has(method.toUpperCase());
}

function matches(match: FaultMatch | undefined, method: string, path: string): boolean {
  if (!match) return true;
  if (match.method !== undefined) {
    const methods = typeof match.method === "string" ? [match.method] : match.method;
    if (!methods.some((m) => m.toUpperCase() === method)) return false;
  }
  if (match.path !== undefined) {
    if (typeof match.path === "string" ? !path.includes(match.path) : !match.path.test(path)) return false;
  }
  return true;
}

function checkRate(name: string, value: number | undefined): void {
  if (value !== undefined && !(value >= 0 && value <= 1)) {
    throw new RangeError(`faults.${name} must be between 0 and 1, got ${value}`);
  }
}

/** Decides, per request, whether and how it fails. Owned by one fake (`fake.faults`). */
export class FaultInjector {
  #options: FaultOptions = {};
  #random: () => number = seededRandom(1);
  #scripted: Array<ScriptedFault & { remaining: number }> = [];
  /** Faults injected so far, by kind (for assertions and run summaries). */
  readonly injected: Record<FaultKind, number> = { error: 0, "lost-response": 0, "timeout-after-commit": 0 };

  /** Replaces the random fault settings (and reseeds). */
  configure(options: FaultOptions): this {
    checkRate("errorRate", options.errorRate);
    checkRate("lostResponseRate", options.lostResponseRate);
    checkRate("timeoutAfterCommitRate", options.timeoutAfterCommitRate);
    this.#options = { ...options };
    this.#random = seededRandom(options.seed ?? 1);
    return this;
  }

  /** Hits the next matching request(s) with `fault.kind`. Scripted faults are used before random ones. */
  once(fault: ScriptedFault): this {
    this.#scripted.push({ ...fault, remaining: fault.times ?? 1 });
    return this;
  }

  /** No more faults, random or scripted (counters are kept). */
  clear(): this {
    this.#options = {};
    this.#scripted = [];
    return this;
  }

  /** The fault for this request; `kind: "none"` when it goes through untouched. */
  decide(method: string, path: string): FaultDecision {
    const upper = method.toUpperCase();
    const latencyMs = this.#latency(upper, path);
    const scripted = this.#scripted.find((f) => f.remaining > 0 && matches(f, upper, path));
    if (scripted) {
      scripted.remaining -= 1;
      this.#scripted = this.#scripted.filter((f) => f.remaining > 0);
      return this.#count({ kind: scripted.kind, status: scripted.status ?? 503, latencyMs });
    }
    const options = this.#options;
    if (!matches(options.match, upper, path)) return { kind: "none", status: 0, latencyMs };
    const status = options.errorStatus ?? 503;
    if ((options.errorRate ?? 0) > 0 && this.#random() < (options.errorRate ?? 0)) {
      return this.#count({ kind: "error", status, latencyMs });
    }
    if (isWriteMethod(upper)) {
      if ((options.lostResponseRate ?? 0) > 0 && this.#random() < (options.lostResponseRate ?? 0)) {
        return this.#count({ kind: "lost-response", status, latencyMs });
      }
      if ((options.timeoutAfterCommitRate ?? 0) > 0 && this.#random() < (options.timeoutAfterCommitRate ?? 0)) {
        return this.#count({ kind: "timeout-after-commit", status, latencyMs });
      }
    }
    return { kind: "none", status: 0, latencyMs };
  }

  #latency(method: string, path: string): number {
    const latency = this.#options.latencyMs;
    if (latency === undefined || !matches(this.#options.match, method, path)) return 0;
    if (typeof latency === "number") return latency;
    const [min, max] = latency;
    return min + this.#random() * (max - min);
  }

  #count(decision: FaultDecision): FaultDecision {
    if (decision.kind !== "none") this.injected[decision.kind] += 1;
    return decision;
  }
}
