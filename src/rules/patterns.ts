/**
 * Patterns a profile carries (placeholder names, expectation `regex` rules) are user input, so they
 * are compiled here, in one place, and named by their profile key in any error.
 */
import { usageError } from "../errors.ts";

/** What a compiled pattern offers: whether it is found in a text. */
export interface TextPattern {
  test(text: string): boolean;
}

/** One pattern of a profile, with the key that names it in messages (`placeholder_names[1]`). */
export interface ProfilePattern {
  key: string;
  pattern: string;
  caseInsensitive?: boolean;
}

/** Compiles profile patterns; a pattern that does not compile is a usage error naming its key. */
export async function compileProfilePatterns(patterns: readonly ProfilePattern[]): Promise<TextPattern[]> {
  return patterns.map(({ key, pattern, caseInsensitive }) => {
    try {
      return new RegExp(pattern, caseInsensitive ? "i" : "");
    } catch (error) {
      throw usageError(`profile ${key}: ${(error as Error).message}`, "fix the regular expression in the profile");
    }
  });
}
