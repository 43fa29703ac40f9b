import { createBcFake } from "@org/testing";
import { describe, expect, it } from "vitest";
import { FileCheckpointStore, MemoryCheckpointStore } from "./checkpoint.js";
import { checkpointStoreFor, DEFAULT_CHECKPOINT_FILE, isDemo } from "./main.js";
import { connectBc } from "./targets/bc.js";

const realEnv = {
  BC_TENANT_ID: "contoso.onmicrosoft.com",
  BC_ENVIRONMENT: "sandbox",
  BC_CLIENT_ID: "id",
  BC_CLIENT_SECRET: "secret",
  BC_COMPANY_ID: "company",
};

describe("checkpointStoreFor", () => {
  it("keeps checkpoints in memory against the fakes, in a file as soon as one system is real", () => {
    const fake = connectBc({ fake: createBcFake(), env: {} });
    const real = connectBc({ env: realEnv });
    expect(isDemo([fake])).toBe(true);
    expect(isDemo([fake, real])).toBe(false);
    expect(checkpointStoreFor([fake])).toBeInstanceOf(MemoryCheckpointStore);
    const store = checkpointStoreFor([fake, real], "");
    expect(store).toBeInstanceOf(FileCheckpointStore);
    expect((store as FileCheckpointStore).file).toBe(DEFAULT_CHECKPOINT_FILE);
    expect((checkpointStoreFor([real], "/tmp/x.json") as FileCheckpointStore).file).toBe("/tmp/x.json");
  });
});
