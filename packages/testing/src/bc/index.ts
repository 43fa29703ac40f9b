export {
  BcFake,
  type BcFakeAuth,
  type BcFakeLimits,
  type BcFakeOptions,
  type BcRecord,
  createBcFake,
} from "./bc-fake.js";
export {
  BC_FAKE_CLIENT_ID,
  BC_FAKE_CLIENT_SECRET,
  BC_FAKE_COMPANY_ID,
  BC_FAKE_ENVIRONMENT,
  BC_FAKE_TENANT_ID,
  BC_GUEST_CUSTOMER_NUMBER,
  BC_SEED_ACCOUNTS,
  BC_SEED_JOURNALS,
  BC_SEED_SHIPMENT_METHODS,
  BC_SEED_TAX_GROUPS,
  BC_TAX_GROUP_BY_CLASS,
  type BcSeedAccount,
} from "./bc-seed.js";
