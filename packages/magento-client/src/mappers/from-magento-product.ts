import {
  createSyncException,
  Decimal,
  EntityValidationError,
  failed,
  type Item,
  type ItemInput,
  type ItemPrice,
  ok,
  parseItem,
  type RecordRef,
  type SyncException,
  type SyncResult,
  skipped,
  withoutValue,
} from "@org/core";
import type { components } from "../generated/index.js";
import { amount, isoDate, list, optionalRecord, PayloadError, payloadProblem, record, text } from "./magento-read.js";

/** `GET /V1/products/{sku}` (and each item of `GET /V1/products`): `catalog-data-product-interface`. */
export type MagentoProduct = components["schemas"]["catalog-data-product-interface"];

/** `Magento\Catalog\Model\Product\Attribute\Source\Status`: enabled 1, disabled 2. */
export const MAGENTO_PRODUCT_STATUS = { enabled: 1, disabled: 2 } as const;

/** The customer group id of tier prices for all groups (`GroupManagement::CUST_GROUP_ALL`). */
export const MAGENTO_ALL_CUSTOMER_GROUPS = 32000;

/** Product types that sell other products and hold no stock of their own. */
export const MAGENTO_PARENT_PRODUCT_TYPES: readonly string[] = ["configurable", "grouped", "bundle"];

export interface FromMagentoProductConfig {
  /**
   * ISO 4217 code of the prices: the base currency of the price scope (global, or the website's). A product does not
   * say which currency its prices are in. Required.
   */
  currency: string;
  /** System slug in records and exceptions. Default: `magento`. */
  system?: string;
  /** Custom attribute holding the ERP item number (e.g. `erp_item_no`). Default: none (the SKU is the number). */
  erpNumberAttribute?: string;
  /** Unit the ERP keeps the item in; Magento has no unit of measure. Default: `each`. */
  baseUnit?: string;
  /** Catalog prices include tax (`tax/calculation/price_includes_tax`). Default: `false`. */
  pricesIncludeTax?: boolean;
  /** Customer group id → price list of its tier prices (O13). Default: `customer-group-{id}`; all groups: list price. */
  priceLists?: Readonly<Record<number, string>>;
  /** Types skipped as parents of other products. Default: {@link MAGENTO_PARENT_PRODUCT_TYPES}. */
  parentTypes?: readonly string[];
}

/**
 * A Magento product (`GET /V1/products/{sku}`) as a canonical item, to reconcile the storefront catalog with the ERP
 * item master. The ERP is the master (M1): nothing here is meant to be written to the ERP.
 *
 * - SKU; ERP number from `config.erpNumberAttribute` (a custom attribute) or the SKU; name as description.
 * - Active (O1): `status` 1 (enabled); 2 is disabled.
 * - Prices (M2): `price` as the list price; tier prices per customer group and minimum quantity, percentage tiers
 *   as that share off the price. The tax class is the `tax_class_id` custom attribute (Magento's id).
 * - Configurable, grouped and bundle products sell other products: `skipped`, not items.
 *
 * Never throws on bad data: `INVALID_PAYLOAD` exceptions name the SKU and the field.
 */
export function fromMagentoProduct(product: MagentoProduct, config: FromMagentoProductConfig): SyncResult<Item> {
  const system = config.system ?? "magento";
  const raw: unknown = product;
  const fields = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const sku = text(fields.sku) ?? "(unknown)";
  const ref: RecordRef = { system, type: "product", id: text(fields.id) ?? sku, number: sku };
  const invalid = (message: string, field: string): SyncException =>
    createSyncException("INVALID_PAYLOAD", {
      message: `Product ${sku}: ${message}`,
      sourceSystem: system,
      records: [ref],
      field,
    });
  try {
    const input = toItemInput(raw, config);
    if (typeof input === "string") return skipped(input);
    return ok(parseItem(input));
  } catch (error) {
    if (error instanceof EntityValidationError)
      return failed(error.issues.map((issue) => invalid(withoutValue(issue.message), issue.field)));
    const problem = payloadProblem(error);
    if (problem) return failed([invalid(problem.message, problem.field)]);
    throw error; // a bug in this mapper, not bad data
  }
}

/** The item, or the reason it is skipped. */
function toItemInput(raw: unknown, config: FromMagentoProductConfig): ItemInput | string {
  const product = record(raw, "product");
  const type = text(product.type_id);
  if (type && (config.parentTypes ?? MAGENTO_PARENT_PRODUCT_TYPES).includes(type))
    return `${type} product: it sells other products and holds no stock of its own`;
  const attributes = new Map<string, unknown>();
  list(product.custom_attributes, "custom_attributes").forEach((entry, index) => {
    const attribute = record(entry, `custom_attributes.${index}`);
    const code = text(attribute.attribute_code);
    if (code) attributes.set(code, attribute.value);
  });
  const sku = text(product.sku) ?? "";
  const erpNumber = config.erpNumberAttribute ? text(attributes.get(config.erpNumberAttribute)) : sku;
  if (!erpNumber) throw new PayloadError(`custom_attributes.${config.erpNumberAttribute}`, "has no ERP item number");
  const status = product.status;
  if (status !== MAGENTO_PRODUCT_STATUS.enabled && status !== MAGENTO_PRODUCT_STATUS.disabled)
    throw new PayloadError("status", "expected 1 (enabled) or 2 (disabled)");

  const { currency } = config;
  const includesTax = config.pricesIncludeTax ?? false;
  const priceValue = product.price;
  const price = priceValue === undefined || priceValue === null ? undefined : amount(priceValue, "price");
  const prices: ItemPrice[] = price ? [{ currency, unitPrice: price, minimumQuantity: Decimal.ZERO, includesTax }] : [];
  list(product.tier_prices, "tier_prices").forEach((entry, index) => {
    const field = `tier_prices.${index}`;
    const tier = record(entry, field);
    const group = tier.customer_group_id;
    if (typeof group !== "number") throw new PayloadError(`${field}.customer_group_id`, "expected a group id");
    const extension = optionalRecord(tier.extension_attributes, `${field}.extension_attributes`);
    const percentage = extension?.percentage_value;
    let unitPrice = amount(tier.value, `${field}.value`);
    if (percentage !== undefined && percentage !== null) {
      if (!price) throw new PayloadError("price", "a percentage tier price needs the product's price");
      const off = amount(percentage, `${field}.extension_attributes.percentage_value`);
      unitPrice = price.sub(price.mul(off).div(100, price.scale + off.scale + 2, "half-even")).normalize();
    }
    const priceList =
      group === MAGENTO_ALL_CUSTOMER_GROUPS
        ? undefined
        : config.priceLists && Object.hasOwn(config.priceLists, group)
          ? config.priceLists[group]
          : `customer-group-${group}`;
    prices.push({
      ...(priceList ? { priceList } : {}),
      currency,
      unitPrice,
      minimumQuantity: amount(tier.qty, `${field}.qty`),
      includesTax,
    });
  });
  const taxClass = text(attributes.get("tax_class_id"));
  return {
    sku,
    erpNumber,
    description: text(product.name) ?? "",
    baseUnit: config.baseUnit ?? "each",
    ...(taxClass ? { taxClass } : {}),
    tracking: "none",
    active: status === MAGENTO_PRODUCT_STATUS.enabled,
    prices,
    ...(product.updated_at === undefined || product.updated_at === null
      ? {}
      : { updatedAt: isoDate(product.updated_at, "updated_at") }),
  };
}
