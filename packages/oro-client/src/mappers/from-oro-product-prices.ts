import { type ItemPrice, ItemPriceSchema, type RecordRef, type SyncException } from "@org/core";
import type { components } from "../generated/index.js";
import type { Flattened } from "../jsonapi.js";
import {
  describe,
  optionalRecord,
  PayloadError,
  payloadExceptions,
  record,
  relatedId,
  requiredDecimal,
  text,
} from "./oro-mapper-helpers.js";

/** An Oro product price (`productprices`) as `flattenDocument` returns it; include `product` to carry the SKU. */
export type OroFlatProductPrice = Flattened<components["schemas"]["ProductPrice"]>;

export interface FromOroProductPricesConfig {
  /** Keep only prices in this ISO 4217 currency; prices in others are left out (not exceptions). Default: all. */
  currency?: string;
  /** SKU of an Oro product id, for prices whose `product` was not included. Default: none (included SKU only). */
  skuByProductId?: Readonly<Record<string, string>> | ReadonlyMap<string, string>;
  /** Whether the price list prices include tax. Default: `false` (Oro price lists are net by default). */
  includesTax?: boolean;
  /** System slug in records and exceptions. Default: `oro`. */
  system?: string;
}

/** What {@link fromOroProductPrices} returns: prices per SKU, and one exception per price it could not read. */
export interface OroProductPricesResult {
  /** Canonical prices per SKU, ordered by price list, currency, unit and minimum quantity. */
  pricesBySku: Map<string, ItemPrice[]>;
  exceptions: SyncException[];
}

/**
 * Oro product prices as canonical item prices per SKU, to audit storefront B2B prices against the ERP's (O13) and
 * to detect drift of price lists the ERP publishes (M2): the price list id, the product unit code and the tier's
 * minimum quantity (Oro's `quantity`) are kept; the value is parsed exactly. A price that cannot be read becomes an
 * `INVALID_PAYLOAD` exception naming the price and the field; the other prices are still returned.
 */
export function fromOroProductPrices(
  prices: readonly OroFlatProductPrice[],
  config: FromOroProductPricesConfig = {},
): OroProductPricesResult {
  const system = config.system ?? "oro";
  const pricesBySku = new Map<string, ItemPrice[]>();
  const exceptions: SyncException[] = [];
  const lookup = config.skuByProductId;
  const skuOf = (productId: string): string | undefined =>
    lookup instanceof Map
      ? lookup.get(productId)
      : lookup && Object.hasOwn(lookup, productId)
        ? (lookup as Readonly<Record<string, string>>)[productId]
        : undefined;
  const input: readonly unknown[] = Array.isArray(prices) ? prices : [];
  if (!Array.isArray(prices))
    exceptions.push(
      ...payloadExceptions(new PayloadError("prices", `expected a list, got ${describe(prices)}`), {
        system,
        label: "Product prices",
        records: [{ system, type: "productprice", id: "(all)" }],
      }),
    );
  input.forEach((value, index) => {
    const rawId = typeof value === "object" && value !== null ? text((value as { id?: unknown }).id) : undefined;
    const ref: RecordRef = { system, type: "productprice", id: rawId ?? `(index ${index})` };
    try {
      const price = record(value, "price");
      const currency = text(price.currency);
      if (config.currency !== undefined && currency !== config.currency) return;
      const product = optionalRecord(price.product, "product");
      const productId = relatedId(product, "product");
      const sku = text(product?.sku) ?? (productId === undefined ? undefined : skuOf(productId));
      if (sku === undefined)
        throw new PayloadError("product.sku", "is unknown (include=product or pass skuByProductId)");
      ref.number = sku.slice(0, 100);
      const unit = relatedId(price.unit, "unit");
      if (unit === undefined) throw new PayloadError("unit", "is missing");
      const parsed = ItemPriceSchema.safeParse({
        ...(relatedId(price.priceList, "priceList") ? { priceList: relatedId(price.priceList, "priceList") } : {}),
        currency: currency ?? "",
        unitPrice: requiredDecimal(price.value, "value"),
        unit,
        minimumQuantity: requiredDecimal(price.quantity, "quantity"),
        includesTax: config.includesTax ?? false,
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new PayloadError(issue?.path.join(".") || "price", issue?.message ?? "is invalid");
      }
      const list = pricesBySku.get(sku) ?? [];
      list.push(parsed.data);
      pricesBySku.set(sku, list);
    } catch (error) {
      exceptions.push(
        ...payloadExceptions(error, { system, label: `Product price ${ref.id.slice(0, 60)}`, records: [ref] }),
      );
    }
  });
  for (const list of pricesBySku.values()) list.sort(comparePrices);
  return { pricesBySku, exceptions };
}

function comparePrices(a: ItemPrice, b: ItemPrice): number {
  return (
    (a.priceList ?? "").localeCompare(b.priceList ?? "") ||
    a.currency.localeCompare(b.currency) ||
    (a.unit ?? "").localeCompare(b.unit ?? "") ||
    a.minimumQuantity.cmp(b.minimumQuantity)
  );
}
