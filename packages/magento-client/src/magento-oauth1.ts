import { createHmac, randomBytes } from "node:crypto";

/**
 * OAuth 1.0a request signing (RFC 5849) for Magento integrations. An integration's access token never expires,
 * and since Magento 2.4.4 using it as a plain bearer token is off by default, so signing is the way to use it.
 *
 * Magento verifies the signature over the query as it decodes it with PHP `rawurldecode` (a `+` stays a plus:
 * magento/magento2 PR #34896). So the URL must carry RFC 3986 encoding (`%20` for a space, never `+`), and the
 * signature is computed from the URL exactly as it will be sent. `serializeMagentoQuery` produces such URLs.
 */
export interface OAuth1Credentials {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
}

/** `HMAC-SHA256` is what Magento integrations use by default; `HMAC-SHA1` for older installations. */
export type OAuth1SignatureMethod = "HMAC-SHA256" | "HMAC-SHA1";

export interface OAuth1SignOptions {
  method: string;
  /** The full request URL, including its query, exactly as it will be sent. */
  url: string | URL;
  credentials: OAuth1Credentials;
  /** Default: `HMAC-SHA256`. */
  signatureMethod?: OAuth1SignatureMethod;
  /** Parameters of an `application/x-www-form-urlencoded` body, already decoded. JSON bodies are not signed. */
  formParameters?: ReadonlyArray<readonly [string, string]>;
  /** Fixed nonce (tests only). Default: 16 random bytes, hex. */
  nonce?: string;
  /** Fixed timestamp in seconds (tests only). Default: now. */
  timestamp?: number;
}

/** RFC 3986 percent-encoding as OAuth requires: everything except `A-Z a-z 0-9 - . _ ~`. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Decodes a query component the way PHP `rawurldecode` does (a `+` stays a `+`). */
function rawDecode(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    return component; // malformed escapes are signed as sent, as the server will see them
  }
}

/** The query parameters of a URL as the server decodes them, in order, keeping repeated keys. */
export function queryParameters(url: URL): Array<[string, string]> {
  const query = url.search.startsWith("?") ? url.search.slice(1) : url.search;
  if (query === "") return [];
  return query.split("&").map((pair) => {
    const index = pair.indexOf("=");
    return index === -1 ? [rawDecode(pair), ""] : [rawDecode(pair.slice(0, index)), rawDecode(pair.slice(index + 1))];
  });
}

/** The base string URI: scheme and host in lower case, default ports dropped, no query or fragment (RFC 5849 §3.4.1.2). */
function baseStringUri(url: URL): string {
  return `${url.protocol.toLowerCase()}//${url.host.toLowerCase()}${url.pathname}`;
}

/** The signature base string (RFC 5849 §3.4.1): method, base URI and the normalised parameters. */
export function signatureBaseString(
  method: string,
  url: URL,
  parameters: ReadonlyArray<readonly [string, string]>,
): string {
  const normalized = parameters
    .map(([key, value]) => [percentEncode(key), percentEncode(value)] as const)
    .sort(([ak, av], [bk, bv]) => (ak === bk ? compare(av, bv) : compare(ak, bk)))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
  return [method.toUpperCase(), percentEncode(baseStringUri(url)), percentEncode(normalized)].join("&");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Computes the signature for a base string with the consumer and token secrets. */
export function oauth1Signature(
  baseString: string,
  consumerSecret: string,
  tokenSecret: string,
  signatureMethod: OAuth1SignatureMethod,
): string {
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
  const algorithm = signatureMethod === "HMAC-SHA1" ? "sha1" : "sha256";
  return createHmac(algorithm, key).update(baseString).digest("base64");
}

/** The `Authorization: OAuth …` header value for a request. */
export function signOAuth1Request(options: OAuth1SignOptions): string {
  const url = typeof options.url === "string" ? new URL(options.url) : options.url;
  const { credentials } = options;
  const signatureMethod = options.signatureMethod ?? "HMAC-SHA256";
  const protocolParameters: Array<[string, string]> = [
    ["oauth_consumer_key", credentials.consumerKey],
    ["oauth_nonce", options.nonce ?? randomBytes(16).toString("hex")],
    ["oauth_signature_method", signatureMethod],
    ["oauth_timestamp", String(options.timestamp ?? Math.floor(Date.now() / 1000))],
    ["oauth_token", credentials.accessToken],
    ["oauth_version", "1.0"],
  ];
  const baseString = signatureBaseString(options.method, url, [
    ...queryParameters(url),
    ...(options.formParameters ?? []),
    ...protocolParameters,
  ]);
  const signature = oauth1Signature(
    baseString,
    credentials.consumerSecret,
    credentials.accessTokenSecret,
    signatureMethod,
  );
  const header = [...protocolParameters, ["oauth_signature", signature] as const]
    .map(([key, value]) => `${percentEncode(key)}="${percentEncode(value)}"`)
    .join(", ");
  return `OAuth ${header}`;
}
