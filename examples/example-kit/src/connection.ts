/**
 * The contract every `targets/<system>.ts` follows: connect to the real system when its credentials are in the
 * environment, else to its fake (in-process, or over the loopback server for the demo), and say which in one line.
 */
import type { FakeService, RunningFakeServer } from "@org/testing";

export interface Connection<Client, Fake extends FakeService> {
  /** System slug: `bc`, `sapb1`, `bigcommerce`, `magento`, `oro`. */
  system: string;
  mode: "real" | "fake";
  client: Client;
  /** The fake behind the client in fake mode (tests read its state and inject faults). */
  fake: Fake | undefined;
  /** One line for the run heading, never with secrets: "Business Central fake at http://127.0.0.1:…". */
  label: string;
}

export interface ConnectOptions<Fake extends FakeService> {
  /** Where credentials are read from. Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The fake to use without credentials. Default: a new fake seeded with the demo data. */
  fake?: Fake;
  /** Serve the fake over this loopback server (the demo); default: in-process through the fake's `fetch`. */
  server?: RunningFakeServer;
}

/** HTTP calls counted since the counter was made; `undefined` when nothing counts them (a real system). */
export type CallCounter = () => number | undefined;

/**
 * Counts the HTTP calls made from now on: through a connection (its fake's call log; nothing against a real system),
 * or from any running total such as `() => fake.calls.length`. A pipeline makes one when its run starts, so that a
 * rerun in the same process reports its own calls, not every call the fake has served.
 */
export function callCounter(source: Connection<unknown, FakeService> | (() => number | undefined)): CallCounter {
  const total = typeof source === "function" ? source : () => source.fake?.calls.length;
  const start = total();
  return () => {
    const now = total();
    return now === undefined || start === undefined ? undefined : now - start;
  };
}
