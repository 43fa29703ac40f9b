/**
 * Reading how long a server asked us to wait. Order: `retry-after-ms` (milliseconds, sent by some gateways),
 * then `Retry-After` (delta-seconds or an HTTP date). Vendor-specific headers (BigCommerce's
 * `X-Rate-Limit-Time-Reset-Ms`) are read by a {@link RetryDelayHook} the vendor client configures, e.g.
 * `delayFromHeader("x-rate-limit-time-reset-ms", "ms")`.
 */

/** Reads a vendor's "wait this long" hint from a response; returns milliseconds, or `undefined` for no hint. */
export type RetryDelayHook = (response: Response) => number | undefined;

/**
 * Milliseconds the response asks the client to wait, from `retry-after-ms` or `Retry-After`. `now` is used for
 * the HTTP-date form; a date in the past means "now" (0). Returns `undefined` when there is no usable hint.
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.max(0, Number(ms));

  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Builds a {@link RetryDelayHook} that reads a numeric header, e.g. BigCommerce's
 * `delayFromHeader("x-rate-limit-time-reset-ms", "ms")`. Header names are case-insensitive (a real bug in
 * another BigCommerce client read the mixed-case name and got `undefined`).
 */
export function delayFromHeader(name: string, unit: "ms" | "s" = "ms"): RetryDelayHook {
  return (response) => {
    const value = response.headers.get(name)?.trim();
    if (!value || !/^\d+(\.\d+)?$/.test(value)) return undefined;
    return unit === "ms" ? Number(value) : Number(value) * 1000;
  };
}
