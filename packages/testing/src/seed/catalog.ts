/**
 * One catalog that every fake is seeded from, so the demo pipelines line up across systems: the SKUs a storefront
 * sells exist as items in the ERP fakes, customers share e-mail addresses, and warehouses map to storefront
 * locations. Amounts are decimal strings (never floats); prices are net of tax, in EUR.
 */

export interface SeedProduct {
  sku: string;
  name: string;
  /** Net unit price, EUR, 2 decimals. */
  price: string;
  /** `standard` (19 %) or `reduced` (7 %): the storefront tax class, mapped to ERP tax codes by the pipelines. */
  taxClass: "standard" | "reduced";
  /** ERP base unit of measure code. */
  unit: string;
  /** Stock on hand per ERP warehouse code. */
  stock: Record<string, number>;
  /** GTIN, for the systems that keep one. */
  gtin: string;
}

export interface SeedCustomer {
  /** Stable key across systems: the ERP customer number / B1 card code is derived from it. */
  number: string;
  email: string;
  firstName: string;
  lastName: string;
  company?: string;
  street: string;
  city: string;
  postalCode: string;
  countryCode: string;
  phone: string;
}

export interface SeedWarehouse {
  /** ERP code (BC location / B1 warehouse). */
  code: string;
  name: string;
  /** Storefront location / source code it feeds. */
  storefrontLocation: string;
}

export const SEED_TAX_RATES = { standard: "19", reduced: "7" } as const;

export const SEED_WAREHOUSES: readonly SeedWarehouse[] = [
  { code: "MAIN", name: "Main warehouse Hamburg", storefrontLocation: "default" },
  { code: "EAST", name: "Warehouse Leipzig", storefrontLocation: "leipzig" },
];

export const SEED_PRODUCTS: readonly SeedProduct[] = [
  {
    sku: "MUG-BLUE",
    name: "Stoneware mug, blue",
    price: "12.90",
    taxClass: "standard",
    unit: "PCS",
    stock: { MAIN: 140, EAST: 35 },
    gtin: "4006381333931",
  },
  {
    sku: "MUG-RED",
    name: "Stoneware mug, red",
    price: "12.90",
    taxClass: "standard",
    unit: "PCS",
    stock: { MAIN: 88, EAST: 12 },
    gtin: "4006381333948",
  },
  {
    sku: "TEA-GREEN",
    name: "Sencha green tea 250 g",
    price: "8.49",
    taxClass: "reduced",
    unit: "PCS",
    stock: { MAIN: 260, EAST: 0 },
    gtin: "4006381333955",
  },
  {
    sku: "TEA-BLACK",
    name: "Assam black tea 250 g",
    price: "7.99",
    taxClass: "reduced",
    unit: "PCS",
    stock: { MAIN: 190, EAST: 40 },
    gtin: "4006381333962",
  },
  {
    sku: "KETTLE-STEEL",
    name: "Stainless steel kettle 1.7 l",
    price: "49.00",
    taxClass: "standard",
    unit: "PCS",
    stock: { MAIN: 24, EAST: 6 },
    gtin: "4006381333979",
  },
  {
    sku: "TEAPOT-CAST",
    name: "Cast iron teapot 0.8 l",
    price: "39.95",
    taxClass: "standard",
    unit: "PCS",
    stock: { MAIN: 17, EAST: 3 },
    gtin: "4006381333986",
  },
  {
    sku: "FILTER-PAPER",
    name: "Tea filters, pack of 100",
    price: "3.29",
    taxClass: "standard",
    unit: "PACK",
    stock: { MAIN: 500, EAST: 120 },
    gtin: "4006381333993",
  },
  {
    sku: "HONEY-ACACIA",
    name: "Acacia honey 500 g",
    price: "6.75",
    taxClass: "reduced",
    unit: "PCS",
    stock: { MAIN: 75, EAST: 20 },
    gtin: "4006381334006",
  },
  {
    sku: "CUP-SET-4",
    name: "Espresso cups, set of 4",
    price: "24.50",
    taxClass: "standard",
    unit: "SET",
    stock: { MAIN: 30, EAST: 0 },
    gtin: "4006381334013",
  },
  {
    sku: "SCALE-DIGI",
    name: "Digital kitchen scale",
    price: "29.99",
    taxClass: "standard",
    unit: "PCS",
    stock: { MAIN: 2, EAST: 1 },
    gtin: "4006381334020",
  },
  {
    sku: "TRAY-BAMBOO",
    name: "Bamboo serving tray",
    price: "18.40",
    taxClass: "standard",
    unit: "PCS",
    stock: { MAIN: 45, EAST: 10 },
    gtin: "4006381334037",
  },
  {
    sku: "COCOA-BIO",
    name: "Organic cocoa 250 g",
    price: "5.59",
    taxClass: "reduced",
    unit: "PCS",
    stock: { MAIN: 0, EAST: 0 },
    gtin: "4006381334044",
  },
];

export const SEED_CUSTOMERS: readonly SeedCustomer[] = [
  {
    number: "C10001",
    email: "anna.schmidt@example.com",
    firstName: "Anna",
    lastName: "Schmidt",
    street: "Hafenstraße 12",
    city: "Hamburg",
    postalCode: "20457",
    countryCode: "DE",
    phone: "+49 40 555 0101",
  },
  {
    number: "C10002",
    email: "jonas.weber@example.com",
    firstName: "Jonas",
    lastName: "Weber",
    street: "Karl-Liebknecht-Straße 5",
    city: "Leipzig",
    postalCode: "04107",
    countryCode: "DE",
    phone: "+49 341 555 0102",
  },
  {
    number: "C10003",
    email: "purchasing@cafe-lindner.example",
    firstName: "Marie",
    lastName: "Lindner",
    company: "Café Lindner GmbH",
    street: "Marktplatz 3",
    city: "Bremen",
    postalCode: "28195",
    countryCode: "DE",
    phone: "+49 421 555 0103",
  },
  {
    number: "C10004",
    email: "lukas.bauer@example.com",
    firstName: "Lukas",
    lastName: "Bauer",
    street: "Sendlinger Straße 40",
    city: "München",
    postalCode: "80331",
    countryCode: "DE",
    phone: "+49 89 555 0104",
  },
  {
    number: "C10005",
    email: "einkauf@hotel-seeblick.example",
    firstName: "Petra",
    lastName: "Hoffmann",
    company: "Hotel Seeblick KG",
    street: "Seestraße 1",
    city: "Konstanz",
    postalCode: "78462",
    countryCode: "DE",
    phone: "+49 7531 555 0105",
  },
];

/** A SKU that no ERP fake knows: seeded into one storefront order so the demo shows a quarantined record (O1). */
export const SEED_UNKNOWN_SKU = "MUG-GOLD-DISCONTINUED";

export function seedProduct(sku: string): SeedProduct | undefined {
  return SEED_PRODUCTS.find((p) => p.sku === sku);
}
