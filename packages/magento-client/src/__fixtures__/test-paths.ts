/**
 * A minimal `paths` in the shape openapi-typescript generates from the Magento admin schema (Swagger 2.0, base path
 * `/rest/default`), for tests that must not depend on the full generated surface.
 */
type Json<T> = { headers: { [name: string]: unknown }; content: { "application/json": T } };
type NoParameters = { query?: never; header?: never; path?: never; cookie?: never };
export interface ErrorResponse {
  message: string;
  parameters?: { resources?: string; fieldName?: string; fieldValue?: string }[];
}
export interface Order {
  entity_id?: number;
  increment_id?: string;
  status?: string;
  created_at?: string;
}
export interface Product {
  id?: number;
  sku: string;
  name?: string;
  price?: number;
}
export interface OrderSearchResult {
  items: Order[];
  search_criteria: { filter_groups: unknown[]; page_size?: number; current_page?: number };
  total_count: number;
}

export interface TestPaths {
  "/V1/orders": {
    parameters: NoParameters;
    get: {
      parameters: {
        query?: { "searchCriteria[pageSize]"?: number; "searchCriteria[currentPage]"?: number };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: { 200: Json<OrderSearchResult>; 401: Json<ErrorResponse>; default: Json<ErrorResponse> };
    };
    put?: never;
    post?: never;
    delete?: never;
  };
  "/V1/orders/{id}": {
    parameters: NoParameters;
    get: {
      parameters: { query?: never; header?: never; path: { id: number }; cookie?: never };
      requestBody?: never;
      responses: { 200: Json<Order>; 401: Json<ErrorResponse>; default: Json<ErrorResponse> };
    };
    put?: never;
    post?: never;
    delete?: never;
  };
  "/V1/products": {
    parameters: NoParameters;
    get?: never;
    put?: never;
    post: {
      parameters: NoParameters;
      requestBody?: { content: { "application/json": { product: Product; saveOptions?: boolean } } };
      responses: { 200: Json<Product>; 401: Json<ErrorResponse>; default: Json<ErrorResponse> };
    };
    delete?: never;
  };
  "/V1/products/{sku}": {
    parameters: NoParameters;
    get: {
      parameters: { query?: never; header?: never; path: { sku: string }; cookie?: never };
      requestBody?: never;
      responses: { 200: Json<Product>; 401: Json<ErrorResponse>; default: Json<ErrorResponse> };
    };
    put: {
      parameters: { query?: never; header?: never; path: { sku: string }; cookie?: never };
      requestBody?: { content: { "application/json": { product: Product } } };
      responses: { 200: Json<Product>; 401: Json<ErrorResponse>; default: Json<ErrorResponse> };
    };
    post?: never;
    delete?: never;
  };
}
