import { describe, expect, it } from "vitest";
import { createRateGovernor } from "./rate-governor.js";
import { VirtualClock } from "./virtual-clock.js";

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe("createRateGovernor", () => {
  it("caps requests in flight and serves waiters first come, first served", async () => {
    const governor = createRateGovernor({ maxConcurrent: 2 });
    const order: number[] = [];
    const releases = await Promise.all([governor.acquire(), governor.acquire()]);
    const third = governor.acquire().then((release) => {
      order.push(3);
      return release;
    });
    const fourth = governor.acquire().then((release) => {
      order.push(4);
      return release;
    });
    await flush();
    expect(governor.snapshot()).toMatchObject({ inFlight: 2, queued: 2 });
    releases[0]?.();
    releases[0]?.(); // a second call must not free a second slot
    await flush();
    expect(order).toEqual([3]);
    expect(governor.snapshot()).toMatchObject({ inFlight: 2, queued: 1 });
    releases[1]?.();
    (await third)();
    (await fourth)();
    expect(order).toEqual([3, 4]);
    expect(governor.snapshot()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it("X2: keeps request starts within the sliding window (BC-style 6,000 per 5 minutes, scaled down)", async () => {
    const clock = new VirtualClock();
    const start = clock.now();
    const governor = createRateGovernor({ requestsPerWindow: 3, windowMs: 1000, clock });
    const startedAt: number[] = [];
    await Promise.all(
      Array.from({ length: 7 }, async () => {
        const release = await governor.acquire();
        startedAt.push(clock.now() - start);
        release();
      }),
    );
    expect(startedAt).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
    // No window of 1000 ms ever holds more than 3 starts.
    for (const t of startedAt) expect(startedAt.filter((s) => s >= t && s < t + 1000).length).toBeLessThanOrEqual(3);
  });

  it("X2: pauses everyone when the server reports its budget used up (BigCommerce requests-left)", async () => {
    const clock = new VirtualClock();
    const governor = createRateGovernor({
      clock,
      adaptive: {
        remainingHeader: "X-Rate-Limit-Requests-Left",
        resetMsHeader: "X-Rate-Limit-Time-Reset-Ms",
        reserve: 1,
      },
    });
    governor.observe(new Response(null, { headers: { "x-rate-limit-requests-left": "10" } }));
    expect(governor.snapshot().pausedUntil).toBe(0);
    governor.observe(
      new Response(null, { headers: { "x-rate-limit-requests-left": "1", "x-rate-limit-time-reset-ms": "2500" } }),
    );
    const before = clock.now();
    (await governor.acquire())();
    expect(clock.now() - before).toBe(2500);
  });

  it("uses the window length when the server gives no reset time, and ignores garbage", async () => {
    const clock = new VirtualClock();
    const governor = createRateGovernor({ clock, windowMs: 30_000, adaptive: { remainingHeader: "left" } });
    governor.observe(new Response(null, { headers: { left: "soon" } }));
    expect(governor.snapshot().pausedUntil).toBe(0);
    governor.observe(new Response(null, { headers: { left: "0" } }));
    expect(governor.snapshot().pausedUntil).toBe(clock.now() + 30_000);
    governor.observe(new Response(null));
  });

  it("X2: a 429 pauses everyone: for its Retry-After, or briefly when it carries no hint", async () => {
    const clock = new VirtualClock();
    const hinted = createRateGovernor({ clock });
    hinted.observe(new Response(null, { status: 429, headers: { "Retry-After": "4" } }));
    expect(hinted.snapshot().pausedUntil).toBe(clock.now() + 4000);
    const unhinted = createRateGovernor({ clock, pauseAfterUnhintedThrottleMs: 750 });
    unhinted.observe(new Response(null, { status: 429 }));
    const before = clock.now();
    (await unhinted.acquire())();
    expect(clock.now() - before).toBe(750);
  });

  it("removes an aborted waiter from the queue and rejects with the caller's reason", async () => {
    const governor = createRateGovernor({ maxConcurrent: 1 });
    const release = await governor.acquire();
    const controller = new AbortController();
    const waiting = governor.acquire(controller.signal);
    const next = governor.acquire();
    controller.abort(new Error("caller left"));
    await expect(waiting).rejects.toThrow("caller left");
    expect(governor.snapshot().queued).toBe(1);
    release();
    (await next)();
    await expect(governor.acquire(AbortSignal.abort(new Error("already")))).rejects.toThrow("already");
  });

  it("rejects impossible limits with an explanation", () => {
    expect(() => createRateGovernor({ maxConcurrent: 0 })).toThrow(/maxConcurrent must be ≥ 1, got 0/);
    expect(() => createRateGovernor({ windowMs: Number.NaN })).toThrow(/windowMs/);
  });
});

describe("window bookkeeping", () => {
  it("keeps counting correctly across many windows (lazy compaction)", async () => {
    const clock = new VirtualClock();
    const governor = createRateGovernor({ requestsPerWindow: 1500, windowMs: 1000, clock });
    for (let i = 0; i < 6000; i++) (await governor.acquire())();
    expect(governor.snapshot().startsInWindow).toBe(1500);
    clock.time += 1000;
    expect(governor.snapshot().startsInWindow).toBe(0);
  });
});
