/**
 * The JSON:API engine of the OroCommerce fake: an in-memory store of resource objects and the query language of
 * Oro's back-office API over it (filters with operators, comma lists and `a..b` ranges, `sort`, `include`,
 * `fields[type]`, `page[number]`/`page[size]`, HATEOAS links), answering errors in Oro's own shape.
 *
 * Sources for the behaviour reproduced (comments cite them where it matters):
 * - Oro documentation, "Filters" (backend/api/filters.rst): comparison types eq, neq, neq_or_null, lt, lte, gt, gte,
 *   exists, contains, not_contains, starts_with, ends_with; `a..b` ranges; comma lists.
 * - Oro ApiBundle functional tests: an unsupported filter, include or sort is a 400 whose error has the title
 *   "filter constraint", the detail "The filter is not supported." and `source.parameter` naming the parameter;
 *   a required filter is "The \"order\" filter is required." (OrderBundle HandleOrderFilter).
 * - Oro's default page size is 10, `page[size]=-1` returns everything; `X-Include: totalCount` answers the total
 *   in `X-Include-Total-Count`; collections carry `links.next` only when another page exists (Oro fetches one
 *   record more than the page to know).
 */

/** A `{ type, id }` pointer. */
export interface OroIdentifier {
  type: string;
  id: string;
}

/** A resource as the fake stores it: attributes, and relationships as bare identifiers. */
export interface StoredResource {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  relationships: Record<string, OroIdentifier | OroIdentifier[] | null>;
}

/** One error object of Oro's JSON:API error document (`{ errors: [...] }`). */
export interface OroErrorObject {
  status: string;
  title: string;
  detail: string;
  source?: { pointer?: string; parameter?: string };
}

/** Thrown inside the fake's handlers and turned into an Oro error response. */
export class OroHttpError extends Error {
  constructor(
    readonly status: number,
    readonly errors: OroErrorObject[],
    readonly headers: Record<string, string> = {},
  ) {
    super(errors.map((e) => `${e.title}: ${e.detail}`).join("; "));
  }
}

/** A 400 "filter constraint" error for a query parameter (Oro's title for every query-string problem). */
export function filterConstraint(parameter: string, detail = "The filter is not supported."): OroHttpError {
  return new OroHttpError(400, [{ status: "400", title: "filter constraint", detail, source: { parameter } }]);
}

export const JSON_API = "application/vnd.api+json";

export function jsonApiResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": JSON_API, ...headers },
  });
}

export function errorResponse(error: OroHttpError): Response {
  return jsonApiResponse(error.status, { errors: error.errors }, error.headers);
}

/** What one resource type's list endpoint accepts. */
export interface ResourceSpec {
  /** Filter names (attribute, relationship or `id`). */
  filters: readonly string[];
  /** Sortable fields. */
  sorts: readonly string[];
  /** Filters a list request must carry (Oro: productprices need `priceList`). */
  requiredFilters?: readonly string[];
  /** Filters matched case-insensitively (Oro config `case_insensitive: true`, e.g. order `identifier`). */
  caseInsensitive?: readonly string[];
  /** Relationship names (for `include` validation). */
  relationships: readonly string[];
}

const COMPARISONS = new Set([
  "eq",
  "neq",
  "neq_or_null",
  "gt",
  "gte",
  "lt",
  "lte",
  "exists",
  "contains",
  "not_contains",
  "starts_with",
  "ends_with",
]);

interface Condition {
  field: string;
  operator: string;
  raw: string;
  parameter: string;
}

/** Parsed list query. */
export interface ListQuery {
  conditions: Condition[];
  sort: Array<{ field: string; descending: boolean }>;
  include: string[];
  fields: Record<string, Set<string>>;
  pageNumber: number;
  /** `-1`: everything. */
  pageSize: number;
}

/** Oro's default `page[size]`. */
export const ORO_FAKE_DEFAULT_PAGE_SIZE = 10;

function pageValue(raw: string | null, parameter: string, fallback: number, allowAll: boolean): number {
  if (raw === null) return fallback;
  if (allowAll && raw.trim() === "-1") return -1;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1) {
    throw filterConstraint(parameter, `Expected integer value. Given "${raw.slice(0, 40)}".`);
  }
  return Number(raw);
}

/** Reads and checks a list request's query string against the resource's spec (unknown → 400, like Oro). */
export function parseListQuery(params: URLSearchParams, spec: ResourceSpec | undefined, single = false): ListQuery {
  const query: ListQuery = {
    conditions: [],
    sort: [],
    include: [],
    fields: {},
    pageNumber: 1,
    pageSize: ORO_FAKE_DEFAULT_PAGE_SIZE,
  };
  for (const [parameter, value] of params) {
    const filter = /^filter\[([^\]]+)\](?:\[([^\]]+)\])?$/.exec(parameter);
    if (filter) {
      const field = filter[1] as string;
      const operator = filter[2] ?? "eq";
      if (single || !spec?.filters.includes(field)) throw filterConstraint(parameter);
      if (!COMPARISONS.has(operator)) throw filterConstraint(parameter, `The operator "${operator}" is not supported.`);
      query.conditions.push({ field, operator, raw: value, parameter });
      continue;
    }
    const fieldset = /^fields\[([^\]]+)\]$/.exec(parameter);
    if (fieldset) {
      query.fields[fieldset[1] as string] = new Set(value.split(",").filter(Boolean));
      continue;
    }
    if (parameter === "include") {
      query.include = value.split(",").filter(Boolean);
      continue;
    }
    if (parameter === "sort" && !single) {
      query.sort = value
        .split(",")
        .filter(Boolean)
        .map((key) => {
          const descending = key.startsWith("-");
          const field = descending ? key.slice(1) : key;
          if (!spec?.sorts.includes(field)) {
            throw new OroHttpError(400, [
              {
                status: "400",
                title: "sort constraint",
                detail: `Sorting by "${field.slice(0, 40)}" field is not supported.`,
                source: { parameter: "sort" },
              },
            ]);
          }
          return { field, descending };
        });
      continue;
    }
    if (parameter === "page[number]" && !single) {
      query.pageNumber = pageValue(value, parameter, 1, false);
      continue;
    }
    if (parameter === "page[size]" && !single) {
      query.pageSize = pageValue(value, parameter, ORO_FAKE_DEFAULT_PAGE_SIZE, true);
      continue;
    }
    // Oro rejects any query parameter it has no filter for.
    throw filterConstraint(parameter);
  }
  for (const required of spec?.requiredFilters ?? []) {
    if (!single && !query.conditions.some((c) => c.field === required && c.operator === "eq")) {
      throw filterConstraint(`filter[${required}]`, `The "${required}" filter is required.`);
    }
  }
  return query;
}

/** The values a field has on a resource: the id, an attribute, or the ids of a relationship. */
function valuesOf(resource: StoredResource, field: string): unknown[] {
  if (field === "id") return [resource.id];
  if (Object.hasOwn(resource.attributes, field)) {
    const value = resource.attributes[field];
    return value === null || value === undefined ? [] : [value];
  }
  const related = resource.relationships[field];
  if (related === undefined || related === null) return [];
  return Array.isArray(related) ? related.map((r) => r.id) : [related.id];
}

function compareValues(a: unknown, b: string, field: string): number {
  if (typeof a === "number" || (typeof a === "string" && /^-?\d+(\.\d+)?$/.test(a) && /^-?\d+(\.\d+)?$/.test(b))) {
    return compareDecimal(String(a), b);
  }
  if (typeof a === "boolean") return String(a) === b ? 0 : String(a) < b ? -1 : 1;
  if (field.endsWith("At") || field === "shipUntil") {
    const left = Date.parse(String(a));
    const right = Date.parse(b);
    if (Number.isNaN(right)) {
      throw filterConstraint(`filter[${field}]`, `Expected datetime value. Given "${b.slice(0, 40)}".`);
    }
    return left === right ? 0 : left < right ? -1 : 1;
  }
  const left = String(a);
  return left === b ? 0 : left < b ? -1 : 1;
}

/** Exact comparison of two plain decimal strings (no float). */
export function compareDecimal(a: string, b: string): number {
  const norm = (v: string): [bigint, number] => {
    const negative = v.startsWith("-");
    const [int = "0", frac = ""] = (negative ? v.slice(1) : v).split(".");
    return [BigInt(`${negative ? "-" : ""}${int}${frac}`), frac.length];
  };
  const [x, xs] = norm(a);
  const [y, ys] = norm(b);
  const scale = Math.max(xs, ys);
  const left = x * 10n ** BigInt(scale - xs);
  const right = y * 10n ** BigInt(scale - ys);
  return left === right ? 0 : left < right ? -1 : 1;
}

function matchesCondition(resource: StoredResource, condition: Condition, caseInsensitive: boolean): boolean {
  const values = valuesOf(resource, condition.field);
  const fold = (v: string) => (caseInsensitive ? v.toLowerCase() : v);
  const equal = (value: unknown, wanted: string) =>
    typeof value === "string" && !/^-?\d+(\.\d+)?$/.test(wanted)
      ? fold(value) === fold(wanted)
      : compareValues(value, wanted, condition.field) === 0;
  const list = condition.raw.split(",");
  switch (condition.operator) {
    case "eq": {
      const range = condition.raw.includes("..") ? condition.raw.split("..") : undefined;
      if (range) {
        const [from = "", to = ""] = range;
        return values.some(
          (v) => compareValues(v, from, condition.field) >= 0 && compareValues(v, to, condition.field) <= 0,
        );
      }
      return values.some((v) => list.some((wanted) => equal(v, wanted)));
    }
    case "neq":
      return values.length > 0 && !values.some((v) => list.some((wanted) => equal(v, wanted)));
    case "neq_or_null":
      return !values.some((v) => list.some((wanted) => equal(v, wanted)));
    case "gt":
      return values.some((v) => compareValues(v, condition.raw, condition.field) > 0);
    case "gte":
      return values.some((v) => compareValues(v, condition.raw, condition.field) >= 0);
    case "lt":
      return values.some((v) => compareValues(v, condition.raw, condition.field) < 0);
    case "lte":
      return values.some((v) => compareValues(v, condition.raw, condition.field) <= 0);
    case "exists": {
      if (condition.raw !== "true" && condition.raw !== "false") {
        throw filterConstraint(condition.parameter, `Expected boolean value. Given "${condition.raw.slice(0, 40)}".`);
      }
      return values.length > 0 === (condition.raw === "true");
    }
    case "contains":
      return list.every((wanted) => values.some((v) => fold(String(v)).includes(fold(wanted))));
    case "not_contains":
      return !list.some((wanted) => values.some((v) => fold(String(v)).includes(fold(wanted))));
    case "starts_with":
      return values.some((v) => fold(String(v)).startsWith(fold(condition.raw)));
    case "ends_with":
      return values.some((v) => fold(String(v)).endsWith(fold(condition.raw)));
    default:
      return false;
  }
}

function compareForSort(a: StoredResource, b: StoredResource, field: string): number {
  const [left] = valuesOf(a, field);
  const [right] = valuesOf(b, field);
  if (left === undefined || right === undefined) return left === right ? 0 : left === undefined ? -1 : 1;
  if (field === "id" && /^\d+$/.test(String(left)) && /^\d+$/.test(String(right))) {
    return Number(left) - Number(right);
  }
  return compareValues(left, String(right), field);
}

/** Filters and sorts (by `id` when no sort is given, as Oro does). */
export function applyQuery(
  resources: readonly StoredResource[],
  query: ListQuery,
  spec: ResourceSpec,
): StoredResource[] {
  const filtered = resources.filter((r) =>
    query.conditions.every((c) => matchesCondition(r, c, spec.caseInsensitive?.includes(c.field) ?? false)),
  );
  const keys = query.sort.length > 0 ? query.sort : [{ field: "id", descending: false }];
  return filtered.sort((a, b) => {
    for (const key of keys) {
      const order = compareForSort(a, b, key.field);
      if (order !== 0) return key.descending ? -order : order;
    }
    return 0;
  });
}

/** How the fake finds related resources for `include` and for checking include paths. */
export interface ResourceLookup {
  get(type: string, id: string): StoredResource | undefined;
  spec(type: string): ResourceSpec | undefined;
}

/** Checks `include` paths against the relationships of each type on the path (unknown → 400 like Oro). */
export function checkInclude(
  primaryType: string,
  include: readonly string[],
  lookup: ResourceLookup,
  sample?: StoredResource[],
): void {
  for (const path of include) {
    let types = new Set([primaryType]);
    for (const segment of path.split(".")) {
      const known = [...types].some((type) => lookup.spec(type)?.relationships.includes(segment));
      if (!known) throw filterConstraint("include", `The "${path.slice(0, 60)}" relationship does not exist.`);
      const next = new Set<string>();
      for (const type of types) {
        for (const resource of sample?.filter((r) => r.type === type) ?? []) {
          const related = resource.relationships[segment];
          for (const r of related === null || related === undefined
            ? []
            : Array.isArray(related)
              ? related
              : [related]) {
            next.add(r.type);
          }
        }
      }
      types = next.size > 0 ? next : types;
    }
  }
}

/** The resources an `include` asks for, deduplicated and without the primary ones. */
export function collectIncluded(
  primary: readonly StoredResource[],
  include: readonly string[],
  lookup: ResourceLookup,
): StoredResource[] {
  const seen = new Set(primary.map((r) => `${r.type}\u0000${r.id}`));
  const out: StoredResource[] = [];
  for (const path of include) {
    let current: StoredResource[] = [...primary];
    for (const segment of path.split(".")) {
      const next: StoredResource[] = [];
      for (const resource of current) {
        const related = resource.relationships[segment];
        const ids = related === null || related === undefined ? [] : Array.isArray(related) ? related : [related];
        for (const identifier of ids) {
          const found = lookup.get(identifier.type, identifier.id);
          if (!found) continue;
          next.push(found);
          const key = `${found.type}\u0000${found.id}`;
          if (!seen.has(key)) {
            seen.add(key);
            out.push(found);
          }
        }
      }
      current = next;
    }
  }
  return out;
}

/** A stored resource as a JSON:API resource object (sparse fieldsets applied, `links.self` absolute). */
export function render(
  resource: StoredResource,
  fields: Record<string, Set<string>>,
  publicBaseUrl: string,
): Record<string, unknown> {
  const wanted = fields[resource.type];
  const keep = (name: string) => wanted === undefined || wanted.has(name);
  const attributes = Object.fromEntries(Object.entries(resource.attributes).filter(([name]) => keep(name)));
  const relationships = Object.fromEntries(
    Object.entries(resource.relationships)
      .filter(([name]) => keep(name))
      .map(([name, data]) => [
        name,
        { data: Array.isArray(data) ? data.map((d) => ({ ...d })) : data ? { ...data } : null },
      ]),
  );
  return {
    type: resource.type,
    id: resource.id,
    links: { self: `${publicBaseUrl}/${resource.type}/${encodeURIComponent(resource.id)}` },
    ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
    ...(Object.keys(relationships).length > 0 ? { relationships } : {}),
  };
}

/** `self`, `first`, `prev`, `next` links of a collection page, built on the public base URL. */
export function pageLinks(
  publicBaseUrl: string,
  path: string,
  params: URLSearchParams,
  query: ListQuery,
  hasMore: boolean,
): Record<string, string> {
  const url = (number: number | undefined) => {
    const copy = new URLSearchParams(params);
    if (number === undefined) copy.delete("page[number]");
    else copy.set("page[number]", String(number));
    const search = copy.toString();
    return `${publicBaseUrl}${path}${search ? `?${search}` : ""}`;
  };
  const links: Record<string, string> = { self: url(query.pageNumber === 1 ? undefined : query.pageNumber) };
  if (query.pageSize !== -1 && query.pageNumber > 1) {
    links.first = url(undefined);
    links.prev = url(query.pageNumber - 1 === 1 ? undefined : query.pageNumber - 1);
  }
  if (hasMore) links.next = url(query.pageNumber + 1);
  return links;
}
