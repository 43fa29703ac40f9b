/**
 * How a BC shipment is recognised on the BigCommerce order, so that a rerun or a retry after a lost response never
 * ships twice (F1, O6): every shipment this pipeline creates carries `BC shipment <number>` in its comments, and a
 * shipment already on the order with that marker, or with the same tracking number, is the same shipment.
 * Pure: no I/O.
 */
import type { BigCommerceShipmentCreate } from "@org/bigcommerce-client";

/** What BigCommerce returns for an order shipment (only the fields read here). */
export interface ExistingShipment {
  id?: number;
  tracking_number?: string;
  comments?: string;
}

/** The comment that names the BC shipment: `BC shipment S-SHPT102001`. */
export function shipmentMarker(bcShipmentNumber: string): string {
  return `BC shipment ${bcShipmentNumber}`;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The shipment already on the order for this BC shipment, if any. */
export function findExistingShipment(
  existing: readonly ExistingShipment[],
  bcShipmentNumber: string,
  trackingNumber: string | undefined,
): ExistingShipment | undefined {
  // The marker must end at a word boundary: shipment 1020 is not shipment 10201.
  const marker = new RegExp(`(^|\\W)${escapeRegExp(shipmentMarker(bcShipmentNumber))}(?![\\w-])`);
  return existing.find(
    (s) =>
      (typeof s.comments === "string" && marker.test(s.comments)) ||
      (trackingNumber !== undefined && trackingNumber !== "" && s.tracking_number === trackingNumber),
  );
}

/** The body with the marker added to its comments (after the mapper's own, e.g. further tracking numbers). */
export function withMarker(body: BigCommerceShipmentCreate, bcShipmentNumber: string): BigCommerceShipmentCreate {
  const marker = shipmentMarker(bcShipmentNumber);
  return { ...body, comments: body.comments ? `${body.comments} · ${marker}` : marker };
}
