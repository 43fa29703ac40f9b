/**
 * The slice of OData v4 query options the Business Central fake evaluates: `$filter` (comparisons `eq ne gt ge lt
 * le`, `and`/`or`/`not`, parentheses, `in (…)`, `contains`/`startswith`/`endswith`; string, GUID, number, boolean,
 * null, date and date-time literals), `$select`, `$top`, `$skip` and `$orderby`. Anything else is rejected the way
 * BC rejects a bad query: 400 `BadRequest` with a message naming what it could not read.
 */

/** A query the fake cannot read: answered as `400 BadRequest`. */
export class ODataQueryError extends Error {
  override readonly name = "ODataQueryError";
}

type Literal = string | number | boolean | null;
/** The EDM type of a literal as written (`'x'` is a string even when it looks like a GUID). */
type LiteralKind =
  | "Edm.String"
  | "Edm.Guid"
  | "Edm.Date"
  | "Edm.DateTimeOffset"
  | "Edm.Decimal"
  | "Edm.Boolean"
  | "null";
/** The EDM type of a property, for type-checking comparisons as OData does. */
export type PropertyKind = Exclude<LiteralKind, "null"> | "Edm.Int32";
type Operator = "eq" | "ne" | "gt" | "ge" | "lt" | "le";
type Expression =
  | { kind: "compare"; op: Operator; field: string; value: Literal; literal: LiteralKind }
  | { kind: "in"; field: string; values: Literal[]; literals: LiteralKind[] }
  | { kind: "function"; name: "contains" | "startswith" | "endswith"; field: string; value: string }
  | { kind: "and" | "or"; left: Expression; right: Expression }
  | { kind: "not"; operand: Expression }
  | { kind: "constant"; value: boolean };

/** A parsed `$filter`, applied to plain records. */
export type RecordFilter = (record: Record<string, unknown>) => boolean;

const TOKEN =
  /\s*(?:(?<string>'(?:[^']|'')*')|(?<guid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-]))|(?<datetime>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))|(?<date>\d{4}-\d{2}-\d{2}(?![\w:]))|(?<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.]))|(?<punct>[(),])|(?<word>[A-Za-z_][\w/.]*))/y;

interface Token {
  type: "string" | "guid" | "datetime" | "date" | "number" | "punct" | "word";
  text: string;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let position = 0;
  while (position < source.length) {
    if (/^\s*$/.test(source.slice(position))) break;
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(source);
    if (!match?.groups) throw new ODataQueryError(`Syntax error at position ${position} in '${source}'.`);
    const entry = Object.entries(match.groups).find(([, value]) => value !== undefined);
    if (!entry) throw new ODataQueryError(`Syntax error at position ${position} in '${source}'.`);
    tokens.push({ type: entry[0] as Token["type"], text: entry[1] as string });
    position = TOKEN.lastIndex;
  }
  return tokens;
}

class Parser {
  #index = 0;
  constructor(
    readonly tokens: Token[],
    readonly source: string,
  ) {}

  parse(): Expression {
    const expression = this.#or();
    if (this.#index < this.tokens.length) this.#fail(`unexpected '${this.tokens[this.#index]?.text}'`);
    return expression;
  }

  #peek(): Token | undefined {
    return this.tokens[this.#index];
  }
  #next(): Token {
    const token = this.tokens[this.#index++];
    if (!token) this.#fail("unexpected end of expression");
    return token as Token;
  }
  #word(text: string): boolean {
    const token = this.#peek();
    if (token?.type === "word" && token.text === text) {
      this.#index += 1;
      return true;
    }
    return false;
  }
  #punct(text: string): void {
    const token = this.#next();
    if (token.type !== "punct" || token.text !== text) this.#fail(`expected '${text}', found '${token.text}'`);
  }
  #fail(message: string): never {
    throw new ODataQueryError(`Syntax error in '${this.source}': ${message}.`);
  }

  #or(): Expression {
    let left = this.#and();
    while (this.#word("or")) left = { kind: "or", left, right: this.#and() };
    return left;
  }
  #and(): Expression {
    let left = this.#unary();
    while (this.#word("and")) left = { kind: "and", left, right: this.#unary() };
    return left;
  }
  #unary(): Expression {
    if (this.#word("not")) return { kind: "not", operand: this.#unary() };
    const token = this.#peek();
    if (token?.type === "punct" && token.text === "(") {
      this.#index += 1;
      const inner = this.#or();
      this.#punct(")");
      return inner;
    }
    if (token?.type === "word" && (token.text === "true" || token.text === "false")) {
      this.#index += 1;
      return { kind: "constant", value: token.text === "true" };
    }
    if (
      token?.type === "word" &&
      (token.text === "contains" || token.text === "startswith" || token.text === "endswith")
    ) {
      this.#index += 1;
      this.#punct("(");
      const field = this.#field();
      this.#punct(",");
      const { value, kind } = this.#literal();
      this.#punct(")");
      if (kind !== "Edm.String") this.#fail(`${token.text} needs a string literal`);
      return { kind: "function", name: token.text, field, value: value as string };
    }
    const field = this.#field();
    const op = this.#next();
    if (op.type !== "word") this.#fail(`expected an operator after ${field}`);
    if (op.text === "in") {
      this.#punct("(");
      const literals = [this.#literal()];
      while (this.#peek()?.text === ",") {
        this.#index += 1;
        literals.push(this.#literal());
      }
      this.#punct(")");
      return { kind: "in", field, values: literals.map((l) => l.value), literals: literals.map((l) => l.kind) };
    }
    if (!["eq", "ne", "gt", "ge", "lt", "le"].includes(op.text)) this.#fail(`unknown operator '${op.text}'`);
    const { value, kind } = this.#literal();
    return { kind: "compare", op: op.text as Operator, field, value, literal: kind };
  }
  #field(): string {
    const token = this.#next();
    if (token.type !== "word") this.#fail(`expected a property name, found '${token.text}'`);
    return token.text;
  }
  #literal(): { value: Literal; kind: LiteralKind } {
    const token = this.#next();
    switch (token.type) {
      case "string":
        return { value: token.text.slice(1, -1).replace(/''/g, "'"), kind: "Edm.String" };
      case "guid":
        return { value: token.text.toLowerCase(), kind: "Edm.Guid" };
      case "datetime":
        return { value: token.text, kind: "Edm.DateTimeOffset" };
      case "date":
        return { value: token.text, kind: "Edm.Date" };
      case "number":
        return { value: Number(token.text), kind: "Edm.Decimal" };
      case "word":
        if (token.text === "null") return { value: null, kind: "null" };
        if (token.text === "true" || token.text === "false")
          return { value: token.text === "true", kind: "Edm.Boolean" };
        return this.#fail(`expected a literal, found '${token.text}'`);
      default:
        return this.#fail(`expected a literal, found '${token.text}'`);
    }
  }
}

function normalise(value: unknown): Literal {
  if (value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null)
    return value;
  return String(value);
}

/** Exact comparison of decimal strings/numbers without floats (amounts are strings on the wire). */
function compareNumbers(a: string, b: string): number {
  const [ai = "0", af = ""] = a.replace(/^\+/, "").split(".");
  const [bi = "0", bf = ""] = b.replace(/^\+/, "").split(".");
  const scale = Math.max(af.length, bf.length);
  const x = BigInt(ai + af.padEnd(scale, "0"));
  const y = BigInt(bi + bf.padEnd(scale, "0"));
  return x < y ? -1 : x > y ? 1 : 0;
}

/** GUIDs as text (compared case-insensitively) and date-times (compared as instants). */
const GUID_TEXT = /^[0-9a-f-]{36}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T/;

function compare(left: Literal, right: Literal): number | undefined {
  if (left === null || right === null) return left === right ? 0 : undefined;
  const numeric = /^-?\d+(\.\d+)?$/;
  if (typeof right === "number" && (typeof left === "number" || numeric.test(String(left)))) {
    return compareNumbers(String(left), String(right));
  }
  if (typeof left === "boolean" || typeof right === "boolean") return left === right ? 0 : undefined;
  const l = String(left);
  const r = String(right);
  // Date-times compare as instants: `…:54.702Z` is after `…:54Z` although it sorts before it as text.
  if (INSTANT.test(l) && INSTANT.test(r)) {
    const a = Date.parse(l);
    const b = Date.parse(r);
    if (!Number.isNaN(a) && !Number.isNaN(b)) return a < b ? -1 : a > b ? 1 : 0;
  }
  // GUIDs compare case-insensitively; dates and date-times as ISO strings.
  const a = GUID_TEXT.test(l) ? l.toLowerCase() : l;
  return a < r ? -1 : a > r ? 1 : 0;
}

function evaluate(expression: Expression, record: Record<string, unknown>): boolean {
  switch (expression.kind) {
    case "constant":
      return expression.value;
    case "and":
      return evaluate(expression.left, record) && evaluate(expression.right, record);
    case "or":
      return evaluate(expression.left, record) || evaluate(expression.right, record);
    case "not":
      return !evaluate(expression.operand, record);
    case "in":
      return expression.values.some((value) => compare(normalise(record[expression.field]), value) === 0);
    case "function": {
      const value = record[expression.field];
      if (typeof value !== "string") return false;
      if (expression.name === "contains") return value.toLowerCase().includes(expression.value.toLowerCase());
      if (expression.name === "startswith") return value.toLowerCase().startsWith(expression.value.toLowerCase());
      return value.toLowerCase().endsWith(expression.value.toLowerCase());
    }
    case "compare": {
      const result = compare(normalise(record[expression.field]), expression.value);
      switch (expression.op) {
        case "eq":
          return result === 0;
        case "ne":
          return result !== 0;
        case "gt":
          return result !== undefined && result > 0;
        case "ge":
          return result !== undefined && result >= 0;
        case "lt":
          return result !== undefined && result < 0;
        case "le":
          return result !== undefined && result <= 0;
      }
    }
  }
}

function fieldsOf(expression: Expression): string[] {
  switch (expression.kind) {
    case "constant":
      return [];
    case "and":
    case "or":
      return [...fieldsOf(expression.left), ...fieldsOf(expression.right)];
    case "not":
      return fieldsOf(expression.operand);
    default:
      return [expression.field];
  }
}

const OPERATOR_NAMES: Record<Operator, string> = {
  eq: "Equal",
  ne: "NotEqual",
  gt: "GreaterThan",
  ge: "GreaterThanOrEqual",
  lt: "LessThan",
  le: "LessThanOrEqual",
};

function compatible(property: PropertyKind, literal: LiteralKind): boolean {
  if (literal === "null") return true;
  if (property === "Edm.Int32") return literal === "Edm.Decimal";
  return property === literal;
}

/** OData refuses comparisons of incompatible types: a GUID property against `'…'` (a string) is a 400. */
function typeCheck(expression: Expression, types: ReadonlyMap<string, PropertyKind | undefined>): void {
  const mismatch = (field: string, literal: LiteralKind, op: string) => {
    const property = types.get(field);
    if (property && !compatible(property, literal))
      throw new ODataQueryError(
        `A binary operator with incompatible types was detected. Found operand types '${property}' and '${literal}' for operator kind '${op}'.`,
      );
  };
  switch (expression.kind) {
    case "or":
      // Business Central's own limit (learn.microsoft.com …/webservices/odata-known-limitations).
      if (new Set(fieldsOf(expression)).size > 1)
        throw new ODataQueryError("The 'OR' operator is not supported on distinct fields on an OData filter.");
      typeCheck(expression.left, types);
      typeCheck(expression.right, types);
      return;
    case "and":
      typeCheck(expression.left, types);
      typeCheck(expression.right, types);
      return;
    case "not":
      typeCheck(expression.operand, types);
      return;
    case "compare":
      mismatch(expression.field, expression.literal, OPERATOR_NAMES[expression.op]);
      return;
    case "in":
      for (const literal of expression.literals) mismatch(expression.field, literal, "In");
      return;
    case "function":
      mismatch(expression.field, "Edm.String", expression.name);
      return;
    case "constant":
      return;
  }
}

/**
 * The key under which an index files a stored value, such that a record value `v` equals (`eq`, as {@link compare}
 * decides it) a string literal `s` that is not a date-time only if `indexKey(v) === s`. `undefined` for values that
 * equal no such literal (null, booleans). Indexes built on it give candidates; the filter itself still decides.
 */
export function indexKey(value: unknown): string | undefined {
  const v = normalise(value);
  if (v === null || typeof v === "boolean") return undefined;
  const text = String(v);
  return GUID_TEXT.test(text) ? text.toLowerCase() : text;
}

/** A literal an index can answer: a string (or GUID, date) that is not a date-time, which compares as an instant. */
function indexable(value: Literal): value is string {
  return typeof value === "string" && !INSTANT.test(value);
}

/** Index look-up: the records filed under `key` for `field` (any set of record handles). */
export type IndexLookup<T> = (field: string, key: string) => ReadonlySet<T>;

/**
 * A superset of the records an expression can match, from indexes: `eq` and `in` against string literals, `or` of
 * such, and `and` with at least one such side. `undefined` when the expression needs a scan.
 */
function candidates<T>(expression: Expression, lookup: IndexLookup<T>): ReadonlySet<T> | undefined {
  switch (expression.kind) {
    case "constant":
      return expression.value ? undefined : new Set();
    case "compare":
      return expression.op === "eq" && indexable(expression.value)
        ? lookup(expression.field, expression.value)
        : undefined;
    case "in": {
      if (!expression.values.every(indexable)) return undefined;
      const out = new Set<T>();
      for (const value of expression.values) for (const record of lookup(expression.field, value)) out.add(record);
      return out;
    }
    case "or": {
      const left = candidates(expression.left, lookup);
      if (!left) return undefined;
      const right = candidates(expression.right, lookup);
      if (!right) return undefined;
      const out = new Set(left);
      for (const record of right) out.add(record);
      return out;
    }
    case "and": {
      const left = candidates(expression.left, lookup);
      const right = candidates(expression.right, lookup);
      if (!left || !right) return left ?? right;
      return left.size <= right.size ? left : right;
    }
    default:
      return undefined;
  }
}

/** A parsed `$filter`: the predicate, and the index look-up that narrows the records it has to be applied to. */
export interface FilterPlan {
  test: RecordFilter;
  /** A superset of the matching records from indexes (apply `test` to each), or `undefined`: scan everything. */
  candidates<T>(lookup: IndexLookup<T>): ReadonlySet<T> | undefined;
}

/**
 * Parses a `$filter` expression. With the entity's property types, an unknown property is a 400 the way BC
 * answers it (`Could not find a property named 'x' on type 'Microsoft.NAV.salesOrder'.`), and so are a comparison
 * of incompatible types (a GUID or date property against a string literal) and `or` across distinct fields (BC).
 */
export function parseFilter(
  source: string,
  propertyTypes?: ReadonlyMap<string, PropertyKind | undefined>,
  typeName = "entity",
): RecordFilter {
  return planFilter(source, propertyTypes, typeName).test;
}

/** {@link parseFilter} with the index plan: same validation, same predicate. */
export function planFilter(
  source: string,
  propertyTypes?: ReadonlyMap<string, PropertyKind | undefined>,
  typeName = "entity",
): FilterPlan {
  const expression = new Parser(tokenize(source), source).parse();
  if (propertyTypes) {
    for (const field of fieldsOf(expression)) {
      if (!propertyTypes.has(field))
        throw new ODataQueryError(`Could not find a property named '${field}' on type 'Microsoft.NAV.${typeName}'.`);
    }
    typeCheck(expression, propertyTypes);
  }
  return {
    test: (record) => evaluate(expression, record),
    candidates: (lookup) => candidates(expression, lookup),
  };
}

/** `$orderby=a desc,b` as a comparator. */
export function parseOrderBy(source: string): (a: Record<string, unknown>, b: Record<string, unknown>) => number {
  const keys = source.split(",").map((part) => {
    const [field = "", direction = "asc"] = part.trim().split(/\s+/);
    if (!/^[A-Za-z_]\w*$/.test(field) || !["asc", "desc"].includes(direction))
      throw new ODataQueryError(`The query specified in the URI is not valid: $orderby '${source}'.`);
    return { field, sign: direction === "desc" ? -1 : 1 };
  });
  return (a, b) => {
    for (const { field, sign } of keys) {
      const result = compare(normalise(a[field]), normalise(b[field])) ?? 0;
      if (result !== 0) return result * sign;
    }
    return 0;
  };
}

/** Keeps the `$select`ed fields (the ETag annotation always stays, as in BC). */
export function selectFields(record: Record<string, unknown>, select: readonly string[] | undefined): object {
  if (!select) return record;
  const out: Record<string, unknown> = {};
  if (record["@odata.etag"] !== undefined) out["@odata.etag"] = record["@odata.etag"];
  for (const field of select) if (field in record) out[field] = record[field];
  return out;
}

/** Parses `$select=a,b` checking every name against the entity's fields. */
export function parseSelect(source: string, knownFields: ReadonlySet<string>, typeName: string): string[] {
  const fields = source
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  for (const field of fields) {
    if (!knownFields.has(field))
      throw new ODataQueryError(`Could not find a property named '${field}' on type 'Microsoft.NAV.${typeName}'.`);
  }
  return fields;
}

/** Reads a non-negative integer query option (`$top`, `$skip`). */
export function parseCount(name: string, source: string): number {
  if (!/^\d+$/.test(source))
    throw new ODataQueryError(`Invalid value '${source}' for $${name} query option found. It must be an integer.`);
  return Number(source);
}
