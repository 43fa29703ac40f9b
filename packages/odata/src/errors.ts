/**
 * Thrown synchronously when a query, filter, batch or ETag helper is given input it cannot turn into a safe
 * OData request (an invalid GUID, a field name that is not an identifier, a change set larger than the batch
 * limit, a missing ETag…). It is a programming or data error, never a network failure, so it is not an
 * `ApiCallError`.
 */
export class ODataUsageError extends Error {
  override readonly name: string = "ODataUsageError";
}
