import { HttpResponse, http } from "msw";
import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { useMswServer } from "../test/msw.js";
import { ApiCallError } from "./api-call-error.js";
import { PaginationError, paginateJsonApi, paginateNextLink, paginatePages } from "./paginate.js";

const server = useMswServer();

interface Order {
  id: number;
}
interface ODataPage {
  value: Order[];
  "@odata.nextLink"?: string;
}
interface paths {
  "/b1s/v2/Orders": {
    get: {
      parameters: { query?: { $skip?: number } };
      responses: { 200: { headers: Record<string, unknown>; content: { "application/json": ODataPage } } };
    };
  };
}

const orders = (from: number, count: number): Order[] => Array.from({ length: count }, (_, i) => ({ id: from + i }));

describe("paginateNextLink", () => {
  it("follows relative nextLinks against the request URL (SAP B1 `Orders?$skip=20`)", async () => {
    const requested: string[] = [];
    server.use(
      http.get("https://b1.example.com:50000/b1s/v2/Orders", ({ request }) => {
        requested.push(request.url);
        const skip = Number(new URL(request.url).searchParams.get("$skip") ?? 0);
        const body: ODataPage = { value: orders(skip, skip < 40 ? 20 : 5) };
        if (skip < 40) body["@odata.nextLink"] = `Orders?$skip=${skip + 20}`;
        return HttpResponse.json(body);
      }),
    );
    const client = createClient<paths>({ baseUrl: "https://b1.example.com:50000" });
    const paginator = paginateNextLink<ODataPage, Order>({
      first: (signal) => client.GET("/b1s/v2/Orders", signal ? { signal } : {}),
      items: (body) => body.value,
    });
    const all = await paginator.toArray();
    expect(all.map((o) => o.id)).toEqual(orders(0, 45).map((o) => o.id));
    expect(requested).toEqual([
      "https://b1.example.com:50000/b1s/v2/Orders",
      "https://b1.example.com:50000/b1s/v2/Orders?$skip=20",
      "https://b1.example.com:50000/b1s/v2/Orders?$skip=40",
    ]);
  });

  it("follows absolute nextLinks (Business Central) with the default OData extractor", async () => {
    const base = "https://api.businesscentral.dynamics.com/v2.0/t/production/api/v2.0/companies(1)/salesOrders";
    server.use(
      // A RegExp because msw reads the parentheses of `companies(1)` as pattern syntax.
      http.get(/\/salesOrders/, ({ request }) => {
        const token = new URL(request.url).searchParams.get("$skiptoken");
        if (token === null)
          return HttpResponse.json({ value: orders(0, 2), "@odata.nextLink": `${base}?$skiptoken=abc` });
        return HttpResponse.json({ value: orders(2, 1) });
      }),
    );
    const pages = [];
    for await (const page of paginateNextLink<ODataPage, Order>({
      first: async () => {
        const response = await fetch(base);
        return { data: (await response.json()) as ODataPage, response };
      },
    })) {
      pages.push(page);
    }
    expect(pages.map((p) => p.items.map((o) => o.id))).toEqual([[0, 1], [2]]);
    expect(pages[1]?.url).toBe(`${base}?$skiptoken=abc`);
  });

  it("resolves relative links against baseUrl when the response has no URL of its own", async () => {
    server.use(http.get("https://sl.example.com/b1s/v1/Items", () => HttpResponse.json({ value: [{ id: 3 }] })));
    const items = await paginateNextLink<ODataPage, Order>({
      first: async () => ({
        data: { value: [{ id: 1 }], "@odata.nextLink": "Items?$skip=1" },
        response: new Response("{}"),
      }),
      baseUrl: "https://sl.example.com/b1s/v1/Items",
    }).toArray();
    expect(items).toEqual([{ id: 1 }, { id: 3 }]);
  });

  it("explains a relative link it cannot resolve", async () => {
    const paginator = paginateNextLink<ODataPage, Order>({
      first: async () => ({ data: { value: [], "@odata.nextLink": "Items?$skip=1" }, response: new Response("{}") }),
    });
    await expect(paginator.toArray()).rejects.toThrow(/relative and the page's request URL is unknown/);
  });

  it("stops with an error when a next link points back to a page already read", async () => {
    const url = "https://api.example.com/items";
    server.use(http.get(url, () => HttpResponse.json({ value: [{ id: 1 }], "@odata.nextLink": url })));
    const paginator = paginateNextLink({
      first: async () => {
        const response = await fetch(url);
        return { data: (await response.json()) as ODataPage, response };
      },
    });
    await expect(paginator.toArray()).rejects.toBeInstanceOf(PaginationError);
  });

  it("enforces maxPages", async () => {
    server.use(
      http.get("https://api.example.com/items", ({ request }) => {
        const n = Number(new URL(request.url).searchParams.get("n") ?? 0);
        return HttpResponse.json({ value: [{ id: n }], "@odata.nextLink": `items?n=${n + 1}` });
      }),
    );
    const paginator = paginateNextLink({
      first: () => fetchResult("https://api.example.com/items"),
      maxPages: 3,
    });
    await expect(paginator.toArray()).rejects.toThrow(/maxPages \(3\)/);
  });

  it("sends custom headers through a custom fetch and turns an error page into ApiCallError", async () => {
    const seenHeaders: string[] = [];
    server.use(
      http.get("https://api.example.com/items", ({ request }) => {
        seenHeaders.push(request.headers.get("prefer") ?? "");
        return HttpResponse.json(
          { error: { code: "BadRequest_InvalidToken", message: "The skip token is invalid" } },
          { status: 400 },
        );
      }),
    );
    const paginator = paginateNextLink({
      first: async () => ({
        data: { value: [{ id: 1 }], "@odata.nextLink": "https://api.example.com/items?$skiptoken=1" },
        response: new Response("{}"),
      }),
      fetch: (input, init) => fetch(input, init),
      headers: { prefer: "odata.maxpagesize=100" },
    });
    const error = await paginator.toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error).toMatchObject({ status: 400, vendorCode: "BadRequest_InvalidToken", retryable: false });
    expect(seenHeaders).toEqual(["odata.maxpagesize=100"]);
  });

  it("keeps a non-JSON error page as text", async () => {
    server.use(
      http.get("https://api.example.com/items", () => new HttpResponse("<html>bad gateway</html>", { status: 502 })),
    );
    const paginator = paginateNextLink({
      first: async () => ({
        data: { value: [], "@odata.nextLink": "https://api.example.com/items" },
        response: new Response("{}"),
      }),
    });
    await expect(paginator.toArray()).rejects.toMatchObject({ status: 502, body: "<html>bad gateway</html>" });
  });

  it("yields items lazily and stops requesting when the loop breaks", async () => {
    let requests = 0;
    server.use(
      http.get("https://api.example.com/items", ({ request }) => {
        requests++;
        const n = Number(new URL(request.url).searchParams.get("n") ?? 0);
        return HttpResponse.json({ value: [{ id: n }], "@odata.nextLink": `items?n=${n + 1}` });
      }),
    );
    const seen: unknown[] = [];
    for await (const item of paginateNextLink({ first: () => fetchResult("https://api.example.com/items") }).items()) {
      seen.push(item);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual([{ id: 0 }, { id: 1 }]);
    expect(requests).toBe(2);
  });
});

async function fetchResult(url: string) {
  const response = await fetch(url);
  return { data: (await response.json()) as unknown, response };
}

describe("paginatePages", () => {
  it("page/limit: stops at an empty page answered with 204 and no body (BigCommerce v2)", async () => {
    const pagesAsked: number[] = [];
    server.use(
      http.get("https://api.bigcommerce.com/stores/abc/v2/orders", ({ request }) => {
        const page = Number(new URL(request.url).searchParams.get("page"));
        pagesAsked.push(page);
        if (page > 2) return new HttpResponse(null, { status: 204 });
        return HttpResponse.json(orders((page - 1) * 2, 2));
      }),
    );
    const items = await paginatePages<Order[], Order>({
      fetchPage: async (page) => {
        const response = await fetch(`https://api.bigcommerce.com/stores/abc/v2/orders?page=${page}&limit=2`);
        return { data: response.status === 204 ? undefined : ((await response.json()) as Order[]), response };
      },
    }).toArray();
    expect(items.map((o) => o.id)).toEqual([0, 1, 2, 3]);
    expect(pagesAsked).toEqual([1, 2, 3]);
  });

  it("stops on a short page when pageSize is given", async () => {
    const asked: number[] = [];
    const items = await paginatePages<{ data: Order[] }, Order>({
      fetchPage: async (page) => {
        asked.push(page);
        return { data: { data: orders(page * 10, page === 0 ? 10 : 3) }, response: new Response("{}") };
      },
      firstPage: 0,
      pageSize: 10,
    }).toArray();
    expect(items).toHaveLength(13);
    expect(asked).toEqual([0, 1]);
  });

  it("stops at totalPages (BigCommerce v3 meta.pagination)", async () => {
    interface V3Page {
      data: Order[];
      meta: { pagination: { total_pages: number } };
    }
    const asked: number[] = [];
    const items = await paginatePages<V3Page, Order>({
      fetchPage: async (page) => {
        asked.push(page);
        return { data: { data: orders(page, 1), meta: { pagination: { total_pages: 3 } } }, response: new Response() };
      },
      totalPages: (body) => body?.meta.pagination.total_pages,
    }).toArray();
    expect(items).toHaveLength(3);
    expect(asked).toEqual([1, 2, 3]);
  });

  it("Magento: a page past the end repeats the last page; paging stops on total_count and never loops", async () => {
    interface SearchResult {
      items: Order[];
      total_count: number;
    }
    const asked: number[] = [];
    server.use(
      http.get("https://shop.example.com/rest/default/V1/orders", ({ request }) => {
        const page = Number(new URL(request.url).searchParams.get("searchCriteria[currentPage]"));
        asked.push(page);
        // 5 orders, page size 2: pages 1..3, and any page past 3 answers with page 3 again.
        const effective = Math.min(page, 3);
        return HttpResponse.json({ items: orders((effective - 1) * 2, effective === 3 ? 1 : 2), total_count: 5 });
      }),
    );
    const fetchPage = async (page: number) => {
      const response = await fetch(
        `https://shop.example.com/rest/default/V1/orders?searchCriteria[currentPage]=${page}&searchCriteria[pageSize]=2`,
      );
      return { data: (await response.json()) as SearchResult, response };
    };
    const items = await paginatePages<SearchResult, Order>({
      fetchPage,
      totalCount: (body) => body?.total_count,
    }).toArray();
    expect(items.map((o) => o.id)).toEqual([0, 1, 2, 3, 4]);
    expect(asked).toEqual([1, 2, 3]);
  });

  it("Magento: without total_count a repeated last page still ends paging and is not yielded twice", async () => {
    const asked: number[] = [];
    const items = await paginatePages<{ items: Order[] }, Order>({
      fetchPage: async (page) => {
        asked.push(page);
        return { data: { items: orders(Math.min(page, 2) * 10, 2) }, response: new Response("{}") };
      },
    }).toArray();
    expect(items.map((o) => o.id)).toEqual([10, 11, 20, 21]);
    expect(asked).toEqual([1, 2, 3]);
  });

  it("trims a final page that overshoots the total and honours hasMore", async () => {
    const items = await paginatePages<Order[], Order>({
      fetchPage: async (page) => ({ data: orders(page * 3, 3), response: new Response("[]") }),
      totalCount: () => 4,
    }).toArray();
    expect(items).toHaveLength(4);
    const asked: number[] = [];
    const stopped = await paginatePages<Order[], Order>({
      fetchPage: async (page) => {
        asked.push(page);
        return { data: orders(page * 3, 3), response: new Response("[]") };
      },
      hasMore: (_body, _response, pageItems) => (pageItems[0]?.id ?? 0) < 6,
    }).toArray();
    expect(stopped).toHaveLength(6);
    expect(asked).toEqual([1, 2]);
  });

  it("rejects a body whose items are not an array, and respects maxPages and abort", async () => {
    const notArray = paginatePages({ fetchPage: async () => ({ data: { data: "x" }, response: new Response("{}") }) });
    await expect(notArray.toArray()).rejects.toThrow(/did not return an array/);
    const endless = paginatePages({
      fetchPage: async (page) => ({ data: [page], response: new Response("[]") }),
      maxPages: 5,
    });
    await expect(endless.toArray()).rejects.toThrow(PaginationError);
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    const aborted = paginatePages({
      fetchPage: async (page) => ({ data: [page], response: new Response("[]") }),
      signal: controller.signal,
    });
    await expect(aborted.toArray()).rejects.toThrow("stop");
  });

  it("throws ApiCallError for an error page", async () => {
    const paginator = paginatePages({
      fetchPage: async () => ({
        error: { message: "Consumer is not authorized" },
        response: new Response("{}", { status: 401 }),
      }),
    });
    await expect(paginator.toArray()).rejects.toMatchObject({
      status: 401,
      vendorMessage: "Consumer is not authorized",
    });
  });
});

describe("paginateJsonApi", () => {
  it("OroCommerce page[number]: stops at X-Include-Total-Count", async () => {
    const asked: string[] = [];
    server.use(
      http.get("https://oro.example.com/admin/api/orders", ({ request }) => {
        const url = new URL(request.url);
        asked.push(url.searchParams.get("page[number]") ?? "");
        const page = Number(url.searchParams.get("page[number]"));
        return HttpResponse.json(
          { data: orders((page - 1) * 2, 2).map((o) => ({ type: "orders", id: String(o.id) })) },
          { headers: { "X-Include-Total-Count": "4", "content-type": "application/vnd.api+json" } },
        );
      }),
    );
    const items = await paginateJsonApi({
      fetchPage: async (page) => {
        const response = await fetch(`https://oro.example.com/admin/api/orders?page[number]=${page}&page[size]=2`, {
          headers: { "X-Include": "totalCount" },
        });
        return { data: (await response.json()) as unknown, response };
      },
      pageSize: 2,
    }).toArray();
    expect(items).toHaveLength(4);
    expect(asked).toEqual(["1", "2"]);
  });

  it("stops when links has no next", async () => {
    let calls = 0;
    const items = await paginateJsonApi({
      fetchPage: async () => {
        calls++;
        return { data: { data: [{ id: "1" }, { id: "2" }], links: { self: "x" } }, response: new Response("{}") };
      },
      pageSize: 2,
    }).toArray();
    expect(items).toHaveLength(2);
    expect(calls).toBe(1);
  });
});
