/**
 * Business Central posted sales shipments → BigCommerce order shipments (F1): the customer is notified with carrier
 * and tracking once the warehouse has posted, never before and never twice.
 *
 * 1. Shipments posted or changed since the watermark (`salesShipments?$filter=lastModifiedDateTime ge …`).
 * 2. Per shipment: its lines, the BigCommerce order named by its `externalDocumentNumber` (= BigCommerce order id,
 *    O5) → `fromBcSalesShipment` (unknown order: SHIPMENT_ORDER_NOT_FOUND, quarantined and retried) → the order's
 *    products and shipping address → `toBigCommerceShipment` → `POST /v2/orders/{id}/shipments`.
 * 3. Idempotent: the shipment carries `BC shipment <number>` in its comments; one already on the order with that
 *    marker or the same tracking number is skipped, and a create whose answer was lost is looked up before it is
 *    sent again (createOnce).
 * Tracking: BC's standard API exposes no package tracking number and no shipping agent. `packageTrackingFor` reads
 * them from a custom API page; without it, `defaultCarrier` names the carrier and `withoutTrackingNumber` says
 * whether the customer is notified without a number (`notify`, default) or the shipment waits (`hold`,
 * TRACKING_NUMBERS_MISSING, retryable).
 */
import {
  type BcClient,
  type BcPackageTracking,
  fromBcSalesShipment,
  type SalesShipment,
  type SalesShipmentLine,
  type ShipmentMethod,
} from "@org/bc-client";
import {
  type BigCommerceClient,
  type ToBigCommerceShipmentOptions,
  toBigCommerceShipment,
} from "@org/bigcommerce-client";
import { createSyncException, type RecordRef } from "@org/core";
import {
  apiFailure,
  type CheckpointStore,
  type Connection,
  callCounter,
  decodeWatermark,
  encodeWatermark,
  isNewSinceWatermark,
  lookAgainOnly,
  nextWatermark,
  type RecordOutcome,
  RunReport,
  type RunReportOptions,
  type RunSummary,
  type Watermark,
} from "@org/example-kit";
import { createOnce, unwrap } from "@org/http";
import type { FakeService } from "@org/testing";
import { type ExistingShipment, findExistingShipment, withMarker } from "./shipment-match.js";

export const PIPELINE_NAME = "bc-to-bigcommerce-shipments";

export interface ShipmentSyncOptions {
  /** Business Central, real or fake (the kit's `connectBc`). */
  bc: Connection<BcClient, FakeService>;
  /** BigCommerce, real or fake (the kit's `connectBigCommerce`). */
  bigCommerce: Connection<BigCommerceClient, FakeService>;
  /** Where the watermark is kept between runs. */
  checkpoints: CheckpointStore;
  /**
   * Carrier and package tracking number of a shipment, read from outside the standard API (a custom API page over
   * Sales Shipment Header). Default: none (BC's standard API has neither).
   */
  packageTrackingFor?: (
    shipment: Partial<SalesShipment>,
  ) => BcPackageTracking | undefined | Promise<BcPackageTracking | undefined>;
  /** Carrier shown to the customer when BC names none, e.g. `DHL`. Default: none. */
  defaultCarrier?: string;
  /**
   * A shipment without a tracking number: `notify` sends it anyway (carrier and method, no number), `hold`
   * quarantines it (TRACKING_NUMBERS_MISSING, retryable) until the number is known. Default: `notify`.
   */
  withoutTrackingNumber?: "notify" | "hold";
  /** ERP carrier → AfterShip slug for a tracking link (see `toBigCommerceShipment`). Default: none. */
  trackingCarrierFor?: ToBigCommerceShipmentOptions["trackingCarrierFor"];
  /** Pause before looking a shipment up again after an ambiguous failure (createOnce). Default: 1,000 ms. */
  lookupDelayMs?: number;
  /** Key of the watermark in `checkpoints`. Default: `bc-to-bigcommerce-shipments:lastModified`. */
  checkpointKey?: string;
  /** Progress and summary output. Default: console. */
  report?: RunReportOptions;
}

export async function runShipmentSync(options: ShipmentSyncOptions): Promise<RunSummary> {
  const report = new RunReport(PIPELINE_NAME, options.report);
  const { bc, bigCommerce, checkpoints } = options;
  const checkpointKey = options.checkpointKey ?? `${PIPELINE_NAME}:lastModified`;
  report.countHttpCalls("bc", callCounter(bc));
  report.countHttpCalls("bigcommerce", callCounter(bigCommerce));

  const watermark = decodeWatermark(await checkpoints.get(checkpointKey));
  const shipments = await listShipments(bc.client, watermark);
  report.begin(
    shipments.length,
    "posted shipments",
    `${bc.label} → ${bigCommerce.label}; ${watermark ? `changed since ${watermark.at}` : "all shipments"}`,
  );
  const shipmentMethods =
    shipments.length > 0
      ? await bc.client.entities.list("shipmentMethods", { select: ["code", "displayName"] }).toArray()
      : [];

  const outcomes: Array<{ id: string; changedAt: string; done: boolean }> = [];
  for (const shipment of shipments) {
    const label = `shipment ${shipment.number ?? shipment.id} (order ${shipment.externalDocumentNumber || "?"})`;
    const records: RecordRef[] = [
      { system: "bc", type: "salesShipment", id: shipment.id, ...(shipment.number ? { number: shipment.number } : {}) },
    ];
    let done = false;
    try {
      done = report.outcome(label, await syncShipment(shipment, options, shipmentMethods as ShipmentMethod[]));
    } catch (error) {
      report.quarantined(label, [
        apiFailure(error, {
          label,
          sourceSystem: "bc",
          targetSystem: "bigcommerce",
          records,
          next: "it is retried next run",
        }),
      ]);
    }
    outcomes.push({ id: shipment.id, changedAt: shipment.lastModifiedDateTime ?? "", done });
  }

  const next = nextWatermark(watermark, outcomes);
  if (next) await checkpoints.set(checkpointKey, encodeWatermark(next));
  return report.finish();
}

/** Posted shipments changed at or after the watermark, oldest first, minus those already done at the watermark. */
async function listShipments(bc: BcClient, watermark: Watermark | undefined): Promise<SalesShipment[]> {
  const listed = await bc.entities
    .list("salesShipments", {
      ...(watermark ? { filter: (f) => f.ge("lastModifiedDateTime", new Date(watermark.at)) } : {}),
      orderby: [["lastModifiedDateTime", "asc"]],
      // The lines come with their shipment: one request for the whole list, not one per shipment. (The entity-set
      // client types `expand` over the entity's own fields, not its navigation properties, hence the cast.)
      expand: ["salesShipmentLines"] as unknown as readonly (keyof SalesShipment)[],
    })
    .toArray();
  return listed
    .filter(
      (s) => s.lastModifiedDateTime && isNewSinceWatermark(watermark, { id: s.id, changedAt: s.lastModifiedDateTime }),
    )
    .sort(
      (a, b) =>
        Date.parse(a.lastModifiedDateTime ?? "") - Date.parse(b.lastModifiedDateTime ?? "") ||
        (a.number ?? "").localeCompare(b.number ?? ""),
    );
}

async function syncShipment(
  shipment: SalesShipment,
  options: ShipmentSyncOptions,
  shipmentMethods: readonly ShipmentMethod[],
): Promise<RecordOutcome> {
  const client = options.bigCommerce.client;
  const externalDocumentNumber = shipment.externalDocumentNumber?.trim() ?? "";
  const orderId = /^\d+$/.test(externalDocumentNumber) ? Number(externalDocumentNumber) : undefined;

  const lines = (shipment as SalesShipment & { salesShipmentLines?: SalesShipmentLine[] }).salesShipmentLines ?? [];
  const order = orderId === undefined ? undefined : await getOrder(client, orderId);

  const fromTracking = await options.packageTrackingFor?.(shipment);
  const packageTracking: BcPackageTracking | undefined =
    fromTracking ?? (options.defaultCarrier ? { shippingAgentCode: options.defaultCarrier } : undefined);
  const mapped = fromBcSalesShipment(shipment, lines, {
    orderRefFor: (number) =>
      order && orderId !== undefined
        ? { system: "bigcommerce", type: "order", id: String(orderId), number }
        : undefined,
    shipmentMethods,
    ...(packageTracking ? { packageTracking } : {}),
  });
  if (mapped.kind === "failed") return { kind: "quarantined", exceptions: mapped.exceptions };
  if (mapped.kind === "skipped") return { kind: "skipped", reason: mapped.reason };
  const canonical = mapped.value;
  const number = canonical.source.number ?? canonical.source.id;
  const [trackingNumber] = canonical.trackingNumbers;

  if (trackingNumber === undefined && (options.withoutTrackingNumber ?? "notify") === "hold") {
    return {
      kind: "quarantined",
      exceptions: [
        createSyncException("TRACKING_NUMBERS_MISSING", {
          message: `Shipment ${number} of order ${externalDocumentNumber}: no package tracking number yet; the customer is notified once it is known`,
          sourceSystem: "bc",
          targetSystem: "bigcommerce",
          records: [canonical.source, canonical.orderRef],
          field: "packageTracking.packageTrackingNo",
          impact: "customer not notified until the tracking number is known",
          retryable: true,
        }),
      ],
    };
  }

  // F1 idempotency: the same BC shipment (marker) or the same parcel (tracking number) is already on the order.
  const orderShipments = () => listOrderShipments(client, orderId as number);
  const existing = findExistingShipment(await orderShipments(), number, trackingNumber);
  if (existing)
    return { kind: "skipped", reason: `already on order ${externalDocumentNumber} as shipment #${existing.id}` };

  const [products, addresses] = await Promise.all([
    client
      .paginateV2({
        fetchPage: ({ page, limit }, signal) =>
          client.api["/v2/orders/{order_id}/products"].GET({
            params: { path: { order_id: orderId as number }, query: { page, limit } },
            ...(signal ? { signal } : {}),
          }),
      })
      .toArray(),
    client
      .paginateV2({
        fetchPage: ({ page, limit }, signal) =>
          client.api["/v2/orders/{order_id}/shipping_addresses"].GET({
            params: { path: { order_id: orderId as number }, query: { page, limit } },
            ...(signal ? { signal } : {}),
          }),
      })
      .toArray(),
  ]);
  const orderProductIdsBySku: Record<string, number> = {};
  for (const p of products as Array<{ id?: number; sku?: string }>) {
    if (p.sku && p.id !== undefined && !(p.sku in orderProductIdsBySku)) orderProductIdsBySku[p.sku] = p.id;
  }
  // BC ships to one address per shipment; BigCommerce orders shipped to several addresses need a custom mapping.
  const orderAddressId = (addresses as Array<{ id?: number }>)[0]?.id;
  if (orderAddressId === undefined) {
    return {
      kind: "quarantined",
      exceptions: [
        createSyncException("SHIPMENT_ORDER_NOT_FOUND", {
          message: `Shipment ${number} of order ${externalDocumentNumber}: the BigCommerce order has no shipping address`,
          sourceSystem: "bc",
          targetSystem: "bigcommerce",
          records: [canonical.source, canonical.orderRef],
          field: "order_address_id",
          retryable: false,
        }),
      ],
    };
  }

  const body = toBigCommerceShipment(canonical, {
    orderAddressId,
    orderProductIdsBySku,
    ...(options.trackingCarrierFor ? { trackingCarrierFor: options.trackingCarrierFor } : {}),
  });
  if (body.kind === "failed") return { kind: "quarantined", exceptions: body.exceptions };
  if (body.kind === "skipped") return { kind: "skipped", reason: body.reason };
  const request = withMarker(body.value, number);

  const created = await createOnce<ExistingShipment>({
    key: `order ${externalDocumentNumber} shipment ${number}`,
    // Looked up just above; createOnce looks again only after an ambiguous failure (a lost response).
    find: lookAgainOnly(async () => findExistingShipment(await orderShipments(), number, trackingNumber)),
    create: async () =>
      unwrap(
        await client.api["/v2/orders/{order_id}/shipments"].POST({
          params: { path: { order_id: orderId as number } },
          body: request,
        }),
      ) as ExistingShipment,
    lookupDelayMs: options.lookupDelayMs ?? 1000,
  });
  const notes = [
    trackingNumber ? `tracking ${trackingNumber}` : "no tracking number (not in BC's standard API)",
    canonical.carrier ? `carrier ${canonical.carrier}` : request.shipping_method,
    ...body.warnings.filter((w) => w.code !== "TRACKING_NOT_EXPOSED").map((w) => w.message),
    ...(created.recoveredFromUnknownOutcome ? ["found after a lost response"] : []),
  ].filter(Boolean);
  return {
    kind: "posted",
    detail: `BigCommerce shipment #${created.record.id} on order ${externalDocumentNumber}, ${request.items?.length ?? 0} line(s), ${notes.join("; ")}`,
  };
}

/** `GET /v2/orders/{id}`; `undefined` when BigCommerce has no such order (404). */
async function getOrder(client: BigCommerceClient, orderId: number): Promise<{ id?: number } | undefined> {
  const result = await client.api["/v2/orders/{order_id}"].GET({ params: { path: { order_id: orderId } } });
  if (result.response.status === 404) return undefined;
  return unwrap(result) as { id?: number };
}

/** The order's shipments (v2 answers 204 with no body when there are none). */
async function listOrderShipments(client: BigCommerceClient, orderId: number): Promise<ExistingShipment[]> {
  const shipments = await client
    .paginateV2({
      fetchPage: ({ page, limit }, signal) =>
        client.api["/v2/orders/{order_id}/shipments"].GET({
          params: { path: { order_id: orderId }, query: { page, limit } },
          ...(signal ? { signal } : {}),
        }),
    })
    .toArray();
  return shipments as ExistingShipment[];
}
