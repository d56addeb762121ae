/**
 * How the spill path writes what it keeps on disk: one JSON array per line, fields in a fixed
 * order (arrays parse faster than objects, and the names are not repeated a million times).
 * A raw record, a joined row for one (a patch), and an output row with its place in the output
 * order in front.
 */
import type { CellValue, RawRecord } from "../types.ts";
import type { OrderKey } from "../order.ts";
import type { RowValues } from "../load/records.ts";

export function encodeRecord(r: RawRecord): string {
  return JSON.stringify([
    r.organization_name,
    r.source_dataset,
    r.source_record_id,
    r.source_priority,
    r.input_order,
    r.province,
    r.area,
    r.address,
    r.category,
    r.organization_type,
    r.status,
    r.website,
    r.planes,
    r.description,
    r.notes,
    r.last_interaction_date,
    r.priority,
    r.contact_names,
    r.contact_roles,
    r.contact_emails,
    r.contact_phones,
    r.organization_slug ?? null,
  ]);
}

/** `offset` is added to the record's input order (a worker thread numbers its records from 0). */
export function decodeRecord(line: string, offset = 0): RawRecord {
  return recordOf(JSON.parse(line) as unknown[], offset);
}

function recordOf(f: unknown[], offset: number): RawRecord {
  const record: RawRecord = {
    organization_name: f[0] as string | null,
    source_dataset: f[1] as string,
    source_record_id: f[2] as string,
    source_priority: f[3] as number,
    input_order: (f[4] as number) + offset,
    province: f[5] as string | null,
    area: f[6] as string | null,
    address: f[7] as string | null,
    category: f[8] as string | null,
    organization_type: f[9] as string | null,
    status: f[10] as string | null,
    website: f[11] as string | null,
    planes: f[12] as string | null,
    description: f[13] as string | null,
    notes: f[14] as string | null,
    last_interaction_date: f[15] as string | null,
    priority: f[16] as string | null,
    contact_names: f[17] as string[],
    contact_roles: f[18] as string[],
    contact_emails: f[19] as string[],
    contact_phones: f[20] as string[],
  };
  if (f[21] !== null) record.organization_slug = f[21] as string;
  return record;
}

/**
 * A joined row's values for the record of input order `order` (load/state.ts RecordSink), which
 * is merged into the record when its partition is read. The line starts with a number where a
 * record's starts with its name (a string, or null): that tells the two apart.
 */
export function encodePatch(order: number, values: RowValues): string {
  return JSON.stringify([order, values.scalars, values.contact_names, values.contact_roles, values.contact_emails, values.contact_phones]);
}

/** A joined row read back: the record it joins (input order) and its values. */
export interface Patch {
  order: number;
  values: RowValues;
}

/** A raw partition's line: a record, or a joined row for one (`offset` added to input orders as decodeRecord does). */
export function decodeRaw(line: string, offset = 0): RawRecord | Patch {
  const f = JSON.parse(line) as unknown[];
  if (typeof f[0] !== "number") return recordOf(f, offset);
  const [order, scalars, contact_names, contact_roles, contact_emails, contact_phones] = f as [number, RowValues["scalars"], string[], string[], string[], string[]];
  return { order: order + offset, values: { scalars, contact_names, contact_roles, contact_emails, contact_phones } };
}

/**
 * An output row behind its place in the output order: the JSON array of its cells (the provenance
 * null there), then a tab and the provenance's UTF-8 JSON as it is (LineWriter.add's `tail`).
 * Written inside the array, the provenance was escaped again on the way out and unescaped on the
 * way in, and at 300,000 organisations that made parsing and stringifying the spilled rows the
 * spill path's largest cost; as bytes it is never a string on the spill path at all. JSON text
 * never holds a raw tab or newline (JSON.stringify escapes both), so the first tab ends the array.
 */
export function encodeRowHead(key: OrderKey, cells: readonly CellValue[]): string {
  return JSON.stringify([key.name, key.first, ...cells]);
}

const decoder = new TextDecoder();

/** A spilled output row: its cells (the provenance null), and the provenance's UTF-8 (null when the line had none). */
export interface SpilledRow {
  key: OrderKey;
  row: CellValue[];
  provenance: Uint8Array | null;
}

/** Reads a line encodeRowHead and its tail made; the bytes are copied (the line's buffer is reused). */
export function decodeRow(line: Uint8Array): SpilledRow {
  const tab = line.indexOf(0x09);
  const f = JSON.parse(decoder.decode(tab < 0 ? line : line.subarray(0, tab))) as CellValue[];
  return { key: { name: f[0] as string, first: f[1] as number }, row: f.slice(2), provenance: tab < 0 ? null : line.slice(tab + 1) };
}
