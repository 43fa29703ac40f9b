import { describe, expect, it } from "vitest";
import { SAPB1_BATCH_RESPONSE, SAPB1_BATCH_RESPONSE_CONTENT_TYPE } from "./__fixtures__/sapb1-batch-response.js";
import { planOperations } from "./batch-plan.js";
import { BatchParseError, buildMultipartBatch, multipartBoundary, parseMultipartBatchResponse } from "./multipart.js";

describe("multipartBoundary", () => {
  it("reads quoted and unquoted boundaries, with or without spaces", () => {
    expect(multipartBoundary("multipart/mixed; boundary=batch_1")).toBe("batch_1");
    expect(multipartBoundary("multipart/mixed;boundary=batch_1")).toBe("batch_1");
    expect(multipartBoundary('multipart/mixed; boundary="batch 1"; charset=utf-8')).toBe("batch 1");
    expect(multipartBoundary("Multipart/Mixed; Boundary=b")).toBe("b");
    expect(multipartBoundary("application/json")).toBeUndefined();
    expect(multipartBoundary("multipart/mixed")).toBeUndefined();
    expect(multipartBoundary(null)).toBeUndefined();
  });
});

describe("parseMultipartBatchResponse", () => {
  it("parses a Service Layer response with a nested change set and CRLF line endings", () => {
    const parts = parseMultipartBatchResponse(SAPB1_BATCH_RESPONSE, SAPB1_BATCH_RESPONSE_CONTENT_TYPE);
    expect(parts).toHaveLength(2);
    const [get, changeset] = parts;
    expect(get).toMatchObject({
      kind: "response",
      contentId: undefined,
      status: 200,
      statusText: "OK",
      body: { "@odata.etag": 'W/"6a5c0e3d"', DocEntry: 12, NumAtCard: "WEB-1001" },
    });
    expect(get?.kind === "response" && get.headers.get("etag")).toBe('W/"6a5c0e3d"');
    expect(changeset?.kind).toBe("changeset");
    if (changeset?.kind !== "changeset") return;
    expect(changeset.responses.map((response) => [response.contentId, response.status, response.statusText])).toEqual([
      ["2", 201, "Created"],
      ["3", 204, "No Content"],
    ]);
    expect(changeset.responses[0]?.headers.get("location")).toBe("https://b1.example.com:50000/b1s/v2/Orders(13)");
    expect(changeset.responses[0]?.body).toMatchObject({ DocEntry: 13, DocTotal: 119.5 });
    expect(changeset.responses[1]?.body).toBeUndefined();
  });

  it("parses the same response with bare LF line endings", () => {
    const lf = SAPB1_BATCH_RESPONSE.replaceAll("\r\n", "\n");
    expect(parseMultipartBatchResponse(lf, SAPB1_BATCH_RESPONSE_CONTENT_TYPE)).toEqual(
      parseMultipartBatchResponse(SAPB1_BATCH_RESPONSE, SAPB1_BATCH_RESPONSE_CONTENT_TYPE),
    );
  });

  it("ignores preamble and epilogue, keeps non-JSON bodies as text", () => {
    const body = [
      "This is the preamble.",
      "--b",
      "Content-Type: application/http",
      "",
      "HTTP/1.1 500 Internal Server Error",
      "Content-Type: text/plain",
      "",
      "Something broke",
      "--b--",
      "epilogue",
    ].join("\r\n");
    expect(parseMultipartBatchResponse(body, 'multipart/mixed; boundary="b"')).toEqual([
      expect.objectContaining({ status: 500, statusText: "Internal Server Error", body: "Something broke" }),
    ]);
  });

  it("keeps a body that claims JSON but is not as text", () => {
    const body =
      "--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 200\r\nContent-Type: application/json\r\n\r\n{oops\r\n--b--";
    expect(parseMultipartBatchResponse(body, "multipart/mixed; boundary=b")).toEqual([
      expect.objectContaining({ status: 200, statusText: "", body: "{oops" }),
    ]);
  });

  it("accepts a part without part headers", () => {
    const body = "--b\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n\r\n--b--";
    expect(parseMultipartBatchResponse(body, "multipart/mixed; boundary=b")).toEqual([
      expect.objectContaining({ status: 204, body: undefined }),
    ]);
  });

  it("does not mistake a boundary-like text inside a line for a delimiter", () => {
    const body = '--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 200 OK\r\n\r\n{"note":"x --b y"}\r\n--b--';
    expect(parseMultipartBatchResponse(body, "multipart/mixed; boundary=b")[0]).toMatchObject({
      body: { note: "x --b y" },
    });
  });

  const malformed: [string, string, string][] = [
    ["no boundary", "", "application/json"],
    ["no parts", "nothing here", "multipart/mixed; boundary=b"],
    [
      "not closed",
      "--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
      "multipart/mixed; boundary=b",
    ],
    ["bad status line", "--b\r\nContent-Type: application/http\r\n\r\nOK 200\r\n--b--", "multipart/mixed; boundary=b"],
    ["bad header", "--b\r\nno colon here\r\n\r\nHTTP/1.1 200 OK\r\n--b--", "multipart/mixed; boundary=b"],
    ["bad header name", "--b\r\nBad Name: x\r\n\r\nHTTP/1.1 200 OK\r\n--b--", "multipart/mixed; boundary=b"],
    ["unexpected part type", "--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b--", "multipart/mixed; boundary=b"],
    [
      "nested change sets",
      "--b\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\nContent-Type: multipart/mixed; boundary=d\r\n\r\n--d\r\n\r\nHTTP/1.1 200 OK\r\n--d--\r\n--c--\r\n--b--",
      "multipart/mixed; boundary=b",
    ],
  ];
  for (const [name, body, contentType] of malformed) {
    it(`rejects ${name}`, () => {
      expect(() => parseMultipartBatchResponse(body, contentType)).toThrow(BatchParseError);
    });
  }
});

describe("buildMultipartBatch", () => {
  it("writes CRLF-delimited parts with change sets and Content-IDs", () => {
    let counter = 0;
    const operations = planOperations([
      { method: "GET", url: "Items('A0001')" },
      { method: "POST", url: "Orders", body: { CardCode: "C20000" }, atomicityGroup: "g" },
      { method: "PATCH", url: "$2", body: '{"Comments":"x"}', atomicityGroup: "g" },
    ]);
    const { contentType, body } = buildMultipartBatch(operations, {
      boundaryId: () => String(++counter),
      target: (url) => (url.startsWith("$") ? url : `/b1s/v2/${url}`),
    });
    expect(contentType).toBe("multipart/mixed; boundary=batch_1");
    expect(body).toBe(
      [
        "--batch_1",
        "Content-Type: application/http",
        "Content-Transfer-Encoding: binary",
        "",
        "GET /b1s/v2/Items('A0001') HTTP/1.1",
        "",
        "",
        "--batch_1",
        "Content-Type: multipart/mixed; boundary=changeset_2",
        "",
        "--changeset_2",
        "Content-Type: application/http",
        "Content-Transfer-Encoding: binary",
        "Content-ID: 2",
        "",
        "POST /b1s/v2/Orders HTTP/1.1",
        "Content-Type: application/json",
        "",
        '{"CardCode":"C20000"}',
        "--changeset_2",
        "Content-Type: application/http",
        "Content-Transfer-Encoding: binary",
        "Content-ID: 3",
        "",
        "PATCH $2 HTTP/1.1",
        "",
        '{"Comments":"x"}',
        "--changeset_2--",
        "--batch_1--",
        "",
      ].join("\r\n"),
    );
  });
});
