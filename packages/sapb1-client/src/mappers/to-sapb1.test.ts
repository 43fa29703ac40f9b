import {
  Decimal,
  type Item,
  type OrderInput,
  type PostingConfig,
  parseCreditMemo,
  parseItem,
  parseOrder,
  parseSettlement,
  prepareCreditMemo,
  prepareSalesOrder,
  settlementToJournal,
} from "@org/core";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import schemas from "../generated/request-schemas.json" with { type: "json" };
import { toSapB1Number } from "./sapb1-numbers.js";
import { toSapB1BusinessPartner } from "./to-sapb1-business-partner.js";
import { toSapB1CreditNote } from "./to-sapb1-credit-note.js";
import { toSapB1JournalEntry } from "./to-sapb1-journal-entry.js";
import { toSapB1Order } from "./to-sapb1-order.js";

const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true, strict: false });
ajv.addSchema(schemas);
/** Contract test: the body is valid for B1's request schema generated from the Service Layer $metadata. */
function assertValid(definition: string, body: unknown): void {
  const validate = ajv.getSchema(`${schemas.$id}#/$defs/${definition}`);
  if (!validate) throw new Error(`no schema ${definition}`);
  validate(body);
  expect(validate.errors ?? []).toEqual([]);
}

const items: Record<string, Item> = {
  "MUG-BLUE": parseItem({ sku: "MUG-BLUE", erpNumber: "A00001", description: "Mug", baseUnit: "Each", active: true }),
  "GIFT-25": parseItem({ sku: "GIFT-25", erpNumber: "GC", description: "Gift card", baseUnit: "Each", active: true }),
};
const config: PostingConfig = {
  targetSystem: "sapb1",
  accounts: { shipping: "_SYS00000000010", giftCardLiability: "_SYS00000000020", refundAdjustments: "_SYS00000000030" },
  taxMappings: [{ taxClass: "standard", erpTaxCode: "A1" }],
  taxExemptCode: "X0",
  locationMappings: { "web-eu": "01" },
  guestCustomer: { kind: "post_to_customer", customerNumber: "C00000" },
};
const order: OrderInput = {
  source: { system: "magento", type: "order", id: "42", number: "000000042" },
  status: { code: "processing", stage: "confirmed" },
  customer: { isGuest: true, email: "max@example.com" },
  shippingAddress: { name: "Max", line1: "Alexanderplatz 1", city: "Berlin", postalCode: "10178", countryCode: "DE" },
  currency: "EUR",
  taxMode: "exclusive",
  channelLocation: "web-eu",
  lines: [
    {
      lineId: "1",
      sku: "MUG-BLUE",
      quantity: 3,
      unitPrice: "9.99",
      discounts: [{ amount: "2.97" }],
      taxLines: [{ taxClass: "standard", ratePercent: "19", amount: "5.13" }],
    },
  ],
  shippingLines: [
    { method: "DHL", amount: "5.00", taxLines: [{ taxClass: "standard", ratePercent: "19", amount: "0.95" }] },
  ],
  totals: { subtotal: "29.97", discountTotal: "2.97", shippingTotal: "5.00", taxTotal: "6.08", grandTotal: "38.08" },
  createdAt: "2026-03-01T10:15:00Z",
  updatedAt: "2026-03-01T10:15:00Z",
};
const lookups = { itemBySku: (sku: string) => items[sku] };
const plan = () => {
  const result = prepareSalesOrder(parseOrder(order), config, lookups);
  if (result.kind !== "ok") throw new Error(JSON.stringify(result));
  return result.value;
};

describe("toSapB1Order", () => {
  it("O5/O14/O16: NumAtCard, warehouse, freight line; the body passes B1's request schema", () => {
    const result = toSapB1Order(plan(), { cardCode: "C00000", freightExpenseCode: 1 });
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    assertValid("set.Orders.create", result.value);
    expect(result.value).toMatchObject({
      CardCode: "C00000",
      NumAtCard: "000000042",
      DocCurrency: "EUR",
      DocDate: "2026-03-01",
    });
    expect(result.value.DocumentLines).toEqual([
      {
        ItemCode: "A00001",
        ItemDescription: "Mug",
        Quantity: 3,
        UnitPrice: 9.99,
        DiscountPercent: 9.90991,
        LineTotal: 27,
        WarehouseCode: "01",
        UoMCode: "Each",
        VatGroup: "A1",
      },
    ]);
    expect(result.value.DocumentAdditionalExpenses).toEqual([
      { ExpenseCode: 1, LineTotal: 5, Remarks: "DHL", VatGroup: "A1" },
    ]);
  });

  it("O10: a gift card sale needs a gift card item; without one it is an exception", () => {
    const input: OrderInput = {
      ...order,
      shippingAddress: undefined,
      shippingLines: [],
      lines: [{ lineId: "g", sku: "GIFT-25", quantity: 1, unitPrice: "25.00", isGiftCard: true }],
      totals: { subtotal: "25.00", discountTotal: "0", shippingTotal: "0", taxTotal: "0", grandTotal: "25.00" },
    };
    const planned = prepareSalesOrder(parseOrder(input), config, lookups);
    if (planned.kind !== "ok") throw new Error(JSON.stringify(planned));
    const missing = toSapB1Order(planned.value, { cardCode: "C1", freightExpenseCode: 1, taxField: "TaxCode" });
    expect(missing.kind === "failed" && missing.exceptions[0]?.code).toBe("GIFT_CARD_POLICY_MISSING");
    const withItem = toSapB1Order(planned.value, {
      cardCode: "C1",
      freightExpenseCode: 1,
      giftCardItemCode: "GC-LIAB",
      taxField: "TaxCode",
    });
    expect(withItem.kind === "ok" && withItem.value.DocumentLines?.[0]).toMatchObject({
      ItemCode: "GC-LIAB",
      TaxCode: "X0",
      UnitPrice: 25,
    });
  });

  it("refuses amounts a JSON double cannot carry exactly, instead of rounding them", () => {
    expect(toSapB1Number(Decimal.from("1234567890.12345"))).toBe(1234567890.12345);
    expect(toSapB1Number(Decimal.from("12345678901234.567"))).toBeUndefined();
  });
});

describe("toSapB1CreditNote", () => {
  it("R1/R3/R5: based on the invoice line, goodwill through the adjustment item, NumAtCard per refund", () => {
    const planned = prepareCreditMemo(
      parseCreditMemo({
        source: { system: "magento", type: "creditmemo", id: "7" },
        orderRef: { system: "magento", type: "order", id: "42", number: "000000042" },
        invoiceRef: { system: "sapb1", type: "Invoices", id: "512" },
        currency: "EUR",
        taxMode: "exclusive",
        lines: [
          {
            sku: "MUG-BLUE",
            quantity: 1,
            unitPrice: "9.00",
            returnToStock: true,
            taxLines: [{ taxClass: "standard", ratePercent: "19", amount: "1.71" }],
          },
          {
            sku: "MUG-BLUE",
            quantity: 1,
            unitPrice: "1.00",
            returnToStock: false,
            taxLines: [{ taxClass: "standard", ratePercent: "19", amount: "0.19" }],
          },
        ],
        shippingTaxLines: [{ taxClass: "standard", ratePercent: "19", amount: "0.95" }],
        totals: { subtotal: "10.00", shippingRefunded: "5.00", taxRefunded: "2.85", total: "17.85" },
        createdAt: "2026-03-05T09:00:00Z",
      }),
      config,
      lookups,
    );
    if (planned.kind !== "ok") throw new Error(JSON.stringify(planned));
    const result = toSapB1CreditNote(planned.value, {
      cardCode: "C00000",
      invoiceLines: [{ LineNum: 0, ItemCode: "A00001" }],
      freightExpenseCode: 1,
      adjustmentItemCode: "GOODWILL",
    });
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    assertValid("set.CreditNotes.create", result.value);
    expect(result.value.NumAtCard).toBe("000000042-7");
    expect(result.value.DocumentLines).toEqual([
      { ItemCode: "A00001", Quantity: 1, UnitPrice: 9, BaseType: 13, BaseEntry: 512, BaseLine: 0, VatGroup: "A1" },
      {
        ItemCode: "GOODWILL",
        ItemDescription: "Refund without return: MUG-BLUE",
        Quantity: 1,
        UnitPrice: 1,
        VatGroup: "A1",
      },
    ]);
    expect(result.value.DocumentAdditionalExpenses).toEqual([{ ExpenseCode: 1, LineTotal: 5, VatGroup: "A1" }]);
  });

  it("R2/R3: a refunded discount keeps the exact LineTotal; a restocking fee is a negative adjustment line, schema-valid", () => {
    const planned = prepareCreditMemo(
      parseCreditMemo({
        source: { system: "magento", type: "creditmemo", id: "8" },
        orderRef: { system: "magento", type: "order", id: "42", number: "000000042" },
        invoiceRef: { system: "sapb1", type: "Invoices", id: "512" },
        currency: "EUR",
        taxMode: "exclusive",
        lines: [
          {
            sku: "MUG-BLUE",
            quantity: 3,
            unitPrice: "9.99",
            discountAmount: "3.00",
            returnToStock: true,
            taxLines: [{ taxClass: "standard", ratePercent: "19", amount: "5.12" }],
          },
        ],
        totals: {
          subtotal: "29.97",
          discountTotal: "3.00",
          adjustmentFee: "2.50",
          taxRefunded: "5.12",
          total: "29.59",
        },
        createdAt: "2026-03-05T09:00:00Z",
      }),
      { ...config, taxExemptCode: "X0" },
      lookups,
    );
    if (planned.kind !== "ok") throw new Error(JSON.stringify(planned));
    const result = toSapB1CreditNote(planned.value, {
      cardCode: "C00000",
      freightExpenseCode: 1,
      adjustmentItemCode: "GOODWILL",
    });
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    assertValid("set.CreditNotes.create", result.value);
    expect(result.value.DocumentLines).toEqual([
      {
        ItemCode: "A00001",
        Quantity: 3,
        UnitPrice: 9.99,
        DiscountPercent: 10.01001,
        LineTotal: 26.97,
        VatGroup: "A1",
      },
      {
        ItemCode: "GOODWILL",
        ItemDescription: "Restocking / adjustment fee",
        Quantity: 1,
        UnitPrice: -2.5,
        VatGroup: "X0",
      },
    ]);
  });
});

describe("toSapB1JournalEntry", () => {
  const settlement = (currency: string) =>
    parseSettlement({
      payoutId: "po_9",
      provider: "adyen",
      currency,
      payoutDate: "2026-03-03",
      depositAmount: "96.10",
      lines: [
        { type: "sale", amount: "100.00", transactionRef: "a" },
        { type: "fee", amount: "-3.90", transactionRef: "a" },
      ],
    });
  const accounts = {
    bank: "_SYS00000000001",
    sales: "_SYS00000000002",
    fees: "_SYS00000000003",
    chargebacks: "x",
    adjustments: "x",
    giftCardLiability: "x",
    rounding: "x",
    suspense: "x",
  };

  it("S1/S3: balanced lines in local currency, or in foreign-currency columns for another currency", () => {
    const local = settlementToJournal(settlement("EUR"), { accounts }).journal;
    const foreign = settlementToJournal(settlement("USD"), { accounts }).journal;
    if (!local || !foreign) throw new Error("no journal");
    const inEur = toSapB1JournalEntry(local, { localCurrency: "EUR" });
    const inUsd = toSapB1JournalEntry(foreign, { localCurrency: "EUR" });
    if (inEur.kind !== "ok" || inUsd.kind !== "ok") throw new Error("mapping failed");
    assertValid("set.JournalEntries.create", inEur.value);
    assertValid("set.JournalEntries.create", inUsd.value);
    expect(inEur.value.JournalEntryLines?.map((l) => [l.AccountCode, l.Debit, l.Credit])).toEqual([
      ["_SYS00000000001", 96.1, 0],
      ["_SYS00000000002", 0, 100],
      ["_SYS00000000003", 3.9, 0],
    ]);
    expect(inUsd.value.JournalEntryLines?.[0]).toMatchObject({ FCCurrency: "USD", FCDebit: 96.1, FCCredit: 0 });
    expect(inEur.value.Reference).toBe("po_9");
  });
});

describe("toSapB1BusinessPartner", () => {
  it("O2/O3: a new customer becomes a customer business partner with bill-to and ship-to addresses", () => {
    const body = toSapB1BusinessPartner(
      {
        kind: "create",
        name: "Max Mustermann",
        email: "max@example.com",
        billingAddress: { line1: "Alexanderplatz 1", city: "Berlin", postalCode: "10178", countryCode: "DE" },
        shippingAddress: { line1: "Unter den Linden 5", city: "Berlin", countryCode: "DE" },
      },
      { cardCode: "W100", currency: "EUR" },
    );
    assertValid("set.BusinessPartners.create", body);
    expect(body).toMatchObject({ CardCode: "W100", CardType: "cCustomer", EmailAddress: "max@example.com" });
    expect(body.BPAddresses?.map((a) => a.AddressType)).toEqual(["bo_BillTo", "bo_ShipTo"]);
  });
});
