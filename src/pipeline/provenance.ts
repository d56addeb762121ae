/**
 * `selection_provenance`: for every field chosen from an organisation's ranked source rows, the
 * value, where it came from (dataset, record id, priority, row quality, interaction date) and who
 * else offered one, written exactly as JSON.stringify would write an object per field with the
 * keys in the order below (tests/pipeline/provenance-json.test.ts holds it to that).
 *
 * It is most of a refined row (1.8 KB of JSON at 100,000 `aviation-dense` organisations), so it is
 * made in two steps. Aggregate, while the source rows are at hand, packs what the JSON is made of
 * (each ranked row's identity and details, each field's values, already escaped as UTF-8 JSON)
 * into one store: about half the text's size, and no string or object per row. The writer
 * expands a row's pack into the JSON's UTF-8 when it writes the row: from one place in memory,
 * instead of from the two dozen strings of its source rows, by then scattered over the heap.
 * The .xlsx and .csv writers copy those bytes (RowSource's `jsonColumn`); the others take the
 * text, decoded from them.
 *
 * A pack: the number of ranked rows; per row its identity (`"source_dataset":…,"source_record_id":…`)
 * and details (`,"source_priority":…,"row_quality":…,"last_interaction_date":…`), each as a
 * length and bytes; then per field the number of rows offering a value, and for each the row's
 * rank, a length and the value as a JSON string. Numbers are LEB128 varints.
 */
import type { RawRecord } from "./types.ts";
import { ByteChunk } from "./write/bytes.ts";

/** One field `selection_provenance` describes: its output column, and how a source row offers a value. */
export interface ProvenanceField {
  column: string;
  get: (row: RawRecord) => string | null;
}

const decoder = new TextDecoder();
const ascii = (text: string) => new TextEncoder().encode(text);
const OPEN = ascii("{");
const CLOSE = ascii("}");
const OTHERS_OPEN = ascii(',"other_contributors":[');
const OTHERS_CLOSE = ascii("]}");
const OTHER_FIRST = ascii("{");
const OTHER_NEXT = ascii(",{");
const VALUE_AFTER_ID = ascii(',"value":');
const COMMA = ascii(",");
const DATASET = ascii('"source_dataset":');
const RECORD_ID = ascii(',"source_record_id":');
const PRIORITY = ascii(',"source_priority":');
const QUALITY = ascii(',"row_quality":');
const INTERACTION = ascii(',"last_interaction_date":');

/** The store's pieces: a pack never spans two (a pack larger than this gets a piece of its own). */
const PIECE_BYTES = 1 << 22;

/** Every row's provenance of one refined table, packed; `pack` returns the handle `bytes` and `text` take. */
export class ProvenanceStore {
  private readonly pieces: Uint8Array[] = [];
  private used = PIECE_BYTES;
  /** Where a pack is made before it is copied into the store. */
  private readonly packing = new ByteChunk(16 * 1024);
  /** Where a row's JSON is expanded (reused: `bytes` returns a view of it). */
  private readonly out = new ByteChunk(16 * 1024);
  /** Per field, its member's opening: first in the object, and after another. */
  private readonly opening: { first: Uint8Array; next: Uint8Array }[];
  /** Per ranked row of the pack being expanded, where its identity and details are in it. */
  private readonly idAt: number[] = [];
  private readonly idEnd: number[] = [];
  private readonly detailsAt: number[] = [];
  private readonly detailsEnd: number[] = [];

  constructor(private readonly fields: readonly ProvenanceField[]) {
    this.opening = fields.map(({ column }) => ({ first: ascii(`"${column}":{"value":`), next: ascii(`,"${column}":{"value":`) }));
  }

  /** Packs an organisation's provenance: its source rows best first, and each one's quality. */
  pack(ranked: readonly RawRecord[], qualities: readonly number[]): number {
    const p = this.packing;
    p.length = 0;
    p.varint(ranked.length);
    for (let i = 0; i < ranked.length; i++) {
      const row = ranked[i]!;
      const id = p.slot();
      p.raw(DATASET);
      p.putJsonString(row.source_dataset);
      p.raw(RECORD_ID);
      p.putJsonString(row.source_record_id);
      p.fill(id, p.length - id - 1);
      const details = p.slot();
      p.raw(PRIORITY);
      putJsonNumber(p, row.source_priority);
      p.raw(QUALITY);
      putJsonNumber(p, qualities[i]!);
      p.raw(INTERACTION);
      if (row.last_interaction_date == null) p.put("null");
      else p.putJsonString(row.last_interaction_date);
      p.fill(details, p.length - details - 1);
    }
    for (const { get } of this.fields) {
      const count = p.slot();
      let offering = 0;
      for (let i = 0; i < ranked.length; i++) {
        const value = get(ranked[i]!);
        if (value === null || value === "") continue;
        offering++;
        p.varint(i);
        const text = p.slot();
        p.putJsonString(value);
        p.fill(text, p.length - text - 1);
      }
      p.fill(count, offering);
    }
    return this.keep(p.view());
  }

  /** The UTF-8 of a packed row's provenance JSON: a view valid until the next call. */
  bytes(handle: number): Uint8Array {
    const piece = this.pieces[Math.floor(handle / PIECE_BYTES)]!;
    const reader = { at: handle % PIECE_BYTES };
    const read = () => readVarint(piece, reader);
    const out = this.out;
    out.length = 0;
    const rows = read();
    for (let i = 0; i < rows; i++) {
      const idLength = read();
      this.idAt[i] = reader.at;
      this.idEnd[i] = reader.at += idLength;
      const detailsLength = read();
      this.detailsAt[i] = reader.at;
      this.detailsEnd[i] = reader.at += detailsLength;
    }
    out.raw(OPEN);
    let members = 0;
    for (let f = 0; f < this.fields.length; f++) {
      const offering = read();
      if (offering === 0) continue;
      for (let k = 0; k < offering; k++) {
        const i = read();
        const length = read();
        const value = reader.at;
        reader.at += length;
        if (k === 0) {
          out.raw(members++ === 0 ? this.opening[f]!.first : this.opening[f]!.next);
          out.copy(piece, value, value + length);
          out.raw(COMMA);
          out.copy(piece, this.idAt[i]!, this.idEnd[i]!);
          out.copy(piece, this.detailsAt[i]!, this.detailsEnd[i]!);
          out.raw(OTHERS_OPEN);
        } else {
          out.raw(k === 1 ? OTHER_FIRST : OTHER_NEXT);
          out.copy(piece, this.idAt[i]!, this.idEnd[i]!);
          out.raw(VALUE_AFTER_ID);
          out.copy(piece, value, value + length);
          out.raw(CLOSE);
        }
      }
      out.raw(OTHERS_CLOSE);
    }
    out.raw(CLOSE);
    return out.view();
  }

  /** A packed row's provenance JSON as text. */
  text(handle: number): string {
    return decoder.decode(this.bytes(handle));
  }

  /** Copies a pack into the store; returns its handle (piece × PIECE_BYTES + offset). */
  private keep(pack: Uint8Array): number {
    if (pack.length > PIECE_BYTES - this.used) {
      this.pieces.push(new Uint8Array(Math.max(PIECE_BYTES, pack.length)));
      this.used = 0;
    }
    const piece = this.pieces.length - 1;
    const handle = piece * PIECE_BYTES + this.used;
    this.pieces[piece]!.set(pack, this.used);
    this.used += pack.length;
    return handle;
  }
}

function readVarint(bytes: Uint8Array, reader: { at: number }): number {
  let value = 0;
  let scale = 1;
  for (;;) {
    const b = bytes[reader.at++]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) return value;
    scale *= 0x80;
  }
}

/** A number as JSON writes it (`null` for NaN and the infinities). */
function putJsonNumber(out: ByteChunk, value: number): void {
  out.put(Number.isFinite(value) ? String(value) : "null");
}
