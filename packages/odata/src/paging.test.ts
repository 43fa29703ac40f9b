import { ApiCallError, PaginationError } from "@org/http";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Customer, Document } from "./__fixtures__/entities.js";
import { ODataUsageError } from "./errors.js";
import { maxPageSizeHeaders, paginateOData, resolveNextLink } from "./paging.js";
import { exactUrl } from "./test-support/msw.js";

const b1Root = "https://b1.example.com:50000/b1s/v2";
const bcRoot = "https://api.businesscentral.dynamics.com/v2.0/tenant/production/api/v2.0";
const companyId = "5d115c9c-44e3-ea11-bb43-000d3a2feca1";

const requests: { url: string; prefer: string | null; custom: string | null }[] = [];
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  requests.length = 0;
});
afterAll(() => server.close());

function record(request: Request): URL {
  requests.push({ url: request.url, prefer: request.headers.get("prefer"), custom: request.headers.get("x-custom") });
  return new URL(request.url);
}

function orders(from: number, count: number): Document[] {
  return Array.from({ length: count }, (_, index) => ({ DocEntry: from + index, CardCode: "C20000" }));
}

/**
 * A Service Layer-like `Orders` collection of 45 documents in pages of 20 (or the requested
 * `odata.maxpagesize`), answering with a RELATIVE next link `Orders?$skip=N` and, unless told otherwise,
 * a relative `@odata.context`.
 */
function serviceLayerOrders(options: { context?: string | null; total?: number } = {}) {
  const total = options.total ?? 45;
  return http.get(`${b1Root}/Orders`, ({ request }) => {
    const url = record(request);
    const pageSize = Number(/odata\.maxpagesize=(\d+)/.exec(request.headers.get("prefer") ?? "")?.[1] ?? 20);
    const skip = Number(url.searchParams.get("$skip") ?? 0);
    const value = orders(skip + 1, Math.max(0, Math.min(pageSize, total - skip)));
    const next = skip + pageSize < total ? `Orders?$skip=${skip + pageSize}` : undefined;
    return HttpResponse.json({
      ...(options.context === null ? {} : { "@odata.context": options.context ?? "$metadata#Orders" }),
      value,
      ...(next ? { "@odata.nextLink": next } : {}),
    });
  });
}

describe("relative next links (SAP Business One style)", () => {
  it("follows Orders?$skip=N from the service root and stops when there is none", async () => {
    server.use(serviceLayerOrders());
    const paginator = paginateOData<Document>({ url: `${b1Root}/Orders` });
    const pages = [];
    for await (const page of paginator) pages.push(page);
    expect(pages.map((page) => page.items.length)).toEqual([20, 20, 5]);
    expect(requests.map((request) => request.url)).toEqual([
      `${b1Root}/Orders`,
      `${b1Root}/Orders?$skip=20`,
      `${b1Root}/Orders?$skip=40`,
    ]);
    expect(pages[1]?.url).toBe(`${b1Root}/Orders?$skip=20`);
    expect(requests.every((request) => request.prefer === null)).toBe(true);
  });

  it("sends Prefer: odata.maxpagesize on every page", async () => {
    server.use(serviceLayerOrders());
    const items = await paginateOData<Document>({ url: `${b1Root}/Orders`, maxPageSize: 10 }).toArray();
    expect(items.map((item) => item.DocEntry)).toEqual(Array.from({ length: 45 }, (_, index) => index + 1));
    expect(requests).toHaveLength(5);
    expect(requests.every((request) => request.prefer === "odata.maxpagesize=10")).toBe(true);
  });

  for (const [name, context] of [
    ["an absolute context URL", `${b1Root}/$metadata#BusinessPartners('C20000')/ContactEmployees`],
    [
      "a relative context URL (relative to the request URL)",
      "../$metadata#BusinessPartners('C20000')/ContactEmployees",
    ],
  ] as const) {
    it(`resolves against the context URL, not the request URL, when they differ: ${name}`, async () => {
      // The first request goes to a deeper path (a navigation collection); the service's relative link is
      // relative to the service root, which its @odata.context tells.
      const contacts = `${b1Root}/BusinessPartners('C20000')/ContactEmployees`;
      server.use(
        http.get(exactUrl(contacts), ({ request }) => {
          const url = record(request);
          const skip = url.searchParams.get("$skip");
          return HttpResponse.json({
            "@odata.context": context,
            value: [{ Name: skip ? "Second" : "First" }],
            ...(skip ? {} : { "@odata.nextLink": "BusinessPartners('C20000')/ContactEmployees?$skip=1" }),
          });
        }),
      );
      const names = await paginateOData<{ Name: string }>({ url: contacts }).toArray();
      expect(names.map((contact) => contact.Name)).toEqual(["First", "Second"]);
      expect(requests[1]?.url).toBe(`${contacts}?$skip=1`);
      // Resolving against the request URL instead would have doubled the path:
      expect(new URL("BusinessPartners('C20000')/ContactEmployees?$skip=1", contacts).href).toBe(
        `${b1Root}/BusinessPartners('C20000')/BusinessPartners('C20000')/ContactEmployees?$skip=1`,
      );
    });
  }

  it("serviceRoot fixes services whose context does not say where the root is", async () => {
    const contacts = `${b1Root}/BusinessPartners('C20000')/ContactEmployees`;
    server.use(
      http.get(exactUrl(contacts), ({ request }) => {
        const skip = record(request).searchParams.get("$skip");
        return HttpResponse.json({
          value: [{ Name: skip ? "Second" : "First" }],
          ...(skip ? {} : { "@odata.nextLink": "BusinessPartners('C20000')/ContactEmployees?$skip=1" }),
        });
      }),
    );
    const names = await paginateOData<{ Name: string }>({ url: contacts, serviceRoot: b1Root }).toArray();
    expect(names).toHaveLength(2);
    expect(requests[1]?.url).toBe(`${contacts}?$skip=1`);
  });

  it("uses serviceRoot when given (with or without a trailing slash)", async () => {
    server.use(serviceLayerOrders({ context: null }));
    const viaRoot = await paginateOData<Document>({ url: `${b1Root}/Orders`, serviceRoot: b1Root }).toArray();
    expect(viaRoot).toHaveLength(45);
    expect(requests[1]?.url).toBe(`${b1Root}/Orders?$skip=20`);
    requests.length = 0;
    await paginateOData<Document>({ url: `${b1Root}/Orders`, serviceRoot: `${b1Root}/` }).toArray();
    expect(requests[2]?.url).toBe(`${b1Root}/Orders?$skip=40`);
  });

  it("without context or serviceRoot, falls back to the request URL", async () => {
    server.use(serviceLayerOrders({ context: null }));
    const items = await paginateOData<Document>({ url: `${b1Root}/Orders?$select=DocEntry` }).toArray();
    expect(items).toHaveLength(45);
    expect(requests.map((request) => request.url)).toEqual([
      `${b1Root}/Orders?$select=DocEntry`,
      `${b1Root}/Orders?$skip=20`,
      `${b1Root}/Orders?$skip=40`,
    ]);
  });
});

describe("absolute next links (Business Central style)", () => {
  const customers = `${bcRoot}/companies(${companyId})/customers`;

  it("follows absolute $skiptoken links as they are and reads @odata.count", async () => {
    server.use(
      http.get(new RegExp(`^${customers.replace(/[.()$?]/g, "\\$&")}$`), ({ request }) => {
        const url = record(request);
        const token = url.searchParams.get("$skiptoken");
        const value: Customer[] = token
          ? [{ number: "30000", displayName: "School of Fine Art" }]
          : [
              { number: "10000", displayName: "Adatum Corporation" },
              { number: "20000", displayName: "Trey Research" },
            ];
        return HttpResponse.json({
          "@odata.context": `${bcRoot}/$metadata#companies(${companyId})/customers`,
          "@odata.count": 3,
          value,
          ...(token ? {} : { "@odata.nextLink": `${customers}?$count=true&aid=FIN&$skiptoken=20000` }),
        });
      }),
    );
    const paginator = paginateOData<Customer>({
      url: `${customers}?$count=true`,
      maxPageSize: 2,
      headers: {
        Prefer: "odata.include-annotations=*",
        "X-Custom": "1",
        accept: "application/json;odata.metadata=minimal",
      },
    });
    const pages = [];
    for await (const page of paginator.pages()) pages.push(page);
    expect(pages.map((page) => page.body?.["@odata.count"])).toEqual([3, 3]);
    expect(pages.flatMap((page) => page.items.map((customer) => customer.number))).toEqual(["10000", "20000", "30000"]);
    expect(requests.map((request) => request.url)).toEqual([
      `${customers}?$count=true`,
      `${customers}?$count=true&aid=FIN&$skiptoken=20000`,
    ]);
    expect(requests.map((request) => [request.prefer, request.custom])).toEqual([
      ["odata.include-annotations=*, odata.maxpagesize=2", "1"],
      ["odata.include-annotations=*, odata.maxpagesize=2", "1"],
    ]);
  });
});

describe("first page from a typed client", () => {
  it("uses the loader for the first page and fetch for the next ones", async () => {
    server.use(serviceLayerOrders());
    const seen: string[] = [];
    const paginator = paginateOData<Document>({
      // What an openapi-fetch GET returns: { data, response }; a hand-made Response has no url.
      first: async () => ({
        data: {
          "@odata.context": `${b1Root}/$metadata#Orders`,
          value: orders(1, 20),
          "@odata.nextLink": "Orders?$skip=20",
        },
        response: new Response(null, { status: 200 }),
      }),
      fetch: (input, init) => {
        seen.push(String(input));
        return fetch(input, init);
      },
      maxPageSize: 20,
    });
    expect(await paginator.toArray()).toHaveLength(45);
    expect(seen).toEqual([`${b1Root}/Orders?$skip=20`, `${b1Root}/Orders?$skip=40`]);
  });

  it("a relative link with nothing absolute to resolve against is a PaginationError", async () => {
    const paginator = paginateOData<Document>({
      first: async () => ({ data: { value: [], "@odata.nextLink": "Orders?$skip=20" }, response: new Response(null) }),
    });
    await expect(paginator.toArray()).rejects.toThrow(PaginationError);
  });
});

describe("failures", () => {
  it("a failed page throws an ApiCallError with the vendor's code", async () => {
    server.use(
      http.get(`${b1Root}/Orders`, ({ request }) => {
        const url = record(request);
        if (!url.searchParams.has("$skip")) {
          return HttpResponse.json({ value: orders(1, 20), "@odata.nextLink": "Orders?$skip=20" });
        }
        return HttpResponse.json(
          { error: { code: "301", message: "Invalid session or session already timeout." } },
          { status: 401 },
        );
      }),
    );
    const items: Document[] = [];
    const error = await (async () => {
      for await (const item of paginateOData<Document>({ url: `${b1Root}/Orders` }).items()) items.push(item);
    })().catch((caught: unknown) => caught);
    expect(items).toHaveLength(20);
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error).toMatchObject({ status: 401, vendorCode: "301" });
  });

  it("a non-JSON error page is kept as text", async () => {
    server.use(http.get(`${b1Root}/Orders`, () => HttpResponse.text("<html>Bad gateway</html>", { status: 502 })));
    await expect(paginateOData({ url: `${b1Root}/Orders` }).toArray()).rejects.toMatchObject({
      status: 502,
      body: "<html>Bad gateway</html>",
    });
  });

  it("a server that links to the same page is stopped", async () => {
    server.use(
      http.get(`${b1Root}/Orders`, () =>
        HttpResponse.json({ value: [], "@odata.nextLink": "Orders" }, { status: 200 }),
      ),
    );
    await expect(paginateOData({ url: `${b1Root}/Orders`, maxPages: 5 }).toArray()).rejects.toThrow(PaginationError);
  });

  it("rejects invalid options up front", () => {
    expect(() => paginateOData({})).toThrow(ODataUsageError);
    expect(() => paginateOData({ url: "Orders" })).toThrow(ODataUsageError);
    expect(() =>
      paginateOData({ url: `${b1Root}/Orders`, first: async () => ({ response: new Response(null) }) }),
    ).toThrow(ODataUsageError);
    expect(() => paginateOData({ url: `${b1Root}/Orders`, serviceRoot: "/b1s/v2" })).toThrow(ODataUsageError);
    expect(() => paginateOData({ url: `${b1Root}/Orders`, maxPageSize: -1 })).toThrow(ODataUsageError);
    expect(() => paginateOData({ url: `${b1Root}/Orders`, maxPageSize: 2.5 })).toThrow(ODataUsageError);
  });
});

describe("helpers", () => {
  it("maxPageSizeHeaders merges with and replaces preferences", () => {
    expect(maxPageSizeHeaders(100)).toEqual({ Prefer: "odata.maxpagesize=100" });
    expect(maxPageSizeHeaders(0)).toEqual({ Prefer: "odata.maxpagesize=0" });
    expect(maxPageSizeHeaders(50, "return=minimal, odata.maxpagesize=20")).toEqual({
      Prefer: "return=minimal, odata.maxpagesize=50",
    });
  });

  it("resolveNextLink prefers serviceRoot, then context, then the request URL", () => {
    const requestUrl = `${b1Root}/BusinessPartners('C1')/ContactEmployees`;
    expect(
      resolveNextLink("X?$skip=1", { requestUrl, context: "$metadata#X", serviceRoot: "https://other/root" }),
    ).toBe("https://other/root/X?$skip=1");
    expect(resolveNextLink("X?$skip=1", { requestUrl, context: `${b1Root}/$metadata#X` })).toBe(`${b1Root}/X?$skip=1`);
    // A relative context URL is itself relative to the request URL (OData JSON §4.3).
    expect(resolveNextLink("X?$skip=1", { requestUrl, context: "../$metadata#X" })).toBe(`${b1Root}/X?$skip=1`);
    expect(resolveNextLink("X?$skip=1", { requestUrl: `${b1Root}/Orders`, context: "$metadata#Orders" })).toBe(
      `${b1Root}/X?$skip=1`,
    );
    expect(resolveNextLink("X?$skip=1", { requestUrl })).toBe(`${b1Root}/BusinessPartners('C1')/X?$skip=1`);
    expect(resolveNextLink("/b1s/v2/X?$skip=1", { requestUrl })).toBe(`${b1Root}/X?$skip=1`);
    expect(resolveNextLink("https://elsewhere/X", { requestUrl })).toBe("https://elsewhere/X");
    expect(resolveNextLink("X", { context: `${b1Root}/$metadata#X` })).toBe(`${b1Root}/X`);
    expect(() => resolveNextLink("X", { requestUrl: "" })).toThrow(PaginationError);
  });
});
