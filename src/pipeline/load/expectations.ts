/**
 * Source expectations (spec section 7) on one sheet, counted row by row while it streams, with the
 * engine of src/rules/expectations.ts (the same judgement as the output's). This file only decides
 * which rules apply to a sheet: those its `source`/`sheet` scope selects and whose column the sheet
 * has (a header, or a field the sheet maps).
 */
import type { SheetSpec } from "../../profiles/types.ts";
import { columnMissing, RuleCheck, type CompiledRule } from "../../rules/expectations.ts";
import type { ExpectationResult } from "../events.ts";
import { findColumn, type ColumnPlan } from "./map.ts";

function inScope(rule: CompiledRule["rule"], source: { key: string; label: string }, sheet: string): boolean {
  if (rule.source && rule.source !== source.key && rule.source !== source.label) return false;
  return !rule.sheet || rule.sheet === sheet;
}

export class SheetExpectations {
  private readonly checks: { column: number; check: RuleCheck }[] = [];
  private readonly missing: ExpectationResult[] = [];

  constructor(
    rules: readonly CompiledRule[],
    scope: string,
    source: { key: string; label: string },
    sheet: SheetSpec | { name: string },
    headers: string[],
    plan: ColumnPlan,
  ) {
    for (const compiled of rules) {
      const { rule } = compiled;
      if (!inScope(rule, source, sheet.name)) continue;
      let column = findColumn(headers, rule.column);
      if (column < 0) column = (plan as Record<string, number[] | undefined>)[rule.column]?.[0] ?? -1;
      if (column >= 0) this.checks.push({ column, check: new RuleCheck(compiled, scope) });
      // A rule aimed at this very sheet whose column is absent is a failure, not a silent skip.
      else if (rule.source || rule.sheet) this.missing.push(columnMissing(rule, scope));
    }
  }

  /** One data row; `rowNumber` is its 1-based row in the sheet. */
  check(cells: string[], rowNumber: number): void {
    for (const { column, check } of this.checks) check.check(cells[column], rowNumber);
  }

  finish(): ExpectationResult[] {
    return [...this.missing, ...this.checks.map(({ check }) => check.result())];
  }
}
