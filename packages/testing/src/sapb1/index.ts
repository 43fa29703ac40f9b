export { SAPB1_AMOUNT_DECIMALS } from "./sapb1-amounts.js";
export {
  createSapB1Fake,
  SAPB1_FAKE_BASE_URL,
  SAPB1_FAKE_COMPANY_DB,
  SAPB1_FAKE_DOCUMENT_SETS,
  SAPB1_FAKE_LOCK_ERROR,
  SapB1Fake,
  type SapB1FakeBusinessPartner,
  type SapB1FakeDocument,
  type SapB1FakeDocumentSet,
  type SapB1FakeItem,
  type SapB1FakeJournalEntry,
  type SapB1FakeOptions,
  type SapB1FakeVatGroup,
  type SapB1FakeWarehouse,
  type SapB1FakeWrite,
  type SapB1LockFault,
  sapB1ErrorBody,
} from "./sapb1-fake.js";
export {
  SAPB1_FAKE_FREIGHT_EXPENSE_CODE,
  SAPB1_FAKE_GUEST_CARD_CODE,
  SAPB1_FAKE_TAX_CLASS_VAT_GROUPS,
  SAPB1_FAKE_VAT_GROUPS,
} from "./sapb1-seed.js";
