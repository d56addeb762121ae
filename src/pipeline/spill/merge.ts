/**
 * The write stage's view of a spilled run: the partitions' run files (each already in output
 * order) merged into one table in output order, read a chunk at a time, so only the next row of
 * each partition is in memory. Rows are read in order; the first rows are kept so a writer can
 * look at them first (the .xlsx column widths).
 */
import type { JsonColumn, RowSource } from "../../formats/types.ts";
import { compareKeys, type OrderKey } from "../order.ts";
import { COLUMN, type CellValue } from "../types.ts";
import { decodeRow, type SpilledRow } from "./codec.ts";
import { LineReader, readAllLines } from "./lines.ts";
import type { MemoryGuard } from "./memory.ts";
import type { SpillStore } from "./store.ts";

/** Rows a writer may look at before writing (the .xlsx writer's width sample is 500). */
const HEAD_ROWS = 500;
/** Rows between looks at the resident memory (a look is cheap; a collection only past the guard's bar). */
const CHECK_MEMORY_EVERY = 1_000;

const PROVENANCE = COLUMN.selection_provenance;
const NO_BYTES = new Uint8Array(0);
const decoder = new TextDecoder();

interface Head extends SpilledRow {
  reader: LineReader;
}

export class MergedRows implements RowSource {
  readonly sequential = true;
  /** The provenance as the spilled bytes: the .xlsx and .csv writers copy them, never making a string. */
  readonly jsonColumn: JsonColumn = {
    column: PROVENANCE,
    otherCells: (index) => this.at(index).row,
    bytes: (index) => this.readAlready(index).provenance ?? NO_BYTES,
  };
  private readonly heap: Head[] = [];
  private readonly head: SpilledRow[] = [];
  private next = 0;
  private last: SpilledRow | undefined;

  constructor(
    store: SpillStore,
    readonly length: number,
    private readonly types: (column: number) => "number" | "string",
    private readonly memory: MemoryGuard,
  ) {
    for (let p = 0; p < store.partitions; p++) this.push(new LineReader(store.path("run", p)));
    while (this.head.length < Math.min(HEAD_ROWS, length)) this.head.push(this.pop());
  }

  /** Row `index` with its provenance as text (a new array: the stored row keeps null there). */
  row(index: number): readonly CellValue[] {
    const spilled = this.at(index);
    const cells = spilled.row.slice();
    cells[PROVENANCE] = provenanceText(spilled);
    return cells;
  }

  cell(index: number, column: number): CellValue {
    const spilled = this.readAlready(index);
    return column === PROVENANCE ? provenanceText(spilled) : (spilled.row[column] ?? null);
  }

  /** Row `index`: one of the first rows, or the next in order (the merge moves on). */
  private at(index: number): SpilledRow {
    if (index < this.head.length + this.next) return this.readAlready(index);
    if (index !== this.head.length + this.next) throw new Error(`spilled rows are read in order: asked for ${index}`);
    // The rows read (their cells' strings, their provenance's bytes) are the write stage's garbage:
    // left to the collector (young collections too) they piled up to twice the budget at 300,000 rows.
    if (++this.next % CHECK_MEMORY_EVERY === 0) this.memory.check();
    this.last = this.pop();
    return this.last;
  }

  /** Row `index` when it is one of the first rows or the last one read. */
  private readAlready(index: number): SpilledRow {
    if (index < this.head.length) return this.head[index]!;
    if (index === this.head.length + this.next - 1 && this.last) return this.last;
    throw new Error(`spilled rows are read in order: asked for a cell of row ${index}`);
  }

  columnType(column: number): "number" | "string" {
    return this.types(column);
  }

  private push(reader: LineReader): void {
    const line = reader.read();
    if (line === undefined) return;
    const spilled = decodeRow(line) as Head;
    spilled.reader = reader;
    this.heap.push(spilled);
    let i = this.heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compareKeys(this.heap[parent]!.key, this.heap[i]!.key) <= 0) break;
      [this.heap[parent], this.heap[i]] = [this.heap[i]!, this.heap[parent]!];
      i = parent;
    }
  }

  private pop(): SpilledRow {
    const top = this.heap[0];
    if (!top) throw new Error("the spilled run files hold fewer rows than the table");
    const end = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = end;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let smallest = i;
        if (l < this.heap.length && compareKeys(this.heap[l]!.key, this.heap[smallest]!.key) < 0) smallest = l;
        if (r < this.heap.length && compareKeys(this.heap[r]!.key, this.heap[smallest]!.key) < 0) smallest = r;
        if (smallest === i) break;
        [this.heap[smallest], this.heap[i]] = [this.heap[i]!, this.heap[smallest]!];
        i = smallest;
      }
    }
    this.push(top.reader);
    return top;
  }
}

function provenanceText(spilled: SpilledRow): string | null {
  return spilled.provenance && decoder.decode(spilled.provenance);
}

/** The 1-based output row of each key: one plus the rows before it, counted in the key files. */
export async function rowNumbers(store: SpillStore, keys: readonly OrderKey[]): Promise<Map<OrderKey, number>> {
  const before = new Map<OrderKey, number>(keys.map((key) => [key, 1]));
  if (keys.length === 0) return before;
  for (let p = 0; p < store.partitions; p++) {
    const sorted = (await readAllLines(store.path("key", p))).map((line) => {
      const [name, first] = JSON.parse(line) as [string, number];
      return { name, first };
    });
    for (const key of keys) {
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compareKeys(sorted[mid]!, key) < 0) lo = mid + 1;
        else hi = mid;
      }
      before.set(key, before.get(key)! + lo);
    }
  }
  return before;
}
