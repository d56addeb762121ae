/**
 * The profiles compiled into the binary. The YAML text is embedded at build time (Bun's text
 * imports), so `--profile aviation` works from the executable alone with no files beside it; so
 * is each one validated (`validated.ts`, run while building), which is what a run loads.
 */
import type { Profile } from "../types.ts";
import aviation from "./aviation.yaml" with { type: "text" };
import generic from "./generic.yaml" with { type: "text" };
import { validatedBundledProfiles } from "./validated.ts" with { type: "macro" };

export const BUNDLED_PROFILES: Readonly<Record<string, string>> = { aviation, generic };

/** The same profiles, validated: their text above, as the profile schema reads it. */
export const VALIDATED_BUNDLED_PROFILES: Readonly<Record<string, Profile>> = validatedBundledProfiles();
