/**
 * The fakes over real HTTP on loopback: for the demo pipelines, for tools that cannot take a `fetch` function, and
 * for clients written in other languages. Each fake is mounted under `/<name>` followed by its base URL's path, so
 * `http://127.0.0.1:<port>/bc/v2.0/<tenant>/<env>/api/v2.0/companies` reaches the Business Central fake.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type FakeService, LostResponseError } from "./fake-service.js";

export interface FakeServerOptions {
  /** Port to listen on. Default: `0` (a free port). */
  port?: number;
  /** Interface to bind. Default: `127.0.0.1` (never all interfaces: the fakes accept any credentials). */
  host?: string;
}

export interface RunningFakeServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Serves one more fake (names must be unique). */
  mount(fake: FakeService): void;
  /** The base URL a client uses to reach `fake` through this server (drop-in for `fake.baseUrl`); mounts it if needed. */
  baseUrlOf(fake: FakeService): string;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? undefined : Buffer.concat(chunks);
}

/** Starts one loopback HTTP server for the given fakes (names must be unique; more can be mounted later). */
export async function startFakeServer(
  fakes: readonly FakeService[] = [],
  options: FakeServerOptions = {},
): Promise<RunningFakeServer> {
  const byName = new Map<string, FakeService>();
  const mount = (fake: FakeService): void => {
    if (byName.has(fake.name)) throw new Error(`startFakeServer: two fakes are named "${fake.name}"`);
    byName.set(fake.name, fake);
  };
  for (const fake of fakes) mount(fake);
  const host = options.host ?? "127.0.0.1";
  let origin = "";
  const publicBase = (fake: FakeService) =>
    `${origin}/${fake.name}${new URL(fake.baseUrl).pathname}`.replace(/\/+$/, "");

  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    void serve(incoming, outgoing);
  });

  async function serve(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const url = new URL(incoming.url ?? "/", origin);
    const [, name = "", ...rest] = url.pathname.split("/");
    const fake = byName.get(name);
    if (!fake) {
      outgoing.writeHead(404, { "content-type": "application/json" });
      outgoing.end(JSON.stringify({ error: `no fake mounted at /${name}; mounted: ${[...byName.keys()].join(", ")}` }));
      return;
    }
    const target = new URL(`/${rest.join("/")}${url.search}`, new URL(fake.baseUrl).origin);
    const headers = new Headers();
    for (const [key, value] of Object.entries(incoming.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) headers.append(key, v);
    }
    const abort = new AbortController();
    outgoing.on("close", () => {
      if (!outgoing.writableFinished) abort.abort(new Error("client closed the connection"));
    });
    const method = incoming.method ?? "GET";
    const body = method === "GET" || method === "HEAD" ? undefined : await readBody(incoming);
    const request = new Request(target, { method, headers, body: body ?? null, signal: abort.signal });
    try {
      const response = await fake.handle(request, { publicBaseUrl: publicBase(fake) });
      const responseHeaders: Record<string, string | string[]> = {};
      response.headers.forEach((value, key) => {
        if (key === "set-cookie") return;
        responseHeaders[key] = value;
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) responseHeaders["set-cookie"] = cookies;
      outgoing.writeHead(response.status, responseHeaders);
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      if (error instanceof LostResponseError || abort.signal.aborted) {
        incoming.socket.destroy();
        return;
      }
      outgoing.writeHead(500, { "content-type": "application/json" });
      outgoing.end(JSON.stringify({ error: `fake ${fake.name} failed: ${(error as Error).message}` }));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  origin = `http://${host}:${address.port}`;
  return {
    origin,
    mount,
    baseUrlOf(fake) {
      if (!byName.has(fake.name)) mount(fake);
      if (byName.get(fake.name) !== fake) throw new Error(`another fake named "${fake.name}" is served here`);
      return publicBase(fake);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
