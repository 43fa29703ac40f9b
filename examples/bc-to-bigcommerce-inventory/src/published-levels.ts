/**
 * What the storefront was last told, kept in the checkpoint store between runs, so that a run pushes only the
 * SKUs whose availability changed since (I2). Pure: no I/O.
 */
import { type Availability, availabilityDelta, Decimal } from "@org/core";

/** The checkpoint format: `{ version, levels: { "<sku>\u0000<location>": "<quantity>" } }` (quantities as strings). */
interface StoredLevels {
  version: 1;
  levels: Record<string, string>;
}

const SEPARATOR = "\u0000";

function keyOf(entry: Pick<Availability, "sku" | "location">): string {
  return `${entry.sku}${SEPARATOR}${entry.location ?? ""}`;
}

/** Availability as stored in the checkpoint; `undefined` (nothing published yet) reads as an empty list. */
export function decodePublishedLevels(stored: string | undefined): Availability[] {
  if (stored === undefined || stored === "") return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    throw new Error("the published-levels checkpoint is not JSON; delete it to publish every SKU again");
  }
  const levels = (parsed as Partial<StoredLevels> | null)?.levels;
  if ((parsed as Partial<StoredLevels> | null)?.version !== 1 || levels === null || typeof levels !== "object") {
    throw new Error("the published-levels checkpoint has an unknown format; delete it to publish every SKU again");
  }
  return Object.entries(levels).map(([key, quantity]) => {
    const [sku = "", location = ""] = key.split(SEPARATOR);
    const entry: Availability = { sku, quantity: Decimal.from(quantity, `levels.${sku}`) };
    if (location !== "") entry.location = location;
    return entry;
  });
}

/** Availability in the checkpoint's format, keys sorted so the file diffs well. */
export function encodePublishedLevels(levels: readonly Availability[]): string {
  const sorted = [...levels].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const stored: StoredLevels = {
    version: 1,
    levels: Object.fromEntries(sorted.map((entry) => [keyOf(entry), entry.quantity.toString()])),
  };
  return JSON.stringify(stored);
}

/**
 * The levels the storefront holds after a run: the previous ones, overwritten by what was confirmed sent. Anything
 * not confirmed (a failed request, a quarantined SKU) keeps its previous value, so the next run's delta sends it
 * again. A zero stays recorded: `availabilityDelta` never re-sends a zero for a SKU that is gone.
 */
export function mergePublished(previous: readonly Availability[], confirmed: readonly Availability[]): Availability[] {
  const byKey = new Map(previous.map((entry) => [keyOf(entry), entry]));
  for (const entry of confirmed) byKey.set(keyOf(entry), entry);
  return [...byKey.values()];
}

/** What to push: every level when nothing was published yet (or on a full resync), else only what changed (I2). */
export function levelsToPush(
  previous: readonly Availability[],
  next: readonly Availability[],
  fullResync = false,
): Availability[] {
  return availabilityDelta(fullResync ? [] : previous, next);
}

/** The key a level is stored under, for matching sent items back to availability entries. */
export const publishedKey = keyOf;
