import { ApiCallError } from "@org/http";
import { describe, expect, it } from "vitest";
import { apiFailure, lookAgainOnly } from "./failures.js";

const request = { method: "POST", url: "https://bc.example/salesCreditMemos" };
const context = {
  label: "refund 7 of order 100",
  sourceSystem: "bigcommerce",
  targetSystem: "bc",
  records: [{ system: "bigcommerce", type: "refund", id: "7" }],
  next: "it is retried next run",
};

describe("apiFailure", () => {
  it("X2: a call that failed after retries is API_CALL_FAILED, one that may have committed OUTCOME_UNKNOWN", () => {
    const failed = apiFailure(
      new ApiCallError("BC answered 503", { ...request, status: 503, retryable: true, outcomeUnknown: false }),
      context,
    );
    expect(failed).toMatchObject({
      code: "API_CALL_FAILED",
      message: "refund 7 of order 100: BC answered 503; it is retried next run",
      records: context.records,
      details: { status: 503 },
    });
    const lost = apiFailure(
      new ApiCallError("no answer", { ...request, outcomeUnknown: true, retryable: true }),
      context,
    );
    expect(lost.code).toBe("OUTCOME_UNKNOWN");
  });

  it("anything else is data no mapper caught: INVALID_PAYLOAD for engineering", () => {
    const e = apiFailure(new TypeError("Cannot read properties of undefined"), { ...context, next: undefined });
    expect(e).toMatchObject({
      code: "INVALID_PAYLOAD",
      owner: "engineering",
      message: "refund 7 of order 100: TypeError: Cannot read properties of undefined",
    });
  });
});

describe("lookAgainOnly", () => {
  it("answers the first call without asking, and asks on every later one", async () => {
    let asked = 0;
    const find = lookAgainOnly(async () => {
      asked += 1;
      return "found";
    });
    expect(await find()).toBeUndefined();
    expect(await find()).toBe("found");
    expect(await find()).toBe("found");
    expect(asked).toBe(2);
  });
});
