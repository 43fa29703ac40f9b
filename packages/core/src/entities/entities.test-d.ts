import { describe, expectTypeOf, it } from "vitest";
import type { Decimal } from "../money/decimal";
import type { Order, OrderInput } from "./order";
import { ok, type SyncResult } from "./sync-exception";

describe("entity types", () => {
  it("parsed amounts are exact decimals, never numbers", () => {
    expectTypeOf<Order["totals"]["grandTotal"]>().toEqualTypeOf<Decimal>();
    expectTypeOf<Order["lines"][number]["quantity"]>().toEqualTypeOf<Decimal>();
    expectTypeOf<Order["lines"][number]["unitPrice"]>().not.toEqualTypeOf<number>();
  });

  it("input accepts wire forms and leaves defaults optional", () => {
    expectTypeOf<{ unitPrice: "12.50" }["unitPrice"]>().toExtend<OrderInput["lines"][number]["unitPrice"]>();
    expectTypeOf<number>().toExtend<OrderInput["lines"][number]["unitPrice"]>();
    expectTypeOf<OrderInput["discounts"]>().toEqualTypeOf<OrderInput["discounts"] | undefined>();
    // @ts-expect-error a stage outside the list does not compile
    const stage: Order["status"]["stage"] = "shipped";
    void stage;
  });

  it("results are discriminated by kind", () => {
    const result: SyncResult<number> = ok(1);
    if (result.kind === "ok") expectTypeOf(result.value).toEqualTypeOf<number>();
    if (result.kind === "failed") expectTypeOf(result.exceptions).toBeArray();
  });
});
