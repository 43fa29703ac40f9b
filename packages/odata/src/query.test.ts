import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Customer, SalesOrder } from "./__fixtures__/entities.js";
import { ODataUsageError } from "./errors.js";
import { and, filterBuilder } from "./filter.js";
import { guid } from "./literals.js";
import { buildQuery, buildQueryString, encodeQueryValue } from "./query.js";
import { isLiteral, tokenize } from "./test-support/filter-lexer.js";
import { exactUrl } from "./test-support/msw.js";

const serviceRoot = "https://api.businesscentral.dynamics.com/v2.0/tenant/production/api/v2.0";
const companyId = "5d115c9c-44e3-ea11-bb43-000d3a2feca1";
const customers = `${serviceRoot}/companies(${companyId})/customers`;

const seenFilters: string[] = [];
const server = setupServer(
  http.get(exactUrl(customers), ({ request }) => {
    const filter = new URL(request.url).searchParams.get("$filter") ?? "";
    seenFilters.push(filter);
    const tokens = tokenize(filter);
    const literals = tokens.filter(isLiteral);
    const [property, operator] = tokens;
    // The fake service evaluates `displayName eq <one string literal>` and nothing else.
    if (tokens.length !== 3 || property?.value !== "displayName" || operator?.value !== "eq" || literals.length !== 1) {
      return HttpResponse.json({ error: { code: "BadRequest", message: "unsupported filter" } }, { status: 400 });
    }
    const wanted = literals[0]?.value;
    const rows = [{ displayName: "O'Brien') or 1 eq 1 or ('" }, { displayName: "Adatum" }];
    return HttpResponse.json({ value: rows.filter((row) => row.displayName === wanted) });
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  seenFilters.length = 0;
});
afterAll(() => server.close());

const customer = filterBuilder<Customer>();

describe("injection attempts stay inert on the wire", () => {
  const attacks = [
    "O'Brien') or 1 eq 1 or ('",
    "x' or displayName ne 'x",
    "a&$filter=1 eq 1",
    "a#b",
    "50%25 off + more",
    "'; DROP TABLE customers; --",
    "line\nbreak",
  ];

  for (const attack of attacks) {
    it(`server sees exactly one literal for ${JSON.stringify(attack)} (buildQueryString)`, async () => {
      const query = buildQueryString<Customer>({ filter: customer.eq("displayName", attack) });
      const response = await fetch(`${customers}?${query}`);
      expect(response.status).toBe(200);
      expect(seenFilters).toEqual([`displayName eq '${attack.replaceAll("'", "''")}'`]);
      const body = (await response.json()) as { value: unknown[] };
      expect(body.value.length).toBe(attack === attacks[0] ? 1 : 0);
    });
  }

  it("also when the query object goes through URLSearchParams (openapi-fetch style)", async () => {
    const attack = attacks[0]!;
    const params = new URLSearchParams(buildQuery<Customer>({ filter: customer.eq("displayName", attack) }));
    const response = await fetch(`${customers}?${params}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { value: unknown[] }).value).toEqual([{ displayName: attack }]);
  });
});

describe("buildQuery", () => {
  it("emits every option", () => {
    const f = filterBuilder<SalesOrder>();
    expect(
      buildQuery<SalesOrder>({
        filter: and(f.eq("customerId", guid(companyId)), f.ge("orderDate", { date: "2024-01-01" })),
        select: ["id", "number", "externalDocumentNumber"],
        expand: { salesOrderLines: { select: ["itemId", "quantity"], top: 5 }, customer: true },
        orderby: ["number", ["orderDate", "desc"]],
        top: 50,
        skip: 100,
        count: true,
      }),
    ).toEqual({
      $filter: `customerId eq ${companyId} and orderDate ge 2024-01-01`,
      $select: "id,number,externalDocumentNumber",
      $expand: "salesOrderLines($select=itemId,quantity;$top=5),customer",
      $orderby: "number,orderDate desc",
      $top: "50",
      $skip: "100",
      $count: "true",
    });
  });

  it("omits unset options and supports list-form and nested expand", () => {
    expect(buildQuery({})).toEqual({});
    expect(buildQuery({ top: undefined, count: false })).toEqual({ $count: "false" });
    expect(buildQuery<SalesOrder>({ expand: ["salesOrderLines", "customer"] })).toEqual({
      $expand: "salesOrderLines,customer",
    });
    const lines = filterBuilder<SalesOrder>();
    expect(
      buildQuery<SalesOrder>({
        expand: {
          customer: { expand: ["id"], filter: filterBuilder<Customer>().eq("city", "a;b)") },
          salesOrderLines: {},
        },
        filter: lines.eq("number", "S-1"),
      }),
    ).toEqual({
      $expand: "customer($filter=city eq 'a;b)';$expand=id),salesOrderLines",
      $filter: "number eq 'S-1'",
    });
  });

  it("validates names, numbers and types at run time", () => {
    const bad: unknown[] = [
      { select: ["a,b"] },
      { select: "a" },
      { orderby: ["a desc"] },
      { orderby: [["a", "sideways"]] },
      { orderby: "a" },
      { expand: { "a)": true } },
      { expand: "a" },
      { top: -1 },
      { top: 1.5 },
      { skip: Number.NaN },
      { count: "true" },
      { filter: "1 eq 1" },
      { expand: { a: null } },
    ];
    for (const options of bad) {
      expect(() => buildQuery(options as never), JSON.stringify(options)).toThrow(ODataUsageError);
    }
  });
});

describe("buildQueryString", () => {
  it("encodes spaces as %20 and keeps OData punctuation readable", () => {
    expect(
      buildQueryString<Customer>({
        filter: customer.eq("lastModifiedDateTime", new Date(Date.UTC(2024, 0, 31, 10))),
        select: ["id", "displayName"],
        top: 20,
      }),
    ).toBe("$filter=lastModifiedDateTime%20eq%202024-01-31T10:00:00.000Z&$select=id,displayName&$top=20");
  });

  it("percent-encodes characters that would change the query", () => {
    expect(encodeQueryValue("a&b=c+d#e f'g")).toBe("a%26b%3Dc%2Bd%23e%20f'g");
  });
});
