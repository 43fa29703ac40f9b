import {
  createSyncException,
  EntityValidationError,
  failed,
  InvalidInputError,
  ok,
  type Payment,
  PaymentSchema,
  type SyncResult,
} from "@org/core";
import type { components } from "../generated/index.js";
import { amount, isoDate, list, PayloadError, reasonOf, record, text } from "./bigcommerce-read.js";

/** `GET /v3/orders/{order_id}/transactions` items. */
export type BigCommerceTransaction = components["schemas"]["Transaction"];

export interface FromBigCommerceTransactionsConfig {
  /** System slug in exceptions. Default: `bigcommerce`. */
  system?: string;
  /** The order named in exceptions. Default: the first transaction's `order_id`, else `(unknown)`. */
  orderId?: string;
}

/** Events that moved money from the buyer: a capture of an authorisation, or a sale in one step. */
const MONEY_TAKEN = new Set(["capture", "purchase"]);

/**
 * An order's v3 transactions as the canonical payments the buyer made: successful `capture` and `purchase` events,
 * each with its gateway transaction id so that payouts can be joined to the order (O5, S2), and its amount parsed
 * exactly (a JSON number taken at its shortest decimal form, never float arithmetic). Authorisations, voids,
 * refunds, pending and failed events did not take money and are left out; gift certificate redemptions are not
 * payments but a liability being settled (O10), so `fromBigCommerceOrder` reads them as redemptions.
 * Never throws on bad data: `INVALID_PAYLOAD` exceptions name the order and the field (`transactions.2.amount`).
 */
export function fromBigCommerceTransactions(
  transactions: readonly BigCommerceTransaction[] | undefined,
  config: FromBigCommerceTransactionsConfig = {},
): SyncResult<Payment[]> {
  const system = config.system ?? "bigcommerce";
  const firstOrderId = Array.isArray(transactions)
    ? text((transactions[0] as { order_id?: unknown } | undefined)?.order_id)
    : undefined;
  const orderId = config.orderId ?? firstOrderId ?? "(unknown)";
  try {
    return ok(readPayments(transactions));
  } catch (error) {
    const invalid = (message: string, field: string) =>
      createSyncException("INVALID_PAYLOAD", {
        message: `Order ${orderId}: ${message}`,
        sourceSystem: system,
        records: [{ system, type: "order", id: orderId, number: orderId }],
        field,
      });
    if (error instanceof EntityValidationError)
      return failed(error.issues.map((issue) => invalid(issue.message, issue.field)));
    if (error instanceof InvalidInputError) return failed([invalid(reasonOf(error), error.field)]);
    if (error instanceof PayloadError) return failed([invalid(error.message, error.field)]);
    throw error; // a bug in this mapper, not bad data
  }
}

function readPayments(transactions: readonly BigCommerceTransaction[] | undefined): Payment[] {
  const payments: Payment[] = [];
  list(transactions as BigCommerceTransaction[] | undefined, "transactions").forEach((t, index) => {
    const field = `transactions.${index}`;
    const raw = record(t, field);
    if (!MONEY_TAKEN.has(raw.event as string) || raw.status === "error" || raw.method === "gift_certificate") return;
    const input = {
      gateway: text(raw.gateway) ?? "unknown",
      ...(text(raw.method) ? { method: text(raw.method) } : {}),
      transactionId: text(raw.gateway_transaction_id) ?? text(raw.id) ?? `transaction-${index}`,
      amount: amount(raw.amount, `${field}.amount`),
      status: "captured" as const,
      ...(raw.date_created === undefined || raw.date_created === null
        ? {}
        : { capturedAt: isoDate(raw.date_created, `${field}.date_created`) }),
    };
    const parsed = PaymentSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path.map(String).join(".") ?? "";
      throw new PayloadError(path ? `${field}.${path}` : field, issue?.message ?? "invalid payment");
    }
    payments.push(parsed.data);
  });
  return payments;
}
