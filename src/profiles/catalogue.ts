/**
 * The profiles a user can reach and whether each is valid, as data: for `hotpass profile list`
 * and `hotpass profile validate`, and for the dashboard and the MCP server
 * (`hotpass_list_profiles`, `hotpass_validate_profile`), which show the same answers.
 */
import { isHotpassError } from "../errors.ts";
import { InvalidProfileError } from "./invalid.ts";
import { loadProfile, profileCandidates } from "./loader.ts";
import type { Profile } from "./types.ts";

export interface ProfileListing {
  name: string;
  /** The file's path, or `bundled:<name>`. */
  origin: string;
  /** The profile's display name; absent when the profile does not load. */
  display_name?: string;
  /** The origin of the profile of the same name that `--profile NAME` loads instead of this one. */
  shadowed_by?: string;
  /** Why the profile does not load (its first line); absent when it is valid. */
  problem?: string;
}

export type ProfileValidation =
  | { valid: true; origin: string; profile: Profile }
  | {
      valid: false;
      /** The file or bundled profile that was checked, when one was found. */
      origin?: string;
      /** One line per problem: `<key path>: <what was expected>`, or the one reason it could not be read. */
      problems: string[];
      /** The whole message, as the command line prints it. */
      message: string;
      /** The lines printed below the message's first line (see HotpassError.details). */
      details?: readonly string[];
      hint?: string;
    };

/**
 * Checks one profile (a name on the search path or bundled, or a file). Never throws for a profile
 * that is missing, unreadable or invalid: the verdict says why. Other failures are rethrown.
 *
 * @example
 * const verdict = await validateProfile("profiles/team.yaml");
 * if (!verdict.valid) console.error(verdict.problems.join("\n"));
 */
export async function validateProfile(nameOrPath: string, searchPaths: readonly string[] = []): Promise<ProfileValidation> {
  try {
    const profile = await loadProfile(nameOrPath, searchPaths);
    return { valid: true, origin: profile.origin, profile };
  } catch (error) {
    if (!isHotpassError(error) || error.exitCode !== 2) throw error;
    const found = error instanceof InvalidProfileError;
    return {
      valid: false,
      origin: found ? error.origin : undefined,
      problems: found ? [...error.problems] : [error.message],
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
      hint: error.hint,
    };
  }
}

/**
 * Every profile reachable from `searchPaths` (in resolution order: folder by folder, then the
 * bundled ones), each loaded to read its display name. An invalid profile is listed with its
 * problem, not thrown.
 *
 * @example
 * for (const p of await listProfiles(["./profiles"])) console.log(p.name, p.origin, p.display_name);
 */
export async function listProfiles(searchPaths: readonly string[] = []): Promise<ProfileListing[]> {
  const winners = new Map<string, string>();
  const listings: ProfileListing[] = [];
  for (const { name, origin } of profileCandidates(searchPaths)) {
    const verdict = await validateProfile(origin.startsWith("bundled:") ? name : origin, []);
    const listing: ProfileListing = { name, origin };
    if (verdict.valid) listing.display_name = verdict.profile.display_name;
    else listing.problem = verdict.problems.length > 1 ? `${verdict.problems.length} problems, the first: ${verdict.problems[0]}` : verdict.problems[0];
    const winner = winners.get(name);
    if (winner === undefined) winners.set(name, origin);
    else listing.shadowed_by = winner;
    listings.push(listing);
  }
  return listings;
}
