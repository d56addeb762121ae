/**
 * The order of the refined table: organisations sorted by name, ignoring case and accents, ties
 * in order of first appearance in the input. One definition for the in-memory sort and for the
 * spill path's merge of sorted partitions, so both give the same table.
 */

/** A row's place in the output order: rows sort by `name` (a sort key), then by `first`. */
export interface OrderKey {
  name: string;
  /** The input order of the organisation's first source row. */
  first: number;
}

export function compareKeys(a: OrderKey, b: OrderKey): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.first - b.first;
}

/** A precomputed key and plain comparison: an ICU collator costs seconds on 100,000 rows. */
export function sortKey(name: string): string {
  const lower = name.toLowerCase();
  return /^[\x20-\x7e]*$/.test(lower) ? lower : lower.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
}
