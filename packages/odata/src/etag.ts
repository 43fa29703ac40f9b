/**
 * Optimistic concurrency with ETags: read the record's `@odata.etag`, send it back as `If-Match` on PATCH, PUT and
 * DELETE, and turn a `412 Precondition Failed` into a typed {@link ODataConcurrencyConflictError}. The wildcard
 * `If-Match: *` (blind overwrite) is never a default: it needs an explicit `{ force: true }`.
 */
import { ApiCallError, type ApiCallErrorDetails, apiCallErrorFromResponse, type VendorErrorParser } from "@org/http";
import { ODataUsageError } from "./errors.js";

/** The annotation that carries an entity's ETag in OData v4 JSON. */
export const ETAG_ANNOTATION = "@odata.etag";

/** An entity as read from an OData service, with its ETag annotation. */
export interface ETagged {
  "@odata.etag"?: string | undefined;
}

/** Where an ETag can be read from: an entity body, a response, or response headers. */
export type ETagSource = ETagged | Response | Headers | null | undefined;

function isUsableETag(value: unknown): value is string {
  // No control characters: an ETag goes into a header, and CR/LF would split it.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
  return typeof value === "string" && value.length > 0 && !/[\u0000-\u001f\u007f]/.test(value);
}

/**
 * Reads an ETag: the `@odata.etag` annotation of an entity, or the `ETag` header of a response. Returns
 * `undefined` when there is none (or when it is unusable in a header).
 */
export function readETag(source: ETagSource): string | undefined {
  if (source === null || source === undefined) return undefined;
  if (source instanceof Headers) return source.get("etag") ?? undefined;
  if (source instanceof Response) return source.headers.get("etag") ?? undefined;
  const value: unknown = (source as Record<string, unknown>)[ETAG_ANNOTATION];
  return isUsableETag(value) ? value : undefined;
}

/** Raised by {@link ifMatchHeaders} when there is no ETag to send and `force` was not given. */
export class MissingETagError extends ODataUsageError {
  override readonly name: string = "MissingETagError";
}

/** Options of {@link ifMatchHeaders}. */
export interface IfMatchOptions {
  /**
   * Send `If-Match: *` (overwrite or delete whatever version the server has) instead of the record's ETag.
   * Only for deliberate blind writes: it disables the lost-update protection.
   * @default false
   */
  force?: boolean;
}

/**
 * The `If-Match` header for an update or delete: the ETag given (or read from the entity), or `*` only when
 * `{ force: true }` is passed explicitly.
 *
 * ```ts
 * await client.PATCH("/companies({c})/customers({id})", { headers: ifMatchHeaders(customer), body: changes, … });
 * ```
 * @throws MissingETagError when there is no usable ETag and `force` is not `true`; also when the ETag given is
 *   the wildcard `*` itself (a wildcard must be asked for with `force`).
 */
export function ifMatchHeaders(
  etagOrEntity: string | ETagSource,
  options: IfMatchOptions = {},
): { "If-Match": string } {
  if (options.force === true) return { "If-Match": "*" };
  const etag = typeof etagOrEntity === "string" ? etagOrEntity : readETag(etagOrEntity);
  if (etag === "*") {
    throw new MissingETagError("If-Match: * overwrites blindly; pass { force: true } to ask for it explicitly");
  }
  if (!isUsableETag(etag)) {
    throw new MissingETagError(
      "No ETag to send in If-Match: read the record first (its @odata.etag), or pass { force: true } for a blind overwrite",
    );
  }
  return { "If-Match": etag };
}

/** Details of an {@link ODataConcurrencyConflictError}. */
export interface ODataConcurrencyConflictDetails extends Omit<ApiCallErrorDetails, "status" | "retryable"> {
  /** URL of the entity whose version did not match. */
  entityUrl: string;
  /** The `If-Match` value that was sent, when known. */
  ifMatch?: string | undefined;
}

/**
 * A write was rejected with `412 Precondition Failed`: the record changed since it was read (its ETag no longer
 * matches). Sending the same request again cannot succeed (`retryable: false`); read the record again and
 * reapply the change, or surface the conflict. The write was not applied (`outcomeUnknown: false`).
 */
export class ODataConcurrencyConflictError extends ApiCallError {
  override readonly name: string = "ODataConcurrencyConflictError";
  /** URL of the entity whose version did not match. */
  readonly entityUrl: string;
  /** The `If-Match` value that was sent, when known. */
  readonly ifMatch: string | undefined;

  constructor(details: ODataConcurrencyConflictDetails) {
    const vendor = [details.vendorCode, details.vendorMessage].filter(Boolean).join(" ");
    super(
      `Concurrency conflict on ${details.entityUrl}: ${details.method} ${
        details.ifMatch ? `with If-Match ${details.ifMatch} ` : ""
      }failed with 412 Precondition Failed${vendor ? ` (${vendor})` : ""}; the record changed since it was read: ` +
        "read it again and reapply the change",
      { ...details, status: 412, retryable: false, outcomeUnknown: false },
    );
    this.entityUrl = details.entityUrl;
    this.ifMatch = details.ifMatch;
  }
}

/** Whether `value` is an {@link ODataConcurrencyConflictError}. */
export function isConcurrencyConflict(value: unknown): value is ODataConcurrencyConflictError {
  return value instanceof ODataConcurrencyConflictError;
}

/** Request details for {@link concurrencyConflictFromResponse}. */
export interface ConcurrencyConflictOptions {
  /** HTTP method of the write. Default: what the resilient fetch recorded, else `"UNKNOWN"`. */
  method?: string;
  /** URL of the entity. Default: what the resilient fetch recorded, else `response.url`. */
  url?: string;
  /** The `If-Match` value that was sent. Default: none (not named in the message). */
  ifMatch?: string;
  /** Reads the vendor's error body. Default: `@org/http`'s generic OData/JSON parser. */
  parseVendorError?: VendorErrorParser;
}

/**
 * Converts an {@link ApiCallError} with status 412 into an {@link ODataConcurrencyConflictError} (keeping its
 * vendor code, message, request id and body); returns `undefined` for anything else.
 *
 * ```ts
 * try { unwrap(await client.PATCH(…)) } catch (error) { throw asConcurrencyConflict(error) ?? error }
 * ```
 */
export function asConcurrencyConflict(error: unknown, ifMatch?: string): ODataConcurrencyConflictError | undefined {
  if (error instanceof ODataConcurrencyConflictError) return error;
  if (!(error instanceof ApiCallError) || error.status !== 412) return undefined;
  return new ODataConcurrencyConflictError({
    method: error.method,
    url: error.url,
    entityUrl: error.url,
    ifMatch,
    vendorCode: error.vendorCode,
    vendorMessage: error.vendorMessage,
    requestId: error.requestId,
    outcomeUnknown: false,
    body: error.body,
    reason: "status",
    attempts: error.attempts,
    cause: error,
  });
}

/**
 * For a `412` response, reads its body and returns the {@link ODataConcurrencyConflictError}; for any other
 * status returns `undefined` without touching the body.
 */
export async function concurrencyConflictFromResponse(
  response: Response,
  options: ConcurrencyConflictOptions = {},
): Promise<ODataConcurrencyConflictError | undefined> {
  if (response.status !== 412) return undefined;
  const text = await response.text().catch(() => "");
  let body: unknown = text === "" ? undefined : text;
  try {
    body = text === "" ? undefined : (JSON.parse(text) as unknown);
  } catch {
    // Keep the text.
  }
  const base = apiCallErrorFromResponse(response, body, {
    ...(options.method === undefined ? {} : { method: options.method }),
    ...(options.url === undefined ? {} : { url: options.url }),
    parseVendorError: options.parseVendorError,
  });
  return asConcurrencyConflict(base, options.ifMatch);
}
