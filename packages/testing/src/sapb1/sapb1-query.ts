/**
 * The OData query options the SAP Business One fake understands: the `$filter` subset the clients write
 * (`eq ne gt ge lt le`, `and or not`, parentheses, `in (…)`, `contains/startswith/endswith`, string literals with
 * doubled quotes, numbers, `null`, `true/false`, dates quoted or bare), `$orderby` and `$select`. Anything else is a
 * syntax error, answered by the fake as B1 answers a query it cannot parse.
 */

export type B1Record = Record<string, unknown>;
export type Predicate = (record: B1Record) => boolean;

/** `$filter`/`$orderby`/`$select` the fake cannot read. */
export class QuerySyntaxError extends Error {}

type Token =
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "date"; value: string }
  | { kind: "word"; value: string }
  | { kind: "punct"; value: "(" | ")" | "," };

const DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const ch = text[i] ?? "";
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "(" || ch === ")" || ch === ",") {
      tokens.push({ kind: "punct", value: ch });
      i++;
      continue;
    }
    if (ch === "'") {
      let value = "";
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new QuerySyntaxError(`unterminated string literal at position ${i}`);
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      tokens.push({ kind: "string", value });
      i = j + 1;
      continue;
    }
    const date = DATE.exec(rest);
    if (date) {
      tokens.push({ kind: "date", value: date[0] });
      i += date[0].length;
      continue;
    }
    const number = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[mMdDfFlL]?/.exec(rest);
    if (number) {
      tokens.push({ kind: "number", value: Number(number[0].replace(/[mMdDfFlL]$/, "")) });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_$@][A-Za-z0-9_./]*/.exec(rest);
    if (word) {
      tokens.push({ kind: "word", value: word[0] });
      i += word[0].length;
      continue;
    }
    throw new QuerySyntaxError(`unexpected ${JSON.stringify(ch)} at position ${i}`);
  }
  return tokens;
}

type Operand = { kind: "field"; path: string } | { kind: "value"; value: unknown };

const COMPARISONS = new Set(["eq", "ne", "gt", "ge", "lt", "le"]);
const FUNCTIONS = new Set(["contains", "startswith", "endswith"]);

function read(record: B1Record, path: string): unknown {
  let value: unknown = record;
  for (const segment of path.split("/")) {
    value = value !== null && typeof value === "object" ? (value as B1Record)[segment] : undefined;
  }
  return value;
}

function operandValue(operand: Operand, record: B1Record): unknown {
  return operand.kind === "field" ? read(record, operand.path) : operand.value;
}

/** B1 dates come back as `2026-11-01T00:00:00Z`; a filter may name the day alone (`'2026-11-01'` or bare). */
function comparable(left: unknown, right: unknown): [unknown, unknown] {
  if (typeof left === "string" && typeof right === "string" && DATE.test(left) && DATE.test(right)) {
    const day = (text: string) => text.slice(0, 10);
    const dateOnly = (text: string) => text.length === 10 || /^\d{4}-\d{2}-\d{2}T00:00:00(?:\.0+)?Z?$/.test(text);
    if (dateOnly(left) || dateOnly(right)) return [day(left), day(right)];
  }
  return [left, right];
}

export function compareValues(a: unknown, b: unknown): number {
  const [left, right] = comparable(a, b);
  if (left === right) return 0;
  if (left === null || left === undefined) return -1;
  if (right === null || right === undefined) return 1;
  if (typeof left === "number" && typeof right === "number") return left < right ? -1 : 1;
  const l = String(left);
  const r = String(right);
  return l < r ? -1 : l > r ? 1 : 0;
}

function compare(op: string, left: unknown, right: unknown): boolean {
  const isNull = (v: unknown) => v === null || v === undefined;
  if (isNull(left) || isNull(right)) {
    if (op === "eq") return isNull(left) && isNull(right);
    if (op === "ne") return isNull(left) !== isNull(right);
    return false;
  }
  const order = compareValues(left, right);
  switch (op) {
    case "eq":
      return order === 0;
    case "ne":
      return order !== 0;
    case "gt":
      return order > 0;
    case "ge":
      return order >= 0;
    case "lt":
      return order < 0;
    default:
      return order <= 0;
  }
}

class Parser {
  #position = 0;
  constructor(readonly tokens: Token[]) {}

  parse(): Predicate {
    const predicate = this.#or();
    if (this.#position < this.tokens.length) throw new QuerySyntaxError("unexpected text after the expression");
    return predicate;
  }

  #peek(): Token | undefined {
    return this.tokens[this.#position];
  }

  #isWord(value: string): boolean {
    const token = this.#peek();
    return token?.kind === "word" && token.value.toLowerCase() === value;
  }

  #expect(value: "(" | ")" | ","): void {
    const token = this.tokens[this.#position++];
    if (token?.kind !== "punct" || token.value !== value) throw new QuerySyntaxError(`expected "${value}"`);
  }

  #or(): Predicate {
    const operands = [this.#and()];
    while (this.#isWord("or")) {
      this.#position++;
      operands.push(this.#and());
    }
    return operands.length === 1 ? (operands[0] as Predicate) : (r) => operands.some((p) => p(r));
  }

  #and(): Predicate {
    const operands = [this.#unary()];
    while (this.#isWord("and")) {
      this.#position++;
      operands.push(this.#unary());
    }
    return operands.length === 1 ? (operands[0] as Predicate) : (r) => operands.every((p) => p(r));
  }

  #unary(): Predicate {
    if (this.#isWord("not")) {
      this.#position++;
      const inner = this.#unary();
      return (r) => !inner(r);
    }
    return this.#primary();
  }

  #primary(): Predicate {
    const token = this.#peek();
    if (token?.kind === "punct" && token.value === "(") {
      this.#position++;
      const inner = this.#or();
      this.#expect(")");
      return inner;
    }
    if (token?.kind === "word" && FUNCTIONS.has(token.value.toLowerCase())) {
      const name = token.value.toLowerCase();
      this.#position++;
      this.#expect("(");
      const left = this.#operand();
      this.#expect(",");
      const right = this.#operand();
      this.#expect(")");
      return (r) => {
        const haystack = operandValue(left, r);
        const needle = operandValue(right, r);
        if (typeof haystack !== "string" || typeof needle !== "string") return false;
        if (name === "contains") return haystack.includes(needle);
        if (name === "startswith") return haystack.startsWith(needle);
        return haystack.endsWith(needle);
      };
    }
    if (token?.kind === "word" && (token.value === "true" || token.value === "false")) {
      this.#position++;
      const value = token.value === "true";
      return () => value;
    }
    const left = this.#operand();
    const operator = this.tokens[this.#position++];
    if (operator?.kind !== "word") throw new QuerySyntaxError("expected a comparison operator");
    const op = operator.value.toLowerCase();
    if (op === "in") {
      this.#expect("(");
      const values: Operand[] = [this.#operand()];
      while (this.#peek()?.kind === "punct" && (this.#peek() as { value: string }).value === ",") {
        this.#position++;
        values.push(this.#operand());
      }
      this.#expect(")");
      return (r) => values.some((v) => compare("eq", operandValue(left, r), operandValue(v, r)));
    }
    if (!COMPARISONS.has(op)) throw new QuerySyntaxError(`unsupported operator ${JSON.stringify(operator.value)}`);
    const right = this.#operand();
    return (r) => compare(op, operandValue(left, r), operandValue(right, r));
  }

  #operand(): Operand {
    const token = this.tokens[this.#position++];
    if (!token) throw new QuerySyntaxError("unexpected end of the expression");
    switch (token.kind) {
      case "string":
      case "number":
      case "date":
        return { kind: "value", value: token.value };
      case "word":
        if (token.value === "null") return { kind: "value", value: null };
        if (token.value === "true" || token.value === "false") return { kind: "value", value: token.value === "true" };
        return { kind: "field", path: token.value };
      default:
        throw new QuerySyntaxError(`unexpected "${token.value}"`);
    }
  }
}

/** A predicate for a `$filter` expression. @throws QuerySyntaxError */
export function parseFilter(text: string): Predicate {
  return new Parser(tokenize(text)).parse();
}

/** A comparator for `$orderby` (`DocEntry desc,CardCode`). @throws QuerySyntaxError */
export function parseOrderBy(text: string): (a: B1Record, b: B1Record) => number {
  const keys = text.split(",").map((part) => {
    const [field = "", direction = "asc", ...extra] = part.trim().split(/\s+/);
    if (!/^[A-Za-z_][A-Za-z0-9_/]*$/.test(field) || extra.length > 0 || !/^(asc|desc)$/i.test(direction)) {
      throw new QuerySyntaxError(`invalid $orderby item ${JSON.stringify(part.trim())}`);
    }
    return { field, sign: direction.toLowerCase() === "desc" ? -1 : 1 };
  });
  return (a, b) => {
    for (const { field, sign } of keys) {
      const order = compareValues(read(a, field), read(b, field));
      if (order !== 0) return order * sign;
    }
    return 0;
  };
}

/** The `$select`ed fields of a record (its ETag kept). @throws QuerySyntaxError */
export function parseSelect(text: string): (record: B1Record) => B1Record {
  const fields = text.split(",").map((f) => f.trim());
  for (const field of fields) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(field))
      throw new QuerySyntaxError(`invalid $select item ${JSON.stringify(field)}`);
  }
  return (record) =>
    Object.fromEntries(Object.entries(record).filter(([key]) => key === "@odata.etag" || fields.includes(key)));
}
