/** A small in-memory profile for stage tests (the real loader validates files; these tests do not need one). */
import type { Profile } from "../../src/profiles/types.ts";

export function testProfile(overrides: Partial<Profile> = {}): Profile {
  return {
    name: "test",
    display_name: "Test",
    country_code: "ZA",
    sources: [],
    column_synonyms: {},
    fuzzy_threshold: 0.8,
    expectations: { sources: [], output: [] },
    quality_thresholds: { email: 0.85, phone: 0.85, website: 0.75 },
    features: {},
    options: {},
    origin: "test",
    ...overrides,
  };
}
