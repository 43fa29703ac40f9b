/**
 * The fake answers look-ups through indexes (lines by document, records by number, `$filter` `eq`/`in` on a field).
 * These tests hold the indexed answers to the plain scan's after arbitrary writes: every `$filter` GET must return
 * exactly the records, in the same order, that the filter selects from the fake's state accessors (a table scan).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BcFake, createBcFake } from "./bc-fake.js";
import { parseFilter } from "./odata-query.js";

interface Answer {
  status: number;
  body: Record<string, unknown> | undefined;
}

async function raw(fake: BcFake, path: string, init: RequestInit = {}): Promise<Answer> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${fake.issueToken()}`);
  headers.set("accept", "application/json;IEEE754Compatible=true");
  if (init.body) headers.set("content-type", "application/json");
  const response = await fake.fetch(`${fake.baseUrl}${path}`, { ...init, headers });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const NUMBERS = ["100001", "100002", "100003", "O'Brien-1"];
const SKUS = ["MUG-BLUE", "MUG-RED", "TEA-GREEN"];
const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;

type Operation =
  | { kind: "create"; number: string; skus: string[] }
  | { kind: "renumber"; pick: number; number: string }
  | { kind: "addLine"; pick: number; sku: string }
  | { kind: "deleteLine"; pick: number }
  | { kind: "deleteOrder"; pick: number }
  | { kind: "ship"; pick: number }
  | { kind: "failedSnapshotBatch"; number: string };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    kind: fc.constant("create" as const),
    number: fc.constantFrom(...NUMBERS),
    skus: fc.array(fc.constantFrom(...SKUS), { maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant("renumber" as const), pick: fc.nat(), number: fc.constantFrom(...NUMBERS) }),
  fc.record({ kind: fc.constant("addLine" as const), pick: fc.nat(), sku: fc.constantFrom(...SKUS) }),
  fc.record({ kind: fc.constant("deleteLine" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("deleteOrder" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("ship" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("failedSnapshotBatch" as const), number: fc.constantFrom(...NUMBERS) }),
);

function pickFrom<T>(values: readonly T[], pick: number): T | undefined {
  return values.length === 0 ? undefined : values[pick % values.length];
}

async function apply(fake: BcFake, op: Operation): Promise<void> {
  const root = `/companies(${fake.companyId})`;
  const orders = fake.salesOrders();
  const lineBody = (sku: string) => ({ lineType: "Item", lineObjectNumber: sku, quantity: 1 });
  switch (op.kind) {
    case "create":
      await raw(fake, `${root}/salesOrders`, {
        method: "POST",
        body: JSON.stringify({
          customerNumber: "C10001",
          externalDocumentNumber: op.number,
          salesOrderLines: op.skus.map(lineBody),
        }),
      });
      return;
    case "renumber": {
      const order = pickFrom(orders, op.pick);
      if (order)
        await raw(fake, `${root}/salesOrders(${String(order.id)})`, {
          method: "PATCH",
          headers: { "if-match": "*" },
          body: JSON.stringify({ externalDocumentNumber: op.number }),
        });
      return;
    }
    case "addLine": {
      const order = pickFrom(orders, op.pick);
      if (order)
        await raw(fake, `${root}/salesOrders(${String(order.id)})/salesOrderLines`, {
          method: "POST",
          body: JSON.stringify(lineBody(op.sku)),
        });
      return;
    }
    case "deleteLine": {
      const line = pickFrom(
        orders.flatMap((o) => o.salesOrderLines as Array<Record<string, unknown>>),
        op.pick,
      );
      if (line)
        await raw(fake, `${root}/salesOrderLines(${String(line.id)})`, {
          method: "DELETE",
          headers: { "if-match": "*" },
        });
      return;
    }
    case "deleteOrder": {
      const order = pickFrom(orders, op.pick);
      if (order)
        await raw(fake, `${root}/salesOrders(${String(order.id)})`, {
          method: "DELETE",
          headers: { "if-match": "*" },
        });
      return;
    }
    case "ship": {
      const order = pickFrom(orders, op.pick);
      if (order)
        await raw(fake, `${root}/salesOrders(${String(order.id)})/Microsoft.NAV.shipAndInvoice`, { method: "POST" });
      return;
    }
    case "failedSnapshotBatch":
      // Snapshot isolation restores the whole store: the indexes must follow.
      await raw(fake, "/$batch", {
        method: "POST",
        headers: { isolation: "snapshot" },
        body: JSON.stringify({
          requests: [
            {
              id: "1",
              method: "POST",
              url: `companies(${fake.companyId})/salesOrders`,
              headers: { "content-type": "application/json" },
              body: { customerNumber: "C10001", externalDocumentNumber: op.number },
            },
            {
              id: "2",
              method: "POST",
              url: `companies(${fake.companyId})/salesOrders`,
              headers: { "content-type": "application/json" },
              body: { customerNumber: "NO-SUCH-CUSTOMER" },
            },
          ],
        }),
      });
      return;
  }
}

/** Every record of a set by a GET without `$filter`: a plain scan of the table, in table order. */
async function scan(fake: BcFake, set: string): Promise<Array<Record<string, unknown>>> {
  const answer = await raw(fake, `/companies(${fake.companyId})/${set}`);
  expect(answer.status).toBe(200);
  return (answer.body?.value ?? []) as Array<Record<string, unknown>>;
}

/** `$filter` GET against the scan of the same state: same ids, same order. */
async function expectSameAsScan(
  fake: BcFake,
  path: string,
  filter: string,
  scanned: ReadonlyArray<Record<string, unknown>>,
): Promise<void> {
  const answer = await raw(fake, `${path}?$filter=${encodeURIComponent(filter)}`);
  expect(answer.status, filter).toBe(200);
  const predicate = parseFilter(filter);
  const got = ((answer.body?.value ?? []) as Array<Record<string, unknown>>).map((r) => r.id);
  expect(got, filter).toEqual(scanned.filter((r) => predicate(r)).map((r) => r.id));
}

async function checkLookups(fake: BcFake): Promise<void> {
  const root = `/companies(${fake.companyId})`;
  const orders = await scan(fake, "salesOrders");
  const invoices = await scan(fake, "salesInvoices");
  const lines = await scan(fake, "salesOrderLines");
  const [a = "", b = "", , d = ""] = NUMBERS;
  for (const filter of [
    `externalDocumentNumber eq ${quote(a)}`,
    `externalDocumentNumber eq ${quote(d)}`,
    `externalDocumentNumber eq ${quote(a)} or externalDocumentNumber eq ${quote(b)}`,
    `externalDocumentNumber in (${quote(a)},${quote(b)})`,
    `externalDocumentNumber eq ${quote(b)} and status eq 'Draft'`,
    `externalDocumentNumber ne ${quote(a)}`,
    `number eq 'S-ORD101002' or number eq 'S-ORD101004'`,
    `customerNumber eq 'C10001' and externalDocumentNumber eq ${quote(a)}`,
  ]) {
    await expectSameAsScan(fake, `${root}/salesOrders`, filter, orders);
  }
  await expectSameAsScan(fake, `${root}/salesInvoices`, `externalDocumentNumber eq ${quote(a)}`, invoices);
  // The accessor (document lines through the index, in line order) agrees with the scan.
  for (const order of fake.salesOrders()) {
    const own = lines.filter((l) => l.documentId === order.id);
    const sequence = (l: Record<string, unknown>) => Number(l.sequence);
    expect((order.salesOrderLines as Array<Record<string, unknown>>).map((l) => l.id)).toEqual(
      [...own].sort((x, y) => sequence(x) - sequence(y)).map((l) => l.id),
    );
  }
  for (const order of orders.slice(0, 3)) {
    const id = String(order.id);
    // The document id as a GUID literal in upper case: OData GUIDs compare case-insensitively.
    await expectSameAsScan(fake, `${root}/salesOrderLines`, `documentId eq ${id.toUpperCase()}`, lines);
    const own = lines.filter((l) => l.documentId === id);
    await expectSameAsScan(fake, `${root}/salesOrders(${id})/salesOrderLines`, "lineObjectNumber eq 'MUG-BLUE'", own);
    await expectSameAsScan(fake, `${root}/salesOrders(${id})/salesOrderLines`, "true", own);
  }
}

describe("BC fake: indexed look-ups answer as a scan does", () => {
  it("after any sequence of creates, renumbering, line changes, deletes, posting and rolled-back batches", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 14 }), async (operations) => {
        const fake = createBcFake({ limits: false });
        // Build the indexes first, so that every later write has to keep them current.
        await checkLookups(fake);
        for (const op of operations) {
          await apply(fake, op);
          await checkLookups(fake);
        }
      }),
      { numRuns: 30, seed: 20261122 },
    );
  }, 60_000);

  it("a record found by number is the first in table order, as the scan found it", async () => {
    const fake = createBcFake({ limits: false });
    fake.seed("customers", { number: "C20000", displayName: "First" });
    fake.seed("customers", { number: "C20000", displayName: "Second" });
    const created = await raw(fake, `/companies(${fake.companyId})/salesOrders`, {
      method: "POST",
      body: JSON.stringify({ customerNumber: "C20000" }),
    });
    expect(created.status).toBe(201);
    expect(created.body?.customerName).toBe("First");
  });
});
