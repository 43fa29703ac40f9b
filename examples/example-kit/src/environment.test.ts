import { describe, expect, it } from "vitest";
import { IncompleteCredentialsError, readCredentials } from "./environment.js";

describe("readCredentials", () => {
  const names = ["BC_TENANT_ID", "BC_CLIENT_SECRET"] as const;

  it("returns every value when all are set, undefined when none is", () => {
    expect(readCredentials("bc", names, { BC_TENANT_ID: "t", BC_CLIENT_SECRET: "s" })).toEqual({
      BC_TENANT_ID: "t",
      BC_CLIENT_SECRET: "s",
    });
    expect(readCredentials("bc", names, { BC_TENANT_ID: "" })).toBeUndefined();
  });

  it("names the missing variables, never the values, when only some are set", () => {
    const read = () => readCredentials("bc", names, { BC_CLIENT_SECRET: "super-secret" });
    expect(read).toThrow(IncompleteCredentialsError);
    expect(read).toThrow(/set BC_TENANT_ID as well/);
    expect(read).not.toThrow(/super-secret/);
  });
});
