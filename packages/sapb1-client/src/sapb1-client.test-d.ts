import { describe, expectTypeOf, it } from "vitest";
import type { SelectFrom } from "./generated/index.js";
import type { SapB1Client } from "./sapb1-client.js";

declare const client: SapB1Client;

describe("SapB1Client types", () => {
  it("rejects an entity set that does not exist", () => {
    // @ts-expect-error "Orderz" is not an entity set
    client.entities.list("Orderz");
    // @ts-expect-error entity set names are case-sensitive
    client.entities.get("orders", 1);
  });

  it("rejects an unknown field in a create body, but lets U_* user fields through", () => {
    client.entities.create("Orders", {
      CardCode: "C20000",
      // @ts-expect-error "CardCod" is not a Document field
      CardCod: "C20000",
    });
    client.entities.create("Orders", {
      CardCode: "C20000",
      NumAtCard: "WEB-1001",
      U_Channel: "web",
      DocumentLines: [{ ItemCode: "A00001", Quantity: 1, U_GiftWrap: "Y" }],
    });
    client.entities.create("Orders", {
      CardCode: "C20000",
      // @ts-expect-error user fields hold scalars
      U_Channel: { web: true },
    });
  });

  it("rejects a create body without a required field", () => {
    // @ts-expect-error BusinessPartners need their key, CardCode
    client.entities.create("BusinessPartners", { CardName: "Contoso" });
    client.entities.create("BusinessPartners", { CardCode: "C20000", CardName: "Contoso" });
    // @ts-expect-error createOnce's natural key must be a field of the entity
    client.entities.createOnce("Orders", { CardCode: "C20000" }, "NumAtCardX");
  });

  it("narrows list results to the $select-ed fields", async () => {
    const rows = await client.entities.list("Orders", { select: ["DocEntry", "NumAtCard"] }).toArray();
    const row = rows[0];
    if (!row) return;
    expectTypeOf(row).toEqualTypeOf<SelectFrom<"Orders", readonly ["DocEntry", "NumAtCard"]>>();
    expectTypeOf(row.DocEntry).toEqualTypeOf<number>();
    expectTypeOf(row.NumAtCard).toEqualTypeOf<string | null>();
    // @ts-expect-error DocTotal was not selected
    row.DocTotal;
    // @ts-expect-error $select only takes fields of the entity
    client.entities.list("Orders", { select: ["DocEntry", "NoSuchField"] });
    const full = await client.entities.get("Orders", 12);
    expectTypeOf(full.DocTotal).toEqualTypeOf<number | null>();
  });
});
