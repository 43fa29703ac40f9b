/**
 * Redaction for everything this package writes into errors, hook events and log lines. The rule is by name:
 * a header, query parameter, form field or JSON key whose name looks secret has its value replaced. Values that
 * are known secrets (e.g. a client secret handed to a token provider) can also be registered literally.
 */

/** What replaces a secret value. */
export const REDACTED = "[REDACTED]";

/** Exact names (compared lower-case, without `-` and `_`) that are always secret. */
const SECRET_NAMES = new Set([
  "authorization",
  "proxyauthorization",
  "cookie",
  "setcookie",
  "b1session",
  "routeid",
  "sessionid",
  "sig",
  "apikey",
  "xapikey",
  "pwd",
  "passwd",
  "credentials",
  "assertion",
  "clientassertion",
]);

/** Fragments that make any name secret: `access_token`, `X-Auth-Token`, `client_secret`, `Password`, `oauth_signature`. */
const SECRET_FRAGMENTS = ["token", "secret", "password", "signature", "session", "apikey", "privatekey"];

/** Anything `new Headers()` accepts (the DOM `HeadersInit`, which this package's Node-only lib doesn't name). */
export type HeadersLike = ConstructorParameters<typeof Headers>[0];

/** Options shared by the redaction helpers. */
export interface RedactOptions {
  /** Extra names (headers, query parameters, JSON keys) to treat as secret, case-insensitive. Default: none. */
  secretNames?: readonly string[];
  /** Literal secret values to scrub wherever they appear in text (e.g. a client secret). Default: none. */
  secretValues?: readonly string[];
}

/** Names that contain a secret-looking fragment but are paging cursors or metadata, useful in logs. */
const NOT_SECRET_NAMES = new Set(["skiptoken", "deltatoken", "tokentype", "sessiontimeout"]);

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_\s.$[\]]/g, "");
}

/** Whether a header, query parameter, form field or JSON key with this name carries a secret. */
export function isSecretName(name: string, options?: RedactOptions): boolean {
  const normalized = normalizeName(name);
  if (NOT_SECRET_NAMES.has(normalized)) return false;
  if (SECRET_NAMES.has(normalized)) return true;
  if (SECRET_FRAGMENTS.some((fragment) => normalized.includes(fragment))) return true;
  return options?.secretNames?.some((extra) => normalizeName(extra) === normalized) ?? false;
}

/** Replaces registered literal secrets in free text (vendor messages, error causes). */
export function redactText(text: string, options?: RedactOptions): string {
  let result = scrubSecretValues(text, options);
  // Credentials that travel inside text: "Bearer eyJ…", "Basic dXNlcjpwYXNz", "B1SESSION=…".
  result = result.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, `$1 ${REDACTED}`);
  result = result.replace(/([A-Za-z0-9_$-]+)=([^&\s;,"']+)/g, (match, name: string) =>
    isSecretName(name, options) ? `${name}=${REDACTED}` : match,
  );
  return result;
}

function scrubSecretValues(text: string, options?: RedactOptions): string {
  let result = text;
  for (const secret of options?.secretValues ?? []) {
    // Very short values would shred ordinary words; nobody's secret is three characters long.
    if (secret.length >= 4) result = result.split(secret).join(REDACTED);
  }
  return result;
}

/**
 * Returns the URL with secrets removed: user info (`user:pass@`) and the values of secret query parameters
 * (`access_token`, `token`, `password`, `client_secret`, `sig`, `signature`, …). Unparseable input is treated as
 * text.
 */
export function redactUrl(url: string | URL, options?: RedactOptions): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return redactText(String(url), options);
  }
  if (parsed.username || parsed.password) {
    parsed.username = parsed.username ? REDACTED : "";
    parsed.password = parsed.password ? REDACTED : "";
  }
  const names = [...new Set(parsed.searchParams.keys())];
  for (const name of names) {
    if (isSecretName(name, options)) parsed.searchParams.set(name, REDACTED);
  }
  // Keep the URL readable: URLSearchParams encodes "[REDACTED]" as %5BREDACTED%5D.
  return scrubSecretValues(parsed.href.replaceAll(encodeURIComponent(REDACTED), REDACTED), options);
}

/** Returns a plain object of the headers with secret values replaced (names are lower case). */
export function redactHeaders(headers: HeadersLike, options?: RedactOptions): Record<string, string> {
  const result: Record<string, string> = {};
  // Iterate a Headers instance directly: `new Headers(instance)` can lose entries under msw's interceptors.
  (headers instanceof Headers ? headers : new Headers(headers)).forEach((value, name) => {
    result[name] = isSecretName(name, options) ? REDACTED : redactText(value, options);
  });
  return result;
}

/**
 * Deep-copies a parsed body with the values of secret keys replaced (`password`, `Password`, `client_secret`,
 * `access_token`, `refresh_token`, `SessionId`, …). Strings are scrubbed of registered literal secrets; a string
 * that is a form-encoded or JSON document is redacted as such.
 */
export function redactBody(body: unknown, options?: RedactOptions, depth = 0): unknown {
  if (depth > 32) return "[TOO DEEP]";
  if (typeof body === "string") return redactBodyText(body, options);
  if (Array.isArray(body)) return body.map((value) => redactBody(value, options, depth + 1));
  if (body !== null && typeof body === "object") {
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body)) {
      result[key] = isSecretName(key, options) && value !== null ? REDACTED : redactBody(value, options, depth + 1);
    }
    return result;
  }
  return body;
}

/** Redacts a raw body: JSON by key, `application/x-www-form-urlencoded` by field name, anything else as text. */
export function redactBodyText(text: string, options?: RedactOptions): string {
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.stringify(redactBody(JSON.parse(trimmed) as unknown, options));
    } catch {
      // Not JSON after all: fall through to text redaction.
    }
  }
  if (/^[^=&\s]+=[^&\s]*(&[^=&\s]+=[^&\s]*)*$/.test(trimmed)) {
    const params = new URLSearchParams(trimmed);
    for (const name of [...new Set(params.keys())]) {
      if (isSecretName(name, options)) params.set(name, REDACTED);
    }
    return redactText(params.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED), options);
  }
  return redactText(text, options);
}
