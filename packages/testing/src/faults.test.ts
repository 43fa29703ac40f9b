import { describe, expect, it } from "vitest";
import { FaultInjector } from "./faults.js";

describe("FaultInjector", () => {
  it("is deterministic for a seed and hits roughly the configured share", () => {
    const decide = (seed: number) => {
      const faults = new FaultInjector().configure({ seed, errorRate: 0.2 });
      return Array.from({ length: 2000 }, () => faults.decide("GET", "/x").kind);
    };
    const first = decide(42);
    expect(decide(42)).toEqual(first);
    expect(decide(43)).not.toEqual(first);
    const errors = first.filter((k) => k === "error").length;
    expect(errors).toBeGreaterThan(300);
    expect(errors).toBeLessThan(500);
  });

  it("loses responses only on writes, and only on matching paths", () => {
    const faults = new FaultInjector().configure({ lostResponseRate: 1, match: { path: "/salesOrders" } });
    expect(faults.decide("GET", "/salesOrders").kind).toBe("none");
    expect(faults.decide("POST", "/customers").kind).toBe("none");
    expect(faults.decide("POST", "/salesOrders").kind).toBe("lost-response");
    expect(faults.decide("PATCH", "/salesOrders(1)").kind).toBe("lost-response");
    expect(faults.injected["lost-response"]).toBe(2);
  });

  it("scripted faults come first, count down, and match method and path", () => {
    const faults = new FaultInjector().once({ kind: "error", status: 429, method: "POST", times: 2 });
    expect(faults.decide("GET", "/a").kind).toBe("none");
    expect(faults.decide("POST", "/a")).toMatchObject({ kind: "error", status: 429 });
    expect(faults.decide("post", "/b")).toMatchObject({ kind: "error", status: 429 });
    expect(faults.decide("POST", "/c").kind).toBe("none");
  });

  it("draws latency within the range and rejects rates outside 0–1", () => {
    const faults = new FaultInjector().configure({ latencyMs: [5, 10] });
    for (let i = 0; i < 50; i += 1) {
      const { latencyMs } = faults.decide("GET", "/");
      expect(latencyMs).toBeGreaterThanOrEqual(5);
      expect(latencyMs).toBeLessThanOrEqual(10);
    }
    expect(() => new FaultInjector().configure({ errorRate: 1.5 })).toThrow(/between 0 and 1/);
    expect(new FaultInjector().configure({ errorRate: 1 }).clear().decide("GET", "/").kind).toBe("none");
  });
});
