import type { Address } from "../entities/address";
import type { Customer, Organization } from "../entities/customer";
import type { Item } from "../entities/item";
import { isOrderConfirmed, type Order, type OrderLine, type TaxLine } from "../entities/order";
import type { RecordRef } from "../entities/schema-helpers";
import {
  createSyncException,
  failed,
  ok,
  type SyncException,
  type SyncExceptionCode,
  type SyncResult,
  type SyncWarning,
  skipped,
} from "../entities/sync-exception";
import { allocateOrderDiscounts } from "../functions/discount-allocation";
import { checkOrderTotals } from "../functions/order-totals";
import { unitFactor } from "../functions/unit-conversion";
import { allocate } from "../money/allocate";
import { minorUnits, roundMoney } from "../money/currency";
import { Decimal } from "../money/decimal";
import type { PostingConfig } from "./posting-config";
import { describeTax, resolveTaxCode } from "./tax-codes";

/** Look-ups into the ERP the plan needs; the pipeline loads them, the plan does no I/O. */
export interface SalesOrderLookups {
  /** The ERP item for a SKU (O1). */
  itemBySku(sku: string): Item | undefined;
  /** The ERP customer carrying this storefront customer's id as its shared external id (O2). */
  customerByExternalId?(externalId: string): Customer | undefined;
  /** ERP customers with this e-mail (O2); more than one is ambiguous. */
  customersByEmail?(email: string): readonly Customer[];
  /** The ERP parent (bill-to) account of a B2B organization, matched by a shared id (O2). */
  parentAccountFor?(organization: Organization): Customer | undefined;
  /** The unit price the ERP would charge this customer (price list / customer price group), if known (O13). */
  expectedUnitPrice?(query: {
    sku: string;
    unit: string;
    quantity: Decimal;
    customerNumber?: string;
    priceList?: string;
  }): Decimal | undefined;
}

/** The ERP customer the document is for, or the customer to create first. */
export type PlannedCustomer =
  | { kind: "existing"; customerNumber: string }
  | {
      kind: "create";
      name: string;
      email?: string;
      externalId?: string;
      billingAddress?: Address;
      shippingAddress?: Address;
      taxNumber?: string;
    };

interface PlannedLineBase {
  /** The storefront line (or `shipping-1`, …) the line comes from. */
  lineId: string;
  description: string;
  quantity: Decimal;
  /** Price per unit in the order's tax mode. */
  unitPrice: Decimal;
  /** Quantity × unit price, rounded half-up to the currency. */
  lineAmount: Decimal;
  /** Line discounts plus this line's share of order-level discounts (O9), and of gift cards under `line_discount`. */
  discountAmount: Decimal;
  /** Line amount − discount. */
  netAmount: Decimal;
  /** Discount and coupon codes behind `discountAmount`. */
  discountCodes: string[];
  /** ERP tax code (O8). */
  taxCode: string;
  /** Combined tax rate in percent of the line's tax lines (its own, else the order-level ones); 0 when untaxed. */
  taxRatePercent: Decimal;
  /**
   * The storefront's tax on the line, passed through when `taxSource` is `storefront`. For an order-level tax
   * (`order.taxLines`) this is the line's share of it, in proportion to the net amounts of the lines it applies to.
   */
  taxAmount: Decimal;
}

/** A line for an ERP item. */
export interface PlannedItemLine extends PlannedLineBase {
  kind: "item";
  sku: string;
  itemNumber: string;
  /** ERP unit of measure code (O12). */
  unitOfMeasure: string;
  /** The quantity in the item's base unit, for stock (O12). */
  baseQuantity: Decimal;
  /** ERP location / warehouse (O14). */
  locationCode: string | undefined;
  serialNumbers: string[];
  lotNumbers: string[];
}

/** A line booked to a G/L account: shipping (O16) or the sale of a gift card (O10). */
export interface PlannedAccountLine extends PlannedLineBase {
  kind: "account";
  purpose: "shipping" | "gift_card_sale";
  account: string;
}

export type PlannedLine = PlannedItemLine | PlannedAccountLine;

/** Everything an ERP mapper needs to write a sales order, already validated, mapped and reconciled. */
export interface SalesOrderPlan {
  sourceRef: RecordRef;
  /** The storefront order number for the ERP's external document field (BC `externalDocumentNumber`, B1 `NumAtCard`): traceability and idempotency (O5, O6). */
  externalDocumentNumber: string;
  customer: PlannedCustomer;
  currency: string;
  taxMode: Order["taxMode"];
  /** Order date, `YYYY-MM-DD`. */
  orderDate: string;
  poNumber: string | undefined;
  locationCode: string | undefined;
  billingAddress: Address | undefined;
  shippingAddress: Address | undefined;
  shippingMethod: string | undefined;
  lines: PlannedLine[];
  /** Gift card redemptions to settle against the liability account after invoicing (O10). */
  giftCardSettlements: Array<{ account: string; giftCardRef: string; amount: Decimal }>;
  /** Payment gateway transaction ids, kept for payout matching (O5, S2). */
  paymentTransactionIds: string[];
  taxSource: "storefront" | "erp";
  /** What the posted ERP document must total, to compare after posting (O17). */
  expectedTotal: Decimal;
  /** The storefront's tax total (what was paid). */
  expectedTaxTotal: Decimal;
  /**
   * Rate × net amount of every taxed line, rounded per line to the currency: the tax an ERP computing line by line
   * arrives at (`taxSource: "erp"`). It differs from `expectedTaxTotal` by at most the tax tolerance, else the
   * plan fails with `TAX_DIFFERENCE` (O8); compare the posted document with `compareDocumentTotal` using
   * `taxDifference` as the tolerance.
   */
  computedTaxTotal: Decimal;
  /** `computedTaxTotal` − `expectedTaxTotal`: what the ERP's own tax calculation will differ by (O8, O17). */
  taxDifference: Decimal;
}

/**
 * Turns a canonical order into a posting plan for any ERP, or says why it cannot post:
 * skipped when not confirmed (O4); otherwise every problem found is reported at once, each a typed exception
 * naming the order and the field: unknown or inactive items (O1), customers that are ambiguous, need approval or
 * lack a parent account (O2, O3), orders not ready to fulfil (O7), unmapped tax or tax off beyond the tolerance
 * (O8), unmapped units (O12), prices off the ERP price (O13), unmapped locations (O14), missing serial/lot numbers
 * (O15), and totals that do not reconcile (O17). Discounts are allocated exactly (O9), gift cards follow the
 * configured policy (O10), shipping becomes its own G/L line (O16). An order-level tax (`order.taxLines`, for
 * storefronts without per-line tax) gives the untaxed lines their tax code and is spread over them exactly.
 */
export function prepareSalesOrder(
  order: Order,
  config: PostingConfig,
  lookups: SalesOrderLookups,
): SyncResult<SalesOrderPlan> {
  const ref = order.source;
  const label = `Order ${ref.number ?? ref.id}`;
  if (!isOrderConfirmed(order)) {
    return skipped(`${label} is ${order.status.stage} (${order.status.code}); only confirmed orders are posted (O4)`);
  }
  const exceptions: SyncException[] = [...checkOrderTotals(order)];
  const warnings: SyncWarning[] = [];
  const raise = (code: SyncExceptionCode, message: string, field?: string, details?: Record<string, unknown>) => {
    const input = {
      message: `${label}: ${message}`,
      sourceSystem: ref.system,
      targetSystem: config.targetSystem,
      records: [ref],
    };
    exceptions.push(
      createSyncException(code, { ...input, ...(field ? { field } : {}), ...(details ? { details } : {}) }),
    );
  };

  const currency = order.currency;
  const scale = minorUnits(currency);
  const customer = planCustomer(order, config, lookups, raise);
  const locationCode = planLocation(order, config, raise);
  checkReadiness(order, config, raise);

  const allocation = allocateOrderDiscounts(order);
  const giftCardTotal = Decimal.sum(order.giftCardRedemptions.map((g) => g.amount));
  const asDiscount = (config.giftCardRedemptions ?? "liability_account") === "line_discount";
  const giftCardShares = asDiscount
    ? allocate(
        giftCardTotal.round(scale, "half-up"),
        allocation.map((a) => (a.netAmount.isNegative() ? 0 : a.netAmount)),
        scale,
      )
    : allocation.map(() => Decimal.ZERO);

  // O8: an order-level tax applies to the lines (not gift card sales) and shipping lines without tax of their own.
  const orderTax = spreadOrderTax(order, allocation, scale);

  const lines: PlannedLine[] = [];
  const giftCardShareByLine = new Map<string, Decimal>();
  order.lines.forEach((line, index) => {
    const field = `lines.${index}`;
    const share = allocation[index];
    if (!share) return;
    const giftCardShare = giftCardShares[index] ?? Decimal.ZERO;
    giftCardShareByLine.set(line.lineId, giftCardShare);
    const discountAmount = share.lineDiscount
      .add(Decimal.sum(share.orderDiscounts.map((d) => d.amount)))
      .add(giftCardShare);
    const discountCodes = [...line.discounts, ...order.discounts].flatMap((d) => (d.code ? [d.code] : []));
    if (asDiscount && !giftCardShare.isZero())
      discountCodes.push(...order.giftCardRedemptions.map((g) => g.giftCardRef));
    const taxLines = orderTax.lines.get(index) ? order.taxLines : line.taxLines;
    const taxCode = planTaxCode(taxLines, config, orderTax.lines.get(index) ? "taxLines" : `${field}.taxLines`, raise);
    const base = {
      lineId: line.lineId,
      description: line.name ?? line.sku,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      lineAmount: share.lineAmount,
      discountAmount,
      netAmount: share.lineAmount.sub(discountAmount),
      discountCodes: [...new Set(discountCodes)],
      taxCode: taxCode ?? "",
      taxRatePercent: Decimal.sum(taxLines.map((t) => t.ratePercent)),
      taxAmount: orderTax.lines.get(index) ?? Decimal.sum(line.taxLines.map((t) => t.amount)),
    };
    if (line.isGiftCard) {
      lines.push({ ...base, kind: "account", purpose: "gift_card_sale", account: config.accounts.giftCardLiability });
      return;
    }
    const itemLine = planItemLine(line, field, base, order, customer, locationCode, config, lookups, raise);
    if (itemLine) lines.push(itemLine);
  });

  order.shippingLines.forEach((shipping, index) => {
    const share = orderTax.shipping.get(index);
    const taxLines = share ? order.taxLines : shipping.taxLines;
    const taxCode = planTaxCode(taxLines, config, share ? "taxLines" : `shippingLines.${index}.taxLines`, raise);
    lines.push({
      kind: "account",
      purpose: "shipping",
      account: config.accounts.shipping,
      lineId: `shipping-${index + 1}`,
      description: shipping.method,
      quantity: Decimal.ONE,
      unitPrice: shipping.amount,
      lineAmount: shipping.amount,
      discountAmount: shipping.discountAmount,
      netAmount: shipping.amount.sub(shipping.discountAmount),
      discountCodes: [],
      taxCode: taxCode ?? "",
      taxRatePercent: Decimal.sum(taxLines.map((t) => t.ratePercent)),
      taxAmount: share ?? Decimal.sum(shipping.taxLines.map((t) => t.amount)),
    });
  });

  const taxSource = config.taxSource ?? "storefront";
  const computedTaxTotal = checkTaxAmounts(order, lines, giftCardShareByLine, config, raise);

  if (exceptions.length > 0) return failed(exceptions, warnings);
  const expectedTotal = asDiscount ? order.totals.grandTotal.sub(giftCardTotal) : order.totals.grandTotal;
  return ok(
    {
      sourceRef: ref,
      externalDocumentNumber: ref.number ?? ref.id,
      customer: customer ?? { kind: "existing", customerNumber: "" },
      currency,
      taxMode: order.taxMode,
      orderDate: order.createdAt.slice(0, 10),
      poNumber: order.poNumber,
      locationCode,
      billingAddress: order.billingAddress,
      shippingAddress: order.shippingAddress,
      shippingMethod: order.shippingLines[0]?.method,
      lines,
      giftCardSettlements: asDiscount
        ? []
        : order.giftCardRedemptions.map((g) => ({
            account: config.accounts.giftCardLiability,
            giftCardRef: g.giftCardRef,
            amount: g.amount,
          })),
      paymentTransactionIds: order.payments.map((p) => p.transactionId),
      taxSource,
      expectedTotal,
      expectedTaxTotal: order.totals.taxTotal,
      computedTaxTotal,
      taxDifference: computedTaxTotal.sub(order.totals.taxTotal),
    },
    warnings,
  );
}

type Raise = (code: SyncExceptionCode, message: string, field?: string, details?: Record<string, unknown>) => void;

function planCustomer(
  order: Order,
  config: PostingConfig,
  lookups: SalesOrderLookups,
  raise: Raise,
): PlannedCustomer | undefined {
  const c = order.customer;
  const draft = (): PlannedCustomer => ({
    kind: "create",
    name: c.organization?.name ?? c.name ?? c.email ?? `Web customer ${order.source.id}`,
    ...(c.email ? { email: c.email } : {}),
    ...(c.ref ? { externalId: c.ref.id } : {}),
    ...(order.billingAddress ? { billingAddress: order.billingAddress } : {}),
    ...(order.shippingAddress ? { shippingAddress: order.shippingAddress } : {}),
    ...(c.taxNumber ? { taxNumber: c.taxNumber } : {}),
  });
  if (c.isGuest) {
    return config.guestCustomer.kind === "post_to_customer"
      ? { kind: "existing", customerNumber: config.guestCustomer.customerNumber }
      : draft();
  }
  if (c.organization) {
    // B2B: the document is for the organization's ERP parent account, never for the individual buyer (O2).
    const parent = lookups.parentAccountFor?.(c.organization);
    const number = parent?.erpCustomerNumber ?? c.organization.parentAccountNumber;
    if (number) return { kind: "existing", customerNumber: number };
    raise(
      "PARENT_ACCOUNT_NOT_FOUND",
      `organization ${c.organization.name} (${c.organization.ref.id}) has no ERP parent account`,
      "customer.organization",
      { organizationId: c.organization.ref.id, externalId: c.organization.externalId },
    );
    return undefined;
  }
  if (c.erpCustomerNumber) return { kind: "existing", customerNumber: c.erpCustomerNumber };
  const byId = c.ref ? lookups.customerByExternalId?.(c.ref.id) : undefined;
  if (byId?.erpCustomerNumber) return { kind: "existing", customerNumber: byId.erpCustomerNumber };
  const byEmail = c.email ? (lookups.customersByEmail?.(c.email) ?? []) : [];
  if (byEmail.length > 1) {
    raise("CUSTOMER_AMBIGUOUS", `${byEmail.length} ERP customers have the e-mail ${c.email}`, "customer.email", {
      candidates: byEmail.map((m) => m.erpCustomerNumber ?? m.source.id),
    });
    return undefined;
  }
  const match = byEmail[0];
  if (match) return { kind: "existing", customerNumber: match.erpCustomerNumber ?? match.source.id };
  if ((config.newCustomers ?? "create") === "stage_for_approval") {
    raise(
      "CUSTOMER_NEEDS_APPROVAL",
      `customer ${c.email ?? c.ref?.id} is new and new customers need approval`,
      "customer",
    );
    return undefined;
  }
  return draft();
}

function planLocation(order: Order, config: PostingConfig, raise: Raise): string | undefined {
  if (order.channelLocation === undefined) return config.defaultLocation;
  const mapped = config.locationMappings?.[order.channelLocation];
  if (mapped) return mapped;
  raise(
    "LOCATION_NOT_MAPPED",
    `channel location ${order.channelLocation} has no ERP location mapping`,
    "channelLocation",
  );
  return undefined;
}

function checkReadiness(order: Order, config: PostingConfig, raise: Raise): void {
  const ships = order.lines.some((line) => !line.isGiftCard);
  if (!ships) return;
  const address = order.shippingAddress;
  if (!address) {
    raise("NOT_READY_TO_FULFIL", "has physical goods but no shipping address", "shippingAddress");
    return;
  }
  if (!address.postalCode)
    raise("NOT_READY_TO_FULFIL", "shipping address has no postal code", "shippingAddress.postalCode");
  if (order.shippingLines.length === 0)
    raise("NOT_READY_TO_FULFIL", "has physical goods but no shipping method", "shippingLines");
  const home = config.homeCountries;
  if (home && !home.includes(address.countryCode) && order.customer.organization && !order.customer.eoriNumber) {
    raise(
      "NOT_READY_TO_FULFIL",
      `ships to ${address.countryCode} outside ${home.join("/")} but the buyer has no EORI number`,
      "customer.eoriNumber",
    );
  }
}

function planTaxCode(
  taxLines: readonly TaxLine[],
  config: PostingConfig,
  field: string,
  raise: Raise,
): string | undefined {
  const code = resolveTaxCode(taxLines, config.taxMappings, config.taxExemptCode);
  if (code === undefined) raise("TAX_MAPPING_MISSING", `no ERP tax code for ${describeTax(taxLines)}`, field);
  return code;
}

function planItemLine(
  line: OrderLine,
  field: string,
  base: Omit<
    PlannedItemLine,
    "kind" | "sku" | "itemNumber" | "unitOfMeasure" | "baseQuantity" | "locationCode" | "serialNumbers" | "lotNumbers"
  >,
  order: Order,
  customer: PlannedCustomer | undefined,
  locationCode: string | undefined,
  config: PostingConfig,
  lookups: SalesOrderLookups,
  raise: Raise,
): PlannedItemLine | undefined {
  const item = lookups.itemBySku(line.sku);
  if (!item) {
    raise("ITEM_NOT_FOUND", `SKU ${line.sku} has no ERP item`, `${field}.sku`, { sku: line.sku });
    return undefined;
  }
  if (!item.active) {
    raise("ITEM_INACTIVE", `SKU ${line.sku} (ERP item ${item.erpNumber}) is inactive or blocked`, `${field}.sku`, {
      sku: line.sku,
    });
    return undefined;
  }
  const unitOfMeasure = resolveUnit(line.unit, item, config);
  const factor = unitOfMeasure === undefined ? undefined : unitFactor(item, unitOfMeasure);
  if (unitOfMeasure === undefined || factor === undefined) {
    raise(
      "UNIT_NOT_MAPPED",
      `unit ${line.unit} of SKU ${line.sku} maps to no unit of ERP item ${item.erpNumber}`,
      `${field}.unit`,
      {
        sku: line.sku,
        unit: line.unit,
        itemUnits: [item.baseUnit, ...item.alternateUnits.map((u) => u.code)],
      },
    );
    return undefined;
  }
  const baseQuantity = line.quantity.mul(factor).normalize();
  if (item.tracking === "serial" && !baseQuantity.eq(line.serialNumbers.length)) {
    raise(
      "TRACKING_NUMBERS_MISSING",
      `SKU ${line.sku} is serial-tracked: ${baseQuantity} serial numbers needed, ${line.serialNumbers.length} given`,
      `${field}.serialNumbers`,
      { sku: line.sku },
    );
  }
  if (item.tracking === "lot" && line.lotNumbers.length === 0) {
    raise(
      "TRACKING_NUMBERS_MISSING",
      `SKU ${line.sku} is lot-tracked but no lot number was given`,
      `${field}.lotNumbers`,
      { sku: line.sku },
    );
  }
  const expected = lookups.expectedUnitPrice?.({
    sku: line.sku,
    unit: unitOfMeasure,
    quantity: line.quantity,
    ...(customer?.kind === "existing" ? { customerNumber: customer.customerNumber } : {}),
    ...(order.priceList ? { priceList: order.priceList } : {}),
  });
  if (expected !== undefined && !expected.isZero()) {
    const deviationPercent = line.unitPrice.sub(expected).abs().mul(100).div(expected, 4, "half-up");
    const tolerance = Decimal.from(config.priceTolerancePercent ?? 0, "priceTolerancePercent");
    if (deviationPercent.gt(tolerance)) {
      raise(
        "PRICE_DEVIATION",
        `SKU ${line.sku} sold at ${line.unitPrice} but the ERP price is ${expected} (${deviationPercent.normalize()} % off)`,
        `${field}.unitPrice`,
        {
          sku: line.sku,
          storefrontPrice: line.unitPrice.toString(),
          erpPrice: expected.toString(),
        },
      );
    }
  }
  return {
    ...base,
    kind: "item",
    sku: line.sku,
    itemNumber: item.erpNumber,
    description: line.name ?? item.description,
    unitOfMeasure,
    baseQuantity,
    locationCode,
    serialNumbers: line.serialNumbers,
    lotNumbers: line.lotNumbers,
  };
}

function resolveUnit(unit: string, item: Item, config: PostingConfig): string | undefined {
  const wanted = unit.toLowerCase();
  const mapped = Object.entries(config.unitMappings ?? {}).find(([from]) => from.toLowerCase() === wanted)?.[1];
  if (mapped) return mapped;
  if (wanted === "each") return item.baseUnit;
  return unitFactor(item, unit) ? unit.toUpperCase() : undefined;
}

/**
 * The order-level tax (`order.taxLines`) spread over the lines it applies to: item lines (not gift card sales) and
 * shipping lines without tax lines of their own, in proportion to their net amounts, so that the shares sum to
 * the captured tax exactly. Maps line index / shipping index → share; empty when the order has no order-level tax.
 */
function spreadOrderTax(
  order: Order,
  allocation: ReturnType<typeof allocateOrderDiscounts>,
  scale: number,
): { lines: Map<number, Decimal>; shipping: Map<number, Decimal> } {
  const result = { lines: new Map<number, Decimal>(), shipping: new Map<number, Decimal>() };
  if (order.taxLines.length === 0) return result;
  const targets: Array<{ kind: "line" | "shipping"; index: number; net: Decimal }> = [];
  order.lines.forEach((line, index) => {
    const net = allocation[index]?.netAmount ?? Decimal.ZERO;
    if (!line.isGiftCard && line.taxLines.length === 0) targets.push({ kind: "line", index, net });
  });
  order.shippingLines.forEach((shipping, index) => {
    if (shipping.taxLines.length === 0)
      targets.push({ kind: "shipping", index, net: shipping.amount.sub(shipping.discountAmount) });
  });
  if (targets.length === 0) return result;
  const total = Decimal.sum(order.taxLines.map((t) => t.amount)).round(scale, "half-up");
  const shares = allocate(
    total,
    targets.map((t) => (t.net.isNegative() ? Decimal.ZERO : t.net)),
    scale,
  );
  targets.forEach((target, i) => {
    // A zero share still marks the line as taxed by the order-level tax (its code comes from it).
    (target.kind === "line" ? result.lines : result.shipping).set(target.index, shares[i] ?? Decimal.ZERO);
  });
  return result;
}

/**
 * Storefront tax vs rate × net amount, per order, within the tolerance (O8). A gift card is a payment, so a
 * redemption booked as a line discount does not lower the tax base. Returns the tax an ERP computing line by line
 * would arrive at (each line's rate × net, rounded to the currency).
 */
function checkTaxAmounts(
  order: Order,
  lines: readonly PlannedLine[],
  giftCardShareByLine: ReadonlyMap<string, Decimal>,
  config: PostingConfig,
  raise: Raise,
): Decimal {
  let computed = Decimal.ZERO;
  let perLine = Decimal.ZERO;
  let captured = Decimal.ZERO;
  let taxedLines = 0;
  for (const line of lines) {
    const rate = line.taxRatePercent;
    if (rate.isZero() && line.taxAmount.isZero()) continue;
    taxedLines++;
    const base = line.netAmount.add(giftCardShareByLine.get(line.lineId) ?? Decimal.ZERO);
    const tax =
      order.taxMode === "exclusive"
        ? base.mul(rate).div(100, 10, "half-even")
        : base.mul(rate).div(rate.add(100), 10, "half-even");
    computed = computed.add(tax);
    perLine = perLine.add(roundMoney(tax, order.currency, "half-up"));
    captured = captured.add(line.taxAmount);
  }
  const computedRounded = roundMoney(computed, order.currency, "half-up");
  const tolerance =
    config.taxTolerance !== undefined
      ? Decimal.from(config.taxTolerance, "taxTolerance")
      : Decimal.fromMinorUnits(BigInt(taxedLines), minorUnits(order.currency));
  if (captured.sub(computedRounded).abs().gt(tolerance)) {
    raise(
      "TAX_DIFFERENCE",
      `storefront tax ${captured} ${order.currency} differs from rate × net ${computedRounded} ${order.currency} beyond ${tolerance}`,
      "totals.taxTotal",
      {
        storefrontTax: captured.toString(),
        computedTax: computedRounded.toString(),
      },
    );
  }
  return perLine;
}
