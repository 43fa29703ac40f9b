// Money

export { type Address, AddressSchema } from "./entities/address";
export {
  type Availability,
  AvailabilitySchema,
  type StockLevel,
  type StockLevelInput,
  StockLevelSchema,
} from "./entities/availability";
export {
  type CreditMemo,
  type CreditMemoInput,
  type CreditMemoLine,
  CreditMemoLineSchema,
  CreditMemoSchema,
  type CreditMemoTotals,
  CreditMemoTotalsSchema,
  parseCreditMemo,
  REFUND_PAYMENT_KINDS,
  type RefundPayment,
  type RefundPaymentInput,
  type RefundPaymentKind,
  RefundPaymentSchema,
} from "./entities/credit-memo";
export {
  type Customer,
  type CustomerInput,
  type CustomerRef,
  CustomerRefSchema,
  CustomerSchema,
  type Organization,
  OrganizationSchema,
  parseCustomer,
} from "./entities/customer";
export {
  ITEM_TRACKING,
  type Item,
  type ItemInput,
  type ItemPrice,
  ItemPriceSchema,
  ItemSchema,
  type ItemTracking,
  type ItemUnit,
  ItemUnitSchema,
  parseItem,
} from "./entities/item";
export { type JournalEntry, JournalEntrySchema, type JournalLine, JournalLineSchema } from "./entities/journal";
export {
  type Discount,
  DiscountSchema,
  type GiftCardRedemption,
  GiftCardRedemptionSchema,
  isOrderConfirmed,
  ORDER_STAGES,
  type Order,
  type OrderInput,
  type OrderLine,
  OrderLineSchema,
  OrderSchema,
  type OrderStage,
  type OrderStatus,
  OrderStatusSchema,
  type OrderTotals,
  OrderTotalsSchema,
  type Payment,
  PaymentSchema,
  parseOrder,
  type ShippingLine,
  ShippingLineSchema,
  TAX_MODES,
  type TaxLine,
  TaxLineSchema,
  type TaxMode,
} from "./entities/order";
// Entities
export {
  CurrencyCodeSchema,
  DateSchema,
  DateTimeSchema,
  type DecimalSchemaOptions,
  decimalSchema,
  type RecordRef,
  RecordRefSchema,
} from "./entities/schema-helpers";
export {
  parseSettlement,
  SETTLEMENT_LINE_TYPES,
  type Settlement,
  type SettlementInput,
  type SettlementLine,
  SettlementLineSchema,
  type SettlementLineType,
  SettlementSchema,
} from "./entities/settlement";
export {
  parseShipment,
  type Shipment,
  type ShipmentInput,
  type ShipmentLine,
  ShipmentLineSchema,
  ShipmentSchema,
} from "./entities/shipment";
export {
  createSyncException,
  type ExceptionContext,
  exceptionCollector,
  failed,
  OWNER_TEAMS,
  type OwnerTeam,
  ok,
  type RaiseOptions,
  SYNC_EXCEPTION_CODES,
  type SyncException,
  type SyncExceptionCode,
  type SyncExceptionInput,
  SyncExceptionSchema,
  type SyncResult,
  type SyncWarning,
  skipped,
} from "./entities/sync-exception";
// Errors
export { type EntityIssue, EntityValidationError, type InvalidInputCode, InvalidInputError } from "./errors";
export {
  type AvailabilityPolicy,
  type AvailabilityTarget,
  availabilityDelta,
  computeAvailability,
  type StockBuffer,
} from "./functions/availability";
export {
  type AllocatedDiscount,
  allocateOrderDiscounts,
  type LineDiscountAllocation,
} from "./functions/discount-allocation";
// Pure functions
export {
  checkOrderTotals,
  compareDocumentTotal,
  type DocumentTotalComparison,
  type OrderTotalsCheckOptions,
  type TotalsComponent,
} from "./functions/order-totals";
export {
  journalImbalance,
  type SettlementAccounts,
  type SettlementJournalOptions,
  type SettlementJournalResult,
  settlementToJournal,
} from "./functions/settlement-journal";
export {
  type ConvertQuantityOptions,
  convertQuantity,
  type UnitConversion,
  unitFactor,
} from "./functions/unit-conversion";
// Reading vendor payloads defensively in vendor → canonical mappers
export {
  mapSafely,
  ownEntry,
  PayloadError,
  readList,
  readOptionalBoolean,
  readOptionalDecimal,
  readOptionalInteger,
  readOptionalText,
  readRecord,
  readText,
  recordKey,
  withoutValue,
} from "./mapping/payload";
export { allocate } from "./money/allocate";
export {
  assertCurrencyCode,
  type CurrencyCode,
  formatMoney,
  isCurrencyCode,
  minorUnits,
  type ParseMoneyOptions,
  parseMoney,
  roundMoney,
} from "./money/currency";
export { Decimal, type DecimalInput, MAX_DECIMAL_DIGITS } from "./money/decimal";
export { divideRounded, ROUNDING_MODES, type RoundingMode } from "./money/rounding";
// Posting plans: vendor-neutral validation and mapping between a canonical document and any ERP document
export type {
  GuestCustomerPolicy,
  PostingAccounts,
  PostingConfig,
  TaxMappingRule,
} from "./posting/posting-config";
export {
  type CreditMemoLookups,
  type CreditMemoPlan,
  type PlannedCreditLine,
  prepareCreditMemo,
} from "./posting/prepare-credit-memo";
export {
  type PlannedAccountLine,
  type PlannedCustomer,
  type PlannedItemLine,
  type PlannedLine,
  prepareSalesOrder,
  type SalesOrderLookups,
  type SalesOrderPlan,
} from "./posting/prepare-sales-order";
export { describeTax, resolveTaxCode } from "./posting/tax-codes";
