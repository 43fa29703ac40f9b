import { describe, expect, it } from "vitest";
import type { Clock } from "./clock.js";
import { pollUntil } from "./poll-until.js";

function fakeClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    setTimer: () => () => {},
  };
}

describe("pollUntil", () => {
  it("polls with doubling pauses, capped, until done", async () => {
    const clock = fakeClock();
    let polls = 0;
    const state = await pollUntil(
      async () => ++polls,
      (n) => n === 5,
      {
        clock,
        intervalMs: 100,
        maxIntervalMs: 300,
        onTimeout: () => new Error("timeout"),
      },
    );
    expect(state).toBe(5);
    expect(clock.slept).toEqual([100, 200, 300, 300]);
  });

  it("throws the caller's timeout error with the last state seen", async () => {
    const clock = fakeClock();
    const error = await pollUntil(
      async () => "open",
      () => false,
      {
        clock,
        timeoutMs: 1000,
        intervalMs: 400,
        onTimeout: (last, timeoutMs) => new Error(`still ${last} after ${timeoutMs} ms`),
      },
    ).catch((e: Error) => e);
    expect((error as Error).message).toBe("still open after 1000 ms");
    expect(clock.slept).toEqual([400, 600]);
  });

  it("stops when the signal aborts", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(
      pollUntil(
        async () => 1,
        () => false,
        { signal: controller.signal, onTimeout: () => new Error("t") },
      ),
    ).rejects.toThrow("stop");
  });
});
