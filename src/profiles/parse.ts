/**
 * Parsed document -> `Profile`: the zod schema's verdict in the project's words. Every problem is
 * reported as `<key path>: <what was expected>`, all at once (the first 12 shown).
 */
import { issueLines, missingKey } from "./_messages.ts";
import { InvalidProfileError } from "./invalid.ts";
import { profileSchema, type ProfileDocument } from "./schema.ts";
import type { Profile } from "./types.ts";

/** `key:` with nothing after it (YAML's null) means the key is not set, as if it were left out. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  // Only plain mappings: a TOML date stays the value it is.
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) if (entry !== null) out[key] = withoutNulls(entry);
  return out;
}

/** Every problem in a parsed profile document, one line each; empty when it is valid. */
export function profileProblems(document: unknown): { profile?: ProfileDocument; problems: string[] } {
  // jitless: a profile is parsed once or twice per process, and compiling zod's fast path costs
  // more than it saves (about 30 ms of CPU on the first parse, `bun run bench/profile.ts`).
  const result = profileSchema.safeParse(withoutNulls(document), { error: missingKey, jitless: true });
  return result.success ? { profile: result.data, problems: [] } : { problems: issueLines(result.error.issues) };
}

/**
 * Validates a parsed profile document. Throws a usage error (exit 2) listing every problem as
 * `<origin>: <key path>: <what was expected>`.
 *
 * @example
 * parseProfile({ name: "demo", column_synonyms: { organization_name: ["Company"] } }, "demo.yaml");
 */
export function parseProfile(document: unknown, origin: string): Profile {
  const { profile, problems } = profileProblems(document);
  if (profile) return { ...profile, origin };
  throw new InvalidProfileError(origin, problems);
}
