/**
 * Reference tables (the lookup table and a local registry): any table whose rows name an
 * organisation and carry values for refined columns. Rows are matched on the normalised name
 * (the slug), exactly; headers are matched to refined columns by name or a common synonym.
 */
import { usageError } from "../../errors.ts";
import { readTable } from "../../formats/index.ts";
import { cleanName, normaliseForColumn, organisationSlug } from "../../rules/index.ts";
import { ENRICHABLE_COLUMNS, type Candidate, type EnrichableColumn, type FetcherName, type RowView } from "../types.ts";

const NAME_HEADERS = ["organization_name", "organisation_name", "name", "organization", "organisation", "company", "name_of_organisation"];

/** Header spellings (normalised: lower case, `_` for anything else) for each fillable column. */
const SYNONYMS: Record<EnrichableColumn, string[]> = {
  province: ["province", "region"],
  country: ["country"],
  area: ["area", "city", "town"],
  address_primary: ["address_primary", "address", "physical_address", "street_address"],
  organization_category: ["organization_category", "organisation_category", "category"],
  organization_type: ["organization_type", "organisation_type", "type"],
  status: ["status"],
  website: ["website", "website_url", "url", "web", "homepage"],
  contact_primary_name: ["contact_primary_name", "contact_name", "contact_person", "contact"],
  contact_primary_role: ["contact_primary_role", "contact_role", "role", "position"],
  contact_primary_email: ["contact_primary_email", "email", "email_address", "contact_email", "contact_email_address"],
  contact_primary_phone: ["contact_primary_phone", "phone", "telephone", "phone_number", "contact_number", "tel"],
};

export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
}

export interface ReferenceTable {
  /** File name, for provenance (`lookup:organizations.csv`). */
  label: string;
  /** slug -> normalised values by column (first row wins for a repeated name). */
  rows: Map<string, Partial<Record<EnrichableColumn, string>>>;
  /** The refined column each used header fills. */
  mapping: Partial<Record<EnrichableColumn, string>>;
}

export interface ReferenceSpec {
  path: string;
  /** The header holding organisation names (default: a common spelling). */
  nameColumn?: string;
  /** Refined column -> header, overriding the synonyms. */
  columns?: Partial<Record<string, string>>;
  country: string;
  /** What the table is, for messages ("lookup table", "registry"). */
  what: string;
}

export async function loadReferenceTable(spec: ReferenceSpec): Promise<ReferenceTable> {
  const table = await readTable(spec.path);
  const keys = table.columns.map(headerKey);
  const nameIndex = spec.nameColumn
    ? table.columns.findIndex((c) => c === spec.nameColumn || headerKey(c) === headerKey(spec.nameColumn!))
    : keys.findIndex((key) => NAME_HEADERS.includes(key));
  if (nameIndex < 0) {
    const wanted = spec.nameColumn ? `'${spec.nameColumn}'` : `one of ${NAME_HEADERS.join(", ")}`;
    throw usageError(
      `${spec.what} ${spec.path} has no organisation name column (${wanted}); found: ${table.columns.join(", ")}`,
      "name the column that holds organisation names",
    );
  }
  const mapping: Partial<Record<EnrichableColumn, string>> = {};
  const indexes: [EnrichableColumn, number][] = [];
  for (const column of ENRICHABLE_COLUMNS) {
    const explicit = spec.columns?.[column];
    const index = explicit
      ? table.columns.findIndex((c) => c === explicit || headerKey(c) === headerKey(explicit))
      : keys.findIndex((key, i) => i !== nameIndex && SYNONYMS[column].includes(key));
    if (explicit && index < 0) {
      throw usageError(`${spec.what} ${spec.path} has no column '${explicit}' (for ${column}); found: ${table.columns.join(", ")}`);
    }
    if (index >= 0) {
      mapping[column] = table.columns[index]!;
      indexes.push([column, index]);
    }
  }
  const rows = new Map<string, Partial<Record<EnrichableColumn, string>>>();
  for (const row of table.rows) {
    const slug = nameSlug(row[nameIndex]);
    if (slug === null || rows.has(slug)) continue;
    const values: Partial<Record<EnrichableColumn, string>> = {};
    for (const [column, index] of indexes) {
      const cell = row[index];
      const value = cell === null || cell === undefined ? null : normaliseForColumn(column, String(cell), spec.country);
      if (value !== null) values[column] = value;
    }
    rows.set(slug, values);
  }
  return { label: spec.path.split(/[\\/]/).pop()!, rows, mapping };
}

/** The slug refine would give an organisation of this name, or null for an empty name. */
function nameSlug(cell: unknown): string | null {
  const name = cell === null || cell === undefined ? null : cleanName(String(cell));
  return name === null ? null : organisationSlug(name);
}

/** The slug a refined row is matched on (its `organization_slug`, else its name's). */
export function rowSlug(row: RowView): string | null {
  return row.get("organization_slug") || nameSlug(row.get("organization_name"));
}

/** Candidates for the empty fields of `row` from a reference table. */
export function referenceCandidates(
  table: ReferenceTable,
  row: RowView,
  fetcher: FetcherName,
  confidence: number,
  strategy: string,
): Candidate[] {
  const slug = rowSlug(row);
  const match = slug ? table.rows.get(slug) : undefined;
  if (!match) return [];
  const out: Candidate[] = [];
  for (const column of ENRICHABLE_COLUMNS) {
    const value = match[column];
    if (value !== undefined && row.get(column) === null) {
      out.push({ column, value, fetcher, source: `${fetcher}:${table.label}`, strategy, confidence });
    }
  }
  return out;
}
