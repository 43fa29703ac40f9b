/**
 * Vendor-style limits for the fakes: a request quota over a sliding window, and a cap on requests in flight with a
 * bounded queue (Business Central: 5 in flight, 95 queued, then 429). Both read the fake's clock.
 */

export interface WindowQuotaOptions {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
  now: () => number;
}

export interface QuotaDecision {
  allowed: boolean;
  /** Requests left in the current window after this one. */
  remaining: number;
  /** Milliseconds until the oldest counted request leaves the window (when a slot frees up). */
  resetMs: number;
}

/** Sliding-window request quota. */
export class WindowQuota {
  readonly #stamps: number[] = [];
  constructor(readonly options: WindowQuotaOptions) {
    if (!(options.limit > 0 && options.windowMs > 0))
      throw new RangeError("WindowQuota needs limit > 0 and windowMs > 0");
  }

  /** Counts one request if the window has room. */
  take(): QuotaDecision {
    const now = this.options.now();
    while (this.#stamps.length > 0 && (this.#stamps[0] ?? 0) <= now - this.options.windowMs) this.#stamps.shift();
    const oldest = this.#stamps[0] ?? now;
    const resetMs = Math.max(0, oldest + this.options.windowMs - now);
    if (this.#stamps.length >= this.options.limit) return { allowed: false, remaining: 0, resetMs };
    this.#stamps.push(now);
    return { allowed: true, remaining: this.options.limit - this.#stamps.length, resetMs };
  }
}

export interface ConcurrencyGateOptions {
  /** Requests processed at once. */
  maxInFlight: number;
  /** Requests that may wait for a slot; beyond that they are rejected. Default: `0`. */
  maxQueued?: number;
}

/** Caps requests in flight; waiting requests queue up to a bound, the rest are refused (the caller answers 429). */
export class ConcurrencyGate {
  #inFlight = 0;
  readonly #waiting: Array<() => void> = [];
  /** Highest number of requests in flight seen (for tests: the client stayed under the limit). */
  peakInFlight = 0;

  constructor(readonly options: ConcurrencyGateOptions) {}

  /** A release function once a slot is free, or `undefined` when the queue is full. */
  async enter(): Promise<(() => void) | undefined> {
    if (this.#inFlight >= this.options.maxInFlight) {
      if (this.#waiting.length >= (this.options.maxQueued ?? 0)) return undefined;
      // The releasing request hands its slot straight to us (in-flight count unchanged), so a request arriving in
      // between cannot take it and push the count over the maximum.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#inFlight += 1;
    }
    this.peakInFlight = Math.max(this.peakInFlight, this.#inFlight);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next) next();
      else this.#inFlight -= 1;
    };
  }
}
