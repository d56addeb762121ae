/**
 * A build-time macro (imported `with { type: "macro" }`): the bundled profiles parsed from their
 * YAML and validated by the profile schema while the binary is built, so a run with a bundled
 * profile starts without the YAML parser or zod (about 35 ms of a refine's start-up). A bundled
 * profile that does not validate fails the build.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { parseProfile } from "../parse.ts";
import type { Profile } from "../types.ts";

export function validatedBundledProfiles(): Record<string, Profile> {
  const profiles: Record<string, Profile> = {};
  for (const name of ["aviation", "generic"]) {
    const text = readFileSync(join(import.meta.dir, `${name}.yaml`), "utf8");
    profiles[name] = parseProfile(parse(text, { prettyErrors: true, uniqueKeys: true }), `bundled:${name}`);
  }
  return profiles;
}
