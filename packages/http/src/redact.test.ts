import { describe, expect, it } from "vitest";
import { isSecretName, REDACTED, redactBody, redactBodyText, redactHeaders, redactText, redactUrl } from "./redact.js";

describe("isSecretName", () => {
  it.each([
    "Authorization",
    "Proxy-Authorization",
    "Cookie",
    "Set-Cookie",
    "B1SESSION",
    "X-Auth-Token",
    "access_token",
    "refresh_token",
    "token",
    "password",
    "Password",
    "client_secret",
    "sig",
    "signature",
    "oauth_signature",
    "SessionId",
    "x-api-key",
  ])("%s is secret", (name) => expect(isSecretName(name)).toBe(true));

  it.each([
    "Content-Type",
    "$skiptoken",
    "page[number]",
    "externalDocumentNumber",
    "code",
    "token_type",
    "SessionTimeout",
  ])("%s is not secret", (name) => expect(isSecretName(name)).toBe(false));

  it("accepts extra names", () => {
    expect(isSecretName("X-Tenant-Key", { secretNames: ["x-tenant-key"] })).toBe(true);
  });
});

describe("redactUrl", () => {
  it("redacts secret query parameters and user info, keeping the rest readable", () => {
    expect(
      redactUrl(
        "https://user:pw@shop.example.com/api?access_token=abc&token=t&password=p&client_secret=s&sig=x&signature=y&page=2",
      ),
    ).toBe(
      `https://${REDACTED}:${REDACTED}@shop.example.com/api?access_token=${REDACTED}&token=${REDACTED}&password=${REDACTED}&client_secret=${REDACTED}&sig=${REDACTED}&signature=${REDACTED}&page=2`,
    );
  });

  it("keeps OData paging tokens, scrubs registered literal secrets, and copes with text", () => {
    expect(redactUrl("https://erp.example.com/Orders?$skiptoken=42")).toBe(
      "https://erp.example.com/Orders?$skiptoken=42",
    );
    expect(redactUrl("https://erp.example.com/tenant-secret-123/api", { secretValues: ["tenant-secret-123"] })).toBe(
      `https://erp.example.com/${REDACTED}/api`,
    );
    expect(redactUrl("Orders?access_token=abc")).toBe(`Orders?access_token=${REDACTED}`);
  });
});

describe("redactHeaders", () => {
  it("redacts credentials and cookies (including B1SESSION) and keeps ordinary headers", () => {
    const headers = new Headers({
      Authorization: "Bearer abc",
      Cookie: "B1SESSION=1234-5678; ROUTEID=.node1",
      "X-Auth-Token": "bc-token",
      Accept: "application/json",
    });
    expect(redactHeaders(headers)).toEqual({
      authorization: REDACTED,
      cookie: REDACTED,
      "x-auth-token": REDACTED,
      accept: "application/json",
    });
    expect(redactHeaders({ prefer: "odata.maxpagesize=100" })).toEqual({ prefer: "odata.maxpagesize=100" });
  });
});

describe("redactBody and redactText", () => {
  it("redacts secret keys at any depth, whatever their case", () => {
    expect(
      redactBody({
        CompanyDB: "SBODEMO",
        UserName: "manager",
        Password: "p4ss",
        nested: [{ client_secret: "s", access_token: "a", refresh_token: "r", keep: 1, password: null }],
      }),
    ).toEqual({
      CompanyDB: "SBODEMO",
      UserName: "manager",
      Password: REDACTED,
      nested: [{ client_secret: REDACTED, access_token: REDACTED, refresh_token: REDACTED, keep: 1, password: null }],
    });
  });

  it("redacts JSON text, form-encoded text and free text", () => {
    expect(redactBodyText('{"password":"p","a":1}')).toBe(`{"password":"${REDACTED}","a":1}`);
    expect(redactBodyText("grant_type=client_credentials&client_secret=s3cret&scope=x")).toBe(
      `grant_type=client_credentials&client_secret=${REDACTED}&scope=x`,
    );
    expect(redactBodyText("{not json, password=hunter2")).toBe(`{not json, password=${REDACTED}`);
    expect(redactText("header was Bearer eyJhbGciOi.abc.def and Basic dXNlcjpwYXNz")).toBe(
      `header was Bearer ${REDACTED} and Basic ${REDACTED}`,
    );
    expect(redactText("the key is xyz12345", { secretValues: ["xyz12345", "ab"] })).toBe(`the key is ${REDACTED}`);
  });

  it("stops at absurd depth instead of overflowing", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(JSON.stringify(redactBody(deep))).toContain("[TOO DEEP]");
  });
});
