/**
 * The storefront clients' generated types against their vendor specs: every path and method of every spec is in the
 * generated `paths` (read with the TypeScript parser), nothing else is, the committed output is what the generator
 * produces now (drift), and the output is lean (no prose, no client-supplied headers).
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadConfig } from "../src/config.js";
import { defaultLabel } from "../src/generate.js";
import type { OpenApiSource } from "../src/openapi-input.js";
import { generateOpenApiFiles, type OpenApiGenerateOptions } from "../src/openapi-mode.js";
import {
  BIGCOMMERCE_CLIENT,
  MAGENTO_CLIENT,
  ORO_CLIENT,
  operationsInSpec,
  operationsInTypes,
  specsDir,
  typeCheck,
} from "./helpers.js";

async function clientOptions(client: string): Promise<OpenApiGenerateOptions> {
  const options = await loadConfig(join(client, "codegen.config.ts"));
  if (options.vendor !== "openapi") throw new Error(`${client} is not an openapi config`);
  return options;
}

function generatedFile(client: string, source: OpenApiSource): string {
  const file = source.group && source.group !== "paths" ? `${source.group}-paths.d.ts` : "paths.d.ts";
  return readFileSync(join(client, "src/generated", file), "utf8");
}

/** Expected operations per generated file, from the raw specs (Swagger 2.0 paths are the same as after conversion). */
function expectedOperations(client: string, sources: readonly OpenApiSource[]) {
  const byFile = new Map<string, Map<string, string[]>>();
  for (const source of sources) {
    const spec = parse(readFileSync(source.file, "utf8"), { maxAliasCount: -1 });
    const file = generatedFile(client, source);
    const expected = byFile.get(file) ?? new Map<string, string[]>();
    for (const [path, methods] of operationsInSpec(spec, source.pathPrefix ?? "")) {
      expected.set(path, [...(expected.get(path) ?? []), ...methods]);
    }
    byFile.set(file, expected);
  }
  return byFile;
}

function expectAllOperations(client: string, sources: readonly OpenApiSource[]): number {
  let operations = 0;
  for (const [text, expected] of expectedOperations(client, sources)) {
    const actual = operationsInTypes(text);
    const missing = [...expected.keys()].filter((path) => !actual.has(path));
    expect(missing, "paths missing from the generated types").toEqual([]);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [path, methods] of expected) {
      expect({ path, methods: actual.get(path)?.sort() }).toEqual({ path, methods: [...methods].sort() });
      operations += methods.length;
    }
  }
  return operations;
}

describe("BigCommerce", async () => {
  const options = await clientOptions(BIGCOMMERCE_CLIENT);

  it("the config covers every BigCommerce spec file", () => {
    const files = readdirSync(join(specsDir, "bigcommerce")).filter((name) => /\.ya?ml$/.test(name));
    expect(options.sources.map((source) => basename(source.file)).sort()).toEqual(files.sort());
  });

  it("every path and method of every spec is in `paths` (v2/v3 prefixed) or `paymentsPaths`", () => {
    const operations = expectAllOperations(BIGCOMMERCE_CLIENT, options.sources);
    expect(operations).toBeGreaterThan(170);
    const paths = operationsInTypes(readFileSync(join(BIGCOMMERCE_CLIENT, "src/generated/paths.d.ts"), "utf8"));
    expect(paths.get("/v2/orders")).toEqual(["get", "post", "delete"]);
    expect(paths.has("/v3/orders/{order_id}/payment_actions/refunds")).toBe(true);
    expect(paths.has("/v3/orders/{order_id}/transactions")).toBe(true);
    expect([...paths.keys()].every((path) => /^\/v[23]\//.test(path))).toBe(true);
  });

  it("no Accept/Content-Type header parameters and no prose in the output", () => {
    for (const file of ["paths.d.ts", "payments-paths.d.ts"]) {
      const text = readFileSync(join(BIGCOMMERCE_CLIENT, "src/generated", file), "utf8");
      expect(text).not.toMatch(/^\s+("?Accept"?|"Content-Type"|"?accept"?)\??:/m);
      expect(text).not.toContain("/**");
    }
  });
});

describe("Magento", async () => {
  const options = await clientOptions(MAGENTO_CLIENT);

  it("all 493 paths of the Swagger 2.0 admin schema, with every method", () => {
    const operations = expectAllOperations(MAGENTO_CLIENT, options.sources);
    const paths = operationsInTypes(readFileSync(join(MAGENTO_CLIENT, "src/generated/paths.d.ts"), "utf8"));
    expect(paths.size).toBe(493);
    expect(operations).toBeGreaterThan(600);
  });

  it("JSON media types only, no prose", () => {
    const text = readFileSync(join(MAGENTO_CLIENT, "src/generated/paths.d.ts"), "utf8");
    expect(text).not.toContain("application/xml");
    expect(text).not.toContain("/**");
  });
});

describe("Oro", async () => {
  const options = await clientOptions(ORO_CLIENT);

  it("every path and method of the team's OpenAPI 3.1 description", () => {
    expect(expectAllOperations(ORO_CLIENT, options.sources)).toBeGreaterThan(60);
  });
});

describe("committed output is what the generator produces (drift)", () => {
  for (const client of [BIGCOMMERCE_CLIENT, MAGENTO_CLIENT, ORO_CLIENT]) {
    it(basename(client), async () => {
      const options = await clientOptions(client);
      const { files } = await generateOpenApiFiles(options, (file) => defaultLabel(file, options.specsDir));
      const generated = join(client, "src/generated");
      expect(readdirSync(generated).sort()).toEqual(files.map((file) => file.name).sort());
      for (const file of files) expect(readFileSync(join(generated, file.name), "utf8")).toBe(file.content);
    });
  }
});

it("the three clients' generated types type-check under strict", () => {
  const files = [BIGCOMMERCE_CLIENT, MAGENTO_CLIENT, ORO_CLIENT].map((client) =>
    join(client, "src/generated/index.d.ts"),
  );
  expect(typeCheck(files)).toEqual([]);
});
