import { ODataUsageError } from "./errors.js";

/** The EDM types an explicit literal helper can produce. */
export type ODataLiteralType =
  | "Edm.Guid"
  | "Edm.Date"
  | "Edm.DateTimeOffset"
  | "Edm.TimeOfDay"
  | "Edm.Decimal"
  | "Edm.Enum";

const CREATE = Symbol("ODataLiteral.create");

/**
 * An already validated and serialised OData literal (GUID, date, decimal, enum member…). Only the helpers in this
 * module ({@link guid}, {@link date}, {@link dateTimeOffset}, {@link timeOfDay}, {@link decimal},
 * {@link enumMember}) can create one, so text from an untrusted source can never masquerade as one.
 */
export class ODataLiteral {
  /** The EDM type the literal was validated as. */
  readonly type: ODataLiteralType;
  /** The literal as it appears in a `$filter` expression, e.g. `2024-01-31` or `Microsoft.NAV.blocked'All'`. */
  readonly text: string;

  /** @internal Use the helper functions; the constructor refuses to be called from outside this module. */
  constructor(token: symbol, type: ODataLiteralType, text: string) {
    if (token !== CREATE) throw new ODataUsageError("ODataLiteral can only be created by the literal helpers");
    this.type = type;
    this.text = text;
  }

  toString(): string {
    return this.text;
  }
}

/** Plain-object form of an `Edm.Date` value, e.g. `{ date: "2024-01-31" }` (a calendar day, no time zone). */
export interface EdmDateValue {
  /** ISO calendar date `YYYY-MM-DD`. */
  date: string;
}

/**
 * Every value the serialiser accepts:
 * - `string` → `Edm.String` literal `'…'` with single quotes doubled;
 * - `number` / `bigint` → numeric literal (finite numbers only);
 * - `boolean` → `true` / `false`; `null` → `null`;
 * - `Date` → `Edm.DateTimeOffset` in UTC (`2024-01-31T10:00:00.000Z`);
 * - `{ date: "YYYY-MM-DD" }` → `Edm.Date`;
 * - an {@link ODataLiteral} from one of the helpers.
 */
export type LiteralValue = string | number | bigint | boolean | null | Date | EdmDateValue | ODataLiteral;

const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,12})?)?$/;
const DATE_TIME_PATTERN =
  /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,12})?)?)(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const DECIMAL_PATTERN = /^[+-]?\d+(?:\.\d+)?$/;
const IDENTIFIER = "[\\p{L}_][\\p{L}\\p{N}_]*";
const QUALIFIED_NAME_PATTERN = new RegExp(`^${IDENTIFIER}(?:\\.${IDENTIFIER})+$`, "u");
const ENUM_MEMBER_PATTERN = new RegExp(`^(?:${IDENTIFIER}|-?\\d+)$`, "u");
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function literal(type: ODataLiteralType, text: string): ODataLiteral {
  return new ODataLiteral(CREATE, type, text);
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : typeof value;
}

function isCalendarDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/**
 * An `Edm.Guid` literal (serialised unquoted, as OData v4 requires: `id eq 5d115c9c-…`).
 * @throws ODataUsageError unless `value` is a GUID in the 8-4-4-4-12 hexadecimal form.
 */
export function guid(value: string): ODataLiteral {
  if (typeof value !== "string" || !GUID_PATTERN.test(value)) {
    throw new ODataUsageError(`Not a GUID: ${describe(value)}`);
  }
  return literal("Edm.Guid", value);
}

/**
 * An `Edm.Date` literal (a calendar day without time zone, serialised unquoted: `orderDate ge 2024-01-31`).
 * @throws ODataUsageError unless `value` is a real calendar day in `YYYY-MM-DD` form.
 */
export function date(value: string): ODataLiteral {
  if (typeof value !== "string" || !isCalendarDate(value)) {
    throw new ODataUsageError(`Not a calendar date (YYYY-MM-DD): ${describe(value)}`);
  }
  return literal("Edm.Date", value);
}

/**
 * An `Edm.DateTimeOffset` literal. A `Date` is written in UTC (`toISOString()`); a string must be an ISO 8601
 * date-time with an explicit offset (`Z` or `±hh:mm`) and is written as given.
 * @throws ODataUsageError for an invalid `Date` or a string that is not such a date-time.
 */
export function dateTimeOffset(value: string | Date): ODataLiteral {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ODataUsageError("Invalid Date");
    return literal("Edm.DateTimeOffset", value.toISOString());
  }
  const match = typeof value === "string" ? DATE_TIME_PATTERN.exec(value) : null;
  if (!match || !isCalendarDate(match[1] ?? "") || !TIME_PATTERN.test(match[2] ?? "")) {
    throw new ODataUsageError(`Not an ISO 8601 date-time with offset: ${describe(value)}`);
  }
  return literal("Edm.DateTimeOffset", value);
}

/**
 * An `Edm.TimeOfDay` literal, `hh:mm[:ss[.fff]]`, serialised unquoted.
 * @throws ODataUsageError for anything else.
 */
export function timeOfDay(value: string): ODataLiteral {
  if (typeof value !== "string" || !TIME_PATTERN.test(value)) {
    throw new ODataUsageError(`Not a time of day (hh:mm:ss): ${describe(value)}`);
  }
  return literal("Edm.TimeOfDay", value);
}

/**
 * An exact `Edm.Decimal` literal from a decimal numeral string (`"-12.3400"`) or a `bigint`, so amounts never pass
 * through a binary float. The string is validated as a plain decimal numeral: nothing else can get through.
 * @throws ODataUsageError for anything but `[+-]digits[.digits]`.
 */
export function decimal(value: string | bigint): ODataLiteral {
  if (typeof value === "bigint") return literal("Edm.Decimal", value.toString());
  if (typeof value !== "string" || !DECIMAL_PATTERN.test(value)) {
    throw new ODataUsageError(`Not a decimal numeral: ${describe(value)}`);
  }
  return literal("Edm.Decimal", value.startsWith("+") ? value.slice(1) : value);
}

/**
 * An enumeration member literal in the OData v4 form `Namespace.Type'Member'`, e.g.
 * `enumMember("Microsoft.NAV.customerBlocked", "All")` → `Microsoft.NAV.customerBlocked'All'`.
 * @param typeName namespace-qualified enum type name.
 * @param member member name (an identifier) or its integer value.
 * @throws ODataUsageError when either part is not a valid name.
 */
export function enumMember(typeName: string, member: string | number): ODataLiteral {
  const memberText = typeof member === "number" && Number.isSafeInteger(member) ? String(member) : member;
  if (typeof typeName !== "string" || !QUALIFIED_NAME_PATTERN.test(typeName)) {
    throw new ODataUsageError(`Not a namespace-qualified enum type name: ${describe(typeName)}`);
  }
  if (typeof memberText !== "string" || !ENUM_MEMBER_PATTERN.test(memberText)) {
    throw new ODataUsageError(`Not an enum member name or value: ${describe(member)}`);
  }
  return literal("Edm.Enum", `${typeName}'${memberText}'`);
}

/** Whether `value` is a string that can be sent (UTF-8 encodable: no lone surrogate halves). */
function isWellFormed(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

/**
 * Serialises a value as an OData `Edm.String` literal: wrapped in single quotes, every single quote doubled. The
 * result is always exactly one literal token, whatever the input contains.
 * @throws ODataUsageError when the string contains a lone UTF-16 surrogate (it cannot be percent-encoded).
 */
export function stringLiteral(value: string): string {
  if (typeof value !== "string") throw new ODataUsageError(`Not a string: ${describe(value)}`);
  if (!isWellFormed(value)) throw new ODataUsageError("String contains a lone UTF-16 surrogate");
  return `'${value.replaceAll("'", "''")}'`;
}

function isEdmDateValue(value: object): value is EdmDateValue {
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === "date" && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * Serialises any {@link LiteralValue} into its OData URL literal form. This is the only way values enter a
 * `$filter` built by this package, and it validates at run time too, so an untyped or untrusted value (an object,
 * `undefined`, `NaN`, a string posing as a GUID) is rejected rather than spliced into the expression.
 * @throws ODataUsageError for values that have no safe literal form.
 */
export function serializeLiteral(value: LiteralValue): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return stringLiteral(value);
    case "number":
      if (!Number.isFinite(value)) throw new ODataUsageError(`Not a finite number: ${value}`);
      return Object.is(value, -0) ? "0" : String(value);
    case "bigint":
      return value.toString();
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value instanceof ODataLiteral) return value.text;
      if (value instanceof Date) return dateTimeOffset(value).text;
      if (isEdmDateValue(value)) return date(value.date).text;
      break;
  }
  throw new ODataUsageError(`Cannot serialise ${describe(value)} as an OData literal`);
}
