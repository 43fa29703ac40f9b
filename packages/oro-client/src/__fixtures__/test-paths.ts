/**
 * A minimal `paths` in the shape openapi-typescript generates from openapi/oro-admin-api.openapi.yaml, for tests
 * that must not depend on the full generated surface.
 */
type Api<T> = { headers: { [name: string]: unknown }; content: { "application/vnd.api+json": T } };
type ErrorDocument = { errors: { status?: string; title?: string; detail?: string; source?: { pointer?: string } }[] };
type Errors = { "4XX": Api<ErrorDocument>; "5XX": Api<ErrorDocument> };
type Relationship = { data: { type: string; id: string } | null };
type ToMany = { data: { type: string; id: string }[] };

export interface Order {
  type: "orders";
  id: string;
  attributes?: { identifier?: string | null; poNumber?: string | null; currency?: string; totalValue?: string | null };
  relationships?: { customer?: Relationship; lineItems?: ToMany };
}
export interface InventoryLevel {
  type: "inventorylevels";
  id: string;
  attributes?: { quantity?: string };
  relationships?: { product?: Relationship };
}
export interface AsyncOperation {
  type: "asyncoperations";
  id: string;
  attributes?: { status?: "new" | "running" | "failed" | "success" | "cancelled"; progress?: number | null };
}
type Collection<T> = { data: T[]; included?: { type: string; id: string }[]; links?: Record<string, unknown> };
type Single<T> = { data: T; included?: { type: string; id: string }[] };

export interface TestPaths {
  "/orders": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: {
        query?: { "filter[updatedAt][gte]"?: string; "page[number]"?: number; "page[size]"?: number; include?: string };
        header?: { "X-Include"?: string };
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: { 200: Api<Collection<Order>> } & Errors;
    };
    patch: {
      parameters: { query?: never; header?: { "X-Mode"?: "sync" }; path?: never; cookie?: never };
      requestBody: { content: { "application/vnd.api+json": { data: Order[] } } };
      responses: { 200: Api<Collection<Order>>; 202: Api<Single<AsyncOperation>> } & Errors;
    };
  };
  "/orders/{id}": {
    parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
    get: {
      parameters: { query?: { include?: string }; header?: never; path: { id: string }; cookie?: never };
      requestBody?: never;
      responses: { 200: Api<Single<Order>> } & Errors;
    };
  };
  "/inventorylevels": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: Record<string, string>; header?: { "X-Include"?: string }; path?: never; cookie?: never };
      requestBody?: never;
      responses: { 200: Api<Collection<InventoryLevel>> } & Errors;
    };
    patch: {
      parameters: { query?: never; header?: { "X-Mode"?: "sync" }; path?: never; cookie?: never };
      requestBody: { content: { "application/vnd.api+json": { data: InventoryLevel[] } } };
      responses: { 200: Api<Collection<InventoryLevel>>; 202: Api<Single<AsyncOperation>> } & Errors;
    };
  };
  "/asyncoperations/{id}": {
    parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
    get: {
      parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
      requestBody?: never;
      responses: { 200: Api<Single<AsyncOperation>> } & Errors;
    };
  };
}
