import { Decimal, exceptionCollector, failed, ok, type Shipment, type SyncResult, type SyncWarning } from "@org/core";
import type { operations } from "../generated/index.js";

type JsonBody<Op> = Op extends { requestBody?: { content: { "application/json": infer Body } } } ? Body : never;

/** The body of `POST /V1/order/{orderId}/ship` (`ShipOrderInterface::execute`). */
export type MagentoShipOrderBody = JsonBody<operations["PostV1OrderOrderIdShip"]>;

/** Magento's carrier for tracking numbers of any other carrier: shown with the title it is given. */
export const MAGENTO_CUSTOM_CARRIER_CODE = "custom";

export interface ToMagentoShipOrderOptions {
  /**
   * SKU → the order's item id that carries it (`item_id` of the price-carrying item, which `fromMagentoOrder` keeps
   * as the line id; for a configurable product its parent item), for lines the ERP did not carry that id back on.
   * Required.
   */
  orderItemIdsBySku: Readonly<Record<string, number>>;
  /**
   * The ERP's carrier name → Magento carrier code (`ups`, `usps`, `fedex`, `dhl`, or an extension's), matched
   * without regard to case. Required (may be empty): an unmapped carrier is sent as
   * {@link MAGENTO_CUSTOM_CARRIER_CODE} titled with its name, with a warning (no carrier tracking link).
   */
  carrierCodes: Readonly<Record<string, string>>;
  /** Send Magento's shipment e-mail to the customer. Default: `true`. */
  notify?: boolean;
  /** Inventory source the goods left from (`arguments.extension_attributes.source_code`). Default: none (Magento picks). */
  sourceCode?: string;
}

/**
 * An ERP shipment as the body of `POST /V1/order/{orderId}/ship` (path: the order's `entity_id`), so Magento creates
 * the shipment with its tracking numbers and notifies the customer once the warehouse has shipped (F1).
 *
 * Lines are matched to order items by the order line id the ERP carried back (when it is one of the order's items),
 * else by SKU; lines of the same item are added up (Magento keeps one quantity per item). A SKU that is not on the
 * order is an exception naming the shipment and the order, never a shipment missing a line; so is a shipment that
 * ships nothing, since Magento ships every remaining item when `items` is empty.
 */
export function toMagentoShipOrder(
  shipment: Shipment,
  options: ToMagentoShipOrderOptions,
): SyncResult<MagentoShipOrderBody> {
  const warnings: SyncWarning[] = [];
  const orderNumber = shipment.orderRef.number ?? shipment.orderRef.id;
  const collector = exceptionCollector({
    label: `Shipment ${shipment.source.id} of order ${orderNumber}`,
    sourceSystem: shipment.source.system,
    targetSystem: "magento",
    records: [shipment.source, shipment.orderRef],
  });
  const { exceptions } = collector;
  // Every problem here means the shipment cannot be matched to the order as it stands (F1), not a passing fault.
  const raise = (message: string, field: string, details?: Record<string, unknown>) =>
    collector.raise("SHIPMENT_ORDER_NOT_FOUND", message, field, { retryable: false, ...(details ? { details } : {}) });

  const itemIdsBySku = options.orderItemIdsBySku;
  const orderItemIds = new Set(Object.values(itemIdsBySku));
  const quantities = new Map<number, Decimal>();
  shipment.lines.forEach((line, index) => {
    const field = `lines.${index}`;
    const carried =
      line.orderLineId !== undefined && /^\d+$/.test(line.orderLineId) ? Number(line.orderLineId) : undefined;
    const orderItemId =
      carried !== undefined && orderItemIds.has(carried)
        ? carried
        : Object.hasOwn(itemIdsBySku, line.sku)
          ? itemIdsBySku[line.sku]
          : undefined;
    if (orderItemId === undefined) {
      raise(`SKU ${line.sku} is not on the Magento order`, `${field}.sku`, { sku: line.sku });
      return;
    }
    if (line.quantity.isZero()) return;
    if (line.quantity.significantScale > 4) {
      raise(`SKU ${line.sku} ships ${line.quantity}; Magento keeps quantities to 4 decimals`, `${field}.quantity`, {
        sku: line.sku,
      });
      return;
    }
    quantities.set(orderItemId, (quantities.get(orderItemId) ?? Decimal.ZERO).add(line.quantity));
  });
  if (quantities.size === 0 && exceptions.length === 0)
    raise("no line ships a quantity (an empty list would ship the whole order)", "lines");
  if (exceptions.length > 0) return failed(exceptions, warnings);

  const carrier = shipment.carrier?.trim();
  const codesByName = new Map(Object.entries(options.carrierCodes).map(([name, code]) => [name.toLowerCase(), code]));
  const mapped = carrier ? codesByName.get(carrier.toLowerCase()) : undefined;
  const carrierCode = mapped ?? MAGENTO_CUSTOM_CARRIER_CODE;
  const title = carrier || shipment.method?.trim() || "Tracking";
  if (!mapped && shipment.trackingNumbers.length > 0)
    warnings.push({
      code: "CARRIER_NOT_MAPPED",
      message: `${carrier ? `carrier ${carrier}` : "no carrier"}: tracking goes to Magento's custom carrier (no tracking link); map it in carrierCodes`,
      field: "carrier",
    });

  return ok(
    {
      items: [...quantities].map(([order_item_id, quantity]) => ({ order_item_id, qty: quantity.toNumber() })),
      notify: options.notify ?? true,
      tracks: shipment.trackingNumbers.map((track_number) => ({ track_number, title, carrier_code: carrierCode })),
      ...(options.sourceCode ? { arguments: { extension_attributes: { source_code: options.sourceCode } } } : {}),
    },
    warnings,
  );
}
