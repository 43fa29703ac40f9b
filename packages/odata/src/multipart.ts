/**
 * The OData v4 multipart/mixed `$batch` format: building a request body with change sets, and parsing a
 * response body (nested change sets, CRLF or bare LF line endings, `Content-ID`) back into per-operation
 * responses.
 */
import type { PlannedOperation } from "./batch-plan.js";

const CRLF = "\r\n";

/** A multipart request body and the `Content-Type` header that goes with it. */
export interface MultipartBody {
  /** `multipart/mixed; boundary=batch_…` */
  contentType: string;
  body: string;
}

/** Options of {@link buildMultipartBatch}. */
export interface BuildMultipartOptions {
  /** Turns an operation URL into the request-line target. Default: the URL as given (relative to the service root). */
  target?: (url: string) => string;
  /** Creates boundary suffixes. Default: `crypto.randomUUID()`. */
  boundaryId?: () => string;
}

function serialiseBody(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  return typeof body === "string" ? body : JSON.stringify(body);
}

function httpPart(operation: PlannedOperation, target: (url: string) => string, contentId: boolean): string {
  const body = serialiseBody(operation.body);
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(operation.headers ?? {}))
    headers.set(name.toLowerCase(), `${name}: ${value}`);
  if (body !== undefined && typeof operation.body !== "string" && !headers.has("content-type")) {
    headers.set("content-type", "Content-Type: application/json");
  }
  const lines = [
    "Content-Type: application/http",
    "Content-Transfer-Encoding: binary",
    ...(contentId ? [`Content-ID: ${operation.id}`] : []),
    "",
    `${operation.method} ${target(operation.url)} HTTP/1.1`,
    ...headers.values(),
    "",
    body ?? "",
  ];
  return lines.join(CRLF);
}

/**
 * Builds a multipart/mixed `$batch` body. Operations sharing an `atomicityGroup` become one change set
 * (`multipart/mixed; boundary=changeset_…`) whose parts carry `Content-ID: <id>`; other operations are top-level
 * `application/http` parts. Operations must already be validated (see `planOperations`).
 */
export function buildMultipartBatch(
  operations: readonly PlannedOperation[],
  options: BuildMultipartOptions = {},
): MultipartBody {
  const target = options.target ?? ((url: string) => url);
  const nextId = options.boundaryId ?? (() => crypto.randomUUID());
  const boundary = `batch_${nextId()}`;
  const parts: string[] = [];
  for (let index = 0; index < operations.length; ) {
    const operation = operations[index]!;
    const group = operation.atomicityGroup;
    if (group === undefined) {
      parts.push(httpPart(operation, target, false));
      index++;
      continue;
    }
    const changeset = `changeset_${nextId()}`;
    const inner: string[] = [];
    while (index < operations.length && operations[index]!.atomicityGroup === group) {
      inner.push(httpPart(operations[index]!, target, true));
      index++;
    }
    parts.push(
      [
        `Content-Type: multipart/mixed; boundary=${changeset}`,
        "",
        ...inner.map((part) => `--${changeset}${CRLF}${part}`),
      ]
        .join(CRLF)
        .concat(`${CRLF}--${changeset}--`),
    );
  }
  const body = `${parts.map((part) => `--${boundary}${CRLF}${part}${CRLF}`).join("")}--${boundary}--${CRLF}`;
  return { contentType: `multipart/mixed; boundary=${boundary}`, body };
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

/** One operation's response inside a multipart `$batch` response. */
export interface MultipartOperationResponse {
  kind: "response";
  /** The part's `Content-ID`, when the service sent one (inside change sets). */
  contentId: string | undefined;
  status: number;
  statusText: string;
  headers: Headers;
  /** Parsed JSON when the body is JSON, the text otherwise, `undefined` when empty. */
  body: unknown;
}

/** A change set's responses inside a multipart `$batch` response. */
export interface MultipartChangesetResponse {
  kind: "changeset";
  responses: MultipartOperationResponse[];
}

/** A top-level part of a multipart `$batch` response. */
export type MultipartResponsePart = MultipartOperationResponse | MultipartChangesetResponse;

/** Raised when a `$batch` response body (multipart or JSON) cannot be parsed. */
export class BatchParseError extends Error {
  override readonly name: string = "BatchParseError";
}

/** Reads the `boundary` parameter of a multipart `Content-Type`. */
export function multipartBoundary(contentType: string | null | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\//i.test(contentType)) return undefined;
  const match = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Splits a multipart body into its parts (preamble and epilogue dropped). Throws {@link BatchParseError} when no part
 * is delimited by `boundary` or the closing delimiter is missing.
 */
export function splitMultipartParts(text: string, boundary: string): string[] {
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${escapeRegExp(boundary)}(--)?[ \\t]*(?=\\r?\\n|$)`, "g");
  const parts: string[] = [];
  let start: number | undefined;
  let closed = false;
  for (const match of text.matchAll(delimiter)) {
    if (start !== undefined) parts.push(text.slice(start, match.index));
    if (match[1] === "--") {
      closed = true;
      break;
    }
    start = match.index + match[0].length;
  }
  if (start === undefined) throw new BatchParseError(`no part delimited by boundary ${JSON.stringify(boundary)}`);
  if (!closed) throw new BatchParseError(`multipart body with boundary ${JSON.stringify(boundary)} is not closed`);
  return parts;
}

/** Splits `headers CRLF CRLF body` (the leading line break after a delimiter is dropped first). */
function splitHead(text: string): { head: string[]; body: string } {
  const withoutLead = text.replace(/^\r?\n/, "");
  const blank = /\r?\n\r?\n/.exec(withoutLead);
  if (withoutLead.startsWith("\r\n") || withoutLead.startsWith("\n")) {
    return { head: [], body: withoutLead.replace(/^\r?\n/, "") };
  }
  if (!blank) return { head: withoutLead === "" ? [] : withoutLead.split(/\r?\n/), body: "" };
  return {
    head: withoutLead.slice(0, blank.index).split(/\r?\n/),
    body: withoutLead.slice(blank.index + blank[0].length),
  };
}

function parseHeaderLines(lines: readonly string[]): Headers {
  const headers = new Headers();
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon <= 0) throw new BatchParseError(`malformed header line ${JSON.stringify(line)}`);
    try {
      headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    } catch (cause) {
      throw new BatchParseError(`malformed header line ${JSON.stringify(line)}`, { cause });
    }
  }
  return headers;
}

function parseBodyText(text: string, contentType: string | null): unknown {
  const trimmed = text.replace(/(?:\r?\n)+$/, "");
  if (trimmed.trim() === "") return undefined;
  if (contentType === null || /json/i.test(contentType)) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      // Not JSON after all: keep the text.
    }
  }
  return trimmed;
}

function parseHttpResponse(text: string, contentId: string | undefined): MultipartOperationResponse {
  const { head, body } = splitHead(text);
  const [statusLine, ...headerLines] = head;
  const status = /^HTTP\/\d(?:\.\d)?\s+(\d{3})(?:\s+(.*))?$/.exec(statusLine ?? "");
  if (!status) throw new BatchParseError(`malformed status line ${JSON.stringify(statusLine ?? "")}`);
  const headers = parseHeaderLines(headerLines);
  return {
    kind: "response",
    contentId,
    status: Number(status[1]),
    statusText: status[2]?.trim() ?? "",
    headers,
    body: parseBodyText(body, headers.get("content-type")),
  };
}

function parsePart(text: string, nested: boolean): MultipartResponsePart {
  const { head, body } = splitHead(text);
  const headers = parseHeaderLines(head);
  const contentType = headers.get("content-type");
  const innerBoundary = multipartBoundary(contentType);
  if (innerBoundary !== undefined) {
    if (nested) throw new BatchParseError("change sets cannot be nested inside change sets");
    const responses = splitMultipartParts(body, innerBoundary).map((part) => {
      const parsed = parsePart(part, true);
      /* v8 ignore next -- parsePart with nested=true never returns a change set */
      if (parsed.kind !== "response") throw new BatchParseError("unexpected nested change set");
      return parsed;
    });
    return { kind: "changeset", responses };
  }
  if (contentType !== null && !/^\s*application\/http\b/i.test(contentType)) {
    throw new BatchParseError(`unexpected part Content-Type ${JSON.stringify(contentType)}`);
  }
  return parseHttpResponse(body, headers.get("content-id") ?? undefined);
}

/**
 * Parses a multipart/mixed `$batch` response body into its top-level parts, in order: single responses and
 * change sets (each with its responses). Accepts CRLF and bare LF line endings, quoted and unquoted boundaries,
 * and a preamble or epilogue around the parts.
 * @param contentType the response's `Content-Type` header (it carries the boundary).
 * @throws BatchParseError when the body is not a well-formed multipart batch response.
 */
export function parseMultipartBatchResponse(body: string, contentType: string | null): MultipartResponsePart[] {
  const boundary = multipartBoundary(contentType);
  if (boundary === undefined) {
    throw new BatchParseError(`response Content-Type ${JSON.stringify(contentType)} has no multipart boundary`);
  }
  return splitMultipartParts(body, boundary).map((part) => parsePart(part, false));
}
