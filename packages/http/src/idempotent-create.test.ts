import { describe, expect, it } from "vitest";
import { ApiCallError } from "./api-call-error.js";
import { createOnce } from "./idempotent-create.js";

const unknownOutcome = () =>
  new ApiCallError("POST /salesOrders: 504, outcome unknown", {
    method: "POST",
    url: "https://erp/salesOrders",
    status: 504,
    retryable: true,
    outcomeUnknown: true,
  });

function store() {
  const records: string[] = [];
  return {
    records,
    find: async () => records.find((r) => r === "100234"),
  };
}
const noSleep = async () => {};

describe("createOnce (O6, R5)", () => {
  it("O6: returns an existing record without creating", async () => {
    const s = store();
    s.records.push("100234");
    let creates = 0;
    const result = await createOnce({
      key: "100234",
      find: s.find,
      create: async () => `${++creates}`,
      sleep: noSleep,
    });
    expect(result).toEqual({ record: "100234", created: false, recoveredFromUnknownOutcome: false });
    expect(creates).toBe(0);
  });

  it("O6: an ambiguous 504 after the server committed is recovered by looking up, never posting twice", async () => {
    const s = store();
    let creates = 0;
    let findsAfterFailure = 0;
    const result = await createOnce({
      key: "100234",
      find: async () => {
        if (creates > 0) findsAfterFailure++;
        // The ERP shows the committed record only on the second look-up.
        return findsAfterFailure >= 2 ? s.find() : undefined;
      },
      create: async () => {
        creates++;
        s.records.push("100234"); // committed…
        throw unknownOutcome(); // …but the response was lost
      },
      sleep: noSleep,
    });
    expect(result).toEqual({ record: "100234", created: true, recoveredFromUnknownOutcome: true });
    expect(creates).toBe(1);
    expect(s.records).toEqual(["100234"]);
  });

  it("O6: an ambiguous failure that did not commit is created exactly once more", async () => {
    const s = store();
    let creates = 0;
    const result = await createOnce({
      key: "100234",
      find: s.find,
      create: async () => {
        creates++;
        if (creates === 1) throw unknownOutcome();
        s.records.push("100234");
        return "100234";
      },
      lookupAttempts: 2,
      sleep: noSleep,
    });
    expect(result.created).toBe(true);
    expect(result.recoveredFromUnknownOutcome).toBe(false);
    expect(creates).toBe(2);
    expect(s.records).toEqual(["100234"]);
  });

  it("other failures are thrown unchanged, without a second create", async () => {
    let creates = 0;
    const invalid = new ApiCallError("400", {
      method: "POST",
      url: "u",
      status: 400,
      retryable: false,
      outcomeUnknown: false,
    });
    await expect(
      createOnce({
        key: "k",
        find: async () => undefined,
        create: async () => {
          creates++;
          throw invalid;
        },
        sleep: noSleep,
      }),
    ).rejects.toBe(invalid);
    await expect(
      createOnce({
        key: "k",
        find: async () => undefined,
        create: async () => {
          throw new TypeError("bug");
        },
      }),
    ).rejects.toThrow(TypeError);
    expect(creates).toBe(1);
  });

  it("waits between look-ups with the configured delay", async () => {
    const waits: number[] = [];
    await createOnce({
      key: "k",
      find: async () => undefined,
      create: (() => {
        let n = 0;
        return async () => {
          if (n++ === 0) throw unknownOutcome();
          return "ok";
        };
      })(),
      lookupAttempts: 2,
      lookupDelayMs: 250,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(waits).toEqual([250, 250]);
  });
});
