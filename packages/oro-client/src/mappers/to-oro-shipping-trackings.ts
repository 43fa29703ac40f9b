import {
  createSyncException,
  EntityValidationError,
  failed,
  ok,
  parseShipment,
  type RecordRef,
  type ShipmentInput,
  type SyncResult,
  type SyncWarning,
} from "@org/core";
import type { components } from "../generated/index.js";
import { shorten, text } from "./oro-mapper-helpers.js";

/** The body of `POST /admin/api/ordershippingtrackings`. */
export type OroShippingTrackingCreateDocument = components["schemas"]["OrderShippingTrackingCreateDocument"];

/** Longest `method` and `number` Oro stores (string columns of 255 characters). */
export const ORO_TRACKING_FIELD_MAX_LENGTH = 255;

export interface ToOroShippingTrackingsConfig {
  /** Oro id of the order the shipment fulfils (found through the order's identifier, O5). Required. */
  orderId: string;
  /** Tracking numbers the order already has in Oro: they are not created again, so re-runs are safe. Default: none. */
  existingTrackingNumbers?: Iterable<string>;
  /** System slug of the ERP the shipment came from, in exceptions. Default: the shipment's `source.system`. */
  sourceSystem?: string;
}

/**
 * An ERP shipment → one Oro shipping tracking create document per tracking number, linked to the order, so the
 * customer is told only once the warehouse has shipped (F1). `method` is the carrier (else the shipping method).
 * A shipment without tracking numbers yields no documents and a warning; numbers already on the order are skipped.
 * Never throws on bad data: an invalid shipment, a missing carrier or a value longer than Oro stores is an
 * exception naming the shipment and the field.
 */
export function toOroShippingTrackings(
  shipment: ShipmentInput,
  config: ToOroShippingTrackingsConfig,
): SyncResult<OroShippingTrackingCreateDocument[]> {
  const raw = shipment as unknown;
  const source =
    typeof raw === "object" && raw !== null
      ? (raw as { source?: { system?: unknown; id?: unknown } }).source
      : undefined;
  const sourceSystem = config.sourceSystem ?? text(source?.system) ?? "erp";
  const shipmentId = text(source?.id) ?? "(unknown)";
  const records: RecordRef[] = [{ system: sourceSystem, type: "shipment", id: shipmentId.slice(0, 100) }];
  const orderId = text(config.orderId);
  if (orderId) records.push({ system: "oro", type: "order", id: orderId.slice(0, 100) });
  const invalid = (message: string, field: string) =>
    createSyncException("INVALID_PAYLOAD", {
      message: shorten(`Shipment ${shipmentId.slice(0, 60)}: ${field}: ${message}`),
      sourceSystem,
      targetSystem: "oro",
      records,
      field,
    });
  if (!orderId) return failed([invalid("no Oro order id to link the tracking to", "orderId")]);
  let parsed: ReturnType<typeof parseShipment>;
  try {
    parsed = parseShipment(raw);
  } catch (error) {
    if (error instanceof EntityValidationError)
      return failed(error.issues.map((issue) => invalid(issue.message, issue.field || "shipment")));
    throw error;
  }
  const method = parsed.carrier ?? parsed.method;
  const warnings: SyncWarning[] = [];
  const existing = new Set(config.existingTrackingNumbers ?? []);
  const numbers = [...new Set(parsed.trackingNumbers.map((n) => n.trim()).filter(Boolean))].filter(
    (n) => !existing.has(n),
  );
  if (parsed.trackingNumbers.length === 0)
    warnings.push({
      code: "NO_TRACKING_NUMBERS",
      message: "the shipment has no tracking numbers",
      field: "trackingNumbers",
    });
  if (numbers.length === 0) return ok([], warnings);
  if (!method) return failed([invalid("neither a carrier nor a shipping method to show", "carrier")], warnings);
  const tooLong = [
    ...(method.length > ORO_TRACKING_FIELD_MAX_LENGTH ? [parsed.carrier ? "carrier" : "method"] : []),
    ...(numbers.some((n) => n.length > ORO_TRACKING_FIELD_MAX_LENGTH) ? ["trackingNumbers"] : []),
  ];
  if (tooLong.length > 0)
    return failed(
      tooLong.map((field) =>
        createSyncException("FIELD_TOO_LONG", {
          message: shorten(
            `Shipment ${shipmentId.slice(0, 60)}: ${field} is longer than ${ORO_TRACKING_FIELD_MAX_LENGTH} characters`,
          ),
          sourceSystem,
          targetSystem: "oro",
          records,
          field,
        }),
      ),
      warnings,
    );
  return ok(
    numbers.map((number) => ({
      data: {
        type: "ordershippingtrackings" as const,
        attributes: { method, number },
        relationships: { orders: { data: [{ type: "orders", id: orderId }] } },
      },
    })),
    warnings,
  );
}
