/** What the static export and its pages agree on: where an answer is stored, and the lineage depths kept. */

/** The file an exported answer is stored in: a short FNV-1a hash of its request path. */
export function exportFile(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `data/${h.toString(16).padStart(8, "0")}.js`;
}

/** Lineage depths an export answers for (the served page allows up to 50). */
export const EXPORT_DEPTHS = [1, 2, 3, 4, 5];
