/**
 * Magento's searchCriteria as the REST layer reads it from the query string (`Magento\Framework\Api\SearchCriteria`):
 * `searchCriteria[filter_groups][g][filters][f][field|value|condition_type]` (camelCase `filterGroups` /
 * `conditionType` too, as the REST deserialiser accepts both), `sortOrders` / `sort_orders`, `pageSize`,
 * `currentPage`. Filters in a group are OR-ed, groups AND-ed (vendor-facts.md, Magento section).
 *
 * Paging reproduces Magento's collection behaviour: a `currentPage` past the last page answers the LAST page again
 * (the collection clamps the page number), with the real `total_count`; without `pageSize` every record comes back.
 */

/** One filter as sent. */
export interface MagentoFakeFilter {
  field: string;
  value: string | undefined;
  conditionType: string;
}

/** The criteria of one request. */
export interface MagentoFakeCriteria {
  filterGroups: MagentoFakeFilter[][];
  sortOrders: Array<{ field: string; direction: "ASC" | "DESC" }>;
  pageSize: number | undefined;
  currentPage: number | undefined;
}

/** Condition types the fake evaluates (those of `Magento\Framework\Api\Filter` that REST integrations use). */
export const MAGENTO_FAKE_CONDITION_TYPES = [
  "eq",
  "neq",
  "gt",
  "gteq",
  "lt",
  "lteq",
  "like",
  "nlike",
  "in",
  "nin",
  "null",
  "notnull",
  "from",
  "to",
  "finset",
] as const;

/** A search request the fake cannot answer (Magento answers 400, or 500 for an unknown column). */
export class MagentoSearchError extends Error {
  constructor(
    readonly status: number,
    readonly body: { message: string; parameters?: Record<string, unknown> },
  ) {
    super(body.message);
  }
}

const camel = (key: string): string => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Reads `searchCriteria[…]` parameters. `undefined` when the request has no `searchCriteria` parameter at all
 * (Magento then answers 400 `"searchCriteria" is required`).
 */
export function parseSearchCriteria(params: URLSearchParams): MagentoFakeCriteria | undefined {
  let present = false;
  const groups = new Map<number, Map<number, Partial<MagentoFakeFilter>>>();
  const sorts = new Map<number, { field?: string; direction?: string }>();
  let pageSize: number | undefined;
  let currentPage: number | undefined;
  for (const [rawKey, value] of params) {
    if (!rawKey.startsWith("searchCriteria")) continue;
    present = true;
    const parts = [...rawKey.slice("searchCriteria".length).matchAll(/\[([^\]]*)\]/g)].map((m) => camel(m[1] ?? ""));
    const [head, ...rest] = parts;
    if (head === "filterGroups" && rest[1] === "filters") {
      const g = Number(rest[0]);
      const f = Number(rest[2]);
      const name = rest[3];
      if (!Number.isInteger(g) || !Number.isInteger(f) || name === undefined) continue;
      const group = groups.get(g) ?? new Map<number, Partial<MagentoFakeFilter>>();
      groups.set(g, group);
      const filter = group.get(f) ?? {};
      group.set(f, filter);
      if (name === "field") filter.field = value;
      else if (name === "value") filter.value = value;
      else if (name === "conditionType") filter.conditionType = value;
    } else if (head === "sortOrders") {
      const s = Number(rest[0]);
      const name = rest[1];
      if (!Number.isInteger(s) || name === undefined) continue;
      const sort = sorts.get(s) ?? {};
      sorts.set(s, sort);
      if (name === "field") sort.field = value;
      else if (name === "direction") sort.direction = value;
    } else if (head === "pageSize") {
      pageSize = positiveInteger(value, "pageSize");
    } else if (head === "currentPage") {
      currentPage = positiveInteger(value, "currentPage");
    }
  }
  if (!present) return undefined;
  const byIndex = <T>(map: Map<number, T>): T[] => [...map.entries()].sort(([a], [b]) => a - b).map(([, v]) => v);
  const filterGroups = byIndex(groups).map((group) =>
    byIndex(group).map((filter) => {
      if (!filter.field)
        throw new MagentoSearchError(400, {
          message: '"%fieldName" is required. Enter and try again.',
          parameters: { fieldName: "field" },
        });
      const conditionType = (filter.conditionType ?? "eq").toLowerCase();
      if (!(MAGENTO_FAKE_CONDITION_TYPES as readonly string[]).includes(conditionType))
        throw new MagentoSearchError(400, {
          message: 'Invalid value of "%value" provided for the %fieldName field.',
          parameters: { fieldName: "condition_type", value: conditionType },
        });
      return { field: filter.field, value: filter.value, conditionType };
    }),
  );
  const sortOrders = byIndex(sorts).flatMap((sort) =>
    sort.field
      ? [{ field: sort.field, direction: (sort.direction ?? "ASC").toUpperCase() === "DESC" ? "DESC" : "ASC" } as const]
      : [],
  );
  return { filterGroups, sortOrders, pageSize, currentPage };
}

function positiveInteger(value: string, name: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n))
    throw new MagentoSearchError(400, {
      message: 'Invalid value of "%value" provided for the %fieldName field.',
      parameters: { fieldName: name, value },
    });
  return n;
}

type Row = Record<string, unknown>;

function scalar(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "string" || typeof value === "number") return String(value);
  return undefined;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** MySQL-like comparison: numerically when both sides are numbers, else as case-insensitive text. */
function compare(left: string, right: string): number {
  if (NUMBER.test(left) && NUMBER.test(right)) return Number(left) - Number(right);
  const a = left.toLowerCase();
  const b = right.toLowerCase();
  return a < b ? -1 : a > b ? 1 : 0;
}

function like(value: string, pattern: string): boolean {
  const source = pattern
    .split("")
    .map((c) => (c === "%" ? ".*" : c === "_" ? "." : c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, "is").test(value);
}

function matches(row: Row, filter: MagentoFakeFilter): boolean {
  const actual = scalar(row[filter.field]);
  const wanted = filter.value ?? "";
  switch (filter.conditionType) {
    case "null":
      return actual === undefined;
    case "notnull":
      return actual !== undefined;
    case "in":
      return actual !== undefined && wanted.split(",").some((v) => compare(actual, v.trim()) === 0);
    case "nin":
      return actual !== undefined && !wanted.split(",").some((v) => compare(actual, v.trim()) === 0);
    case "finset":
      return actual?.split(",").includes(wanted) ?? false;
  }
  if (actual === undefined) return false; // SQL: a comparison with NULL is never true
  switch (filter.conditionType) {
    case "eq":
      return compare(actual, wanted) === 0;
    case "neq":
      return compare(actual, wanted) !== 0;
    case "gt":
      return compare(actual, wanted) > 0;
    case "gteq":
    case "from":
      return compare(actual, wanted) >= 0;
    case "lt":
      return compare(actual, wanted) < 0;
    case "lteq":
    case "to":
      return compare(actual, wanted) <= 0;
    case "like":
      return like(actual, wanted);
    case "nlike":
      return !like(actual, wanted);
    default:
      return false;
  }
}

/** The search result body of every `…SearchResultsInterface`. */
export interface MagentoSearchResult<T> {
  items: T[];
  search_criteria: {
    filter_groups: Array<{ filters: Array<{ field: string; value?: string; condition_type: string }> }>;
    sort_orders?: Array<{ field: string; direction: string }>;
    page_size?: number;
    current_page?: number;
  };
  total_count: number;
}

/**
 * Filters, sorts and pages `rows` like Magento. `fields` are the columns that exist: a filter or sort on another
 * field fails like Magento's SQL does (500, "Internal Error…"). `project` renders a stored row for the response.
 */
export function searchRows<T extends Row, Out = T>(
  rows: readonly T[],
  criteria: MagentoFakeCriteria,
  options: { fields?: ReadonlySet<string>; project?: (row: T) => Out } = {},
): MagentoSearchResult<Out> {
  const known = (field: string) => {
    if (options.fields && !options.fields.has(field))
      throw new MagentoSearchError(500, {
        message: "Internal Error. Details are available in Magento log file. Report ID: webapi-fake",
      });
  };
  for (const group of criteria.filterGroups) for (const filter of group) known(filter.field);
  for (const sort of criteria.sortOrders) known(sort.field);
  const filtered = rows.filter((row) => criteria.filterGroups.every((group) => group.some((f) => matches(row, f))));
  const sorted = [...filtered];
  if (criteria.sortOrders.length > 0) {
    sorted.sort((a, b) => {
      for (const sort of criteria.sortOrders) {
        const left = scalar(a[sort.field]);
        const right = scalar(b[sort.field]);
        // MySQL sorts NULL first in ascending order.
        const order = left === right ? 0 : left === undefined ? -1 : right === undefined ? 1 : compare(left, right);
        if (order !== 0) return sort.direction === "DESC" ? -order : order;
      }
      return 0;
    });
  }
  let page = sorted;
  if (criteria.pageSize !== undefined && criteria.pageSize > 0) {
    const lastPage = Math.max(1, Math.ceil(sorted.length / criteria.pageSize));
    // The QUIRK: Magento's collection clamps the page number, so a page past the end is the last page again.
    const current = Math.min(Math.max(1, criteria.currentPage ?? 1), lastPage);
    page = sorted.slice((current - 1) * criteria.pageSize, current * criteria.pageSize);
  }
  const project = options.project ?? ((row: T) => row as unknown as Out);
  return {
    items: page.map(project),
    search_criteria: {
      filter_groups: criteria.filterGroups.map((group) => ({
        filters: group.map((f) => ({
          field: f.field,
          ...(f.value !== undefined ? { value: f.value } : {}),
          condition_type: f.conditionType,
        })),
      })),
      ...(criteria.sortOrders.length > 0 ? { sort_orders: criteria.sortOrders } : {}),
      ...(criteria.pageSize !== undefined ? { page_size: criteria.pageSize } : {}),
      ...(criteria.currentPage !== undefined ? { current_page: criteria.currentPage } : {}),
    },
    total_count: filtered.length,
  };
}
