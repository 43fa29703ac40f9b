export {
  type OAuth1Credentials,
  type OAuth1SignatureMethod,
  type OAuth1SignOptions,
  oauth1Signature,
  percentEncode,
  queryParameters,
  signatureBaseString,
  signOAuth1Request,
} from "./magento-oauth1";
export {
  filter,
  InvalidSearchCriteriaError,
  type MagentoConditionType,
  type MagentoFilter,
  type MagentoFilterValue,
  type MagentoSearchCriteria,
  type MagentoSortOrder,
  SearchCriteriaBuilder,
  searchCriteria,
  searchCriteriaParameters,
  serializeMagentoQuery,
} from "./magento-search-criteria";
