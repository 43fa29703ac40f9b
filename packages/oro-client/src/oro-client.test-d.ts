import { describe, expectTypeOf, it } from "vitest";
import type { components, paths } from "./generated/index.js";
import type { Flattened } from "./jsonapi.js";
import { createOroClient, type OroListResource } from "./oro-client.js";

type Order = components["schemas"]["Order"];

const oro = createOroClient({ baseUrl: "https://b2b.example.com", auth: { clientId: "id", clientSecret: "secret" } });

describe("Oro client types (generated from the OpenAPI description)", () => {
  it("the path-based api checks paths, path parameters and bodies", async () => {
    const { data } = await oro.api["/orders/{id}"].GET({ params: { path: { id: "42" } } });
    expectTypeOf(data).toEqualTypeOf<components["schemas"]["OrderDocument"] | undefined>();
    // @ts-expect-error unknown path
    oro.api["/order/{id}"];
    // @ts-expect-error the id path parameter is required
    oro.api["/orders/{id}"].GET({ params: { path: {} } });
    // @ts-expect-error params (with the path parameter) are required
    oro.api["/orders/{id}"].GET();
    oro.api["/inventorylevels"].PATCH({
      body: { data: [{ type: "inventorylevels", id: "1", meta: { update: true }, attributes: { quantity: "5" } }] },
      headers: { "X-Mode": "sync" },
    });
    // @ts-expect-error wrong resource type in the body
    oro.api["/inventorylevels"].PATCH({ body: { data: [{ type: "orders", id: "1", meta: { update: true } }] } });
    // @ts-expect-error misspelled body field (the required `data` is missing)
    oro.api["/inventorylevels"].PATCH({ body: { date: [] } });
  });

  it("helpers take only list resources and return flattened records", async () => {
    expectTypeOf<"orders">().toExtend<OroListResource<paths>>();
    expectTypeOf<"orders/{id}">().not.toExtend<OroListResource<paths>>();
    const page = await oro.list("orders", { filter: { updatedAt: { gte: new Date() } }, sort: ["-updatedAt"] });
    expectTypeOf(page.items).toEqualTypeOf<Flattened<Order>[]>();
    const order = await oro.get("orders", "42", { include: ["lineItems"] });
    expectTypeOf(order).toEqualTypeOf<Flattened<Order>>();
    // @ts-expect-error unknown resource
    oro.list("order");
    // @ts-expect-error orders cannot be filtered by sku
    oro.list("orders", { filter: { sku: "A" } });
    // @ts-expect-error orders cannot be sorted by identifier
    oro.listAll("orders", { sort: ["identifier"] });
  });
});
