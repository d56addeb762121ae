/**
 * Paging, sorting, search and filters over a table held in memory. Pure (no I/O): the server
 * runs it over its cached tables, and the static export's pages run the same code in the
 * browser, so the two can never disagree about which rows a filter keeps.
 */
import { compareNatural, naturalKey, sortedPositions } from "../text/natural-order.ts";

export type Cell = string | number | null;

export interface TableData {
  columns: string[];
  rows: Cell[][];
}

/** What a query reads a table through: plain rows (the export), or the server's column store. */
export interface TableSource {
  columns: string[];
  rowCount: number;
  cell(row: number, column: number): Cell;
  empty(row: number, column: number): boolean;
  row(index: number): Cell[];
  /** Rows (1 = hit) whose `searched` columns contain the lower-cased `needle`, when the source can do it faster. */
  search?(needle: string, searched: number[]): Uint8Array;
  /** A column of few distinct values as a dictionary (`codes[row]`: 0 empty, else 1 + its index in `values`), when the source keeps it so. */
  dictionary?(column: number): { values: Cell[]; codes: Uint16Array } | undefined;
}

export function rowsSource(data: TableData): TableSource {
  return {
    columns: data.columns,
    rowCount: data.rows.length,
    cell: (row, column) => data.rows[row]?.[column] ?? null,
    empty: (row, column) => {
      const value = data.rows[row]?.[column];
      return value === null || value === undefined || value === "";
    },
    row: (index) => data.rows[index] ?? [],
  };
}

export interface TableQuery {
  page: number;
  size: number;
  sort?: string;
  dir?: "asc" | "desc";
  /** Case-insensitive text anywhere in the row. */
  q?: string;
  province?: string;
  status?: string;
  minScore?: number;
  maxScore?: number;
  /** Only rows where this column is empty. */
  missing?: string;
}

export interface TablePage {
  columns: string[];
  total: number;
  /** Rows left after search and filters. */
  matched: number;
  page: number;
  pages: number;
  size: number;
  /** Each row with its index in the table (the key for its provenance). */
  rows: { index: number; cells: Cell[] }[];
  /** Values offered by the filters, most frequent first. */
  choices: { province: string[]; status: string[] };
}

export const PAGE_SIZES = [25, 50, 100, 200] as const;
const SCORE = "data_quality_score";
const NOT_SEARCHED = /^(selection_provenance|provenance_|source_record_ids$)/;

/** What a query needs computed once per table: sort orders, search text, filter choices. */
export class TableIndex {
  private readonly orders = new Map<number, Uint32Array>();
  private haystack: string[] | undefined;
  private choiceCache: TablePage["choices"] | undefined;

  constructor(readonly source: TableSource) {}

  get columns(): string[] {
    return this.source.columns;
  }

  column(name: string | undefined): number {
    return name === undefined ? -1 : this.source.columns.indexOf(name);
  }

  /**
   * Row indexes sorted ascending by one column (empty cells last, ties in row order), computed
   * once per column. A dictionary column sorts its few values and places rows by their value's
   * rank, without reading a key per row.
   */
  order(column: number): Uint32Array {
    let order = this.orders.get(column);
    if (order) return order;
    const dictionary = this.source.dictionary?.(column);
    order = dictionary ? orderByCodes(dictionary.values, dictionary.codes) : this.orderByKeys(column);
    this.orders.set(column, order);
    return order;
  }

  private orderByKeys(column: number): Uint32Array {
    const natural = textOrder(this.source, column);
    if (natural) return natural;
    const n = this.source.rowCount;
    const keys: Cell[] = new Array(n);
    for (let i = 0; i < n; i++) keys[i] = this.source.cell(i, column);
    const compare = cellComparer(keys);
    const indexes = new Uint32Array(n);
    for (let i = 0; i < n; i++) indexes[i] = i;
    return indexes.sort((a, b) => {
      const x = keys[a]!;
      const y = keys[b]!;
      if (empty(x)) return empty(y) ? a - b : 1;
      if (empty(y)) return -1;
      return compare(x, y) || a - b;
    });
  }

  /**
   * Rows containing `needle` (lower-cased) in the columns a person searches: the JSON provenance
   * columns are left out (they repeat the row's own values with source names, and would double
   * the text searched).
   */
  search(needle: string): (row: number) => boolean {
    const searched = this.source.columns.map((c, i) => (NOT_SEARCHED.test(c) ? -1 : i)).filter((i) => i >= 0);
    if (this.source.search) {
      const hits = this.source.search(needle, searched);
      return (row) => hits[row] === 1;
    }
    if (!this.haystack) {
      this.haystack = [];
      for (let row = 0; row < this.source.rowCount; row++) {
        this.haystack.push(searched.map((c) => String(this.source.cell(row, c) ?? "")).join("\u0001").toLowerCase());
      }
    }
    const text = this.haystack;
    return (row) => text[row]!.includes(needle);
  }

  choices(): TablePage["choices"] {
    this.choiceCache ??= { province: this.frequent("province"), status: this.frequent("status") };
    return this.choiceCache;
  }

  private frequent(name: string, limit = 200): string[] {
    const i = this.column(name);
    if (i < 0) return [];
    const counts = new Map<string, number>();
    for (let row = 0; row < this.source.rowCount; row++) {
      const value = this.source.cell(row, i);
      if (value !== null && value !== "") counts.set(String(value), (counts.get(String(value)) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit).map(([v]) => v);
  }
}

const empty = (cell: Cell) => cell === null || cell === "";

/** How two filled cells of a column compare: as numbers when every cell is one, else as text (digits as numbers, case ignored). */
function cellComparer(cells: Cell[]): (x: Cell, y: Cell) => number {
  const numeric = cells.every((k) => k === null || typeof k === "number");
  return numeric ? (x, y) => (x as number) - (y as number) : (x, y) => compareNatural(String(x), String(y));
}

/**
 * The rows of a column in cellComparer's order for text (empty cells last, ties in row order),
 * sorted by natural-order keys made cell by cell; undefined when its first filled cell is a
 * number, or a cell cannot have a key (then compare the cells).
 */
function textOrder(source: TableSource, column: number): Uint32Array | undefined {
  // A column whose first filled cell is a number is left to the comparison (all numbers, or a
  // rare mix), so a number column is not read twice.
  let first: Cell = null;
  for (let row = 0; row < source.rowCount && empty(first); row++) first = source.cell(row, column);
  if (typeof first !== "string" || first === "") return undefined;
  const keys: string[] = [];
  const rows: number[] = [];
  const empties: number[] = [];
  for (let row = 0; row < source.rowCount; row++) {
    const cell = source.cell(row, column);
    if (empty(cell)) {
      empties.push(row);
      continue;
    }
    const key = naturalKey(String(cell), keys.length);
    if (key === undefined) return undefined;
    keys.push(key);
    rows.push(row);
  }
  const order = new Uint32Array(source.rowCount);
  sortedPositions(keys).forEach((at, k) => (order[k] = rows[at]!));
  empties.forEach((row, k) => (order[rows.length + k] = row));
  return order;
}

/** The same order as sorting row by row, from a dictionary: values ranked once (equal ones share a rank), rows placed by rank in row order. */
function orderByCodes(values: Cell[], codes: Uint16Array): Uint32Array {
  const compare = cellComparer(values);
  const filled = values.map((_, i) => i).filter((i) => !empty(values[i]!));
  filled.sort((a, b) => compare(values[a]!, values[b]!));
  // rank[code]: 0 for empty cells, which go last.
  const rank = new Uint32Array(values.length + 1);
  let ranks = 0;
  filled.forEach((value, k) => {
    if (k === 0 || compare(values[filled[k - 1]!]!, values[value]!) !== 0) ranks++;
    rank[value + 1] = ranks;
  });
  const starts = new Uint32Array(ranks + 2);
  for (const code of codes) starts[(rank[code]! || ranks + 1)]!++;
  for (let r = 1, at = 0; r < starts.length; r++) [starts[r], at] = [at, at + starts[r]!];
  const order = new Uint32Array(codes.length);
  for (let row = 0; row < codes.length; row++) order[starts[rank[codes[row]!]! || ranks + 1]!++] = row;
  return order;
}

export function queryTable(index: TableIndex, query: TableQuery): TablePage {
  const { columns, rowCount: n } = index.source;
  const size = Math.min(Math.max(1, Math.floor(query.size) || 50), 500);
  const keep = predicate(index, query);
  const sortColumn = index.column(query.sort);
  const order = sortColumn >= 0 ? index.order(sortColumn) : undefined;
  const descending = query.dir === "desc";
  const picked: number[] = [];
  let matched = 0;
  const page = Math.max(1, Math.floor(query.page) || 1);
  const from = (page - 1) * size;
  for (let k = 0; k < n; k++) {
    const i = order ? order[descending ? n - 1 - k : k]! : descending ? n - 1 - k : k;
    if (!keep(i)) continue;
    if (matched >= from && matched < from + size) picked.push(i);
    matched++;
  }
  return {
    columns,
    total: n,
    matched,
    page,
    pages: Math.max(1, Math.ceil(matched / size)),
    size,
    rows: picked.map((i) => ({ index: i, cells: index.source.row(i) })),
    choices: index.choices(),
  };
}

function predicate(index: TableIndex, query: TableQuery): (row: number) => boolean {
  const source = index.source;
  const tests: ((row: number) => boolean)[] = [];
  const equals = (name: string, wanted: string | undefined) => {
    const c = index.column(name);
    if (wanted === undefined || wanted === "") return;
    tests.push((i) => c >= 0 && String(source.cell(i, c) ?? "") === wanted);
  };
  equals("province", query.province);
  equals("status", query.status);
  const score = index.column(SCORE);
  const min = query.minScore;
  const max = query.maxScore;
  if (Number.isFinite(min) || Number.isFinite(max)) {
    tests.push((i) => {
      const value = Number(source.cell(i, score) ?? Number.NaN);
      if (!Number.isFinite(value)) return false;
      return (!Number.isFinite(min) || value >= min!) && (!Number.isFinite(max) || value <= max!);
    });
  }
  const missing = index.column(query.missing);
  if (query.missing && missing >= 0) tests.push((i) => source.empty(i, missing));
  const needle = query.q?.trim().toLowerCase();
  if (needle) tests.push(index.search(needle));
  // A plain loop: `tests.every((test) => test(i))` made a closure per row, 100,000 per query,
  // and the process grew by tens of MiB over a few filtered pages before the collector ran.
  return (i) => {
    for (let t = 0; t < tests.length; t++) if (!tests[t]!(i)) return false;
    return true;
  };
}

/** The query a URL's search parameters describe (the server's and the export's one reading). */
export function parseQuery(params: URLSearchParams): TableQuery {
  const num = (key: string) => {
    const raw = params.get(key);
    return raw === null || raw.trim() === "" ? undefined : Number(raw);
  };
  const text = (key: string) => params.get(key) ?? undefined;
  return {
    page: num("page") ?? 1,
    size: num("size") ?? 50,
    sort: text("sort"),
    dir: params.get("dir") === "desc" ? "desc" : "asc",
    q: text("q"),
    province: text("province"),
    status: text("status"),
    minScore: num("min"),
    maxScore: num("max"),
    missing: text("missing"),
  };
}
