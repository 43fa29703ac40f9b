/**
 * OpenAPI input mode on small documents: prose removal that keeps structure, header stripping, merging with
 * namespaced collisions, Swagger 2.0 conversion, the Oro `mixed` fix on a real generator dump, CLI and config errors.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "../src/cli.js";
import { loadConfig } from "../src/config.js";
import { generate } from "../src/generate.js";
import { type Json, leanSource, mergeSources, parseDocument } from "../src/openapi-input.js";
import { emitOpenApiTypes, groupLabel } from "../src/openapi-mode.js";
import { ORO_DUMPS, operationsInSpec, operationsInTypes, scratch, typeCheck } from "./helpers.js";

const op = (extra: Json = {}) => ({
  operationId: "getThing",
  summary: "Get a thing",
  description: "Long prose",
  tags: ["things"],
  parameters: [
    { name: "Accept", in: "header", required: true, schema: { type: "string" } },
    { $ref: "#/components/parameters/ContentType" },
    { name: "X-Trace", in: "header", required: false, schema: { type: "string" } },
    { name: "id", in: "path", required: true, schema: { type: "integer" } },
  ],
  responses: {
    "200": {
      description: "OK",
      content: {
        "application/json": { schema: { $ref: "#/components/schemas/Thing" }, example: { id: 1 } },
        "application/xml": { schema: { $ref: "#/components/schemas/Thing" } },
      },
    },
  },
  ...extra,
});

const doc = (schemas: Json, extra: Json = {}): Json => ({
  openapi: "3.0.3",
  info: { title: "T", version: "1", description: "prose" },
  servers: [{ url: "https://api.example/stores/{hash}/v3" }],
  paths: { "/things/{id}": { get: op() } },
  components: {
    schemas,
    parameters: { ContentType: { name: "Content-Type", in: "header", required: true, schema: { type: "string" } } },
  },
  ...extra,
});

const THING = {
  type: "object",
  title: "Thing",
  description: "A thing",
  required: ["id"],
  properties: {
    id: { type: "integer", description: "Id", example: 1, "x-internal": true },
    description: { type: "string", description: "A property named description" },
    title: { type: "string" },
    total: { type: "string", format: "decimal", example: "12.3400" },
  },
};

describe("lean source", () => {
  it("drops prose and extensions, keeps properties named description/title, strips Accept/Content-Type", async () => {
    const lean = await leanSource(doc({ Thing: THING }), { file: "things.yml", pathPrefix: "/v3" });
    expect(Object.keys(lean.document.paths)).toEqual(["/v3/things/{id}"]);
    expect(lean.baseUrl).toBe("https://api.example/stores/{hash}");
    const thing = lean.document.components.schemas.Thing;
    expect(thing).toEqual({
      type: "object",
      required: ["id"],
      properties: {
        id: { type: "integer" },
        description: { type: "string" },
        title: { type: "string" },
        total: { type: "string", format: "decimal" },
      },
    });
    const get = lean.document.paths["/v3/things/{id}"].get;
    expect(get.parameters.map((parameter: Json) => parameter.name)).toEqual(["X-Trace", "id"]);
    expect(get.summary).toBeUndefined();
    expect(get.tags).toBeUndefined();
    expect(Object.keys(get.responses["200"].content)).toEqual(["application/json"]);
    expect(lean.document.components.parameters).toEqual({});
    expect(lean.operations).toEqual({ "/v3/things/{id}": ["get"] });
  });

  it("keeps every header with stripHeaders: [] and every media type with mediaTypes: all", async () => {
    const lean = await leanSource(doc({ Thing: THING }), { file: "t.yml" }, { stripHeaders: [], mediaTypes: "all" });
    expect(lean.document.paths["/things/{id}"].get.parameters).toHaveLength(4);
    expect(Object.keys(lean.document.paths["/things/{id}"].get.responses["200"].content)).toHaveLength(2);
  });

  it("prints types without comments; money strings stay strings", async () => {
    const lean = await leanSource(doc({ Thing: THING }), { file: "t.yml" });
    const text = await emitOpenApiTypes(mergeSources([lean]).document, "// header\n");
    expect(text).not.toContain("/*");
    expect(text).toContain("total?: string;");
    expect(text).toMatch(/get: operations\["getThing"\];/);
    expect(text).not.toMatch(/Accept|Content-Type/);
  });

  it("rejects what is not OpenAPI 3.x or Swagger 2.0", async () => {
    await expect(leanSource({ openapi: "2.5.0", paths: {} }, { file: "x.yml" })).rejects.toThrow(/not an OpenAPI/);
    await expect(leanSource({ swagger: "1.2", paths: {} }, { file: "x.yml" })).rejects.toThrow(/unsupported swagger/);
    await expect(leanSource({ openapi: "3.0.0" }, { file: "x.yml" })).rejects.toThrow(/no paths/);
    await expect(leanSource(doc({}), { file: "x.yml", pathPrefix: "v3" })).rejects.toThrow(/must start with/);
    expect(() => parseDocument("a: [", "bad.yml")).toThrow(/bad\.yml|cannot parse/);
    expect(() => parseDocument("42", "num.yml")).toThrow(/not an OpenAPI document/);
  });
});

describe("merging sources", () => {
  it("identical components once, differing ones namespaced with refs rewritten, duplicate operation ids namespaced", async () => {
    const a = await leanSource(
      doc({ Thing: THING, Error: { type: "object", properties: { status: { type: "integer" } } } }),
      { file: "orders.v2.yml", pathPrefix: "/v2", namespace: "v2" },
    );
    const changed = { ...THING, properties: { ...THING.properties, extra: { type: "boolean" } } };
    const b = await leanSource(
      doc({ Thing: changed, Error: { type: "object", properties: { status: { type: "integer" } } } }),
      { file: "orders.v3.yml", pathPrefix: "/v3", namespace: "v3" },
    );
    const { document, renamed, shared } = mergeSources([a, b]);
    expect(Object.keys(document.components.schemas)).toEqual(["Error", "v2.Thing", "v3.Thing"]);
    expect(renamed).toEqual({ "v2.schemas.Thing": "v2.Thing", "v3.schemas.Thing": "v3.Thing" });
    expect(shared).toEqual(["schemas.Error"]);
    const ref = (path: string) => document.paths[path].get.responses["200"].content["application/json"].schema.$ref;
    expect(ref("/v2/things/{id}")).toBe("#/components/schemas/v2.Thing");
    expect(ref("/v3/things/{id}")).toBe("#/components/schemas/v3.Thing");
    expect(document.paths["/v2/things/{id}"].get.operationId).toBe("v2.getThing");
  });

  it("a component identical in text but pointing at differently renamed components is namespaced too", async () => {
    const list = { type: "array", items: { $ref: "#/components/schemas/Thing" } };
    const a = await leanSource(doc({ Thing: THING, List: list }), { file: "a.yml", pathPrefix: "/a", namespace: "a" });
    const other = { type: "object", properties: { x: { type: "string" } } };
    const b = await leanSource(doc({ Thing: other, List: list }), { file: "b.yml", pathPrefix: "/b", namespace: "b" });
    const { document } = mergeSources([a, b]);
    expect(document.components.schemas["a.List"].items.$ref).toBe("#/components/schemas/a.Thing");
    expect(document.components.schemas["b.List"].items.$ref).toBe("#/components/schemas/b.Thing");
  });

  it("the same path and method from two sources of one group is an error", async () => {
    const a = await leanSource(doc({ Thing: THING }), { file: "a.yml" });
    const other = doc({ Thing: THING });
    other.paths["/things/{id}"].get.operationId = "other";
    const b = await leanSource(other, { file: "b.yml" });
    expect(() => mergeSources([a, b])).toThrow(/\/things\/\{id\} get is also defined/);
  });

  it("labels several files of one folder compactly", () => {
    const sources = ["s/x/a.yml", "s/x/b.yml"].map((file) => ({ source: { file } })) as never;
    expect(groupLabel(sources, (file) => file)).toBe("s/x/{a.yml,b.yml}");
  });
});

describe("Swagger 2.0", () => {
  const swagger = {
    swagger: "2.0",
    info: { title: "Shop", version: "2.4.9", description: { $ref: "intro/redocly-intro.md" } },
    host: "example.com",
    basePath: "/rest/default",
    schemes: ["http"],
    paths: {
      "/V1/products": {
        post: {
          operationId: "PostV1Products",
          consumes: ["application/json", "application/xml"],
          produces: ["application/json", "application/xml"],
          parameters: [
            {
              name: "body",
              in: "body",
              schema: { type: "object", required: ["product"], properties: { product: { $ref: "#/definitions/p" } } },
            },
          ],
          responses: { "200": { description: "ok", schema: { $ref: "#/definitions/p" } } },
        },
      },
    },
    definitions: { p: { type: "object", required: ["sku"], properties: { sku: { type: "string" } } } },
  };

  it("converts with swagger2openapi (the intro $ref dropped) and requires bodies that require properties", async () => {
    const lean = await leanSource(structuredClone(swagger), { file: "admin.yaml" });
    expect(lean.convertedFromSwagger2).toBe(true);
    expect(lean.document.openapi).toMatch(/^3\.0\./);
    expect(lean.baseUrl).toBe("http://example.com/rest/default");
    const text = await emitOpenApiTypes(mergeSources([lean]).document, "");
    expect(text).toMatch(
      /requestBody: \{\n\s+content: \{\n\s+"application\/json": \{\n\s+product: components\["schemas"\]\["p"\];/,
    );
    expect(text).not.toContain("application/xml");
  });
});

describe("Oro generator output (oro:api:doc:open-api:dump)", () => {
  const dumps = readdirSync(ORO_DUMPS).filter((name) => name.endsWith(".yml"));

  it("raw openapi-typescript output of the dump does not type-check (self-referencing `mixed`)", async () => {
    const dir = scratch("oro-raw");
    const file = join(dir, "raw.d.ts");
    const raw = parse(readFileSync(join(ORO_DUMPS, "platform_rest_json_api_data_types.yml"), "utf8"));
    writeFileSync(file, astToString(await openapiTS(raw, { silent: true })));
    expect(typeCheck([file]).join("\n")).toMatch(/TS2502 'mixed' is referenced directly or indirectly/);
  });

  it("every dump generates through the CLI, keeps every path and type-checks", async () => {
    const dir = scratch("oro-dump");
    const files: string[] = [];
    for (const dump of dumps) {
      const out = join(dir, dump.replace(/\.yml$/, ""));
      const stderr: string[] = [];
      const io = { cwd: dir, stdout: () => {}, stderr: (line: string) => stderr.push(line) };
      expect(await runCli(["openapi", "--spec", join(ORO_DUMPS, dump), "--out", out], io)).toBe(0);
      const text = readFileSync(join(out, "paths.d.ts"), "utf8");
      const expected = operationsInSpec(parse(readFileSync(join(ORO_DUMPS, dump), "utf8")));
      const actual = operationsInTypes(text);
      expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [path, methods] of expected) expect(actual.get(path)?.sort()).toEqual([...methods].sort());
      if (dump.startsWith("platform_rest_json_api_data_types")) {
        expect(stderr.join("\n")).toContain("fixed mixed: self-referencing JSON value schema → unknown");
        expect(text).toMatch(/mixed: unknown;/);
      }
      files.push(join(out, "index.d.ts"));
    }
    expect(typeCheck(files)).toEqual([]);
  });
});

describe("CLI and config in openapi mode", () => {
  const io = (cwd: string) => {
    const stderr: string[] = [];
    return { io: { cwd, stdout: () => {}, stderr: (line: string) => stderr.push(line) }, stderr };
  };

  it("usage errors exit with 2", async () => {
    const { io: cliIo } = io(scratch("usage"));
    expect(await runCli(["openapi", "--out", "x"], cliIo)).toBe(2);
    expect(await runCli(["openapi", "--spec", "a.yml"], cliIo)).toBe(2);
  });

  it("a missing or malformed spec exits with 1 and names the file", async () => {
    const dir = scratch("bad-spec");
    const { io: cliIo, stderr } = io(dir);
    expect(await runCli(["openapi", "--spec", "nope.yml", "--out", "out"], cliIo)).toBe(1);
    expect(stderr.at(-1)).toBe(`error: ${join(dir, "nope.yml")}: file not found`);
    writeFileSync(join(dir, "bad.yml"), "openapi: [");
    expect(await runCli(["openapi", "--spec", "bad.yml", "--out", "out"], cliIo)).toBe(1);
    expect(stderr.at(-1)).toMatch(/bad\.yml: cannot parse/);
  });

  it("--path-prefix, --strip-header, --emit-openapi; stale files are removed", async () => {
    const dir = scratch("cli-openapi");
    writeFileSync(join(dir, "api.json"), JSON.stringify(doc({ Thing: THING })));
    const { io: cliIo } = io(dir);
    const args = ["openapi", "--spec", "api.json", "--out", "gen", "--path-prefix", "/v9", "--quiet"];
    expect(await runCli([...args, "--strip-header", "X-Trace", "--emit-openapi"], cliIo)).toBe(0);
    const text = readFileSync(join(dir, "gen/paths.d.ts"), "utf8");
    expect(text).toContain('"/v9/things/{id}"');
    expect(text).toContain("Accept: string;");
    expect(text).not.toContain("X-Trace");
    expect(readdirSync(join(dir, "gen")).sort()).toEqual(["index.d.ts", "openapi.json", "paths.d.ts"]);
    expect(await runCli([...args, "--keep-headers"], cliIo)).toBe(0);
    expect(readFileSync(join(dir, "gen/paths.d.ts"), "utf8")).toContain('"X-Trace"?: string;');
    expect(readdirSync(join(dir, "gen")).sort()).toEqual(["index.d.ts", "paths.d.ts"]);
  });

  it("a config with sources and groups writes one file per group and BaseUrls", async () => {
    const dir = scratch("config-openapi");
    writeFileSync(join(dir, "a.json"), JSON.stringify(doc({ Thing: THING })));
    const pay = doc({ Thing: THING });
    pay.servers = [{ url: "https://payments.example/stores/{hash}" }];
    writeFileSync(join(dir, "pay.json"), JSON.stringify(pay));
    writeFileSync(
      join(dir, "codegen.config.ts"),
      `export default { vendor: "openapi", out: "gen", sources: [
        { file: "a.json", pathPrefix: "/v3" },
        { file: "pay.json", group: "payments" },
      ] };\n`,
    );
    const options = await loadConfig(join(dir, "codegen.config.ts"));
    const result = await generate(options);
    expect(result.files.map((file) => file.name)).toEqual(["index.d.ts", "paths.d.ts", "payments-paths.d.ts"]);
    const index = readFileSync(join(dir, "gen/index.d.ts"), "utf8");
    expect(index).toContain("paths as paymentsPaths");
    expect(index).toContain('paths: "https://api.example/stores/{hash}";');
    expect(index).toContain('paymentsPaths: "https://payments.example/stores/{hash}";');
    expect(typeCheck([join(dir, "gen/index.d.ts")])).toEqual([]);
  });

  it("config errors: no sources, a source without spec or file, a bad group name", async () => {
    const dir = scratch("config-errors");
    const write = (name: string, body: string) => {
      writeFileSync(join(dir, name), `export default ${body};\n`);
      return join(dir, name);
    };
    await expect(loadConfig(write("a.config.ts", `{ vendor: "openapi", sources: [] }`))).rejects.toThrow(/sources/);
    await expect(loadConfig(write("b.config.ts", `{ vendor: "openapi", sources: [{}] }`))).rejects.toThrow(
      /sources\[0\] needs/,
    );
    writeFileSync(join(dir, "a.json"), JSON.stringify(doc({ Thing: THING })));
    const options = await loadConfig(
      write("c.config.ts", `{ vendor: "openapi", sources: [{ file: "a.json", group: "Bad-Name" }] }`),
    );
    await expect(generate(options)).rejects.toThrow(/invalid group name/);
  });
});
