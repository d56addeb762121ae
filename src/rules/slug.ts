/**
 * The organisation slug (spec section 4), the key rows are grouped on by refine and matched on by
 * enrich: NFKD, accents dropped, lower-case, every run of other characters (punctuation, spaces,
 * letters with no ASCII form such as `ß` or `’`) one `-`, trimmed.
 */
import { isPlainAscii } from "./text.ts";

const COMBINING = /[\u0300-\u036f]/g;
const NON_ALNUM = /[^a-z0-9]+/g;
const EDGE_DASHES = /^-+|-+$/g;

/** `360 Aviation (pty) Ltd` -> `360-aviation-pty-ltd`; `Café Aéro` -> `cafe-aero`. */
export function slugify(text: string): string {
  const ascii = isPlainAscii(text) ? text : text.normalize("NFKD").replace(COMBINING, "");
  return ascii.toLowerCase().replace(NON_ALNUM, "-").replace(EDGE_DASHES, "");
}

/**
 * The slug of an organisation `name` as cleanName left it. A name with no ASCII letter or digit
 * (another script) gets `org-<hash of the name>`, so such organisations still stay apart.
 */
export function organisationSlug(name: string): string {
  return slugify(name) || `org-${Bun.hash(name).toString(16)}`;
}
