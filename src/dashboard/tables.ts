/**
 * Parsed tables kept in memory, once per file: the Table page pages, sorts and filters a
 * 100,000-row output without reading it again. Bounded (a few tables, least recently used
 * dropped first) and invalidated when the file's size or modification time changes. A table
 * dropped, and every table at `clear` (the server stopping), has its spill file removed.
 */
import { statSync } from "node:fs";
import { readTableStore } from "./data.ts";
import { SpillFile } from "./spill.ts";
import { TableIndex } from "./table-query.ts";

interface Entry {
  stamp: string;
  index: Promise<TableIndex>;
  /** The table's text on disk: removed when the entry is dropped, read finished or not. */
  spill: SpillFile;
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
    const spill = new SpillFile();
    const index = readTableStore(path, spill).then((store) => new TableIndex(store));
    const entry = { stamp, index, spill };
    if (cached) drop(cached);
    this.entries.delete(path);
    this.entries.set(path, entry);
    // A failed read is not cached: the next request tries again (the file may be mid-write).
    index.catch(() => {
      spill.close();
      if (this.entries.get(path) === entry) this.entries.delete(path);
    });
    while (this.entries.size > this.limit) {
      const [oldest, dropped] = this.entries.entries().next().value!;
      this.entries.delete(oldest);
      drop(dropped);
    }
    return index;
  }

  /** Drops every table (the server is stopping, or the export is written). */
  clear(): void {
    for (const entry of this.entries.values()) drop(entry);
    this.entries.clear();
  }
}

/** Removes a dropped table's spill file now: a read still going fails at its next write, and is not kept. */
function drop(entry: Entry): void {
  entry.spill.close();
}
