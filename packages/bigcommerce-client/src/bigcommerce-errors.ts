import { defaultVendorErrorParser, type VendorErrorParser } from "@org/http";

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;

const codeOf = (value: unknown): string | undefined =>
  typeof value === "number" || (typeof value === "string" && value.trim() !== "") ? String(value) : undefined;

/** `errors: { "items.0.sku": "is required", … }` (or a list of strings) as `items.0.sku: is required; …`. */
function details(errors: unknown): string | undefined {
  if (Array.isArray(errors)) {
    const parts = errors.map((e) => text(e) ?? (isRecord(e) ? text(e.message) : undefined)).filter(Boolean);
    return parts.length > 0 ? parts.join("; ") : undefined;
  }
  if (!isRecord(errors)) return undefined;
  const parts = Object.entries(errors).flatMap(([field, value]) => {
    const message = text(value) ?? (Array.isArray(value) ? value.filter((v) => typeof v === "string").join(", ") : "");
    return message ? [`${field}: ${message}`] : [];
  });
  return parts.length > 0 ? parts.join("; ") : undefined;
}

/**
 * Reads BigCommerce's two error shapes into `ApiCallError.vendorCode` / `vendorMessage`:
 *
 * - v3 (RFC 7807-like): `{ status, title, type, errors: { field: message } }` → code `code` if present, else
 *   `status`; message `title` followed by the field errors (`title (items.0.sku: is required)`).
 * - v2: `[{ status, message, details? }]` → code of the first entry, messages of all entries joined with `; `.
 *   A single v2 object `{ status, message }` is read the same way.
 *
 * Anything else falls back to `@org/http`'s generic parser.
 */
export const parseVendorError: VendorErrorParser = (body) => {
  if (Array.isArray(body)) {
    const entries = body.filter(isRecord);
    if (entries.length === 0) return undefined;
    const messages = entries.map((e) => text(e.message) ?? text(e.title)).filter(Boolean);
    return {
      code: codeOf(entries[0]?.code) ?? codeOf(entries[0]?.status),
      message: messages.length > 0 ? messages.join("; ") : undefined,
    };
  }
  if (!isRecord(body)) return undefined;
  if ("title" in body || ("status" in body && ("errors" in body || "message" in body))) {
    const title = text(body.title) ?? text(body.message) ?? text(body.detail);
    const fields = details(body.errors);
    const message = title && fields ? `${title} (${fields})` : (title ?? fields);
    return { code: codeOf(body.code) ?? codeOf(body.status), message };
  }
  return defaultVendorErrorParser(body);
};
