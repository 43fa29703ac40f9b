import { ODataUsageError } from "./errors.js";
import {
  type EdmDateValue,
  type LiteralValue,
  type ODataLiteral,
  serializeLiteral,
  stringLiteral,
} from "./literals.js";

type ExpressionKind = "and" | "or" | "primary";

const CREATE = Symbol("FilterExpression.create");

/**
 * A `$filter` boolean expression built by this package. It can only be created through the builder functions
 * (never from a raw string), which is what guarantees that every value inside it went through literal
 * serialisation. `toString()` returns the expression text, e.g. `displayName eq 'O''Brien' and blocked eq false`.
 */
export class FilterExpression {
  readonly #text: string;
  readonly #kind: ExpressionKind;

  /** @internal Use the builder functions ({@link filterBuilder}, {@link and}, {@link or}, {@link not}). */
  constructor(token: symbol, kind: ExpressionKind, text: string) {
    if (token !== CREATE) throw new ODataUsageError("FilterExpression can only be created by the filter builder");
    this.#kind = kind;
    this.#text = text;
  }

  /** The expression text (not URL-encoded). */
  get text(): string {
    return this.#text;
  }

  /** @internal Operator kind, used to decide where parentheses are needed. */
  get kind(): ExpressionKind {
    return this.#kind;
  }

  toString(): string {
    return this.#text;
  }
}

function expression(kind: ExpressionKind, text: string): FilterExpression {
  return new FilterExpression(CREATE, kind, text);
}

const TRUE = expression("primary", "true");
const FALSE = expression("primary", "false");

const SEGMENT = "[\\p{L}_][\\p{L}\\p{N}_]*";
const PROPERTY_PATH_PATTERN = new RegExp(`^${SEGMENT}(?:/${SEGMENT})*$`, "u");

/**
 * Validates a property name or path (`displayName`, `address/city`, `U_WebOrderId`): identifiers separated by
 * `/`. Field names often come from configuration or a UI's sort parameter, so they are checked too.
 * @throws ODataUsageError for anything else.
 */
export function assertPropertyPath(path: string): string {
  if (typeof path !== "string" || !PROPERTY_PATH_PATTERN.test(path)) {
    throw new ODataUsageError(`Not an OData property name or path: ${JSON.stringify(path)}`);
  }
  return path;
}

/** Skipped by {@link and} / {@link or}, so optional conditions can be written inline (`cond && eq(…)`). */
export type OptionalFilter = FilterExpression | undefined | null | false;

function combine(kind: "and" | "or", operands: readonly OptionalFilter[]): FilterExpression {
  const present = operands.filter((operand): operand is FilterExpression => operand instanceof FilterExpression);
  if (present.length !== operands.filter(Boolean).length) {
    throw new ODataUsageError(`${kind}() accepts only FilterExpression operands (or undefined/null/false to skip)`);
  }
  if (present.length === 0) return kind === "and" ? TRUE : FALSE;
  if (present.length === 1) return present[0]!;
  const parts = present.map((operand) =>
    operand.kind === "primary" || operand.kind === kind ? operand.text : `(${operand.text})`,
  );
  return expression(kind, parts.join(` ${kind} `));
}

/**
 * Logical conjunction. Operands that are `undefined`, `null` or `false` are skipped; with no operand left the
 * result is `true` (matches everything).
 */
export function and(...operands: readonly OptionalFilter[]): FilterExpression {
  return combine("and", operands);
}

/**
 * Logical disjunction. Operands that are `undefined`, `null` or `false` are skipped; with no operand left the
 * result is `false` (matches nothing).
 */
export function or(...operands: readonly OptionalFilter[]): FilterExpression {
  return combine("or", operands);
}

/** Logical negation: `not (…)`. */
export function not(operand: FilterExpression): FilterExpression {
  if (!(operand instanceof FilterExpression)) throw new ODataUsageError("not() accepts only a FilterExpression");
  return expression("primary", `not (${operand.text})`);
}

// ---------------------------------------------------------------------------------------------------------------
// Typing: field names autocomplete from the entity type, and each field accepts the values that fit its type.

type StringLikeValue<M extends string> = (string extends M ? string : M) | ODataLiteral | EdmDateValue | Date;

type ValueForMember<M> = M extends string
  ? StringLikeValue<M>
  : M extends number | bigint
    ? number | bigint | ODataLiteral
    : M extends boolean
      ? boolean
      : M extends Date
        ? Date | EdmDateValue | ODataLiteral
        : never;

/**
 * The values a filter accepts for a property of type `V`. Generated types describe GUIDs, dates and date-times as
 * `string`, so string properties also accept the explicit literal helpers (`guid()`, `date()`, `{ date }`,
 * `Date`); a plain string is always sent as an `Edm.String` literal. Properties whose type is a union of string
 * literals (enums) accept only those strings or an `enumMember()`. Nullable properties accept `null`.
 */
export type FilterValue<V> = unknown extends V
  ? LiteralValue
  : ValueForMember<NonNullable<V>> | (null extends V ? null : never) | (undefined extends V ? null : never);

type Primitive = string | number | bigint | boolean | Date;

/** Property names of `T` whose values can be compared (strings, numbers, booleans, dates). */
export type FilterableKey<T> = {
  [K in keyof T & string]-?: unknown extends T[K] ? K : NonNullable<T[K]> extends Primitive ? K : never;
}[keyof T & string];

/** Property names of `T` that hold strings (for `contains`, `startswith`, `endswith`). */
export type StringKey<T> = {
  [K in keyof T & string]-?: unknown extends T[K] ? K : NonNullable<T[K]> extends string ? K : never;
}[keyof T & string];

/** Options of {@link FilterBuilder.inList}. */
export interface InListOptions {
  /**
   * How the list is written. `"or"` expands to `(f eq a or f eq b)`, which every OData v4.0 service understands;
   * `"in"` writes the OData 4.01 `f in (a,b)` operator for services that support it.
   * @default "or" ({@link DEFAULT_IN_LIST_STYLE})
   */
  style?: "or" | "in";
}

/** Default {@link InListOptions.style}: the OData 4.0 compatible `or` expansion. */
export const DEFAULT_IN_LIST_STYLE: NonNullable<InListOptions["style"]> = "or";

/** Comparison and string-function builders typed against the entity type `T`. Create with {@link filterBuilder}. */
export interface FilterBuilder<T> {
  /** `field eq value` */
  eq<K extends FilterableKey<T>>(field: K, value: FilterValue<T[K]>): FilterExpression;
  /** `field ne value` */
  ne<K extends FilterableKey<T>>(field: K, value: FilterValue<T[K]>): FilterExpression;
  /** `field gt value` */
  gt<K extends FilterableKey<T>>(field: K, value: FilterValue<T[K]>): FilterExpression;
  /** `field ge value` */
  ge<K extends FilterableKey<T>>(field: K, value: FilterValue<T[K]>): FilterExpression;
  /** `field lt value` */
  lt<K extends FilterableKey<T>>(field: K, value: FilterValue<T[K]>): FilterExpression;
  /** `field le value` */
  le<K extends FilterableKey<T>>(field: K, value: FilterValue<T[K]>): FilterExpression;
  /**
   * `field` equals any of `values`. An empty list yields `false` (matches nothing).
   * @param options see {@link InListOptions}; default style `"or"`.
   */
  inList<K extends FilterableKey<T>>(
    field: K,
    values: readonly FilterValue<T[K]>[],
    options?: InListOptions,
  ): FilterExpression;
  /** `contains(field,'value')` */
  contains<K extends StringKey<T>>(field: K, value: string): FilterExpression;
  /** `startswith(field,'value')` */
  startswith<K extends StringKey<T>>(field: K, value: string): FilterExpression;
  /** `endswith(field,'value')` */
  endswith<K extends StringKey<T>>(field: K, value: string): FilterExpression;
  /** Same as the top-level {@link and}. */
  and(...operands: readonly OptionalFilter[]): FilterExpression;
  /** Same as the top-level {@link or}. */
  or(...operands: readonly OptionalFilter[]): FilterExpression;
  /** Same as the top-level {@link not}. */
  not(operand: FilterExpression): FilterExpression;
}

type ComparisonOperator = "eq" | "ne" | "gt" | "ge" | "lt" | "le";

function comparison(operator: ComparisonOperator, field: string, value: LiteralValue): FilterExpression {
  return expression("primary", `${assertPropertyPath(field)} ${operator} ${serializeLiteral(value)}`);
}

function stringFunction(name: "contains" | "startswith" | "endswith", field: string, value: string): FilterExpression {
  return expression("primary", `${name}(${assertPropertyPath(field)},${stringLiteral(value)})`);
}

/**
 * Creates filter builders typed against an entity type, so field names autocomplete and values are checked:
 *
 * ```ts
 * const f = filterBuilder<Customer>();
 * const expr = f.and(f.eq("displayName", untrustedName), f.gt("balanceDue", decimal("100.00")));
 * String(expr); // "displayName eq 'O''Brien' and balanceDue gt 100.00"
 * ```
 *
 * Without a type argument any field name and any {@link LiteralValue} is accepted (still validated at run time).
 */
export function filterBuilder<T = Record<string, unknown>>(): FilterBuilder<T> {
  // The typed signatures above narrow what callers can pass; at run time every value is a LiteralValue and is
  // validated again by serializeLiteral, so the casts below only forget compile-time precision.
  const compare =
    (operator: ComparisonOperator) =>
    (field: string, value: unknown): FilterExpression =>
      comparison(operator, field, value as LiteralValue);
  return {
    eq: compare("eq"),
    ne: compare("ne"),
    gt: compare("gt"),
    ge: compare("ge"),
    lt: compare("lt"),
    le: compare("le"),
    inList(field: string, values: readonly unknown[], options?: InListOptions): FilterExpression {
      const path = assertPropertyPath(field);
      if (!Array.isArray(values)) throw new ODataUsageError("inList() expects an array of values");
      const style = options?.style ?? DEFAULT_IN_LIST_STYLE;
      if (values.length === 0) return FALSE;
      const literals = values.map((value) => serializeLiteral(value as LiteralValue));
      if (style === "in") return expression("primary", `${path} in (${literals.join(",")})`);
      if (literals.length === 1) return expression("primary", `${path} eq ${literals[0]}`);
      return expression("or", literals.map((text) => `${path} eq ${text}`).join(" or "));
    },
    contains: (field: string, value: string) => stringFunction("contains", field, value),
    startswith: (field: string, value: string) => stringFunction("startswith", field, value),
    endswith: (field: string, value: string) => stringFunction("endswith", field, value),
    and,
    or,
    not,
  } as FilterBuilder<T>;
}
