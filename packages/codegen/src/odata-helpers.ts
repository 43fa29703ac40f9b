/**
 * The text of `odata.d.ts`, written next to every generated API: small generic helpers that the generated types use
 * (so Create/Update/Collection types are one instantiation each instead of full copies) and that a client builds on
 * (`Selected` narrows a result to its `$select`). Kept free of imports so each generated folder stands alone.
 */
export const ODATA_HELPERS = `/** Body for creating an entity: \`Required\` keys required, \`Omitted\` (read-only) absent, every other field optional. */
export type CreateOf<E, Required extends keyof E, Omitted extends keyof E> = {
  [K in Required]: E[K];
} & {
  [K in Exclude<keyof E, Required | Omitted | "@odata.etag" | "odata.etag">]?: E[K];
};

/** Body for updating (PATCH) an entity: \`Omitted\` (keys, read-only, immutable) absent, every other field optional. */
export type UpdateOf<E, Omitted extends keyof E> = {
  [K in Exclude<keyof E, Omitted | "@odata.etag" | "odata.etag">]?: E[K];
};

/** A page of a collection: \`value\` plus the server-driven paging link (absolute for BC, relative for B1). */
export interface ODataCollection<E> {
  value: E[];
  "@odata.nextLink"?: string;
  "@odata.count"?: number;
  "odata.nextLink"?: string;
  "odata.count"?: number | string;
}

/** Value of a user-defined field (B1 \`U_*\`): these arrive at run time on open types. */
export type UserFieldValue = string | number | boolean | null | undefined;

/** Dynamic properties of an open type whose names start with \`U_\`. Other unknown names still fail to compile. */
export interface UserFields {
  [field: \`U_\${string}\`]: UserFieldValue;
}

/** Fields that can be named in \`$select\` (structural properties and user fields; not annotations). */
export type SelectableField<E> = Exclude<keyof E & string, "@odata.etag" | "odata.etag">;

/**
 * The result of a read with \`$select\`: only the selected fields (plus the ETag, which the server always sends).
 * @example type Row = Selected<SalesOrder, readonly ["id", "number"]>; // { id: string; number: string | null; "@odata.etag"?: string }
 */
export type Selected<E, S extends readonly SelectableField<E>[]> = Pick<E, S[number] | Extract<keyof E, "@odata.etag" | "odata.etag">>;

/** An entity with some navigation properties expanded (\`$expand\`). */
export type Expanded<E, Navigation, N extends keyof Navigation> = E & { [K in N]-?: NonNullable<Navigation[K]> };

/** The OData error body (v4 and v3 forms). */
export interface ODataError {
  error: {
    code: string | number;
    message: string | { lang?: string; value: string };
    target?: string;
    details?: { code?: string; message?: string; target?: string }[];
    innererror?: Record<string, unknown>;
  };
}

// Shared operation shapes: every path of the narrow \`paths\` map is an instantiation of these, in the shape
// openapi-fetch reads (parameters / requestBody / responses / content), instead of a full inline copy per path.

export interface JsonBody<T> {
  headers: { [name: string]: unknown };
  content: { "application/json": T };
}
export interface EmptyBody {
  headers: { [name: string]: unknown };
  content?: never;
}
export interface Ok<T> {
  200: JsonBody<T>;
  default: JsonBody<ODataError>;
}
export interface Created<T> {
  201: JsonBody<T>;
  default: JsonBody<ODataError>;
}
export interface NoContent {
  204: EmptyBody;
  default: JsonBody<ODataError>;
}
/** A path without parameters. */
export interface NoPathParams {
  path?: never;
}
/** System query options of a collection read. \`$select\` is a comma-separated list (see \`Selected\` for the result). */
export interface CollectionQuery {
  $filter?: string;
  $select?: string;
  $orderby?: string;
  $expand?: string;
  $top?: number;
  $skip?: number;
  $search?: string;
  $count?: boolean;
  $inlinecount?: "allpages" | "none";
}
export interface EntityQuery {
  $select?: string;
  $expand?: string;
}
export interface ListOperation<P, C> {
  parameters: P & { query?: CollectionQuery };
  requestBody?: never;
  responses: Ok<C>;
}
export interface ReadOperation<P, E> {
  parameters: P & { query?: EntityQuery };
  requestBody?: never;
  responses: Ok<E>;
}
export interface CreateOperation<P, B, E> {
  parameters: P;
  requestBody: { content: { "application/json": B } };
  responses: Created<E>;
}
export interface UpdateOperation<P, H, B, R> {
  parameters: P & H;
  requestBody: { content: { "application/json": B } };
  responses: R;
}
export interface DeleteOperation<P, H> {
  parameters: P & H;
  requestBody?: never;
  responses: NoContent;
}
export interface ActionOperation<P, R> {
  parameters: P;
  requestBody?: never;
  responses: R;
}
export interface ActionWithBodyOperation<P, B, R> {
  parameters: P;
  requestBody: { content: { "application/json": B } };
  responses: R;
}
export interface FunctionOperation<P, R> {
  parameters: P;
  requestBody?: never;
  responses: R;
}
export interface CollectionPath<P, C> {
  parameters: P;
  get: ListOperation<P, C>;
}
export interface InsertablePath<P, B, E> {
  post: CreateOperation<P, B, E>;
}
export interface EntityPath<P, E> {
  parameters: P;
  get: ReadOperation<P, E>;
}
export interface UpdatablePath<P, H, B, R> {
  patch: UpdateOperation<P, H, B, R>;
}
export interface DeletablePath<P, H> {
  delete: DeleteOperation<P, H>;
}
export interface ActionPath<P, R> {
  parameters: P;
  post: ActionOperation<P, R>;
}
export interface ActionWithBodyPath<P, B, R> {
  parameters: P;
  post: ActionWithBodyOperation<P, B, R>;
}
export interface FunctionPath<P, R> {
  parameters: P;
  get: FunctionOperation<P, R>;
}
`;
