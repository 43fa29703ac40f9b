/**
 * The custom CA against a real TLS server on 127.0.0.1 with a self-signed certificate made at test time (openssl),
 * no msw: the undici dispatcher must reach Node's own fetch, and without `ca` the certificate must be refused.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiCallError } from "@org/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSapB1Client } from "./sapb1-client.js";

function selfSignedCertificate(): { key: string; cert: string } | undefined {
  const dir = mkdtempSync(join(tmpdir(), "sapb1-tls-"));
  try {
    const key = join(dir, "key.pem");
    const cert = join(dir, "cert.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
      ],
      { stdio: "ignore" },
    );
    return { key: readFileSync(key, "utf8"), cert: readFileSync(cert, "utf8") };
  } catch {
    return undefined; // no openssl on this machine: the msw test still checks the dispatcher is passed
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pem = selfSignedCertificate();

describe.skipIf(!pem)("custom CA over real TLS on 127.0.0.1", () => {
  let server: Server;
  let root = "";
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer({ key: pem?.key, cert: pem?.cert }, (request, response) => {
      seen.push(`${request.method} ${request.url} ${request.headers.cookie ?? ""}`);
      response.setHeader("Content-Type", "application/json");
      if (request.url === "/b1s/v2/Login") {
        response.setHeader("Set-Cookie", ["B1SESSION=tls-session-1; HttpOnly;", "ROUTEID=.node1; path=/b1s"]);
        response.end(JSON.stringify({ SessionId: "tls-session-1", SessionTimeout: 30 }));
      } else if (request.url === "/b1s/v2/Logout") {
        response.statusCode = 204;
        response.end();
      } else {
        response.end(JSON.stringify({ ItemCode: "A00001", ItemName: "Over TLS" }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    root = `https://127.0.0.1:${(server.address() as AddressInfo).port}/b1s/v2`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const settings = () => ({
    baseUrl: root,
    companyDb: "SBODEMOUS",
    username: "manager",
    password: "tls-Passw0rd",
    retry: { maxAttempts: 1 },
  });

  it("trusts the self-signed Service Layer through the ca option", async () => {
    const client = createSapB1Client({ ...settings(), ca: pem?.cert });
    const item = await client.entities.get("Items", "A00001");
    expect(item.ItemName).toBe("Over TLS");
    await client.close();
    expect(seen).toEqual([
      "POST /b1s/v2/Login ",
      "GET /b1s/v2/Items('A00001') B1SESSION=tls-session-1; ROUTEID=.node1",
      "POST /b1s/v2/Logout B1SESSION=tls-session-1; ROUTEID=.node1",
    ]);
  });

  it("refuses the self-signed certificate without ca: verification is never off by default", async () => {
    const error = await createSapB1Client(settings())
      .login()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error).toMatchObject({ reason: "network" });
    expect((error as Error).message).toMatch(/SELF_SIGNED|CERT/i);
  });
});
