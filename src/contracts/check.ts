/**
 * Checks a table against its contract, row by row as the table is read (nothing but the first
 * `limit` violations and the primary keys seen is kept): every contract column present, then for
 * each cell in order its emptiness, its type and its value rules, judged by the expectation engine
 * (the same judgement as refine's quality report), and the primary key's uniqueness.
 *
 * `as` checks only what one emitted format can state, so its answer is what a validator of that
 * format (ajv for JSON Schema) gives.
 */
import { scanTable, type Cell } from "../formats/index.ts";
import { ruleFits, uniqueFits, type ContractField, type ContractFormat, type TableContract } from "./contract.ts";
import { ruleText } from "./rule-text.ts";

export interface Violation {
  /** 1-based data row (the first row after the header is 1); null for a missing column. */
  row: number | null;
  column: string;
  value: Cell;
  rule: string;
}

export interface ContractCheck {
  table: string;
  format: string;
  profile: string;
  /** The format whose statements alone were checked; absent when the whole contract was. */
  checkedAs?: ContractFormat;
  rows: number;
  valid: boolean;
  /** Every violation found, counted. */
  violationCount: number;
  /** Rows with at least one violation. */
  rowsWithViolations: number;
  /** The first `limit` violations, in table order. */
  violations: Violation[];
  /** Violations per column and rule, most first. */
  counts: { column: string; rule: string; violations: number }[];
  /** Columns the table has beyond the contract (allowed), and the reader's notices. */
  notices: string[];
}

export interface CheckOptions {
  /** How many violations to keep (default 50); all are counted. */
  limit?: number;
  as?: ContractFormat;
  /**
   * false: check only the table's structure — every contract column present, the primary key
   * unique — and not each cell (`hotpass qa`, whose output expectations judge the values, with
   * their `mostly`). Default true.
   */
  cells?: boolean;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// RFC 3339 date-time, as JSON Schema's `date-time` format (ajv-formats) reads it.
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt ](?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/;

function isDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return month >= 1 && month <= 12 && day >= 1 && day <= days[month - 1]!;
}

const TYPE_CHECKS: Record<ContractField["type"], (value: string | number) => boolean> = {
  string: (value) => typeof value === "string",
  number: (value) => typeof value === "number",
  integer: (value) => typeof value === "number" && Number.isInteger(value),
  date: (value) => typeof value === "string" && isDate(value),
  datetime: (value) => {
    const match = typeof value === "string" ? DATE_TIME.exec(value) : null;
    return match !== null && isDate(match[1]!);
  },
};

const TYPE_RULES: Record<ContractField["type"], string> = {
  string: "type text",
  number: "type number",
  integer: "type integer",
  date: "type date (YYYY-MM-DD)",
  datetime: "type date-time (RFC 3339)",
};

/** Every problem of one cell, in the order a reader would fix them: empty, type, value rules. */
function cellProblems(field: ContractField, value: Cell, as: ContractFormat | undefined): string[] {
  if (value === null || value === "") return field.required ? ["not_null"] : [];
  if (!TYPE_CHECKS[field.type](value)) return [TYPE_RULES[field.type]];
  return field.rules.filter((rule) => (as === undefined || ruleFits(field, rule, as)) && !rule.compiled.passes(value)).map((rule) => ruleText(rule.rule));
}

/**
 * Rows of objects name their columns only inside the rows: an empty `.json` / `.jsonl` table
 * (`[]`, what refine writes for no rows) has no column names, and so lacks none.
 */
const ROW_OBJECT_FORMATS: ReadonlySet<string> = new Set(["json", "jsonl"]);

/**
 * The check itself, fed a table's header and rows as they are read (`checkTable` feeds it from a
 * file; `hotpass qa` from the table it already holds), keeping only the first `limit` violations
 * and the primary keys seen.
 */
export class ContractChecker {
  private readonly limit: number;
  private readonly as: ContractFormat | undefined;
  private readonly checkUnique: boolean;
  private readonly cells: boolean;
  private readonly violations: Violation[] = [];
  private readonly counts = new Map<string, { column: string; rule: string; violations: number }>();
  private violationCount = 0;
  private rowsWithViolations = 0;
  private lastRow: number | null = null;
  private plan: { field: ContractField; at: number }[] | undefined;
  private readonly keys = new Set<string>();
  private keyed = 0;

  constructor(
    private readonly contract: TableContract,
    options: CheckOptions = {},
  ) {
    this.limit = options.limit ?? 50;
    this.as = options.as;
    this.checkUnique = options.as === undefined || uniqueFits(options.as);
    this.cells = options.cells ?? true;
  }

  private columns(columns: readonly string[]): void {
    for (const field of this.contract.fields) if (!columns.includes(field.name)) this.add({ row: null, column: field.name, value: null, rule: "column present" });
    this.plan = this.contract.fields.map((field) => ({ field, at: columns.indexOf(field.name) })).filter(({ at }) => at >= 0);
  }

  /** Data row `index` (0-based, rows in order), its cells in the order of `columns`, the header. */
  row(cells: readonly Cell[], index: number, columns: readonly string[]): void {
    if (!this.plan) this.columns(columns);
    for (const { field, at } of this.plan!) {
      const value = cells[at] ?? null;
      if (this.cells) for (const rule of cellProblems(field, value, this.as)) this.add({ row: index + 1, column: field.name, value, rule });
      if (field.unique && this.checkUnique && value !== null && value !== "") {
        this.keyed++;
        const key = String(value);
        if (this.keys.has(key)) this.add({ row: index + 1, column: field.name, value, rule: "unique (primary key)" });
        else this.keys.add(key);
      }
    }
  }

  /** Non-empty primary-key cells seen so far, repeats included. */
  get keyCells(): number {
    return this.keyed;
  }

  /** The verdict on the table read: `columns` is its header as the reader gave it. */
  finish(table: { path: string; format: string; columns: readonly string[]; rows: number; notices: readonly string[] }): ContractCheck {
    if (!this.plan) {
      const unnamed = table.rows === 0 && table.columns.length === 0 && ROW_OBJECT_FORMATS.has(table.format);
      this.columns(unnamed ? this.contract.fields.map((field) => field.name) : table.columns);
    }
    const extra = table.columns.filter((column) => !this.contract.fields.some((field) => field.name === column));
    const notices = [...(extra.length > 0 ? [`columns beyond the contract (allowed): ${extra.join(", ")}`] : []), ...table.notices];
    return {
      table: table.path,
      format: table.format,
      profile: this.contract.profile,
      ...(this.as ? { checkedAs: this.as } : {}),
      rows: table.rows,
      valid: this.violationCount === 0,
      violationCount: this.violationCount,
      rowsWithViolations: this.rowsWithViolations,
      violations: this.violations,
      counts: [...this.counts.values()].sort((a, b) => b.violations - a.violations),
      notices,
    };
  }

  private add(violation: Violation): void {
    this.violationCount++;
    // Rows are checked in order, so a row's violations come together.
    if (violation.row !== null && violation.row !== this.lastRow) [this.rowsWithViolations, this.lastRow] = [this.rowsWithViolations + 1, violation.row];
    if (this.violations.length < this.limit) this.violations.push(violation);
    const key = `${violation.column}\u0000${violation.rule}`;
    const count = this.counts.get(key) ?? { column: violation.column, rule: violation.rule, violations: 0 };
    count.violations++;
    this.counts.set(key, count);
  }
}

/** Checks the table at `path` (any format `readTable` reads) against `contract`. */
export async function checkTable(path: string, contract: TableContract, options: CheckOptions = {}): Promise<ContractCheck> {
  const checker = new ContractChecker(contract, options);
  const scan = await scanTable(path, (cells, index, columns) => checker.row(cells, index, columns));
  return checker.finish({ path, format: scan.format, columns: scan.columns, rows: scan.rowCount, notices: scan.notices });
}
