/**
 * Websites (spec section 4): `https://` added when no scheme is given; host lower-cased, without a
 * leading `www.` or a trailing dot; the path kept as written without a trailing `/`; query and
 * fragment dropped. Where the spec is silent (README, refine section): only http(s) is a website
 * (`mailto:`, `ftp://`, `tel:` are dropped), a host needs a dot (`localhost:3000` is dropped), an
 * address without a scheme that holds `@` is an email, not a website; credentials are dropped, a
 * port is kept unless it is the scheme's default; an international host is written in Unicode
 * (`xn--mnchen-3ya.de` and `MÜNCHEN.de` both become `münchen.de`), as people read and type it.
 */
import { domainToUnicode } from "node:url";
import { cleanText } from "./text.ts";

/** `http:` / `https:`, with however many slashes were typed after it. */
const WEB_SCHEME = /^(https?):\/*/i;
/** Any other scheme (`mailto:`, `ftp://`); a colon before digits is a port (`example.com:8080`). */
const OTHER_SCHEME = /^[a-z][a-z0-9+.-]*:(?!\d)/i;
const AUTHORITY_AND_PATH = /^([^/?#\s]+)([^?#\s]*)/;
const PORT = /:(\d{1,5})$/;
const HOST = /^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+$/u;
const NEEDS_IDNA = /[^\x00-\x7f]|xn--/;
const TRAILING_SLASHES = /\/+$/;
const DEFAULT_PORT: Record<string, string> = { http: "80", https: "443" };

/** `www.Example.com/Path/?q=1` -> `https://example.com/Path`; not a web address -> null. */
export function normaliseWebsite(raw: string | null | undefined): string | null {
  const text = cleanText(raw);
  if (text === null) return null;
  let scheme = "https";
  let rest = text;
  const web = WEB_SCHEME.exec(text);
  if (web) {
    scheme = web[1]!.toLowerCase();
    rest = text.slice(web[0].length);
  } else if (OTHER_SCHEME.test(text)) {
    return null;
  }
  const parts = AUTHORITY_AND_PATH.exec(rest);
  if (!parts) return null;
  let authority = parts[1]!;
  const at = authority.lastIndexOf("@");
  if (at >= 0) {
    if (!web) return null;
    authority = authority.slice(at + 1);
  }
  let port = "";
  const portMatch = PORT.exec(authority);
  if (portMatch) {
    authority = authority.slice(0, portMatch.index);
    const number = Number(portMatch[1]);
    if (number < 1 || number > 65_535) return null;
    if (String(number) !== DEFAULT_PORT[scheme]) port = `:${number}`;
  }
  const host = hostName(authority);
  if (host === null) return null;
  return `${scheme}://${host}${port}${parts[2]!.replace(TRAILING_SLASHES, "")}`;
}

function hostName(authority: string): string | null {
  let host = authority.toLowerCase();
  if (host.endsWith(".")) host = host.slice(0, -1);
  if (host.startsWith("www.")) host = host.slice(4);
  if (NEEDS_IDNA.test(host)) host = domainToUnicode(host);
  return HOST.test(host) ? host : null;
}
