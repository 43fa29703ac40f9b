import {
  createSyncException,
  Decimal,
  type DecimalInput,
  failed,
  type Order,
  type OrderInput,
  type OrderStage,
  ok,
  parseOrder,
  type RecordRef,
  type SyncException,
  type SyncResult,
  type SyncWarning,
  type TaxMode,
} from "@org/core";
import type { components } from "../generated/index.js";
import type { Flattened } from "../jsonapi.js";
import {
  isoDateTime,
  list,
  type OroOrganizationIdConfig,
  optionalDecimal,
  optionalRecord,
  organizationOf,
  PayloadError,
  payloadExceptions,
  record,
  relatedId,
  requiredDecimal,
  shorten,
  text,
} from "./oro-mapper-helpers.js";

/**
 * An Oro order as `flattenDocument` (or `OroClient.get("orders", id, { include })`) returns it. Request it with
 * `include=lineItems,billingAddress,shippingAddress,customer,customerUser,discounts,orderSubtotals` so the related
 * records carry their attributes; relationships that were not included are bare `{ type, id }`.
 */
export type OroFlatOrder = Flattened<components["schemas"]["Order"]>;

/**
 * Oro's order internal statuses (`internalStatus`, enum `order_internal_status`) and where they stand (O4).
 * Oro creates orders at checkout (quotes are a separate entity), so an open order is a confirmed one.
 */
export const ORO_ORDER_STAGES: Readonly<Record<string, OrderStage>> = {
  open: "confirmed",
  pending: "pending_payment",
  processing: "confirmed",
  shipped: "completed",
  closed: "completed",
  archived: "completed",
  cancelled: "cancelled",
};

export interface FromOroOrderConfig extends OroOrganizationIdConfig {
  /** System slug in records and exceptions. Default: `oro`. */
  system?: string;
  /** Status id → stage, merged over {@link ORO_ORDER_STAGES} (e.g. a custom status). Default: none. */
  stages?: Readonly<Record<string, OrderStage>>;
  /**
   * Which status decides the stage: `internalStatus` (always set by Oro) or `status` (the external status, set
   * only when "Enable External Status Management" is on; falls back to `internalStatus` when empty).
   * Default: `internalStatus`.
   */
  statusFrom?: "internalStatus" | "status";
  /** Whether Oro prices include tax (Oro's "Product prices include tax" setting). Default: `exclusive`. */
  taxMode?: TaxMode;
  /** `orderSubtotalType` values whose amounts add up to the order's tax. Default: `["tax"]`. */
  taxSubtotalTypes?: readonly string[];
  /** `orderSubtotalType` of the line subtotal, whose `priceList` is the order's price list (O13). Default: `subtotal`. */
  lineSubtotalType?: string;
  /** Storefront channel location for every order of this Oro instance (O14). Default: none. */
  channelLocation?: string;
  /**
   * What Oro's order-level tax is (O8). Oro's back-office API gives no per-line tax, only the `tax` subtotal, so
   * the order carries it as an order-level tax line (`Order.taxLines`) with this rate, class and zone; the posting
   * plan gives every line its tax code from it, spreads the amount and surfaces `TAX_DIFFERENCE` when rate × net
   * does not match the captured tax. Default: no class, the zone of the shipping (else billing) address
   * (`US-NY`), and a rate derived from the amounts (tax ÷ taxable net, 2 decimals, warned as `TAX_RATE_DERIVED`).
   */
  orderTax?: OroOrderTaxConfig;
}

/** The rate, class and zone of an Oro order's tax (see {@link FromOroOrderConfig.orderTax}). */
export interface OroOrderTaxConfig {
  /** Combined rate in percent, e.g. `8.875`. Default: derived from the amounts. */
  ratePercent?: DecimalInput;
  /** Storefront tax class the ERP tax mapping matches. Default: none. */
  taxClass?: string;
  /** Tax zone / jurisdiction. Default: the shipping (else billing) address as `country-region` or `country`. */
  taxZone?: string;
  /** Whether Oro taxes shipping (Oro's "Shipping tax code" setting). Default: `true`. */
  shippingTaxable?: boolean;
}

/**
 * An Oro order as a canonical order. B2B: the Oro `customer` is the buyer's organization (O2) and `customerUser`
 * the buyer; `identifier` is the human order number (O5); `poNumber` and the line subtotal's price list (O13) are
 * kept; line units come from `productUnitCode` (O12); the stage follows the internal status through
 * {@link ORO_ORDER_STAGES} and `config.stages` (O4); amounts are Oro's decimal strings, parsed exactly; back-office
 * discounts (`orderdiscounts`) are manual discounts and the rest of `totalDiscountsAmount` is promotions (O9);
 * shipping is its own line (O16); the `tax` subtotal becomes an order-level tax line (`config.orderTax`, O8).
 * Never throws on bad data: it becomes `INVALID_PAYLOAD` exceptions naming the
 * order and the field (a line priced in another currency is `CURRENCY_MISMATCH`, O11).
 */
export function fromOroOrder(order: OroFlatOrder, config: FromOroOrderConfig = {}): SyncResult<Order> {
  const system = config.system ?? "oro";
  const raw = order as unknown;
  const id = (typeof raw === "object" && raw !== null ? text((raw as { id?: unknown }).id) : undefined) ?? "(unknown)";
  const identifier =
    typeof raw === "object" && raw !== null ? text((raw as { identifier?: unknown }).identifier) : undefined;
  const ref: RecordRef = { system, type: "order", id, number: identifier ?? id };
  const label = `Order ${identifier ?? id}`;
  try {
    const { input, warnings, exceptions } = toOrderInput(raw, config, ref, label);
    if (exceptions.length > 0) return failed(exceptions, warnings);
    return ok(parseOrder(input), warnings);
  } catch (error) {
    return failed(payloadExceptions(error, { system, label, records: [ref] }));
  }
}

function address(value: unknown, field: string) {
  const raw = optionalRecord(value, field);
  if (!raw) return undefined;
  const country = relatedId(raw.country, `${field}.country`);
  const regionId = relatedId(raw.region, `${field}.region`);
  // Oro region ids are combined codes (`US-NY`): the canonical region is the code inside the country.
  const region =
    regionId && country && regionId.toUpperCase().startsWith(`${country.toUpperCase()}-`)
      ? regionId.slice(country.length + 1)
      : (regionId ?? text(raw.customRegion));
  const name = [text(raw.namePrefix), text(raw.firstName), text(raw.middleName), text(raw.lastName)]
    .filter(Boolean)
    .join(" ");
  return {
    ...(name ? { name } : {}),
    ...(text(raw.organization) ? { company: text(raw.organization) } : {}),
    line1: text(raw.street) ?? "",
    ...(text(raw.street2) ? { line2: text(raw.street2) } : {}),
    city: text(raw.city) ?? "",
    ...(region ? { region } : {}),
    ...(text(raw.postalCode) ? { postalCode: text(raw.postalCode) } : {}),
    countryCode: (country ?? "").toUpperCase(),
    ...(text(raw.phone) ? { phone: text(raw.phone) } : {}),
  };
}

function toOrderInput(
  raw: unknown,
  config: FromOroOrderConfig,
  ref: RecordRef,
  label: string,
): { input: OrderInput; warnings: SyncWarning[]; exceptions: SyncException[] } {
  const order = record(raw, "order");
  const warnings: SyncWarning[] = [];
  const exceptions: SyncException[] = [];
  if (ref.id === "(unknown)") throw new PayloadError("id", "expected an id");
  const currency = text(order.currency) ?? "";

  const lines = list(order.lineItems, "lineItems").map((value, i) => {
    const field = `lineItems.${i}`;
    const line = record(value, field);
    const lineId = relatedId(line, field) as string;
    const sku = text(line.productSku) ?? text(optionalRecord(line.product, `${field}.product`)?.sku);
    if (sku === undefined) {
      throw new PayloadError(
        `${field}.productSku`,
        text(line.freeFormProduct) ? "is a free-form product without a SKU" : "is missing",
      );
    }
    const quantity = line.quantity;
    if (typeof quantity !== "number" && typeof quantity !== "string")
      throw new PayloadError(`${field}.quantity`, "expected a number");
    const unit = text(line.productUnitCode) ?? relatedId(line.productUnit, `${field}.productUnit`);
    if (unit === undefined) throw new PayloadError(`${field}.productUnitCode`, "is missing (O12: no unit)");
    const lineCurrency = text(line.currency);
    if (lineCurrency !== undefined && lineCurrency !== currency) {
      exceptions.push(
        createSyncException("CURRENCY_MISMATCH", {
          message: shorten(
            `${label}: line ${lineId.slice(0, 40)} (${sku.slice(0, 60)}) is priced in ${lineCurrency.slice(0, 8)}, the order in ${currency.slice(0, 8)}`,
          ),
          sourceSystem: ref.system,
          records: [ref, { system: ref.system, type: "orderlineitem", id: lineId }],
          field: `${field}.currency`,
        }),
      );
    }
    return {
      lineId,
      sku,
      ...(text(line.productName) ? { name: text(line.productName) } : {}),
      quantity: Decimal.from(quantity, `${field}.quantity`),
      unit,
      unitPrice: requiredDecimal(line.value, `${field}.value`),
    };
  });

  // Back-office discounts are records of their own; promotions (and coupons) only show in totalDiscountsAmount.
  const manualDiscounts = list(order.discounts, "discounts").flatMap((value, i) => {
    const discount = record(value, `discounts.${i}`);
    const amount = optionalDecimal(discount.amount, `discounts.${i}.amount`);
    if (amount === undefined) return []; // not included: covered by totalDiscountsAmount below
    return [
      {
        kind: "manual" as const,
        description: text(discount.description) ?? "Discount",
        amount: amount.abs(),
      },
    ];
  });
  const reportedDiscounts = optionalDecimal(order.totalDiscountsAmount, "totalDiscountsAmount")?.abs();
  const manualTotal = Decimal.sum(manualDiscounts.map((d) => d.amount));
  const discounts: Array<{ kind: "manual" | "promotion"; description: string; amount: Decimal }> = [...manualDiscounts];
  if (reportedDiscounts?.gt(manualTotal)) {
    discounts.push({
      kind: "promotion" as const,
      description: "Promotions",
      amount: reportedDiscounts.sub(manualTotal),
    });
  } else if (reportedDiscounts?.lt(manualTotal)) {
    warnings.push({
      code: "DISCOUNTS_EXCEED_TOTAL",
      message: `order discounts ${manualTotal} exceed totalDiscountsAmount ${reportedDiscounts}`,
      field: "totalDiscountsAmount",
    });
  }

  const shippingCost =
    optionalDecimal(order.overriddenShippingCostAmount, "overriddenShippingCostAmount") ??
    optionalDecimal(order.estimatedShippingCostAmount, "estimatedShippingCostAmount");
  const shippingMethod = [text(order.shippingMethod), text(order.shippingMethodType)].filter(Boolean).join(" / ");
  const shippingLines: Array<{
    method: string;
    amount: Decimal;
    taxLines?: Array<{ ratePercent: number; amount: number }>;
  }> =
    shippingCost !== undefined || shippingMethod
      ? [{ method: shippingMethod || "Shipping", amount: shippingCost ?? Decimal.ZERO }]
      : [];

  const subtotals = list(order.orderSubtotals, "orderSubtotals").map((value, i) => ({
    raw: record(value, `orderSubtotals.${i}`),
    field: `orderSubtotals.${i}`,
  }));
  const taxTypes = new Set(config.taxSubtotalTypes ?? ["tax"]);
  const taxSubtotals = subtotals.filter(({ raw }) => taxTypes.has(text(raw.orderSubtotalType) ?? ""));
  if (subtotals.length === 0 || subtotals.every(({ raw }) => raw.orderSubtotalType === undefined))
    warnings.push({
      code: "TAX_TOTAL_UNKNOWN",
      message: "orderSubtotals were not included: the tax total is taken as 0 (include=orderSubtotals)",
      field: "orderSubtotals",
    });
  const taxTotal = Decimal.sum(
    taxSubtotals.map(({ raw, field }) => requiredDecimal(raw.amount, `${field}.amount`).abs()),
  );
  const lineSubtotal = subtotals.find(
    ({ raw }) => text(raw.orderSubtotalType) === (config.lineSubtotalType ?? "subtotal"),
  );
  const priceList = lineSubtotal ? relatedId(lineSubtotal.raw.priceList, `${lineSubtotal.field}.priceList`) : undefined;

  const statusFrom = config.statusFrom ?? "internalStatus";
  const statusCode =
    relatedId(order[statusFrom], statusFrom) ??
    (statusFrom === "status" ? relatedId(order.internalStatus, "internalStatus") : undefined);
  if (statusCode === undefined) throw new PayloadError(statusFrom, "is missing");
  const stages: Readonly<Record<string, OrderStage>> = { ...ORO_ORDER_STAGES, ...config.stages };
  const stage = Object.hasOwn(stages, statusCode) ? stages[statusCode] : undefined;
  if (stage === undefined)
    throw new PayloadError(statusFrom, `unknown status ${describeCode(statusCode)}; map it in config.stages`);

  const buyer = optionalRecord(order.customerUser, "customerUser");
  const organization = organizationOf(order.customer, "customer", ref.system, config);
  const isGuest = buyer?.isGuest === true || (!buyer && !organization);
  const email = text(buyer?.email);
  const name = buyer ? [text(buyer.firstName), text(buyer.lastName)].filter(Boolean).join(" ") : "";
  const buyerId = buyer ? relatedId(buyer, "customerUser") : undefined;
  const group = relatedId(optionalRecord(order.customer, "customer")?.group, "customer.group");

  if (list(order.subOrders, "subOrders").length > 0)
    warnings.push({
      code: "ORDER_HAS_SUB_ORDERS",
      message: "the order was split into sub-orders; post either the parent or the sub-orders, not both",
      field: "subOrders",
    });

  const billingAddress = address(order.billingAddress, "billingAddress");
  const shippingAddress = address(order.shippingAddress, "shippingAddress");
  const taxMode = config.taxMode ?? "exclusive";
  const subtotal = requiredDecimal(order.subtotalValue, "subtotalValue");
  const discountTotal = Decimal.sum(discounts.map((d) => d.amount));

  // O8: Oro's tax is one amount for the order; it becomes an order-level tax line the posting plan spreads.
  const taxConfig = config.orderTax ?? {};
  const shippingTaxable = taxConfig.shippingTaxable ?? true;
  const taxLines = [];
  const taxKnown = taxSubtotals.length > 0;
  if (taxKnown && (!taxTotal.isZero() || taxConfig.ratePercent !== undefined)) {
    let ratePercent: Decimal;
    if (taxConfig.ratePercent !== undefined) {
      ratePercent = Decimal.from(taxConfig.ratePercent, "config.orderTax.ratePercent");
    } else {
      let base = subtotal.sub(discountTotal).add(shippingTaxable ? (shippingCost ?? Decimal.ZERO) : Decimal.ZERO);
      if (taxMode === "inclusive") base = base.sub(taxTotal);
      ratePercent = base.isPositive() ? taxTotal.mul(100).div(base, 2, "half-even").normalize() : Decimal.ZERO;
      warnings.push({
        code: "TAX_RATE_DERIVED",
        message: `the order's tax rate ${ratePercent} % is derived from the amounts; configure orderTax.ratePercent`,
        field: "orderSubtotals",
      });
    }
    const where = shippingAddress ?? billingAddress;
    const taxZone =
      taxConfig.taxZone ?? (where?.countryCode ? [where.countryCode, where.region].filter(Boolean).join("-") : "");
    taxLines.push({
      ...(taxConfig.taxClass ? { taxClass: taxConfig.taxClass } : {}),
      ...(taxZone ? { taxZone } : {}),
      ratePercent,
      amount: taxTotal,
    });
    if (!shippingTaxable) for (const line of shippingLines) line.taxLines = [{ ratePercent: 0, amount: 0 }];
  }
  const input: OrderInput = {
    source: ref,
    status: { code: statusCode, stage },
    customer: {
      isGuest,
      ...(buyerId && !isGuest ? { ref: { system: ref.system, type: "customeruser", id: buyerId } } : {}),
      ...(email ? { email } : {}),
      ...(name ? { name } : {}),
      ...(organization && !isGuest ? { organization } : {}),
      ...(group ? { customerGroup: group } : {}),
    },
    ...(billingAddress ? { billingAddress } : {}),
    ...(shippingAddress ? { shippingAddress } : {}),
    currency,
    taxMode,
    lines,
    discounts,
    shippingLines,
    taxLines,
    totals: {
      subtotal,
      discountTotal,
      shippingTotal: shippingCost ?? Decimal.ZERO,
      taxTotal,
      grandTotal: requiredDecimal(order.totalValue, "totalValue"),
    },
    ...(text(order.poNumber) ? { poNumber: text(order.poNumber) } : {}),
    ...(priceList ? { priceList } : {}),
    ...(config.channelLocation ? { channelLocation: config.channelLocation } : {}),
    ...(text(order.customerNotes) ? { customerNote: text(order.customerNotes) } : {}),
    createdAt: isoDateTime(order.createdAt, "createdAt"),
    updatedAt: isoDateTime(order.updatedAt ?? order.createdAt, "updatedAt"),
  };
  return { input, warnings, exceptions };
}

function describeCode(code: string): string {
  return JSON.stringify(code.length > 40 ? `${code.slice(0, 37)}...` : code);
}
