/**
 * `$batch` execution: operations are validated, split into requests of at most `maxOperationsPerRequest`
 * (never splitting a change set), sent in the JSON or the multipart/mixed format, and every operation's result
 * is mapped back to it, in the caller's order. A failed change set reports every operation in it as failed.
 */
import { ApiCallError, apiCallErrorFromResponse, redactUrl, type VendorErrorParser } from "@org/http";
import { type BatchOperation, chunkOperations, type PlannedOperation, planOperations } from "./batch-plan.js";
import { ODataUsageError } from "./errors.js";
import { asConcurrencyConflict } from "./etag.js";
import {
  BatchParseError,
  buildMultipartBatch,
  type MultipartOperationResponse,
  type MultipartResponsePart,
  multipartBoundary,
  parseMultipartBatchResponse,
} from "./multipart.js";

/**
 * Default {@link BatchOptions.maxOperationsPerRequest}: 100, the per-request limit Business Central documents
 * for `$batch`. Services without a documented limit are safe with it too.
 */
export const DEFAULT_MAX_BATCH_OPERATIONS = 100;

/** Default {@link BatchOptions.format}. */
export const DEFAULT_BATCH_FORMAT: BatchFormat = "json";

/** Wire format of a `$batch` request. */
export type BatchFormat = "json" | "multipart";

/** How operation URLs are written inside the batch body. */
export type BatchUrlStyle = "relative" | "absolute-path" | "absolute";

/** Options of {@link executeBatch}. */
export interface BatchOptions {
  /**
   * The service root the `$batch` endpoint and the operation URLs are relative to, e.g.
   * `https://api.businesscentral.dynamics.com/v2.0/{tenant}/{env}/api/v2.0` or `https://host:50000/b1s/v2`.
   * Required.
   */
  serviceRoot: string;
  /** `fetch` used for the `$batch` POSTs; pass the client's resilient fetch. Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /**
   * `"json"`: OData JSON batch (`{ requests: [...] }`, OData 4.01, as Business Central accepts it).
   * `"multipart"`: multipart/mixed with change sets (OData 4.0, as SAP Business One Service Layer requires).
   * @default "json" ({@link DEFAULT_BATCH_FORMAT})
   */
  format?: BatchFormat;
  /**
   * Most operations one `$batch` request carries; longer lists are sent as several requests, one after the other.
   * @default 100 ({@link DEFAULT_MAX_BATCH_OPERATIONS})
   */
  maxOperationsPerRequest?: number;
  /**
   * How operation URLs are written: as given, relative to the service root (`"relative"`), as an absolute path
   * (`/b1s/v2/Orders`, `"absolute-path"`), or as an absolute URL (`"absolute"`). References to earlier
   * operations (`$1/…`) and absolute URLs are always left as they are.
   * @default "relative"
   */
  operationUrls?: BatchUrlStyle;
  /** Extra headers on each `$batch` request (e.g. `Isolation: snapshot`). Default: none. */
  headers?: Readonly<Record<string, string>>;
  /** Reads the vendor's error body of a failed operation. Default: `@org/http`'s generic OData/JSON parser. */
  parseVendorError?: VendorErrorParser;
  /** Aborts the remaining requests; an aborted call rejects instead of returning results. Default: none. */
  signal?: AbortSignal;
}

/** A successful operation. */
export interface BatchSuccess {
  ok: true;
  /** The operation's id (given or assigned). */
  id: string;
  status: number;
  headers: Headers;
  /** Parsed JSON body, text for non-JSON bodies, `undefined` when empty (204). */
  body: unknown;
}

/** A failed operation; a 412 carries an `ODataConcurrencyConflictError`. */
export interface BatchFailure {
  ok: false;
  /** The operation's id (given or assigned). */
  id: string;
  /** The operation's status; for an operation rolled back with its change set, the change set's failure status. */
  status: number | undefined;
  error: ApiCallError;
}

/** The result of one operation. */
export type BatchResult = BatchSuccess | BatchFailure;

interface RawResponse {
  status: number;
  statusText: string;
  headers: Headers;
  body: unknown;
}

interface ChunkContext {
  serviceRoot: string;
  batchUrl: string;
  parseVendorError: VendorErrorParser | undefined;
  batchRequestId: string | undefined;
}

function withTrailingSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}

function operationUrlFor(url: string, root: string, style: BatchUrlStyle): string {
  if (url.startsWith("$") || /^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  if (style === "relative") return url;
  const absolute = new URL(url, root);
  return style === "absolute" ? absolute.href : `${absolute.pathname}${absolute.search}`;
}

function absoluteUrl(url: string, root: string): string {
  return url.startsWith("$") ? url : new URL(url, root).href;
}

function isWrite(operation: PlannedOperation): boolean {
  return operation.method !== "GET";
}

function headerOf(operation: PlannedOperation, name: string): string | undefined {
  const entry = Object.entries(operation.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return entry?.[1];
}

function requestIdOf(headers: Headers): string | undefined {
  return headers.get("request-id") ?? headers.get("x-request-id") ?? headers.get("x-correlation-id") ?? undefined;
}

function operationError(operation: PlannedOperation, raw: RawResponse, context: ChunkContext): ApiCallError {
  const url = redactUrl(absoluteUrl(operation.url, context.serviceRoot));
  // Outside the 200–599 range a Response cannot be constructed; such a status is a protocol error anyway.
  const status = raw.status >= 200 && raw.status <= 599 ? raw.status : 500;
  const headers = new Headers(raw.headers);
  if (!headers.has("request-id") && context.batchRequestId) headers.set("request-id", context.batchRequestId);
  const response = new Response(null, { status, statusText: raw.statusText, headers });
  const error = apiCallErrorFromResponse(response, raw.body, {
    method: operation.method,
    url,
    parseVendorError: context.parseVendorError,
    requestIdHeaders: ["request-id", "x-request-id", "x-correlation-id"],
    outcomeUnknown: false,
  });
  return asConcurrencyConflict(error, headerOf(operation, "if-match")) ?? error;
}

function success(operation: PlannedOperation, raw: RawResponse): BatchSuccess {
  return { ok: true, id: operation.id, status: raw.status, headers: raw.headers, body: raw.body };
}

function failure(operation: PlannedOperation, error: ApiCallError): BatchFailure {
  return { ok: false, id: operation.id, status: error.status, error };
}

function missingResponse(operation: PlannedOperation, context: ChunkContext, detail: string): BatchFailure {
  const write = isWrite(operation);
  const url = redactUrl(absoluteUrl(operation.url, context.serviceRoot));
  return failure(
    operation,
    new ApiCallError(
      `${operation.method} ${url}: ${detail}${
        write ? "; outcome unknown, look the record up by its natural key before sending it again" : ""
      }`,
      {
        method: operation.method,
        url,
        requestId: context.batchRequestId,
        retryable: true,
        outcomeUnknown: write,
      },
    ),
  );
}

function rolledBack(operation: PlannedOperation, cause: BatchFailure, context: ChunkContext): BatchFailure {
  const url = redactUrl(absoluteUrl(operation.url, context.serviceRoot));
  const error = new ApiCallError(
    `${operation.method} ${url} was rolled back: operation ${cause.id} of change set ` +
      `${operation.atomicityGroup ?? ""} failed (${cause.error.message})`,
    {
      method: operation.method,
      url,
      status: cause.error.status,
      vendorCode: cause.error.vendorCode,
      vendorMessage: cause.error.vendorMessage,
      requestId: cause.error.requestId,
      retryable: cause.error.retryable,
      outcomeUnknown: cause.error.outcomeUnknown,
      reason: cause.error.reason,
      cause: cause.error,
    },
  );
  return failure(operation, error);
}

/** Applies atomicity: if one operation of a change set failed, every operation in it is reported failed. */
function enforceAtomicity(
  operations: readonly PlannedOperation[],
  results: BatchResult[],
  context: ChunkContext,
): BatchResult[] {
  const firstFailure = new Map<string, BatchFailure>();
  operations.forEach((operation, position) => {
    const result = results[position]!;
    if (operation.atomicityGroup !== undefined && !result.ok && !firstFailure.has(operation.atomicityGroup)) {
      firstFailure.set(operation.atomicityGroup, result);
    }
  });
  return operations.map((operation, position) => {
    const result = results[position]!;
    const cause = operation.atomicityGroup === undefined ? undefined : firstFailure.get(operation.atomicityGroup);
    return result.ok && cause ? rolledBack(operation, cause, context) : result;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// JSON format

/** The body of a JSON `$batch` request. */
export interface JsonBatchRequestBody {
  requests: {
    id: string;
    method: string;
    url: string;
    headers?: Record<string, string>;
    body?: unknown;
    atomicityGroup?: string;
    dependsOn?: string[];
  }[];
}

/**
 * Builds the body of a JSON `$batch` request (OData JSON Format 4.01 §19). JSON bodies get a
 * `Content-Type: application/json` header unless one is given. Operations must already be validated.
 */
export function buildJsonBatch(
  operations: readonly PlannedOperation[],
  target: (url: string) => string = (url) => url,
): JsonBatchRequestBody {
  return {
    requests: operations.map((operation) => {
      const headers: Record<string, string> = { ...operation.headers };
      const hasBody = operation.body !== undefined;
      if (hasBody && typeof operation.body !== "string" && headerOf(operation, "content-type") === undefined) {
        headers["Content-Type"] = "application/json";
      }
      return {
        id: operation.id,
        method: operation.method,
        url: target(operation.url),
        ...(Object.keys(headers).length > 0 ? { headers } : {}),
        ...(hasBody ? { body: operation.body } : {}),
        ...(operation.atomicityGroup === undefined ? {} : { atomicityGroup: operation.atomicityGroup }),
        ...(operation.dependsOn === undefined || operation.dependsOn.length === 0
          ? {}
          : { dependsOn: [...operation.dependsOn] }),
      };
    }),
  };
}

function toHeaders(value: unknown): Headers {
  const headers = new Headers();
  if (value !== null && typeof value === "object") {
    for (const [name, headerValue] of Object.entries(value)) {
      if (typeof headerValue === "string" || typeof headerValue === "number") {
        try {
          headers.set(name, String(headerValue));
        } catch {
          // An invalid header from the service is dropped rather than failing the whole batch.
        }
      }
    }
  }
  return headers;
}

/**
 * Reads a JSON `$batch` response body (`{ responses: [{ id, status, headers, body }] }`) into a map from
 * operation id to its response.
 * @throws BatchParseError when the body is not a JSON batch response.
 */
export function parseJsonBatchResponse(body: unknown): Map<string, RawResponse> {
  const responses = body !== null && typeof body === "object" ? (body as { responses?: unknown }).responses : undefined;
  if (!Array.isArray(responses)) throw new BatchParseError("JSON batch response has no `responses` array");
  const byId = new Map<string, RawResponse>();
  for (const entry of responses) {
    if (entry === null || typeof entry !== "object") continue;
    const { id, status, headers, body: responseBody } = entry as Record<string, unknown>;
    if ((typeof id !== "string" && typeof id !== "number") || typeof status !== "number") continue;
    byId.set(String(id), { status, statusText: "", headers: toHeaders(headers), body: responseBody });
  }
  return byId;
}

function mapJsonResults(
  operations: readonly PlannedOperation[],
  byId: Map<string, RawResponse>,
  context: ChunkContext,
): BatchResult[] {
  return operations.map((operation) => {
    const raw = byId.get(operation.id);
    if (!raw) return missingResponse(operation, context, "the $batch response has no response for this operation");
    return raw.status >= 200 && raw.status < 300
      ? success(operation, raw)
      : failure(operation, operationError(operation, raw, context));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Multipart format

function mapMultipartResults(
  operations: readonly PlannedOperation[],
  parts: readonly MultipartResponsePart[],
  context: ChunkContext,
): BatchResult[] {
  const results: BatchResult[] = [];
  const settle = (operation: PlannedOperation, raw: MultipartOperationResponse): BatchResult =>
    raw.status >= 200 && raw.status < 300
      ? success(operation, raw)
      : failure(operation, operationError(operation, raw, context));
  let partIndex = 0;
  for (let index = 0; index < operations.length; ) {
    const operation = operations[index]!;
    const part = parts[partIndex++];
    const group = operation.atomicityGroup;
    if (group === undefined) {
      index++;
      if (part === undefined) results.push(missingResponse(operation, context, "the $batch response ended early"));
      else if (part.kind === "changeset") {
        results.push(missingResponse(operation, context, "the $batch response has a change set in its place"));
      } else results.push(settle(operation, part));
      continue;
    }
    const members: PlannedOperation[] = [];
    while (index < operations.length && operations[index]!.atomicityGroup === group) members.push(operations[index++]!);
    if (part === undefined) {
      for (const member of members) results.push(missingResponse(member, context, "the $batch response ended early"));
    } else if (part.kind === "response") {
      // A failed change set is answered with one response for the whole set.
      const failedId =
        part.contentId !== undefined && members.some((m) => m.id === part.contentId) ? part.contentId : undefined;
      const primary = members.find((member) => member.id === failedId) ?? members[0]!;
      const cause = settle(primary, part);
      for (const member of members) {
        if (member === primary) results.push(cause);
        else if (cause.ok)
          results.push(missingResponse(member, context, "the change set's response names another operation"));
        else results.push(rolledBack(member, cause, context));
      }
    } else {
      // Map by Content-ID when the service echoed them all, else by position.
      const byContentId = new Map(part.responses.map((response) => [response.contentId, response]));
      const useIds = members.every((member) => byContentId.has(member.id));
      members.forEach((member, position) => {
        const raw = useIds ? byContentId.get(member.id) : part.responses[position];
        results.push(
          raw ? settle(member, raw) : missingResponse(member, context, "the change set has no response for it"),
        );
      });
    }
  }
  return results;
}

// ---------------------------------------------------------------------------------------------------------------
// Execution

async function readText(response: Response): Promise<string> {
  try {
    return await response.text();
  } catch {
    return "";
  }
}

function parseJsonText(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

async function executeChunk(
  chunk: readonly PlannedOperation[],
  options: BatchOptions,
  context: ChunkContext,
): Promise<BatchResult[]> {
  const format = options.format ?? DEFAULT_BATCH_FORMAT;
  const style = options.operationUrls ?? "relative";
  const target = (url: string) => operationUrlFor(url, context.serviceRoot, style);
  const headers = new Headers(options.headers);
  let body: string;
  if (format === "json") {
    headers.set("Content-Type", "application/json");
    headers.set("Accept", "application/json");
    body = JSON.stringify(buildJsonBatch(chunk, target));
  } else {
    const multipart = buildMultipartBatch(chunk, { target });
    headers.set("Content-Type", multipart.contentType);
    headers.set("Accept", "multipart/mixed");
    body = multipart.body;
  }

  const doFetch = options.fetch ?? globalThis.fetch;
  const hasWrites = chunk.some(isWrite);
  let response: Response;
  try {
    response = await doFetch(context.batchUrl, {
      method: "POST",
      headers,
      body,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    const error =
      cause instanceof ApiCallError
        ? cause
        : new ApiCallError(`POST ${redactUrl(context.batchUrl)} failed without a response`, {
            method: "POST",
            url: redactUrl(context.batchUrl),
            retryable: true,
            outcomeUnknown: hasWrites,
            reason: "network",
            cause,
          });
    return chunk.map((operation) => failure(operation, error));
  }

  const text = await readText(response);
  const chunkContext = { ...context, batchRequestId: requestIdOf(response.headers) };
  if (!response.ok) {
    const error = apiCallErrorFromResponse(response, parseJsonText(text), {
      method: "POST",
      url: redactUrl(context.batchUrl),
      parseVendorError: options.parseVendorError,
      outcomeUnknown: hasWrites && (response.status >= 500 || response.status === 408),
    });
    return chunk.map((operation) => failure(operation, error));
  }

  try {
    const contentType = response.headers.get("content-type");
    const results =
      multipartBoundary(contentType) !== undefined
        ? mapMultipartResults(chunk, parseMultipartBatchResponse(text, contentType), chunkContext)
        : mapJsonResults(chunk, parseJsonBatchResponse(parseJsonText(text)), chunkContext);
    return enforceAtomicity(chunk, results, chunkContext);
  } catch (cause) {
    /* v8 ignore next -- mapping only throws parse errors */
    if (!(cause instanceof BatchParseError)) throw cause;
    return chunk.map((operation) =>
      missingResponse(operation, chunkContext, `the $batch response could not be read (${cause.message})`),
    );
  }
}

/**
 * Runs operations through `$batch`: validates them, sends them in requests of at most `maxOperationsPerRequest`
 * (never splitting a change set or a `dependsOn` chain), one request after the other, and returns one result per
 * operation in the order given. Never throws for a failed operation or request: each result says `ok` or
 * carries an `ApiCallError` (a 412 carries an `ODataConcurrencyConflictError`). When the `$batch` request itself
 * fails, every operation of that request fails with the request's error. A failed change set reports all its
 * operations failed.
 *
 * ```ts
 * const results = await executeBatch(
 *   items.map((item) => ({ method: "PATCH", url: `companies(${companyId})/items(${item.id})`,
 *     headers: ifMatchHeaders(item), body: { unitPrice: item.unitPrice } })),
 *   { serviceRoot, fetch: resilientFetch },
 * );
 * ```
 * @throws ODataUsageError for invalid operations or a change set larger than `maxOperationsPerRequest`
 *   (before anything is sent).
 */
export async function executeBatch(
  operations: readonly BatchOperation[],
  options: BatchOptions,
): Promise<BatchResult[]> {
  if (typeof options?.serviceRoot !== "string" || !URL.canParse(options.serviceRoot)) {
    throw new ODataUsageError(`serviceRoot must be an absolute URL, got ${JSON.stringify(options?.serviceRoot)}`);
  }
  const format = options.format ?? DEFAULT_BATCH_FORMAT;
  if (format !== "json" && format !== "multipart") throw new ODataUsageError(`unknown batch format ${String(format)}`);
  const planned = planOperations(operations);
  const chunks = chunkOperations(planned, options.maxOperationsPerRequest ?? DEFAULT_MAX_BATCH_OPERATIONS);
  const serviceRoot = withTrailingSlash(options.serviceRoot);
  const context: ChunkContext = {
    serviceRoot,
    batchUrl: new URL("$batch", serviceRoot).href,
    parseVendorError: options.parseVendorError,
    batchRequestId: undefined,
  };
  const results: BatchResult[] = [];
  for (const chunk of chunks) {
    options.signal?.throwIfAborted();
    results.push(...(await executeChunk(chunk, options, context)));
  }
  /* v8 ignore next 3 -- chunks preserve order; this guards the invariant */
  if (results.some((result, index) => result.id !== planned[index]?.id)) {
    throw new Error("internal error: batch results out of order");
  }
  return results;
}
