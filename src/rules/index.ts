/**
 * The normalisation rules of spec section 4, in one place for every command: refine's normalise
 * stage and enrich's fetchers call these, so a value means the same wherever it was written.
 *
 * @example
 * import { normaliseForColumn, normalisePhones, normaliseWebsite, organisationSlug } from "./rules/index.ts";
 * normaliseWebsite("www.Example.com/Path/?q=1");          // "https://example.com/Path"
 * normalisePhones(["082 123 4567 / 011 555 1234"], "ZA"); // ["+27821234567", "+27115551234"]
 * normaliseForColumn("province", "kzn", "ZA");            // "KwaZulu-Natal"
 * organisationSlug("360 Aviation (pty) Ltd");             // "360-aviation-pty-ltd"
 */
export { normaliseForColumn } from "./columns.ts";
export { normaliseDate } from "./dates.ts";
export { emailDomain, firstEmail, normaliseEmails } from "./email.ts";
export { firstPhone, normalisePhone, normalisePhones } from "./phone.ts";
export { normaliseProvince, PROVINCES, type Province } from "./province.ts";
export { organisationSlug, slugify } from "./slug.ts";
export { cleanName, cleanText, MAX_TEXT } from "./text.ts";
export { normaliseWebsite } from "./website.ts";
