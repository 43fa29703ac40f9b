/**
 * A multipart `$batch` response as the SAP Business One Service Layer (v2) writes it: a GET answered at top level,
 * then a change set (POST Orders + PATCH BusinessPartners) answered as a nested multipart with Content-IDs, with
 * CRLF line endings throughout. Written by hand, not by the test helpers, so the parser is checked against
 * independent input.
 */
export const SAPB1_BATCH_RESPONSE_CONTENT_TYPE = "multipart/mixed;boundary=batchresponse_0d6a4ad1-5b3e-4e6c-9d27-0a3b1fcb6f51";

export const SAPB1_BATCH_RESPONSE = [
  "--batchresponse_0d6a4ad1-5b3e-4e6c-9d27-0a3b1fcb6f51",
  "Content-Type: application/http",
  "Content-Transfer-Encoding: binary",
  "",
  "HTTP/1.1 200 OK",
  "Content-Type: application/json;odata.metadata=minimal;charset=utf-8",
  "OData-Version: 4.0",
  'ETag: W/"6a5c0e3d"',
  "",
  '{"@odata.context":"$metadata#Orders(DocEntry,NumAtCard)/$entity","@odata.etag":"W/\\"6a5c0e3d\\"","DocEntry":12,"NumAtCard":"WEB-1001"}',
  "--batchresponse_0d6a4ad1-5b3e-4e6c-9d27-0a3b1fcb6f51",
  "Content-Type: multipart/mixed;boundary=changesetresponse_6b1e2c3f-7a8b-4c9d-8e0f-1a2b3c4d5e6f",
  "",
  "--changesetresponse_6b1e2c3f-7a8b-4c9d-8e0f-1a2b3c4d5e6f",
  "Content-Type: application/http",
  "Content-Transfer-Encoding: binary",
  "Content-ID: 2",
  "",
  "HTTP/1.1 201 Created",
  "Content-Type: application/json;odata.metadata=minimal;charset=utf-8",
  "Location: https://b1.example.com:50000/b1s/v2/Orders(13)",
  "",
  '{"@odata.context":"$metadata#Orders/$entity","DocEntry":13,"DocNum":1013,"CardCode":"C20000","NumAtCard":"WEB-1002","DocTotal":119.5,"DocCurrency":"EUR"}',
  "--changesetresponse_6b1e2c3f-7a8b-4c9d-8e0f-1a2b3c4d5e6f",
  "Content-Type: application/http",
  "Content-Transfer-Encoding: binary",
  "Content-ID: 3",
  "",
  "HTTP/1.1 204 No Content",
  "",
  "",
  "--changesetresponse_6b1e2c3f-7a8b-4c9d-8e0f-1a2b3c4d5e6f--",
  "--batchresponse_0d6a4ad1-5b3e-4e6c-9d27-0a3b1fcb6f51--",
  "",
].join("\r\n");
