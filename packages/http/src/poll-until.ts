import { type Clock, systemClock } from "./clock.js";

/** How long and how often {@link pollUntil} asks. */
export interface PollOptions {
  /** Give up after this long, in ms. Default: 600,000 (10 minutes). */
  timeoutMs?: number;
  /** First pause between polls, in ms; doubled after each poll. Default: 1,000. */
  intervalMs?: number;
  /** Longest pause between polls, in ms. Default: 30,000. */
  maxIntervalMs?: number;
  /** Stops polling (between and during polls). Default: none. */
  signal?: AbortSignal;
  /** Time source. Default: `systemClock`. */
  clock?: Clock;
}

/**
 * Polls an asynchronous operation (Magento bulk status, Oro async operation, …) until `isDone` says it finished,
 * pausing with doubling intervals, and throws the error `onTimeout` builds (with the last state seen) when it
 * takes longer than the timeout.
 */
export async function pollUntil<T>(
  poll: (signal?: AbortSignal) => Promise<T>,
  isDone: (state: T) => boolean,
  options: PollOptions & { onTimeout: (last: T, timeoutMs: number) => Error },
): Promise<T> {
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? 600_000;
  const maxInterval = options.maxIntervalMs ?? 30_000;
  let interval = options.intervalMs ?? 1000;
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    options.signal?.throwIfAborted();
    const state = await poll(options.signal);
    if (isDone(state)) return state;
    const remaining = deadline - clock.now();
    if (remaining <= 0) throw options.onTimeout(state, timeoutMs);
    await clock.sleep(Math.min(interval, remaining), options.signal);
    interval = Math.min(interval * 2, maxInterval);
  }
}
