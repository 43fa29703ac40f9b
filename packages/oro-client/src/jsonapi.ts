/**
 * Pure JSON:API helpers: a response document (`data` + `included` + relationships) → plain objects, and a plain
 * object → a request document. No I/O, no Oro specifics beyond what JSON:API itself defines.
 */

/** A `{ type, id }` pointer to a resource (JSON:API "resource identifier object"). */
export interface ResourceIdentifier {
  type: string;
  id: string;
  meta?: Record<string, unknown>;
}

/** A relationship object: to-one (`data` is an identifier or null) or to-many (`data` is an array). */
export interface JsonApiRelationship {
  data?: ResourceIdentifier | ResourceIdentifier[] | null;
  links?: Record<string, unknown>;
  meta?: Record<string, unknown>;
}

/** A resource object as it appears in `data` or `included`. */
export interface ResourceObject {
  type: string;
  id: string;
  attributes?: Record<string, unknown>;
  relationships?: Record<string, JsonApiRelationship>;
  links?: Record<string, unknown>;
  meta?: Record<string, unknown>;
}

/** A JSON:API top-level document with primary data `D`. */
export interface JsonApiDocument<
  D extends ResourceObject | ResourceObject[] | null = ResourceObject | ResourceObject[] | null,
> {
  data: D;
  included?: readonly ResourceObject[];
  links?: Record<string, unknown>;
  meta?: Record<string, unknown>;
}

/**
 * A flattened resource whose shape is not known statically: `type`, `id`, attributes and relationships as
 * properties. Relationships that were not in `included` stay `{ type, id }` (with the linkage `meta`, if any).
 */
export interface FlatResource {
  type: string;
  id: string;
  [field: string]: unknown;
}

type AttributesOf<R> = R extends { attributes?: infer A } ? (A extends object ? A : unknown) : unknown;
type NoFields = Record<never, never>;
type RelationshipsOf<R> = R extends { relationships?: infer Rel } ? (Rel extends object ? Rel : NoFields) : NoFields;
type FlatRelationship<Rel> = Rel extends { data?: infer D }
  ? [D] extends [readonly unknown[] | undefined]
    ? FlatResource[]
    : FlatResource | (null extends D ? null : never)
  : FlatResource | FlatResource[] | null;

/**
 * The plain object `flattenDocument` returns for a resource of type `R` (for example a generated
 * `components["schemas"]["Order"]`): `type`, `id`, every attribute, and every relationship resolved to
 * flattened related resources (arrays for to-many, `null` for an empty to-one). Without precise types (a plain
 * {@link ResourceObject}) it is a {@link FlatResource}.
 */
export type Flattened<R extends ResourceObject> = string extends keyof AttributesOf<R> | keyof RelationshipsOf<R>
  ? FlatResource & { type: R["type"] }
  : { type: R["type"]; id: string } & AttributesOf<R> & {
        [K in keyof RelationshipsOf<R>]: FlatRelationship<NonNullable<RelationshipsOf<R>[K]>>;
      };

/** Options of {@link flattenDocument} and {@link flattenResource}. */
export interface FlattenOptions {
  /**
   * How many relationship levels are resolved below the primary resource; deeper related resources stay
   * `{ type, id }`. Default: 8.
   */
  maxDepth?: number;
}

/** Thrown when a document breaks a JSON:API rule the helpers rely on. */
export class JsonApiDocumentError extends Error {
  override readonly name = "JsonApiDocumentError";
}

const DEFAULT_MAX_DEPTH = 8;

const keyOf = (type: string, id: string): string => `${type}\u0000${id}`;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const isIdentifier = (value: unknown): value is ResourceIdentifier =>
  isRecord(value) && typeof value.type === "string" && typeof value.id === "string";

/**
 * Flattens a JSON:API document into plain objects: attributes become properties, relationships are resolved
 * against `included` (and the primary data), to-one → object or `null`, to-many → array. Related resources that
 * are not in the document stay `{ type, id }`. Cycles (an order's line item pointing back at the order) are cut:
 * a resource already being expanded on the current path is returned as `{ type, id }`, so no object ever contains
 * itself and `JSON.stringify` works. A resource whose expansion does not depend on the path is built once and the
 * same object is shared wherever it appears (so it may show an expanded copy of a resource higher up the path).
 *
 * @example
 * const order = flattenDocument(orderDocument); // orderDocument: components["schemas"]["OrderDocument"]
 * order.lineItems.map((line) => line.productSku);
 */
export function flattenDocument<R extends ResourceObject>(
  document: JsonApiDocument<R[]>,
  options?: FlattenOptions,
): Flattened<R>[];
export function flattenDocument<R extends ResourceObject>(
  document: JsonApiDocument<R>,
  options?: FlattenOptions,
): Flattened<R>;
export function flattenDocument<R extends ResourceObject>(
  document: JsonApiDocument<R | null>,
  options?: FlattenOptions,
): Flattened<R> | null;
export function flattenDocument(
  document: JsonApiDocument,
  options?: FlattenOptions,
): FlatResource | FlatResource[] | null;
export function flattenDocument(
  document: JsonApiDocument,
  options: FlattenOptions = {},
): FlatResource | FlatResource[] | null {
  if (!isRecord(document) || !("data" in document)) {
    throw new JsonApiDocumentError("A JSON:API document needs a top-level `data` member.");
  }
  const { data } = document;
  const primary = data === null ? [] : Array.isArray(data) ? data : [data];
  const flattener = new Flattener([...primary, ...(document.included ?? [])], options);
  if (data === null) return null;
  if (Array.isArray(data)) return data.map((resource) => flattener.flatten(resource));
  return flattener.flatten(data);
}

/**
 * Flattens one resource object, resolving its relationships against `related` (for example a document's
 * `included`). See {@link flattenDocument}.
 */
export function flattenResource<R extends ResourceObject>(
  resource: R,
  related: readonly ResourceObject[] = [],
  options: FlattenOptions = {},
): Flattened<R> {
  return new Flattener([resource, ...related], options).flatten(resource) as Flattened<R>;
}

interface Built {
  value: FlatResource;
  /** The shallowest path depth that a cut inside this subtree pointed at (Infinity: none). */
  lowest: number;
}

class Flattener {
  private readonly index = new Map<string, ResourceObject>();
  private readonly cache = new Map<string, FlatResource>();
  private readonly maxDepth: number;

  constructor(resources: readonly ResourceObject[], options: FlattenOptions) {
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    if (!Number.isInteger(this.maxDepth) || this.maxDepth < 0) {
      throw new RangeError(`maxDepth must be a non-negative integer, got ${options.maxDepth}.`);
    }
    for (const resource of resources) {
      if (!isIdentifier(resource)) {
        throw new JsonApiDocumentError("Every resource object needs a string `type` and `id`.");
      }
      const key = keyOf(resource.type, resource.id);
      if (!this.index.has(key)) this.index.set(key, resource);
    }
  }

  flatten(resource: ResourceObject): FlatResource {
    return this.build(resource, 0, new Map()).value;
  }

  private build(resource: ResourceObject, depth: number, path: Map<string, number>): Built {
    const key = keyOf(resource.type, resource.id);
    const cached = this.cache.get(key);
    if (cached) return { value: cached, lowest: Number.POSITIVE_INFINITY };

    const value: FlatResource = { type: resource.type, id: resource.id };
    const attributes = isRecord(resource.attributes) ? resource.attributes : {};
    for (const [name, attribute] of Object.entries(attributes)) {
      if (name === "type" || name === "id") {
        throw new JsonApiDocumentError(`Resource ${resource.type}/${resource.id} has a reserved attribute "${name}".`);
      }
      value[name] = attribute;
    }

    let lowest = Number.POSITIVE_INFINITY;
    path.set(key, depth);
    const relationships = isRecord(resource.relationships) ? resource.relationships : {};
    for (const [name, relationship] of Object.entries(relationships)) {
      if (name === "type" || name === "id" || Object.hasOwn(attributes, name)) {
        throw new JsonApiDocumentError(
          `Resource ${resource.type}/${resource.id} uses "${name}" for a relationship, which clashes with a field of the same name.`,
        );
      }
      if (!isRecord(relationship) || !("data" in relationship)) continue; // links-only relationship: nothing to resolve
      const linkage = relationship.data;
      if (Array.isArray(linkage)) {
        value[name] = linkage.map((identifier) => {
          const resolved = this.resolve(identifier, depth + 1, path);
          lowest = Math.min(lowest, resolved.lowest);
          return resolved.value;
        });
      } else if (linkage === null || linkage === undefined) {
        value[name] = null;
      } else {
        const resolved = this.resolve(linkage, depth + 1, path);
        lowest = Math.min(lowest, resolved.lowest);
        value[name] = resolved.value;
      }
    }
    path.delete(key);

    if (lowest >= depth) this.cache.set(key, value);
    return { value, lowest };
  }

  private resolve(identifier: unknown, depth: number, path: Map<string, number>): Built {
    if (!isIdentifier(identifier)) {
      throw new JsonApiDocumentError("A relationship holds something other than `{ type, id }`.");
    }
    const key = keyOf(identifier.type, identifier.id);
    const onPath = path.get(key);
    if (onPath !== undefined) return { value: linkageOf(identifier), lowest: onPath };
    const target = this.index.get(key);
    if (!target) return { value: linkageOf(identifier), lowest: Number.POSITIVE_INFINITY };
    if (depth > this.maxDepth) return { value: linkageOf(identifier), lowest: Number.NEGATIVE_INFINITY };
    return this.build(target, depth, path);
  }
}

function linkageOf(identifier: ResourceIdentifier): FlatResource {
  const linkage: FlatResource = { type: identifier.type, id: identifier.id };
  if (isRecord(identifier.meta)) linkage.meta = identifier.meta;
  return linkage;
}

// ─── plain object → request document ─────────────────────────────────────────

/**
 * Which fields of each resource type are relationships, and the resource type each one points at:
 * `{ orders: { customer: "customers", lineItems: "orderlineitems" }, orderlineitems: { product: "products" } }`.
 */
export type RelationshipMap = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** Options of {@link toJsonApiDocument} and {@link toJsonApiBatchDocument}. */
export interface ToDocumentOptions {
  /** Relationship fields per resource type; every other field becomes an attribute. Default: none. */
  relationships?: RelationshipMap;
  /**
   * Creates the temporary id of a new related resource sent in `included`. Default: `crypto.randomUUID()`
   * (Oro recommends GUIDs for temporary ids).
   */
  createId?: () => string;
}

/** A resource object of a request: `id` is absent when the server assigns it. */
export interface RequestResource<T extends string = string> {
  type: T;
  id?: string;
  meta?: Record<string, unknown>;
  attributes?: Record<string, unknown>;
  relationships?: Record<string, { data: ResourceIdentifier | ResourceIdentifier[] | null }>;
}

/** A request document for one resource. */
export interface RequestDocument<T extends string = string> {
  data: RequestResource<T> & { type: T };
  included?: RequestResource[];
}

/** A batch request document (`PATCH /{resource}` with `data: [...]`). */
export interface BatchRequestDocument<T extends string = string> {
  data: (RequestResource<T> & { type: T })[];
  included?: RequestResource[];
}

/** How each record of a batch is applied: Oro creates by default, `meta.update` updates, `meta.upsert` upserts. */
export type BatchMode = "create" | "update" | "upsert";

/**
 * Builds a JSON:API request document from a plain object. Fields named in `options.relationships[type]` become
 * relationships (an id or `{ type, id }` → linkage; a nested object with other fields → a new resource in
 * `included` with a temporary id unless it has one; arrays → to-many); `id` becomes the resource id; `undefined`
 * fields are left out; every other field becomes an attribute, unchanged. Nested objects that refer back to an
 * object already placed (cycles) become linkage to it.
 *
 * @example
 * toJsonApiDocument("ordershippingtrackings", { method: "UPS", number: "1Z999", orders: ["42"] }, {
 *   relationships: { ordershippingtrackings: { orders: "orders" } },
 * });
 */
export function toJsonApiDocument<T extends string>(
  type: T,
  plain: Readonly<Record<string, unknown>>,
  options: ToDocumentOptions = {},
): RequestDocument<T> {
  const builder = new DocumentBuilder(options);
  const data = builder.primary(type, plain, undefined);
  return builder.included.length > 0 ? { data, included: builder.included } : { data };
}

/**
 * Builds a batch request document for Oro's batch API: one resource per plain object, with `meta.update` or
 * `meta.upsert` set according to `mode` (default `"create"`). Update and upsert records need an `id`.
 */
export function toJsonApiBatchDocument<T extends string>(
  type: T,
  plains: readonly Readonly<Record<string, unknown>>[],
  options: ToDocumentOptions & { mode?: BatchMode } = {},
): BatchRequestDocument<T> {
  const mode = options.mode ?? "create";
  const builder = new DocumentBuilder(options);
  const data = plains.map((plain, index) => {
    if (mode !== "create" && (plain.id === undefined || plain.id === null)) {
      throw new JsonApiDocumentError(`Batch record ${index} needs an id to ${mode}.`);
    }
    return builder.primary(type, plain, mode === "create" ? undefined : { [mode]: true });
  });
  return builder.included.length > 0 ? { data, included: builder.included } : { data };
}

class DocumentBuilder {
  readonly included: RequestResource[] = [];
  private readonly placed = new Map<object, ResourceIdentifier>();
  private readonly relationships: RelationshipMap;
  private readonly createId: () => string;

  constructor(options: ToDocumentOptions) {
    this.relationships = options.relationships ?? {};
    this.createId = options.createId ?? (() => globalThis.crypto.randomUUID());
  }

  primary<T extends string>(
    type: T,
    plain: Readonly<Record<string, unknown>>,
    meta: Record<string, unknown> | undefined,
  ): RequestResource<T> & { type: T } {
    const id = plain.id === undefined || plain.id === null ? undefined : idOf(plain.id, type);
    if (id !== undefined) this.placed.set(plain, { type, id });
    return this.resource(type, plain, id, meta);
  }

  private resource<T extends string>(
    type: T,
    plain: Readonly<Record<string, unknown>>,
    id: string | undefined,
    meta: Record<string, unknown> | undefined,
  ): RequestResource<T> & { type: T } {
    const relationshipTypes = this.relationships[type] ?? {};
    const attributes: Record<string, unknown> = {};
    const relationships: NonNullable<RequestResource["relationships"]> = {};
    for (const [field, value] of Object.entries(plain)) {
      if (value === undefined || field === "id" || field === "type") continue;
      const target = relationshipTypes[field];
      if (target === undefined) {
        attributes[field] = value;
      } else if (Array.isArray(value)) {
        relationships[field] = { data: value.map((item) => this.link(target, item, field)) };
      } else if (value === null) {
        relationships[field] = { data: null };
      } else {
        relationships[field] = { data: this.link(target, value, field) };
      }
    }
    const resource: RequestResource<T> & { type: T } = { type };
    if (id !== undefined) resource.id = id;
    if (meta !== undefined) resource.meta = meta;
    if (Object.keys(attributes).length > 0) resource.attributes = attributes;
    if (Object.keys(relationships).length > 0) resource.relationships = relationships;
    return resource;
  }

  private link(targetType: string, value: unknown, field: string): ResourceIdentifier {
    if (typeof value === "string" || typeof value === "number") return { type: targetType, id: idOf(value, field) };
    if (!isRecord(value)) {
      throw new JsonApiDocumentError(`Relationship "${field}" holds an unsupported value (${typeof value}).`);
    }
    const already = this.placed.get(value);
    if (already) return already;
    const type = typeof value.type === "string" ? value.type : targetType;
    const hasFields = Object.keys(value).some((key) => key !== "type" && key !== "id" && key !== "meta");
    if (!hasFields) {
      if (value.id === undefined || value.id === null) {
        throw new JsonApiDocumentError(`Relationship "${field}" holds an object with neither an id nor fields.`);
      }
      const identifier: ResourceIdentifier = { type, id: idOf(value.id, field) };
      if (isRecord(value.meta)) identifier.meta = value.meta;
      return identifier;
    }
    const id = value.id === undefined || value.id === null ? this.createId() : idOf(value.id, field);
    const identifier: ResourceIdentifier = { type, id };
    this.placed.set(value, identifier);
    this.included.push(this.resource(type, value, id, undefined));
    return identifier;
  }
}

function idOf(value: unknown, field: string): string {
  if (typeof value === "string" && value.length > 0) return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  throw new JsonApiDocumentError(`"${field}" needs a non-empty string or integer id, got ${JSON.stringify(value)}.`);
}
