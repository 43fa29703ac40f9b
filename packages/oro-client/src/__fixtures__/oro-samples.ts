/**
 * Test-only access to Oro's sample responses in `../shared/specs/orocommerce/sample-responses` (read in place,
 * never copied into the repository).
 *
 * The samples are Oro's functional-test expectations, not raw HTTP bodies, so they are "materialised" the way
 * Oro's test harness does before comparing them with a response:
 * - Alice expressions (`'<toString(@order->id)>'`, `'<(implode("-", [...]))>'`) are record references resolved at
 *   test time; each distinct expression becomes a distinct id (`->code` references become the unit code).
 * - `'@order->createdAt->format("Y-m-d\TH:i:s\Z")'` / `format("Y-m-d")` become a fixed date-time / date.
 * - `{  }` is how those fixtures write an empty PHP array; Oro's JSON encoder emits an empty list `[]` for an
 *   empty to-many relationship or list attribute, so empty mappings become `[]`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { parse } from "yaml";

export const SPECS_ROOT = new URL("../../../../../shared/specs/orocommerce/", import.meta.url);
export const SAMPLES_ROOT = new URL("sample-responses/", SPECS_ROOT);

const ALICE_REFERENCE = /^<.*>$/s;
const ALICE_CODE_REFERENCE = /^<toString\(@(?:[\w-]+\.)*([\w-]+)->code\)>$/;
const DATE_TIME_EXPRESSION = /^@.+->format\("Y-m-d\\TH:i:s\\Z"\)$/;
const DATE_EXPRESSION = /^@.+->format\("Y-m-d"\)$/;

export const SAMPLE_DATE_TIME = "2024-03-05T10:20:30Z";
export const SAMPLE_DATE = "2024-03-05";

/** Relative paths of every sample response, e.g. `OrderBundle/get_order.yml`. */
export function listSampleFiles(): string[] {
  return readdirSync(SAMPLES_ROOT, { recursive: true, encoding: "utf8" })
    .filter((path) => path.endsWith(".yml") || path.endsWith(".yaml"))
    .map((path) => path.split("\\").join("/"))
    .sort();
}

/** A sample response, parsed and materialised (see the module comment). */
export function loadSample(relativePath: string): unknown {
  const raw: unknown = parse(readFileSync(new URL(relativePath, SAMPLES_ROOT), "utf8"));
  const ids = new Map<string, string>();
  const materialise = (value: unknown): unknown => {
    if (typeof value === "string") {
      const code = ALICE_CODE_REFERENCE.exec(value);
      if (code?.[1]) return code[1];
      if (ALICE_REFERENCE.test(value)) {
        let id = ids.get(value);
        if (id === undefined) {
          id = String(101 + ids.size);
          ids.set(value, id);
        }
        return id;
      }
      if (DATE_TIME_EXPRESSION.test(value)) return SAMPLE_DATE_TIME;
      if (DATE_EXPRESSION.test(value)) return SAMPLE_DATE;
      return value;
    }
    if (Array.isArray(value)) return value.map(materialise);
    if (typeof value === "object" && value !== null) {
      const entries = Object.entries(value);
      if (entries.length === 0) return [];
      return Object.fromEntries(entries.map(([key, item]) => [key, materialise(item)]));
    }
    return value;
  };
  return materialise(raw);
}
