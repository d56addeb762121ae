/**
 * Tables the server has read, kept so a second question about the same output does not read a
 * 100,000-row workbook again. Keyed by path, size and modification time (a table rewritten by a
 * refine is read afresh); bounded by entry count and by cells, least recently used out first.
 */
import { statSync } from "node:fs";
import type { Table } from "./library.ts";

export interface TableCacheLimits {
  entries: number;
  /** Sum of rows x columns over the cached tables. */
  cells: number;
}

/**
 * One 100,000-row refined table is 4.2 million cells and about 1-2.5 GiB of server memory (its
 * provenance strings dominate), so the default keeps about one such table and a few small ones.
 */
const DEFAULT_LIMITS: TableCacheLimits = { entries: 4, cells: 6_000_000 };

export class TableCache {
  private readonly tables = new Map<string, { key: string; table: Table; cells: number }>();

  constructor(
    private readonly read: (path: string) => Promise<Table>,
    private readonly limits: TableCacheLimits = DEFAULT_LIMITS,
  ) {}

  async get(path: string): Promise<Table> {
    const key = versionOf(path);
    const hit = this.tables.get(path);
    if (hit && hit.key === key) {
      this.tables.delete(path);
      this.tables.set(path, hit); // most recently used last
      return hit.table;
    }
    const table = await this.read(path);
    this.tables.delete(path);
    const cells = table.rows.length * Math.max(1, table.columns.length);
    if (key !== undefined && cells <= this.limits.cells) {
      this.tables.set(path, { key, table, cells });
      this.evict();
    }
    return table;
  }

  private evict(): void {
    let cells = 0;
    for (const entry of this.tables.values()) cells += entry.cells;
    for (const [path, entry] of this.tables) {
      if (this.tables.size <= this.limits.entries && cells <= this.limits.cells) return;
      this.tables.delete(path);
      cells -= entry.cells;
    }
  }
}

function versionOf(path: string): string | undefined {
  try {
    const stat = statSync(path);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return undefined; // the reader reports the missing file
  }
}
