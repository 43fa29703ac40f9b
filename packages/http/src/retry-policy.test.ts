import { describe, expect, it } from "vitest";
import { delayFromHeader, parseRetryAfter } from "./retry-after.js";
import {
  backoffDelay,
  computeRetryDelay,
  DEFAULT_RETRY,
  isIdempotent,
  networkErrorCode,
  provesNotSent,
  resolveRetryPolicy,
} from "./retry-policy.js";

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it("reads retry-after-ms, then Retry-After seconds or HTTP date", () => {
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "120" }), now)).toBe(120);
    expect(parseRetryAfter(new Headers({ "Retry-After": "2" }), now)).toBe(2000);
    expect(parseRetryAfter(new Headers({ "Retry-After": "Thu, 01 Jan 2026 00:00:05 GMT" }), now)).toBe(5000);
  });
  it("treats a past date as now and ignores garbage", () => {
    expect(parseRetryAfter(new Headers({ "Retry-After": "Wed, 31 Dec 2025 23:00:00 GMT" }), now)).toBe(0);
    expect(parseRetryAfter(new Headers({ "Retry-After": "soon" }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "-5" }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
  });
});

describe("delayFromHeader", () => {
  it("reads a numeric header in ms or seconds, case-insensitively", () => {
    const response = new Response(null, { headers: { "X-Rate-Limit-Time-Reset-Ms": "1500", "X-Wait": "2" } });
    expect(delayFromHeader("x-rate-limit-time-reset-ms")(response)).toBe(1500);
    expect(delayFromHeader("X-Wait", "s")(response)).toBe(2000);
    expect(delayFromHeader("missing")(response)).toBeUndefined();
  });
});

describe("isIdempotent", () => {
  it("classifies methods, PATCH with If-Match, and the caller's override", () => {
    const none = new Headers();
    for (const method of ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"])
      expect(isIdempotent(method, none)).toBe(true);
    expect(isIdempotent("POST", none)).toBe(false);
    expect(isIdempotent("PATCH", none)).toBe(false);
    expect(isIdempotent("patch", new Headers({ "If-Match": "*" }))).toBe(true);
    expect(isIdempotent("POST", none, true)).toBe(true);
  });
});

describe("network error classification", () => {
  it("finds codes in nested causes and aggregate errors", () => {
    const refused = new TypeError("fetch failed", {
      cause: new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })]),
    });
    expect(networkErrorCode(refused)).toBe("ECONNREFUSED");
    expect(provesNotSent(refused)).toBe(true);
    expect(provesNotSent(new TypeError("fetch failed", { cause: { code: "ECONNRESET" } }))).toBe(false);
    expect(provesNotSent(new TypeError("fetch failed"))).toBe(false);
    expect(networkErrorCode("not an error")).toBeUndefined();
  });
});

describe("retry delays", () => {
  it("retries 408, 429 and 5xx except 501 and 505 by default", () => {
    expect([408, 429, 500, 502, 503, 504, 599].every(DEFAULT_RETRY.retryOn)).toBe(true);
    expect([400, 401, 404, 409, 501, 505].some(DEFAULT_RETRY.retryOn)).toBe(false);
  });

  it("backs off exponentially with a cap and jitter", () => {
    const policy = resolveRetryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, jitter: 1 });
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(policy, a, () => 0))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay(policy, 3, () => 0.5)).toBe(200);
  });

  it("prefers the server's hint, consults the vendor hook, and gives up on hints beyond the cap", () => {
    const policy = resolveRetryPolicy({ maxRetryAfterMs: 10_000 });
    const input = { attempt: 1, now: 0, random: () => 0 };
    expect(
      computeRetryDelay(policy, { ...input, response: new Response(null, { headers: { "Retry-After": "3" } }) }),
    ).toBe(3000);
    expect(
      computeRetryDelay(policy, {
        ...input,
        response: new Response(null, { headers: { reset: "700" } }),
        resetHeaderHook: delayFromHeader("reset"),
      }),
    ).toBe(700);
    expect(
      computeRetryDelay(policy, { ...input, response: new Response(null, { headers: { "Retry-After": "30" } }) }),
    ).toBeUndefined();
    expect(computeRetryDelay(policy, { ...input, response: new Response(null) })).toBe(500);
  });
});
