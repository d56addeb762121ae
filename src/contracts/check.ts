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

/** Checks the table at `path` (any format `readTable` reads) against `contract`. */
export async function checkTable(path: string, contract: TableContract, options: CheckOptions = {}): Promise<ContractCheck> {
  const limit = options.limit ?? 50;
  const { as } = options;
  const violations: Violation[] = [];
  const counts = new Map<string, { column: string; rule: string; violations: number }>();
  let violationCount = 0;
  let rowsWithViolations = 0;
  let lastRow: number | null = null;
  const add = (violation: Violation) => {
    violationCount++;
    // Rows are checked in order, so a row's violations come together.
    if (violation.row !== null && violation.row !== lastRow) [rowsWithViolations, lastRow] = [rowsWithViolations + 1, violation.row];
    if (violations.length < limit) violations.push(violation);
    const key = `${violation.column}\u0000${violation.rule}`;
    const count = counts.get(key) ?? { column: violation.column, rule: violation.rule, violations: 0 };
    count.violations++;
    counts.set(key, count);
  };

  let plan: { field: ContractField; at: number }[] | undefined;
  const keys = new Set<string>();
  const checkUnique = as === undefined || uniqueFits(as);
  const onColumns = (columns: readonly string[]) => {
    for (const field of contract.fields) if (!columns.includes(field.name)) add({ row: null, column: field.name, value: null, rule: "column present" });
    plan = contract.fields.map((field) => ({ field, at: columns.indexOf(field.name) })).filter(({ at }) => at >= 0);
  };

  const scan = await scanTable(path, (cells, index, columns) => {
    if (!plan) onColumns(columns);
    for (const { field, at } of plan!) {
      const value = cells[at] ?? null;
      for (const rule of cellProblems(field, value, as)) add({ row: index + 1, column: field.name, value, rule });
      if (field.unique && checkUnique && value !== null && value !== "") {
        const key = String(value);
        if (keys.has(key)) add({ row: index + 1, column: field.name, value, rule: "unique (primary key)" });
        else keys.add(key);
      }
    }
  });
  if (!plan) onColumns(scan.columns);

  const extra = scan.columns.filter((column) => !contract.fields.some((field) => field.name === column));
  const notices = [...(extra.length > 0 ? [`columns beyond the contract (allowed): ${extra.join(", ")}`] : []), ...scan.notices];
  return {
    table: path,
    format: scan.format,
    profile: contract.profile,
    ...(as ? { checkedAs: as } : {}),
    rows: scan.rowCount,
    valid: violationCount === 0,
    violationCount,
    rowsWithViolations,
    violations,
    counts: [...counts.values()].sort((a, b) => b.violations - a.violations),
    notices,
  };
}
