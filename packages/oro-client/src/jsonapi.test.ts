import { describe, expect, expectTypeOf, it } from "vitest";
import { loadSample } from "./__fixtures__/oro-samples.js";
import { createValidator, loadSpec } from "./__fixtures__/oro-spec.js";
import {
  type FlatResource,
  type Flattened,
  flattenDocument,
  flattenResource,
  type JsonApiDocument,
  JsonApiDocumentError,
  type ResourceObject,
  toJsonApiBatchDocument,
  toJsonApiDocument,
} from "./jsonapi.js";

/** Shapes like the ones openapi-typescript generates from the document (the generated module comes later). */
interface Identifier {
  type: string;
  id: string;
  meta?: Record<string, unknown>;
}
interface OrderResource {
  type: "orders";
  id: string;
  attributes?: { identifier?: string | null; poNumber?: string | null; currency?: string; totalValue?: string | null };
  relationships?: {
    lineItems?: { data: Identifier[] };
    billingAddress?: { data: Identifier | null };
    customer?: { data: Identifier | null };
    paymentTerm?: { data: Identifier | null };
    documents?: { data: Identifier[] };
  };
}
interface OrderDocument {
  data: OrderResource;
  included?: ResourceObject[];
}

const validate = createValidator(loadSpec());

describe("flattenDocument", () => {
  it("flattens an order with its included line items and leaves what is not included as { type, id }", () => {
    const document = loadSample("OrderBundle/get_order_include_order_line_items.yml") as OrderDocument;
    const order = flattenDocument(document);

    expect(order).toMatchObject({
      type: "orders",
      identifier: "simple_order",
      poNumber: "1234567890",
      currency: "USD",
      subtotalValue: "789.0000",
      totalValue: "1234.0000",
      billingAddress: null,
      shippingAddress: null,
      discounts: [],
    });
    expect(order.id).toBe(document.data.id);
    expect(order.lineItems).toHaveLength(2);
    const [first, second] = order.lineItems ?? [];
    expect(first).toMatchObject({ type: "orderlineitems", productSku: "product-1", quantity: 5, value: "15.7000" });
    expect(first?.productUnit).toEqual({ type: "productunits", id: "bottle" });
    expect(second).toMatchObject({
      productSku: "product-2",
      quantity: 12,
      productUnitCode: "box",
      parentProduct: null,
    });
    // the back-reference to the order being expanded is cut to an identifier: the result is a tree
    expect(first?.orders).toEqual([{ type: "orders", id: order.id }]);
    expect(() => JSON.stringify(order)).not.toThrow();
    // not included → identifier only
    expect(order.customer).toEqual({ type: "customers", id: expect.any(String) });
    expect(order.paymentTerm).toEqual({ type: "paymentterms", id: expect.any(String) });
    // linkage meta survives (an order's documents carry their sort order)
    const withDocuments = flattenDocument(loadSample("OrderBundle/get_order.yml") as OrderDocument);
    expect(withDocuments.documents).toEqual([
      { type: "files", id: expect.any(String), meta: { sortOrder: 1 } },
      { type: "files", id: expect.any(String), meta: { sortOrder: 2 } },
    ]);
  });

  it("types the result from the resource: attributes and relationships become properties", () => {
    type FlatOrder = Flattened<OrderResource>;
    expectTypeOf<FlatOrder["type"]>().toEqualTypeOf<"orders">();
    expectTypeOf<FlatOrder["identifier"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<FlatOrder["lineItems"]>().toEqualTypeOf<FlatResource[] | undefined>();
    expectTypeOf<FlatOrder["billingAddress"]>().toEqualTypeOf<FlatResource | null | undefined>();
    const one = (document: OrderDocument) => flattenDocument(document);
    const many = (document: { data: OrderResource[] }) => flattenDocument(document);
    const maybe = (document: { data: OrderResource | null }) => flattenDocument(document);
    const untyped = (document: JsonApiDocument) => flattenDocument(document);
    expectTypeOf(one).returns.toEqualTypeOf<FlatOrder>();
    expectTypeOf(many).returns.toEqualTypeOf<FlatOrder[]>();
    expectTypeOf(maybe).returns.toEqualTypeOf<FlatOrder | null>();
    expectTypeOf(untyped).returns.toEqualTypeOf<FlatResource | FlatResource[] | null>();
    expectTypeOf<Flattened<ResourceObject>>().toMatchTypeOf<FlatResource>();
  });

  it("flattens collections: inventory levels with included products and unit precisions", () => {
    const document = loadSample("InventoryBundle/filter_by_product.yml") as JsonApiDocument<ResourceObject[]>;
    const levels = flattenDocument(document);
    expect(levels).toHaveLength(3);
    expect(levels.map((level) => level.quantity)).toEqual(["10", "10", "99"]);
    const [level] = levels;
    expect(level?.product).toMatchObject({ type: "products", sku: "product-1", status: "enabled", variantFields: [] });
    expect(level?.productUnitPrecision).toMatchObject({ precision: 0, conversionRate: 1, sell: true });
    const product = level?.product as FlatResource;
    // the product's precisions are included too, and each points back at the product (cut on the path)
    expect(product.unitPrecisions).toHaveLength(3);
    expect((product.unitPrecisions as FlatResource[])[0]).toMatchObject({
      type: "productunitprecisions",
      unit: { type: "productunits" },
    });
    expect((product.unitPrecisions as FlatResource[])[0]?.product).toEqual({ type: "products", id: product.id });
    // resources that do not depend on the path are built once and shared
    expect(levels[1]?.product).toBe(level?.product);
  });

  it("flattens a product with unit precisions that are not included", () => {
    const product = flattenDocument(
      loadSample("ProductBundle/get_product_by_id.yml") as JsonApiDocument<ResourceObject>,
    );
    expect(product).toMatchObject({ sku: "product-1", productType: "simple", newArrival: false });
    expect(product.unitPrecisions).toEqual([
      { type: "productunitprecisions", id: expect.any(String) },
      { type: "productunitprecisions", id: expect.any(String) },
      { type: "productunitprecisions", id: expect.any(String) },
    ]);
    expect(product.inventory_status).toEqual({ type: "prodinventorystatuses", id: "in_stock" });
  });

  it("flattens every sample response without losing an attribute", () => {
    for (const file of [
      "CustomerBundle/cget_customer.yml",
      "CustomerBundle/get_customer_user.yml",
      "PricingBundle/product_price_get_list.yml",
      "PricingBundle/price_list_get.yml",
      "ProductBundle/cget_product_units.yml",
      "OrderBundle/cget_order.yml",
    ]) {
      const document = loadSample(file) as JsonApiDocument;
      const flat = flattenDocument(document);
      const resources = Array.isArray(document.data) ? document.data : [document.data];
      const flats = Array.isArray(flat) ? flat : [flat];
      resources.forEach((resource, index) => {
        expect(flats[index], file).toMatchObject({ type: resource?.type, id: resource?.id, ...resource?.attributes });
      });
    }
  });

  it("returns null for data: null, and handles a self-referencing resource", () => {
    expect(flattenDocument({ data: null })).toBeNull();
    const self = flattenResource({
      type: "customers",
      id: "1",
      attributes: { name: "A" },
      relationships: { parent: { data: { type: "customers", id: "1" } } },
    });
    expect(self).toEqual({ type: "customers", id: "1", name: "A", parent: { type: "customers", id: "1" } });
  });

  it("cuts long chains at maxDepth and terminates on mutual references", () => {
    const chain: ResourceObject[] = Array.from({ length: 5 }, (_, index) => ({
      type: "customers",
      id: String(index),
      relationships: { parent: { data: index < 4 ? { type: "customers", id: String(index + 1) } : null } },
    }));
    const [root, ...rest] = chain as [ResourceObject, ...ResourceObject[]];
    const flat = flattenResource(root, rest, { maxDepth: 2 });
    expect(flat).toEqual({
      type: "customers",
      id: "0",
      parent: {
        type: "customers",
        id: "1",
        parent: { type: "customers", id: "2", parent: { type: "customers", id: "3" } },
      },
    });

    const a = { type: "customers", id: "a", relationships: { children: { data: [{ type: "customers", id: "b" }] } } };
    const b = { type: "customers", id: "b", relationships: { parent: { data: { type: "customers", id: "a" } } } };
    const both = flattenDocument({ data: [a, b] });
    expect(both[0]).toEqual({
      type: "customers",
      id: "a",
      children: [{ type: "customers", id: "b", parent: { type: "customers", id: "a" } }],
    });
    // "a" does not depend on the path it was built on, so the same object is reused under "b"
    expect(both[1]).toEqual({ type: "customers", id: "b", parent: both[0] });
    expect((both[1] as FlatResource).parent).toBe(both[0]);
    expect(() => JSON.stringify(both)).not.toThrow();
    expect(() => flattenResource(root, [], { maxDepth: -1 })).toThrow(RangeError);
  });

  it("rejects documents that break JSON:API rules", () => {
    expect(() => flattenDocument({} as JsonApiDocument)).toThrow(JsonApiDocumentError);
    expect(() => flattenDocument({ data: { type: "orders" } } as unknown as JsonApiDocument)).toThrow(/type.*id/);
    const clash = {
      type: "orders",
      id: "1",
      attributes: { customer: "x" },
      relationships: { customer: { data: null } },
    };
    expect(() => flattenDocument({ data: clash })).toThrow(/clashes/);
    expect(() => flattenDocument({ data: { type: "orders", id: "1", attributes: { id: "2" } } })).toThrow(/reserved/);
    const badLinkage = { type: "orders", id: "1", relationships: { customer: { data: { id: "1" } } } };
    expect(() => flattenDocument({ data: badLinkage } as unknown as JsonApiDocument)).toThrow(/type, id/);
    // a relationship with links only has nothing to resolve
    const linksOnly = { type: "orders", id: "1", relationships: { customer: { links: { related: "/x" } } } };
    expect(flattenDocument({ data: linksOnly })).toEqual({ type: "orders", id: "1" });
  });
});

describe("toJsonApiDocument", () => {
  const relationships = {
    orders: {
      customer: "customers",
      customerUser: "customerusers",
      lineItems: "orderlineitems",
      billingAddress: "orderaddresses",
    },
    orderlineitems: { product: "products", productUnit: "productunits", orders: "orders" },
    orderaddresses: { country: "countries", region: "regions" },
    ordershippingtrackings: { orders: "orders" },
  };
  let counter = 0;
  const createId = () => `new-${++counter}`;

  it("builds an order create document with new line items and an address in included", () => {
    counter = 0;
    const document = toJsonApiDocument(
      "orders",
      {
        identifier: "WEB-1001",
        poNumber: "PO-77",
        currency: "EUR",
        shipUntil: undefined,
        customer: "12",
        billingAddress: {
          street: "Main St 1",
          city: "Berlin",
          postalCode: "10115",
          organization: "ACME",
          country: "DE",
        },
        lineItems: [
          { productSku: "SKU-1", quantity: 2, value: "9.9900", currency: "EUR", product: 7, productUnit: "item" },
          {
            productSku: "SKU-2",
            quantity: 1,
            value: "120.0000",
            currency: "EUR",
            productUnit: { type: "productunits", id: "set" },
          },
        ],
      },
      { relationships, createId },
    );
    expect(document.data).toEqual({
      type: "orders",
      attributes: { identifier: "WEB-1001", poNumber: "PO-77", currency: "EUR" },
      relationships: {
        customer: { data: { type: "customers", id: "12" } },
        billingAddress: { data: { type: "orderaddresses", id: "new-1" } },
        lineItems: {
          data: [
            { type: "orderlineitems", id: "new-2" },
            { type: "orderlineitems", id: "new-3" },
          ],
        },
      },
    });
    expect(document.included).toEqual([
      {
        type: "orderaddresses",
        id: "new-1",
        attributes: { street: "Main St 1", city: "Berlin", postalCode: "10115", organization: "ACME" },
        relationships: { country: { data: { type: "countries", id: "DE" } } },
      },
      {
        type: "orderlineitems",
        id: "new-2",
        attributes: { productSku: "SKU-1", quantity: 2, value: "9.9900", currency: "EUR" },
        relationships: {
          product: { data: { type: "products", id: "7" } },
          productUnit: { data: { type: "productunits", id: "item" } },
        },
      },
      {
        type: "orderlineitems",
        id: "new-3",
        attributes: { productSku: "SKU-2", quantity: 1, value: "120.0000", currency: "EUR" },
        relationships: { productUnit: { data: { type: "productunits", id: "set" } } },
      },
    ]);
    expect(validate("OrderCreateDocument", document)).toEqual([]);
  });

  it("builds documents the document's request schemas accept (shipping tracking, inventory update)", () => {
    const tracking = toJsonApiDocument(
      "ordershippingtrackings",
      { method: "UPS", number: "1Z999AA10123456784", orders: ["42"] },
      { relationships },
    );
    expect(tracking).toEqual({
      data: {
        type: "ordershippingtrackings",
        attributes: { method: "UPS", number: "1Z999AA10123456784" },
        relationships: { orders: { data: [{ type: "orders", id: "42" }] } },
      },
    });
    expect(validate("OrderShippingTrackingCreateDocument", tracking)).toEqual([]);
    expect(
      validate("OrderShippingTrackingCreateDocument", toJsonApiDocument("ordershippingtrackings", { method: "UPS" })),
    ).not.toEqual([]);

    const level = toJsonApiDocument("inventorylevels", { id: "9", quantity: "51" });
    expect(level).toEqual({ data: { type: "inventorylevels", id: "9", attributes: { quantity: "51" } } });
    expect(validate("InventoryLevelUpdateDocument", level)).toEqual([]);
    expect(
      validate("InventoryLevelUpdateDocument", toJsonApiDocument("inventorylevels", { id: "9", quantity: 51 })),
    ).not.toEqual([]);
  });

  it("links back to objects already placed instead of recursing (cycles)", () => {
    counter = 0;
    const order: Record<string, unknown> = { id: "5", identifier: "X" };
    const line: Record<string, unknown> = { productSku: "A", orders: [order] };
    order.lineItems = [line];
    const document = toJsonApiDocument("orders", order, { relationships, createId });
    expect(document.data.relationships?.lineItems).toEqual({ data: [{ type: "orderlineitems", id: "new-1" }] });
    expect(document.included?.[0]?.relationships?.orders).toEqual({ data: [{ type: "orders", id: "5" }] });
  });

  it("keeps null relationships, identifier meta, and uses a random UUID by default", () => {
    const document = toJsonApiDocument(
      "orders",
      { customerUser: null, customer: { id: 3, meta: { note: 1 } }, billingAddress: { city: "Paris" } },
      { relationships },
    );
    expect(document.data.relationships?.customerUser).toEqual({ data: null });
    expect(document.data.relationships?.customer).toEqual({ data: { type: "customers", id: "3", meta: { note: 1 } } });
    expect(document.included?.[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("rejects values that cannot become relationships or ids", () => {
    expect(() => toJsonApiDocument("orders", { customer: true }, { relationships })).toThrow(JsonApiDocumentError);
    expect(() => toJsonApiDocument("orders", { customer: {} }, { relationships })).toThrow(/neither an id nor fields/);
    expect(() => toJsonApiDocument("orders", { customer: "" }, { relationships })).toThrow(/non-empty/);
    expect(() => toJsonApiDocument("orders", { customer: 1.5 }, { relationships })).toThrow(/integer id/);
  });
});

describe("toJsonApiBatchDocument", () => {
  it("marks updates with meta.update, which the inventory batch schema requires", () => {
    const batch = toJsonApiBatchDocument(
      "inventorylevels",
      [
        { id: "1", quantity: "10" },
        { id: 2, quantity: "0" },
      ],
      { mode: "update" },
    );
    expect(batch).toEqual({
      data: [
        { type: "inventorylevels", id: "1", meta: { update: true }, attributes: { quantity: "10" } },
        { type: "inventorylevels", id: "2", meta: { update: true }, attributes: { quantity: "0" } },
      ],
    });
    expect(validate("InventoryLevelBatchDocument", batch)).toEqual([]);
    expect(
      validate("InventoryLevelBatchDocument", toJsonApiBatchDocument("inventorylevels", [{ id: "1", quantity: "1" }])),
    ).not.toEqual([]);
  });

  it("creates by default, upserts on request, and needs ids to update or upsert", () => {
    let n = 0;
    const created = toJsonApiBatchDocument(
      "productprices",
      [{ quantity: 1, value: "9.5000", currency: "EUR", priceList: "1", product: "7", unit: "item" }],
      {
        relationships: { productprices: { priceList: "pricelists", product: "products", unit: "productunits" } },
        createId: () => `t${++n}`,
      },
    );
    expect(created.data[0]?.meta).toBeUndefined();
    expect(validate("ProductPriceBatchDocument", created)).toEqual([]);
    const upserted = toJsonApiBatchDocument("customers", [{ id: "4", name: "ACME" }], { mode: "upsert" });
    expect(upserted.data[0]?.meta).toEqual({ upsert: true });
    expect(() => toJsonApiBatchDocument("customers", [{ name: "ACME" }], { mode: "update" })).toThrow(/needs an id/);
    const withIncluded = toJsonApiBatchDocument(
      "customers",
      [{ name: "ACME", users: [{ email: "a@example.com", firstName: "A", lastName: "B" }] }],
      { relationships: { customers: { users: "customerusers" } }, createId: () => "u1" },
    );
    expect(withIncluded.included).toEqual([
      { type: "customerusers", id: "u1", attributes: { email: "a@example.com", firstName: "A", lastName: "B" } },
    ]);
  });
});
