import { exceptionCollector, failed, ok, type Shipment, type SyncResult, type SyncWarning } from "@org/core";
import type { components } from "../generated/index.js";

/** The body of `POST /v2/orders/{order_id}/shipments` (orders.v2.oas2.yml `orderShipment_Post`). */
export type BigCommerceShipmentCreate = components["schemas"]["orderShipment_Post"];

/** `shipping_provider` values BigCommerce integrates natively (orders.v2.oas2.yml `shipping_provider_standard`). */
export const BIGCOMMERCE_SHIPPING_PROVIDERS = [
  "auspost",
  "canadapost",
  "endicia",
  "usps",
  "fedex",
  "ups",
  "upsready",
  "upsonline",
  "shipperhq",
  "royalmail",
] as const;

/** BigCommerce stores at most 50 characters of a tracking number. */
export const BIGCOMMERCE_TRACKING_NUMBER_LENGTH = 50;

export interface ToBigCommerceShipmentOptions {
  /** The order's shipping address id (`GET /v2/orders/{id}/shipping_addresses`), required by BigCommerce. */
  orderAddressId: number;
  /** SKU → order product id (`GET /v2/orders/{id}/products`), for lines the ERP did not carry the id back on. */
  orderProductIdsBySku: Readonly<Record<string, number>>;
  /**
   * The ERP carrier → an AfterShip courier slug for `tracking_carrier` (e.g. `DHL Express` → `dhl`), for carriers
   * BigCommerce has no `shipping_provider` for. Default: none (carriers that are not a standard provider are
   * shown as the shipping method; BigCommerce detects the carrier from the tracking number).
   */
  trackingCarrierFor?: (carrier: string) => string | undefined;
}

/**
 * An ERP shipment as a BigCommerce order shipment, so the customer is notified with carrier and tracking once the
 * warehouse has shipped (F1). Lines are matched to order products by the order line id the ERP carried back, else
 * by SKU; each quantity must be whole. A SKU that is not on the order, a fractional quantity or an over-long
 * tracking number is an exception naming the shipment and the order, never a shipment missing a line.
 * BigCommerce keeps one tracking number per shipment: further numbers go into the comments, with a warning.
 */
export function toBigCommerceShipment(
  shipment: Shipment,
  options: ToBigCommerceShipmentOptions,
): SyncResult<BigCommerceShipmentCreate> {
  const warnings: SyncWarning[] = [];
  const orderNumber = shipment.orderRef.number ?? shipment.orderRef.id;
  const collector = exceptionCollector({
    label: `Shipment ${shipment.source.id} of order ${orderNumber}`,
    sourceSystem: shipment.source.system,
    targetSystem: "bigcommerce",
    records: [shipment.source, shipment.orderRef],
  });
  const { exceptions } = collector;
  // Every problem here means the shipment cannot be matched to the order as it stands (F1), not a passing fault.
  const raise = (message: string, field: string, details?: Record<string, unknown>) =>
    collector.raise("SHIPMENT_ORDER_NOT_FOUND", message, field, { retryable: false, ...(details ? { details } : {}) });

  const items: Array<{ order_product_id: number; quantity: number }> = [];
  shipment.lines.forEach((line, index) => {
    const field = `lines.${index}`;
    const fromLineId =
      line.orderLineId !== undefined && /^\d+$/.test(line.orderLineId) ? Number(line.orderLineId) : undefined;
    const orderProductId = fromLineId ?? options.orderProductIdsBySku[line.sku];
    if (orderProductId === undefined) {
      raise(`SKU ${line.sku} is not on the storefront order`, `${field}.sku`, { sku: line.sku });
      return;
    }
    if (!line.quantity.isInteger()) {
      raise(`SKU ${line.sku} ships a fractional quantity; BigCommerce ships whole units`, `${field}.quantity`, {
        sku: line.sku,
      });
      return;
    }
    if (line.quantity.isZero()) return;
    if (!Number.isSafeInteger(line.quantity.toNumber())) {
      raise(`SKU ${line.sku} ships more units than BigCommerce can count`, `${field}.quantity`, { sku: line.sku });
      return;
    }
    items.push({ order_product_id: orderProductId, quantity: line.quantity.toNumber() });
  });
  if (items.length === 0 && exceptions.length === 0) raise("no line ships a quantity", "lines");

  const [trackingNumber, ...moreTrackingNumbers] = shipment.trackingNumbers;
  if (trackingNumber !== undefined && trackingNumber.length > BIGCOMMERCE_TRACKING_NUMBER_LENGTH)
    raise(
      `the tracking number is longer than BigCommerce's ${BIGCOMMERCE_TRACKING_NUMBER_LENGTH} characters`,
      "trackingNumbers.0",
    );
  if (moreTrackingNumbers.length > 0)
    warnings.push({
      code: "SEVERAL_TRACKING_NUMBERS",
      message: `BigCommerce keeps one tracking number per shipment; ${moreTrackingNumbers.length} more went into the comments`,
      field: "trackingNumbers",
    });
  if (exceptions.length > 0) return failed(exceptions, warnings);

  const carrier = carrierFields(shipment, options);
  if (shipment.carrier?.trim() && !carrier.shipping_provider && !carrier.tracking_carrier)
    warnings.push({
      code: "CARRIER_NOT_MAPPED",
      message: "the carrier is not a BigCommerce shipping provider; map it with trackingCarrierFor for a tracking link",
      field: "carrier",
    });
  return ok(
    {
      order_address_id: options.orderAddressId,
      ...(trackingNumber !== undefined ? { tracking_number: trackingNumber } : {}),
      ...carrier,
      ...(moreTrackingNumbers.length > 0
        ? { comments: `Tracking numbers: ${shipment.trackingNumbers.join(", ")}` }
        : {}),
      items,
    },
    warnings,
  );
}

/** Explicit mapping first, then BigCommerce's own providers; otherwise the carrier is shown as the method. */
function carrierFields(
  shipment: Shipment,
  options: ToBigCommerceShipmentOptions,
): Pick<BigCommerceShipmentCreate, "shipping_provider" | "tracking_carrier" | "shipping_method"> {
  const carrier = shipment.carrier?.trim();
  const method = shipment.method?.trim();
  const withMethod = (fields: Pick<BigCommerceShipmentCreate, "shipping_provider" | "tracking_carrier">) => ({
    ...fields,
    ...(method ? { shipping_method: method } : carrier ? { shipping_method: carrier } : {}),
  });
  if (!carrier) return withMethod({});
  const slug = options.trackingCarrierFor?.(carrier);
  if (slug) return withMethod({ tracking_carrier: slug });
  const provider = BIGCOMMERCE_SHIPPING_PROVIDERS.find((p) => p === carrier.toLowerCase().replace(/[\s_-]/g, ""));
  if (provider) return withMethod({ shipping_provider: provider });
  return withMethod({});
}
