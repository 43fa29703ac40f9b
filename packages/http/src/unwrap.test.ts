import { describe, expect, it } from "vitest";
import { ApiCallError } from "./api-call-error.js";
import { apiCallErrorFromResponse, defaultVendorErrorParser, readBodySafely } from "./error-details.js";
import { toApiCallError, unwrap } from "./unwrap.js";

describe("unwrap", () => {
  it("returns data of a successful result, including an empty 204", () => {
    expect(unwrap({ data: { id: 1 }, response: new Response("{}") })).toEqual({ id: 1 });
    expect(unwrap({ data: undefined, response: new Response(null, { status: 204 }) })).toBeUndefined();
  });

  it("throws ApiCallError with the vendor's code and message via a parser", () => {
    const result = {
      error: { "odata.error": { code: "-2028", message: { lang: "en-us", value: "No matching records found" } } },
      response: new Response("", { status: 404, headers: { "x-request-id": "abc" } }),
    };
    const parseVendorError = (body: unknown) => {
      const error = (body as { "odata.error"?: { code?: string; message?: { value?: string } } })["odata.error"];
      return { code: error?.code, message: error?.message?.value };
    };
    expect(() => unwrap(result, { parseVendorError })).toThrow(ApiCallError);
    expect(toApiCallError(result, { parseVendorError })).toMatchObject({
      method: "UNKNOWN",
      status: 404,
      vendorCode: "-2028",
      vendorMessage: "No matching records found",
      requestId: "abc",
      retryable: false,
      outcomeUnknown: false,
      reason: "status",
    });
  });

  it("survives a parser that throws, and redacts the body it keeps", () => {
    const error = toApiCallError(
      { error: { message: "bad", password: "hunter2" }, response: new Response("", { status: 400 }) },
      {
        parseVendorError: () => {
          throw new Error("parser bug");
        },
      },
    );
    expect(error.vendorMessage).toBeUndefined();
    expect(error.body).toEqual({ message: "bad", password: "[REDACTED]" });
  });
});

describe("apiCallErrorFromResponse", () => {
  it("describes the request and the outcome when told, without secrets in the URL", () => {
    const error = apiCallErrorFromResponse(new Response("", { status: 502, statusText: "Bad Gateway" }), undefined, {
      method: "post",
      url: "https://erp.example.com/orders?access_token=[REDACTED]",
      outcomeUnknown: true,
      attempts: 1,
    });
    expect(error.message).toBe(
      "POST https://erp.example.com/orders?access_token=[REDACTED] failed with 502 Bad Gateway; outcome unknown, the server may have processed it: look the record up by its natural key before sending it again (O6)",
    );
    expect(error.body).toBeUndefined();
  });

  it("redacts a URL taken from the response itself", () => {
    const response = new Response("", { status: 500 });
    Object.defineProperty(response, "url", { value: "https://x.example.com/a?token=t0ps3cret" });
    const error = apiCallErrorFromResponse(response, "oops");
    expect(error.url).toBe("https://x.example.com/a?token=[REDACTED]");
    expect(error.message).not.toContain("t0ps3cret");
  });
});

describe("defaultVendorErrorParser", () => {
  it.each([
    [
      { error: { code: "Internal_EntityNotFound", message: "not found" } },
      { code: "Internal_EntityNotFound", message: "not found" },
    ],
    [{ error: { code: -5002, message: { lang: "en-us", value: "locked" } } }, { code: "-5002", message: "locked" }],
    [
      { errors: [{ status: "400", title: "filter constraint", detail: "unknown filter" }] },
      { code: "400", message: "unknown filter" },
    ],
    [{ errors: [{ code: "E1", title: "title only" }] }, { code: "E1", message: "title only" }],
    [
      { error: "invalid_client", error_description: "bad secret" },
      { code: "invalid_client", message: "bad secret" },
    ],
    [
      { type: "about:blank", title: "Unprocessable", status: 422 },
      { code: undefined, message: "Unprocessable" },
    ],
    [
      { message: "The product does not exist", parameters: [] },
      { code: undefined, message: "The product does not exist" },
    ],
  ])("reads %j", (body, expected) => {
    expect(defaultVendorErrorParser(body)).toEqual(expected);
  });

  it("returns undefined for shapes it does not know", () => {
    expect(defaultVendorErrorParser("text")).toBeUndefined();
    expect(defaultVendorErrorParser({ unrelated: true })).toBeUndefined();
    expect(defaultVendorErrorParser({ errors: [null] })).toBeUndefined();
  });
});

describe("readBodySafely", () => {
  it("parses JSON, keeps text, and maps empty to undefined", async () => {
    expect(await readBodySafely(new Response('{"a":1}'))).toEqual({ a: 1 });
    expect(await readBodySafely(new Response("<html>"))).toBe("<html>");
    expect(await readBodySafely(new Response(""))).toBeUndefined();
    const used = new Response("x");
    await used.text();
    expect(await readBodySafely(used)).toBeUndefined();
  });
});
