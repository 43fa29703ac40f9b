import { ApiCallError } from "@org/http";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type BatchFailure,
  type BatchResult,
  buildJsonBatch,
  executeBatch,
  type JsonBatchRequestBody,
} from "./batch.js";
import { type BatchOperation, chunkOperations, planOperations } from "./batch-plan.js";
import { ODataUsageError } from "./errors.js";
import { ODataConcurrencyConflictError } from "./etag.js";
import { exactUrl } from "./test-support/msw.js";
import { multipartResponse, parseMultipartRequest } from "./test-support/multipart-request.js";

const bcRoot = "https://api.businesscentral.dynamics.com/v2.0/tenant/production/api/v2.0";
const b1Root = "https://b1.example.com:50000/b1s/v2";
const companyId = "5d115c9c-44e3-ea11-bb43-000d3a2feca1";
const items = `companies(${companyId})/items`;

type JsonHandler = (body: JsonBatchRequestBody, request: Request) => Response | Promise<Response>;
const jsonRequests: JsonBatchRequestBody[] = [];
let jsonHandler: JsonHandler;

/** A Business Central-like JSON $batch endpoint: records each request, answers through `jsonHandler`. */
const server = setupServer(
  http.post(exactUrl(`${bcRoot}/$batch`), async ({ request }) => {
    expect(request.headers.get("content-type")).toBe("application/json");
    const body = (await request.json()) as JsonBatchRequestBody;
    jsonRequests.push(body);
    return jsonHandler(body, request);
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  jsonRequests.length = 0;
});
afterAll(() => server.close());

/** Answers every request with 200/201/204 (echoing the id in the body), in reverse order to prove mapping by id. */
const echoAll: JsonHandler = (body) =>
  HttpResponse.json({
    responses: body.requests
      .map((request) => ({
        id: request.id,
        status: request.method === "POST" ? 201 : request.method === "DELETE" ? 204 : 200,
        headers: { "content-type": "application/json; odata.metadata=minimal", "odata-version": "4.0" },
        ...(request.method === "DELETE" ? {} : { body: { "@odata.etag": `W/"${request.id}"`, echo: request.id } }),
      }))
      .reverse(),
  });

function patchItem(index: number, extra: Partial<BatchOperation> = {}): BatchOperation {
  return {
    method: "PATCH",
    url: `${items}(00000000-0000-0000-0000-${String(index).padStart(12, "0")})`,
    headers: { "If-Match": `W/"JzQ0O${index}"` },
    body: { unitPrice: 10 + index },
    ...extra,
  };
}

function failures(results: BatchResult[]): BatchFailure[] {
  return results.filter((result): result is BatchFailure => !result.ok);
}

describe("JSON $batch", () => {
  it("sends 250 operations as 3 requests of at most 100, results in request order", async () => {
    jsonHandler = echoAll;
    const operations = Array.from({ length: 250 }, (_, index) => patchItem(index));
    const results = await executeBatch(operations, { serviceRoot: bcRoot });

    expect(jsonRequests.map((request) => request.requests.length)).toEqual([100, 100, 50]);
    expect(results).toHaveLength(250);
    expect(results.map((result) => result.id)).toEqual(operations.map((_, index) => String(index + 1)));
    expect(results.every((result) => result.ok && result.status === 200)).toBe(true);
    expect(results.map((result) => (result.ok ? (result.body as { echo: string }).echo : ""))).toEqual(
      results.map((result) => result.id),
    );
    const first = jsonRequests[0]!.requests[0]!;
    expect(first).toEqual({
      id: "1",
      method: "PATCH",
      url: `${items}(00000000-0000-0000-0000-000000000000)`,
      headers: { "If-Match": 'W/"JzQ0O0"', "Content-Type": "application/json" },
      body: { unitPrice: 10 },
    });
    expect(jsonRequests[2]!.requests[0]!.id).toBe("201");
  });

  it("honours a configured maximum and keeps caller ids", async () => {
    jsonHandler = echoAll;
    const operations = Array.from({ length: 7 }, (_, index) => patchItem(index, { id: `sku-${index}` }));
    const results = await executeBatch(operations, { serviceRoot: `${bcRoot}/`, maxOperationsPerRequest: 3 });
    expect(jsonRequests.map((request) => request.requests.map((r) => r.id))).toEqual([
      ["sku-0", "sku-1", "sku-2"],
      ["sku-3", "sku-4", "sku-5"],
      ["sku-6"],
    ]);
    expect(results.map((result) => result.id)).toEqual(operations.map((operation) => operation.id));
  });

  it("never splits a change set across requests", async () => {
    jsonHandler = echoAll;
    const operations = Array.from({ length: 105 }, (_, index) =>
      patchItem(index, index >= 98 && index < 102 ? { atomicityGroup: "order-1001" } : {}),
    );
    const results = await executeBatch(operations, { serviceRoot: bcRoot });
    expect(jsonRequests.map((request) => request.requests.length)).toEqual([98, 7]);
    expect(jsonRequests[1]!.requests.slice(0, 4).every((request) => request.atomicityGroup === "order-1001")).toBe(
      true,
    );
    expect(results.every((result) => result.ok)).toBe(true);
  });

  it("keeps dependent operations together and sends dependsOn", async () => {
    jsonHandler = echoAll;
    const operations: BatchOperation[] = [
      patchItem(1),
      patchItem(2),
      { id: "order", method: "POST", url: `companies(${companyId})/salesOrders`, body: { customerNumber: "10000" } },
      { id: "line", method: "POST", url: "$order/salesOrderLines", body: { lineType: "Item" }, dependsOn: ["order"] },
    ];
    await executeBatch(operations, { serviceRoot: bcRoot, maxOperationsPerRequest: 3 });
    expect(jsonRequests.map((request) => request.requests.map((r) => r.id))).toEqual([
      ["1", "2"],
      ["order", "line"],
    ]);
    expect(jsonRequests[1]!.requests[1]).toMatchObject({ url: "$order/salesOrderLines", dependsOn: ["order"] });
  });

  it("refuses a change set larger than the maximum before sending anything", async () => {
    jsonHandler = echoAll;
    const operations = Array.from({ length: 4 }, (_, index) => patchItem(index, { atomicityGroup: "big" }));
    await expect(executeBatch(operations, { serviceRoot: bcRoot, maxOperationsPerRequest: 3 })).rejects.toThrow(
      /change set "big" .* more than 3 operations/,
    );
    const chain: BatchOperation[] = [patchItem(1, { id: "a" }), patchItem(2, { id: "b", dependsOn: ["a"] })];
    await expect(executeBatch(chain, { serviceRoot: bcRoot, maxOperationsPerRequest: 1 })).rejects.toThrow(
      /dependency chain/,
    );
    expect(jsonRequests).toHaveLength(0);
  });

  it("reports every operation of a failed change set as failed, the failing one with its own error", async () => {
    jsonHandler = (body) =>
      HttpResponse.json({
        responses: body.requests.map((request) =>
          request.id === "3"
            ? {
                id: "3",
                status: 400,
                headers: { "content-type": "application/json" },
                body: { error: { code: "BadRequest_InvalidToken", message: "Invalid token: unitPrice" } },
              }
            : { id: request.id, status: request.atomicityGroup ? 200 : 200, body: {} },
        ),
      });
    const operations = [
      patchItem(0),
      patchItem(1, { atomicityGroup: "g" }),
      patchItem(2, { atomicityGroup: "g" }),
      patchItem(3, { atomicityGroup: "g" }),
      patchItem(4),
    ];
    const results = await executeBatch(operations, { serviceRoot: bcRoot });
    expect(results.map((result) => result.ok)).toEqual([true, false, false, false, true]);
    const [first, failing, third] = failures(results);
    expect([first?.id, failing?.id, third?.id]).toEqual(["2", "3", "4"]);
    expect(failing?.error).toMatchObject({ status: 400, vendorCode: "BadRequest_InvalidToken", method: "PATCH" });
    expect(failing?.error.url).toBe(`${bcRoot}/${operations[2]!.url}`);
    expect(first?.error.message).toMatch(/rolled back: operation 3 of change set g failed/);
    expect(first?.status).toBe(400);
    expect(first?.error.outcomeUnknown).toBe(false);
    expect(third?.error.cause).toBe(failing?.error);
  });

  it("turns a 412 inside the batch into a typed concurrency conflict", async () => {
    jsonHandler = (body) =>
      HttpResponse.json({
        responses: body.requests.map((request) => ({
          id: request.id,
          status: 412,
          headers: { "request-id": "req-412" },
          body: { error: { code: "Request_EntityChanged", message: "The record was changed by another user." } },
        })),
      });
    const [result] = await executeBatch([patchItem(7)], { serviceRoot: bcRoot });
    expect(result?.ok).toBe(false);
    const error = (result as BatchFailure).error;
    expect(error).toBeInstanceOf(ODataConcurrencyConflictError);
    expect(error).toMatchObject({
      status: 412,
      ifMatch: 'W/"JzQ0O7"',
      entityUrl: `${bcRoot}/${patchItem(7).url}`,
      vendorCode: "Request_EntityChanged",
      requestId: "req-412",
      retryable: false,
    });
  });

  it("a missing response is a failure whose outcome is unknown for writes", async () => {
    jsonHandler = (body) =>
      HttpResponse.json({
        responses: [
          { id: body.requests[0]!.id, status: 200, body: {} },
          null,
          { id: 99, status: 200 },
          { id: "x", status: "200" },
        ],
      });
    const results = await executeBatch(
      [patchItem(1), { method: "GET", url: `${items}?$top=1` }, { method: "GET", url: items }],
      { serviceRoot: bcRoot },
    );
    expect(results.map((result) => result.ok)).toEqual([true, false, false]);
    const [missing] = failures(results);
    expect(missing?.error.outcomeUnknown).toBe(false);
    expect(missing?.error.message).toMatch(/no response for this operation/);

    jsonHandler = () => HttpResponse.json({ responses: [] });
    const [write] = failures(await executeBatch([patchItem(1)], { serviceRoot: bcRoot }));
    expect(write?.error).toMatchObject({ outcomeUnknown: true, retryable: true });
  });

  it("an unreadable response body fails every operation", async () => {
    jsonHandler = () => HttpResponse.text("<html>gateway</html>", { headers: { "content-type": "text/html" } });
    const results = await executeBatch([patchItem(1), patchItem(2)], { serviceRoot: bcRoot });
    expect(failures(results).map((failure) => failure.error.message)).toEqual([
      expect.stringMatching(/could not be read/),
      expect.stringMatching(/could not be read/),
    ]);
  });

  it("a failed $batch request fails every operation of that request only", async () => {
    let call = 0;
    jsonHandler = (body) => {
      call++;
      if (call === 1) {
        return HttpResponse.json(
          { error: { code: "Internal_ServerError", message: "Something went wrong." } },
          { status: 500, headers: { "request-id": "batch-500" } },
        );
      }
      return echoAll(body, new Request(bcRoot));
    };
    const operations = Array.from({ length: 4 }, (_, index) => patchItem(index));
    const results = await executeBatch(operations, { serviceRoot: bcRoot, maxOperationsPerRequest: 2 });
    expect(results.map((result) => result.ok)).toEqual([false, false, true, true]);
    const [first] = failures(results);
    expect(first?.error).toMatchObject({
      status: 500,
      method: "POST",
      url: `${bcRoot}/$batch`,
      vendorCode: "Internal_ServerError",
      requestId: "batch-500",
      outcomeUnknown: true,
    });

    jsonHandler = () => HttpResponse.json({ error: { code: "BadRequest" } }, { status: 400 });
    const [rejected] = failures(await executeBatch([patchItem(1)], { serviceRoot: bcRoot }));
    expect(rejected?.error).toMatchObject({ status: 400, outcomeUnknown: false, retryable: false });
  });

  it("a request that gets no response fails its operations; an abort rejects", async () => {
    const networkDown: typeof fetch = async () => {
      throw new TypeError("fetch failed");
    };
    const [down] = failures(await executeBatch([patchItem(1)], { serviceRoot: bcRoot, fetch: networkDown }));
    expect(down?.error).toMatchObject({ reason: "network", outcomeUnknown: true, retryable: true, status: undefined });
    expect(down?.error.cause).toBeInstanceOf(TypeError);

    const apiError = new ApiCallError("POST failed after 4 attempts", {
      method: "POST",
      url: `${bcRoot}/$batch`,
      status: 429,
      retryable: true,
      outcomeUnknown: false,
    });
    const throwsApiError: typeof fetch = async () => {
      throw apiError;
    };
    const [limited] = failures(await executeBatch([patchItem(1)], { serviceRoot: bcRoot, fetch: throwsApiError }));
    expect(limited?.error).toBe(apiError);

    const controller = new AbortController();
    const aborting: typeof fetch = async () => {
      controller.abort();
      throw new DOMException("aborted", "AbortError");
    };
    await expect(
      executeBatch([patchItem(1)], { serviceRoot: bcRoot, fetch: aborting, signal: controller.signal }),
    ).rejects.toThrow(/aborted/);
  });

  it("passes extra headers and writes operation URLs in the chosen style", async () => {
    let seenIsolation: string | null = null;
    jsonHandler = (body, request) => {
      seenIsolation = request.headers.get("isolation");
      return echoAll(body, request);
    };
    const operations: BatchOperation[] = [
      { method: "GET", url: "companies" },
      { method: "GET", url: "https://elsewhere.example.com/x" },
      {
        method: "POST",
        url: "companies(1)/salesOrders",
        body: '{"raw":true}',
        headers: { "content-type": "text/plain" },
      },
    ];
    await executeBatch(operations, {
      serviceRoot: bcRoot,
      headers: { Isolation: "snapshot" },
      operationUrls: "absolute",
    });
    await executeBatch(operations, { serviceRoot: bcRoot, operationUrls: "absolute-path" });
    expect(seenIsolation).toBeNull();
    expect(jsonRequests.map((request) => request.requests.map((r) => r.url))).toEqual([
      [`${bcRoot}/companies`, "https://elsewhere.example.com/x", `${bcRoot}/companies(1)/salesOrders`],
      [
        "/v2.0/tenant/production/api/v2.0/companies",
        "https://elsewhere.example.com/x",
        "/v2.0/tenant/production/api/v2.0/companies(1)/salesOrders",
      ],
    ]);
    expect(jsonRequests[0]!.requests[2]).toMatchObject({
      body: '{"raw":true}',
      headers: { "content-type": "text/plain" },
    });
    expect(jsonRequests[0]!.requests[0]).not.toHaveProperty("headers");
  });

  it("validates options and operations before sending", async () => {
    await expect(executeBatch([], { serviceRoot: "not a url" })).rejects.toThrow(ODataUsageError);
    await expect(executeBatch([], { serviceRoot: bcRoot, format: "xml" as never })).rejects.toThrow(ODataUsageError);
    await expect(executeBatch([patchItem(1)], { serviceRoot: bcRoot, maxOperationsPerRequest: 0 })).rejects.toThrow(
      ODataUsageError,
    );
    expect(await executeBatch([], { serviceRoot: bcRoot })).toEqual([]);
    expect(jsonRequests).toHaveLength(0);
  });
});

describe("operation validation", () => {
  const cases: [string, BatchOperation[]][] = [
    ["duplicate ids", [patchItem(1, { id: "a" }), patchItem(2, { id: "a" })]],
    ["bad id", [patchItem(1, { id: "a b" })]],
    ["bad method", [patchItem(1, { method: "TRACE" as never })]],
    ["url with a space", [patchItem(1, { url: "Orders HTTP/1.1\r\nX-Evil: 1" })]],
    ["empty url", [patchItem(1, { url: "" })]],
    ["header injection", [patchItem(1, { headers: { "If-Match": 'W/"1"\r\nX-Evil: 1' } })]],
    ["bad header name", [patchItem(1, { headers: { "Bad Header": "x" } })]],
    ["GET in a change set", [{ method: "GET", url: "Orders", atomicityGroup: "g" }]],
    [
      "non-adjacent group",
      [patchItem(1, { atomicityGroup: "g" }), patchItem(2), patchItem(3, { atomicityGroup: "g" })],
    ],
    ["bad group name", [patchItem(1, { atomicityGroup: "g 1" })]],
    ["id equals a group", [patchItem(1, { id: "g" }), patchItem(2, { atomicityGroup: "g" })]],
    ["unknown dependency", [patchItem(1, { dependsOn: ["nope"] })]],
    ["forward dependency", [patchItem(1, { dependsOn: ["2"] }), patchItem(2)]],
    ["dependency on own group", [patchItem(1, { atomicityGroup: "g", dependsOn: ["g"] })]],
  ];
  for (const [name, operations] of cases) {
    it(`rejects ${name}`, () => {
      expect(() => planOperations(operations)).toThrow(ODataUsageError);
    });
  }

  it("rejects a non-array", () => {
    expect(() => planOperations("x" as never)).toThrow(ODataUsageError);
  });

  it("accepts dependencies on earlier operations and groups", () => {
    const planned = planOperations([
      patchItem(1, { atomicityGroup: "g" }),
      patchItem(2, { atomicityGroup: "g", dependsOn: ["1"] }),
      patchItem(3, { dependsOn: ["g", "1"] }),
    ]);
    expect(planned.map((operation) => [operation.id, operation.index])).toEqual([
      ["1", 0],
      ["2", 1],
      ["3", 2],
    ]);
    expect(chunkOperations(planned, 3)).toHaveLength(1);
    expect(() => chunkOperations(planned, 2)).toThrow(ODataUsageError);
    expect(buildJsonBatch(planned).requests[2]).toMatchObject({ dependsOn: ["g", "1"] });
  });
});

describe("multipart $batch", () => {
  type Received = ReturnType<typeof parseMultipartRequest>;
  const received: { contentType: string; parts: Received; raw: string }[] = [];
  let respond: (parts: Received) => { body: string; contentType: string };

  beforeAll(() => {
    server.use();
  });

  function useMultipartServer(): void {
    server.use(
      http.post(exactUrl(`${b1Root}/$batch`), async ({ request }) => {
        const contentType = request.headers.get("content-type") ?? "";
        const raw = await request.text();
        const parts = parseMultipartRequest(raw, contentType);
        received.push({ contentType, parts, raw });
        const { body, contentType: responseType } = respond(parts);
        return new HttpResponse(body, { status: 202, headers: { "Content-Type": responseType } });
      }),
    );
  }

  afterEach(() => {
    received.length = 0;
  });

  /** Answers each part like the Service Layer: 200 for GETs, 201 for POSTs, 204 for PATCH/DELETE. */
  const serviceLayer =
    (options: { eol?: string; reverseChangesets?: boolean } = {}) =>
    (parts: Received) =>
      multipartResponse(
        parts.map((part, position) => {
          const answer = (request: Extract<Received[number], { kind: "request" }>, contentId?: string) => ({
            status: request.method === "POST" ? 201 : request.method === "GET" ? 200 : 204,
            reason: request.method === "POST" ? "Created" : request.method === "GET" ? "OK" : "No Content",
            ...(contentId ? { contentId } : {}),
            ...(request.method === "POST" || request.method === "GET"
              ? { body: { "@odata.context": "$metadata#Orders/$entity", DocEntry: 100 + position, url: request.url } }
              : {}),
          });
          if (part.kind === "request") return answer(part);
          const responses = part.requests.map((request) => answer(request, request.partHeaders["content-id"]));
          return { changeset: options.reverseChangesets ? responses.reverse() : responses };
        }),
        { eol: options.eol ?? "\r\n" },
      );

  const operations: BatchOperation[] = [
    { method: "GET", url: "Orders(12)?$select=DocEntry,NumAtCard" },
    {
      id: "2",
      method: "POST",
      url: "Orders",
      body: { CardCode: "C20000", NumAtCard: "WEB-1001" },
      atomicityGroup: "o",
    },
    {
      id: "3",
      method: "PATCH",
      url: "BusinessPartners('C20000')",
      headers: { "If-Match": 'W/"5"' },
      body: { Notes: "O'Brien" },
      atomicityGroup: "o",
    },
    { method: "DELETE", url: "Drafts(7)" },
  ];

  it("writes parts, change sets and Content-IDs that a server reads back", async () => {
    useMultipartServer();
    respond = serviceLayer();
    const results = await executeBatch(operations, { serviceRoot: b1Root, format: "multipart" });
    expect(received).toHaveLength(1);
    const { contentType, parts, raw } = received[0]!;
    expect(contentType).toMatch(/^multipart\/mixed; boundary=batch_[0-9a-f-]{36}$/);
    expect(raw.endsWith("--\r\n")).toBe(true);
    expect(parts.map((part) => part.kind)).toEqual(["request", "changeset", "request"]);
    const [get, changeset, del] = parts;
    expect(get).toMatchObject({
      partHeaders: { "content-type": "application/http", "content-transfer-encoding": "binary" },
      method: "GET",
      url: "Orders(12)?$select=DocEntry,NumAtCard",
      protocol: "HTTP/1.1",
      body: "",
    });
    expect(get?.partHeaders).not.toHaveProperty("content-id");
    if (changeset?.kind !== "changeset") throw new Error("expected a change set");
    expect(changeset.partHeaders["content-type"]).toMatch(/^multipart\/mixed; boundary=changeset_[0-9a-f-]{36}$/);
    expect(
      changeset.requests.map((request) => [request.partHeaders["content-id"], request.method, request.url]),
    ).toEqual([
      ["2", "POST", "Orders"],
      ["3", "PATCH", "BusinessPartners('C20000')"],
    ]);
    expect(changeset.requests[1]).toMatchObject({
      headers: { "if-match": 'W/"5"', "content-type": "application/json" },
      body: '{"Notes":"O\'Brien"}',
    });
    expect(del).toMatchObject({ method: "DELETE", url: "Drafts(7)" });

    expect(results.map((result) => [result.id, result.ok, result.status])).toEqual([
      ["1", true, 200],
      ["2", true, 201],
      ["3", true, 204],
      ["4", true, 204],
    ]);
  });

  it("maps change-set responses by Content-ID, whatever their order", async () => {
    useMultipartServer();
    respond = serviceLayer({ reverseChangesets: true });
    const ops: BatchOperation[] = [
      { id: "a", method: "POST", url: "Orders", body: { CardCode: "C1" }, atomicityGroup: "g" },
      { id: "b", method: "PATCH", url: "Orders(5)", body: { Comments: "x" }, atomicityGroup: "g" },
    ];
    const results = await executeBatch(ops, { serviceRoot: b1Root, format: "multipart" });
    expect(results.map((result) => [result.id, result.status])).toEqual([
      ["a", 201],
      ["b", 204],
    ]);
    expect(results[0]?.ok && results[0].body).toMatchObject({ url: "Orders" });
  });

  it("reads responses with bare LF line endings too", async () => {
    useMultipartServer();
    respond = serviceLayer({ eol: "\n" });
    const results = await executeBatch(operations, { serviceRoot: b1Root, format: "multipart" });
    expect(results.map((result) => result.status)).toEqual([200, 201, 204, 204]);
    expect(results[0]?.ok && results[0].body).toMatchObject({ DocEntry: 100 });
  });

  it("a failed change set (one response for the set) fails every operation in it", async () => {
    useMultipartServer();
    respond = (parts) =>
      multipartResponse([
        { status: 200, reason: "OK", body: { DocEntry: 12 } },
        {
          status: 400,
          reason: "Bad Request",
          contentId: "3",
          body: { error: { code: "-5002", message: "Business partner C20000 is locked by another user" } },
        },
        ...parts.slice(2).map(() => ({ status: 204, reason: "No Content" })),
      ]);
    const results = await executeBatch(operations, {
      serviceRoot: b1Root,
      format: "multipart",
      operationUrls: "absolute-path",
    });
    expect(received[0]!.parts[0]).toMatchObject({ url: "/b1s/v2/Orders(12)?$select=DocEntry,NumAtCard" });
    expect(results.map((result) => result.ok)).toEqual([true, false, false, true]);
    const [posted, patched] = failures(results);
    expect(patched?.error).toMatchObject({
      status: 400,
      vendorCode: "-5002",
      url: `${b1Root}/BusinessPartners('C20000')`,
    });
    expect(posted?.error.message).toMatch(/rolled back: operation 3 of change set o failed/);
    expect(posted?.status).toBe(400);
  });

  it("a failure response without Content-ID blames the first operation and rolls back the rest", async () => {
    useMultipartServer();
    respond = () =>
      multipartResponse([
        { status: 200, reason: "OK" },
        {
          status: 409,
          reason: "Conflict",
          body: { error: { code: "-1116", message: { lang: "en-us", value: "Locked" } } },
        },
        { status: 204, reason: "No Content" },
      ]);
    const results = await executeBatch(operations, { serviceRoot: b1Root, format: "multipart" });
    const [first, second] = failures(results);
    expect(first).toMatchObject({ id: "2", status: 409, error: { vendorCode: "-1116", vendorMessage: "Locked" } });
    expect(second?.error.message).toMatch(/rolled back/);
  });

  it("an operation failing inside a successful-looking change set still fails the whole set", async () => {
    useMultipartServer();
    respond = () =>
      multipartResponse([
        { status: 200, reason: "OK" },
        {
          changeset: [
            { status: 201, reason: "Created", contentId: "2", body: { DocEntry: 1 } },
            {
              status: 412,
              reason: "Precondition Failed",
              contentId: "3",
              body: { error: { code: "-2039", message: "x" } },
            },
          ],
        },
        { status: 204, reason: "No Content" },
      ]);
    const results = await executeBatch(operations, { serviceRoot: b1Root, format: "multipart" });
    expect(results.map((result) => result.ok)).toEqual([true, false, false, true]);
    expect((results[2] as BatchFailure).error).toBeInstanceOf(ODataConcurrencyConflictError);
    expect((results[1] as BatchFailure).error.message).toMatch(/rolled back/);
  });

  it("reports operations the response does not cover", async () => {
    useMultipartServer();
    respond = () =>
      multipartResponse([
        { changeset: [{ status: 200, reason: "OK" }] },
        { changeset: [{ status: 201, reason: "Created", contentId: "9" }] },
      ]);
    const results = await executeBatch(operations, { serviceRoot: b1Root, format: "multipart" });
    expect(results.map((result) => result.ok)).toEqual([false, false, false, false]);
    expect(failures(results).map((failure) => failure.error.message)).toEqual([
      expect.stringMatching(/change set in its place/),
      expect.stringMatching(/rolled back/),
      expect.stringMatching(/no response for it/),
      expect.stringMatching(/ended early/),
    ]);
  });

  it("a change set answered by a lone success is not taken as success for the others", async () => {
    useMultipartServer();
    respond = () => multipartResponse([{ status: 201, reason: "Created", contentId: "a" }]);
    const results = await executeBatch(
      [
        { id: "a", method: "POST", url: "Orders", body: {}, atomicityGroup: "g" },
        { id: "b", method: "POST", url: "Orders", body: {}, atomicityGroup: "g" },
      ],
      { serviceRoot: b1Root, format: "multipart" },
    );
    expect(results.map((result) => result.ok)).toEqual([false, false]);
    expect((results[1] as BatchFailure).error.message).toMatch(/names another operation/);
  });

  it("a change set with no response at all is reported failed", async () => {
    useMultipartServer();
    respond = () => multipartResponse([{ status: 200, reason: "OK" }]);
    const results = await executeBatch(operations.slice(0, 3), { serviceRoot: b1Root, format: "multipart" });
    expect(results.map((result) => result.ok)).toEqual([true, false, false]);
    expect((results[1] as BatchFailure).error).toMatchObject({ outcomeUnknown: true });
  });

  it("a malformed multipart response fails every operation instead of throwing", async () => {
    useMultipartServer();
    respond = () => ({
      body: "--b\r\nContent-Type: application/http\r\n\r\nnot a status line\r\n--b--",
      contentType: "multipart/mixed; boundary=b",
    });
    const results = await executeBatch(operations, { serviceRoot: b1Root, format: "multipart" });
    expect(results.every((result) => !result.ok && /could not be read/.test(result.error.message))).toBe(true);
  });
});
