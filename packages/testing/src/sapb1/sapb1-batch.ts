/**
 * The multipart/mixed `$batch` wire format as the Service Layer reads and writes it: top-level `application/http`
 * parts and change sets (`multipart/mixed; boundary=changeset_…`) whose parts carry `Content-ID`. A failed change
 * set is answered with one `application/http` part (the failing operation's error, with its `Content-ID`) in place
 * of the set, which is how OData v4 multipart batches report a rolled-back change set.
 */

import { BatchParseError, multipartBoundary, splitMultipartParts } from "@org/odata";

const CRLF = "\r\n";

export interface BatchRequestPart {
  method: string;
  /** The request-line target as sent: absolute path (`/b1s/v2/Orders`), relative (`Orders`), `$1/…` or a URL. */
  target: string;
  headers: Headers;
  body: string;
  contentId: string | undefined;
}

export type BatchRequestEntry =
  | { kind: "operation"; operation: BatchRequestPart }
  | { kind: "changeset"; operations: BatchRequestPart[] };

export interface BatchResponsePart {
  status: number;
  statusText: string;
  headers: Headers;
  body: string;
  contentId: string | undefined;
}

export type BatchResponseEntry =
  | { kind: "operation"; response: BatchResponsePart }
  | { kind: "changeset"; responses: BatchResponsePart[] };

function splitHead(text: string): { head: string[]; body: string } {
  const trimmed = text.replace(/^\r?\n/, "");
  const blank = /\r?\n\r?\n/.exec(trimmed);
  if (!blank) return { head: trimmed === "" ? [] : trimmed.split(/\r?\n/), body: "" };
  return { head: trimmed.slice(0, blank.index).split(/\r?\n/), body: trimmed.slice(blank.index + blank[0].length) };
}

function headersOf(lines: readonly string[]): Headers {
  const headers = new Headers();
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon <= 0) throw new BatchParseError(`malformed header line ${JSON.stringify(line)}`);
    headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return headers;
}

function parseOperation(text: string, partHeaders: Headers): BatchRequestPart {
  const { head, body } = splitHead(text);
  const [requestLine = "", ...headerLines] = head;
  const match = /^(GET|POST|PATCH|PUT|DELETE)\s+(\S+)\s+HTTP\/1\.[01]$/.exec(requestLine.trim());
  if (!match) throw new BatchParseError(`malformed request line ${JSON.stringify(requestLine)}`);
  return {
    method: match[1] ?? "GET",
    target: match[2] ?? "",
    headers: headersOf(headerLines),
    body: body.replace(/(?:\r?\n)+$/, ""),
    contentId: partHeaders.get("content-id") ?? undefined,
  };
}

/** Parses a `$batch` request body. @throws BatchParseError */
export function parseBatchRequest(body: string, contentType: string | null): BatchRequestEntry[] {
  const boundary = multipartBoundary(contentType);
  if (!boundary) throw new BatchParseError("a $batch request must be multipart/mixed with a boundary");
  return splitMultipartParts(body, boundary).map((part): BatchRequestEntry => {
    const { head, body: content } = splitHead(part);
    const headers = headersOf(head);
    const inner = multipartBoundary(headers.get("content-type"));
    if (inner) {
      return {
        kind: "changeset",
        operations: splitMultipartParts(content, inner).map((p) => {
          const split = splitHead(p);
          return parseOperation(split.body, headersOf(split.head));
        }),
      };
    }
    return { kind: "operation", operation: parseOperation(content, headers) };
  });
}

function httpPart(response: BatchResponsePart): string {
  const lines = [
    "Content-Type: application/http",
    "Content-Transfer-Encoding: binary",
    ...(response.contentId !== undefined ? [`Content-ID: ${response.contentId}`] : []),
    "",
    `HTTP/1.1 ${response.status} ${response.statusText}`.trimEnd(),
  ];
  response.headers.forEach((value, key) => {
    lines.push(`${key}: ${value}`);
  });
  lines.push("", response.body);
  return lines.join(CRLF);
}

/** Serialises a `$batch` response; returns the body and its `Content-Type`. */
export function buildBatchResponse(entries: readonly BatchResponseEntry[]): { body: string; contentType: string } {
  const boundary = `batchresponse_${crypto.randomUUID()}`;
  const parts = entries.map((entry) => {
    if (entry.kind === "operation") return httpPart(entry.response);
    const changeset = `changesetresponse_${crypto.randomUUID()}`;
    return [
      `Content-Type: multipart/mixed;boundary=${changeset}`,
      "",
      ...entry.responses.map((r) => `--${changeset}${CRLF}${httpPart(r)}`),
      `--${changeset}--`,
    ].join(CRLF);
  });
  const body = `${parts.map((p) => `--${boundary}${CRLF}${p}${CRLF}`).join("")}--${boundary}--${CRLF}`;
  return { body, contentType: `multipart/mixed;boundary=${boundary}` };
}
