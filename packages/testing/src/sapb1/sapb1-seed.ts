/**
 * The B1 company the fake starts with, built from the shared seed catalog: items (ItemCode = SKU) with stock per
 * warehouse, the warehouses, customers (CardCode = the seed customer number, e.g. `C10001`) plus a guest customer for
 * web orders without an account, and the output VAT groups the demo maps tax classes to.
 */
import { SEED_CUSTOMERS, SEED_PRODUCTS, SEED_TAX_RATES, SEED_WAREHOUSES } from "../seed/catalog.js";
import type { B1Record } from "./sapb1-query.js";

/** Output VAT groups of the fake company: code → rate in percent (German VAT: 19 % standard, 7 % reduced). */
export const SAPB1_FAKE_VAT_GROUPS: Readonly<Record<string, string>> = {
  S19: SEED_TAX_RATES.standard,
  R7: SEED_TAX_RATES.reduced,
  X0: "0",
};

/** The VAT group each seed tax class maps to. */
export const SAPB1_FAKE_TAX_CLASS_VAT_GROUPS = { standard: "S19", reduced: "R7" } as const;

/** The business partner web orders without a customer account are booked to. */
export const SAPB1_FAKE_GUEST_CARD_CODE = "WEBGUEST";

/** Freight (additional expense) code for shipping lines. */
export const SAPB1_FAKE_FREIGHT_EXPENSE_CODE = 1;

/** `2026-11-01T06:00:00Z` → `{ date: "2026-11-01T00:00:00Z", time: "06:00:00" }` (B1 keeps date and time apart). */
export function b1Stamp(ms: number): { date: string; time: string } {
  const iso = new Date(ms).toISOString();
  return { date: `${iso.slice(0, 10)}T00:00:00Z`, time: iso.slice(11, 19) };
}

/** Committed quantity in MAIN the seed gives each item: open sales orders that already hold stock. */
function seedCommitted(stock: number): number {
  return Math.floor(stock / 20);
}

export function seedItems(at: number): B1Record[] {
  const stamp = b1Stamp(at);
  return SEED_PRODUCTS.map((product) => {
    const warehouses = SEED_WAREHOUSES.map((w) => {
      const inStock = product.stock[w.code] ?? 0;
      return {
        ItemCode: product.sku,
        WarehouseCode: w.code,
        InStock: inStock,
        Committed: w.code === "MAIN" ? seedCommitted(inStock) : 0,
        Ordered: inStock < 5 ? 10 : 0,
        MinimalStock: 0,
        Locked: "tNO",
      };
    });
    const sum = (field: "InStock" | "Committed" | "Ordered") => warehouses.reduce((total, w) => total + w[field], 0);
    return {
      ItemCode: product.sku,
      ItemName: product.name,
      ItemType: "itItems",
      ItemsGroupCode: 100,
      BarCode: product.gtin,
      InventoryItem: "tYES",
      SalesItem: "tYES",
      PurchaseItem: "tYES",
      Valid: "tYES",
      Frozen: "tNO",
      ManageSerialNumbers: "tNO",
      ManageBatchNumbers: "tNO",
      UoMGroupEntry: -1,
      InventoryUOM: product.unit,
      SalesUnit: product.unit,
      SalesItemsPerUnit: 1,
      SalesVATGroup: SAPB1_FAKE_TAX_CLASS_VAT_GROUPS[product.taxClass],
      DefaultWarehouse: "MAIN",
      QuantityOnStock: sum("InStock"),
      QuantityOrderedByCustomers: sum("Committed"),
      QuantityOrderedFromVendors: sum("Ordered"),
      ItemPrices: [{ PriceList: 1, PriceListName: "Webshop EUR", Price: Number(product.price), Currency: "EUR" }],
      ItemWarehouseInfoCollection: warehouses,
      CreateDate: stamp.date,
      CreateTime: stamp.time,
      UpdateDate: stamp.date,
      UpdateTime: stamp.time,
    };
  });
}

export function seedWarehouses(): B1Record[] {
  return SEED_WAREHOUSES.map((w) => ({
    WarehouseCode: w.code,
    WarehouseName: w.name,
    Inactive: "tNO",
    Nettable: "tYES",
    DropShip: "tNO",
  }));
}

export function seedBusinessPartners(at: number): B1Record[] {
  const stamp = b1Stamp(at);
  const customers = SEED_CUSTOMERS.map((c) => ({
    CardCode: c.number,
    CardName: c.company ?? `${c.firstName} ${c.lastName}`,
    CardType: "cCustomer",
    GroupCode: 100,
    EmailAddress: c.email,
    Phone1: c.phone,
    Currency: "EUR",
    Valid: "tYES",
    Frozen: "tNO",
    BPAddresses: [
      {
        AddressName: "Bill to",
        AddressType: "bo_BillTo",
        Street: c.street,
        City: c.city,
        ZipCode: c.postalCode,
        Country: c.countryCode,
        BPCode: c.number,
        RowNum: 0,
      },
    ],
    CreateDate: stamp.date,
    UpdateDate: stamp.date,
  }));
  return [
    ...customers,
    {
      CardCode: SAPB1_FAKE_GUEST_CARD_CODE,
      CardName: "Webshop guest customers",
      CardType: "cCustomer",
      GroupCode: 100,
      EmailAddress: null,
      Currency: "EUR",
      Valid: "tYES",
      Frozen: "tNO",
      BPAddresses: [],
      CreateDate: stamp.date,
      UpdateDate: stamp.date,
    },
  ];
}

export function seedVatGroups(rates: Readonly<Record<string, string>>): B1Record[] {
  return Object.entries(rates).map(([code, rate]) => ({
    Code: code,
    Name: `Output VAT ${rate} %`,
    Category: "bovcOutputTax",
    Inactive: "tNO",
    VatGroups_Lines: [{ Effectivefrom: "2020-01-01T00:00:00Z", Rate: Number(rate) }],
  }));
}
