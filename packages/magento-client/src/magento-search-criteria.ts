import { percentEncode } from "./magento-oauth1";

/**
 * Magento's searchCriteria: filters inside a group are OR-ed, groups are AND-ed, then sort orders and paging.
 * Serialised to Magento's bracket syntax (`searchCriteria[filterGroups][0][filters][0][field]=…`).
 */

/** Condition types Magento accepts (`Magento\Framework\Api\Filter`). */
export type MagentoConditionType =
  | "eq"
  | "neq"
  | "gt"
  | "gteq"
  | "lt"
  | "lteq"
  | "like"
  | "nlike"
  | "in"
  | "nin"
  | "null"
  | "notnull"
  | "from"
  | "to"
  | "moreq"
  | "finset"
  | "nfinset";

/** Condition types whose value is a comma-separated list. */
const LIST_CONDITIONS = new Set<MagentoConditionType>(["in", "nin", "finset", "nfinset"]);
/** Condition types that take no value. */
const VALUELESS_CONDITIONS = new Set<MagentoConditionType>(["null", "notnull"]);

export type MagentoFilterValue = string | number | boolean;

export interface MagentoFilter<Field extends string = string> {
  field: Field;
  conditionType: MagentoConditionType;
  /** A list for `in`, `nin`, `finset`, `nfinset`; absent for `null` / `notnull`. */
  value?: MagentoFilterValue | readonly MagentoFilterValue[];
}

export interface MagentoSortOrder<Field extends string = string> {
  field: Field;
  direction: "ASC" | "DESC";
}

export interface MagentoSearchCriteria<Field extends string = string> {
  /** AND of groups; each group is an OR of its filters. */
  filterGroups: ReadonlyArray<readonly MagentoFilter<Field>[]>;
  sortOrders: readonly MagentoSortOrder<Field>[];
  /** Items per page. Magento's default is all items; this SDK always pages. */
  pageSize?: number;
  /** 1-based page number. */
  currentPage?: number;
}

/** A filter on one field: `filter("status", "in", ["pending", "processing"])`. */
export function filter<Field extends string>(
  field: Field,
  conditionType: MagentoConditionType,
  value?: MagentoFilter["value"],
): MagentoFilter<Field> {
  return value === undefined ? { field, conditionType } : { field, conditionType, value };
}

/**
 * Immutable builder. `where(...)` adds one AND-ed group whose filters are OR-ed:
 * ```ts
 * searchCriteria<"status" | "updated_at" | "entity_id">()
 *   .where(filter("status", "eq", "processing"), filter("status", "eq", "complete")) // status = processing OR complete
 *   .where(filter("updated_at", "gt", "2026-03-01 00:00:00"))                        // AND updated after
 *   .sortBy("entity_id", "ASC")
 *   .page(1, 100)
 * ```
 */
export class SearchCriteriaBuilder<Field extends string = string> {
  private constructor(private readonly criteria: MagentoSearchCriteria<Field>) {}

  static create<Field extends string = string>(): SearchCriteriaBuilder<Field> {
    return new SearchCriteriaBuilder<Field>({ filterGroups: [], sortOrders: [] });
  }

  /** Adds a group: the filters are OR-ed with each other and AND-ed with every other group. */
  where(...filters: [MagentoFilter<Field>, ...MagentoFilter<Field>[]]): SearchCriteriaBuilder<Field> {
    return new SearchCriteriaBuilder({ ...this.criteria, filterGroups: [...this.criteria.filterGroups, filters] });
  }

  sortBy(field: Field, direction: "ASC" | "DESC" = "ASC"): SearchCriteriaBuilder<Field> {
    return new SearchCriteriaBuilder({
      ...this.criteria,
      sortOrders: [...this.criteria.sortOrders, { field, direction }],
    });
  }

  /** Sets paging: 1-based page number and page size. */
  page(currentPage: number, pageSize: number): SearchCriteriaBuilder<Field> {
    return new SearchCriteriaBuilder({ ...this.criteria, currentPage, pageSize });
  }

  /**
   * Appends a sort on a unique field when it is not sorted by already, so pages are stable: without it, Magento
   * may repeat or skip records across pages.
   */
  withDeterministicOrder(uniqueField: Field): SearchCriteriaBuilder<Field> {
    if (this.criteria.sortOrders.some((order) => order.field === uniqueField)) return this;
    return this.sortBy(uniqueField, "ASC");
  }

  build(): MagentoSearchCriteria<Field> {
    return this.criteria;
  }
}

/** Starts a typed searchCriteria; `Field` is the union of field names the endpoint filters on. */
export function searchCriteria<Field extends string = string>(): SearchCriteriaBuilder<Field> {
  return SearchCriteriaBuilder.create<Field>();
}

/** Thrown for criteria Magento would misread (a comma inside an `in` value, a page size of 0…). */
export class InvalidSearchCriteriaError extends Error {
  override readonly name = "InvalidSearchCriteriaError";
  /** The query key at fault, e.g. `searchCriteria[filterGroups][0][filters][1][value]`. */
  readonly parameter: string;
  constructor(parameter: string, reason: string) {
    super(`${parameter}: ${reason}`);
    this.parameter = parameter;
  }
}

/** Query parameters, in a stable order, as `[key, value]` pairs (decoded). */
export function searchCriteriaParameters(criteria: MagentoSearchCriteria): Array<[string, string]> {
  const parameters: Array<[string, string]> = [];
  criteria.filterGroups.forEach((group, g) => {
    if (group.length === 0)
      throw new InvalidSearchCriteriaError(`searchCriteria[filterGroups][${g}]`, "empty filter group");
    group.forEach((f, i) => {
      const prefix = `searchCriteria[filterGroups][${g}][filters][${i}]`;
      parameters.push([`${prefix}[field]`, f.field]);
      const value = filterValue(f, `${prefix}[value]`);
      if (value !== undefined) parameters.push([`${prefix}[value]`, value]);
      parameters.push([`${prefix}[conditionType]`, f.conditionType]);
    });
  });
  criteria.sortOrders.forEach((order, s) => {
    parameters.push([`searchCriteria[sortOrders][${s}][field]`, order.field]);
    parameters.push([`searchCriteria[sortOrders][${s}][direction]`, order.direction]);
  });
  if (criteria.pageSize !== undefined) {
    assertPositiveInteger(criteria.pageSize, "searchCriteria[pageSize]");
    parameters.push(["searchCriteria[pageSize]", String(criteria.pageSize)]);
  }
  if (criteria.currentPage !== undefined) {
    assertPositiveInteger(criteria.currentPage, "searchCriteria[currentPage]");
    parameters.push(["searchCriteria[currentPage]", String(criteria.currentPage)]);
  }
  return parameters;
}

/**
 * The query string (without `?`), RFC 3986-encoded: spaces as `%20` and brackets as `%5B`/`%5D`, so that the
 * request and its OAuth 1.0a signature read the same values. An empty criteria becomes `searchCriteria=` (Magento
 * requires the parameter on list endpoints).
 */
export function serializeMagentoQuery(criteria: MagentoSearchCriteria): string {
  const parameters = searchCriteriaParameters(criteria);
  if (parameters.length === 0) return "searchCriteria=";
  return parameters.map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`).join("&");
}

function filterValue(f: MagentoFilter, parameter: string): string | undefined {
  if (VALUELESS_CONDITIONS.has(f.conditionType)) {
    if (f.value !== undefined) throw new InvalidSearchCriteriaError(parameter, `${f.conditionType} takes no value`);
    return undefined;
  }
  if (f.value === undefined) throw new InvalidSearchCriteriaError(parameter, `${f.conditionType} needs a value`);
  if (LIST_CONDITIONS.has(f.conditionType)) {
    const values = Array.isArray(f.value) ? f.value : [f.value];
    if (values.length === 0)
      throw new InvalidSearchCriteriaError(parameter, `${f.conditionType} needs at least one value`);
    return values
      .map((v) => {
        const text = String(v);
        // Magento splits list values on commas and offers no escape: a comma would silently add a value.
        if (text.includes(","))
          throw new InvalidSearchCriteriaError(parameter, `list value ${JSON.stringify(text)} contains a comma`);
        return text;
      })
      .join(",");
  }
  if (Array.isArray(f.value))
    throw new InvalidSearchCriteriaError(parameter, `${f.conditionType} takes a single value`);
  return String(f.value);
}

function assertPositiveInteger(value: number, parameter: string): void {
  if (!Number.isInteger(value) || value < 1)
    throw new InvalidSearchCriteriaError(parameter, `must be a positive integer (got ${value})`);
}
