/**
 * A typed builder for Oro's JSON:API query string: `filter[field]=v`, `filter[field][op]=v`, comma lists, `a..b`
 * ranges, `sort`, `include`, `fields[type]`, `page[number]`, `page[size]`.
 *
 * Why values are rejected rather than escaped: Oro has no escape syntax. It percent-decodes the query string,
 * then splits a list value with a plain `explode(",")` and a range value at the first `..`; some versions
 * percent-decode string filter values once more. So a value containing `,` or `..` would silently become a list
 * or a range (a filter on `"A,B"` would match the records "A" and "B"), and percent-encoding cannot protect the
 * delimiters (a literal `%2C` may be decoded into `,`). The builder therefore throws an {@link OroQueryError} for
 * any value containing `,`, `..` or `%`, and for field, type and include names that are not plain identifiers
 * (which could otherwise open another `[...]` segment). `&`, `=` and `#` are harmless: `URLSearchParams` and
 * openapi-fetch encode them. Filter on another field, or filter client-side, for values that contain a comma.
 */
import { ORO_RESOURCES, type OroFilterField, type OroResourceType, type OroSortField } from "./oro-resources.js";

/** A single filter value. Dates are sent in UTC with second precision (Oro stores seconds). */
export type OroFilterScalar = string | number | bigint | boolean | Date;

/** Operators that take one value or a list of values. */
export interface OroListOperators {
  /** `filter[f]=v` (the plain form): equal to the value, or to any value of the list. */
  eq?: OroFilterScalar | readonly OroFilterScalar[];
  /** `filter[f][neq]=v`: not equal to the value (or to any value of the list); NULLs excluded. */
  neq?: OroFilterScalar | readonly OroFilterScalar[];
  /** `filter[f][neq_or_null]=v`: like `neq`, NULLs included. */
  neq_or_null?: OroFilterScalar | readonly OroFilterScalar[];
  /** `filter[f][contains]=v` (strings: substring; to-many: contains all). Only where the filter enables it. */
  contains?: OroFilterScalar | readonly OroFilterScalar[];
  /** `filter[f][not_contains]=v`. Only where the filter enables it. */
  not_contains?: OroFilterScalar | readonly OroFilterScalar[];
  /** `filter[f][starts_with]=v`. Only where the filter enables it. */
  starts_with?: OroFilterScalar;
  /** `filter[f][ends_with]=v`. Only where the filter enables it. */
  ends_with?: OroFilterScalar;
}

/** Comparison operators; each takes one value. */
export interface OroComparisonOperators {
  /** `filter[f][gt]=v`. A `Date` is rounded down to the second (never excludes a matching record). */
  gt?: OroFilterScalar;
  /** `filter[f][gte]=v`. A `Date` is rounded down to the second. */
  gte?: OroFilterScalar;
  /** `filter[f][lt]=v`. A `Date` is rounded up to the second (never excludes a matching record). */
  lt?: OroFilterScalar;
  /** `filter[f][lte]=v`. A `Date` is rounded up to the second. */
  lte?: OroFilterScalar;
}

/** The condition on one field: a value (equality), a list (any of), or an object of operators. */
export type OroFilterCondition =
  | OroFilterScalar
  | readonly OroFilterScalar[]
  | (OroListOperators &
      OroComparisonOperators & {
        /** `filter[f][exists]=true|false`: the field is (not) null / the to-many is (not) empty. */
        exists?: boolean;
        /** `filter[f]=from..to`: an inclusive range (numbers and dates). Cannot be combined with `eq`. */
        between?: readonly [from: OroFilterScalar, to: OroFilterScalar];
      });

/** A sort field, ascending, or descending with a leading `-`. */
export type OroSortKey<S extends string> = S | `-${S}`;

/** A query for one list endpoint; `F` and `S` are the filter and sort field names (autocompleted). */
export interface OroQuery<F extends string = string, S extends string = F> {
  /** Conditions per field; all conditions must hold (AND). */
  filter?: { readonly [K in F]?: OroFilterCondition };
  /** Sort keys in priority order, e.g. `["-updatedAt", "id"]`. */
  sort?: readonly OroSortKey<S>[];
  /** Relationship paths to include, e.g. `["lineItems", "lineItems.product"]`. */
  include?: readonly string[];
  /** Sparse fieldsets per resource type, e.g. `{ orders: ["identifier", "updatedAt"] }`. */
  fields?: { readonly [type: string]: readonly string[] };
  /** Page number (from 1) and size. Oro's default size is 10. */
  page?: { number?: number; size?: number };
}

/** Thrown for a query Oro would misread; `parameter` names the query parameter concerned. */
export class OroQueryError extends Error {
  override readonly name = "OroQueryError";
  constructor(
    message: string,
    readonly parameter: string,
  ) {
    super(message);
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

type Rounding = "floor" | "ceil" | "exact";

const LIST_OPERATORS = ["neq", "neq_or_null", "contains", "not_contains"] as const;
const SCALAR_OPERATORS: readonly [keyof OroListOperators | keyof OroComparisonOperators, Rounding][] = [
  ["starts_with", "exact"],
  ["ends_with", "exact"],
  ["gt", "floor"],
  ["gte", "floor"],
  ["lt", "ceil"],
  ["lte", "ceil"],
];
const KNOWN_KEYS = new Set<string>([
  "eq",
  "exists",
  "between",
  ...LIST_OPERATORS,
  ...SCALAR_OPERATORS.map(([op]) => op),
]);

/**
 * Serialises a query into query parameters (a record `URLSearchParams` and openapi-fetch accept). Throws
 * {@link OroQueryError} for anything Oro would misread (see the module comment).
 *
 * @example
 * buildOroQuery<"updatedAt" | "identifier">({
 *   filter: { updatedAt: { gte: checkpoint }, identifier: ["SO-1", "SO-2"] },
 *   sort: ["updatedAt", "id"],
 *   page: { size: 100 },
 * });
 * // { "filter[updatedAt][gte]": "2024-03-05T10:20:30Z", "filter[identifier]": "SO-1,SO-2", sort: "updatedAt,id", "page[size]": "100" }
 */
export function buildOroQuery<F extends string = string, S extends string = F>(
  query: OroQuery<F, S>,
): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [field, condition] of Object.entries<OroFilterCondition | undefined>(query.filter ?? {})) {
    if (condition === undefined) continue;
    if (!PATH.test(field)) throw new OroQueryError(`Invalid filter field name "${field}".`, `filter[${field}]`);
    addCondition(params, field, condition);
  }
  if (query.sort !== undefined) {
    params.sort = list(query.sort, "sort", (key) => {
      const name = key.startsWith("-") ? key.slice(1) : key;
      if (!PATH.test(name)) throw new OroQueryError(`Invalid sort field "${key}".`, "sort");
      return key;
    });
  }
  if (query.include !== undefined) {
    params.include = list(query.include, "include", (path) => {
      if (!PATH.test(path)) throw new OroQueryError(`Invalid include path "${path}".`, "include");
      return path;
    });
  }
  for (const [type, fields] of Object.entries(query.fields ?? {})) {
    const parameter = `fields[${type}]`;
    if (!NAME.test(type)) throw new OroQueryError(`Invalid resource type "${type}".`, parameter);
    params[parameter] = list(fields, parameter, (field) => {
      if (!NAME.test(field)) throw new OroQueryError(`Invalid field name "${field}".`, parameter);
      return field;
    });
  }
  if (query.page?.number !== undefined) params["page[number]"] = pageValue(query.page.number, "page[number]");
  if (query.page?.size !== undefined) params["page[size]"] = pageValue(query.page.size, "page[size]");
  return params;
}

/**
 * {@link buildOroQuery} for one resource of the document: filter and sort names are checked against
 * {@link ORO_RESOURCES} at compile time and at run time (Oro rejects unknown filters with 400).
 */
export function buildOroQueryFor<T extends OroResourceType>(
  resource: T,
  query: OroQuery<OroFilterField<T>, OroSortField<T>>,
): Record<string, string> {
  const known: { filters: readonly string[]; sorts: readonly string[] } = ORO_RESOURCES[resource];
  for (const field of Object.keys(query.filter ?? {})) {
    if (!known.filters.includes(field)) {
      throw new OroQueryError(`"${resource}" has no filter "${field}".`, `filter[${field}]`);
    }
  }
  for (const key of query.sort ?? []) {
    const name = key.startsWith("-") ? key.slice(1) : key;
    if (!known.sorts.includes(name)) throw new OroQueryError(`"${resource}" cannot be sorted by "${name}".`, "sort");
  }
  return buildOroQuery(query);
}

/** {@link buildOroQuery} as `URLSearchParams`. */
export function toOroSearchParams<F extends string = string, S extends string = F>(
  query: OroQuery<F, S>,
): URLSearchParams {
  return new URLSearchParams(buildOroQuery(query));
}

function addCondition(params: Record<string, string>, field: string, condition: OroFilterCondition): void {
  const plain = `filter[${field}]`;
  if (!isOperatorObject(condition)) {
    params[plain] = values(condition, plain);
    return;
  }
  const operators = condition as Record<string, unknown>;
  const unknown = Object.keys(operators).filter((key) => !KNOWN_KEYS.has(key));
  if (unknown.length > 0) throw new OroQueryError(`Unknown filter operator "${unknown[0]}".`, plain);
  if (condition.eq !== undefined && condition.between !== undefined) {
    throw new OroQueryError("`eq` and `between` both need the plain filter parameter; use one.", plain);
  }
  if (condition.eq !== undefined) params[plain] = values(condition.eq, plain);
  if (condition.between !== undefined) {
    const [from, to] = condition.between;
    params[plain] = `${scalar(from, plain, "floor")}..${scalar(to, plain, "ceil")}`;
  }
  for (const operator of LIST_OPERATORS) {
    const value = condition[operator];
    if (value !== undefined) params[`${plain}[${operator}]`] = values(value, `${plain}[${operator}]`);
  }
  for (const [operator, rounding] of SCALAR_OPERATORS) {
    const value = operators[operator] as OroFilterScalar | undefined;
    if (value !== undefined) params[`${plain}[${operator}]`] = scalar(value, `${plain}[${operator}]`, rounding);
  }
  if (condition.exists !== undefined) {
    if (typeof condition.exists !== "boolean") throw new OroQueryError("`exists` takes true or false.", plain);
    params[`${plain}[exists]`] = String(condition.exists);
  }
}

function isOperatorObject(
  condition: OroFilterCondition,
): condition is Exclude<OroFilterCondition, OroFilterScalar | readonly OroFilterScalar[]> {
  return (
    typeof condition === "object" && condition !== null && !Array.isArray(condition) && !(condition instanceof Date)
  );
}

function values(value: OroFilterScalar | readonly OroFilterScalar[], parameter: string): string {
  if (Array.isArray(value)) return list(value, parameter, (item) => scalar(item, parameter, "exact"));
  return scalar(value as OroFilterScalar, parameter, "exact");
}

function list<T>(items: readonly T[], parameter: string, serialise: (item: T) => string): string {
  if (items.length === 0) throw new OroQueryError("An empty list matches nothing; leave the parameter out.", parameter);
  return items.map(serialise).join(",");
}

function scalar(value: OroFilterScalar, parameter: string, rounding: Rounding): string {
  switch (typeof value) {
    case "string":
      return checkedString(value, parameter);
    case "bigint":
      return value.toString();
    case "boolean":
      return String(value);
    case "number": {
      const text = String(value);
      if (!Number.isFinite(value) || !PLAIN_NUMBER.test(text)) {
        throw new OroQueryError(`${text} has no plain decimal form; pass it as a decimal string.`, parameter);
      }
      return text;
    }
    default:
      if (value instanceof Date) return dateTime(value, parameter, rounding);
      throw new OroQueryError(`Unsupported filter value (${typeof value}).`, parameter);
  }
}

function checkedString(value: string, parameter: string): string {
  if (value.length === 0) throw new OroQueryError("Empty filter value.", parameter);
  if (value.includes(",")) {
    throw new OroQueryError(`"${value}" contains ",", which Oro would read as a list separator.`, parameter);
  }
  if (value.includes("..")) {
    throw new OroQueryError(`"${value}" contains "..", which Oro would read as a range.`, parameter);
  }
  if (value.includes("%")) {
    throw new OroQueryError(`"${value}" contains "%", which Oro may percent-decode into a delimiter.`, parameter);
  }
  return value;
}

function dateTime(value: Date, parameter: string, rounding: Rounding): string {
  const time = value.getTime();
  if (Number.isNaN(time)) throw new OroQueryError("Invalid Date.", parameter);
  const remainder = ((time % 1000) + 1000) % 1000;
  if (remainder !== 0 && rounding === "exact") {
    throw new OroQueryError(
      `${value.toISOString()} has milliseconds, which Oro does not store; round it or use gte/lt.`,
      parameter,
    );
  }
  const seconds = rounding === "ceil" && remainder !== 0 ? time - remainder + 1000 : time - remainder;
  return `${new Date(seconds).toISOString().slice(0, 19)}Z`;
}

function pageValue(value: number, parameter: string): string {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new OroQueryError(`${parameter} must be a positive integer, got ${value}.`, parameter);
  }
  return String(value);
}
