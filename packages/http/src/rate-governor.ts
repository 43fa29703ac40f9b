/**
 * Stays under a vendor's rate budget instead of only reacting to 429 (failure catalog X2). A governor hands out
 * permission to send: at most `maxConcurrent` requests in flight and at most `requestsPerWindow` request starts in
 * any sliding `windowMs`. It also adapts to what responses say: a "requests left" header at or below the reserve,
 * or a 429, pauses everyone until the reset. Waiters are served first come, first served.
 *
 * It is an interface so a later implementation can share one budget across processes (e.g. backed by Redis).
 */
import { type Clock, systemClock } from "./clock.js";
import { parseRetryAfter } from "./retry-after.js";

/** Gives back the slot taken by `acquire`. Calling it more than once is harmless. */
export type Release = () => void;

/** Decides when a request may be sent. */
export interface RateGovernor {
  /**
   * Resolves when a request may be sent, with the function to call once its response has arrived (or it
   * failed). Rejects with `signal.reason` if the signal aborts while waiting.
   */
  acquire(signal?: AbortSignal): Promise<Release>;
  /** Sees every response, to adapt to the server's view of the budget. Optional. */
  observe?(response: Response): void;
}

/** Reading the server's remaining budget from response headers (BigCommerce sends these on every response). */
export interface AdaptiveBudgetOptions {
  /** Header with the number of requests left in the current window, e.g. `X-Rate-Limit-Requests-Left`. Required. */
  remainingHeader: string;
  /** Header with the milliseconds until the window resets, e.g. `X-Rate-Limit-Time-Reset-Ms`. Default: none (then `windowMs`). */
  resetMsHeader?: string;
  /**
   * Requests to leave unused: when the server reports this many or fewer left, new requests wait for the reset.
   * Leave room for other apps that share the budget (BigCommerce's is per store). Default: `0`.
   */
  reserve?: number;
}

/** Options for {@link createRateGovernor}. */
export interface RateGovernorOptions {
  /** Requests in flight at once (Business Central: 5). Default: `Infinity` (no cap). */
  maxConcurrent?: number;
  /** Request starts allowed in any sliding window of `windowMs` (Business Central: 6,000). Default: `Infinity`. */
  requestsPerWindow?: number;
  /** Length of the sliding window (Business Central: 300,000 ms = 5 minutes). Default: `60000` ms. */
  windowMs?: number;
  /** Adapt to "requests left" headers. Default: off. */
  adaptive?: AdaptiveBudgetOptions;
  /**
   * How long everyone waits after a 429 that carries no hint (no `Retry-After`, no reset header): the server is
   * shedding load, so the other requests should not pile on. Default: `1000` ms.
   */
  pauseAfterUnhintedThrottleMs?: number;
  /** Time source. Default: {@link systemClock}. */
  clock?: Clock;
}

interface Waiter {
  resolve: (release: Release) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/** Current state of a governor, for metrics and tests. */
export interface RateGovernorSnapshot {
  inFlight: number;
  queued: number;
  /** Request starts in the current sliding window. */
  startsInWindow: number;
  /** Epoch ms until which new requests wait because of a 429 or an exhausted server budget (0 = not paused). */
  pausedUntil: number;
}

/** The built-in, in-process governor (see {@link RateGovernorOptions}). */
export class InProcessRateGovernor implements RateGovernor {
  readonly #maxConcurrent: number;
  readonly #requestsPerWindow: number;
  readonly #windowMs: number;
  readonly #adaptive: AdaptiveBudgetOptions | undefined;
  readonly #unhintedPauseMs: number;
  readonly #clock: Clock;
  #inFlight = 0;
  /** Start times, oldest first; entries before `#startsHead` have left the window (dropped lazily, in bulk). */
  #starts: number[] = [];
  #startsHead = 0;
  #queue: Waiter[] = [];
  #pausedUntil = 0;
  #wakeScheduled = false;

  constructor(options: RateGovernorOptions = {}) {
    this.#maxConcurrent = options.maxConcurrent ?? Number.POSITIVE_INFINITY;
    this.#requestsPerWindow = options.requestsPerWindow ?? Number.POSITIVE_INFINITY;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#adaptive = options.adaptive;
    this.#unhintedPauseMs = options.pauseAfterUnhintedThrottleMs ?? 1000;
    this.#clock = options.clock ?? systemClock;
    for (const [name, value] of [
      ["maxConcurrent", this.#maxConcurrent],
      ["requestsPerWindow", this.#requestsPerWindow],
      ["windowMs", this.#windowMs],
    ] as const) {
      if (!(value >= 1)) throw new RangeError(`rate governor: ${name} must be ≥ 1, got ${value}`);
    }
  }

  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.#queue.indexOf(waiter);
          if (index >= 0) this.#queue.splice(index, 1);
          reject(signal?.reason);
          this.#pump();
        },
      };
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      this.#queue.push(waiter);
      this.#pump();
    });
  }

  observe(response: Response): void {
    const now = this.#clock.now();
    const resetMs = this.#resetMs(response);
    if (response.status === 429) {
      const hint = parseRetryAfter(response.headers, now) ?? resetMs;
      this.#pauseUntil(now + (hint ?? this.#unhintedPauseMs));
      return;
    }
    if (!this.#adaptive) return;
    const left = response.headers.get(this.#adaptive.remainingHeader)?.trim();
    if (left === undefined || !/^\d+$/.test(left)) return;
    if (Number(left) <= (this.#adaptive.reserve ?? 0)) this.#pauseUntil(now + (resetMs ?? this.#windowMs));
  }

  snapshot(): RateGovernorSnapshot {
    this.#prune(this.#clock.now());
    return {
      inFlight: this.#inFlight,
      queued: this.#queue.length,
      startsInWindow: this.#startsInWindow,
      pausedUntil: this.#pausedUntil,
    };
  }

  #resetMs(response: Response): number | undefined {
    const header = this.#adaptive?.resetMsHeader;
    const value = header ? response.headers.get(header)?.trim() : undefined;
    return value && /^\d+(\.\d+)?$/.test(value) ? Number(value) : undefined;
  }

  #pauseUntil(until: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, until);
  }

  #prune(now: number): void {
    const cutoff = now - this.#windowMs;
    while (this.#startsHead < this.#starts.length && (this.#starts[this.#startsHead] ?? 0) <= cutoff)
      this.#startsHead++;
    // Compact only now and then, so a 6,000-request window doesn't cost an array shift per request.
    if (this.#startsHead > 1024 && this.#startsHead * 2 > this.#starts.length) {
      this.#starts = this.#starts.slice(this.#startsHead);
      this.#startsHead = 0;
    }
  }

  get #startsInWindow(): number {
    return this.#starts.length - this.#startsHead;
  }

  /** Milliseconds until the next request may start, as far as time-based limits go. */
  #waitMs(now: number): number {
    let wait = this.#pausedUntil - now;
    if (Number.isFinite(this.#requestsPerWindow)) {
      this.#prune(now);
      if (this.#startsInWindow >= this.#requestsPerWindow) {
        const oldestThatMustExpire = this.#starts[this.#starts.length - this.#requestsPerWindow] ?? now;
        wait = Math.max(wait, oldestThatMustExpire + this.#windowMs - now);
      }
    }
    return Math.max(0, wait);
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      if (this.#inFlight >= this.#maxConcurrent) return; // a release pumps again
      const now = this.#clock.now();
      const wait = this.#waitMs(now);
      if (wait > 0) {
        this.#wakeAfter(wait);
        return;
      }
      const waiter = this.#queue.shift();
      if (!waiter) return;
      waiter.signal?.removeEventListener("abort", waiter.onAbort);
      this.#inFlight++;
      if (Number.isFinite(this.#requestsPerWindow)) this.#starts.push(now);
      let released = false;
      waiter.resolve(() => {
        if (released) return;
        released = true;
        this.#inFlight--;
        this.#pump();
      });
    }
  }

  #wakeAfter(ms: number): void {
    // One timer at a time: the wake-up re-checks everything and schedules the next one if still needed.
    if (this.#wakeScheduled) return;
    this.#wakeScheduled = true;
    void this.#clock.sleep(ms).then(() => {
      this.#wakeScheduled = false;
      this.#pump();
    });
  }
}

/**
 * Creates the in-process rate governor. Business Central:
 * `createRateGovernor({ maxConcurrent: 5, requestsPerWindow: 6000, windowMs: 300_000 })`. BigCommerce:
 * `createRateGovernor({ adaptive: { remainingHeader: "x-rate-limit-requests-left", resetMsHeader: "x-rate-limit-time-reset-ms" } })`.
 */
export function createRateGovernor(options: RateGovernorOptions = {}): InProcessRateGovernor {
  return new InProcessRateGovernor(options);
}

/**
 * A client's `governor` setting as a governor: the instance given (e.g. one budget shared by several clients of
 * the same account), or a new in-process governor from the limits given, or from the vendor's defaults.
 */
export function resolveGovernor(
  setting: RateGovernor | RateGovernorOptions | undefined,
  vendorDefaults: RateGovernorOptions,
): RateGovernor {
  if (setting && "acquire" in setting) return setting;
  return createRateGovernor(setting ?? vendorDefaults);
}
