import {
  createSyncException,
  failed,
  parseShipment,
  type RecordRef,
  type Shipment,
  type ShipmentInput,
  type SyncResult,
  type SyncWarning,
} from "@org/core";
import type { SalesShipment, SalesShipmentLine, ShipmentMethod } from "../generated/index.js";
import {
  bcDateTime,
  bcEnum,
  keyOf,
  list,
  mapSafely,
  optionalDecimal,
  optionalText,
  PayloadError,
  record,
  text,
} from "./from-bc-read.js";

/** Package tracking from outside the standard API (a custom API page over Sales Shipment Header). */
export interface BcPackageTracking {
  /** Shipping Agent Code (e.g. `UPS`, `FEDEX`), shown as the carrier. */
  shippingAgentCode?: string;
  /** Package Tracking No.; several may be separated by `,` `;` or spaces. */
  packageTrackingNo?: string;
}

export interface FromBcSalesShipmentOptions {
  /**
   * Finds the storefront order from the shipment's `externalDocumentNumber` (the storefront order number carried
   * from the sales order, O5). Return `undefined` when there is none: the shipment becomes a retryable
   * `SHIPMENT_ORDER_NOT_FOUND` exception (F1). Required.
   */
  orderRefFor: (externalDocumentNumber: string, shipment: Partial<SalesShipment>) => RecordRef | undefined;
  /** System slug in records and exceptions. Default: `bc`. */
  system?: string;
  /** Shipment methods (`GET /shipmentMethods`): `shipmentMethodCode` → `displayName` as the method. Default: none (the code). */
  shipmentMethods?: readonly ShipmentMethod[];
  /**
   * Carrier and tracking number read elsewhere, since the standard API v2.0 `salesShipments` has neither the
   * shipping agent nor the package tracking number. Default: none (no carrier, no tracking number, and a
   * `TRACKING_NOT_EXPOSED` warning).
   */
  packageTracking?: BcPackageTracking;
  /** UTC offset that `postingDate` (a date without time) is read in. Default: `Z`. */
  utcOffset?: string;
}

/**
 * A posted BC sales shipment and its lines (`GET /salesShipments({id})?$expand=salesShipmentLines`, API v2.0) as a
 * canonical shipment, so the storefront order is marked shipped only once the warehouse has posted (F1).
 * - The order is found through `externalDocumentNumber` (O5) by `options.orderRefFor`.
 * - `shipmentMethodCode` (or its display name) is the method.
 * - Lines of type Item with a quantity: `lineObjectNumber` and `quantity` (in the line's unit). A posted shipment
 *   repeats every order line, with quantity 0 for those not shipped this time: those are left out, as are comment,
 *   G/L (e.g. shipping charge) and resource lines.
 * - Shipped at the start of `postingDate`.
 * Limitation: the standard API v2.0 exposes no shipping agent and no package tracking number; without
 * `options.packageTracking` the shipment has none and carries a `TRACKING_NOT_EXPOSED` warning.
 * Never throws on bad data: `INVALID_PAYLOAD` exceptions name the shipment and the field.
 */
export function fromBcSalesShipment(
  shipment: Partial<SalesShipment>,
  lines: readonly Partial<SalesShipmentLine>[],
  options: FromBcSalesShipmentOptions,
): SyncResult<Shipment> {
  const system = options.system ?? "bc";
  const raw = shipment as { id?: unknown; number?: unknown } | null;
  const number = typeof raw?.number === "string" && raw.number.trim() ? raw.number.trim().slice(0, 50) : undefined;
  const ref = { system, type: "salesShipment", id: keyOf(raw?.id), ...(number ? { number } : {}) };
  const label = `Shipment ${number ?? ref.id}`;
  const result = mapSafely<Shipment | { externalDocumentNumber: string }>(ref, label, (warnings) => {
    const input = toShipmentInput(record(shipment, "shipment"), lines, ref, options, warnings);
    return "externalDocumentNumber" in input ? input : parseShipment(input);
  });
  if (result.kind !== "ok") return result;
  if (!("externalDocumentNumber" in result.value)) return { ...result, value: result.value };
  const { externalDocumentNumber } = result.value;
  return failed(
    [
      createSyncException("SHIPMENT_ORDER_NOT_FOUND", {
        message: externalDocumentNumber
          ? `${label}: no storefront order found for its external document number`
          : `${label}: externalDocumentNumber is empty, so the storefront order cannot be found`,
        sourceSystem: system,
        records: [
          ref,
          ...(externalDocumentNumber ? [{ system, type: "orderReference", id: externalDocumentNumber }] : []),
        ],
        field: "externalDocumentNumber",
      }),
    ],
    result.warnings,
  );
}

function toShipmentInput(
  raw: Record<string, unknown>,
  rawLines: readonly Partial<SalesShipmentLine>[],
  ref: RecordRef,
  options: FromBcSalesShipmentOptions,
  warnings: SyncWarning[],
): ShipmentInput | { externalDocumentNumber: string } {
  const id = optionalText(raw.id, "id");
  if (!id) throw new PayloadError("id", "is required");
  const shippedAt = bcDateTime(raw.postingDate, options.utcOffset ?? "Z", "postingDate");
  const methodCode = optionalText(raw.shipmentMethodCode, "shipmentMethodCode");
  const methodName = methodCode
    ? text(
        (
          options.shipmentMethods?.find((m) => (m as { code?: unknown } | null)?.code === methodCode) as
            | { displayName?: unknown }
            | undefined
        )?.displayName,
      )
    : undefined;
  const method = methodName ?? methodCode;
  const tracking = options.packageTracking;
  const carrier = text(tracking?.shippingAgentCode);
  const trackingNumbers = (text(tracking?.packageTrackingNo) ?? "").split(/[\s,;]+/).filter(Boolean);
  if (!tracking)
    warnings.push({
      code: "TRACKING_NOT_EXPOSED",
      message:
        "the standard BC API has no package tracking number or shipping agent; the storefront gets none unless options.packageTracking supplies them",
      field: "packageTracking",
    });
  const lines = list(rawLines, "lines").flatMap((l, i) => {
    const field = `lines.${i}`;
    const line = record(l, field);
    const documentId = optionalText(line.documentId, `${field}.documentId`);
    if (documentId && documentId !== id) throw new PayloadError(`${field}.documentId`, "belongs to another shipment");
    if (bcEnum(line.lineType, `${field}.lineType`) !== "Item") return [];
    const quantity = optionalDecimal(line.quantity, `${field}.quantity`);
    if (!quantity) throw new PayloadError(`${field}.quantity`, "is required");
    if (quantity.isZero()) return [];
    const sku = optionalText(line.lineObjectNumber, `${field}.lineObjectNumber`);
    if (!sku) throw new PayloadError(`${field}.lineObjectNumber`, "is required");
    return [{ sku, quantity }];
  });
  // The order lookup comes last, so that a malformed shipment is reported as such, not as an unknown order.
  const externalDocumentNumber = optionalText(raw.externalDocumentNumber, "externalDocumentNumber");
  const orderRef = externalDocumentNumber
    ? options.orderRefFor(externalDocumentNumber, raw as Partial<SalesShipment>)
    : undefined;
  if (!orderRef) return { externalDocumentNumber: externalDocumentNumber ?? "" };
  return {
    source: ref,
    orderRef,
    shippedAt,
    ...(carrier ? { carrier } : {}),
    ...(method ? { method } : {}),
    trackingNumbers,
    lines,
  };
}
