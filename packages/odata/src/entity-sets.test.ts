import { createResilientFetch } from "@org/http";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import { createEntitySetClient, type EntitySetPaths } from "./entity-sets.js";
import { ODataConcurrencyConflictError } from "./etag.js";
import { exactUrl } from "./test-support/msw.js";

interface SalesOrder {
  "@odata.etag"?: string;
  id: string;
  number: string;
  externalDocumentNumber: string | null;
  customerNumber: string;
  totalAmountIncludingTax: number | string | null;
}
interface EntitySets {
  salesOrders: {
    entity: SalesOrder;
    create: {
      customerNumber: string;
      externalDocumentNumber?: string | null;
      salesOrderLines?: { itemId?: string; quantity?: number }[];
    };
    update: { externalDocumentNumber?: string | null };
    key: { id: string };
    parentKey: { company_id: string };
    collectionPath: "/companies({company_id})/salesOrders";
    itemPath: "/companies({company_id})/salesOrders({id})";
    actions: { "Microsoft.NAV.shipAndInvoice": string };
  };
}
const paths: EntitySetPaths<EntitySets> = {
  salesOrders: {
    collectionPath: "/companies({company_id})/salesOrders",
    itemPath: "/companies({company_id})/salesOrders({id})",
    keyNames: ["id"],
  },
};
const ROOT = "https://bc.example.com/v2.0/tenant/production/api/v2.0";
const COMPANY = "11111111-2222-3333-4444-555555555555";
const guid = (n: number) => `00000000-0000-0000-0000-${String(n).padStart(12, "0")}`;

/** A small stateful OData service: paging by nextLink, ETags, 412, and an optional lost response on POST. */
function service() {
  const orders = new Map<string, SalesOrder>();
  let version = 0;
  const state = { loseNextPostResponse: false, posts: 0, requests: [] as string[] };
  const collection = `${ROOT}/companies(${COMPANY})/salesOrders`;
  const item = new RegExp(`^${exactUrl(collection).source.slice(1, -1)}\\((?<id>[^)]+)\\)$`);
  const action = new RegExp(
    `^${exactUrl(collection).source.slice(1, -1)}\\([^)]+\\)/Microsoft\\.NAV\\.shipAndInvoice$`,
  );
  const handlers = [
    http.get(exactUrl(collection), ({ request }) => {
      state.requests.push(request.url);
      const url = new URL(request.url);
      const filter = url.searchParams.get("$filter");
      const select = url.searchParams.get("$select")?.split(",");
      const top = Number(url.searchParams.get("$top") ?? Number.POSITIVE_INFINITY);
      const skip = Number(url.searchParams.get("$skip") ?? 0);
      const pageSize = Number(/maxpagesize=(\d+)/.exec(request.headers.get("prefer") ?? "")?.[1] ?? 1000);
      let rows = [...orders.values()];
      const match = filter ? /^externalDocumentNumber eq '(.*)'$/.exec(filter) : null;
      if (filter && !match)
        return HttpResponse.json({ error: { code: "BadRequest", message: `unsupported ${filter}` } }, { status: 400 });
      if (match) rows = rows.filter((o) => o.externalDocumentNumber === match[1]?.replace(/''/g, "'"));
      rows = rows.slice(0, top);
      const page = rows.slice(skip, skip + pageSize);
      const value = page.map((o) =>
        select ? Object.fromEntries(Object.entries(o).filter(([k]) => select.includes(k) || k === "@odata.etag")) : o,
      );
      const next =
        skip + pageSize < rows.length
          ? `${collection}?${new URLSearchParams({ ...Object.fromEntries(url.searchParams), $skip: String(skip + pageSize) })}`
          : undefined;
      return HttpResponse.json({ value, ...(next ? { "@odata.nextLink": next } : {}) });
    }),
    http.post(exactUrl(collection), async ({ request }) => {
      state.posts++;
      const body = (await request.json()) as { customerNumber: string; externalDocumentNumber?: string };
      const id = guid(orders.size + 1);
      const order: SalesOrder = {
        "@odata.etag": `W/"${++version}"`,
        id,
        number: `SO-${1000 + orders.size}`,
        externalDocumentNumber: body.externalDocumentNumber ?? null,
        customerNumber: body.customerNumber,
        totalAmountIncludingTax: "0",
      };
      orders.set(id, order);
      if (state.loseNextPostResponse) {
        state.loseNextPostResponse = false;
        return HttpResponse.json({ error: { code: "GatewayTimeout", message: "upstream timed out" } }, { status: 504 });
      }
      return HttpResponse.json(order, { status: 201 });
    }),
    http.get(item, ({ request }) => {
      const order = orders.get(idOf(request.url));
      return order
        ? HttpResponse.json(order)
        : HttpResponse.json({ error: { code: "Internal_EntityNotFound", message: "not found" } }, { status: 404 });
    }),
    http.patch(item, async ({ request }) => {
      const order = orders.get(idOf(request.url));
      if (!order) return HttpResponse.json({ error: { code: "NotFound", message: "x" } }, { status: 404 });
      if (request.headers.get("if-match") !== order["@odata.etag"]) {
        return HttpResponse.json(
          { error: { code: "Request_EntityChanged", message: "Another user has already changed the record." } },
          { status: 412 },
        );
      }
      Object.assign(order, (await request.json()) as object, { "@odata.etag": `W/"${++version}"` });
      return HttpResponse.json(order);
    }),
    http.delete(item, ({ request }) => {
      const id = idOf(request.url);
      const order = orders.get(id);
      if (request.headers.get("if-match") !== order?.["@odata.etag"])
        return HttpResponse.json({ error: { code: "Request_EntityChanged", message: "changed" } }, { status: 412 });
      orders.delete(id);
      return new HttpResponse(null, { status: 204 });
    }),
    http.post(action, () => new HttpResponse(null, { status: 204 })),
  ];
  function idOf(url: string): string {
    return item.exec(url)?.groups?.id ?? "";
  }
  return { orders, state, handlers };
}

const svc = service();
const server = setupServer(...svc.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
beforeEach(() => {
  svc.orders.clear();
  svc.state.posts = 0;
  svc.state.requests.length = 0;
});

const client = createEntitySetClient<EntitySets>(paths, {
  serviceRoot: ROOT,
  fetch: createResilientFetch({ retry: { maxAttempts: 1 } }),
  pathParameters: () => ({ company_id: COMPANY }),
  maxPageSize: 2,
});

describe("createEntitySetClient", () => {
  it("lists across nextLink pages with Prefer: odata.maxpagesize, and $select narrows the item type", async () => {
    for (let i = 0; i < 5; i++)
      await client.create("salesOrders", { customerNumber: "10000", externalDocumentNumber: `WEB-${i}` });
    const rows = await client.list("salesOrders", { select: ["id", "externalDocumentNumber"] }).toArray();
    expect(rows.map((r) => r.externalDocumentNumber)).toEqual(["WEB-0", "WEB-1", "WEB-2", "WEB-3", "WEB-4"]);
    expect(rows[0]).not.toHaveProperty("customerNumber");
    expectTypeOf(rows[0]!).toEqualTypeOf<Pick<SalesOrder, "id" | "externalDocumentNumber" | "@odata.etag">>();
    expect(svc.state.requests).toHaveLength(3);
    const all = await client.list("salesOrders").toArray();
    expectTypeOf(all[0]!).toEqualTypeOf<SalesOrder>();
  });

  it("filters with a typed builder: an injected quote stays inside the literal", async () => {
    await client.create("salesOrders", { customerNumber: "10000", externalDocumentNumber: "O'Brien' or 1 eq 1" });
    await client.create("salesOrders", { customerNumber: "10000", externalDocumentNumber: "other" });
    const found = await client.findFirst("salesOrders", (f) => f.eq("externalDocumentNumber", "O'Brien' or 1 eq 1"));
    expect(found?.externalDocumentNumber).toBe("O'Brien' or 1 eq 1");
    expect(await client.findFirst("salesOrders", (f) => f.eq("externalDocumentNumber", "missing"))).toBeUndefined();
  });

  it("reads by key and invokes a bound action", async () => {
    const created = await client.create("salesOrders", { customerNumber: "20000" });
    expect((await client.get("salesOrders", created.id)).customerNumber).toBe("20000");
    await expect(client.invoke("salesOrders", created.id, "Microsoft.NAV.shipAndInvoice")).resolves.toBeUndefined();
    expect(client.itemUrl("salesOrders", created.id)).toBe(`${ROOT}/companies(${COMPANY})/salesOrders(${created.id})`);
    await expect(client.get("salesOrders", guid(999))).rejects.toMatchObject({
      status: 404,
      vendorCode: "Internal_EntityNotFound",
    });
  });

  it("updates with the record's ETag; a stale ETag is a typed concurrency conflict (412), never a blind overwrite", async () => {
    const created = await client.create("salesOrders", { customerNumber: "10000" });
    const updated = await client.update("salesOrders", created, { externalDocumentNumber: "WEB-9" });
    expect(updated?.externalDocumentNumber).toBe("WEB-9");
    const conflict = client.update("salesOrders", created, { externalDocumentNumber: "WEB-10" });
    await expect(conflict).rejects.toBeInstanceOf(ODataConcurrencyConflictError);
    await expect(client.update("salesOrders", { ...created, "@odata.etag": undefined }, {})).rejects.toThrow(/ETag/);
    await expect(client.remove("salesOrders", created)).rejects.toBeInstanceOf(ODataConcurrencyConflictError);
    await client.remove("salesOrders", updated!);
    expect(svc.orders.size).toBe(0);
  });

  it("O6: createOnce under an ambiguous 504 (committed, response lost) leaves exactly one document", async () => {
    svc.state.loseNextPostResponse = true;
    const result = await client.createOnce(
      "salesOrders",
      { customerNumber: "10000", externalDocumentNumber: "100234" },
      "externalDocumentNumber",
      {
        sleep: async () => {},
      },
    );
    expect(result.recoveredFromUnknownOutcome).toBe(true);
    expect(svc.state.posts).toBe(1);
    const again = await client.createOnce(
      "salesOrders",
      { customerNumber: "10000", externalDocumentNumber: "100234" },
      "externalDocumentNumber",
    );
    expect(again.created).toBe(false);
    expect([...svc.orders.values()].filter((o) => o.externalDocumentNumber === "100234")).toHaveLength(1);
    expect(svc.state.posts).toBe(1);
  });

  it("rejects unknown entity sets, missing path parameters and createOnce without the natural key", async () => {
    const untyped = client as unknown as { collectionUrl(set: string): string };
    expect(() => untyped.collectionUrl("nope")).toThrow(/unknown entity set/);
    const noCompany = createEntitySetClient<EntitySets>(paths, { serviceRoot: ROOT, fetch });
    expect(() => noCompany.collectionUrl("salesOrders")).toThrow(/company_id is missing/);
    expect(() => client.createOnce("salesOrders", { customerNumber: "1" }, "externalDocumentNumber")).toThrow(
      /needs a non-empty/,
    );
    expect(() => client.itemUrl("salesOrders", "1) or (1")).toThrow(/must be a GUID or a number/);
  });

  it("quoted string keys have their quotes doubled and are percent-encoded", () => {
    const items = createEntitySetClient<{ Items: EntitySets["salesOrders"] }>(
      { Items: { collectionPath: "/Items", itemPath: "/Items('{ItemCode}')", keyNames: ["ItemCode"] } },
      { serviceRoot: "https://b1.example.com/b1s/v2", fetch },
    );
    const untyped = items as unknown as { itemUrl(set: string, key: string): string };
    expect(untyped.itemUrl("Items", "O'Neil 1/2")).toBe("https://b1.example.com/b1s/v2/Items('O''Neil%201%2F2')");
  });
});
