import {
  type CreditMemoInput,
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
import { toBcCustomer } from "./to-bc-customer.js";
import { toBcJournalLines } from "./to-bc-journal-lines.js";
import { bcCreditMemoDocumentNumber, toBcSalesCreditMemo } from "./to-bc-sales-credit-memo.js";
import { toBcSalesOrder } from "./to-bc-sales-order.js";

const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true, strict: false });
ajv.addSchema(schemas);
/** Contract test: a body is valid when BC's own request schema (generated from $metadata) accepts it. */
function assertValid(definition: string, body: unknown): void {
  const validate = ajv.getSchema(`${schemas.$id}#/$defs/${definition}`);
  if (!validate) throw new Error(`no schema ${definition}`);
  const valid = validate(body);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

const items: Record<string, Item> = {
  "MUG-BLUE": parseItem({
    sku: "MUG-BLUE",
    erpNumber: "1896-S",
    description: "Athens Mug",
    baseUnit: "PCS",
    active: true,
  }),
  "TEA-GREEN": parseItem({
    sku: "TEA-GREEN",
    erpNumber: "1900-T",
    description: "Green tea",
    baseUnit: "PCS",
    alternateUnits: [{ code: "BOX", factor: 12 }],
    active: true,
  }),
};
const config: PostingConfig = {
  targetSystem: "bc",
  accounts: { shipping: "6610", giftCardLiability: "5790", refundAdjustments: "6620" },
  taxMappings: [
    { taxClass: "standard", erpTaxCode: "VAT25" },
    { taxClass: "reduced", erpTaxCode: "VAT10" },
  ],
  unitMappings: { box: "BOX" },
  locationMappings: { "web-eu": "EAST" },
  guestCustomer: { kind: "post_to_customer", customerNumber: "WEB-GUEST" },
};
const order: OrderInput = {
  source: { system: "bigcommerce", type: "order", id: "8812", number: "100234" },
  status: { code: "Awaiting Fulfillment", stage: "confirmed" },
  customer: { isGuest: true, email: "jane@example.com", name: "Jane Doe" },
  billingAddress: {
    name: "Jane Doe",
    line1: "1 Main St",
    city: "Atlanta",
    region: "GA",
    postalCode: "31772",
    countryCode: "US",
    email: "jane@example.com",
  },
  shippingAddress: {
    name: "Jane Doe",
    line1: "1 Main St",
    city: "Atlanta",
    region: "GA",
    postalCode: "31772",
    countryCode: "US",
  },
  currency: "USD",
  taxMode: "exclusive",
  channelLocation: "web-eu",
  lines: [
    {
      lineId: "1",
      sku: "MUG-BLUE",
      quantity: 2,
      unitPrice: "24.99",
      taxLines: [{ taxClass: "standard", ratePercent: "25", amount: "12.50" }],
    },
    {
      lineId: "2",
      sku: "TEA-GREEN",
      quantity: 1,
      unit: "box",
      unitPrice: "12.00",
      taxLines: [{ taxClass: "reduced", ratePercent: "10", amount: "1.20" }],
    },
  ],
  shippingLines: [
    { method: "UPS Ground", amount: "4.90", taxLines: [{ taxClass: "standard", ratePercent: "25", amount: "1.23" }] },
  ],
  payments: [{ gateway: "stripe", transactionId: "ch_1", amount: "76.81" }],
  totals: { subtotal: "61.98", discountTotal: "0", shippingTotal: "4.90", taxTotal: "14.93", grandTotal: "81.81" },
  createdAt: "2026-03-01T10:15:00Z",
  updatedAt: "2026-03-01T10:15:00Z",
};
const lookups = { itemBySku: (sku: string) => items[sku] };

function plan() {
  const result = prepareSalesOrder(parseOrder(order), config, lookups);
  if (result.kind !== "ok") throw new Error(JSON.stringify(result));
  return result.value;
}

describe("toBcSalesOrder", () => {
  it("O5/O16: maps a plan to a deep-insert sales order that BC's request schema accepts", () => {
    const result = toBcSalesOrder(plan(), {
      customerNumber: "WEB-GUEST",
      localCurrency: "EUR",
      pricesIncludeTax: false,
      locationIds: { EAST: "1e5f0000-0000-0000-0000-000000000001" },
    });
    expect(result.kind).toBe("ok");
    if (result.kind !== "ok") return;
    const body = result.value;
    assertValid("set.salesOrders.create", body);
    expect(body).toMatchObject({
      customerNumber: "WEB-GUEST",
      externalDocumentNumber: "100234",
      currencyCode: "USD",
      shipToCountry: "US",
    });
    expect(body.salesOrderLines).toEqual([
      expect.objectContaining({
        lineType: "Item",
        lineObjectNumber: "1896-S",
        unitOfMeasureCode: "PCS",
        quantity: "2",
        unitPrice: "24.99",
        taxCode: "VAT25",
        locationId: "1e5f0000-0000-0000-0000-000000000001",
      }),
      expect.objectContaining({
        lineType: "Item",
        lineObjectNumber: "1900-T",
        unitOfMeasureCode: "BOX",
        quantity: "1",
        unitPrice: "12.00",
        taxCode: "VAT10",
      }),
      expect.objectContaining({
        lineType: "Account",
        lineObjectNumber: "6610",
        quantity: "1",
        unitPrice: "4.90",
        taxCode: "VAT25",
      }),
    ]);
    // Amounts travel as exact decimal strings, never floats.
    expect(JSON.stringify(body)).not.toMatch(/"unitPrice":\d/);
  });

  it("O11: the local currency is left empty, as BC expects", () => {
    const result = toBcSalesOrder(plan(), {
      customerNumber: "C1",
      localCurrency: "USD",
      pricesIncludeTax: false,
      locationIds: { EAST: "1e5f0000-0000-0000-0000-000000000001" },
    });
    expect(result.kind === "ok" && "currencyCode" in result.value).toBe(false);
  });

  it("O8/O14: a tax-mode mismatch and an unmapped location id are exceptions, not a wrong document", () => {
    const result = toBcSalesOrder(plan(), { customerNumber: "C1", localCurrency: "USD", pricesIncludeTax: true });
    expect(result.kind === "failed" && result.exceptions.map((e) => `${e.failureId}:${e.code}`)).toEqual([
      "O8:TAX_MODE_MISMATCH",
      "O14:LOCATION_NOT_MAPPED",
      "O14:LOCATION_NOT_MAPPED",
    ]);
  });

  it("an order number longer than BC's 35 characters is an exception", () => {
    const long = { ...plan(), externalDocumentNumber: "X".repeat(36) };
    const result = toBcSalesOrder(long, {
      customerNumber: "C1",
      localCurrency: "USD",
      pricesIncludeTax: false,
      locationIds: { EAST: "1e5f0000-0000-0000-0000-000000000001" },
    });
    expect(result.kind === "failed" && result.exceptions[0]?.code).toBe("FIELD_TOO_LONG");
  });
});

describe("toBcSalesCreditMemo", () => {
  const refund: CreditMemoInput = {
    source: { system: "bigcommerce", type: "refund", id: "55" },
    orderRef: { system: "bigcommerce", type: "order", id: "8812", number: "100234" },
    invoiceRef: { system: "bc", type: "salesInvoice", id: "9a1f0000-0000-0000-0000-000000000042", number: "PSI-1001" },
    currency: "USD",
    taxMode: "exclusive",
    lines: [
      {
        sku: "MUG-BLUE",
        quantity: 1,
        unitPrice: "24.99",
        returnToStock: true,
        taxLines: [{ taxClass: "standard", ratePercent: "25", amount: "6.25" }],
      },
      {
        sku: "TEA-GREEN",
        quantity: 1,
        unitPrice: "2.00",
        returnToStock: false,
        taxLines: [{ taxClass: "reduced", ratePercent: "10", amount: "0.20" }],
      },
    ],
    totals: { subtotal: "26.99", taxRefunded: "6.45", total: "33.44" },
    createdAt: "2026-03-05T09:00:00Z",
  };

  it("R1/R3/R5: links the invoice, returns goods as items, goodwill to G/L, one document number per refund", () => {
    const planned = prepareCreditMemo(parseCreditMemo(refund), config, lookups);
    if (planned.kind !== "ok") throw new Error(JSON.stringify(planned));
    const result = toBcSalesCreditMemo(planned.value, { customerNumber: "WEB-GUEST", localCurrency: "USD" });
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    assertValid("set.salesCreditMemos.create", result.value);
    expect(result.value).toMatchObject({
      externalDocumentNumber: "100234-55",
      invoiceId: "9a1f0000-0000-0000-0000-000000000042",
    });
    expect(result.value.salesCreditMemoLines?.map((l) => `${l.lineType}:${l.lineObjectNumber}:${l.unitPrice}`)).toEqual(
      ["Item:1896-S:24.99", "Account:6620:2.00"],
    );
    expect(bcCreditMemoDocumentNumber(planned.value)).toBe("100234-55");
  });

  it("R2/R3: a refunded discount is the line's discountAmount and a restocking fee a negative G/L line, schema-valid", () => {
    const discounted: CreditMemoInput = {
      ...refund,
      lines: [{ ...refund.lines![0]!, quantity: 2, discountAmount: "4.98", taxLines: [] }],
      totals: { subtotal: "49.98", discountTotal: "4.98", adjustmentFee: "5.00", total: "40.00" },
    };
    const planned = prepareCreditMemo(parseCreditMemo(discounted), { ...config, taxExemptCode: "NOTAX" }, lookups);
    if (planned.kind !== "ok") throw new Error(JSON.stringify(planned));
    const result = toBcSalesCreditMemo(planned.value, { customerNumber: "WEB-GUEST", localCurrency: "USD" });
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    assertValid("set.salesCreditMemos.create", result.value);
    const lines = result.value.salesCreditMemoLines ?? [];
    expect(lines.map((l) => `${l.lineType}:${l.quantity}x${l.unitPrice}-${l.discountAmount ?? 0}`)).toEqual([
      "Item:2x24.99-4.98",
      "Account:1x-5.00-0",
    ]);
    // the document totals what was paid back, to the cent
    const total = Decimal.sum(
      lines.map((l) =>
        Decimal.from(String(l.quantity))
          .mul(String(l.unitPrice))
          .sub(String(l.discountAmount ?? 0)),
      ),
    );
    expect(total.eq("40.00")).toBe(true);
  });
});

describe("toBcJournalLines", () => {
  it("S1: journal lines sum to zero, the bank line is a bank account, amounts are exact strings", () => {
    const settlement = parseSettlement({
      payoutId: "po_1",
      provider: "stripe",
      currency: "USD",
      payoutDate: "2026-03-03",
      depositAmount: "96.10",
      lines: [
        { type: "sale", amount: "100.00", transactionRef: "ch_1" },
        { type: "fee", amount: "-3.90", transactionRef: "ch_1" },
      ],
    });
    const { journal } = settlementToJournal(settlement, {
      accounts: {
        bank: "WWB-OPERATING",
        sales: "2320",
        fees: "8640",
        chargebacks: "8650",
        adjustments: "8660",
        giftCardLiability: "5790",
        rounding: "9370",
        suspense: "2399",
      },
    });
    if (!journal) throw new Error("no journal");
    const lines = toBcJournalLines(journal, { bankAccounts: ["WWB-OPERATING"] });
    for (const line of lines) assertValid("set.journalLines.create", line);
    expect(lines.map((l) => `${l.accountType}:${l.accountNumber}:${l.amount}`)).toEqual([
      "Bank_x0020_Account:WWB-OPERATING:96.10",
      "G_x002F_L_x0020_Account:2320:-100.00",
      "G_x002F_L_x0020_Account:8640:3.90",
    ]);
    const sum = lines.reduce((total, l) => total + Math.round(Number(l.amount) * 100), 0);
    expect(sum).toBe(0);
    expect(lines.every((l) => l.documentNumber === "po_1")).toBe(true);
  });
});

describe("toBcCustomer", () => {
  it("O2/O3: a new customer from a plan is a valid BC customer", () => {
    const body = toBcCustomer(
      {
        kind: "create",
        name: "Acme GmbH",
        email: "ap@acme.example",
        taxNumber: "DE123456789",
        billingAddress: {
          company: "Acme GmbH",
          line1: "Hauptstr. 1",
          city: "Berlin",
          postalCode: "10115",
          countryCode: "DE",
        },
      },
      { localCurrency: "USD", currency: "EUR" },
    );
    assertValid("set.customers.create", body);
    expect(body).toMatchObject({
      displayName: "Acme GmbH",
      type: "Company",
      currencyCode: "EUR",
      country: "DE",
      taxRegistrationNumber: "DE123456789",
    });
  });
});
