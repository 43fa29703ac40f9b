/**
 * `org-codegen`: generate lean OData types for a `$metadata` document.
 *
 *   org-codegen bc|sapb1|odata --metadata <file> --out <dir> [--service-root <path>] [--decimals <mode>]
 *                              [--if-match required|optional] [--emit-openapi] [--quiet]
 *   org-codegen openapi --spec <file> [--spec <file>…] --out <dir> [--path-prefix <p>] [--strip-header <name>…]
 *                       [--keep-headers] [--emit-openapi] [--quiet]
 *   org-codegen --config codegen.config.ts [--specs <dir>] [--quiet]
 *
 * Progress goes to stderr; malformed input prints `error: <file>: <what>` and exits with 1; usage errors exit with 2.
 */
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig, resolveSpecsDir } from "./config.js";
import { CodegenError } from "./errors.js";
import { type AnyGenerateOptions, generate } from "./generate.js";
import { DEFAULT_STRIP_HEADERS } from "./openapi-input.js";
import type { DecimalMode, Vendor } from "./profile.js";

export const USAGE = `usage: org-codegen <bc|sapb1|odata> --metadata <file> --out <dir> [options]
       org-codegen openapi --spec <file> [--spec <file>…] --out <dir> [options]
       org-codegen --config <codegen.config.ts> [--specs <dir>]

options:
  --metadata <file>       $metadata document (CSDL XML v2/v3/v4 or CSDL JSON)
  --out <dir>             output directory (e.g. src/generated)
  --service-root <path>   service root recorded in ServiceInfo (BC custom API: /api/<publisher>/<group>/<version>)
  --decimals <mode>       Edm.Decimal/Int64 typing: number | string | number-or-string
  --if-match <mode>       If-Match on PATCH/DELETE: required | optional
  --emit-openapi          also write the lean openapi.json
  --spec <file>           openapi: an OpenAPI 3.0/3.1 or Swagger 2.0 document (YAML/JSON); repeatable, merged
  --path-prefix <path>    openapi: prepended to every path (e.g. /v3)
  --strip-header <name>   openapi: header parameter the client supplies (repeatable; default Accept, Content-Type)
  --keep-headers          openapi: strip no header parameters
  --config <file>         read options from a codegen.config.ts
  --specs <dir>           shared specs folder (default: <project root>/../shared/specs)
  --quiet                 no progress output
  -h, --help              this help
`;

const VENDORS: readonly (Vendor | "openapi")[] = ["bc", "sapb1", "odata", "openapi"];
const DECIMALS: readonly DecimalMode[] = ["number", "string", "number-or-string"];

class UsageError extends Error {}

export interface CliIo {
  stderr: (line: string) => void;
  stdout: (line: string) => void;
  cwd: string;
}

async function options(
  argv: readonly string[],
  io: CliIo,
): Promise<(AnyGenerateOptions & { quiet: boolean }) | "help"> {
  let parsed: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        metadata: { type: "string" },
        out: { type: "string" },
        "service-root": { type: "string" },
        decimals: { type: "string" },
        "if-match": { type: "string" },
        "emit-openapi": { type: "boolean" },
        config: { type: "string" },
        specs: { type: "string" },
        spec: { type: "string", multiple: true },
        "path-prefix": { type: "string" },
        "strip-header": { type: "string", multiple: true },
        "keep-headers": { type: "boolean" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  }
  try {
    parsed = parse();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  const quiet = values.quiet === true;
  if (values.config) {
    const fromConfig = await loadConfig(values.config, values.specs);
    return { ...fromConfig, quiet };
  }
  const vendor = positionals[0] as Vendor | "openapi" | undefined;
  if (!vendor || !VENDORS.includes(vendor))
    throw new UsageError(`expected a vendor (${VENDORS.join(" | ")}) or --config`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument: ${positionals[1]}`);
  if (vendor === "openapi") {
    if (!values.spec?.length) throw new UsageError("--spec <file> is required");
    if (!values.out) throw new UsageError("--out <dir> is required");
    const prefix = values["path-prefix"];
    const stripHeaders = values["keep-headers"] ? [] : (values["strip-header"] ?? [...DEFAULT_STRIP_HEADERS]);
    return {
      vendor,
      sources: values.spec.map((file) => ({ file: resolve(io.cwd, file), ...(prefix ? { pathPrefix: prefix } : {}) })),
      out: resolve(io.cwd, values.out),
      stripHeaders,
      quiet,
      specsDir: resolveSpecsDir(io.cwd, values.specs),
      ...(values["emit-openapi"] ? { emitOpenApi: true } : {}),
    };
  }
  if (!values.metadata) throw new UsageError("--metadata <file> is required");
  if (!values.out) throw new UsageError("--out <dir> is required");
  if (values.decimals && !DECIMALS.includes(values.decimals as DecimalMode)) {
    throw new UsageError(`--decimals must be one of ${DECIMALS.join(", ")}`);
  }
  const ifMatch = values["if-match"];
  if (ifMatch && ifMatch !== "required" && ifMatch !== "optional") {
    throw new UsageError("--if-match must be required or optional");
  }
  return {
    vendor,
    metadata: values.metadata,
    out: values.out,
    quiet,
    specsDir: resolveSpecsDir(io.cwd, values.specs),
    ...(values["service-root"] ? { serviceRoot: values["service-root"] } : {}),
    ...(values.decimals ? { decimals: values.decimals as DecimalMode } : {}),
    ...(ifMatch === "required" || ifMatch === "optional" ? { ifMatch } : {}),
    ...(values["emit-openapi"] ? { emitOpenApi: true } : {}),
  };
}

/** Runs the CLI; returns the exit code (0 ok, 1 bad input, 2 usage). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const resolved = await options(argv, io);
    if (resolved === "help") {
      io.stdout(USAGE);
      return 0;
    }
    const { quiet, ...generateOptions } = resolved;
    const input =
      generateOptions.vendor === "openapi"
        ? generateOptions.sources.map(({ file }) => file)
        : [generateOptions.metadata];
    const label =
      input.length === 1 ? relative(io.cwd, input[0] as string) || (input[0] as string) : `${input.length} documents`;
    if (!quiet)
      io.stderr(`org-codegen ${generateOptions.vendor}: ${label} → ${relative(io.cwd, generateOptions.out) || "."}`);
    await generate({ ...generateOptions, ...(quiet ? {} : { onProgress: (line: string) => io.stderr(`  ${line}`) }) });
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`error: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof CodegenError) {
      io.stderr(error.format());
      return 1;
    }
    io.stderr(`error: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

/** Entry point used by `bin/org-codegen.js`. */
export async function main(): Promise<void> {
  const code = await runCli(process.argv.slice(2), {
    stderr: (line) => process.stderr.write(`${line}\n`),
    stdout: (line) => process.stdout.write(`${line}\n`),
    cwd: process.cwd(),
  });
  process.exitCode = code;
}
