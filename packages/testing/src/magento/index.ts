export {
  createMagentoFake,
  MAGENTO_FAKE_ADMIN,
  MAGENTO_FAKE_ADMIN_TOKEN_LIFETIME_MS,
  MAGENTO_FAKE_BASE_URL,
  MAGENTO_FAKE_INTEGRATION,
  MagentoFake,
  type MagentoFakeBulk,
  type MagentoFakeBulkOperation,
  type MagentoFakeError,
  type MagentoFakeOptions,
  type MagentoFakeShipment,
  type MagentoFakeSourceItem,
  type MagentoFakeTokenStats,
  type MagentoInputLimits,
  magentoShopUrl,
} from "./magento-fake.js";
export {
  type MagentoFakeCriteria,
  type MagentoFakeFilter,
  type MagentoSearchResult,
  parseSearchCriteria,
  searchRows,
} from "./magento-search.js";
export {
  defaultMagentoOrderState,
  MAGENTO_SEED_CONFIGURABLE,
  MAGENTO_SEED_TAX_CLASS_IDS,
  MAGENTO_SEED_TAX_CODES,
  type MagentoOrderState,
  type MagentoRecord,
  renderMagentoOrder,
} from "./magento-seed.js";
