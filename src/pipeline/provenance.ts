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
import { ByteChunk } from "./write/bytes.ts";
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

/**
 * A piece of the JSON text that recurs (the keys, a source row's origin): its string, and its
 * bytes as sheet text, made the first time a sheet asks for them.
 */
class Piece {
  private xmlBytes: Uint8Array | undefined;

  constructor(readonly text: string) {}

  xml(): Uint8Array {
    if (this.xmlBytes === undefined) {
      scratch.putXmlText(this.text);
      scratch.flushSync((bytes) => (this.xmlBytes = bytes.slice()));
    }
    return this.xmlBytes!;
  }
}

const scratch = new ByteChunk(256);

/** Where the JSON text goes, piece by piece: a string being built, or an xlsx sheet's bytes. */
interface Sink {
  piece(piece: Piece): void;
  /** A value as JSON.stringify wrote it. */
  value(json: string): void;
}

const OPEN = new Piece("{");
const CLOSE = new Piece("}");
const COMMA = new Piece(",");
const CONTRIBUTORS = new Piece(',"other_contributors":[');
const FIRST_CONTRIBUTOR = new Piece("{");
const NEXT_CONTRIBUTOR = new Piece(",{");
const CONTRIBUTOR_VALUE = new Piece(',"value":');
const END_FIELD = new Piece("]}");

/** The fields described, in order, with the JSON that opens each one's member (first, and after another). */
const FIELDS: readonly { first: Piece; next: Piece; get: (row: RawRecord) => string | null }[] = [
  ...SCALARS.map(([field, column]) => ({ column, get: (row: RawRecord) => row[field] as string | null })),
  { column: "contact_primary_email", get: (row: RawRecord) => row.contact_emails[0] ?? null },
  { column: "contact_primary_phone", get: (row: RawRecord) => row.contact_phones[0] ?? null },
].map(({ column, get }) => ({ first: new Piece(`"${column}":{"value":`), next: new Piece(`,"${column}":{"value":`), get }));

export function selectionProvenance(row: Ranked): string {
  let json = "";
  render(row, {
    piece: (piece) => {
      json += piece.text;
    },
    value: (text) => {
      json += text;
    },
  });
  return json;
}

/**
 * Puts `row`'s provenance into `out` as an xlsx cell's text, escaped as the sheet escapes any text
 * (ByteChunk.putXmlText), and returns true; or puts nothing and returns false when the text is
 * longer than `maxChars` (the sheet cuts such a cell, which it does from the string). The keys and
 * each source row's origin are escaped once, not once per field.
 */
export function putProvenanceXml(row: Ranked, out: ByteChunk, maxChars: number): boolean {
  const start = out.length;
  let chars = 0;
  render(row, {
    piece: (piece) => {
      chars += piece.text.length;
      out.raw(piece.xml());
    },
    value: (text) => {
      chars += text.length;
      out.putXmlText(text);
    },
  });
  if (chars <= maxChars) return true;
  out.length = start;
  return false;
}

/** Hands `sink` the provenance JSON of `row`, piece by piece, in order. */
function render({ ranked, qualities }: Ranked, sink: Sink): void {
  const origins = new Origins(ranked, qualities);
  sink.piece(OPEN);
  let members = 0;
  for (const field of FIELDS) {
    let chosen = false;
    let others = 0;
    for (let i = 0; i < ranked.length; i++) {
      const value = field.get(ranked[i]!);
      if (value === null || value === "") continue;
      if (!chosen) {
        sink.piece(members++ === 0 ? field.first : field.next);
        sink.value(JSON.stringify(value));
        sink.piece(COMMA);
        sink.piece(origins.id(i));
        sink.piece(origins.details(i));
        sink.piece(CONTRIBUTORS);
        chosen = true;
      } else {
        sink.piece(others++ === 0 ? FIRST_CONTRIBUTOR : NEXT_CONTRIBUTOR);
        sink.piece(origins.id(i));
        sink.piece(CONTRIBUTOR_VALUE);
        sink.value(JSON.stringify(value));
        sink.piece(CLOSE);
      }
    }
    if (chosen) sink.piece(END_FIELD);
  }
  sink.piece(CLOSE);
}

/**
 * The JSON members saying where a ranked row's values come from, made once per row (not once per
 * field it offers): `id` for every mention of the row, `details` (starting with a comma) after it
 * where the row's value is the one chosen.
 */
class Origins {
  private readonly ids: Piece[] = [];
  private readonly detailPieces: Piece[] = [];

  constructor(
    private readonly ranked: RawRecord[],
    private readonly qualities: number[],
  ) {}

  id(i: number): Piece {
    const row = this.ranked[i]!;
    return (this.ids[i] ??= new Piece(`"source_dataset":${JSON.stringify(row.source_dataset)},"source_record_id":${JSON.stringify(row.source_record_id)}`));
  }

  details(i: number): Piece {
    const row = this.ranked[i]!;
    return (this.detailPieces[i] ??= new Piece(`,"source_priority":${JSON.stringify(row.source_priority)},"row_quality":${JSON.stringify(this.qualities[i])},"last_interaction_date":${JSON.stringify(row.last_interaction_date)}`));
  }
}
