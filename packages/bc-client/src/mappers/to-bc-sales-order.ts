import { exceptionCollector, failed, ok, type PlannedLine, type SalesOrderPlan, type SyncResult } from "@org/core";
import type { SalesOrderCreate, SalesOrderLineCreate } from "../generated/index.js";

/** BC's `externalDocumentNumber` is a Code[35]. */
export const BC_EXTERNAL_DOCUMENT_NUMBER_LENGTH = 35;

export interface ToBcSalesOrderOptions {
  /** The BC customer number the order is for (from the plan, or the customer created first for a new one). */
  customerNumber: string;
  /** The company's local currency: BC leaves `currencyCode` empty for it. */
  localCurrency: string;
  /** Whether the BC customer's prices include tax; must agree with the storefront's tax mode (O8). */
  pricesIncludeTax: boolean;
  /** BC location code → location id (GUID) for lines with a location (O14). Default: none. */
  locationIds?: Readonly<Record<string, string>>;
}

/**
 * A posting plan (from `@org/core`'s `prepareSalesOrder`) as a BC sales order with its lines, for one deep-insert
 * POST. The storefront order number goes into `externalDocumentNumber` (O5, and the createOnce key, O6); shipping
 * and gift card sales are G/L account lines (O16, O10); amounts are exact decimal strings.
 */
export function toBcSalesOrder(plan: SalesOrderPlan, options: ToBcSalesOrderOptions): SyncResult<SalesOrderCreate> {
  const { exceptions, raise } = exceptionCollector({
    label: `Order ${plan.externalDocumentNumber}`,
    sourceSystem: plan.sourceRef.system,
    targetSystem: "bc",
    records: [plan.sourceRef],
  });
  if (plan.externalDocumentNumber.length > BC_EXTERNAL_DOCUMENT_NUMBER_LENGTH) {
    raise(
      "FIELD_TOO_LONG",
      `order number is longer than BC's ${BC_EXTERNAL_DOCUMENT_NUMBER_LENGTH} characters`,
      "source.number",
    );
  }
  if ((plan.taxMode === "inclusive") !== options.pricesIncludeTax) {
    raise(
      "TAX_MODE_MISMATCH",
      `the storefront prices are tax-${plan.taxMode} but BC customer ${options.customerNumber} ${options.pricesIncludeTax ? "includes" : "excludes"} tax`,
      "taxMode",
    );
  }
  const lines = plan.lines.map((line, index): SalesOrderLineCreate => {
    const locationId = line.kind === "item" && line.locationCode ? options.locationIds?.[line.locationCode] : undefined;
    if (line.kind === "item" && line.locationCode && !locationId) {
      raise(
        "LOCATION_NOT_MAPPED",
        `BC location ${line.locationCode} has no id configured`,
        `lines.${index}.locationCode`,
      );
    }
    return {
      ...lineIdentity(line),
      description: line.description.slice(0, 100),
      quantity: line.quantity.toString(),
      unitPrice: line.unitPrice.toString(),
      discountAmount: line.discountAmount.toString(),
      ...(line.taxCode ? { taxCode: line.taxCode } : {}),
      ...(locationId ? { locationId } : {}),
    };
  });
  if (exceptions.length > 0) return failed(exceptions);

  const ship = plan.shippingAddress;
  const bill = plan.billingAddress;
  return ok({
    customerNumber: options.customerNumber,
    externalDocumentNumber: plan.externalDocumentNumber,
    orderDate: plan.orderDate,
    ...(plan.currency === options.localCurrency ? {} : { currencyCode: plan.currency }),
    ...(bill?.email ? { email: bill.email } : {}),
    ...(ship
      ? {
          shipToName: ship.name ?? ship.company ?? null,
          shipToAddressLine1: ship.line1,
          shipToAddressLine2: ship.line2 ?? null,
          shipToCity: ship.city,
          shipToState: ship.region ?? null,
          shipToPostCode: ship.postalCode ?? null,
          shipToCountry: ship.countryCode,
        }
      : {}),
    salesOrderLines: lines,
  });
}

/** Item lines post an item by number and unit; shipping and gift card sales post to their G/L account. */
export function lineIdentity(
  line: PlannedLine,
): Pick<SalesOrderLineCreate, "lineType" | "lineObjectNumber" | "unitOfMeasureCode"> {
  return line.kind === "item"
    ? { lineType: "Item", lineObjectNumber: line.itemNumber, unitOfMeasureCode: line.unitOfMeasure }
    : { lineType: "Account", lineObjectNumber: line.account };
}
