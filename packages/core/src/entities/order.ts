import { z } from "zod";
import { Decimal } from "../money/decimal";
import { AddressSchema } from "./address";
import { CustomerRefSchema } from "./customer";
import {
  CurrencyCodeSchema,
  DateTimeSchema,
  decimalSchema,
  parseWith,
  RecordRefSchema,
  sourceIdOf,
} from "./schema-helpers";

const amount = decimalSchema();
const nonNegativeAmount = decimalSchema({ nonNegative: true });

/**
 * Where an order is in its life. Only `confirmed` (and later) orders become ERP sales orders: quotes, drafts and
 * unpaid orders are skipped with a reason (failure catalog O4). Mappers translate vendor statuses into a stage
 * through configuration, so each merchant decides what "confirmed" means.
 */
export const ORDER_STAGES = [
  "quote",
  "draft",
  "pending_payment",
  "on_hold",
  "confirmed",
  "completed",
  "cancelled",
] as const;
export type OrderStage = (typeof ORDER_STAGES)[number];

export const OrderStatusSchema = z.object({
  /** The vendor's own status code or name, kept for audit. */
  code: z.string().min(1),
  stage: z.enum(ORDER_STAGES),
});
export type OrderStatus = z.output<typeof OrderStatusSchema>;

/** Whether prices include tax (`inclusive`, typical B2C in the EU) or tax is added on top (`exclusive`). */
export const TAX_MODES = ["inclusive", "exclusive"] as const;
export type TaxMode = (typeof TAX_MODES)[number];

/** One tax applied to a line or a shipping charge (O8). */
export const TaxLineSchema = z.object({
  /** Storefront tax class (e.g. `standard`, `reduced`, a BigCommerce tax class id). */
  taxClass: z.string().optional(),
  /** Storefront tax zone / jurisdiction (e.g. `DE`, `US-CA`). */
  taxZone: z.string().optional(),
  /** Rate in percent, e.g. `19` or `7.25`. */
  ratePercent: nonNegativeAmount,
  /** Tax amount in the order currency, as the storefront captured it. */
  amount,
});
export type TaxLine = z.output<typeof TaxLineSchema>;

/** A discount with the code that caused it, kept for accounting (O9). */
export const DiscountSchema = z.object({
  /** Coupon or promotion code, when there is one. */
  code: z.string().optional(),
  description: z.string().optional(),
  kind: z.enum(["coupon", "promotion", "manual"]).default("promotion"),
  /** Positive amount taken off, in the order currency and the order's tax mode. */
  amount: nonNegativeAmount,
});
export type Discount = z.output<typeof DiscountSchema>;

export const OrderLineSchema = z.object({
  /** The storefront's id of the line, stable across updates. */
  lineId: z.string().min(1),
  sku: z.string().min(1),
  name: z.string().optional(),
  /** Ordered quantity in `unit`. */
  quantity: decimalSchema({ nonNegative: true }),
  /** Storefront unit code (e.g. `each`, `box`); mapped to the ERP unit of measure (O12). Default: `each`. */
  unit: z.string().min(1).default("each"),
  /** Price of one unit in the order's tax mode, before discounts; may carry more decimals than the currency. */
  unitPrice: amount,
  /** Discounts that apply to this line only. */
  discounts: z.array(DiscountSchema).default([]),
  taxLines: z.array(TaxLineSchema).default([]),
  /** The line is the sale of a gift card (a liability, not revenue: O10, S5). */
  isGiftCard: z.boolean().default(false),
  /** Serial or lot numbers supplied with the line, for tracked items (O15). */
  serialNumbers: z.array(z.string()).default([]),
  lotNumbers: z.array(z.string()).default([]),
});
export type OrderLine = z.output<typeof OrderLineSchema>;

/** Shipping as its own line so the ERP document total reconciles (O16). */
export const ShippingLineSchema = z.object({
  /** Shipping method as the storefront names it (e.g. `UPS Ground`). */
  method: z.string().min(1),
  carrier: z.string().optional(),
  /** Charge in the order's tax mode, before shipping discounts. */
  amount: nonNegativeAmount,
  discountAmount: nonNegativeAmount.default(Decimal.ZERO),
  taxLines: z.array(TaxLineSchema).default([]),
});
export type ShippingLine = z.output<typeof ShippingLineSchema>;

/** Part of the order paid with a gift card: settles a liability, it is not a discount (O10). */
export const GiftCardRedemptionSchema = z.object({
  /** Masked code or the gift card's id; never the full secret code. */
  giftCardRef: z.string().min(1),
  amount: nonNegativeAmount,
  transactionId: z.string().optional(),
});
export type GiftCardRedemption = z.output<typeof GiftCardRedemptionSchema>;

/** A payment, with the gateway transaction id that payout lines are matched by (O5, S2). */
export const PaymentSchema = z.object({
  gateway: z.string().min(1),
  method: z.string().optional(),
  /** The gateway's transaction id (e.g. a Stripe charge id, a Braintree transaction id). */
  transactionId: z.string().min(1),
  amount: nonNegativeAmount,
  status: z.enum(["authorized", "captured", "refunded", "voided", "failed", "pending"]).default("captured"),
  capturedAt: DateTimeSchema.optional(),
});
export type Payment = z.output<typeof PaymentSchema>;

/**
 * The storefront's own totals, in the order currency, exactly as captured. `checkOrderTotals` verifies they
 * reconcile with the lines (O17); the ERP document total is later compared with `grandTotal`.
 * `grandTotal` = lines − discounts + shipping (+ tax when exclusive); gift cards are a way of paying it.
 */
export const OrderTotalsSchema = z.object({
  /** Sum of line amounts (quantity × unit price), before any discount. */
  subtotal: amount,
  /** All discounts: line discounts, order-level discounts and shipping discounts. */
  discountTotal: nonNegativeAmount,
  /** Shipping charges before shipping discounts. */
  shippingTotal: nonNegativeAmount,
  taxTotal: nonNegativeAmount,
  grandTotal: amount,
  /** Part of `grandTotal` paid with gift cards. */
  giftCardTotal: nonNegativeAmount.default(Decimal.ZERO),
});
export type OrderTotals = z.output<typeof OrderTotalsSchema>;

/** A storefront order in canonical form: what every storefront mapper produces and every ERP mapper consumes. */
export const OrderSchema = z.object({
  /** The storefront order: system, immutable id, human order number (O5). */
  source: RecordRefSchema,
  status: OrderStatusSchema,
  customer: CustomerRefSchema,
  billingAddress: AddressSchema.optional(),
  /** Absent for orders that ship nothing (digital goods, gift cards). */
  shippingAddress: AddressSchema.optional(),
  currency: CurrencyCodeSchema,
  taxMode: z.enum(TAX_MODES),
  lines: z.array(OrderLineSchema).min(1, "an order needs at least one line"),
  /** Order-level discounts, to be allocated across lines (O9). */
  discounts: z.array(DiscountSchema).default([]),
  shippingLines: z.array(ShippingLineSchema).default([]),
  giftCardRedemptions: z.array(GiftCardRedemptionSchema).default([]),
  payments: z.array(PaymentSchema).default([]),
  /**
   * Tax captured for the order as a whole, for storefronts that report no per-line tax (Oro's back-office API
   * gives only the order's tax subtotal) (O8). Each applies to every line and shipping line that carries no tax
   * lines of its own: the posting plan resolves their tax code from these (class, zone, combined rate) and spreads
   * the amounts over them in proportion to their net amounts. Default: none (tax is per line).
   */
  taxLines: z.array(TaxLineSchema).default([]),
  totals: OrderTotalsSchema,
  /** Buyer's purchase order number (B2B). */
  poNumber: z.string().optional(),
  /** Price list the storefront priced the order with (B2B, O13). */
  priceList: z.string().optional(),
  /** Storefront channel / location, mapped to an ERP location or warehouse (O14). */
  channelLocation: z.string().optional(),
  createdAt: DateTimeSchema,
  updatedAt: DateTimeSchema,
  /** Free-text note from the buyer. */
  customerNote: z.string().optional(),
});
export type Order = z.output<typeof OrderSchema>;
/** What `parseOrder` accepts: amounts may still be strings or numbers, defaults may be omitted. */
export type OrderInput = z.input<typeof OrderSchema>;

/** Validates an order. @throws EntityValidationError naming the order id and every failing field. */
export function parseOrder(input: unknown): Order {
  return parseWith(OrderSchema, "Order", input, sourceIdOf);
}

/** Confirmed (or later, but not cancelled) orders are the ones that become ERP sales orders (O4). */
export function isOrderConfirmed(order: Pick<Order, "status">): boolean {
  return order.status.stage === "confirmed" || order.status.stage === "completed";
}
