/**
 * Validating `$batch` operations and splitting them into requests of at most N operations without ever splitting
 * a change set (atomicity group) or separating an operation from one it depends on.
 */
import { ODataUsageError } from "./errors.js";

/** HTTP methods an operation inside `$batch` can use. */
export type BatchMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** One operation of a `$batch`. */
export interface BatchOperation {
  /**
   * Identifier of the operation, used to map its result back, in `dependsOn`, and as the `Content-ID` inside a
   * multipart change set (so later operations can reference a created entity as `$<id>`). Letters, digits and
   * `_ . : ~ -` only; unique within one `executeBatch` call.
   * @default its 1-based position in the list, as a string
   */
  id?: string;
  /** HTTP method. Required. */
  method: BatchMethod;
  /**
   * Resource URL relative to the service root, e.g. `companies(…)/customers` or `Orders(12)`; or `$<id>/…` to
   * reference an entity created earlier in the same change set; or an absolute URL. Required. Must not contain
   * whitespace or control characters (it becomes part of a request line).
   */
  url: string;
  /** Request headers of the operation (e.g. `If-Match`, `Prefer`). Default: none (JSON bodies get `Content-Type: application/json`). */
  headers?: Readonly<Record<string, string>>;
  /** Request body: a JSON value (serialised for you) or a pre-serialised string. Default: none. */
  body?: unknown;
  /**
   * Name of the change set this operation belongs to. Operations sharing an `atomicityGroup` must be adjacent;
   * they succeed or fail together and are never split across requests. GET is not allowed in a change set.
   * @default none (the operation stands alone)
   */
  atomicityGroup?: string;
  /**
   * Ids of earlier operations (or names of earlier atomicity groups) that must succeed first. Sent as
   * `dependsOn` in the JSON format; in both formats it keeps the operations in the same request.
   * @default none
   */
  dependsOn?: readonly string[];
}

/** An operation after validation, with its id and position fixed. */
export interface PlannedOperation extends BatchOperation {
  id: string;
  /** Position in the caller's list (0-based). */
  index: number;
}

const METHODS = new Set<string>(["GET", "POST", "PATCH", "PUT", "DELETE"]);
const ID_PATTERN = /^[A-Za-z0-9_.:~-]+$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
const URL_FORBIDDEN = /[\s\u0000-\u001f\u007f]/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
const HEADER_VALUE_FORBIDDEN = /[\u0000-\u0008\u000a-\u001f\u007f]/;

function checkId(kind: string, value: unknown): string {
  if (typeof value !== "string" || !ID_PATTERN.test(value)) {
    throw new ODataUsageError(`${kind} must be letters, digits or _ . : ~ - only, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Validates operations and fixes their ids: methods, URLs and headers are checked so that nothing an operation
 * carries can break out of its part of the batch body.
 * @throws ODataUsageError on the first invalid operation.
 */
export function planOperations(operations: readonly BatchOperation[]): PlannedOperation[] {
  if (!Array.isArray(operations)) throw new ODataUsageError("operations must be an array");
  const groupNames = new Set(operations.map((operation) => operation.atomicityGroup).filter((g) => g !== undefined));
  const ids = new Set<string>();
  const seenGroups = new Set<string>();
  const planned: PlannedOperation[] = [];
  operations.forEach((operation, index) => {
    const where = `operation ${index + 1}`;
    const id = checkId(`${where}: id`, operation.id ?? String(index + 1));
    if (ids.has(id)) throw new ODataUsageError(`${where}: duplicate id ${JSON.stringify(id)}`);
    if (groupNames.has(id))
      throw new ODataUsageError(`${where}: id ${JSON.stringify(id)} is also an atomicityGroup name`);
    if (!METHODS.has(operation.method)) {
      throw new ODataUsageError(`${where}: unsupported method ${JSON.stringify(operation.method)}`);
    }
    if (typeof operation.url !== "string" || operation.url === "" || URL_FORBIDDEN.test(operation.url)) {
      throw new ODataUsageError(
        `${where}: url must be non-empty without whitespace, got ${JSON.stringify(operation.url)}`,
      );
    }
    for (const [name, value] of Object.entries(operation.headers ?? {})) {
      if (!HEADER_NAME.test(name) || typeof value !== "string" || HEADER_VALUE_FORBIDDEN.test(value)) {
        throw new ODataUsageError(`${where}: invalid header ${JSON.stringify(name)}`);
      }
    }
    const group = operation.atomicityGroup;
    if (group !== undefined) {
      checkId(`${where}: atomicityGroup`, group);
      if (operation.method === "GET") {
        throw new ODataUsageError(`${where}: GET is not allowed inside a change set (atomicityGroup ${group})`);
      }
      if (seenGroups.has(group) && planned[planned.length - 1]?.atomicityGroup !== group) {
        throw new ODataUsageError(`${where}: operations of atomicityGroup ${JSON.stringify(group)} must be adjacent`);
      }
    }
    for (const dependency of operation.dependsOn ?? []) {
      const earlierGroup = seenGroups.has(dependency) && dependency !== group;
      if (!ids.has(dependency) && !earlierGroup) {
        throw new ODataUsageError(
          `${where}: dependsOn ${JSON.stringify(dependency)} is not an earlier operation or group`,
        );
      }
    }
    ids.add(id);
    if (group !== undefined) seenGroups.add(group);
    planned.push({ ...operation, id, index });
  });
  return planned;
}

/**
 * Splits validated operations into requests of at most `maxOperations`, in order, cutting only where no change set
 * and no `dependsOn` link crosses the cut. Greedy: each request takes as many operations as fit.
 * @throws ODataUsageError when one change set (or chain of dependent operations) alone exceeds `maxOperations`.
 */
export function chunkOperations(operations: readonly PlannedOperation[], maxOperations: number): PlannedOperation[][] {
  if (!Number.isSafeInteger(maxOperations) || maxOperations < 1) {
    throw new ODataUsageError(`maxOperationsPerRequest must be a positive integer, got ${String(maxOperations)}`);
  }
  const count = operations.length;
  const firstOfId = new Map<string, number>();
  // coverage[k] > 0 means a cut between operation k and k + 1 would split a change set or a dependency.
  const delta = new Array<number>(count + 1).fill(0);
  const link = (from: number, to: number): void => {
    if (to > from) {
      delta[from]! += 1;
      delta[to]! -= 1;
    }
  };
  operations.forEach((operation, position) => {
    if (!firstOfId.has(operation.id)) firstOfId.set(operation.id, position);
    const group = operation.atomicityGroup;
    if (group !== undefined) {
      if (!firstOfId.has(group)) firstOfId.set(group, position);
      link(firstOfId.get(group)!, position);
    }
    for (const dependency of operation.dependsOn ?? []) {
      const from = firstOfId.get(dependency);
      if (from !== undefined) link(from, position);
    }
  });
  const cutAllowed: boolean[] = [];
  let running = 0;
  for (let k = 0; k < count; k++) {
    running += delta[k]!;
    cutAllowed.push(running === 0);
  }

  const chunks: PlannedOperation[][] = [];
  let start = 0;
  while (start < count) {
    let end = Math.min(start + maxOperations, count);
    while (end > start && end < count && !cutAllowed[end - 1]) end--;
    if (end === start) {
      const first = operations[start]!;
      const what = first.atomicityGroup ? `change set ${JSON.stringify(first.atomicityGroup)}` : "dependency chain";
      throw new ODataUsageError(
        `The ${what} starting at operation ${JSON.stringify(first.id)} holds more than ${maxOperations} operations, ` +
          "the most one $batch request may carry; split it into smaller change sets",
      );
    }
    chunks.push(operations.slice(start, end));
    start = end;
  }
  return chunks;
}
