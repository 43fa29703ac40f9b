import type { Clock } from "./clock.js";

interface Sleeper {
  due: number;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

interface Timer {
  due: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * Virtual time for tests; nothing here waits on the wall clock. `sleep` calls are recorded and run automatically
 * in due order (the clock jumps to each one's due time), so backoff and rate windows play out instantly and
 * deterministically. Timeouts (`setTimer`) never fire by themselves: a test fires them with `fireTimers()`, so a
 * request can't time out by accident while msw is still answering it.
 */
export class VirtualClock implements Clock {
  time = 1_700_000_000_000;
  /** Every `sleep` duration requested, in call order. */
  readonly sleeps: number[] = [];
  #sleepers: Sleeper[] = [];
  #timers: Timer[] = [];
  #tickScheduled = false;

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = {
        due: this.time + ms,
        resolve,
        reject,
        signal,
        onAbort: () => {
          this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener("abort", sleeper.onAbort, { once: true });
      this.#sleepers.push(sleeper);
      this.#scheduleTick();
    });
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer: Timer = { due: this.time + ms, fn, cancelled: false };
    this.#timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** Timers (timeouts) that are still pending. */
  get pendingTimers(): number {
    return this.#timers.filter((t) => !t.cancelled).length;
  }

  /** Fires every pending timer, advancing the clock to the latest one's due time. */
  fireTimers(): void {
    const due = this.#timers.filter((t) => !t.cancelled);
    this.#timers = [];
    for (const timer of due) {
      this.time = Math.max(this.time, timer.due);
      timer.fn();
    }
  }

  #scheduleTick(): void {
    if (this.#tickScheduled) return;
    this.#tickScheduled = true;
    // setImmediate lets every sleeper registered in the same turn join before the earliest one fires.
    setImmediate(() => {
      this.#tickScheduled = false;
      this.#sleepers.sort((a, b) => a.due - b.due);
      const next = this.#sleepers.shift();
      if (!next) return;
      this.time = Math.max(this.time, next.due);
      next.signal?.removeEventListener("abort", next.onAbort);
      next.resolve();
      if (this.#sleepers.length > 0) this.#scheduleTick();
    });
  }
}
