/**
 * How profile problems read: each is one line `<key path>: <what was expected>, got <what was
 * there>`, in the words a profile author uses ("a list", "a mapping", "the text "two""), never
 * zod's own wording. The schema attaches these messages to its parts (`expecting`, `mappingOf`);
 * `issueLines` turns zod's issues into the lines, one per problem.
 */
import type { z } from "zod";
import { similarity } from "../text/distance.ts";

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;
/** What a zod `error` option returns: a message, or undefined to let the next error map speak. */
type ErrorFn = (issue: RawIssue) => string | undefined;

/** A value as a profile author would name it. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

/**
 * The error option for a part of the schema: "expected <text>, got <value>". A missing value is
 * left to `missingKey` (so a required key reads "required key is missing"), unless `whenMissing`
 * says something better ("required for a regex rule").
 */
export function expecting(text: string | ((input: unknown) => string), whenMissing?: string): { error: ErrorFn } {
  return {
    error: (issue) => {
      if (issue.input === undefined) return whenMissing;
      return `expected ${typeof text === "function" ? text(issue.input) : text}, got ${describe(issue.input)}`;
    },
  };
}

/** The known key most like `key`, if one is close enough to be a likely typo. */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = 0.6;
  for (const candidate of known) {
    const score = similarity(key.toLowerCase(), candidate.toLowerCase());
    if (score > bestScore) [best, bestScore] = [candidate, score];
  }
  return best;
}

/**
 * The error option for a mapping whose keys are `known` (`what` is "key" for the fixed keys of a
 * section, "field" for canonical fields). zod reports all unknown keys of one mapping as one
 * issue; the message holds one line per key, in the issue's key order, which `issueLines`
 * puts back under each key's own path.
 */
export function mappingOf(known: readonly string[], what: "key" | "field"): { error: ErrorFn } {
  return {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") {
        return issue.keys
          .map((key) => {
            const near = closest(key, known);
            return `unknown ${what}; expected one of ${known.join(", ")}${near ? `; did you mean ${near}?` : ""}`;
          })
          .join("\n");
      }
      return expecting("a mapping").error(issue);
    },
  };
}

/** The last word, for a value zod found nothing to say about: a key that must be there is not. */
export const missingKey: ErrorFn = (issue) => (issue.input === undefined ? "required key is missing" : undefined);

/** `sources[0].sheets[1].columns.website` from zod's `["sources", 0, "sheets", 1, "columns", "website"]`. */
export function keyPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : `${out === "" ? "" : "."}${String(part)}`;
  return out === "" ? "(top level)" : out;
}

/**
 * One line per problem. Where a value may take two shapes (text or a list), the shape it has
 * decides which complaint is shown: the branch that failed only deeper inside.
 */
export function issueLines(issues: readonly Issue[], prefix: readonly PropertyKey[] = []): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === "unrecognized_keys") {
      const messages = issue.message.split("\n");
      issue.keys.forEach((key, i) => lines.push(`${keyPath([...path, key])}: ${messages[i] ?? messages[0]}`));
    } else if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const deeper = issue.errors.find((errors) => !errors.some((e) => e.code === "invalid_type" && e.path.length === 0));
      if (deeper) lines.push(...issueLines(deeper, path));
      else lines.push(`${keyPath(path)}: ${issue.message}`);
    } else {
      lines.push(`${keyPath(path)}: ${issue.message}`);
    }
  }
  return lines;
}
