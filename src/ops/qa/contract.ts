/**
 * The table contract as qa holds a table to it: its structure — every contract column present
 * (the 42 refined columns, and any column the profile's output rules name), the primary key
 * `organization_slug` unique — judged by the contract's own check (`src/contracts/`), the one
 * `hotpass contracts validate` runs, so both commands agree on it. The values are the output
 * expectations' business (with their `mostly`). Reported as expectation results, so the quality
 * report says what broke; a broken contract fails qa in any mode (exit 2), as a source sheet
 * missing a required column fails refine.
 */
import { ContractChecker, type ContractCheck, type TableContract } from "../../contracts/index.ts";
import type { Table } from "../../formats/index.ts";
import type { ExpectationResult, ExpectationSample } from "../../pipeline/events.ts";
import { MAX_SAMPLES } from "../../rules/expectations.ts";

const MISSING = "column present";
const REPEATED = "unique (primary key)";

/** The contract checks of `table`: the columns, then (when the key column is there) the key. */
export function contractResults(table: Table, contract: TableContract): ExpectationResult[] {
  // Missing columns come first and are all kept; then the first repeated keys, for the samples.
  const checker = new ContractChecker(contract, { cells: false, limit: contract.fields.length + MAX_SAMPLES });
  table.rows.forEach((row, index) => checker.row(row, index, table.columns));
  const check = checker.finish({ ...table, rows: table.rows.length });

  const missing = check.violations.filter((v) => v.rule === MISSING).map((v) => v.column);
  const total = contract.fields.length;
  const results: ExpectationResult[] = [
    {
      rule: "required_columns",
      scope: "contract",
      success: missing.length === 0,
      failed: missing.length,
      total,
      message: missing.length === 0 ? `all ${total} refined columns present` : `missing ${missing.length} refined column(s): ${missing.join(", ")}`,
    },
  ];
  if (!missing.includes(contract.primaryKey)) results.push(uniqueKey(check, contract.primaryKey, checker.keyCells));
  return results;
}

function uniqueKey(check: ContractCheck, key: string, total: number): ExpectationResult {
  const repeats = check.violations.filter((v) => v.rule === REPEATED);
  const failed = check.counts.find((c) => c.rule === REPEATED)?.violations ?? 0;
  const samples: ExpectationSample[] = repeats.slice(0, MAX_SAMPLES).map((v) => ({ row: v.row!, value: String(v.value) }));
  return {
    rule: "unique",
    scope: "contract",
    column: key,
    success: failed === 0,
    failed,
    total,
    mostly: 1,
    message: `${key} is unique (the table's key): ${failed} of ${total} rows repeat an earlier slug`,
    samples,
  };
}
