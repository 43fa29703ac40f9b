/**
 * A tiny, independent lexer for OData `$filter` text, used by the tests to check what a server would see: how
 * many literals an expression holds and what each decodes to. It is deliberately written from the OData ABNF,
 * not from the serialiser, so the two check each other.
 */
export type Token =
  | { kind: "string"; value: string }
  | { kind: "enum"; type: string; value: string }
  | { kind: "guid" | "date" | "datetime" | "time" | "number"; value: string }
  | { kind: "keyword"; value: string }
  | { kind: "identifier"; value: string }
  | { kind: "punctuation"; value: "(" | ")" | "," };

const KEYWORDS = new Set(["and", "or", "not", "eq", "ne", "gt", "ge", "lt", "le", "in", "true", "false", "null"]);
const PATTERNS: [Exclude<Token["kind"], "string" | "enum" | "keyword" | "identifier" | "punctuation">, RegExp][] = [
  ["datetime", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/y],
  ["guid", /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/y],
  ["date", /^\d{4}-\d{2}-\d{2}/y],
  ["time", /^\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?/y],
  ["number", /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y],
];
const NAME = /^[\p{L}_][\p{L}\p{N}_]*(?:[./][\p{L}_][\p{L}\p{N}_]*)*/uy;

function readQuoted(text: string, start: number): { value: string; end: number } {
  let value = "";
  let index = start + 1;
  for (;;) {
    const quote = text.indexOf("'", index);
    if (quote < 0) throw new SyntaxError(`Unterminated string literal at ${start}`);
    value += text.slice(index, quote);
    if (text[quote + 1] === "'") {
      value += "'";
      index = quote + 2;
    } else {
      return { value, end: quote + 1 };
    }
  }
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  outer: while (index < text.length) {
    const char = text[index]!;
    if (char === " ") {
      index++;
      continue;
    }
    if (char === "(" || char === ")" || char === ",") {
      tokens.push({ kind: "punctuation", value: char });
      index++;
      continue;
    }
    if (char === "'") {
      const { value, end } = readQuoted(text, index);
      tokens.push({ kind: "string", value });
      index = end;
      continue;
    }
    const rest = text.slice(index);
    for (const [kind, pattern] of PATTERNS) {
      const match = pattern.exec(rest);
      pattern.lastIndex = 0;
      if (match) {
        tokens.push({ kind, value: match[0] });
        index += match[0].length;
        continue outer;
      }
    }
    const name = NAME.exec(rest);
    NAME.lastIndex = 0;
    if (name) {
      index += name[0].length;
      if (text[index] === "'") {
        const { value, end } = readQuoted(text, index);
        tokens.push({ kind: "enum", type: name[0], value });
        index = end;
      } else if (KEYWORDS.has(name[0])) {
        tokens.push({ kind: "keyword", value: name[0] });
      } else {
        tokens.push({ kind: "identifier", value: name[0] });
      }
      continue;
    }
    throw new SyntaxError(`Unexpected character ${JSON.stringify(char)} at ${index} in ${JSON.stringify(text)}`);
  }
  return tokens;
}

const LITERAL_KINDS = new Set(["string", "enum", "guid", "date", "datetime", "time", "number"]);

export function isLiteral(token: Token): boolean {
  return LITERAL_KINDS.has(token.kind) || (token.kind === "keyword" && ["true", "false", "null"].includes(token.value));
}

/** Parses text that must be exactly one literal; returns its token. */
export function parseLiteral(text: string): Token {
  const tokens = tokenize(text);
  if (tokens.length !== 1 || !isLiteral(tokens[0]!)) {
    throw new SyntaxError(`Expected exactly one literal, got ${tokens.length} tokens in ${JSON.stringify(text)}`);
  }
  return tokens[0]!;
}
