import { describe, expect, it } from "vitest";
import { callbackTokenProvider, createTokenProvider } from "./token-provider.js";
import { VirtualClock } from "./virtual-clock.js";

describe("createTokenProvider", () => {
  it("caches the token until shortly before it expires, then refreshes", async () => {
    const clock = new VirtualClock();
    let issued = 0;
    const provider = createTokenProvider({
      clock,
      refreshBeforeMs: 60_000,
      getToken: async () => ({ token: `t${++issued}`, expiresInMs: 3_600_000 }),
    });
    expect(await provider.getToken()).toBe("t1");
    clock.time += 3_500_000;
    expect(await provider.getToken()).toBe("t1");
    clock.time += 50_000; // inside the last minute: refresh before expiry
    expect(await provider.getToken()).toBe("t2");
    expect(issued).toBe(2);
  });

  it("refreshes once for many concurrent callers", async () => {
    let calls = 0;
    let finish: (token: string) => void = () => {};
    const provider = createTokenProvider({
      getToken: () => {
        calls++;
        return new Promise<string>((resolve) => {
          finish = resolve;
        });
      },
    });
    const waiting = Promise.all(Array.from({ length: 20 }, () => provider.getToken()));
    finish("shared");
    expect(await waiting).toEqual(Array.from({ length: 20 }, () => "shared"));
    expect(calls).toBe(1);
  });

  it("keeps using a still-valid token when the early refresh fails, and retries later", async () => {
    const clock = new VirtualClock();
    const outcomes: (string | Error)[] = ["t1", new Error("token endpoint down"), "t2"];
    const provider = createTokenProvider({
      clock,
      refreshBeforeMs: 10_000,
      getToken: async () => {
        const next = outcomes.shift();
        if (next instanceof Error) throw next;
        return { token: next ?? "", expiresInMs: 60_000 };
      },
    });
    expect(await provider.getToken()).toBe("t1");
    clock.time += 55_000;
    expect(await provider.getToken()).toBe("t1");
    expect(await provider.getToken()).toBe("t2");
  });

  it("surfaces a failed refresh once the token has expired", async () => {
    const clock = new VirtualClock();
    let first = true;
    const provider = createTokenProvider({
      clock,
      getToken: async () => {
        if (first) {
          first = false;
          return { token: "t1", expiresInMs: 1000 };
        }
        throw new Error("token endpoint down");
      },
    });
    await provider.getToken();
    clock.time += 2000;
    await expect(provider.getToken()).rejects.toThrow("token endpoint down");
  });

  it("invalidates only the token that was rejected, so concurrent 401s cause one refresh", async () => {
    let issued = 0;
    const provider = createTokenProvider({ getToken: async () => `t${++issued}` });
    const old = await provider.getToken();
    provider.invalidate(old);
    expect(await provider.getToken()).toBe("t2");
    provider.invalidate(old); // a late 401 for the old token must not throw away the new one
    expect(await provider.getToken()).toBe("t2");
  });

  it("lets a waiting caller abort without cancelling the shared refresh", async () => {
    let finish: (token: string) => void = () => {};
    const provider = createTokenProvider({
      getToken: () =>
        new Promise<string>((resolve) => {
          finish = resolve;
        }),
    });
    const controller = new AbortController();
    const impatient = provider.getToken(controller.signal);
    const patient = provider.getToken();
    controller.abort(new Error("gave up"));
    await expect(impatient).rejects.toThrow("gave up");
    finish("t1");
    expect(await patient).toBe("t1");
    await expect(provider.getToken(AbortSignal.abort(new Error("before")))).resolves.toBe("t1");
  });

  it("rejects an empty token with an explanation, and applies tokens as Bearer by default", async () => {
    const provider = createTokenProvider({ getToken: async () => "" });
    await expect(provider.getToken()).rejects.toThrow(/returned no token/);
    const headers = new Headers();
    provider.apply?.(headers, "abc");
    expect(headers.get("authorization")).toBe("Bearer abc");
  });
});

describe("callbackTokenProvider", () => {
  it("asks the callback every time and applies the token its own way", async () => {
    let n = 0;
    const provider = callbackTokenProvider(
      () => `key-${++n}`,
      (headers, token) => headers.set("x-auth-token", token),
    );
    expect(await provider.getToken()).toBe("key-1");
    expect(await provider.getToken()).toBe("key-2");
    provider.invalidate("key-2");
    const headers = new Headers();
    provider.apply?.(headers, "key-3");
    expect(headers.get("x-auth-token")).toBe("key-3");
  });
});
