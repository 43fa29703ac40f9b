import {
  createRateGovernor,
  type InProcessRateGovernor,
  type RateGovernor,
  type RateGovernorOptions,
  type RateGovernorSnapshot,
  type Release,
} from "@org/http";

/** BigCommerce's rate-limit response headers (sent on every response; names are case-insensitive). */
export const BIGCOMMERCE_RATE_LIMIT_HEADERS = {
  /** Requests left in the current window. */
  requestsLeft: "X-Rate-Limit-Requests-Left",
  /** Milliseconds until the current window resets. */
  timeResetMs: "X-Rate-Limit-Time-Reset-Ms",
  /** Requests allowed per window on this store's plan. */
  requestsQuota: "X-Rate-Limit-Requests-Quota",
  /** Length of the window in milliseconds. */
  timeWindowMs: "X-Rate-Limit-Time-Window-Ms",
} as const;

/** Requests per window on the Standard (and Plus) plan; Pro has 450, Enterprise depends on the contract. */
export const BIGCOMMERCE_STANDARD_REQUESTS_PER_WINDOW = 150;
/** BigCommerce's rate-limit window: 30 seconds, per store, shared by every app on the store. */
export const BIGCOMMERCE_RATE_LIMIT_WINDOW_MS = 30_000;

/**
 * Default governor limits: the Standard plan's 150 requests per 30 s, and a pause until the reset when the store
 * reports 0 requests left (`reserve: 0`; raise it to leave room for the other apps sharing the store's budget).
 */
export const BIGCOMMERCE_DEFAULT_RATE_LIMITS: RateGovernorOptions = {
  requestsPerWindow: BIGCOMMERCE_STANDARD_REQUESTS_PER_WINDOW,
  windowMs: BIGCOMMERCE_RATE_LIMIT_WINDOW_MS,
  adaptive: {
    remainingHeader: BIGCOMMERCE_RATE_LIMIT_HEADERS.requestsLeft,
    resetMsHeader: BIGCOMMERCE_RATE_LIMIT_HEADERS.timeResetMs,
    reserve: 0,
  },
};

/** Current limits and state of a {@link BigCommerceRateGovernor}. */
export interface BigCommerceRateGovernorSnapshot extends RateGovernorSnapshot {
  requestsPerWindow: number;
  windowMs: number;
}

const intHeader = (response: Response, name: string): number | undefined => {
  const value = response.headers.get(name)?.trim();
  return value && /^\d+$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
};

/**
 * The `@org/http` governor configured for BigCommerce (failure catalog X2): a client-side cap of
 * `requestsPerWindow` per `windowMs` so bursts stay under the plan, a pause until `X-Rate-Limit-Time-Reset-Ms`
 * once `X-Rate-Limit-Requests-Left` reaches the reserve, and a pause after a 429 even without any header
 * (platform load shedding).
 *
 * When the limits are the defaults (no `requestsPerWindow`/`windowMs` given), the cap follows the store's real
 * plan from `X-Rate-Limit-Requests-Quota` and `X-Rate-Limit-Time-Window-Ms` (a Pro store gets 450, not 150).
 * Limits given explicitly are kept. One governor per store: share it across every client of that store.
 */
export class BigCommerceRateGovernor implements RateGovernor {
  #options: RateGovernorOptions;
  readonly #followQuota: boolean;
  #inner: InProcessRateGovernor;

  constructor(options: RateGovernorOptions = {}) {
    this.#followQuota = options.requestsPerWindow === undefined && options.windowMs === undefined;
    this.#options = { ...BIGCOMMERCE_DEFAULT_RATE_LIMITS, ...options };
    this.#inner = createRateGovernor(this.#options);
  }

  acquire(signal?: AbortSignal): Promise<Release> {
    return this.#inner.acquire(signal);
  }

  observe(response: Response): void {
    if (this.#followQuota) {
      const quota = intHeader(response, BIGCOMMERCE_RATE_LIMIT_HEADERS.requestsQuota);
      const windowMs = intHeader(response, BIGCOMMERCE_RATE_LIMIT_HEADERS.timeWindowMs);
      if (
        (quota !== undefined && quota !== this.#options.requestsPerWindow) ||
        (windowMs !== undefined && windowMs !== this.#options.windowMs)
      ) {
        // Waiters already queued stay with the previous governor (their releases go back to it); new requests use
        // the store's real plan. The response is shown to both so a "0 left" pauses everyone.
        const previous = this.#inner;
        this.#options = {
          ...this.#options,
          requestsPerWindow: quota ?? this.#options.requestsPerWindow,
          windowMs: windowMs ?? this.#options.windowMs,
        };
        this.#inner = createRateGovernor(this.#options);
        previous.observe(response);
      }
    }
    this.#inner.observe(response);
  }

  snapshot(): BigCommerceRateGovernorSnapshot {
    return {
      ...this.#inner.snapshot(),
      requestsPerWindow: this.#options.requestsPerWindow ?? Number.POSITIVE_INFINITY,
      windowMs: this.#options.windowMs ?? BIGCOMMERCE_RATE_LIMIT_WINDOW_MS,
    };
  }
}

/**
 * Creates a {@link BigCommerceRateGovernor}. Options override {@link BIGCOMMERCE_DEFAULT_RATE_LIMITS} key by key
 * (`adaptive` as a whole), e.g. `createBigCommerceRateGovernor({ adaptive: { ...BIGCOMMERCE_DEFAULT_RATE_LIMITS.adaptive!, reserve: 10 } })`.
 */
export function createBigCommerceRateGovernor(options: RateGovernorOptions = {}): BigCommerceRateGovernor {
  return new BigCommerceRateGovernor(options);
}
