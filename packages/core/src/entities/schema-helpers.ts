import { z } from "zod";
import { type EntityIssue, EntityValidationError } from "../errors";
import { isCurrencyCode } from "../money/currency";
import { Decimal } from "../money/decimal";

export interface DecimalSchemaOptions {
  /** Reject negative values. Default: `false`. */
  nonNegative?: boolean;
  /** Reject values with a fraction (e.g. whole-unit stock). Default: `false`. */
  integer?: boolean;
}

/**
 * A schema that takes an amount or quantity in any wire form (decimal string, JSON number, `Decimal`) and outputs
 * an exact `Decimal`, with the same rules and messages as `Decimal.from`.
 */
export function decimalSchema(options: DecimalSchemaOptions = {}) {
  return z
    .custom<string | number | Decimal>(
      (value) => typeof value === "string" || typeof value === "number" || value instanceof Decimal,
      "expected a decimal string or number",
    )
    .transform((value, context): Decimal => {
      let parsed: Decimal;
      try {
        parsed = Decimal.from(value);
      } catch (error) {
        context.issues.push({
          code: "custom",
          input: value,
          message: (error as Error).message.replace(/^value: /, ""),
        });
        return z.NEVER;
      }
      if (options.nonNegative && parsed.isNegative()) {
        context.issues.push({ code: "custom", input: value, message: `must not be negative (got ${parsed})` });
        return z.NEVER;
      }
      if (options.integer && !parsed.isInteger()) {
        context.issues.push({ code: "custom", input: value, message: `must be a whole number (got ${parsed})` });
        return z.NEVER;
      }
      return parsed;
    });
}

/** ISO 4217 code such as `EUR`. */
export const CurrencyCodeSchema = z
  .string()
  .refine(isCurrencyCode, { error: (issue) => `not an ISO 4217 currency code: ${JSON.stringify(issue.input)}` });

/** ISO 8601 date-time with an offset, e.g. `2026-03-01T10:15:00Z`. */
export const DateTimeSchema = z.iso.datetime({ offset: true });
/** ISO 8601 calendar date, e.g. `2026-03-01`. */
export const DateSchema = z.iso.date();

/**
 * Where a record lives: the system's slug, the record type and its immutable id, plus the human-facing number
 * when it differs (a storefront order `100234` whose API id is `8812`). Carried into ERP documents so every
 * posting can be traced back (failure catalog O5).
 */
export const RecordRefSchema = z.object({
  /** System slug, e.g. the storefront or ERP the record lives in. */
  system: z.string().min(1),
  /** Record type in that system, e.g. `order`, `refund`, `salesInvoice`. */
  type: z.string().min(1),
  /** Immutable id in that system. */
  id: z.string().min(1),
  /** Human-facing number, when it differs from the id. */
  number: z.string().min(1).optional(),
});
export type RecordRef = z.output<typeof RecordRefSchema>;

/**
 * Validates `input` against `schema`. Returns the parsed entity or throws an `EntityValidationError` that names the
 * entity, the record id (read from `input[idPath]` when present) and every failing field as a dotted path.
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  entity: string,
  input: unknown,
  recordIdOf: (input: Record<string, unknown>) => unknown = () => undefined,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: EntityIssue[] = result.error.issues.map((issue) => ({
    field: issue.path.map(String).join("."),
    message: issue.message,
  }));
  let recordId: string | undefined;
  if (typeof input === "object" && input !== null) {
    const raw = recordIdOf(input as Record<string, unknown>);
    if (typeof raw === "string" || typeof raw === "number") recordId = String(raw);
  }
  throw new EntityValidationError(entity, recordId, issues);
}

/** Reads `input.source.id` (the shape every document entity uses for its identity). */
export function sourceIdOf(input: Record<string, unknown>): unknown {
  const source = input.source;
  return typeof source === "object" && source !== null ? (source as Record<string, unknown>).id : undefined;
}
