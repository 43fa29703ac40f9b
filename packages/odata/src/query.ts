import { ODataUsageError } from "./errors.js";
import { assertPropertyPath, FilterExpression } from "./filter.js";

type ElementOf<V> =
  NonNullable<V> extends readonly (infer U)[]
    ? U
    : NonNullable<V> extends object
      ? NonNullable<V>
      : Record<string, unknown>;

/** A property to sort by, ascending, or a `[property, direction]` pair. */
export type OrderByItem<T> = (keyof T & string) | readonly [keyof T & string, "asc" | "desc"];

/**
 * Navigation properties to expand: a list of names, or an object whose values are `true` (expand as is) or nested
 * query options for the expanded entities (`$select`, `$filter`, `$expand`, `$orderby`, `$top`, `$skip`,
 * `$count`), e.g. `{ salesOrderLines: { select: ["itemId", "quantity"] } }`.
 */
export type ExpandOption<T> =
  | readonly (keyof T & string)[]
  | { readonly [K in keyof T & string]?: true | QueryOptions<ElementOf<T[K]>> };

/**
 * OData system query options, typed against the entity type `T` so property names autocomplete. Every option
 * is optional and omitted from the output when not set.
 */
export interface QueryOptions<T = Record<string, unknown>> {
  /** `$filter`: build it with `filterBuilder<T>()`. Default: none (no filtering). */
  filter?: FilterExpression | undefined;
  /** `$select`: properties to return. Default: none (the service returns all properties). */
  select?: readonly (keyof T & string)[] | undefined;
  /** `$expand`: navigation properties to include inline, optionally with nested options. Default: none. */
  expand?: ExpandOption<T> | undefined;
  /** `$orderby`: sort keys in priority order. Default: none (service order; page through a stable key instead). */
  orderby?: readonly OrderByItem<T>[] | undefined;
  /** `$top`: at most this many results (a non-negative integer). Default: none (server paging applies). */
  top?: number | undefined;
  /** `$skip`: skip this many results (a non-negative integer). Default: none. */
  skip?: number | undefined;
  /** `$count`: `true` asks for `@odata.count` with the results. Default: none (not requested). */
  count?: boolean | undefined;
}

function nonNegativeInteger(name: string, value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ODataUsageError(`${name} must be a non-negative integer, got ${String(value)}`);
  }
  return String(value);
}

function propertyList(name: string, values: readonly string[]): string {
  if (!Array.isArray(values)) throw new ODataUsageError(`${name} must be an array of property names`);
  return values.map(assertPropertyPath).join(",");
}

function orderByText(items: readonly OrderByItem<Record<string, unknown>>[]): string {
  if (!Array.isArray(items)) throw new ODataUsageError("$orderby must be an array");
  return items
    .map((item) => {
      if (typeof item === "string") return assertPropertyPath(item);
      const [path, direction] = item;
      if (direction !== "asc" && direction !== "desc") {
        throw new ODataUsageError(`$orderby direction must be "asc" or "desc", got ${JSON.stringify(direction)}`);
      }
      return `${assertPropertyPath(path)} ${direction}`;
    })
    .join(",");
}

function expandText(expand: ExpandOption<Record<string, unknown>>): string {
  if (Array.isArray(expand)) return propertyList("$expand", expand);
  if (typeof expand !== "object" || expand === null) {
    throw new ODataUsageError("$expand must be an array of names or an object");
  }
  return Object.entries(expand)
    .filter(([, nested]) => nested !== undefined)
    .map(([name, nested]) => {
      const path = assertPropertyPath(name);
      if (nested === true) return path;
      const inner = Object.entries(queryEntries(nested as QueryOptions))
        .map(([key, value]) => `${key}=${value}`)
        .join(";");
      return inner === "" ? path : `${path}(${inner})`;
    })
    .join(",");
}

function queryEntries(options: QueryOptions): Record<string, string> {
  if (typeof options !== "object" || options === null) throw new ODataUsageError("Query options must be an object");
  const entries: Record<string, string> = {};
  if (options.filter !== undefined) {
    if (!(options.filter instanceof FilterExpression)) {
      throw new ODataUsageError("filter must be a FilterExpression built with filterBuilder(), and(), or() or not()");
    }
    entries.$filter = options.filter.text;
  }
  if (options.select !== undefined) entries.$select = propertyList("$select", options.select);
  if (options.expand !== undefined) entries.$expand = expandText(options.expand);
  if (options.orderby !== undefined) entries.$orderby = orderByText(options.orderby);
  if (options.top !== undefined) entries.$top = nonNegativeInteger("$top", options.top);
  if (options.skip !== undefined) entries.$skip = nonNegativeInteger("$skip", options.skip);
  if (options.count !== undefined) {
    if (typeof options.count !== "boolean") throw new ODataUsageError("$count must be a boolean");
    entries.$count = String(options.count);
  }
  return entries;
}

/**
 * Builds the system query options as a plain object of unencoded strings, e.g.
 * `{ $filter: "displayName eq 'O''Brien'", $top: "50" }`. Pass it as openapi-fetch's `params.query` or to
 * `new URLSearchParams(…)`: both percent-encode the values, and the literals inside stay intact.
 */
export function buildQuery<T = Record<string, unknown>>(options: QueryOptions<T>): Record<string, string> {
  return queryEntries(options as QueryOptions);
}

const READABLE = /%(?:24|2C|3A|2F|40)/g;
const DECODED: Record<string, string> = { "%24": "$", "%2C": ",", "%3A": ":", "%2F": "/", "%40": "@" };

/** Percent-encodes a query value, keeping the characters that are legal in a query and common in OData readable. */
export function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(READABLE, (match) => DECODED[match] ?? match);
}

/**
 * Builds an encoded query string without the leading `?`, e.g. `$filter=displayName%20eq%20'O''Brien'&$top=50`.
 * Spaces become `%20` (never `+`), `&`, `#`, `+` and `=` inside values are percent-encoded.
 */
export function buildQueryString<T = Record<string, unknown>>(options: QueryOptions<T>): string {
  return Object.entries(buildQuery(options))
    .map(([key, value]) => `${key}=${encodeQueryValue(value)}`)
    .join("&");
}
