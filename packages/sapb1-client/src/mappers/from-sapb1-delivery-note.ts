import {
  createSyncException,
  failed,
  parseShipment,
  type RecordRef,
  type Shipment,
  type ShipmentInput,
  type SyncResult,
  type SyncWarning,
  skipped,
} from "@org/core";
import type { Document, ShippingType } from "../generated/index.js";
import {
  b1DateTime,
  keyOf,
  list,
  mapSafely,
  optionalDecimal,
  optionalInteger,
  optionalText,
  own,
  PayloadError,
  record,
  text,
  yesNo,
} from "./from-sapb1-read.js";

export interface FromSapB1DeliveryNoteOptions {
  /**
   * Finds the storefront order from the delivery's `NumAtCard` (the storefront order number carried from the sales
   * order, O5). Return `undefined` when there is no such order: the delivery becomes a retryable
   * `SHIPMENT_ORDER_NOT_FOUND` exception (F1). Required.
   */
  orderRefFor: (numAtCard: string, document: Partial<Document>) => RecordRef | undefined;
  /** System slug in records and exceptions. Default: `sapb1`. */
  system?: string;
  /** The shipping types (`GET /ShippingTypes`): `TransportationCode` → `Name`, shown as the method. Default: none. */
  shippingTypes?: readonly ShippingType[];
  /**
   * `TransportationCode` → carrier as the storefront knows it (`UPS`, `FedEx`), since B1's shipping types name
   * services, not carriers. Default: none (no carrier).
   */
  carriers?: Readonly<Record<number, string>>;
  /**
   * Line UDF holding the storefront order line id, when the order mapper wrote one. Default: none (lines are
   * matched by SKU).
   */
  orderLineIdField?: `U_${string}`;
  /** UTC offset of the B1 server's clock, for `DocDate`/`DocTime`. Default: `Z`. */
  serverUtcOffset?: string;
}

/**
 * A B1 delivery (`GET /DeliveryNotes(DocEntry)`) as a canonical shipment, so the storefront order is marked shipped
 * with tracking only once the warehouse has delivered (F1).
 * - The order is found through `NumAtCard` (O5) by `options.orderRefFor`; unknown → `SHIPMENT_ORDER_NOT_FOUND`.
 * - `TrackingNumber` (several may be separated by `,` `;` or spaces) → tracking numbers; `TransportationCode` → method
 *   (`shippingTypes`) and carrier (`carriers`).
 * - `DocumentLines` → `ItemCode` and `Quantity` (in the line's sales unit, as ordered); components of a sales BOM
 *   (`TreeType` iIngredient) are left out: the storefront sold the parent.
 * - Shipped at `DocDate` + `DocTime` in the server's clock.
 * Cancelled deliveries (`Cancelled` tYES, or a cancellation document) are `skipped`. Never throws on bad data.
 */
export function fromSapB1DeliveryNote(
  document: Partial<Document>,
  options: FromSapB1DeliveryNoteOptions,
): SyncResult<Shipment> {
  const system = options.system ?? "sapb1";
  const raw = document as Record<string, unknown> | null;
  const docEntry = keyOf(raw?.DocEntry);
  const docNum = Number.isSafeInteger(raw?.DocNum) ? String(raw?.DocNum) : undefined;
  const ref = { system, type: "deliveryNote", id: docEntry, ...(docNum ? { number: docNum } : {}) };
  const label = `Delivery ${docNum ?? docEntry}`;
  if (raw?.Cancelled === "tYES" || raw?.CancelStatus === "csCancellation")
    return skipped(`${label} is cancelled or a cancellation`);
  const result = mapSafely<Shipment | { numAtCard: string }>(ref, label, (warnings) => {
    const input = toShipmentInput(record(document, "document"), ref, options, warnings);
    return "numAtCard" in input ? input : parseShipment(input);
  });
  if (result.kind !== "ok") return result;
  if (!("numAtCard" in result.value)) return { ...result, value: result.value };
  const { numAtCard } = result.value;
  return failed(
    [
      createSyncException("SHIPMENT_ORDER_NOT_FOUND", {
        message: numAtCard
          ? `${label}: no storefront order found for its NumAtCard`
          : `${label}: NumAtCard is empty, so the storefront order cannot be found`,
        sourceSystem: system,
        records: [ref, ...(numAtCard ? [{ system, type: "orderReference", id: numAtCard.slice(0, 100) }] : [])],
        field: "NumAtCard",
      }),
    ],
    result.warnings,
  );
}

/** The shipment, or the `NumAtCard` (empty when absent) that found no order. */
function toShipmentInput(
  raw: Record<string, unknown>,
  ref: RecordRef,
  options: FromSapB1DeliveryNoteOptions,
  warnings: SyncWarning[],
): ShipmentInput | { numAtCard: string } {
  if (optionalInteger(raw.DocEntry, "DocEntry") === undefined) throw new PayloadError("DocEntry", "is required");
  yesNo(raw.Cancelled, "Cancelled");
  const shippedAt = b1DateTime(raw.DocDate, raw.DocTime, options.serverUtcOffset ?? "Z", "DocDate");
  const transport = optionalInteger(raw.TransportationCode, "TransportationCode");
  let method: string | undefined;
  let carrier: string | undefined;
  if (transport !== undefined) {
    const type = options.shippingTypes?.find((t) => (t as { Code?: unknown } | null)?.Code === transport);
    method = text((type as { Name?: unknown } | undefined)?.Name);
    carrier = options.carriers ? own(options.carriers, transport) : undefined;
    if (!method && !carrier)
      warnings.push({
        code: "SHIPPING_TYPE_UNKNOWN",
        message: `shipping type ${transport} is in neither options.shippingTypes nor options.carriers`,
        field: "TransportationCode",
      });
  }
  const trackingNumbers = (optionalText(raw.TrackingNumber, "TrackingNumber") ?? "").split(/[\s,;]+/).filter(Boolean);
  const lines = list(raw.DocumentLines, "DocumentLines").flatMap((l, i) => {
    const field = `DocumentLines.${i}`;
    const line = record(l, field);
    if (line.TreeType === "iIngredient") return [];
    const sku = optionalText(line.ItemCode, `${field}.ItemCode`);
    if (!sku) throw new PayloadError(`${field}.ItemCode`, "is required");
    const quantity = optionalDecimal(line.Quantity, `${field}.Quantity`);
    if (!quantity) throw new PayloadError(`${field}.Quantity`, "is required");
    const orderLineId = options.orderLineIdField ? text(line[options.orderLineIdField]) : undefined;
    return [{ sku, quantity, ...(orderLineId ? { orderLineId } : {}) }];
  });
  // The order lookup comes last, so that a malformed delivery is reported as such, not as an unknown order.
  const numAtCard = optionalText(raw.NumAtCard, "NumAtCard");
  const orderRef = numAtCard ? options.orderRefFor(numAtCard, raw as Partial<Document>) : undefined;
  if (!orderRef) return { numAtCard: numAtCard ?? "" };
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
