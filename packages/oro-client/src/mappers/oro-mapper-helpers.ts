/**
 * Defensive readers shared by the Oro mappers (not exported from the package). Flattened Oro records are plain
 * objects whose fields may be missing, `null`, of the wrong type or (for relationships that were not included)
 * bare `{ type, id }` linkage; every reader names the field it failed on and never echoes large values.
 */
import {
  createSyncException,
  Decimal,
  EntityValidationError,
  InvalidInputError,
  PayloadError,
  type RecordRef,
  type SyncException,
  readText as text,
} from "@org/core";

// Shared with every vendor → canonical mapper: one error type for bad payload fields, one text reader.
export { PayloadError, readText as text } from "@org/core";

/** Longest message kept in an exception: zod and parse messages may quote input, which may be huge. */
const MAX_MESSAGE_LENGTH = 300;

export function shorten(message: string): string {
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 3)}...` : message;
}

/** A short description of a bad value; never serialises objects (they may be huge or cyclic). */
export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function record(value: unknown, field: string): Record<string, unknown> {
  if (!isRecord(value)) throw new PayloadError(field, `expected an object, got ${describe(value)}`);
  return value;
}

/** `null` and absent are "no value" (an empty to-one relationship flattens to `null`). */
export function optionalRecord(value: unknown, field: string): Record<string, unknown> | undefined {
  return value === undefined || value === null ? undefined : record(value, field);
}

/** A to-many relationship or list; absent and `null` are empty. */
export function list(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new PayloadError(field, `expected a list, got ${describe(value)}`);
  return value;
}

/** An exact decimal from Oro's decimal string (or a JSON number); `undefined` when absent. */
export function optionalDecimal(value: unknown, field: string): Decimal | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string" && typeof value !== "number")
    throw new PayloadError(field, `expected a decimal, got ${describe(value)}`);
  return Decimal.from(value, field);
}

export function requiredDecimal(value: unknown, field: string): Decimal {
  const parsed = optionalDecimal(value, field);
  if (parsed === undefined) throw new PayloadError(field, "is missing");
  return parsed;
}

/** Oro date-times are ISO 8601 already; anything `Date` cannot read is rejected, the output is normalised to UTC. */
export function isoDateTime(value: unknown, field: string): string {
  const parsed = typeof value === "string" && value.length <= 64 ? new Date(value) : undefined;
  if (!parsed || Number.isNaN(parsed.getTime()))
    throw new PayloadError(field, `expected an ISO 8601 date-time, got ${describe(value)}`);
  return parsed.toISOString();
}

/** The id of a flattened relationship (`{ type, id, …attributes }` or bare linkage); `undefined` when empty. */
export function relatedId(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const related = record(value, field);
  const id = text(related.id);
  if (id === undefined) throw new PayloadError(`${field}.id`, `expected an id, got ${describe(related.id)}`);
  return id;
}

/** Reads an attribute by a configured name (custom attributes such as an ERP account number). */
export function configuredText(source: Record<string, unknown>, name: string | undefined): string | undefined {
  return name === undefined || !Object.hasOwn(source, name) ? undefined : text(source[name]);
}

/**
 * Runs `map` and turns bad data into `INVALID_PAYLOAD` exceptions naming the record and the field; anything else
 * is a bug in the mapper and is rethrown.
 */
export function payloadExceptions(
  error: unknown,
  context: { system: string; label: string; records: RecordRef[] },
): SyncException[] {
  const invalid = (message: string, field: string) =>
    createSyncException("INVALID_PAYLOAD", {
      message: shorten(`${context.label}: ${field ? `${field}: ` : ""}${message}`),
      sourceSystem: context.system,
      records: context.records,
      field: field || "(record)",
    });
  if (error instanceof EntityValidationError) return error.issues.map((issue) => invalid(issue.message, issue.field));
  if (error instanceof InvalidInputError) return [invalid(error.message.replace(/^[^:]*: /, ""), error.field)];
  if (error instanceof PayloadError) return [invalid(error.message, error.field)];
  throw error;
}

/** Where the ids that tie an Oro customer (the B2B organization) to its ERP account live (O2). */
export interface OroOrganizationIdConfig {
  /**
   * Attribute of the Oro customer holding the id both systems share (matched by the posting plan's
   * `parentAccountFor`). Default: `externalId`.
   */
  organizationExternalIdField?: string;
  /**
   * Attribute of the Oro customer holding the ERP customer number of its bill-to account, typically a custom
   * field such as `erpAccountNumber`. When the customer has none, the nearest included `parent` customer that has
   * one is used (departments of a company bill to the company). Default: none (left absent; matched later).
   */
  parentAccountNumberField?: string;
}

/** How many `parent` levels are followed when looking for the bill-to account number. */
const MAX_PARENT_DEPTH = 10;

/** An Oro customer (flattened) as a canonical organization, or `undefined` when no customer is linked. */
export function organizationOf(
  value: unknown,
  field: string,
  system: string,
  config: OroOrganizationIdConfig,
): { ref: RecordRef; name: string; externalId?: string; parentAccountNumber?: string } | undefined {
  const customer = optionalRecord(value, field);
  if (!customer) return undefined;
  const id = relatedId(customer, field) as string;
  const name = text(customer.name);
  if (name === undefined)
    throw new PayloadError(`${field}.name`, "is missing (request the customer with include=customer)");
  const externalId = configuredText(customer, config.organizationExternalIdField ?? "externalId");
  let parentAccountNumber: string | undefined;
  let current: Record<string, unknown> | undefined = customer;
  const seen = new Set<unknown>();
  for (let depth = 0; current && depth <= MAX_PARENT_DEPTH && !seen.has(current); depth++) {
    seen.add(current);
    parentAccountNumber = configuredText(current, config.parentAccountNumberField);
    if (parentAccountNumber !== undefined) break;
    current = isRecord(current.parent) ? current.parent : undefined;
  }
  return {
    ref: { system, type: "customer", id },
    name,
    ...(externalId === undefined ? {} : { externalId }),
    ...(parentAccountNumber === undefined ? {} : { parentAccountNumber }),
  };
}
