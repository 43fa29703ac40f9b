export {
  BIGCOMMERCE_FAKE_MAX_ADJUSTMENT_ITEMS,
  BIGCOMMERCE_FAKE_MAX_PAGE_SIZE,
  BigCommerceFake,
  type BigCommerceFakeLocation,
  type BigCommerceFakeOptions,
  type BigCommerceFakeRefund,
  type BigCommerceFakeShipment,
  type BigCommerceRefundSeed,
  createBigCommerceFake,
} from "./bigcommerce-fake.js";
export {
  BIGCOMMERCE_STATUS_NAMES,
  type BigCommerceFakeOrder,
  type BigCommerceV2Coupon,
  type BigCommerceV2Order,
  type BigCommerceV2OrderProduct,
  type BigCommerceV2ShippingAddress,
  type BigCommerceV2Tax,
  type BigCommerceV3Transaction,
} from "./bigcommerce-render.js";
