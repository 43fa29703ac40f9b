import { type Availability, AvailabilitySchema, createSyncException, type SyncException } from "@org/core";
import type { components } from "../generated/index.js";
import { ORO_SYNC_BATCH_MAX_PRIMARY } from "../oro-client.js";
import { shorten, text } from "./oro-mapper-helpers.js";

/** The body of `PATCH /admin/api/inventorylevels` (batch update). */
export type OroInventoryLevelBatchDocument = components["schemas"]["InventoryLevelBatchDocument"];

export interface ToOroInventoryLevelsConfig {
  /**
   * Oro inventory level id per SKU (the level of the unit the ERP counts in, usually the product's primary unit).
   * Inventory levels can only be updated, never created, so a SKU without one is an exception. Required.
   */
  inventoryLevelIdsBySku: Readonly<Record<string, string>> | ReadonlyMap<string, string>;
  /**
   * Most records per batch document. Default: {@link ORO_SYNC_BATCH_MAX_PRIMARY} (100), the most Oro applies
   * synchronously (I7).
   */
  batchSize?: number;
  /** System slug of the ERP the stock came from, in exceptions. Default: `erp`. */
  sourceSystem?: string;
}

export interface ToOroInventoryLevelsResult {
  /** Batch documents of at most `batchSize` updates each, in input order; empty when nothing is to be sent. */
  documents: OroInventoryLevelBatchDocument[];
  /** One per availability that was not sent: unknown SKU, invalid quantity, SKU given twice. */
  exceptions: SyncException[];
}

/**
 * ERP availability → Oro inventory level batch updates (`meta.update`), one way: the ERP is master (I1). Pass the
 * delta from `availabilityDelta` to push only changed SKUs (I2) and quantities already net of buffers from
 * `computeAvailability` (I3; negative quantities are rejected); writes are chunked at Oro's synchronous batch size
 * (I7). Quantities are exact decimal strings. A SKU without an Oro inventory level, an invalid availability or a SKU
 * given twice becomes an exception for that SKU; the rest are still sent.
 */
export function toOroInventoryLevels(
  availability: readonly Availability[],
  config: ToOroInventoryLevelsConfig,
): ToOroInventoryLevelsResult {
  const sourceSystem = config.sourceSystem ?? "erp";
  const batchSize = Math.floor(config.batchSize ?? ORO_SYNC_BATCH_MAX_PRIMARY);
  if (!(batchSize >= 1 && batchSize <= ORO_SYNC_BATCH_MAX_PRIMARY))
    throw new RangeError(`batchSize must be between 1 and ${ORO_SYNC_BATCH_MAX_PRIMARY}`);
  const ids = config.inventoryLevelIdsBySku;
  const levelIdOf = (sku: string): string | undefined =>
    ids instanceof Map
      ? ids.get(sku)
      : Object.hasOwn(ids, sku)
        ? (ids as Readonly<Record<string, string>>)[sku]
        : undefined;

  const exceptions: SyncException[] = [];
  const updates: OroInventoryLevelBatchDocument["data"] = [];
  const seen = new Set<string>();
  const input: readonly unknown[] = Array.isArray(availability) ? availability : [];
  input.forEach((value, index) => {
    const rawSku = typeof value === "object" && value !== null ? text((value as { sku?: unknown }).sku) : undefined;
    const sku = rawSku ?? `(index ${index})`;
    const records = [{ system: sourceSystem, type: "sku", id: sku.slice(0, 100) }];
    const parsed = AvailabilitySchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      exceptions.push(
        createSyncException("INVALID_PAYLOAD", {
          message: shorten(`SKU ${sku.slice(0, 60)}: ${issue?.path.join(".") || "availability"}: ${issue?.message}`),
          sourceSystem,
          targetSystem: "oro",
          records,
          field: `${index}.${issue?.path.join(".") || "availability"}`,
        }),
      );
      return;
    }
    const { sku: validSku, quantity } = parsed.data;
    if (seen.has(validSku)) {
      exceptions.push(
        createSyncException("INVALID_PAYLOAD", {
          message: shorten(`SKU ${validSku.slice(0, 60)} is given twice; Oro keeps one level per SKU and unit`),
          sourceSystem,
          targetSystem: "oro",
          records,
          field: `${index}.sku`,
        }),
      );
      return;
    }
    seen.add(validSku);
    const id = levelIdOf(validSku);
    if (id === undefined || id === "") {
      exceptions.push(
        createSyncException("ITEM_NOT_FOUND", {
          message: shorten(`SKU ${validSku.slice(0, 60)} has no Oro inventory level (levels can only be updated)`),
          sourceSystem,
          targetSystem: "oro",
          records,
          field: `${index}.sku`,
          impact: "stock not published",
          details: { sku: validSku.slice(0, 100) },
        }),
      );
      return;
    }
    updates.push({
      type: "inventorylevels",
      id,
      meta: { update: true },
      attributes: { quantity: quantity.toString() },
    });
  });
  const documents: OroInventoryLevelBatchDocument[] = [];
  for (let start = 0; start < updates.length; start += batchSize)
    documents.push({ data: updates.slice(start, start + batchSize) });
  return { documents, exceptions };
}
