// The typed surface generated from openapi/oro-admin-api.openapi.yaml (see src/generated, `pnpm generate`).
export type * from "./generated/index.js";
export {
  type BatchMode,
  type BatchRequestDocument,
  type FlatResource,
  type Flattened,
  type FlattenOptions,
  flattenDocument,
  flattenResource,
  type JsonApiDocument,
  JsonApiDocumentError,
  type JsonApiRelationship,
  type RelationshipMap,
  type RequestDocument,
  type RequestResource,
  type ResourceIdentifier,
  type ResourceObject,
  type ToDocumentOptions,
  toJsonApiBatchDocument,
  toJsonApiDocument,
} from "./jsonapi.js";
export { type FromOroCustomerConfig, fromOroCustomer, type OroFlatCustomer } from "./mappers/from-oro-customer.js";
export {
  type FromOroOrderConfig,
  fromOroOrder,
  ORO_ORDER_STAGES,
  type OroFlatOrder,
  type OroOrderTaxConfig,
} from "./mappers/from-oro-order.js";
export {
  type FromOroProductPricesConfig,
  fromOroProductPrices,
  type OroFlatProductPrice,
  type OroProductPricesResult,
} from "./mappers/from-oro-product-prices.js";
export {
  type OroInventoryLevelBatchDocument,
  type ToOroInventoryLevelsConfig,
  type ToOroInventoryLevelsResult,
  toOroInventoryLevels,
} from "./mappers/to-oro-inventory-levels.js";
export {
  ORO_TRACKING_FIELD_MAX_LENGTH,
  type OroShippingTrackingCreateDocument,
  type ToOroShippingTrackingsConfig,
  toOroShippingTrackings,
} from "./mappers/to-oro-shipping-trackings.js";
export {
  createOroClient,
  JSON_API_MEDIA_TYPE,
  ORO_API_PATH,
  ORO_DEFAULT_PAGE_SIZE,
  ORO_DEFAULT_RATE_LIMITS,
  ORO_SYNC_BATCH_MAX_INCLUDED,
  ORO_SYNC_BATCH_MAX_PRIMARY,
  ORO_TOKEN_LIFETIME_S,
  ORO_TOKEN_PATH,
  ORO_TOTAL_COUNT_HEADER,
  type OroAsyncOperation,
  OroAsyncOperationTimeoutError,
  type OroBatchOptions,
  type OroBatchResult,
  type OroClient,
  type OroClientCredentials,
  type OroClientSettings,
  type OroCollectionDocument,
  type OroListResource,
  type OroPage,
  type OroQueryOf,
  type OroRecord,
  type OroResourceObject,
  parseOroError,
  type WaitForAsyncOperationOptions,
} from "./oro-client.js";
export {
  buildOroQuery,
  buildOroQueryFor,
  type OroComparisonOperators,
  type OroFilterCondition,
  type OroFilterScalar,
  type OroListOperators,
  type OroQuery,
  OroQueryError,
  type OroSortKey,
  toOroSearchParams,
} from "./oro-filter.js";
export { ORO_RESOURCES, type OroFilterField, type OroResourceType, type OroSortField } from "./oro-resources.js";
