/**
 * A consumer of both clients' generated types through openapi-fetch, checked by `vitest --typecheck`: valid calls
 * compile with the expected result types, and wrong paths, wrong fields and missing required parameters do not.
 */
import createClient from "openapi-fetch";
import { describe, expectTypeOf, it } from "vitest";
import type {
  EntitySets as BcEntitySets,
  paths as BcPaths,
  SalesOrder,
  SalesOrderCreate,
  SalesOrderUpdate,
  Selected,
  SelectFrom,
} from "../../bc-client/src/generated/index.js";
import type {
  EntitySets as B1EntitySets,
  paths as B1Paths,
  Document,
  DocumentCreate,
  DocumentUpdate,
  Item,
  ItemCreate,
} from "../../sapb1-client/src/generated/index.js";

const bc = createClient<BcPaths>({ baseUrl: "https://bc.example/api/v2.0" });
const b1 = createClient<B1Paths>({ baseUrl: "https://b1.example/b1s/v2" });
const company_id = "00000000-0000-0000-0000-000000000001";

describe("Business Central", () => {
  it("lists sales orders and reads a decimal", async () => {
    const { data } = await bc.GET("/companies({company_id})/salesOrders", {
      params: { path: { company_id }, query: { $select: "id,number,totalAmountIncludingTax", $top: 10 } },
    });
    expectTypeOf(data?.value).toEqualTypeOf<SalesOrder[] | undefined>();
    expectTypeOf(data?.value[0]?.totalAmountIncludingTax).toEqualTypeOf<number | string | null | undefined>();
    expectTypeOf(data?.["@odata.nextLink"]).toEqualTypeOf<string | undefined>();
  });

  it("creates a sales order with lines; id is not required", async () => {
    const { data } = await bc.POST("/companies({company_id})/salesOrders", {
      params: { path: { company_id } },
      body: {
        customerNumber: "10000",
        externalDocumentNumber: "SHOP-1",
        salesOrderLines: [{ lineObjectNumber: "1896-S", quantity: 1 }],
      },
    });
    expectTypeOf(data).toEqualTypeOf<SalesOrder | undefined>();
  });

  it("rejects a missing required field, a read-only field and an unknown field on create", () => {
    // @ts-expect-error customerNumber is required
    const missing: SalesOrderCreate = { externalDocumentNumber: "SHOP-1" };
    // @ts-expect-error lastModifiedDateTime is server-maintained
    const readOnly: SalesOrderCreate = { customerNumber: "10000", lastModifiedDateTime: "2025-01-01T00:00:00Z" };
    // @ts-expect-error misspelt field
    const misspelt: SalesOrderCreate = { customerNumber: "10000", externalDocumentNo: "x" };
    void [missing, readOnly, misspelt];
    expectTypeOf<SalesOrderCreate>().toHaveProperty("id");
    expectTypeOf<Pick<SalesOrderCreate, "id">>().toEqualTypeOf<{ id?: string }>();
  });

  it("update bodies have no key", () => {
    expectTypeOf<keyof SalesOrderUpdate>().not.toEqualTypeOf<"id">();
    // @ts-expect-error the key is in the URL, not in the body
    const withKey: SalesOrderUpdate = { id: "x" };
    void withKey;
  });

  it("a wrong path, a missing path parameter and a missing If-Match fail to compile", () => {
    // @ts-expect-error no such entity set
    void bc.GET("/companies({company_id})/salesOrderz", { params: { path: { company_id } } });
    // @ts-expect-error company_id is required
    void bc.GET("/companies({company_id})/salesOrders", { params: { path: {} } });
    void bc.PATCH("/companies({company_id})/salesOrders({id})", {
      // @ts-expect-error If-Match header is required on BC writes
      params: { path: { company_id, id: "x" } },
      body: { externalDocumentNumber: "SHOP-2" },
    });
    void bc.PATCH("/companies({company_id})/salesOrders({id})", {
      params: { path: { company_id, id: "x" }, header: { "If-Match": 'W/"etag"' } },
      body: { externalDocumentNumber: "SHOP-2" },
    });
    void bc.POST("/companies({company_id})/salesOrders({salesOrder_id})/salesOrderLines", {
      // @ts-expect-error the parent order's key (salesOrder_id) is missing
      params: { path: { company_id } },
      body: {},
    });
  });

  it("bound actions", () => {
    void bc.POST("/companies({company_id})/salesInvoices({id})/Microsoft.NAV.post", {
      params: { path: { company_id, id: "x" } },
    });
    // @ts-expect-error post is bound to invoices, not to customers
    void bc.POST("/companies({company_id})/customers({id})/Microsoft.NAV.post", {
      params: { path: { company_id, id: "x" } },
    });
  });

  it("$select narrows the result type", () => {
    type Row = Selected<SalesOrder, readonly ["id", "number", "totalAmountIncludingTax"]>;
    expectTypeOf<Row>().toEqualTypeOf<{
      id: string;
      number: string | null;
      totalAmountIncludingTax: number | string | null;
      "@odata.etag"?: string;
    }>();
    expectTypeOf<SelectFrom<"salesOrders", readonly ["id"]>>().toEqualTypeOf<{ id: string; "@odata.etag"?: string }>();
    // @ts-expect-error not a field of salesOrder
    expectTypeOf<SelectFrom<"salesOrders", readonly ["nope"]>>().toBeObject();
  });

  it("the entity-set map ties names to types and paths", () => {
    expectTypeOf<BcEntitySets["salesOrders"]["key"]>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<
      BcEntitySets["salesOrders"]["itemPath"]
    >().toEqualTypeOf<"/companies({company_id})/salesOrders({id})">();
    expectTypeOf<BcEntitySets["salesOrders"]["actions"]>().toHaveProperty("Microsoft.NAV.shipAndInvoice");
    expectTypeOf<BcEntitySets["salesOrders"]["collections"]>().toHaveProperty("salesOrderLines");
    expectTypeOf<BcEntitySets["generalLedgerEntries"]["create"]>().toBeNever();
  });
});

describe("SAP Business One", () => {
  it("lists orders and creates one with a line and user fields", async () => {
    const list = await b1.GET("/Orders", { params: { query: { $select: "DocEntry,CardCode,DocTotal", $top: 10 } } });
    expectTypeOf(list.data?.value[0]?.DocTotal).toEqualTypeOf<number | null | undefined>();
    const created = await b1.POST("/Orders", {
      body: {
        CardCode: "C20000",
        DocumentLines: [{ ItemCode: "A00001", Quantity: 1, U_Note: "gift" }],
        U_Channel: "web",
      },
    });
    expectTypeOf(created.data?.DocEntry).toEqualTypeOf<number | undefined>();
    expectTypeOf(created.data?.U_Channel).toEqualTypeOf<Document["U_Channel"] | undefined>();
    expectTypeOf<Document["U_Anything"]>().toEqualTypeOf<string | number | boolean | null | undefined>();
  });

  it("rejects unknown fields that are not user fields, and wrong enum values", () => {
    // @ts-expect-error CustomerCode is not a Document field (user fields must start with U_)
    const unknown: DocumentCreate = { CardCode: "C20000", CustomerCode: "x" };
    // @ts-expect-error not a BoDocumentTypes member
    const wrongEnum: DocumentCreate = { DocType: "dDocument_Things" };
    // @ts-expect-error DocEntry is the key
    const withKey: DocumentUpdate = { DocEntry: 1 };
    void [unknown, wrongEnum, withKey];
  });

  it("string keys are required on create, integer keys are server-set", () => {
    // @ts-expect-error ItemCode is the key and the client chooses it
    const noCode: ItemCreate = { ItemName: "Widget" };
    const ok: ItemCreate = { ItemCode: "W-1", ItemName: "Widget" };
    const order: DocumentCreate = { CardCode: "C20000" };
    void [noCode, ok, order];
    expectTypeOf<Item["ItemCode"]>().toEqualTypeOf<string>();
  });

  it("a wrong path and a missing key fail to compile; bound and unbound actions are typed", () => {
    // @ts-expect-error no such entity set
    void b1.GET("/Orderz");
    // @ts-expect-error DocEntry is required
    void b1.GET("/Orders({DocEntry})", { params: { path: {} } });
    void b1.POST("/Orders({DocEntry})/Close", { params: { path: { DocEntry: 1 } } });
    // @ts-expect-error DocEntry is a number
    void b1.POST("/Orders({DocEntry})/Close", { params: { path: { DocEntry: "1" } } });
    expectTypeOf<B1EntitySets["Orders"]["key"]>().toEqualTypeOf<{ DocEntry: number }>();
    expectTypeOf<B1EntitySets["Items"]["itemPath"]>().toEqualTypeOf<"/Items('{ItemCode}')">();
  });
});
