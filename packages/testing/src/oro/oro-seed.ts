/**
 * The OroCommerce fake's seed: the shared catalog and `seedOrders()` rendered as Oro B2B data. Customers are
 * organizations (Oro `customers`), each with its buyers (`customerusers`); one company has a department (a child
 * customer whose parent carries the ERP account number, failure catalog O2). Products sell in Oro unit codes (`item`,
 * `set`, `pack`) the pipeline must map to ERP units (O12). One price list holds the net list prices; one order line
 * is priced below it (a manual price override the O13 audit must catch). Orders carry the order-level `tax`
 * subtotal only: Oro's back-office API exposes no per-line tax (O8).
 */
import { SEED_CUSTOMERS, SEED_PRODUCTS, SEED_UNKNOWN_SKU, type SeedCustomer } from "../seed/catalog.js";
import type { SeedOrder } from "../seed/orders.js";
import type { OroIdentifier, StoredResource } from "./oro-jsonapi.js";

/** ERP unit (seed catalog) → Oro product unit code. */
export const ORO_FAKE_UNIT_CODES: Readonly<Record<string, string>> = { PCS: "item", SET: "set", PACK: "pack" };

/** Creation time of the seeded master data. */
export const ORO_FAKE_MASTER_DATA_AT = "2026-10-01T08:00:00Z";

/** The id of the seeded price list (`Default Price List`, EUR, net prices). */
export const ORO_FAKE_PRICE_LIST_ID = "1";

/** Customer id of the department (child customer) of the hotel, whose parent carries the ERP account number. */
export const ORO_FAKE_DEPARTMENT_CUSTOMER_ID = "6";

/** Quirks of the seeded orders, each on by default. */
export interface OroSeedQuirks {
  /**
   * Index (0-based, in `seedOrders()` order) of the order whose first line is priced below the price list, and by
   * how many percent (O13). Default: `{ orderIndex: 5, percent: 15 }`; `false` for none.
   */
  priceOverride?: { orderIndex: number; percent: number } | false;
  /** Index of an order in Oro status `cancelled` (O4, never posted). Default: `9`; `false` for none. */
  cancelledOrderIndex?: number | false;
}

const ident = (type: string, id: string): OroIdentifier => ({ type, id });

/** Exact integer cents of a 2-decimal string (no float). */
export function toCents(amount: string): number {
  const negative = amount.startsWith("-");
  const [int = "0", frac = ""] = (negative ? amount.slice(1) : amount).split(".");
  const cents = Number(int) * 100 + Number(frac.padEnd(2, "0").slice(0, 2));
  return negative ? -cents : cents;
}

/** Oro's 4-decimal money string of integer cents (`"12.9000"`). */
export function oroMoney(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}00`;
}

function taxOf(netCents: number, ratePercent: string): number {
  // Half-up on integer arithmetic, as seedOrders does.
  const scaled = netCents * Number(ratePercent);
  return Math.sign(scaled) * Math.floor((Math.abs(scaled) + 50) / 100);
}

interface SeedCustomerRow {
  customerId: string;
  userId: string;
  seed: SeedCustomer;
}

export interface OroSeed {
  resources: StoredResource[];
}

/** Builds every seeded resource. Ids are numeric strings, as Oro's are. */
export function buildOroSeed(orders: readonly SeedOrder[], quirks: OroSeedQuirks = {}): OroSeed {
  const resources: StoredResource[] = [];
  const at = ORO_FAKE_MASTER_DATA_AT;
  const push = (resource: StoredResource) => {
    resources.push(resource);
    return resource;
  };

  // Units, price list.
  for (const [code, precision, label] of [
    ["item", 0, "item"],
    ["set", 0, "set"],
    ["pack", 0, "pack"],
    ["each", 0, "each"],
    ["kg", 3, "kilogram"],
  ] as const) {
    push({
      type: "productunits",
      id: code,
      attributes: {
        defaultPrecision: precision,
        label,
        shortLabel: code,
        pluralLabel: `${label}s`,
        shortPluralLabel: `${code}s`,
      },
      relationships: {},
    });
  }
  push({
    type: "pricelists",
    id: ORO_FAKE_PRICE_LIST_ID,
    attributes: {
      name: "Default Price List",
      active: true,
      actual: true,
      containSchedule: false,
      productAssignmentRule: null,
      priceListCurrencies: ["EUR"],
      createdAt: at,
      updatedAt: at,
    },
    relationships: { organization: ident("organizations", "1") },
  });

  // Products (the seed catalog plus the discontinued SKU, which Oro still has but no ERP knows: O1).
  const catalog = [
    ...SEED_PRODUCTS.map((p) => ({
      sku: p.sku,
      price: p.price,
      unit: ORO_FAKE_UNIT_CODES[p.unit] ?? "item",
      stock: p.stock,
      enabled: true,
    })),
    {
      sku: SEED_UNKNOWN_SKU,
      price: "29.90",
      unit: "item",
      stock: { MAIN: 0 } as Record<string, number>,
      enabled: false,
    },
  ];
  catalog.forEach((product, index) => {
    const id = String(index + 1);
    push({
      type: "products",
      id,
      attributes: {
        sku: product.sku,
        status: product.enabled ? "enabled" : "disabled",
        productType: "simple",
        variantFields: [],
        featured: false,
        newArrival: false,
        createdAt: at,
        updatedAt: at,
      },
      relationships: {
        organization: ident("organizations", "1"),
        unitPrecisions: [ident("productunitprecisions", id)],
        primaryUnitPrecision: ident("productunitprecisions", id),
      },
    });
    push({
      type: "productunitprecisions",
      id,
      attributes: { precision: 0, conversionRate: 1, sell: true },
      relationships: { product: ident("products", id), unit: ident("productunits", product.unit) },
    });
    push({
      type: "productprices",
      // Oro's product price ids are "<price uuid>-<price list id>".
      id: `00000000-0000-4000-8000-${id.padStart(12, "0")}-${ORO_FAKE_PRICE_LIST_ID}`,
      attributes: { quantity: 1, value: oroMoney(toCents(product.price)), currency: "EUR" },
      relationships: {
        priceList: ident("pricelists", ORO_FAKE_PRICE_LIST_ID),
        product: ident("products", id),
        unit: ident("productunits", product.unit),
      },
    });
    const quantity = Object.values(product.stock).reduce((a, b) => a + b, 0);
    push({
      type: "inventorylevels",
      id,
      attributes: { quantity: String(quantity), externalId: null },
      relationships: {
        product: ident("products", id),
        productUnitPrecision: ident("productunitprecisions", id),
        organization: ident("organizations", "1"),
      },
    });
  });
  const productIdBySku = new Map(catalog.map((p, i) => [p.sku, String(i + 1)]));
  const unitBySku = new Map(catalog.map((p) => [p.sku, p.unit]));

  // Customers: one Oro customer per seed customer (individuals get a customer of their own, as Oro creates one at
  // registration), plus a department of the hotel (child customer without an account number of its own).
  const rows: SeedCustomerRow[] = SEED_CUSTOMERS.map((seed, index) => ({
    customerId: String(index + 1),
    userId: String(index + 1),
    seed,
  }));
  for (const row of rows) {
    push({
      type: "customers",
      id: row.customerId,
      attributes: {
        name: row.seed.company ?? `${row.seed.firstName} ${row.seed.lastName}`,
        externalId: row.seed.number,
        createdAt: at,
        updatedAt: at,
      },
      relationships: {
        parent: null,
        children: [],
        group: ident("customergroups", row.seed.company ? "2" : "1"),
        users: [ident("customerusers", row.userId)],
        organization: ident("organizations", "1"),
      },
    });
    push(customerUser(row.userId, row.customerId, row.seed, false, at));
  }
  const hotel = rows.find((r) => r.seed.company?.startsWith("Hotel"));
  const departmentUserId = String(rows.length + 1);
  if (hotel) {
    const parent = resources.find((r) => r.type === "customers" && r.id === hotel.customerId) as StoredResource;
    parent.relationships.children = [ident("customers", ORO_FAKE_DEPARTMENT_CUSTOMER_ID)];
    push({
      type: "customers",
      id: ORO_FAKE_DEPARTMENT_CUSTOMER_ID,
      attributes: { name: `${hotel.seed.company} – Restaurant`, externalId: null, createdAt: at, updatedAt: at },
      relationships: {
        parent: ident("customers", hotel.customerId),
        children: [],
        group: ident("customergroups", "2"),
        users: [ident("customerusers", departmentUserId)],
        organization: ident("organizations", "1"),
      },
    });
    push(
      customerUser(
        departmentUserId,
        ORO_FAKE_DEPARTMENT_CUSTOMER_ID,
        { ...hotel.seed, email: "restaurant@hotel-seeblick.example", firstName: "Tobias", lastName: "Krüger" },
        false,
        at,
      ),
    );
  }

  // Orders.
  const priceOverride = quirks.priceOverride === undefined ? { orderIndex: 5, percent: 15 } : quirks.priceOverride;
  const cancelledIndex = quirks.cancelledOrderIndex === undefined ? 9 : quirks.cancelledOrderIndex;
  let lineId = 0;
  let addressId = 0;
  let guestUserId = 100;
  let hotelOrders = 0;
  orders.forEach((order, index) => {
    const orderId = String(index + 1);
    const row = order.customer ? rows.find((r) => r.seed.number === order.customer?.number) : undefined;
    let customerId = row?.customerId ?? null;
    let userId = row?.userId ?? null;
    if (row && hotel && row === hotel) {
      // Every other hotel order comes from the restaurant department (first one included).
      if (hotelOrders % 2 === 0) {
        customerId = ORO_FAKE_DEPARTMENT_CUSTOMER_ID;
        userId = departmentUserId;
      }
      hotelOrders += 1;
    }
    if (!order.customer) {
      guestUserId += 1;
      userId = String(guestUserId);
      push(
        customerUser(
          userId,
          null,
          { number: "", email: order.email, firstName: "Guest", lastName: `Buyer ${order.number}` },
          true,
          order.createdAt,
        ),
      );
    }
    const addressSeed = order.customer ?? {
      firstName: "Guest",
      lastName: `Buyer ${order.number}`,
      street: "Bahnhofstraße 1",
      city: "Hannover",
      postalCode: "30159",
      countryCode: "DE",
      phone: "+49 511 555 0199",
    };
    const addresses = ["billing", "shipping"].map(() => {
      addressId += 1;
      return push({
        type: "orderaddresses",
        id: String(addressId),
        attributes: {
          label: null,
          organization: order.customer?.company ?? null,
          namePrefix: null,
          firstName: addressSeed.firstName,
          middleName: null,
          lastName: addressSeed.lastName,
          nameSuffix: null,
          street: addressSeed.street,
          street2: null,
          city: addressSeed.city,
          postalCode: addressSeed.postalCode,
          phone: addressSeed.phone,
          customRegion: null,
          createdAt: order.createdAt,
          updatedAt: order.createdAt,
        },
        relationships: { country: ident("countries", addressSeed.countryCode), region: null },
      });
    });

    // Lines: unit price before discount; the coupon share stays where seedOrders put it.
    let subtotal = 0;
    let discounted = 0;
    let tax = 0;
    const lineIds: OroIdentifier[] = [];
    order.lines.forEach((line, lineIndex) => {
      lineId += 1;
      let unitCents = toCents(line.unitPrice);
      if (priceOverride && priceOverride.orderIndex === index && lineIndex === 0) {
        unitCents = Math.round((unitCents * (100 - priceOverride.percent)) / 100);
      }
      const gross = unitCents * line.quantity;
      const net = gross - toCents(line.discount);
      subtotal += gross;
      discounted += net;
      tax += taxOf(net, line.taxRate);
      const productId = productIdBySku.get(line.sku);
      const unit = unitBySku.get(line.sku) ?? "item";
      lineIds.push(ident("orderlineitems", String(lineId)));
      push({
        type: "orderlineitems",
        id: String(lineId),
        attributes: {
          productSku: line.sku,
          productName: line.name,
          productVariantFields: [],
          freeFormProduct: null,
          quantity: line.quantity,
          productUnitCode: unit,
          value: oroMoney(unitCents),
          currency: order.currency,
          priceType: 10,
          shipBy: null,
          fromExternalSource: false,
          comment: null,
          shippingMethod: null,
          shippingMethodType: null,
          shippingEstimateAmount: null,
          checksum: null,
          createdAt: order.createdAt,
          updatedAt: order.updatedAt,
        },
        relationships: {
          orders: [ident("orders", orderId)],
          product: productId ? ident("products", productId) : null,
          parentProduct: null,
          productUnit: ident("productunits", unit),
          kitItemLineItems: [],
        },
      });
    });
    const shipping = toCents(order.shipping.net);
    tax += taxOf(shipping, order.shipping.taxRate);
    const discount = subtotal - discounted;
    const total = discounted + shipping + tax;

    // Oro's order subtotals: line subtotal (with the price list), discount, shipping, tax (one amount, no lines).
    const subtotalRows: Array<[string, string, number, boolean]> = [
      ["subtotal", "Subtotal", subtotal, true],
      ...(discount !== 0
        ? ([["discount", order.coupon?.code ?? "Discount", discount, false]] as Array<
            [string, string, number, boolean]
          >)
        : []),
      ["shipping_cost", "Shipping", shipping, true],
      ["tax", "Tax", tax, true],
    ];
    const subtotalIds = subtotalRows.map(([kind, label, cents, add], i) => {
      const id = `${orderId}-${kind}-${i}`;
      push({
        type: "ordersubtotals",
        id,
        attributes: {
          orderSubtotalType: kind,
          label,
          amount: oroMoney(cents),
          signedAmount: oroMoney(add ? cents : -cents),
          currency: order.currency,
          visible: true,
          data: null,
        },
        relationships: {
          order: ident("orders", orderId),
          priceList: kind === "subtotal" ? ident("pricelists", ORO_FAKE_PRICE_LIST_ID) : null,
        },
      });
      return ident("ordersubtotals", id);
    });
    const company = customerId !== null && (order.customer?.company ?? undefined) !== undefined;
    push({
      type: "orders",
      id: orderId,
      attributes: {
        identifier: order.number,
        poNumber: company ? `PO-${order.number.slice(-4)}` : null,
        customerNotes: null,
        shipUntil: null,
        currency: order.currency,
        subtotalValue: oroMoney(subtotal),
        subtotalWithDiscountsValue: oroMoney(discounted),
        totalValue: oroMoney(total),
        totalDiscountsAmount: discount !== 0 ? oroMoney(discount) : null,
        shippingMethod: order.shipping.method,
        shippingMethodType: "primary",
        estimatedShippingCostAmount: oroMoney(shipping),
        overriddenShippingCostAmount: null,
        sourceEntityIdentifier: null,
        external: false,
        externalId: null,
        createdAt: order.createdAt,
        updatedAt: order.updatedAt,
      },
      relationships: {
        billingAddress: ident("orderaddresses", (addresses[0] as StoredResource).id),
        shippingAddress: ident("orderaddresses", (addresses[1] as StoredResource).id),
        lineItems: lineIds,
        discounts: [],
        shippingTrackings: [],
        paymentTerm: null,
        internalStatus: ident("orderinternalstatuses", cancelledIndex === index ? "cancelled" : "open"),
        status: null,
        shippingStatus: ident("ordershippingstatuses", "not_shipped"),
        source: null,
        owner: ident("users", "1"),
        organization: ident("organizations", "1"),
        customerUser: userId === null ? null : ident("customerusers", userId),
        customer: customerId === null ? null : ident("customers", customerId),
        orderSubtotals: subtotalIds,
        documents: [],
        parent: null,
        subOrders: [],
      },
    });
  });
  return { resources };
}

function customerUser(
  id: string,
  customerId: string | null,
  seed: Pick<SeedCustomer, "email" | "firstName" | "lastName" | "number">,
  isGuest: boolean,
  at: string,
): StoredResource {
  return {
    type: "customerusers",
    id,
    attributes: {
      confirmed: !isGuest,
      email: seed.email,
      namePrefix: null,
      firstName: seed.firstName,
      middleName: null,
      lastName: seed.lastName,
      nameSuffix: null,
      birthday: null,
      enabled: !isGuest,
      isGuest,
      externalId: isGuest || seed.number === "" ? null : seed.number,
      loginCount: 0,
      lastLogin: null,
      createdAt: at,
      updatedAt: at,
    },
    relationships: {
      customer: customerId === null ? null : ident("customers", customerId),
      userRoles: [],
      owner: ident("users", "1"),
      organization: ident("organizations", "1"),
    },
  };
}
