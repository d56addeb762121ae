/**
 * Source expectations (spec section 7), counted row by row while a sheet streams: not-null,
 * regex, value set and range, each with a `mostly` fraction. A rule applies to the sheets its
 * `source`/`sheet` scope selects and whose column it can find (a header, or a field the sheet maps).
 */
import type { ExpectationRule, SheetSpec } from "../../profiles/types.ts";
import type { ExpectationResult } from "../events.ts";
import { findColumn, type ColumnPlan } from "./map.ts";

interface Counter {
  rule: ExpectationRule;
  column: number;
  test: (value: string) => boolean;
  /** Rows the rule looked at (not-null counts every row; the others skip empty cells). */
  total: number;
  failed: number;
}

function tester(rule: ExpectationRule): (value: string) => boolean {
  switch (rule.rule) {
    case "not_null":
      return (value) => value.trim() !== "";
    case "regex": {
      const re = new RegExp(rule.pattern);
      return (value) => re.test(value);
    }
    case "value_set": {
      const allowed = new Set(rule.values.map((v) => v.trim().toLowerCase()));
      return (value) => allowed.has(value.trim().toLowerCase());
    }
    case "range":
      return (value) => {
        const n = Number(value);
        return Number.isFinite(n) && (rule.min === undefined || n >= rule.min) && (rule.max === undefined || n <= rule.max);
      };
  }
}

function matchesScope(rule: ExpectationRule, source: { key: string; label: string }, sheet: string): boolean {
  if (rule.source && rule.source !== source.key && rule.source !== source.label) return false;
  return !rule.sheet || rule.sheet === sheet;
}

export class SheetExpectations {
  private readonly counters: Counter[] = [];
  readonly results: ExpectationResult[] = [];

  constructor(
    rules: ExpectationRule[],
    private readonly scope: string,
    source: { key: string; label: string },
    sheet: SheetSpec | { name: string },
    headers: string[],
    plan: ColumnPlan,
  ) {
    for (const rule of rules) {
      if (!matchesScope(rule, source, sheet.name)) continue;
      let column = findColumn(headers, rule.column);
      if (column < 0) column = (plan as Record<string, number[] | undefined>)[rule.column]?.[0] ?? -1;
      if (column < 0) {
        // A rule aimed at this very sheet whose column is absent is a failure, not a silent skip.
        if (rule.source || rule.sheet) {
          this.results.push({ rule: rule.rule, scope, column: rule.column, success: false, failed: 0, total: 0, mostly: rule.mostly, message: `column ${rule.column} not found in ${scope}` });
        }
        continue;
      }
      this.counters.push({ rule, column, test: tester(rule), total: 0, failed: 0 });
    }
  }

  check(cells: string[]): void {
    for (const counter of this.counters) {
      const value = cells[counter.column] ?? "";
      if (counter.rule.rule !== "not_null" && value.trim() === "") continue;
      counter.total++;
      if (!counter.test(value)) counter.failed++;
    }
  }

  finish(): ExpectationResult[] {
    for (const { rule, total, failed } of this.counters) {
      const mostly = rule.mostly ?? 1;
      const passed = total === 0 ? 1 : (total - failed) / total;
      const success = passed >= mostly;
      const detail = rule.rule === "regex" ? ` ${rule.pattern}` : rule.rule === "value_set" ? ` [${rule.values.join(", ")}]` : "";
      this.results.push({
        rule: rule.rule,
        scope: this.scope,
        column: rule.column,
        success,
        failed,
        total,
        mostly: rule.mostly,
        message: `${rule.rule}${detail} on ${rule.column}: ${total - failed}/${total} rows pass (${(passed * 100).toFixed(1)}%, need ${(mostly * 100).toFixed(0)}%)`,
      });
    }
    return this.results;
  }
}
