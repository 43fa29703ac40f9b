import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadSample } from "../__fixtures__/oro-samples.js";
import type { components } from "../generated/index.js";
import { flattenDocument, type JsonApiDocument } from "../jsonapi.js";
import { fromOroCustomer, type OroFlatCustomer } from "./from-oro-customer.js";

type CustomerDocument = JsonApiDocument<components["schemas"]["Customer"]>;

/** Oro's `get_customer` sample (customer.1, child of the default customer, group1), its parent included. */
function customer(parentNumber: string | null = "C20000"): OroFlatCustomer {
  const sample = structuredClone(loadSample("CustomerBundle/get_customer.yml")) as CustomerDocument;
  const parentId = sample.data.relationships?.parent?.data?.id ?? "p-1";
  sample.included = [
    {
      type: "customers",
      id: parentId,
      attributes: { name: "Default customer", externalId: "DEF-1", erpAccountNumber: parentNumber },
      relationships: { parent: { data: null } },
    },
  ];
  return flattenDocument(sample);
}

describe("fromOroCustomer", () => {
  it("O2: maps Oro's sample customer: the customer is the organization, the ERP account is found on its parent", () => {
    const result = fromOroCustomer(customer(), { parentAccountNumberField: "erpAccountNumber" });
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    expect(result.value).toMatchObject({
      source: { system: "oro", type: "customer" },
      name: "customer.1",
      organization: { name: "customer.1", parentAccountNumber: "C20000", ref: { type: "customer" } },
      customerGroup: expect.any(String),
      updatedAt: "2024-03-05T10:20:30.000Z",
    });
    // the number belongs to the parent: the customer itself is not that ERP customer
    expect(result.value.erpCustomerNumber).toBeUndefined();
    expect(result.value.externalId).toBeUndefined();
  });

  it("O2: the shared id comes from a configurable attribute; without one the parent account is left absent", () => {
    const withId = customer(null);
    Object.assign(withId, { erpAccountNumber: "C30000", externalId: "ACME-9" });
    const own = fromOroCustomer(withId, { parentAccountNumberField: "erpAccountNumber" });
    expect(own.kind === "ok" && own.value).toMatchObject({
      externalId: "ACME-9",
      erpCustomerNumber: "C30000",
      organization: { externalId: "ACME-9", parentAccountNumber: "C30000" },
    });
    const byCustom = fromOroCustomer(withId, { organizationExternalIdField: "erpAccountNumber" });
    expect(byCustom.kind === "ok" && byCustom.value.organization?.externalId).toBe("C30000");
    const none = fromOroCustomer(customer(null), { parentAccountNumberField: "erpAccountNumber" });
    expect(none.kind === "ok" && none.value.organization?.parentAccountNumber).toBeUndefined();
  });

  it("a cyclic parent chain ends without looping", () => {
    const cyclic = customer(null) as Record<string, unknown>;
    Object.assign(cyclic.parent as object, { parent: cyclic });
    const result = fromOroCustomer(cyclic as OroFlatCustomer, { parentAccountNumberField: "erpAccountNumber" });
    expect(result.kind).toBe("ok");
  });

  it("fuzz: malformed customers give ok or INVALID_PAYLOAD naming the customer, never a crash", () => {
    const poison = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.constant(""),
      fc.constant("x".repeat(5_000)),
      fc.constant(0.1 + 0.2),
      fc.constant(Number.NaN),
      fc.constant({}),
      fc.constant([]),
      fc.constant({ type: "customers", id: 12 }),
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
    );
    const fields = ["id", "name", "externalId", "erpAccountNumber", "group", "parent", "updatedAt"];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...fields), poison), { minLength: 1, maxLength: 4 }),
        (mutations) => {
          const input = customer() as Record<string, unknown>;
          for (const [field, value] of mutations) input[field] = value;
          const result = fromOroCustomer(input as OroFlatCustomer, { parentAccountNumberField: "erpAccountNumber" });
          if (result.kind === "failed") {
            for (const exception of result.exceptions) {
              expect(exception.code).toBe("INVALID_PAYLOAD");
              expect(exception.message).toMatch(/^Customer /);
              expect(exception.message.length).toBeLessThanOrEqual(300);
            }
          } else expect(result.kind).toBe("ok");
        },
      ),
      { numRuns: 2000 },
    );
  });
});
