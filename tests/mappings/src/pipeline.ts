/**
 * Storefront → canonical → ERP, as a pipeline runs it: a vendor mapper, `@org/core`'s posting plan, then both ERP
 * mappers; plus the ERP request schemas the bodies are validated against (contract), and the ERP document total
 * recomputed from the bodies alone.
 */
import { toBcSalesOrder } from "@org/bc-client";
import bcSchemas from "@org/bc-client/request-schemas.json" with { type: "json" };
import {
  type BigCommerceOrderBundle,
  type FromBigCommerceOrderConfig,
  fromBigCommerceOrder,
} from "@org/bigcommerce-client";
import {
  Decimal,
  type Item,
  minorUnits,
  type Order,
  type PostingConfig,
  parseItem,
  prepareSalesOrder,
  type SalesOrderLookups,
  type SalesOrderPlan,
  type SyncException,
  type SyncResult,
} from "@org/core";
import { fromMagentoOrder, type MagentoOrder } from "@org/magento-client";
import { type FromOroOrderConfig, flattenDocument, fromOroOrder, type OroFlatOrder } from "@org/oro-client";
import { toSapB1Order } from "@org/sapb1-client";
import sapB1Schemas from "@org/sapb1-client/request-schemas.json" with { type: "json" };
import { Ajv2020 } from "ajv/dist/2020.js";
import { TAX_RATES } from "./neutral-order.js";

export type Storefront = "bigcommerce" | "magento" | "oro";

/** One rule per rate (and class-less zones): the mapping finance would configure for these stores (O8). */
export const postingConfig: PostingConfig = {
  targetSystem: "erp",
  accounts: { shipping: "6100", giftCardLiability: "2450", refundAdjustments: "6120" },
  taxMappings: TAX_RATES.map((rate) => ({ ratePercent: rate, erpTaxCode: `T${rate}` })),
  taxExemptCode: "T0",
  guestCustomer: { kind: "post_to_customer", customerNumber: "WEB-GUEST" },
};

const itemCache = new Map<string, Item>();
export const lookups: SalesOrderLookups = {
  itemBySku(sku) {
    let item = itemCache.get(sku);
    if (!item) {
      item = parseItem({ sku, erpNumber: `ERP-${sku}`.slice(0, 20), description: sku, baseUnit: "PCS", active: true });
      itemCache.set(sku, item);
    }
    return item;
  },
};

/** Maps one storefront payload (as parsed JSON) to a canonical order. */
export function toCanonical(
  storefront: Storefront,
  payload: unknown,
  config: { oro?: FromOroOrderConfig; bigcommerce?: FromBigCommerceOrderConfig } = {},
): SyncResult<Order> {
  const oro = config.oro ?? {};
  switch (storefront) {
    case "bigcommerce":
      return fromBigCommerceOrder(payload as BigCommerceOrderBundle, config.bigcommerce);
    case "magento":
      return fromMagentoOrder(payload as MagentoOrder);
    case "oro":
      return fromOroOrder(flattenDocument(payload as never) as unknown as OroFlatOrder, {
        parentAccountNumberField: "erpAccountNumber",
        ...oro,
      });
  }
}

export interface ErpDocuments {
  order: Order;
  plan: SalesOrderPlan;
  bc: ReturnType<typeof toBcSalesOrder>;
  sapb1: ReturnType<typeof toSapB1Order>;
}

/** Storefront payload → canonical → plan → BC and B1 bodies; the first stage that fails ends it. */
export function runPipeline(
  storefront: Storefront,
  payload: unknown,
  options: {
    oro?: FromOroOrderConfig;
    bigcommerce?: FromBigCommerceOrderConfig;
    posting?: Partial<PostingConfig>;
  } = {},
):
  | { kind: "ok"; documents: ErpDocuments }
  | { kind: "skipped"; reason: string }
  | { kind: "failed"; stage: "map" | "plan" | "erp"; exceptions: SyncException[] } {
  const mapped = toCanonical(storefront, payload, options);
  if (mapped.kind !== "ok")
    return { kind: "failed", stage: "map", exceptions: mapped.kind === "failed" ? mapped.exceptions : [] };
  const planned = prepareSalesOrder(mapped.value, { ...postingConfig, ...options.posting }, lookups);
  if (planned.kind === "skipped") return { kind: "skipped", reason: planned.reason };
  if (planned.kind === "failed") return { kind: "failed", stage: "plan", exceptions: planned.exceptions };
  const plan = planned.value;
  const bc = toBcSalesOrder(plan, {
    customerNumber: "C10000",
    localCurrency: "USD",
    pricesIncludeTax: plan.taxMode === "inclusive",
  });
  const sapb1 = toSapB1Order(plan, { cardCode: "C10000", freightExpenseCode: 1, giftCardItemCode: "GIFTCARD" });
  return { kind: "ok", documents: { order: mapped.value, plan, bc, sapb1 } };
}

const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true, strict: false, logger: false });
ajv.addSchema(bcSchemas);
ajv.addSchema(sapB1Schemas);
/** Contract: the errors of `body` against an ERP's generated request schema (`[]` when valid). */
export function contractErrors(erp: "bc" | "sapb1", definition: string, body: unknown): string[] {
  const id = erp === "bc" ? bcSchemas.$id : sapB1Schemas.$id;
  const validate = ajv.getSchema(`${id}#/$defs/${definition}`);
  if (!validate) throw new Error(`no schema ${definition}`);
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`);
}

/** Decimal strings only: no exponent, no float artefacts such as `0.30000000000000004`. */
const DECIMAL_STRING = /^-?\d+(\.\d+)?$/;

/**
 * The BC sales order total from the body alone: Σ round(quantity × unit price) − line discount, with BC's own
 * rounding to the currency; BC computes tax itself from the tax codes, so the plan's tax (passed through from the
 * storefront) is added. Also checks that every amount is a decimal string and discounts have the currency's scale.
 */
export function bcDocumentTotal(documents: ErpDocuments): { total: Decimal; problems: string[] } {
  const { plan, bc } = documents;
  const problems: string[] = [];
  if (bc.kind !== "ok") return { total: Decimal.ZERO, problems: ["BC mapping failed"] };
  const scale = minorUnits(plan.currency);
  let net = Decimal.ZERO;
  for (const [i, line] of (bc.value.salesOrderLines ?? []).entries()) {
    for (const [field, value] of Object.entries({
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      discountAmount: line.discountAmount,
    })) {
      if (typeof value !== "string" || !DECIMAL_STRING.test(value)) problems.push(`lines.${i}.${field} = ${value}`);
    }
    const discount = Decimal.from(String(line.discountAmount ?? "0"));
    if (discount.significantScale > scale) problems.push(`lines.${i}.discountAmount ${discount} finer than ${scale}`);
    const amount = Decimal.from(String(line.quantity)).mul(String(line.unitPrice)).round(scale, "half-up");
    net = net.add(amount.sub(discount));
  }
  return { total: net.add(Decimal.sum(plan.lines.map((l) => l.taxAmount))), problems };
}

/**
 * The B1 order total from the body alone: Σ `LineTotal` (net) + Σ freight `LineTotal` + the plan's tax. B1 types
 * amounts as `Edm.Double`, so they are JSON numbers: each must read back to an exact decimal at the currency's
 * scale (`toSapB1Number` refuses anything that would not).
 */
export function sapB1DocumentTotal(documents: ErpDocuments): { total: Decimal; problems: string[] } {
  const { plan, sapb1 } = documents;
  const problems: string[] = [];
  if (sapb1.kind !== "ok") return { total: Decimal.ZERO, problems: ["B1 mapping failed"] };
  const scale = minorUnits(plan.currency);
  const exact = (value: unknown, field: string): Decimal => {
    if (typeof value !== "number") {
      problems.push(`${field} is not a number`);
      return Decimal.ZERO;
    }
    const parsed = Decimal.from(value);
    if (parsed.significantScale > scale) problems.push(`${field} ${parsed} finer than ${scale} decimals`);
    return parsed;
  };
  const lines = (sapb1.value.DocumentLines ?? []).map((l, i) => exact(l.LineTotal, `DocumentLines.${i}.LineTotal`));
  const freight = (sapb1.value.DocumentAdditionalExpenses ?? []).map((e, i) =>
    exact(e.LineTotal, `DocumentAdditionalExpenses.${i}.LineTotal`),
  );
  return {
    total: Decimal.sum([...lines, ...freight]).add(Decimal.sum(plan.lines.map((l) => l.taxAmount))),
    problems,
  };
}
