import { ApiCallError } from "@org/http";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Customer } from "./__fixtures__/entities.js";
import {
  asConcurrencyConflict,
  concurrencyConflictFromResponse,
  ifMatchHeaders,
  isConcurrencyConflict,
  MissingETagError,
  ODataConcurrencyConflictError,
  readETag,
} from "./etag.js";
import { exactUrl } from "./test-support/msw.js";

const serviceRoot = "https://api.businesscentral.dynamics.com/v2.0/tenant/production/api/v2.0";
const customerUrl = `${serviceRoot}/companies(5d115c9c-44e3-ea11-bb43-000d3a2feca1)/customers(ea7e8b6a-44e3-ea11-bb43-000d3a2feca1)`;

let current: Customer & { "@odata.etag": string };
const seenIfMatch: (string | null)[] = [];
const server = setupServer(
  http.get(exactUrl(customerUrl), () => HttpResponse.json(current, { headers: { ETag: current["@odata.etag"] } })),
  http.patch(exactUrl(customerUrl), async ({ request }) => {
    const ifMatch = request.headers.get("if-match");
    seenIfMatch.push(ifMatch);
    if (ifMatch !== "*" && ifMatch !== current["@odata.etag"]) {
      return HttpResponse.json(
        {
          error: {
            code: "Request_EntityChanged",
            message: "Could not save the changes because the record was changed by another user.",
          },
        },
        { status: 412, headers: { "request-id": "b7c1c0a2-0000-4000-8000-000000000412" } },
      );
    }
    const changes = (await request.json()) as Partial<Customer>;
    const version = Number(/W\/"JzQ0OzE(\d+)/.exec(current["@odata.etag"])?.[1] ?? "0") + 1;
    current = { ...current, ...changes, "@odata.etag": `W/"JzQ0OzE${version}"` };
    return HttpResponse.json(current);
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  seenIfMatch.length = 0;
});
afterAll(() => server.close());

function reset(): void {
  current = {
    "@odata.etag": 'W/"JzQ0OzE1"',
    id: "ea7e8b6a-44e3-ea11-bb43-000d3a2feca1",
    number: "10000",
    displayName: "Adatum Corporation",
    creditLimit: 0,
  };
}

async function patch(headers: Record<string, string>, body: Partial<Customer>): Promise<Response> {
  return fetch(customerUrl, {
    method: "PATCH",
    headers: { ...headers, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("readETag", () => {
  it("reads @odata.etag from an entity and ETag from a response or headers", async () => {
    reset();
    const response = await fetch(customerUrl);
    expect(readETag(response)).toBe('W/"JzQ0OzE1"');
    expect(readETag(response.headers)).toBe('W/"JzQ0OzE1"');
    const entity = (await response.json()) as Customer;
    expect(readETag(entity)).toBe('W/"JzQ0OzE1"');
    expect(readETag({})).toBeUndefined();
    expect(readETag(undefined)).toBeUndefined();
    expect(readETag(null)).toBeUndefined();
    expect(readETag({ "@odata.etag": "" })).toBeUndefined();
    expect(readETag({ "@odata.etag": 'W/"x"\r\nX-Injected: 1' })).toBeUndefined();
    expect(readETag({ "@odata.etag": 5 } as never)).toBeUndefined();
    expect(readETag(new Headers())).toBeUndefined();
  });
});

describe("ifMatchHeaders", () => {
  it("sends the entity's ETag", () => {
    expect(ifMatchHeaders({ "@odata.etag": 'W/"JzQ0OzE1"' })).toEqual({ "If-Match": 'W/"JzQ0OzE1"' });
    expect(ifMatchHeaders('W/"abc"')).toEqual({ "If-Match": 'W/"abc"' });
  });

  it("sends * only with an explicit force", () => {
    expect(ifMatchHeaders({ "@odata.etag": 'W/"JzQ0OzE1"' }, { force: true })).toEqual({ "If-Match": "*" });
    expect(ifMatchHeaders(undefined, { force: true })).toEqual({ "If-Match": "*" });
    expect(() => ifMatchHeaders("*")).toThrow(MissingETagError);
    expect(() => ifMatchHeaders({ "@odata.etag": "*" })).toThrow(MissingETagError);
  });

  it("refuses to write without an ETag unless forced", () => {
    for (const source of [undefined, null, {}, "", { "@odata.etag": "" }, 'W/"a"\nX: y']) {
      expect(() => ifMatchHeaders(source as never)).toThrow(MissingETagError);
    }
    expect(() => ifMatchHeaders({}, { force: false })).toThrow(/read the record first/);
  });
});

describe("the 412 path", () => {
  it("an update with the current ETag succeeds; a stale one becomes a typed conflict", async () => {
    reset();
    const read = (await (await fetch(customerUrl)).json()) as Customer;
    const first = await patch(ifMatchHeaders(read), { creditLimit: 5000 });
    expect(first.status).toBe(200);
    expect(readETag((await first.json()) as Customer)).toBe('W/"JzQ0OzE2"');

    // Someone else's copy, read before the first update: its ETag is stale now.
    const stale = await patch(ifMatchHeaders(read), { displayName: "Adatum Corp." });
    expect(stale.status).toBe(412);
    const conflict = await concurrencyConflictFromResponse(stale, {
      method: "PATCH",
      url: customerUrl,
      ifMatch: ifMatchHeaders(read)["If-Match"],
    });
    expect(conflict).toBeInstanceOf(ODataConcurrencyConflictError);
    expect(conflict).toBeInstanceOf(ApiCallError);
    expect(isConcurrencyConflict(conflict)).toBe(true);
    expect(conflict).toMatchObject({
      status: 412,
      method: "PATCH",
      entityUrl: customerUrl,
      ifMatch: 'W/"JzQ0OzE1"',
      vendorCode: "Request_EntityChanged",
      requestId: "b7c1c0a2-0000-4000-8000-000000000412",
      retryable: false,
      outcomeUnknown: false,
    });
    expect(conflict?.message).toContain(customerUrl);
    expect(conflict?.message).toContain("412");
    expect(current.displayName).toBe("Adatum Corporation");
    expect(seenIfMatch).toEqual(['W/"JzQ0OzE1"', 'W/"JzQ0OzE1"']);
  });

  it("force overwrites blindly", async () => {
    reset();
    const response = await patch(ifMatchHeaders({}, { force: true }), { displayName: "Forced" });
    expect(response.status).toBe(200);
    expect(seenIfMatch).toEqual(["*"]);
  });

  it("ignores non-412 responses without reading them", async () => {
    const response = new Response("{}", { status: 409 });
    expect(await concurrencyConflictFromResponse(response)).toBeUndefined();
    expect(response.bodyUsed).toBe(false);
  });

  it("keeps a non-JSON 412 body as text and works without request details", async () => {
    const conflict = await concurrencyConflictFromResponse(new Response("Precondition Failed", { status: 412 }));
    expect(conflict?.body).toBe("Precondition Failed");
    expect(conflict?.ifMatch).toBeUndefined();
    const empty = await concurrencyConflictFromResponse(new Response(null, { status: 412 }));
    expect(empty?.body).toBeUndefined();
  });

  it("converts an ApiCallError with status 412 (e.g. from unwrap) and nothing else", () => {
    const error = new ApiCallError("PATCH x failed with 412", {
      method: "PATCH",
      url: customerUrl,
      status: 412,
      vendorCode: "Request_EntityChanged",
      retryable: false,
      outcomeUnknown: false,
    });
    const conflict = asConcurrencyConflict(error, 'W/"1"');
    expect(conflict).toMatchObject({ entityUrl: customerUrl, ifMatch: 'W/"1"', vendorCode: "Request_EntityChanged" });
    expect(conflict?.cause).toBe(error);
    expect(asConcurrencyConflict(conflict)).toBe(conflict);
    expect(asConcurrencyConflict(new ApiCallError("x", { ...error, status: 500 }))).toBeUndefined();
    expect(asConcurrencyConflict(new Error("x"))).toBeUndefined();
    expect(isConcurrencyConflict(error)).toBe(false);
  });
});
