/**
 * What a profile says (spec section 2). The types are inferred from the zod schema in
 * `schema.ts`, which validates every profile file at load time, so the two cannot drift; the
 * schema's descriptions say what each key means. The rest of the program only sees these types.
 */
import type { ProfileDocument } from "./schema.ts";

/** The fields a sheet's columns map to (and the raw record's fields). */
export const CANONICAL_FIELDS = [
  "organization_name",
  "province",
  "area",
  "address",
  "category",
  "organization_type",
  "status",
  "website",
  "planes",
  "description",
  "notes",
  "last_interaction_date",
  "priority",
  "contact_name",
  "contact_first_name",
  "contact_surname",
  "contact_role",
  "contact_email",
  "contact_phone",
] as const;

export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

export type Profile = ProfileDocument & {
  /** Where the profile came from (a file path or `bundled:<name>`), for messages. */
  origin: string;
};

export type SourceSpec = Profile["sources"][number];

export type SheetSpec = SourceSpec["sheets"][number];

/**
 * Source rules may be scoped with `source` (a source key or label) and `sheet`; `column` is a
 * header as found in the sheet or a canonical field the sheet maps. Output rules name SSOT columns.
 */
export type ExpectationRule = Profile["expectations"]["output"][number];
