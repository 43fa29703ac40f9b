/**
 * The Oro back-office resources described by `openapi/oro-admin-api.openapi.yaml`, with the filter and sort field
 * names each list endpoint accepts (Oro answers an unknown filter with 400). A test keeps this table and the
 * document in step. Installations can enable more filters; use {@link buildOroQuery} with your own names then.
 */
export const ORO_RESOURCES = {
  orders: {
    filters: ["id", "identifier", "poNumber", "external", "externalId", "updatedAt", "customer", "customerUser"],
    sorts: ["id", "external", "updatedAt"],
  },
  orderlineitems: {
    filters: ["id", "createdAt", "updatedAt", "customer", "customerUser", "product"],
    sorts: ["id", "createdAt", "updatedAt"],
  },
  orderaddresses: { filters: ["id"], sorts: ["id"] },
  ordershippingtrackings: { filters: ["id"], sorts: ["id"] },
  customers: { filters: ["id", "externalId", "createdAt", "updatedAt"], sorts: ["id"] },
  customerusers: { filters: ["id", "externalId", "customer"], sorts: ["id"] },
  products: { filters: ["id", "sku"], sorts: ["id"] },
  productunits: { filters: ["id"], sorts: ["id"] },
  productunitprecisions: { filters: ["id", "product"], sorts: ["id"] },
  productprices: { filters: ["priceList", "id", "product"], sorts: ["id"] },
  pricelists: { filters: ["id"], sorts: ["id"] },
  inventorylevels: { filters: ["id", "product", "productUnitPrecision", "externalId"], sorts: ["id"] },
} as const satisfies Record<string, { filters: readonly string[]; sorts: readonly string[] }>;

/** A resource type of the document, e.g. `"orders"`. */
export type OroResourceType = keyof typeof ORO_RESOURCES;

/** The filter field names of a resource's list endpoint, e.g. `OroFilterField<"orders">` → `"updatedAt" | …`. */
export type OroFilterField<T extends OroResourceType> = (typeof ORO_RESOURCES)[T]["filters"][number];

/** The sortable field names of a resource's list endpoint. */
export type OroSortField<T extends OroResourceType> = (typeof ORO_RESOURCES)[T]["sorts"][number];
