/**
 * Email addresses (spec section 4): lower-cased, with a non-empty local part and a domain of
 * non-empty dot-separated labels (`x@y..com` is dropped). A cell may hold several, separated by
 * `; , / |` or white space, written as `mailto:` links or in `<...>` / quotes.
 */

const SEPARATORS = /[;,/|\s]+/;
const EMAIL = /^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$/;
const WRAPPING = /^[<("']+|[>)"'.]+$/g;
const MAILTO = "mailto:";

/** Every well-formed address in the cells, lower-cased, in order, without repeats. */
export function normaliseEmails(cells: readonly (string | null | undefined)[]): string[] {
  const out: string[] = [];
  for (const cell of cells) {
    if (!cell) continue;
    for (const part of cell.split(SEPARATORS)) {
      const email = cleanAddress(part);
      if (email !== null && !out.includes(email)) out.push(email);
    }
  }
  return out;
}

/** The first well-formed address in `raw` (`Mailto:Info@Aero.co.za` -> `info@aero.co.za`), else null. */
export function firstEmail(raw: string | null | undefined): string | null {
  return normaliseEmails([raw])[0] ?? null;
}

/** `jane@Aero.co.za` -> `aero.co.za`; null when there is no `@`. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf("@");
  return at > 0 ? email.slice(at + 1).toLowerCase() : null;
}

function cleanAddress(part: string): string | null {
  let text = part.trim().toLowerCase().replace(WRAPPING, "");
  if (text.startsWith(MAILTO)) {
    // A mailto link (also inside `<...>`) may carry `?subject=...`: the address ends before it.
    text = text.slice(MAILTO.length).replace(WRAPPING, "");
    const query = text.indexOf("?");
    if (query >= 0) text = text.slice(0, query);
  }
  return EMAIL.test(text) ? text : null;
}
