/**
 * Parsed tables kept in memory, once per file: the Table page pages, sorts and filters a
 * 100,000-row output without reading it again. Bounded (a few tables, least recently used
 * dropped first) and invalidated when the file's size or modification time changes.
 */
import { statSync } from "node:fs";
import { readTableStore } from "./data.ts";
import { TableIndex } from "./table-query.ts";

interface Entry {
  stamp: string;
  index: Promise<TableIndex>;
}

export class TableCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly limit = 3) {}

  /** The table at `path` (the real path of a file inside the dist folders). */
  get(path: string): Promise<TableIndex> {
    const stat = statSync(path);
    const stamp = `${stat.size}:${stat.mtimeMs}`;
    const cached = this.entries.get(path);
    if (cached && cached.stamp === stamp) {
      // Most recently used goes last, so the first entry is the one to drop.
      this.entries.delete(path);
      this.entries.set(path, cached);
      return cached.index;
    }
    const index = readTableStore(path).then((store) => new TableIndex(store));
    const entry = { stamp, index };
    this.entries.delete(path);
    this.entries.set(path, entry);
    // A failed read is not cached: the next request tries again (the file may be mid-write).
    index.catch(() => {
      if (this.entries.get(path) === entry) this.entries.delete(path);
    });
    while (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    return index;
  }
}
