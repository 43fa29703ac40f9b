export {
  createOroFake,
  OroFake,
  type OroFakeAsyncOperation,
  type OroFakeCustomer,
  type OroFakeCustomerUser,
  type OroFakeInventoryLevel,
  type OroFakeOptions,
  type OroFakeOrder,
  type OroFakeProductPrice,
  type OroFakeShippingTracking,
} from "./oro-fake.js";
export { ORO_FAKE_DEFAULT_PAGE_SIZE } from "./oro-jsonapi.js";
export {
  ORO_FAKE_DEPARTMENT_CUSTOMER_ID,
  ORO_FAKE_MASTER_DATA_AT,
  ORO_FAKE_PRICE_LIST_ID,
  ORO_FAKE_UNIT_CODES,
  type OroSeedQuirks,
} from "./oro-seed.js";
