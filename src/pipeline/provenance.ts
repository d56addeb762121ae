/**
 * `selection_provenance`: for every field chosen from an organisation's ranked source rows, the
 * value, where it came from (dataset, record id, priority, row quality, interaction date) and who
 * else offered one, as JSON. It is rendered when a row is written, from the ranked rows and the
 * qualities aggregate kept from ranking them, so it reads as little of the rows as it can: by then
 * they are scattered over the heap.
 *
 * One rendering, two destinations: `selectionProvenance` makes the string (csv, json, parquet, the
 * report's samples, a spilled run), `putProvenanceXml` puts the same text, escaped for XML, straight
 * into an xlsx sheet's bytes. At 100,000 organisations the sheet's provenance is 150 MB of text, and
 * making it as strings (then flattening, escaping and encoding them) was the write stage's largest
 * cost. The text is exactly what JSON.stringify makes of one object per field with the keys in
 * the order below; each value is escaped by JSON.stringify itself.
 */
import type { ByteChunk } from "./write/bytes.ts";
import type { RawRecord, SsotColumn } from "./types.ts";

/** Raw field -> output column for the fields chosen as "first non-empty in rank order". */
export const SCALARS = [
  ["organization_name", "organization_name"],
  ["province", "province"],
  ["area", "area"],
  ["address", "address_primary"],
  ["category", "organization_category"],
  ["organization_type", "organization_type"],
  ["status", "status"],
  ["website", "website"],
  ["priority", "priority"],
] as const satisfies readonly (readonly [keyof RawRecord, SsotColumn])[];

/** What the provenance is rendered from: an organisation's source rows, best first, and their qualities. */
export interface Ranked {
  ranked: RawRecord[];
  qualities: number[];
}

/** The fields described, in order, with the JSON that opens each one's member (first, and after another). */
const FIELDS: readonly { first: string; next: string; get: (row: RawRecord) => string | null }[] = [
  ...SCALARS.map(([field, column]) => ({ column, get: (row: RawRecord) => row[field] as string | null })),
  { column: "contact_primary_email", get: (row: RawRecord) => row.contact_emails[0] ?? null },
  { column: "contact_primary_phone", get: (row: RawRecord) => row.contact_phones[0] ?? null },
].map(({ column, get }) => ({ first: `"${column}":{"value":`, next: `,"${column}":{"value":`, get }));

export function selectionProvenance(row: Ranked): string {
  let json = "";
  render(row, (text) => {
    json += text;
  });
  return json;
}

/**
 * Puts `row`'s provenance into `out` as an xlsx cell's text, escaped as the sheet escapes any text
 * (ByteChunk.putXmlText), and returns true; or puts nothing and returns false when the text is
 * longer than `maxChars` (the sheet cuts such a cell, which it does from the string).
 */
export function putProvenanceXml(row: Ranked, out: ByteChunk, maxChars: number): boolean {
  const start = out.length;
  let chars = 0;
  render(row, (text) => {
    chars += text.length;
    out.putXmlText(text);
  });
  if (chars <= maxChars) return true;
  out.length = start;
  return false;
}

/** Hands `piece` the provenance JSON of `row`, piece by piece, in order. */
function render({ ranked, qualities }: Ranked, piece: (text: string) => void): void {
  const origins = new Origins(ranked, qualities);
  piece("{");
  let members = 0;
  for (const field of FIELDS) {
    let chosen = false;
    let others = 0;
    for (let i = 0; i < ranked.length; i++) {
      const value = field.get(ranked[i]!);
      if (value === null || value === "") continue;
      if (!chosen) {
        piece(members++ === 0 ? field.first : field.next);
        piece(JSON.stringify(value));
        piece(",");
        piece(origins.id(i));
        piece(origins.details(i));
        piece(',"other_contributors":[');
        chosen = true;
      } else {
        piece(others++ === 0 ? "{" : ",{");
        piece(origins.id(i));
        piece(',"value":');
        piece(JSON.stringify(value));
        piece("}");
      }
    }
    if (chosen) piece("]}");
  }
  piece("}");
}

/**
 * The JSON members saying where a ranked row's values come from, made once per row (not once per
 * field it offers): `id` for every mention of the row, `details` (starting with a comma) after it
 * where the row's value is the one chosen.
 */
class Origins {
  private readonly idTexts: string[] = [];
  private readonly detailTexts: string[] = [];

  constructor(
    private readonly ranked: RawRecord[],
    private readonly qualities: number[],
  ) {}

  id(i: number): string {
    const row = this.ranked[i]!;
    return (this.idTexts[i] ??= `"source_dataset":${JSON.stringify(row.source_dataset)},"source_record_id":${JSON.stringify(row.source_record_id)}`);
  }

  details(i: number): string {
    const row = this.ranked[i]!;
    return (this.detailTexts[i] ??= `,"source_priority":${JSON.stringify(row.source_priority)},"row_quality":${JSON.stringify(this.qualities[i])},"last_interaction_date":${JSON.stringify(row.last_interaction_date)}`);
  }
}
