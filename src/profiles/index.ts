/**
 * Profiles: how Hotpass reads a team's workbooks. Load one, list the ones a user can reach, check
 * one without throwing, or get the JSON Schema editors use. The schema itself (zod) loads with the
 * first profile, so importing this module costs nothing at start-up.
 *
 * @example
 * import { listProfiles, loadProfile, validateProfile } from "./profiles/index.ts";
 * const profile = await loadProfile("aviation", ["./profiles"]);     // throws a HotpassError (exit 2) when invalid
 * const verdict = await validateProfile("profiles/team.yaml");       // { valid, origin, problems }
 * const all = await listProfiles(["./profiles"]);                    // [{ name, origin, display_name, shadowed_by?, problem? }]
 */
export { DEFAULT_PROFILE, availableProfiles, loadProfile, profileCandidates, type ProfileCandidate } from "./loader.ts";
export { listProfiles, validateProfile, type ProfileListing, type ProfileValidation } from "./catalogue.ts";
export { InvalidProfileError } from "./invalid.ts";
export { CANONICAL_FIELDS, type CanonicalField, type ExpectationRule, type Profile, type SheetSpec, type SourceSpec } from "./types.ts";

/** The profile's JSON Schema (draft-07), generated from the zod schema; what `hotpass profile schema` prints. */
export async function profileJsonSchema(): Promise<Record<string, unknown>> {
  return (await import("./json-schema.ts")).profileJsonSchema();
}
