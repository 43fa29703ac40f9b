/**
 * @org/testing: stateful fakes of the five systems for tests and demos. Each fake is a {@link FakeService}: use its
 * `fetch` in-process, `fakeHandlers()` from `@org/testing/msw` in an msw server, or serve it on loopback with
 * {@link startFakeServer}. Seed data comes from one shared catalog so the systems line up.
 */

export * from "./bc/index.js";
export * from "./bigcommerce/index.js";
export {
  type FakeMiddleware,
  type FakeRequestContext,
  type FakeRouteHandler,
  FakeService,
  type FakeServiceOptions,
  type HandleOptions,
  LostResponseError,
  type RecordedCall,
} from "./fake-service.js";
export {
  type FaultDecision,
  FaultInjector,
  type FaultKind,
  type FaultMatch,
  type FaultOptions,
  isWriteMethod,
  type ScriptedFault,
} from "./faults.js";
export {
  ConcurrencyGate,
  type ConcurrencyGateOptions,
  type QuotaDecision,
  WindowQuota,
  type WindowQuotaOptions,
} from "./limits.js";
export * from "./magento/index.js";
export * from "./oro/index.js";
export { seededRandom } from "./random.js";
export * from "./sapb1/index.js";
export {
  SEED_CUSTOMERS,
  SEED_PRODUCTS,
  SEED_TAX_RATES,
  SEED_UNKNOWN_SKU,
  SEED_WAREHOUSES,
  type SeedCustomer,
  type SeedProduct,
  type SeedWarehouse,
  seedProduct,
} from "./seed/catalog.js";
export { type SeedOrder, type SeedOrderLine, type SeedOrderOptions, seedOrders } from "./seed/orders.js";
export { type FakeServerOptions, type RunningFakeServer, startFakeServer } from "./server.js";
export { fromOpenApi30, OpenApiBodyValidator, RequestSchemaValidator, type ValidationProblems } from "./validation.js";
