/**
 * Real systems when credentials are in the environment, the built-in fakes otherwise (see `.env.example` in each
 * pipeline). Credentials are never printed: only which variables were found.
 */

/** Thrown when some but not all variables of a system are set: half a configuration is a mistake, not a demo. */
export class IncompleteCredentialsError extends Error {
  override readonly name = "IncompleteCredentialsError";
  constructor(
    readonly system: string,
    readonly missing: readonly string[],
  ) {
    super(
      `${system}: set ${missing.join(", ")} as well, or unset the other ${system} variables to use the built-in fake`,
    );
  }
}

/**
 * The values of `names` when all are set (non-empty), `undefined` when none is set, and an
 * {@link IncompleteCredentialsError} when only some are.
 */
export function readCredentials<const Name extends string>(
  system: string,
  names: readonly Name[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): Record<Name, string> | undefined {
  const present = names.filter((n) => (env[n] ?? "") !== "");
  if (present.length === 0) return undefined;
  const missing = names.filter((n) => (env[n] ?? "") === "");
  if (missing.length > 0) throw new IncompleteCredentialsError(system, missing);
  return Object.fromEntries(names.map((n) => [n, env[n] as string])) as Record<Name, string>;
}
