/**
 * The vendors' own example payloads, read in place from `../shared/specs` (never copied into the repository):
 * BigCommerce's OpenAPI `examples` and Oro's sample responses (materialised by the Oro client's test loader).
 * Magento's published schema carries no example payloads.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";

export const SPECS = new URL("../../../../shared/specs/", import.meta.url);

type Node = Record<string, unknown>;

function yamlSpec(relative: string): Node {
  return parse(readFileSync(new URL(relative, SPECS), "utf8")) as Node;
}

/** Every `examples` entry of a component response, by example name (the `value`, unwrapped). */
function responseExamples(spec: Node, response: string): Record<string, unknown> {
  const components = spec.components as Node;
  const content = ((components.responses as Node)[response] as Node).content as Node;
  const examples = ((content["application/json"] as Node).examples ?? {}) as Record<string, Node>;
  return Object.fromEntries(Object.entries(examples).map(([name, example]) => [name, example.value]));
}

export function bigCommerceExamples() {
  const v2 = yamlSpec("bigcommerce/orders.v2.oas2.yml");
  const v3 = yamlSpec("bigcommerce/orders.v3.yml");
  const shippingPut = (
    (((v2.paths as Node)["/orders/{order_id}/shipping_addresses/{id}"] as Node).put as Node).responses as Node
  )["200"] as Node;
  const shippingExamples = ((shippingPut.content as Node)["application/json"] as Node).examples as Record<string, Node>;
  return {
    shippingAddress: Object.values(shippingExamples)[0]?.value as Node,
    orders: responseExamples(v2, "order_Resp") as Record<string, Node>,
    products: Object.values(responseExamples(v2, "orderProductsCollection_Resp"))[0] as Node[],
    taxes: Object.values(responseExamples(v2, "orderTaxes_Resp"))[0] as Node[],
    refunds: Object.fromEntries(
      Object.entries(responseExamples(v3, "RefundID_Response")).map(([name, value]) => [name, (value as Node).data]),
    ) as Record<string, Node>,
  };
}

/** How many `example`/`examples` keys Magento's admin schema has (0 in 2.4.9: nothing to run end to end). */
export function magentoExampleCount(): number {
  const text = readFileSync(new URL("magento/admin-schema-2.4.9.oas3.yaml", SPECS), "utf8");
  return (text.match(/^\s+examples?:/gm) ?? []).length;
}
