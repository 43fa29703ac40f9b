/**
 * Storefront orders in a vendor-neutral form, generated deterministically from the seed catalog. Each storefront
 * fake renders them in its own wire format (BigCommerce v2 order, Magento order, Oro JSON:API order), so the same
 * business facts flow through every demo. Totals are computed here once, in integer cents (exact): per line,
 * tax = round-half-up(net after discount × rate); grand total = lines + shipping, each with its tax.
 */
import { seededRandom } from "../random.js";
import { SEED_CUSTOMERS, SEED_PRODUCTS, SEED_TAX_RATES, SEED_UNKNOWN_SKU, type SeedCustomer } from "./catalog.js";

export interface SeedOrderLine {
  sku: string;
  name: string;
  quantity: number;
  /** Net unit price, 2 decimals. */
  unitPrice: string;
  /** Percent, e.g. `"19"`. */
  taxRate: string;
  /** Net discount on the line (coupon share), 2 decimals. */
  discount: string;
  /** Net amount after discount. */
  net: string;
  tax: string;
  /** Net + tax. */
  gross: string;
}

export interface SeedOrder {
  /** Storefront order number, e.g. `"100001"`. */
  number: string;
  createdAt: string;
  updatedAt: string;
  /** `null` for a guest checkout. */
  customer: SeedCustomer | null;
  /** E-mail on the order (the customer's, or the guest's). */
  email: string;
  currency: "EUR";
  lines: SeedOrderLine[];
  shipping: { method: string; net: string; taxRate: string; tax: string; gross: string };
  /** Order-level coupon, already spread over the lines' `discount`. */
  coupon?: { code: string; amount: string };
  /** Paid by gift card (a tender, not a discount: failure catalog O10). */
  giftCard?: { code: string; amount: string };
  subtotalNet: string;
  taxTotal: string;
  discountTotal: string;
  grandTotal: string;
  /** Paid by card (grand total minus gift card). */
  cardPayment: string;
  /** Payment gateway transaction id of the card payment. */
  transactionId: string;
}

export interface SeedOrderOptions {
  /** How many orders. Default: `12`. */
  count?: number;
  /** Default: `7`. */
  seed?: number;
  /** First order number. Default: `100001`. */
  firstNumber?: number;
  /** Creation time of the first order; the others follow at `spacingMs`. Default: `2026-11-02T08:00:00Z`. */
  startAt?: string;
  /** Default: 47 minutes. */
  spacingMs?: number;
  /** Make the third order contain a SKU no ERP knows (a quarantined record in the demo). Default: `true`. */
  includeUnknownSku?: boolean;
}

const cents = (amount: string): number => Math.round(Number(amount) * 100);
const money = (c: number): string =>
  `${c < 0 ? "-" : ""}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, "0")}`;
const taxOf = (netCents: number, rate: string): number => Math.round((netCents * Number(rate)) / 100);

/** Generates `count` orders (deterministic for a given seed). */
export function seedOrders(options: SeedOrderOptions = {}): SeedOrder[] {
  const random = seededRandom(options.seed ?? 7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const count = options.count ?? 12;
  const first = options.firstNumber ?? 100001;
  const start = Date.parse(options.startAt ?? "2026-11-02T08:00:00Z");
  const spacing = options.spacingMs ?? 47 * 60_000;
  const orders: SeedOrder[] = [];
  for (let i = 0; i < count; i += 1) {
    const guest = random() < 0.15;
    const customer = guest ? null : pick(SEED_CUSTOMERS);
    const lineCount = 1 + Math.floor(random() * 4);
    const chosen = new Set<string>();
    const raw: Array<{ sku: string; name: string; quantity: number; unitCents: number; taxRate: string }> = [];
    while (raw.length < lineCount) {
      const product = pick(SEED_PRODUCTS);
      if (chosen.has(product.sku)) continue;
      chosen.add(product.sku);
      raw.push({
        sku: product.sku,
        name: product.name,
        quantity: 1 + Math.floor(random() * 3),
        unitCents: cents(product.price),
        taxRate: SEED_TAX_RATES[product.taxClass],
      });
    }
    if (i === 2 && (options.includeUnknownSku ?? true)) {
      raw.push({ sku: SEED_UNKNOWN_SKU, name: "Gold mug (discontinued)", quantity: 1, unitCents: 2990, taxRate: "19" });
    }
    const coupon = random() < 0.3 ? { code: "AUTUMN10", percent: 10 } : undefined;
    const beforeDiscount = raw.map((l) => l.unitCents * l.quantity);
    const couponCents = coupon ? Math.round((beforeDiscount.reduce((a, b) => a + b, 0) * coupon.percent) / 100) : 0;
    // Spread the coupon over the lines by their share, the remainder cent to the last line (exact sum).
    let left = couponCents;
    const total = beforeDiscount.reduce((a, b) => a + b, 0);
    const lines: SeedOrderLine[] = raw.map((l, index) => {
      const share = index === raw.length - 1 ? left : Math.floor((couponCents * (beforeDiscount[index] ?? 0)) / total);
      left -= share;
      const net = (beforeDiscount[index] ?? 0) - share;
      const tax = taxOf(net, l.taxRate);
      return {
        sku: l.sku,
        name: l.name,
        quantity: l.quantity,
        unitPrice: money(l.unitCents),
        taxRate: l.taxRate,
        discount: money(share),
        net: money(net),
        tax: money(tax),
        gross: money(net + tax),
      };
    });
    const shippingNet = total >= 5000 ? 0 : 495;
    const shippingTax = taxOf(shippingNet, "19");
    const subtotalNet = lines.reduce((a, l) => a + cents(l.net), 0);
    const taxTotal = lines.reduce((a, l) => a + cents(l.tax), 0) + shippingTax;
    const grand = subtotalNet + shippingNet + taxTotal;
    const giftCents = random() < 0.2 ? Math.min(2500, grand) : 0;
    const createdAt = new Date(start + i * spacing).toISOString();
    orders.push({
      number: String(first + i),
      createdAt,
      updatedAt: createdAt,
      customer,
      email: customer?.email ?? `guest-${first + i}@example.net`,
      currency: "EUR",
      lines,
      shipping: {
        method: shippingNet === 0 ? "Free shipping" : "DHL Paket",
        net: money(shippingNet),
        taxRate: "19",
        tax: money(shippingTax),
        gross: money(shippingNet + shippingTax),
      },
      ...(coupon ? { coupon: { code: coupon.code, amount: money(couponCents) } } : {}),
      ...(giftCents > 0 ? { giftCard: { code: `GC-${first + i}`, amount: money(giftCents) } } : {}),
      subtotalNet: money(subtotalNet),
      taxTotal: money(taxTotal),
      discountTotal: money(couponCents),
      grandTotal: money(grand),
      cardPayment: money(grand - giftCents),
      transactionId: `pi_${(first + i).toString(36)}${Math.floor(random() * 1e9).toString(36)}`,
    });
  }
  return orders;
}
