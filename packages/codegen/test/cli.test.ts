import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { B1_METADATA, BC_METADATA, packageDir, scratch } from "./helpers.js";

function io(cwd: string) {
  const stderr: string[] = [];
  const stdout: string[] = [];
  return {
    io: { cwd, stderr: (line: string) => stderr.push(line), stdout: (line: string) => stdout.push(line) },
    stderr,
    stdout,
  };
}

const MINIMAL = (body: string) => `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="Test" xmlns="http://docs.oasis-open.org/odata/ns/edm">
${body}
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>`;

describe("org-codegen on malformed metadata", () => {
  const cases: [string, string, RegExp][] = [
    ["bad XML", "<edmx:Edmx><unclosed></edmx:Edmx>", /malformed XML: line \d+, column \d+/],
    ["not XML at all", "hello", /malformed XML/],
    ["empty file", "", /the file is empty/],
    [
      "unknown primitive type",
      MINIMAL(`<EntityType Name="a"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.Guid" Nullable="false"/><Property Name="x" Type="Edm.Money"/></EntityType>
<EntityContainer Name="C"><EntitySet Name="as" EntityType="Test.a"/></EntityContainer>`),
      /unknown primitive type Edm\.Money at Test\.a\/x/,
    ],
    [
      "unresolved type reference",
      MINIMAL(`<EntityType Name="a"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.Guid" Nullable="false"/><Property Name="s" Type="Test.status"/></EntityType>
<EntityContainer Name="C"><EntitySet Name="as" EntityType="Test.missing"/></EntityContainer>`),
      /2 invalid reference\(s\): unresolved type Test\.status at Test\.a\/s; unresolved type Test\.missing at entity set as/,
    ],
    [
      "key property not declared",
      MINIMAL(`<EntityType Name="a"><Key><PropertyRef Name="nope"/></Key><Property Name="id" Type="Edm.Guid"/></EntityType>
<EntityContainer Name="C"><EntitySet Name="as" EntityType="Test.a"/></EntityContainer>`),
      /key property nope of Test\.a is not declared/,
    ],
    [
      "no entity container",
      MINIMAL(`<EnumType Name="e"><Member Name="x" Value="0"/></EnumType>`),
      /no <EntityContainer> found/,
    ],
  ];
  for (const [name, content, message] of cases) {
    it(`${name}: clear message, exit code 1`, async () => {
      const dir = scratch("malformed");
      const file = join(dir, "metadata.xml");
      writeFileSync(file, content);
      const { io: cliIo, stderr } = io(dir);
      const code = await runCli(["bc", "--metadata", file, "--out", join(dir, "out")], cliIo);
      expect(code).toBe(1);
      const last = stderr.at(-1) ?? "";
      expect(last.startsWith(`error: ${file}: `)).toBe(true);
      expect(last).toMatch(message);
    });
  }

  it("missing file", async () => {
    const dir = scratch("missing");
    const { io: cliIo, stderr } = io(dir);
    expect(await runCli(["sapb1", "--metadata", "nope.xml", "--out", "out"], cliIo)).toBe(1);
    expect(stderr.at(-1)).toBe("error: nope.xml: file not found");
  });

  it("usage errors exit with 2 and print the usage", async () => {
    const { io: cliIo, stderr } = io(packageDir);
    expect(await runCli(["shopify", "--metadata", "x", "--out", "y"], cliIo)).toBe(2);
    expect(stderr.join("\n")).toMatch(/expected a vendor .*usage: org-codegen/s);
    expect(await runCli(["bc", "--out", "y"], cliIo)).toBe(2);
    expect(await runCli(["bc", "--metadata", "x", "--out", "y", "--decimals", "float"], cliIo)).toBe(2);
    expect(await runCli(["bc", "--bogus"], cliIo)).toBe(2);
  });

  it("the installed bin exits non-zero with the message on stderr", () => {
    const dir = scratch("bin");
    const file = join(dir, "broken.xml");
    writeFileSync(file, "<edmx:Edmx>");
    const result = spawnSync(
      process.execPath,
      [join(packageDir, "bin/org-codegen.js"), "sapb1", "--metadata", file, "--out", dir],
      {
        encoding: "utf8",
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`error: ${file}: malformed XML`);
  });
});

describe("org-codegen on a tenant's own metadata", () => {
  it("BC custom API: extra entity set and field appear in the output", async () => {
    const dir = scratch("bc-custom");
    const xml = readFileSync(BC_METADATA, "utf8")
      .replace(
        /(<EntityType Name="salesOrder">\s*<Key>\s*<PropertyRef Name="id" \/>\s*<\/Key>)/,
        '$1\n<Property Name="contosoLoyaltyTier" Type="Edm.String" Nullable="false" MaxLength="10" />',
      )
      .replace(
        '<EntityType Name="salesOrder">',
        `<EntityType Name="loyaltyAccount"><Key><PropertyRef Name="id" /></Key><Property Name="id" Type="Edm.Guid" Nullable="false" /><Property Name="points" Type="Edm.Decimal" Scale="Variable" /><Property Name="memberNumber" Type="Edm.String" Nullable="false" /></EntityType>
<EntityType Name="salesOrder">`,
      )
      .replace(
        '<EntityContainer Name="NAV">',
        '<EntityContainer Name="NAV">\n<EntitySet Name="loyaltyAccounts" EntityType="Microsoft.NAV.loyaltyAccount" />',
      );
    const file = join(dir, "tenant-metadata.xml");
    writeFileSync(file, xml);
    const out = join(dir, "src/bc");
    const { io: cliIo, stderr } = io(dir);
    const code = await runCli(
      ["bc", "--metadata", file, "--out", out, "--service-root", "/api/contoso/loyalty/v1.0"],
      cliIo,
    );
    expect(code).toBe(0);
    expect(stderr.some((line) => line.includes("88 entity sets"))).toBe(true);
    const schemas = readFileSync(join(out, "schemas.d.ts"), "utf8");
    const sets = readFileSync(join(out, "entity-sets.d.ts"), "utf8");
    expect(schemas).toMatch(/export type LoyaltyAccount = \{\n\s+id: string;\n\s+points: number \| string \| null;/);
    expect(schemas).toContain("contosoLoyaltyTier: string;");
    expect(schemas).toMatch(/SalesOrderCreate = CreateOf<SalesOrder, "contosoLoyaltyTier" \| "customerNumber"/);
    expect(sets).toContain("loyaltyAccounts: {");
    expect(sets).toContain('serviceRoot: "/api/contoso/loyalty/v1.0";');
  });

  it("B1 with user-defined fields: U_* properties are kept", async () => {
    const dir = scratch("b1-udf");
    const xml = readFileSync(B1_METADATA, "utf8").replace(
      /(<EntityType Name="Document" OpenType="true">\s*<Key>\s*<PropertyRef Name="DocEntry" \/>\s*<\/Key>)/,
      '$1\n<Property Name="U_ShopOrderId" Type="Edm.String" />',
    );
    expect(xml).toContain("U_ShopOrderId");
    const file = join(dir, "company-metadata.xml");
    writeFileSync(file, xml);
    const { io: cliIo } = io(dir);
    expect(await runCli(["sapb1", "--metadata", file, "--out", join(dir, "out"), "--quiet"], cliIo)).toBe(0);
    expect(readFileSync(join(dir, "out/schemas.d.ts"), "utf8")).toContain("U_ShopOrderId: string | null;");
  });

  it("--config reads a codegen.config.ts", async () => {
    const dir = scratch("config");
    writeFileSync(
      join(dir, "codegen.config.ts"),
      `export default { vendor: "bc", metadata: ${JSON.stringify(BC_METADATA)}, out: "gen", decimals: "string" as const };\n`,
    );
    const { io: cliIo, stderr } = io(dir);
    expect(await runCli(["--config", join(dir, "codegen.config.ts")], cliIo)).toBe(0);
    expect(stderr.some((line) => line.includes("87 entity sets"))).toBe(true);
    expect(readFileSync(join(dir, "gen/schemas.d.ts"), "utf8")).toContain("totalAmountIncludingTax: string | null;");
  });

  it("--help prints the usage", async () => {
    const { io: cliIo, stdout } = io(packageDir);
    expect(await runCli(["--help"], cliIo)).toBe(0);
    expect(stdout.join("\n")).toContain("usage: org-codegen");
  });
});
