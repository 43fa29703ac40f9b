/**
 * What a multipart `$batch` server sees: an independent reader of multipart request bodies for the tests (it does
 * not share code with the package's parser), and a writer of multipart responses in the shape services send.
 */
export interface ParsedRequestPart {
  kind: "request";
  partHeaders: Record<string, string>;
  method: string;
  url: string;
  protocol: string;
  headers: Record<string, string>;
  body: string;
}

export interface ParsedChangeset {
  kind: "changeset";
  partHeaders: Record<string, string>;
  requests: ParsedRequestPart[];
}

function boundaryOf(contentType: string): string {
  const match = /boundary=([^;]+)/.exec(contentType);
  if (!match?.[1]) throw new Error(`no boundary in ${contentType}`);
  return match[1];
}

function headerBlock(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const [name, ...rest] = line.split(":");
    headers[name!.trim().toLowerCase()] = rest.join(":").trim();
  }
  return headers;
}

function parts(body: string, boundary: string): string[] {
  if (!body.startsWith(`--${boundary}\r\n`)) throw new Error("body must start with the first delimiter and CRLF");
  const close = `\r\n--${boundary}--`;
  const end = body.lastIndexOf(close);
  if (end < 0) throw new Error("no close delimiter");
  return body.slice(`--${boundary}\r\n`.length, end).split(`\r\n--${boundary}\r\n`);
}

function requestPart(text: string): ParsedRequestPart {
  const [head, ...restBlocks] = text.split("\r\n\r\n");
  const rest = restBlocks.join("\r\n\r\n");
  const [httpHead, ...bodyBlocks] = rest.split("\r\n\r\n");
  const [requestLine, ...headerLines] = (httpHead ?? "").split("\r\n");
  const [method, url, protocol, ...extra] = (requestLine ?? "").split(" ");
  if (extra.length > 0) throw new Error(`request line has extra tokens: ${requestLine}`);
  return {
    kind: "request",
    partHeaders: headerBlock((head ?? "").split("\r\n")),
    method: method ?? "",
    url: url ?? "",
    protocol: protocol ?? "",
    headers: headerBlock(headerLines.filter((line) => line !== "")),
    body: bodyBlocks.join("\r\n\r\n"),
  };
}

export function parseMultipartRequest(body: string, contentType: string): (ParsedRequestPart | ParsedChangeset)[] {
  return parts(body, boundaryOf(contentType)).map((text) => {
    const [head = "", ...rest] = text.split("\r\n\r\n");
    const partHeaders = headerBlock(head.split("\r\n"));
    const type = partHeaders["content-type"] ?? "";
    if (type.startsWith("multipart/mixed")) {
      return {
        kind: "changeset",
        partHeaders,
        requests: parts(rest.join("\r\n\r\n"), boundaryOf(type)).map(requestPart),
      };
    }
    return requestPart(text);
  });
}

export interface ResponseSpec {
  status: number;
  reason: string;
  contentId?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Writes a multipart/mixed batch response; `eol` lets tests use CRLF (the standard) or bare LF. */
export function multipartResponse(
  items: (ResponseSpec | { changeset: ResponseSpec[] })[],
  { boundary = "batchresponse_7c3f", eol = "\r\n" }: { boundary?: string; eol?: string } = {},
): { body: string; contentType: string } {
  const responsePart = (spec: ResponseSpec): string =>
    [
      "Content-Type: application/http",
      "Content-Transfer-Encoding: binary",
      ...(spec.contentId ? [`Content-ID: ${spec.contentId}`] : []),
      "",
      `HTTP/1.1 ${spec.status} ${spec.reason}`,
      ...(spec.body === undefined ? [] : ["Content-Type: application/json;odata.metadata=minimal;charset=utf-8"]),
      ...Object.entries(spec.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
      "",
      spec.body === undefined ? "" : JSON.stringify(spec.body),
    ].join(eol);
  const segments = items.map((item, index) => {
    if (!("changeset" in item)) return responsePart(item);
    const inner = `changesetresponse_${index}`;
    return [
      `Content-Type: multipart/mixed;boundary=${inner}`,
      "",
      ...item.changeset.map((spec) => `--${inner}${eol}${responsePart(spec)}`),
      `--${inner}--`,
    ].join(eol);
  });
  return {
    body: `${segments.map((segment) => `--${boundary}${eol}${segment}${eol}`).join("")}--${boundary}--${eol}`,
    contentType: `multipart/mixed;boundary=${boundary}`,
  };
}
