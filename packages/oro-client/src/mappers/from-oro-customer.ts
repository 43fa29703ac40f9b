import { type Customer, failed, ok, parseCustomer, type RecordRef, type SyncResult } from "@org/core";
import type { components } from "../generated/index.js";
import type { Flattened } from "../jsonapi.js";
import {
  configuredText,
  isoDateTime,
  type OroOrganizationIdConfig,
  organizationOf,
  PayloadError,
  payloadExceptions,
  record,
  relatedId,
  text,
} from "./oro-mapper-helpers.js";

/** An Oro customer (a B2B organization) as `flattenDocument` returns it; include `parent` to resolve its account. */
export type OroFlatCustomer = Flattened<components["schemas"]["Customer"]>;

export interface FromOroCustomerConfig extends OroOrganizationIdConfig {
  /** System slug in records and exceptions. Default: `oro`. */
  system?: string;
}

/**
 * An Oro customer as a canonical customer. In Oro a customer is the buyer's company, so it is also the customer's
 * `organization` (O2): its shared id (`organizationExternalIdField`, default `externalId`) and, when configured, the
 * ERP account number found on it or on its nearest included parent. The customer group id is kept for price groups
 * and ring-fenced stock. Never throws: bad data becomes `INVALID_PAYLOAD` exceptions naming the customer and field.
 */
export function fromOroCustomer(customer: OroFlatCustomer, config: FromOroCustomerConfig = {}): SyncResult<Customer> {
  const system = config.system ?? "oro";
  const raw = customer as unknown;
  const id = (typeof raw === "object" && raw !== null ? text((raw as { id?: unknown }).id) : undefined) ?? "(unknown)";
  const ref: RecordRef = { system, type: "customer", id };
  try {
    const value = record(raw, "customer");
    if (id === "(unknown)") throw new PayloadError("id", "expected an id");
    const organization = organizationOf(value, "customer", system, config);
    if (!organization) throw new PayloadError("customer", "is missing");
    const group = relatedId(value.group, "group");
    // only the customer's own number makes it that ERP customer; a parent's number is its bill-to account
    const ownNumber = configuredText(value, config.parentAccountNumberField);
    return ok(
      parseCustomer({
        source: ref,
        name: organization.name,
        ...(organization.externalId ? { externalId: organization.externalId } : {}),
        ...(ownNumber ? { erpCustomerNumber: ownNumber } : {}),
        organization,
        ...(group ? { customerGroup: group } : {}),
        ...(value.updatedAt === undefined || value.updatedAt === null
          ? {}
          : { updatedAt: isoDateTime(value.updatedAt, "updatedAt") }),
      }),
    );
  } catch (error) {
    return failed(payloadExceptions(error, { system, label: `Customer ${id.slice(0, 40)}`, records: [ref] }));
  }
}
