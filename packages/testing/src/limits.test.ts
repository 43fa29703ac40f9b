import { describe, expect, it } from "vitest";
import { ConcurrencyGate, WindowQuota } from "./limits.js";

describe("WindowQuota", () => {
  it("allows `limit` requests per sliding window and says when a slot frees up", () => {
    let now = 0;
    const quota = new WindowQuota({ limit: 3, windowMs: 1000, now: () => now });
    expect([quota.take(), quota.take(), quota.take()].map((d) => d.remaining)).toEqual([2, 1, 0]);
    now = 400;
    expect(quota.take()).toEqual({ allowed: false, remaining: 0, resetMs: 600 });
    now = 1000;
    // All three left the window at 1000 ms: this one is the only request in it.
    expect(quota.take()).toMatchObject({ allowed: true, remaining: 2 });
    expect(() => new WindowQuota({ limit: 0, windowMs: 1, now: () => 0 })).toThrow(RangeError);
  });
});

describe("ConcurrencyGate", () => {
  it("queues up to the bound, refuses beyond it, and frees slots in order", async () => {
    const gate = new ConcurrencyGate({ maxInFlight: 2, maxQueued: 1 });
    const first = await gate.enter();
    const second = await gate.enter();
    const queued = gate.enter();
    expect(await gate.enter()).toBeUndefined();
    first?.();
    first?.(); // releasing twice frees one slot only
    const third = await queued;
    expect(third).toBeTypeOf("function");
    expect(gate.peakInFlight).toBe(2);
    second?.();
    third?.();
    expect(await gate.enter()).toBeTypeOf("function");
  });
});

describe("ConcurrencyGate hand-off", () => {
  it("a released slot goes to the waiting request, not to one arriving in between", async () => {
    const gate = new ConcurrencyGate({ maxInFlight: 1, maxQueued: 1 });
    const first = await gate.enter();
    const waiting = gate.enter();
    first?.();
    // Arrives after the release but before the waiter has run: the slot already belongs to the waiter, so this one
    // queues instead of running alongside it.
    const late = gate.enter();
    const second = await waiting;
    expect(gate.peakInFlight).toBe(1);
    second?.();
    (await late)?.();
    expect(gate.peakInFlight).toBe(1);
  });
});
