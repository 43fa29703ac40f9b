import {
  Decimal,
  EntityValidationError,
  type Item,
  type ItemInput,
  parseItem,
  type StockLevel,
  StockLevelSchema,
  type SyncResult,
  type SyncWarning,
} from "@org/core";
import type { Item as SapB1Item, UnitOfMeasurement, UnitOfMeasurementGroup } from "../generated/index.js";
import {
  b1DateTime,
  keyOf,
  list,
  mapSafely,
  optionalDecimal,
  optionalInteger,
  optionalText,
  own,
  PayloadError,
  record,
  text,
  yesNo,
} from "./from-sapb1-read.js";

/** B1's `UoMGroupEntry` for items without a UoM group ("Manual"): units are the item's own text fields. */
export const SAPB1_MANUAL_UOM_GROUP = -1;

/** Decimals kept when a UoM group's factor does not divide evenly (e.g. 1 dozen in a group based on packs of 5). */
const FACTOR_SCALE = 6;

export interface FromSapB1ItemConfig {
  /** System slug in records and exceptions. Default: `sapb1`. */
  system?: string;
  /**
   * The UoM groups (`GET /UnitOfMeasurementGroups`); the item's `UoMGroupEntry` is looked up here. Needed for
   * items with a UoM group; manual items (`UoMGroupEntry` -1) use `InventoryUOM` / `SalesUnit` instead.
   * Default: none (an item with a group becomes an `INVALID_PAYLOAD` exception naming `UoMGroupEntry`).
   */
  uomGroups?: readonly UnitOfMeasurementGroup[];
  /** The units of measure (`GET /UnitsOfMeasurement`): `AbsEntry` → `Code`. Default: none (see `uomGroups`). */
  unitsOfMeasure?: readonly UnitOfMeasurement[];
  /**
   * B1 price list number → price list name in the canonical item (M2). When given, only these price lists are
   * published. Default: every price list that has a price, named by its number (`"1"`, `"2"`, …).
   */
  priceLists?: Readonly<Record<number, string>>;
  /** The price list whose price is the item's list price (canonical `priceList` absent). Default: none. */
  listPriceList?: number;
  /** Price lists whose prices include tax (B1 price list `IsGrossPrice`). Default: none (all net). */
  grossPriceLists?: readonly number[];
  /**
   * B1 currency code → ISO 4217 code. B1 currency codes are the company's own (`$` in the US demo company,
   * `EUR`, `Eur`…). Default: none (codes must already be ISO 4217).
   */
  currencies?: Readonly<Record<string, string>>;
  /**
   * Warehouses (`WarehouseCode`) whose stock is returned (I4). Default: every warehouse (then
   * `computeAvailability`'s targets decide which ones count).
   */
  warehouses?: readonly string[];
  /**
   * The day (`YYYY-MM-DD`) that `ValidFrom`/`ValidTo` and `FrozenFrom`/`FrozenTo` are checked against. Default: none
   * (the periods are ignored: `Valid` and `Frozen` alone decide).
   */
  asOf?: string;
  /** UTC offset of the B1 server's clock, for `UpdateDate`/`UpdateTime` (B1 stores local time). Default: `Z`. */
  serverUtcOffset?: string;
}

export interface SapB1ItemWithStock {
  item: Item;
  /** One row per warehouse in `ItemWarehouseInfoCollection`, in the inventory unit (I4). */
  stock: StockLevel[];
}

/**
 * A B1 item master record (`GET /Items('A00001')`) as a canonical item with its per-warehouse stock.
 * - SKU and ERP number are `ItemCode`; the base unit is the inventory unit, in which B1 keeps `InStock`.
 * - Units (O12): manual items take `InventoryUOM` and `SalesUnit` × `SalesItemsPerUnit`; items with a UoM group take
 *   the group's conversions (`AlternateQuantity` alt = `BaseQuantity` base) relative to the inventory unit.
 * - Tracking (O15): `ManageSerialNumbers` → `serial`, else `ManageBatchNumbers` → `lot`.
 * - Active (O1): `Valid` tYES, not `Frozen`, and a sales item (`SalesItem` tNO cannot be sold); periods with `asOf`.
 * - Prices (M2): `ItemPrices`, one per price list with a price and a currency.
 * - Stock (I4): `ItemWarehouseInfoCollection` → `WarehouseCode`, `InStock`, `Committed`.
 * The input is partial so that a `$select`ed read (`Selected<Item, …>`) fits; fields left out count as absent.
 * Never throws on bad data: it becomes `INVALID_PAYLOAD` exceptions naming the item and the field.
 */
export function fromSapB1Item(
  item: Partial<SapB1Item>,
  config: FromSapB1ItemConfig = {},
): SyncResult<SapB1ItemWithStock> {
  const system = config.system ?? "sapb1";
  const code = keyOf((item as { ItemCode?: unknown } | null)?.ItemCode);
  const ref = { system, type: "item", id: code };
  return mapSafely(ref, `Item ${code}`, (warnings) => {
    const raw = record(item, "item");
    const input = toItemInput(raw, config, warnings);
    const parsed = parseItem(input);
    return { item: parsed, stock: toStock(raw, parsed.sku, config) };
  });
}

function toItemInput(raw: Record<string, unknown>, config: FromSapB1ItemConfig, warnings: SyncWarning[]): ItemInput {
  const itemCode = optionalText(raw.ItemCode, "ItemCode");
  if (!itemCode) throw new PayloadError("ItemCode", "is required");
  const serial = yesNo(raw.ManageSerialNumbers, "ManageSerialNumbers") ?? false;
  const batch = yesNo(raw.ManageBatchNumbers, "ManageBatchNumbers") ?? false;
  if (serial && batch)
    warnings.push({
      code: "TRACKING_AMBIGUOUS",
      message: "both serial and batch management are on; treated as serial-tracked",
      field: "ManageSerialNumbers",
    });
  const { baseUnit, alternateUnits } = units(raw, config);
  const taxClass = optionalText(raw.SalesVATGroup, "SalesVATGroup") ?? optionalText(raw.ArTaxCode, "ArTaxCode");
  const updatedAt =
    raw.UpdateDate === undefined || raw.UpdateDate === null
      ? undefined
      : b1DateTime(raw.UpdateDate, raw.UpdateTime, config.serverUtcOffset ?? "Z", "UpdateDate");
  return {
    sku: itemCode,
    erpNumber: itemCode,
    description: optionalText(raw.ItemName, "ItemName") ?? "",
    baseUnit,
    alternateUnits,
    ...(taxClass ? { taxClass } : {}),
    tracking: serial ? "serial" : batch ? "lot" : "none",
    active: isActive(raw, config.asOf),
    prices: prices(raw, config),
    ...(updatedAt ? { updatedAt } : {}),
  };
}

/** Whether `day` (`YYYY-MM-DD`) lies in [from, to]; open ends are unbounded. B1 dates may carry `T00:00:00Z`. */
function within(day: string, from: unknown, to: unknown, field: string): boolean {
  const dateOf = (value: unknown, name: string): string | undefined => {
    if (value === undefined || value === null || value === "") return undefined;
    const match = typeof value === "string" ? /^\d{4}-\d{2}-\d{2}/.exec(value) : null;
    if (!match) throw new PayloadError(`${field}${name}`, "expected a date (YYYY-MM-DD)");
    return match[0];
  };
  const start = dateOf(from, "From");
  const end = dateOf(to, "To");
  return (start === undefined || start <= day) && (end === undefined || day <= end);
}

function isActive(raw: Record<string, unknown>, asOf: string | undefined): boolean {
  const valid = yesNo(raw.Valid, "Valid") ?? true;
  const frozen = yesNo(raw.Frozen, "Frozen") ?? false;
  const salesItem = yesNo(raw.SalesItem, "SalesItem") ?? true;
  if (!salesItem) return false;
  if (asOf === undefined) return valid && !frozen;
  // With a date, B1's semantics: "active from/to" limits a valid item, "inactive from/to" limits a frozen one.
  const validNow = valid && within(asOf, raw.ValidFrom, raw.ValidTo, "Valid");
  const frozenNow = frozen && within(asOf, raw.FrozenFrom, raw.FrozenTo, "Frozen");
  return validNow && !frozenNow;
}

function units(
  raw: Record<string, unknown>,
  config: FromSapB1ItemConfig,
): { baseUnit: string; alternateUnits: Array<{ code: string; factor: Decimal }> } {
  const groupEntry = optionalInteger(raw.UoMGroupEntry, "UoMGroupEntry");
  if (groupEntry === undefined || groupEntry === SAPB1_MANUAL_UOM_GROUP) {
    const baseUnit = optionalText(raw.InventoryUOM, "InventoryUOM") ?? "";
    const salesUnit = optionalText(raw.SalesUnit, "SalesUnit");
    const perUnit = optionalDecimal(raw.SalesItemsPerUnit, "SalesItemsPerUnit");
    // A sales unit with the same name or one item per unit is the base unit again, not an alternate.
    const alternate =
      salesUnit && salesUnit !== baseUnit && perUnit && !perUnit.eq(Decimal.ONE)
        ? [{ code: salesUnit, factor: perUnit }]
        : [];
    return { baseUnit, alternateUnits: alternate };
  }
  const group = config.uomGroups?.find((g) => (g as { AbsEntry?: unknown } | null)?.AbsEntry === groupEntry);
  if (!group) throw new PayloadError("UoMGroupEntry", `UoM group ${groupEntry} not among config.uomGroups`);
  const codeOf = (entry: number | undefined, field: string): string => {
    const unit = config.unitsOfMeasure?.find((u) => (u as { AbsEntry?: unknown } | null)?.AbsEntry === entry);
    const unitCode = text((unit as { Code?: unknown } | undefined)?.Code);
    if (entry === undefined || !unitCode)
      throw new PayloadError(field, "unit of measure not among config.unitsOfMeasure");
    return unitCode;
  };
  const groupBase = optionalInteger(record(group, "uomGroups").BaseUoM, "uomGroups.BaseUoM");
  // Base units in one of each unit of the group: "AlternateQuantity alternate = BaseQuantity base".
  const toGroupBase = new Map<number, Decimal>();
  if (groupBase !== undefined) toGroupBase.set(groupBase, Decimal.ONE);
  list(record(group, "uomGroups").UoMGroupDefinitionCollection, "uomGroups.UoMGroupDefinitionCollection").forEach(
    (d, i) => {
      const field = `uomGroups.UoMGroupDefinitionCollection.${i}`;
      const definition = record(d, field);
      if (yesNo(definition.Active, `${field}.Active`) === false) return;
      const alternate = optionalInteger(definition.AlternateUoM, `${field}.AlternateUoM`);
      const altQty = optionalDecimal(definition.AlternateQuantity, `${field}.AlternateQuantity`);
      const baseQty = optionalDecimal(definition.BaseQuantity, `${field}.BaseQuantity`);
      if (alternate === undefined || !altQty || !baseQty || !altQty.isPositive() || !baseQty.isPositive())
        throw new PayloadError(field, "expected an alternate unit with positive quantities");
      toGroupBase.set(alternate, baseQty.div(altQty, FACTOR_SCALE, "half-up").normalize());
    },
  );
  const inventoryEntry = optionalInteger(raw.InventoryUoMEntry, "InventoryUoMEntry") ?? groupBase;
  const inventoryFactor = inventoryEntry === undefined ? undefined : toGroupBase.get(inventoryEntry);
  if (inventoryEntry === undefined || !inventoryFactor)
    throw new PayloadError("InventoryUoMEntry", "inventory unit is not in the item's UoM group");
  const alternateUnits = [...toGroupBase.entries()]
    .filter(([entry]) => entry !== inventoryEntry)
    .map(([entry, factor]) => ({
      code: codeOf(entry, "uomGroups.UoMGroupDefinitionCollection"),
      // Canonical factors count inventory units, B1's count the group's base unit.
      factor: factor.div(inventoryFactor, FACTOR_SCALE, "half-up").normalize(),
    }));
  return { baseUnit: codeOf(inventoryEntry, "InventoryUoMEntry"), alternateUnits };
}

function prices(raw: Record<string, unknown>, config: FromSapB1ItemConfig) {
  const gross = new Set(config.grossPriceLists ?? []);
  return list(raw.ItemPrices, "ItemPrices").flatMap((p, i) => {
    const field = `ItemPrices.${i}`;
    const row = record(p, field);
    const priceList = optionalInteger(row.PriceList, `${field}.PriceList`);
    if (priceList === undefined) throw new PayloadError(`${field}.PriceList`, "is required");
    const name = config.priceLists ? own(config.priceLists, priceList) : String(priceList);
    if (name === undefined) return [];
    const price = optionalDecimal(row.Price, `${field}.Price`);
    const b1Currency = optionalText(row.Currency, `${field}.Currency`);
    // B1 lists every price list for every item; a list without a price has no currency (and price 0).
    if (!b1Currency && (!price || price.isZero())) return [];
    if (!b1Currency) throw new PayloadError(`${field}.Currency`, "a price needs a currency");
    return [
      {
        ...(priceList === config.listPriceList ? {} : { priceList: name }),
        currency: (config.currencies && own(config.currencies, b1Currency)) ?? b1Currency,
        unitPrice: price ?? Decimal.ZERO,
        includesTax: gross.has(priceList),
      },
    ];
  });
}

function toStock(raw: Record<string, unknown>, sku: string, config: FromSapB1ItemConfig): StockLevel[] {
  const only = config.warehouses ? new Set(config.warehouses) : undefined;
  return list(raw.ItemWarehouseInfoCollection, "ItemWarehouseInfoCollection").flatMap((w, i) => {
    const field = `ItemWarehouseInfoCollection.${i}`;
    const row = record(w, field);
    const warehouse = optionalText(row.WarehouseCode, `${field}.WarehouseCode`);
    if (!warehouse) throw new PayloadError(`${field}.WarehouseCode`, "is required");
    if (only && !only.has(warehouse)) return [];
    const parsed = StockLevelSchema.safeParse({
      sku,
      warehouse,
      onHand: optionalDecimal(row.InStock, `${field}.InStock`) ?? Decimal.ZERO,
      committed: optionalDecimal(row.Committed, `${field}.Committed`) ?? Decimal.ZERO,
    });
    if (!parsed.success)
      throw new EntityValidationError(
        "StockLevel",
        sku,
        parsed.error.issues.map((issue) => ({ field: `${field}.${issue.path.join(".")}`, message: issue.message })),
      );
    return [parsed.data];
  });
}
