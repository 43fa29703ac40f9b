import {
  type BcClient,
  type BcClientSettings,
  createBcClient,
  fromBcSalesInvoice,
  fromBcSalesShipment,
  type SalesOrderCreate,
  type SalesShipmentLine,
  stockFromBcItems,
} from "@org/bc-client";
import { Decimal } from "@org/core";
import { ApiCallError } from "@org/http";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeHandlers } from "../msw.js";
import { SEED_PRODUCTS, SEED_UNKNOWN_SKU } from "../seed/catalog.js";
import { seedOrders } from "../seed/orders.js";
import { startFakeServer } from "../server.js";
import { type BcFake, type BcFakeOptions, createBcFake } from "./bc-fake.js";
import { BC_FAKE_CLIENT_ID, BC_FAKE_CLIENT_SECRET, BC_GUEST_CUSTOMER_NUMBER } from "./bc-seed.js";

const noSleep = () => Promise.resolve();
const fastRetry = { baseDelayMs: 1, maxDelayMs: 5, jitter: 0 };

function clientFor(fake: BcFake, settings: Partial<BcClientSettings> = {}): BcClient {
  return createBcClient({
    tenantId: fake.tenantId,
    environment: fake.environment,
    companyId: fake.companyId,
    fetch: fake.fetch,
    auth: { clientId: BC_FAKE_CLIENT_ID, clientSecret: BC_FAKE_CLIENT_SECRET },
    retry: fastRetry,
    ...settings,
  });
}

function setup(options: BcFakeOptions = {}, settings: Partial<BcClientSettings> = {}) {
  const fake = createBcFake(options);
  return { fake, client: clientFor(fake, settings) };
}

/** A raw request with a valid token, for what the client never sends (missing If-Match, >100 batch operations…). */
async function raw(
  fake: BcFake,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${fake.issueToken()}`);
  if (init.body) headers.set("content-type", "application/json");
  const response = await fake.fetch(`${fake.baseUrl}${path}`, { ...init, headers });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

const order = (externalDocumentNumber: string, lines?: SalesOrderCreate["salesOrderLines"]): SalesOrderCreate => ({
  customerNumber: "C10001",
  externalDocumentNumber,
  orderDate: "2026-11-02",
  salesOrderLines: lines ?? [
    {
      lineType: "Item",
      lineObjectNumber: "MUG-BLUE",
      quantity: "2",
      unitPrice: "12.90",
      discountAmount: "1.29",
      taxCode: "VAT19",
    },
    { lineType: "Item", lineObjectNumber: "TEA-GREEN", quantity: "3", unitPrice: "8.49", taxCode: "VAT7" },
    {
      lineType: "Account",
      lineObjectNumber: "6110",
      description: "DHL Paket",
      quantity: "1",
      unitPrice: "4.95",
      taxCode: "VAT19",
    },
  ],
});

async function expectApiError(promise: Promise<unknown>): Promise<ApiCallError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiCallError);
  return error as ApiCallError;
}

describe("BC fake: auth (Entra client credentials)", () => {
  it("issues a token at Entra's URL for the client's credentials and requires it on every API call", async () => {
    const { fake, client } = setup();
    const companies = await client.entities.list("companies").toArray();
    expect(companies.map((c) => c.id)).toEqual([fake.companyId]);
    expect(fake.calls[0]).toMatchObject({ method: "POST", path: `/${fake.tenantId}/oauth2/v2.0/token`, status: 200 });

    const anonymous = await fake.fetch(`${fake.baseUrl}/companies`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: "Authentication_InvalidCredentials" } });
    expect(anonymous.headers.get("www-authenticate")).toContain("Bearer authorization_uri=");
  });

  it("rejects a wrong client secret with Entra's invalid_client and never echoes the secret", async () => {
    const { client } = setup({}, { auth: { clientId: BC_FAKE_CLIENT_ID, clientSecret: "wrong-secret-value" } });
    const error = await expectApiError(client.entities.list("items").toArray());
    expect(error.message).toContain("invalid_client");
    expect(error.message).not.toContain("wrong-secret-value");
  });

  it("expired tokens are refused; the client fetches a new one once and goes on", async () => {
    let now = Date.parse("2026-11-02T08:00:00Z");
    const { fake, client } = setup({ now: () => now, auth: { tokenLifetimeSeconds: 600 } });
    await client.entities.list("locations").toArray();
    now += 601_000;
    const locations = await client.entities.list("locations").toArray();
    expect(locations.map((l) => l.code)).toEqual(["MAIN", "EAST"]);
    expect(fake.calls.map((c) => c.status)).toEqual([200, 200, 401, 200, 200]);
  });
});

describe("BC fake: OData reads", () => {
  it("pages with Prefer: odata.maxpagesize and an ABSOLUTE nextLink, which the client's paginator follows", async () => {
    const { fake, client } = setup();
    const first = await raw(fake, `/companies(${fake.companyId})/items`, {
      headers: { prefer: "odata.maxpagesize=5" },
    });
    const body = first.body as { value: unknown[]; "@odata.nextLink": string; "@odata.context": string };
    expect(body.value).toHaveLength(5);
    expect(body["@odata.nextLink"].startsWith(`${fake.baseUrl}/companies(${fake.companyId})/items?`)).toBe(true);
    expect(body["@odata.context"]).toBe(`${fake.baseUrl}/$metadata#companies(${fake.companyId})/items`);
    expect(first.headers.get("preference-applied")).toBe("odata.maxpagesize=5");

    const items = await client.entities.list("items", { maxPageSize: 5 }).toArray();
    expect(items.map((i) => i.number)).toEqual(SEED_PRODUCTS.map((p) => p.sku));
    expect(fake.callCount({ method: "GET", path: "/items" })).toBe(4); // 3 pages here, 1 above
    expect(items.every((i) => typeof i["@odata.etag"] === "string")).toBe(true);
  });

  it("sends decimals as JSON numbers unless Accept says IEEE754Compatible=true; counts read-replica reads", async () => {
    const { fake } = setup();
    const path = `/companies(${fake.companyId})/items?$filter=${encodeURIComponent("number eq 'MUG-BLUE'")}`;
    const plain = await raw(fake, path, { headers: { accept: "application/json" } });
    expect((plain.body as { value: Array<Record<string, unknown>> }).value[0]).toMatchObject({
      unitPrice: 12.9,
      inventory: 175,
    });
    const exact = await raw(fake, path, { headers: { accept: "application/json;IEEE754Compatible=true" } });
    expect((exact.body as { value: Array<Record<string, unknown>> }).value[0]).toMatchObject({
      unitPrice: "12.90",
      inventory: "175",
    });
    const replica = clientFor(fake, { readOnly: true });
    await replica.entities.list("locations").toArray();
    expect(fake.readReplicaReads).toBe(1);
  });

  it("uses the configured default page size when the client states none", async () => {
    const fake = createBcFake({ pageSize: 4 });
    const page = await raw(fake, `/companies(${fake.companyId})/customers`);
    expect((page.body as { value: unknown[] }).value).toHaveLength(4);
    expect(page.body).toHaveProperty("@odata.nextLink");
  });

  it("evaluates $filter (strings with quotes, GUIDs, dates, numbers, and/or/not), $select, $top and $orderby", async () => {
    const { fake, client } = setup();
    const cheapStandard = await client.entities
      .list("items", {
        filter: (f) => f.and(f.eq("taxGroupCode", "VAT19"), f.lt("unitPrice", 13)),
        select: ["number", "unitPrice"],
        orderby: [["number", "desc"]],
      })
      .toArray();
    expect(cheapStandard.map((i) => i.number)).toEqual(["MUG-RED", "MUG-BLUE", "FILTER-PAPER"]);
    expect(Object.keys(cheapStandard[0] ?? {}).sort()).toEqual(["@odata.etag", "number", "unitPrice"]);

    const anna = fake.customers().find((c) => c.number === "C10001");
    const byId = await raw(
      fake,
      `/companies(${fake.companyId})/customers?$filter=${encodeURIComponent(`id eq ${String(anna?.id)}`)}`,
    );
    expect((byId.body as { value: Array<{ displayName: string }> }).value[0]?.displayName).toBe("Anna Schmidt");
    // A GUID property compared with a string literal is a type error in OData: BC answers 400, so must the fake.
    const asString = await expectApiError(
      client.entities.findFirst("customers", (f) => f.eq("id", anna?.id as string)),
    );
    expect(asString.status).toBe(400);
    expect(asString.vendorMessage).toBe(
      "A binary operator with incompatible types was detected. Found operand types 'Edm.Guid' and 'Edm.String' for operator kind 'Equal'.",
    );

    const query = (filter: string) =>
      raw(fake, `/companies(${fake.companyId})/customers?$filter=${encodeURIComponent(filter)}`);
    const combined = await query(
      "(displayName eq 'O''Brien' or displayName eq 'Lukas Bauer') and number lt 'W' and not (number eq 'C10005')",
    );
    expect((combined.body as { value: Array<{ number: string }> }).value.map((c) => c.number)).toEqual(["C10004"]);
    // BC's documented limit: `or` only within one field.
    const distinct = await query("displayName eq 'Lukas Bauer' or number eq 'C10001'");
    expect(distinct.status).toBe(400);
    expect(distinct.body).toMatchObject({
      error: { message: "The 'OR' operator is not supported on distinct fields on an OData filter." },
    });

    await client.entities.createOnce("salesOrders", order("100001"), "externalDocumentNumber");
    const dated = await client.entities
      .list("salesOrders", { filter: (f) => f.ge("orderDate", { date: "2026-11-02" } as never), top: 5 })
      .toArray();
    expect(dated.map((o) => o.externalDocumentNumber)).toEqual(["100001"]);
  });

  it("filterTypeChecks: false lets a GUID be compared with a string literal (hides a real-tenant bug; opt-in only)", async () => {
    const fake = createBcFake({ filterTypeChecks: false });
    const anna = fake.customers().find((c) => c.number === "C10001");
    const lenient = await raw(
      fake,
      `/companies(${fake.companyId})/customers?$filter=${encodeURIComponent(`id eq '${String(anna?.id)}'`)}`,
    );
    expect((lenient.body as { value: Array<{ number: string }> }).value.map((c) => c.number)).toEqual(["C10001"]);
  });

  it("answers an unknown property in $filter or $select with BC's 400, naming it", async () => {
    const { fake } = setup();
    const filter = await raw(fake, `/companies(${fake.companyId})/items?$filter=sku eq 'MUG-BLUE'`);
    expect(filter.status).toBe(400);
    expect(filter.body).toEqual({
      error: { code: "BadRequest", message: "Could not find a property named 'sku' on type 'Microsoft.NAV.item'." },
    });
    const select = await raw(fake, `/companies(${fake.companyId})/items?$select=number,colour`);
    expect((select.body as { error: { message: string } }).error.message).toContain("'colour'");
  });

  it("expands document lines with $expand, also with a nested $select", async () => {
    const { fake, client } = setup();
    const { record } = await client.entities.createOnce("salesOrders", order("100002"), "externalDocumentNumber");
    const read = await raw(
      fake,
      `/companies(${fake.companyId})/salesOrders(${record.id})?$expand=salesOrderLines($select=lineObjectNumber,quantity)`,
    );
    expect((read.body as { salesOrderLines: unknown[] }).salesOrderLines).toEqual([
      // A raw request without IEEE754Compatible=true: decimals are JSON numbers.
      { "@odata.etag": expect.any(String), lineObjectNumber: "MUG-BLUE", quantity: 2 },
      { "@odata.etag": expect.any(String), lineObjectNumber: "TEA-GREEN", quantity: 3 },
      { "@odata.etag": expect.any(String), lineObjectNumber: "6110", quantity: 1 },
    ]);
    const lines = await client.entities.list("salesOrders", { expand: ["salesOrderLines"] as never }).toArray();
    expect((lines[0] as { salesOrderLines?: unknown[] }).salesOrderLines).toHaveLength(3);
  });

  it("reads items for stockFromBcItems: inventory is the sum over locations and moves with setStock (I2)", async () => {
    const { fake, client } = setup();
    const before = await client.entities.list("items").toArray();
    const blue = before.find((i) => i.number === "MUG-BLUE");
    // The client asks for IEEE754Compatible=true, so decimals come as exact strings.
    expect(blue?.inventory).toBe("175");
    fake.setStock("MUG-BLUE", "EAST", 5);
    const after = await client.entities.list("items").toArray();
    const { stock, exceptions } = stockFromBcItems(after, { location: "ALL" });
    expect(exceptions).toEqual([]);
    expect(stock.find((s) => s.sku === "MUG-BLUE")?.onHand.eq(145)).toBe(true);
    expect(after.find((i) => i.number === "MUG-BLUE")?.["@odata.etag"]).not.toBe(blue?.["@odata.etag"]);
    expect(fake.stockOf("MUG-BLUE")).toEqual({ MAIN: 140, EAST: 5 });
  });
});

describe("BC fake: sales documents", () => {
  it("O5/O16: deep insert numbers the order, keeps the external document number and computes exact totals from the lines", async () => {
    const { fake, client } = setup();
    const { record, created } = await client.entities.createOnce(
      "salesOrders",
      order("100003"),
      "externalDocumentNumber",
    );
    expect(created).toBe(true);
    expect(record).toMatchObject({ number: "S-ORD101001", status: "Draft", externalDocumentNumber: "100003" });
    // 2 × 12.90 − 1.29 = 24.51 (19 % → 4.66); 3 × 8.49 = 25.47 (7 % → 1.78); shipping 4.95 (19 % → 0.94)
    expect(record.totalAmountExcludingTax).toBe("54.93");
    expect(record.totalTaxAmount).toBe("7.38");
    expect(record.totalAmountIncludingTax).toBe("62.31");
    const [stored] = fake.salesOrders();
    expect(((stored?.salesOrderLines ?? []) as Array<{ totalTaxAmount: string }>).map((l) => l.totalTaxAmount)).toEqual(
      ["4.66", "1.78", "0.94"],
    );
  });

  it("O1/O12: an unknown SKU or unit rejects the whole deep insert with BC's error naming it; nothing is stored", async () => {
    const { fake, client } = setup();
    const unknown = await expectApiError(
      client.entities.create(
        "salesOrders",
        order("100004", [{ lineType: "Item", lineObjectNumber: "MUG-GOLD", quantity: "1" }]),
      ),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.vendorCode).toBe("Internal_RecordNotFound");
    expect(unknown.message).toContain("No.='MUG-GOLD'");
    // The seed's discontinued SKU is longer than BC's Code[20]: the schema already refuses it.
    const tooLong = await expectApiError(
      client.entities.create(
        "salesOrders",
        order("100004", [{ lineType: "Item", lineObjectNumber: SEED_UNKNOWN_SKU, quantity: "1" }]),
      ),
    );
    expect(tooLong.message).toContain("/salesOrderLines/0/lineObjectNumber");
    const box = await expectApiError(
      client.entities.create(
        "salesOrders",
        order("100004", [{ lineType: "Item", lineObjectNumber: "MUG-BLUE", quantity: "1", unitOfMeasureCode: "BOX" }]),
      ),
    );
    expect(box.message).toContain("Code='BOX'");
    expect(fake.salesOrders()).toEqual([]);
    expect(fake.writes).toBe(0);
  });

  it("validates every POST body against request-schemas.json: the 400 names the field, deep-inserted lines too", async () => {
    const { fake, client } = setup();
    const badQuantity = await expectApiError(
      client.entities.create(
        "salesOrders",
        order("100005", [{ lineType: "Item", lineObjectNumber: "MUG-BLUE", quantity: "two" }]),
      ),
    );
    expect(badQuantity.status).toBe(400);
    expect(badQuantity.vendorCode).toBe("BadRequest");
    expect(badQuantity.message).toContain("/salesOrderLines/0/quantity");

    const unknownField = await expectApiError(
      client.entities.create("salesOrders", { ...order("100005"), giftWrap: true } as SalesOrderCreate),
    );
    expect(unknownField.message).toContain("The property 'giftWrap' does not exist on type 'Microsoft.NAV.salesOrder'");

    const tooLong = await expectApiError(client.entities.create("salesOrders", order("X".repeat(36))));
    expect(tooLong.message).toContain("/externalDocumentNumber");

    const missingCustomer = await raw(fake, `/companies(${fake.companyId})/salesOrders`, {
      method: "POST",
      body: JSON.stringify({ externalDocumentNumber: "100006" }),
    });
    expect(missingCustomer.status).toBe(400);
    expect(JSON.stringify(missingCustomer.body)).toContain("customerNumber");
    expect(fake.writes).toBe(0);
  });

  it("O6: a lost response after the order was committed → createOnce finds it; exactly one order exists", async () => {
    const { fake, client } = setup();
    fake.faults.once({ kind: "lost-response", method: "POST", path: "/salesOrders" });
    const result = await client.entities.createOnce("salesOrders", order("100007"), "externalDocumentNumber", {
      sleep: noSleep,
    });
    expect(result).toMatchObject({ created: true, recoveredFromUnknownOutcome: true });
    expect(fake.faults.injected["lost-response"]).toBe(1);
    const again = await client.entities.createOnce("salesOrders", order("100007"), "externalDocumentNumber");
    expect(again.created).toBe(false);
    expect(fake.salesOrders().filter((o) => o.externalDocumentNumber === "100007")).toHaveLength(1);
  });

  it("shipAndInvoice posts a shipment and an invoice carrying the external document number (O5, F1, O17)", async () => {
    const { fake, client } = setup();
    const { record } = await client.entities.createOnce("salesOrders", order("100008"), "externalDocumentNumber");
    await client.entities.invoke("salesOrders", record.id as string, "Microsoft.NAV.shipAndInvoice");
    expect(fake.salesOrders()).toEqual([]);
    const invoice = await client.entities.findFirst("salesInvoices", (f) => f.eq("externalDocumentNumber", "100008"));
    expect(invoice).toMatchObject({
      number: "S-INV103001",
      status: "Open",
      totalAmountIncludingTax: "62.31",
      orderNumber: "S-ORD101001",
    });
    const total = fromBcSalesInvoice(invoice ?? {}, { localCurrency: "EUR" });
    expect(total.kind === "ok" && total.value.totalAmountIncludingTax.eq("62.31")).toBe(true);

    const [shipment] = await client.entities
      .list("salesShipments", {
        filter: (f) => f.eq("externalDocumentNumber", "100008"),
        expand: ["salesShipmentLines"] as never,
      })
      .toArray();
    const lines = (shipment as { salesShipmentLines?: SalesShipmentLine[] } | undefined)?.salesShipmentLines ?? [];
    const mapped = fromBcSalesShipment(shipment ?? {}, lines, {
      orderRefFor: (number) => ({ system: "storefront", type: "order", id: number }),
    });
    expect(mapped.kind).toBe("ok");
    if (mapped.kind === "ok")
      expect(mapped.value.lines.map((l) => [l.sku, l.quantity.toString()])).toEqual([
        ["MUG-BLUE", "2"],
        ["TEA-GREEN", "3"],
      ]);
  });

  it("postedOrders seeds invoices and shipments whose totals equal the storefront grand totals, to the cent", async () => {
    const orders = seedOrders();
    const fake = createBcFake({ postedOrders: orders });
    const invoices = fake.salesInvoices();
    const postable = orders.filter((o) => !o.lines.some((l) => l.sku === SEED_UNKNOWN_SKU));
    expect(invoices.map((i) => i.externalDocumentNumber)).toEqual(postable.map((o) => o.number));
    for (const seeded of postable) {
      const invoice = invoices.find((i) => i.externalDocumentNumber === seeded.number);
      expect(invoice?.totalAmountIncludingTax, `order ${seeded.number}`).toBe(seeded.grandTotal);
      expect(invoice?.customerNumber).toBe(seeded.customer?.number ?? BC_GUEST_CUSTOMER_NUMBER);
    }
    expect(fake.salesShipments()).toHaveLength(postable.length);
  });

  it("R1: a credit memo references the invoice it corrects and posts with Microsoft.NAV.post", async () => {
    const fake = createBcFake({ postedOrders: seedOrders({ count: 2 }) });
    const client = clientFor(fake);
    const [invoice] = fake.salesInvoices();
    const { record } = await client.entities.createOnce(
      "salesCreditMemos",
      {
        customerNumber: invoice?.customerNumber as string,
        externalDocumentNumber: `${String(invoice?.externalDocumentNumber)}-re_1`,
        invoiceId: invoice?.id as string,
        salesCreditMemoLines: [{ lineType: "Item", lineObjectNumber: "MUG-BLUE", quantity: "1", unitPrice: "12.90" }],
      },
      "externalDocumentNumber",
    );
    expect(record).toMatchObject({ status: "Draft", invoiceNumber: invoice?.number, totalAmountIncludingTax: "15.35" });
    await client.entities.invoke("salesCreditMemos", record.id as string, "Microsoft.NAV.post");
    expect(fake.salesCreditMemos()[0]).toMatchObject({ status: "Open" });
    const unknownInvoice = await expectApiError(
      client.entities.create("salesCreditMemos", {
        customerNumber: "C10001",
        externalDocumentNumber: "x-1",
        invoiceId: "00000000-0000-4000-8000-000000000000",
      }),
    );
    expect(unknownInvoice.message).toContain("Sales Invoice Header does not exist");
  });

  it("refuses writes to read-only API pages with 405", async () => {
    const { client } = setup();
    const error = await expectApiError(
      client.entities.create("salesShipments", { externalDocumentNumber: "1" } as never),
    );
    expect(error.status).toBe(405);
    expect(error.vendorCode).toBe("BadRequest_MethodNotAllowed");
  });
});

describe("BC fake: ETags", () => {
  it("a stale ETag is 412 Request_EntityChanged, surfaced as ODataConcurrencyConflictError", async () => {
    const { fake, client } = setup();
    const { record } = await client.entities.createOnce("salesOrders", order("100010"), "externalDocumentNumber");
    const updated = await client.entities.update("salesOrders", record, { shipToName: "Anna S." });
    expect(updated?.["@odata.etag"]).not.toBe(record["@odata.etag"]);
    const error = await expectApiError(client.entities.update("salesOrders", record, { shipToName: "Someone else" }));
    expect(error.name).toBe("ODataConcurrencyConflictError");
    expect(error).toMatchObject({ status: 412, vendorCode: "Request_EntityChanged", retryable: false });
    expect(fake.salesOrders()[0]?.shipToName).toBe("Anna S.");
  });

  it("PATCH and DELETE without If-Match are refused; If-Match: * overwrites", async () => {
    const { fake, client } = setup();
    const { record } = await client.entities.createOnce("salesOrders", order("100011"), "externalDocumentNumber");
    const path = `/companies(${fake.companyId})/salesOrders(${record.id})`;
    const patch = await raw(fake, path, { method: "PATCH", body: JSON.stringify({ shipToName: "x" }) });
    expect(patch.status).toBe(400);
    expect(JSON.stringify(patch.body)).toContain("concurrency token");
    expect((await raw(fake, path, { method: "DELETE" })).status).toBe(400);
    expect((await raw(fake, path, { method: "DELETE", headers: { "if-match": "*" } })).status).toBe(204);
    expect(fake.salesOrders()).toEqual([]);
  });

  it("a PATCH body is validated against <Type>Update", async () => {
    const { client } = setup();
    const { record } = await client.entities.createOnce("salesOrders", order("100012"), "externalDocumentNumber");
    const error = await expectApiError(client.entities.update("salesOrders", record, { id: "x" } as never));
    expect(error.message).toContain("/id");
  });
});

describe("BC fake: $batch", () => {
  it("runs JSON batch operations in order, results mapped back by the client", async () => {
    const { fake, client } = setup();
    const root = `companies(${fake.companyId})`;
    const results = await client.batch([
      { method: "POST", url: `${root}/salesOrders`, body: order("100020") },
      { method: "GET", url: `${root}/items?$filter=${encodeURIComponent("number eq 'MUG-RED'")}` },
      {
        method: "POST",
        url: `${root}/salesOrders`,
        body: order("100021", [{ lineType: "Item", lineObjectNumber: "NOPE" }]),
      },
    ]);
    expect(results.map((r) => r.status)).toEqual([201, 200, 400]);
    expect((results[1] as { body: { value: Array<{ number: string }> } }).body.value[0]?.number).toBe("MUG-RED");
    expect(fake.salesOrders().map((o) => o.externalDocumentNumber)).toEqual(["100020"]);
  });

  it("Isolation: snapshot makes the batch atomic: one failure keeps nothing", async () => {
    const { fake, client } = setup();
    const root = `companies(${fake.companyId})`;
    const results = await client.batch(
      [
        { method: "POST", url: `${root}/salesOrders`, body: order("100022") },
        {
          method: "POST",
          url: `${root}/salesOrders`,
          body: order("100023", [{ lineType: "Item", lineObjectNumber: "NOPE" }]),
        },
      ],
      { transactional: true },
    );
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(fake.salesOrders()).toEqual([]);
    expect(fake.writes).toBe(0);
  });

  it("refuses more than 100 operations with 400 (the client splits them itself)", async () => {
    const { fake, client } = setup();
    const requests = Array.from({ length: 101 }, (_, i) => ({
      id: String(i + 1),
      method: "GET",
      url: `companies(${fake.companyId})/items`,
    }));
    const tooMany = await raw(fake, "/$batch", { method: "POST", body: JSON.stringify({ requests }) });
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body)).toContain("maximum is 100");
    const results = await client.batch(requests.map((r) => ({ method: "GET" as const, url: r.url })));
    expect(results.filter((r) => r.ok)).toHaveLength(101);
    expect(fake.callCount({ path: "/$batch" })).toBe(3);
  });
});

describe("BC fake: limits (X2)", () => {
  it("429 WITH Retry-After is retried by the client after the server's wait", async () => {
    const { fake, client } = setup();
    fake.throttleNext(1, { retryAfter: true });
    expect(await client.entities.list("locations").toArray()).toHaveLength(2);
    const statuses = fake.calls.filter((c) => c.path.endsWith("/locations")).map((c) => c.status);
    expect(statuses).toEqual([429, 200]);
  });

  it("429 WITHOUT Retry-After is retried with backoff all the same", async () => {
    const { fake, client } = setup({ limits: { omitRetryAfterRate: 1 } });
    fake.throttleNext(2, { retryAfter: false });
    expect(await client.entities.list("locations").toArray()).toHaveLength(2);
    expect(fake.throttled.scripted).toBe(2);
    const probe = createBcFake({ limits: { omitRetryAfterRate: 1 } }).throttleNext(1, { retryAfter: false });
    const answer = await raw(probe, `/companies(${probe.companyId})/items`);
    expect(answer.status).toBe(429);
    expect(answer.headers.get("retry-after")).toBeNull();
    expect(answer.body).toMatchObject({ error: { code: "Application_TooManyRequests" } });
  });

  it("the sliding-window quota answers 429 with Retry-After until the window moves", async () => {
    let now = 0;
    const fake = createBcFake({ now: () => now, limits: { requestsPerWindow: 3, windowMs: 60_000 } });
    const path = `/companies(${fake.companyId})/locations`;
    for (let i = 0; i < 3; i++) expect((await raw(fake, path)).status).toBe(200);
    now = 20_000;
    const limited = await raw(fake, path);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("40");
    now = 60_000;
    expect((await raw(fake, path)).status).toBe(200);
    expect(fake.throttled.quota).toBe(1);
  });

  it("the client's governor keeps 12 parallel reads at ≤ 5 in flight; a raw burst beyond 5 + 95 queued gets 429", async () => {
    const { fake, client } = setup({ processingMs: 15 });
    const reads = await Promise.all(Array.from({ length: 12 }, () => client.entities.list("locations").toArray()));
    expect(reads.every((r) => r.length === 2)).toBe(true);
    expect(fake.concurrency.peakInFlight).toBe(5);
    expect(fake.throttled.concurrency).toBe(0);

    const burst = createBcFake({ processingMs: 15, limits: { maxConcurrent: 5, maxQueued: 95 } });
    const token = burst.issueToken();
    const answers = await Promise.all(
      Array.from({ length: 110 }, () =>
        burst.fetch(`${burst.baseUrl}/companies(${burst.companyId})/locations`, {
          headers: { authorization: `Bearer ${token}` },
        }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
  });
});

describe("BC fake: journals (S1)", () => {
  it("journal lines post to G/L entries when the document balances; an unbalanced document is refused", async () => {
    const { fake, client } = setup();
    const journal = fake.journals().find((j) => j.code === "PAYOUTS");
    const line = (lineNumber: number, accountNumber: string, amount: string) => ({
      journalId: journal?.id as string,
      lineNumber,
      accountType: "G_x002F_L_x0020_Account" as const,
      accountNumber,
      postingDate: "2026-03-03",
      documentNumber: "po_1",
      amount,
      description: "payout",
    });
    await client.entities.create("journalLines", line(10000, "2910", "100.00"));
    await client.entities.create("journalLines", line(20000, "2320", "-99.50"));
    const duplicate = await expectApiError(client.entities.create("journalLines", line(20000, "8640", "-0.50")));
    expect(duplicate.vendorCode).toBe("Internal_EntityWithSameKeyExists");
    const unbalanced = await expectApiError(
      client.entities.invoke("journals", journal?.id as string, "Microsoft.NAV.post"),
    );
    expect(unbalanced.message).toContain("out of balance by 0.50");
    await client.entities.create("journalLines", line(30000, "8640", "-0.50"));
    const unknownAccount = await expectApiError(client.entities.create("journalLines", line(40000, "1234", "0")));
    expect(unknownAccount.message).toContain("No.='1234'");
    await client.entities.invoke("journals", journal?.id as string, "Microsoft.NAV.post");
    expect(fake.journalLines()).toEqual([]);
    const entries = await client.entities
      .list("generalLedgerEntries", { filter: (f) => f.eq("documentNumber", "po_1") })
      .toArray();
    expect(entries.map((e) => [e.accountNumber, e.debitAmount, e.creditAmount])).toEqual([
      ["2910", "100.00", "0.00"],
      ["2320", "0.00", "99.50"],
      ["8640", "0.00", "0.50"],
    ]);
    expect(Decimal.sum(entries.map((e) => Decimal.from(String(e.debitAmount)))).eq(100)).toBe(true);
  });
});

describe("BC fake: transports", () => {
  let server: Awaited<ReturnType<typeof startFakeServer>>;
  const overLoopback = createBcFake();
  beforeAll(async () => {
    server = await startFakeServer([overLoopback]);
  });
  afterAll(async () => {
    await server.close();
  });

  it("over the loopback server, nextLinks point at the server and paging still reaches every item", async () => {
    const baseUrl = server.baseUrlOf(overLoopback);
    const client = createBcClient({
      tenantId: overLoopback.tenantId,
      environment: overLoopback.environment,
      companyId: overLoopback.companyId,
      baseUrl,
      auth: { getToken: () => overLoopback.issueToken() },
      maxPageSize: 5,
    });
    const items = await client.entities.list("items").toArray();
    expect(items).toHaveLength(SEED_PRODUCTS.length);
    const firstPage = overLoopback.calls.find((c) => c.path.endsWith("/items") && c.search === "");
    expect(firstPage?.status).toBe(200);
    const response = await fetch(`${baseUrl}/companies(${overLoopback.companyId})/items`, {
      headers: { authorization: `Bearer ${overLoopback.issueToken()}`, prefer: "odata.maxpagesize=5" },
    });
    const body = (await response.json()) as { "@odata.nextLink": string };
    expect(body["@odata.nextLink"].startsWith(`${baseUrl}/companies(`)).toBe(true);
    const token = await fetch(`${baseUrl}/oauth2/v2.0/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: BC_FAKE_CLIENT_ID,
        client_secret: BC_FAKE_CLIENT_SECRET,
        scope: "https://api.businesscentral.dynamics.com/.default",
      }),
    });
    expect(await token.json()).toMatchObject({ token_type: "Bearer", expires_in: 3599 });
  });

  it("through msw (onUnhandledRequest: error), with createOnce after a lost response", async () => {
    const fake = createBcFake();
    const msw = setupServer(...fakeHandlers(fake));
    msw.listen({ onUnhandledRequest: "error" });
    try {
      const client = createBcClient({
        tenantId: fake.tenantId,
        environment: fake.environment,
        companyId: fake.companyId,
        // The default Entra token URL: msw answers it because the fake lists it in `extraUrls`.
        auth: { clientId: BC_FAKE_CLIENT_ID, clientSecret: BC_FAKE_CLIENT_SECRET },
        retry: fastRetry,
      });
      fake.faults.once({ kind: "lost-response", method: "POST", path: "/salesOrders" });
      const result = await client.entities.createOnce("salesOrders", order("100030"), "externalDocumentNumber", {
        sleep: noSleep,
      });
      expect(result.recoveredFromUnknownOutcome).toBe(true);
      expect(fake.salesOrders()).toHaveLength(1);
    } finally {
      msw.close();
    }
  });
});
