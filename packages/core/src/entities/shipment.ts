import { z } from "zod";
import { DateTimeSchema, decimalSchema, parseWith, RecordRefSchema, sourceIdOf } from "./schema-helpers";

/** One shipped line: what left the warehouse, in the storefront's terms where known. */
export const ShipmentLineSchema = z.object({
  sku: z.string().min(1),
  /** The storefront order line shipped, when the ERP carried it back. */
  orderLineId: z.string().optional(),
  quantity: decimalSchema({ nonNegative: true }),
});
export type ShipmentLine = z.output<typeof ShipmentLineSchema>;

/**
 * A shipment the ERP recorded (BC posted sales shipment, B1 delivery note), on its way back to the storefront
 * with status and tracking (failure catalog F1): customers are notified only once the warehouse has acted.
 */
export const ShipmentSchema = z.object({
  /** The ERP shipment document. */
  source: RecordRefSchema,
  /** The storefront order it fulfils, found through the external document number (O5). */
  orderRef: RecordRefSchema,
  shippedAt: DateTimeSchema,
  /** Carrier as the storefront should show it, e.g. `UPS`, `DHL`. */
  carrier: z.string().optional(),
  /** Shipping method / service, e.g. `UPS Ground`. */
  method: z.string().optional(),
  trackingNumbers: z.array(z.string().min(1)).default([]),
  lines: z.array(ShipmentLineSchema).min(1, "a shipment ships at least one line"),
});
export type Shipment = z.output<typeof ShipmentSchema>;
export type ShipmentInput = z.input<typeof ShipmentSchema>;

/** Validates a shipment. @throws EntityValidationError naming the shipment and every failing field. */
export function parseShipment(input: unknown): Shipment {
  return parseWith(ShipmentSchema, "Shipment", input, sourceIdOf);
}
