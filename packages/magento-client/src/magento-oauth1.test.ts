import { createHmac } from "node:crypto";
import fc from "fast-check";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import OAuth from "oauth-1.0a";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  oauth1Signature,
  percentEncode,
  queryParameters,
  signatureBaseString,
  signOAuth1Request,
} from "./magento-oauth1";
import { filter, searchCriteria, serializeMagentoQuery } from "./magento-search-criteria";

const credentials = {
  consumerKey: "dpf43f3p2l4k3l03",
  consumerSecret: "kd94hf93k423kf44",
  accessToken: "nnch734d00sl2jdk",
  accessTokenSecret: "pfkkdhi9sl3r4s00",
};

function headerParameters(header: string): Record<string, string> {
  return Object.fromEntries(
    [...header.matchAll(/([a-z_]+)="([^"]*)"/g)].map(([, key, value]) => [key, decodeURIComponent(value ?? "")]),
  );
}

describe("OAuth 1.0a known test vectors", () => {
  it("OAuth Core 1.0 appendix A (photos.example.net, HMAC-SHA1) gives tR3+Ty81lMeYAr/Fid0kMTYa/WM=", () => {
    const header = signOAuth1Request({
      method: "GET",
      url: "http://photos.example.net/photos?file=vacation.jpg&size=original",
      credentials,
      signatureMethod: "HMAC-SHA1",
      nonce: "kllo9940pd9333jh",
      timestamp: 1191242096,
    });
    expect(headerParameters(header).oauth_signature).toBe("tR3+Ty81lMeYAr/Fid0kMTYa/WM=");
    expect(header).toMatch(/^OAuth oauth_consumer_key="dpf43f3p2l4k3l03", /);
    expect(header).toContain('oauth_signature="tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D"');
  });

  it("RFC 5849 §3.4.1.1: the signature base string of the example request", () => {
    const url = new URL("http://EXAMPLE.COM:80/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b");
    const base = signatureBaseString("post", url, [
      ...queryParameters(url),
      ["c2", ""],
      ["a3", "2 q"],
      ["oauth_consumer_key", "9djdj82h48djs9d2"],
      ["oauth_token", "kkk9d7dh3k39sjv7"],
      ["oauth_signature_method", "HMAC-SHA1"],
      ["oauth_timestamp", "137131201"],
      ["oauth_nonce", "7d8f3e4a"],
    ]);
    expect(base).toBe(
      "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7",
    );
  });

  it("HMAC-SHA256 matches a direct HMAC over the base string with the encoded secrets", () => {
    const base = "GET&https%3A%2F%2Fshop.example.com%2Frest%2FV1%2Forders&a%3D1";
    const expected = createHmac("sha256", "c%26s&t%20s").update(base).digest("base64");
    expect(oauth1Signature(base, "c&s", "t s", "HMAC-SHA256")).toBe(expected);
  });

  it("percent-encodes per RFC 3986 (spaces %20, brackets, reserved characters)", () => {
    expect(percentEncode("a b+c[0]!*'()~._-é")).toBe("a%20b%2Bc%5B0%5D%21%2A%27%28%29~._-%C3%A9");
  });

  it("keeps repeated keys and malformed escapes in the query as the server sees them", () => {
    expect(queryParameters(new URL("https://h/p?a=1&a=2&flag&bad=%E0%A4%A"))).toEqual([
      ["a", "1"],
      ["a", "2"],
      ["flag", ""],
      ["bad", "%E0%A4%A"],
    ]);
    expect(queryParameters(new URL("https://h/p"))).toEqual([]);
  });
});

/** An independent implementation (the oauth-1.0a package) fed the query exactly as Magento decodes it. */
function independentSignature(method: string, url: URL, nonce: string, timestamp: number): string {
  const oauth = new OAuth({
    consumer: { key: credentials.consumerKey, secret: credentials.consumerSecret },
    signature_method: "HMAC-SHA256",
    hash_function: (base, key) => createHmac("sha256", key).update(base).digest("base64"),
  });
  const data: Record<string, string | string[]> = {};
  for (const [key, value] of queryParameters(url)) {
    const existing = data[key];
    data[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  const authorization = oauth.authorize(
    {
      url: `${url.origin}${url.pathname}`,
      method,
      data: { ...data, oauth_nonce: nonce, oauth_timestamp: String(timestamp) },
    },
    { key: credentials.accessToken, secret: credentials.accessTokenSecret },
  );
  return authorization.oauth_signature;
}

describe("OAuth 1.0a HMAC-SHA256 against an independent implementation", () => {
  it("property: any searchCriteria values (spaces, brackets, plus signs, unicode) sign identically", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom("status", "updated_at", "sku", "name"), fc.string({ minLength: 1, maxLength: 20 })),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        fc.constantFrom("GET", "DELETE"),
        (filters, method) => {
          const criteria = filters.reduce(
            (builder, [field, value]) => builder.where(filter(field, "eq", value)),
            searchCriteria<string>(),
          );
          const url = new URL(
            `https://shop.example.com/rest/default/V1/orders?${serializeMagentoQuery(criteria.build())}`,
          );
          const header = signOAuth1Request({ method, url, credentials, nonce: "n0nce", timestamp: 1767225600 });
          expect(headerParameters(header).oauth_signature).toBe(independentSignature(method, url, "n0nce", 1767225600));
        },
      ),
    );
  });
});

describe("OAuth 1.0a against a Magento-style verifier (msw)", () => {
  const server = setupServer(
    http.get("https://shop.example.com/rest/default/V1/orders", ({ request }) => {
      const url = new URL(request.url);
      const oauth = headerParameters(request.headers.get("authorization") ?? "");
      const nonce = oauth.oauth_nonce ?? "";
      const timestamp = Number(oauth.oauth_timestamp);
      if (oauth.oauth_signature !== independentSignature("GET", url, nonce, timestamp)) {
        return HttpResponse.json({ message: "The signature is invalid. Verify and try again." }, { status: 401 });
      }
      // Echo what PHP would read from the query, to prove the values arrive intact.
      return HttpResponse.json({ received: Object.fromEntries(queryParameters(url)) });
    }),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it("a date filter with a space and bracketed keys verifies, and the values arrive intact", async () => {
    const criteria = searchCriteria<"created_at" | "status" | "entity_id">()
      .where(filter("created_at", "gt", "2026-10-25 00:00:00"))
      .where(filter("status", "in", ["pending", "processing"]))
      .sortBy("entity_id")
      .page(1, 50)
      .build();
    const url = `https://shop.example.com/rest/default/V1/orders?${serializeMagentoQuery(criteria)}`;
    const response = await fetch(url, {
      headers: { authorization: signOAuth1Request({ method: "GET", url, credentials }) },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { received: Record<string, string> };
    expect(body.received["searchCriteria[filterGroups][0][filters][0][value]"]).toBe("2026-10-25 00:00:00");
    expect(body.received["searchCriteria[filterGroups][1][filters][0][value]"]).toBe("pending,processing");
  });

  it("a URL that encodes spaces as + fails verification, which is why the serializer never does", async () => {
    const url = "https://shop.example.com/rest/default/V1/orders?searchCriteria%5BpageSize%5D=1&note=a+b";
    const tampered = signOAuth1Request({ method: "GET", url: url.replace("a+b", "a%20b"), credentials });
    const response = await fetch(url, { headers: { authorization: tampered } });
    expect(response.status).toBe(401);
  });
});
