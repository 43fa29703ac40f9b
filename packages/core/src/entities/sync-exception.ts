import { z } from "zod";
import { RecordRefSchema } from "./schema-helpers";

/** Teams that own an exception: the person who can fix it, not the system that raised it (X1). */
export const OWNER_TEAMS = ["finance", "operations", "ecommerce", "customer_service", "engineering"] as const;
export type OwnerTeam = (typeof OWNER_TEAMS)[number];

/**
 * A record-level failure, quarantined so the rest of the run goes on (X1). Every mapper and pipeline reports
 * problems this way: never a silent skip, never a crash on bad data.
 */
export const SyncExceptionSchema = z.object({
  /** Stable machine-readable code, e.g. `ITEM_NOT_FOUND` (see `SYNC_EXCEPTION_CODES`). */
  code: z.string().min(1),
  /** The failure-catalog id this exception surfaces, e.g. `O1`. */
  failureId: z.string().optional(),
  /** One sentence a person can act on; names the record and the field. */
  message: z.string().min(1),
  /** System the record came from (slug). */
  sourceSystem: z.string().min(1),
  /** System the record was going to (slug). */
  targetSystem: z.string().optional(),
  /** The records concerned: order id, SKU, document number, payout line… */
  records: z.array(RecordRefSchema),
  /** Dotted path of the offending field, when one field is at fault. */
  field: z.string().optional(),
  owner: z.enum(OWNER_TEAMS),
  /** What goes wrong operationally while this stays open. */
  impact: z.string().min(1),
  /** Whether the same record may succeed later without anyone changing data (e.g. a rate limit, a lock). */
  retryable: z.boolean(),
  /** Extra structured facts (expected vs actual totals, the unknown unit…). Never secrets. */
  details: z.record(z.string(), z.unknown()).optional(),
});
export type SyncException = z.output<typeof SyncExceptionSchema>;

interface CodeDefaults {
  failureId?: string;
  owner: OwnerTeam;
  impact: string;
  retryable: boolean;
}

/**
 * The exception codes the SDK raises, with their catalog id and defaults. One table so that the same problem is
 * always reported the same way, whichever mapper or pipeline finds it.
 */
export const SYNC_EXCEPTION_CODES = {
  ITEM_NOT_FOUND: { failureId: "O1", owner: "operations", impact: "order not posted", retryable: false },
  ITEM_INACTIVE: { failureId: "O1", owner: "operations", impact: "order not posted", retryable: false },
  CUSTOMER_AMBIGUOUS: { failureId: "O2", owner: "customer_service", impact: "order not posted", retryable: false },
  CUSTOMER_NEEDS_APPROVAL: {
    failureId: "O2",
    owner: "customer_service",
    impact: "order staged until the customer is approved",
    retryable: true,
  },
  PARENT_ACCOUNT_NOT_FOUND: { failureId: "O2", owner: "finance", impact: "B2B order not posted", retryable: false },
  GUEST_POLICY_MISSING: { failureId: "O3", owner: "finance", impact: "guest order not posted", retryable: false },
  NOT_READY_TO_FULFIL: {
    failureId: "O7",
    owner: "ecommerce",
    impact: "order not sent to the warehouse",
    retryable: false,
  },
  TAX_MAPPING_MISSING: { failureId: "O8", owner: "finance", impact: "document cannot post", retryable: false },
  TAX_DIFFERENCE: { failureId: "O8", owner: "finance", impact: "invoice differs from payment", retryable: false },
  TAX_MODE_MISMATCH: {
    failureId: "O8",
    owner: "finance",
    impact: "document would post with the wrong tax",
    retryable: false,
  },
  FIELD_TOO_LONG: { owner: "engineering", impact: "document not posted", retryable: false },
  GIFT_CARD_POLICY_MISSING: { failureId: "O10", owner: "finance", impact: "order not posted", retryable: false },
  CURRENCY_MISMATCH: { failureId: "O11", owner: "finance", impact: "document not posted", retryable: false },
  UNIT_NOT_MAPPED: { failureId: "O12", owner: "operations", impact: "order not posted", retryable: false },
  PRICE_DEVIATION: { failureId: "O13", owner: "finance", impact: "order held for price review", retryable: false },
  LOCATION_NOT_MAPPED: { failureId: "O14", owner: "operations", impact: "order not routed", retryable: false },
  TRACKING_NUMBERS_MISSING: { failureId: "O15", owner: "operations", impact: "document cannot post", retryable: false },
  SHIPPING_ACCOUNT_MISSING: { failureId: "O16", owner: "finance", impact: "shipping not posted", retryable: false },
  TOTAL_MISMATCH: { failureId: "O17", owner: "finance", impact: "ERP total differs from storefront", retryable: false },
  INVOICE_NOT_FOUND: { failureId: "R1", owner: "finance", impact: "credit memo not posted", retryable: true },
  REFUND_TOTAL_MISMATCH: { failureId: "R2", owner: "finance", impact: "credit memo not posted", retryable: false },
  ORDER_NOT_INVOICED: {
    failureId: "R4",
    owner: "finance",
    impact: "credit memo waits for the invoice",
    retryable: true,
  },
  SETTLEMENT_LINE_UNMATCHED: {
    failureId: "S2",
    owner: "finance",
    impact: "amount booked to suspense until matched",
    retryable: false,
  },
  SETTLEMENT_ROUNDING_EXCEEDED: {
    failureId: "S4",
    owner: "finance",
    impact: "payout not journalised",
    retryable: false,
  },
  ACCOUNT_NOT_CONFIGURED: { owner: "finance", impact: "journal not built", retryable: false },
  WAREHOUSE_NOT_MAPPED: { failureId: "I4", owner: "operations", impact: "stock not published", retryable: false },
  SHIPMENT_ORDER_NOT_FOUND: { failureId: "F1", owner: "operations", impact: "customer not notified", retryable: true },
  INVALID_PAYLOAD: { owner: "engineering", impact: "record not synced", retryable: false },
  API_CALL_FAILED: { failureId: "X2", owner: "engineering", impact: "record not synced yet", retryable: true },
  OUTCOME_UNKNOWN: { failureId: "O6", owner: "engineering", impact: "look up before retrying", retryable: true },
} as const satisfies Record<string, CodeDefaults>;
export type SyncExceptionCode = keyof typeof SYNC_EXCEPTION_CODES;

export interface SyncExceptionInput {
  message: string;
  sourceSystem: string;
  targetSystem?: string;
  records: SyncException["records"];
  field?: string;
  details?: Record<string, unknown>;
  /** Override the code's default owner, impact or retryability when the context knows better. */
  owner?: OwnerTeam;
  impact?: string;
  retryable?: boolean;
}

/** Builds an exception for a known code, filling in its catalog id, owner, impact and retryability. */
export function createSyncException(code: SyncExceptionCode, input: SyncExceptionInput): SyncException {
  const defaults: CodeDefaults = SYNC_EXCEPTION_CODES[code];
  const exception: SyncException = {
    code,
    message: input.message,
    sourceSystem: input.sourceSystem,
    records: input.records,
    owner: input.owner ?? defaults.owner,
    impact: input.impact ?? defaults.impact,
    retryable: input.retryable ?? defaults.retryable,
  };
  if (defaults.failureId !== undefined) exception.failureId = defaults.failureId;
  if (input.targetSystem !== undefined) exception.targetSystem = input.targetSystem;
  if (input.field !== undefined) exception.field = input.field;
  if (input.details !== undefined) exception.details = input.details;
  return exception;
}

/** A note that does not stop the record (e.g. a discount rounded across lines). */
export interface SyncWarning {
  code: string;
  message: string;
  field?: string;
}

/**
 * What a mapper or pure function returns instead of throwing on bad data:
 * - `ok`: the value, with warnings;
 * - `skipped`: deliberately not synced, with the reason (a quote, O4): not an error;
 * - `failed`: typed exceptions naming the record and the field.
 */
export type SyncResult<T> =
  | { kind: "ok"; value: T; warnings: SyncWarning[] }
  | { kind: "skipped"; reason: string; warnings: SyncWarning[] }
  | { kind: "failed"; exceptions: SyncException[]; warnings: SyncWarning[] };

export function ok<T>(value: T, warnings: SyncWarning[] = []): SyncResult<T> {
  return { kind: "ok", value, warnings };
}
export function skipped<T>(reason: string, warnings: SyncWarning[] = []): SyncResult<T> {
  return { kind: "skipped", reason, warnings };
}
export function failed<T>(exceptions: SyncException[], warnings: SyncWarning[] = []): SyncResult<T> {
  if (exceptions.length === 0) throw new Error("failed() needs at least one exception");
  return { kind: "failed", exceptions, warnings };
}

/** Where a mapper's exceptions come from and what they concern; the same for every exception it raises. */
export interface ExceptionContext {
  /** Prefix of every message, naming the record, e.g. `Order 100234`. */
  label: string;
  sourceSystem: string;
  targetSystem?: string;
  records: SyncException["records"];
}

/** Extra facts of one raised exception. */
export interface RaiseOptions {
  details?: Record<string, unknown>;
  owner?: OwnerTeam;
  impact?: string;
  retryable?: boolean;
}

/**
 * Collects a mapper's exceptions for one record: `raise(code, message, field)` adds an exception whose message
 * starts with the record's label and which carries the context's systems and records. A mapper reports every
 * problem it finds, then returns `failed(exceptions)` if there were any.
 */
export function exceptionCollector(context: ExceptionContext): {
  exceptions: SyncException[];
  raise: (code: SyncExceptionCode, message: string, field?: string, options?: RaiseOptions) => void;
} {
  const exceptions: SyncException[] = [];
  const raise = (code: SyncExceptionCode, message: string, field?: string, options: RaiseOptions = {}) => {
    exceptions.push(
      createSyncException(code, {
        message: `${context.label}: ${message}`,
        sourceSystem: context.sourceSystem,
        ...(context.targetSystem !== undefined ? { targetSystem: context.targetSystem } : {}),
        records: context.records,
        ...(field !== undefined ? { field } : {}),
        ...options,
      }),
    );
  };
  return { exceptions, raise };
}
