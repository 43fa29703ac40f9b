/**
 * Errors thrown by `@org/core` for invalid input. Each names the field (a dotted path such as
 * `lines.2.unitPrice`) and, when known, the record, so a pipeline can turn it into a record-level
 * `SyncException` instead of failing the whole run.
 */

/** Machine-readable reasons for rejecting an input value. */
export type InvalidInputCode =
  | "INVALID_AMOUNT"
  | "AMOUNT_OUT_OF_RANGE"
  | "PRECISION_LOST"
  | "NEGATIVE_NOT_ALLOWED"
  | "TOO_MANY_DECIMALS"
  | "UNKNOWN_CURRENCY"
  | "INVALID_ARGUMENT"
  | "INVALID_ENTITY";

export class InvalidInputError extends Error {
  override readonly name = "InvalidInputError";
  readonly code: InvalidInputCode;
  /** Dotted path of the offending field, e.g. `lines.0.quantity`; empty when the whole value is wrong. */
  readonly field: string;
  /** The rejected value, shortened for messages (never contains more than 80 characters). */
  readonly value: string;
  /** What is wrong, without the field or the value (for logs that must not carry payload data). */
  readonly reason: string;

  constructor(code: InvalidInputCode, field: string, value: unknown, reason: string) {
    const shown = describeValue(value);
    super(`${field || "value"}: ${reason} (got ${shown})`);
    this.code = code;
    this.field = field;
    this.value = shown;
    this.reason = reason;
  }
}

/** One problem found while validating an entity. */
export interface EntityIssue {
  /** Dotted path of the field. */
  field: string;
  message: string;
}

/** Thrown by `parseOrder`, `parseItem`, … when a value does not match the canonical schema. */
export class EntityValidationError extends Error {
  override readonly name = "EntityValidationError";
  readonly code = "INVALID_ENTITY" as const;
  /** Which entity failed, e.g. `Order`. */
  readonly entity: string;
  /** Identifier of the record when it could be read (e.g. the order id), for the exception log. */
  readonly recordId: string | undefined;
  readonly issues: readonly EntityIssue[];

  constructor(entity: string, recordId: string | undefined, issues: readonly EntityIssue[]) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (+${issues.length - 1} more)` : "";
    const where = recordId === undefined ? entity : `${entity} ${recordId}`;
    super(`${where} is invalid: ${first ? `${first.field || "(root)"}: ${first.message}` : "unknown problem"}${more}`);
    this.entity = entity;
    this.recordId = recordId;
    this.issues = issues;
  }
}

function describeValue(value: unknown): string {
  let text: string;
  if (typeof value === "string") text = JSON.stringify(value);
  else if (typeof value === "bigint") text = `${value}n`;
  else if (typeof value === "number" || typeof value === "boolean" || value == null) text = String(value);
  else text = Object.prototype.toString.call(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
