import { ApiCallError, apiCallErrorFromResponse, type CreateOnceResult, createOnce, type Paginator } from "@org/http";
import { ODataUsageError } from "./errors.js";
import { asConcurrencyConflict, ifMatchHeaders } from "./etag.js";
import { type FilterExpression, filterBuilder } from "./filter.js";
import { paginateOData } from "./paging.js";
import { buildQuery, type ExpandOption, type OrderByItem } from "./query.js";

/**
 * A typed client over a generated entity-set map (the `EntitySets` interface `@org/codegen` emits for BC and B1):
 * list with `$select` narrowing the result type, read, create, update and delete with ETags, bound actions, and
 * create-once by a natural key. The vendor clients only say how keys are written and which path parameters
 * (e.g. the BC company) are filled in.
 */

/** The shape of one entry of a generated `EntitySets` map. */
export interface EntitySetShape {
  entity: object;
  create: object;
  update: object;
  key: object;
  parentKey: object;
  collectionPath: string;
  itemPath: string;
  actions: object;
}

type FieldOf<E> = Exclude<keyof E & string, "@odata.etag" | "odata.etag">;
/** An entity reduced to the `$select`ed fields (plus its ETag). */
export type SelectedFields<E, S extends readonly string[]> = Pick<E, Extract<keyof E, S[number] | "@odata.etag">>;

export interface ListOptions<E, S extends readonly FieldOf<E>[] | undefined> {
  /** `$select`: the result type narrows to these fields. Default: all fields. */
  select?: S;
  /** `$filter`, built with `filterBuilder<E>()` so values cannot change the expression. Default: none. */
  filter?: FilterExpression | ((f: ReturnType<typeof filterBuilder<E>>) => FilterExpression);
  expand?: ExpandOption<E>;
  orderby?: readonly OrderByItem<E>[];
  /** `$top`: stop after this many records in total. Default: all. */
  top?: number;
  /** `Prefer: odata.maxpagesize`. Default: the client's page size. */
  maxPageSize?: number;
  /** Values for path parameters other than the key (e.g. `company_id`), overriding the client's defaults. */
  pathParameters?: Record<string, string>;
  signal?: AbortSignal;
}

export interface EntitySetClientOptions {
  /** Service root the generated paths are relative to, e.g. `https://…/api/v2.0` or `https://host:50000/b1s/v2`. */
  serviceRoot: string;
  /** The client's resilient fetch. */
  fetch: typeof fetch;
  /** Default values of path parameters (e.g. `{ company_id }`). Default: none. */
  pathParameters?: () => Record<string, string | undefined>;
  /** `Prefer: odata.maxpagesize` for lists. Default: none (the server's page size). */
  maxPageSize?: number;
  /** Headers sent with every request of this client (e.g. `Accept`). Default: none. */
  headers?: Record<string, string>;
}

type EntityKey<Sets, K extends keyof Sets> = Sets[K] extends EntitySetShape ? Sets[K]["key"] : never;
type KeyArgument<Sets, K extends keyof Sets> = keyof EntityKey<Sets, K> extends infer F
  ? [F] extends [string]
    ? // A single-field key may be passed as the bare value.
      EntityKey<Sets, K> | EntityKey<Sets, K>[F & keyof EntityKey<Sets, K>]
    : EntityKey<Sets, K>
  : never;
type Entity<Sets, K extends keyof Sets> = Sets[K] extends EntitySetShape ? Sets[K]["entity"] : never;
type CreateBody<Sets, K extends keyof Sets> = Sets[K] extends EntitySetShape ? Sets[K]["create"] : never;
type UpdateBody<Sets, K extends keyof Sets> = Sets[K] extends EntitySetShape ? Sets[K]["update"] : never;
type ActionName<Sets, K extends keyof Sets> = Sets[K] extends EntitySetShape
  ? keyof Sets[K]["actions"] & string
  : never;

export interface EntitySetClient<Sets> {
  /** Pages through an entity set, following nextLinks. With `select`, items have only the selected fields. */
  list<K extends keyof Sets & string, const S extends readonly FieldOf<Entity<Sets, K>>[] | undefined = undefined>(
    entitySet: K,
    options?: ListOptions<Entity<Sets, K>, S>,
  ): Paginator<unknown, S extends readonly string[] ? SelectedFields<Entity<Sets, K>, S> : Entity<Sets, K>>;
  /** The first record matching a filter, or `undefined`. */
  findFirst<K extends keyof Sets & string>(
    entitySet: K,
    filter: ListOptions<Entity<Sets, K>, undefined>["filter"],
    options?: Omit<ListOptions<Entity<Sets, K>, undefined>, "filter" | "top" | "select">,
  ): Promise<Entity<Sets, K> | undefined>;
  /** Reads one record by key. @throws ApiCallError (404 when absent). */
  get<K extends keyof Sets & string>(
    entitySet: K,
    key: KeyArgument<Sets, K>,
    options?: { pathParameters?: Record<string, string>; signal?: AbortSignal },
  ): Promise<Entity<Sets, K>>;
  /** Creates a record (deep insert of lines where the create type allows it). @throws ApiCallError */
  create<K extends keyof Sets & string>(
    entitySet: K,
    body: CreateBody<Sets, K>,
    options?: { pathParameters?: Record<string, string>; signal?: AbortSignal },
  ): Promise<Entity<Sets, K>>;
  /**
   * Creates a record unless one with the same natural key exists, also after an ambiguous failure (O5, O6, R5).
   * `naturalKey` is the field searched, e.g. `externalDocumentNumber` (BC) or `NumAtCard` (B1).
   */
  createOnce<K extends keyof Sets & string>(
    entitySet: K,
    body: CreateBody<Sets, K>,
    naturalKey: FieldOf<Entity<Sets, K>> & FieldOf<CreateBody<Sets, K>>,
    options?: {
      pathParameters?: Record<string, string>;
      lookupDelayMs?: number;
      sleep?: (ms: number) => Promise<void>;
    },
  ): Promise<CreateOnceResult<Entity<Sets, K>>>;
  /**
   * Updates a record with `If-Match` set to the ETag of the record you read (never `*` unless `force`).
   * @throws ODataConcurrencyConflictError when someone changed it since (412).
   */
  update<K extends keyof Sets & string>(
    entitySet: K,
    current: Entity<Sets, K>,
    changes: UpdateBody<Sets, K>,
    options?: { force?: boolean; pathParameters?: Record<string, string> },
  ): Promise<Entity<Sets, K> | undefined>;
  /** Deletes a record with `If-Match`. @throws ODataConcurrencyConflictError on 412. */
  remove<K extends keyof Sets & string>(
    entitySet: K,
    current: Entity<Sets, K>,
    options?: { force?: boolean; pathParameters?: Record<string, string> },
  ): Promise<void>;
  /** Invokes a bound action (e.g. `Microsoft.NAV.post`, `Close`) on a record. Returns the response body, if any. */
  invoke<K extends keyof Sets & string>(
    entitySet: K,
    key: KeyArgument<Sets, K>,
    action: ActionName<Sets, K>,
    body?: unknown,
    options?: { pathParameters?: Record<string, string> },
  ): Promise<unknown>;
  /** The absolute URL of a record, e.g. for `$batch` operations. */
  itemUrl<K extends keyof Sets & string>(
    entitySet: K,
    key: KeyArgument<Sets, K>,
    pathParameters?: Record<string, string>,
  ): string;
  /** The absolute URL of an entity set. */
  collectionUrl<K extends keyof Sets & string>(entitySet: K, pathParameters?: Record<string, string>): string;
}

/** The runtime part of the map: where each entity set lives. Generated as `entitySetPaths` next to the types. */
export type EntitySetPaths<Sets> = {
  [K in keyof Sets]: { collectionPath: string; itemPath: string; keyNames: readonly string[] };
};

const BARE_KEY = /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|-?\d+(?:\.\d+)?)$/;

export function createEntitySetClient<Sets>(
  paths: EntitySetPaths<Sets>,
  options: EntitySetClientOptions,
): EntitySetClient<Sets> {
  const serviceRoot = options.serviceRoot.replace(/\/+$/, "");
  const baseHeaders = { Accept: "application/json", ...options.headers };

  const describe = (entitySet: string) => {
    const entry = paths[entitySet as keyof Sets];
    if (!entry) throw new ODataUsageError(`unknown entity set ${JSON.stringify(entitySet)}`);
    return entry;
  };
  // Path templates carry the key syntax: string keys are quoted (`Items('{ItemCode}')`), GUIDs and numbers bare
  // (`salesOrders({id})`). A quoted value has its quotes doubled; a bare value must be a GUID or a number, so no
  // value can change the path.
  const fill = (template: string, values: Record<string, string | number | undefined>) =>
    serviceRoot +
    template.replace(/('?)\{([^}]+)\}\1/g, (_, quote: string, name: string) => {
      const value = values[name];
      if (value === undefined) throw new ODataUsageError(`path parameter ${name} is missing for ${template}`);
      if (quote) return `'${encodeURIComponent(String(value).replace(/'/g, "''"))}'`;
      if (typeof value === "number" ? !Number.isFinite(value) : !BARE_KEY.test(value)) {
        throw new ODataUsageError(`path parameter ${name} must be a GUID or a number, got ${JSON.stringify(value)}`);
      }
      return String(value);
    });
  const parameters = (extra?: Record<string, string>) => ({ ...options.pathParameters?.(), ...extra });
  const keyValues = (entitySet: string, key: unknown): Record<string, string | number> => {
    const { keyNames } = describe(entitySet);
    if (key !== null && typeof key === "object") return key as Record<string, string | number>;
    const [single] = keyNames;
    if (keyNames.length !== 1 || single === undefined)
      throw new ODataUsageError(`${entitySet} has a composite key: pass an object`);
    return { [single]: key as string | number };
  };
  const itemUrl = (entitySet: string, key: unknown, extra?: Record<string, string>) => {
    const entry = describe(entitySet);
    return fill(entry.itemPath, { ...parameters(extra), ...keyValues(entitySet, key) });
  };
  const collectionUrl = (entitySet: string, extra?: Record<string, string>) => {
    const entry = describe(entitySet);
    return fill(entry.collectionPath, parameters(extra));
  };
  const keyOf = (entitySet: string, entity: object): Record<string, string | number> => {
    const record = entity as Record<string, unknown>;
    return Object.fromEntries(
      describe(entitySet).keyNames.map((name) => {
        const value = record[name];
        if (typeof value !== "string" && typeof value !== "number") {
          throw new ODataUsageError(`${entitySet}: the record has no key field ${name}; pass the record as read`);
        }
        return [name, value];
      }),
    );
  };

  const send = async (
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
    signal?: AbortSignal,
  ) => {
    const response = await options.fetch(url, {
      method,
      headers: { ...baseHeaders, ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      parsed = text;
    }
    if (!response.ok) {
      const error = apiCallErrorFromResponse(response, parsed, { method, url });
      throw asConcurrencyConflict(error, headers?.["If-Match"]) ?? error;
    }
    return parsed;
  };

  const client: EntitySetClient<Sets> = {
    list(entitySet, listOptions = {}) {
      const { filter, select, expand, orderby, top } = listOptions;
      const filterExpression = typeof filter === "function" ? filter(filterBuilder()) : filter;
      const query = buildQuery<Record<string, unknown>>({
        ...(filterExpression ? { filter: filterExpression } : {}),
        ...(select ? { select: select as readonly string[] } : {}),
        ...(expand ? { expand: expand as ExpandOption<Record<string, unknown>> } : {}),
        ...(orderby ? { orderby: orderby as readonly OrderByItem<Record<string, unknown>>[] } : {}),
        ...(top !== undefined ? { top } : {}),
      });
      const search = new URLSearchParams(query).toString().replace(/\+/g, "%20");
      const url = `${collectionUrl(entitySet, listOptions.pathParameters)}${search ? `?${search}` : ""}`;
      const maxPageSize = listOptions.maxPageSize ?? options.maxPageSize;
      // The item type is the caller's selected shape, which the signature states; the pager moves JSON only.
      return paginateOData<unknown>({
        url,
        fetch: options.fetch,
        serviceRoot,
        headers: baseHeaders,
        ...(maxPageSize !== undefined ? { maxPageSize } : {}),
        ...(listOptions.signal ? { signal: listOptions.signal } : {}),
      }) as never;
    },
    async findFirst(entitySet, filter, findOptions = {}) {
      for await (const item of client.list(entitySet, { ...findOptions, filter, top: 1 }).items()) {
        return item as Entity<Sets, typeof entitySet>;
      }
      return undefined;
    },
    async get(entitySet, key, getOptions = {}) {
      return (await send(
        "GET",
        itemUrl(entitySet, key, getOptions.pathParameters),
        undefined,
        undefined,
        getOptions.signal,
      )) as Entity<Sets, typeof entitySet>;
    },
    async create(entitySet, body, createOptions = {}) {
      return (await send(
        "POST",
        collectionUrl(entitySet, createOptions.pathParameters),
        body,
        undefined,
        createOptions.signal,
      )) as Entity<Sets, typeof entitySet>;
    },
    createOnce(entitySet, body, naturalKey, onceOptions = {}) {
      const value = (body as Record<string, unknown>)[naturalKey];
      if (typeof value !== "string" || value === "") {
        throw new ODataUsageError(`${entitySet}: createOnce needs a non-empty ${naturalKey} in the body`);
      }
      const pathParameters = onceOptions.pathParameters;
      return createOnce({
        key: `${entitySet} ${naturalKey} ${value}`,
        find: () =>
          client.findFirst(
            entitySet,
            (f) => f.eq(naturalKey as never, value as never),
            pathParameters ? { pathParameters } : {},
          ),
        create: () => client.create(entitySet, body, pathParameters ? { pathParameters } : {}),
        ...(onceOptions.lookupDelayMs !== undefined ? { lookupDelayMs: onceOptions.lookupDelayMs } : {}),
        ...(onceOptions.sleep ? { sleep: onceOptions.sleep } : {}),
      });
    },
    async update(entitySet, current, changes, updateOptions = {}) {
      const ifMatch = ifMatchHeaders(current as object, updateOptions.force ? { force: true } : {});
      const url = itemUrl(entitySet, keyOf(entitySet, current as object), updateOptions.pathParameters);
      return (await send("PATCH", url, changes, ifMatch)) as Entity<Sets, typeof entitySet> | undefined;
    },
    async remove(entitySet, current, removeOptions = {}) {
      const ifMatch = ifMatchHeaders(current as object, removeOptions.force ? { force: true } : {});
      await send(
        "DELETE",
        itemUrl(entitySet, keyOf(entitySet, current as object), removeOptions.pathParameters),
        undefined,
        ifMatch,
      );
    },
    async invoke(entitySet, key, action, body, invokeOptions = {}) {
      return send("POST", `${itemUrl(entitySet, key, invokeOptions.pathParameters)}/${action}`, body ?? undefined);
    },
    itemUrl: (entitySet, key, extra) => itemUrl(entitySet, key, extra),
    collectionUrl: (entitySet, extra) => collectionUrl(entitySet, extra),
  };
  return client;
}

/** True when an error says the record may exist although the call failed (see `createOnce`). */
export function isOutcomeUnknown(error: unknown): boolean {
  return error instanceof ApiCallError && error.outcomeUnknown;
}
