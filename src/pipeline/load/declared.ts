/**
 * Loads a workbook that a profile source claims: checks its sheets and required columns (the
 * data contract), reads the first sheet into records, then joins the other sheets onto them.
 */
import { basename } from "node:path";
import { contractError } from "../../errors.ts";
import type { SheetSpec, SourceSpec } from "../../profiles/types.ts";
import { SheetExpectations } from "./expectations.ts";
import { JoinIndex, joinKey } from "./join.ts";
import { declaredPlan, describePlan, findColumn, foldHeader, headerName } from "./map.ts";
import type { RowHandler, WorkbookReader } from "./reader.ts";
import { newRecord, rowReader } from "./records.ts";
import type { LoadState } from "./state.ts";
import { readTable } from "./table.ts";

const SHOWN_COLUMNS = 40;

function listColumns(headers: string[]): string {
  const named = headers.filter((h) => h.trim() !== "");
  if (named.length === 0) return "none (the sheet is empty)";
  const shown = named.slice(0, SHOWN_COLUMNS).join(", ");
  return named.length > SHOWN_COLUMNS ? `${shown}, … (${named.length} in all)` : shown;
}

/** The workbook's sheet for a spec: exact name first, then ignoring case and outer spaces. */
function resolveSheet(reader: WorkbookReader, spec: SheetSpec): string | undefined {
  if (reader.sheetless) return reader.sheetNames[0];
  return reader.sheetNames.find((name) => name === spec.name) ?? reader.sheetNames.find((name) => joinKey(name) === joinKey(spec.name));
}

function requireColumns(file: string, sheet: string, spec: SheetSpec, headers: string[], state: LoadState, scope: string): void {
  const required = spec.required_columns ?? [];
  if (required.length === 0) return;
  const missing = required.filter((column) => findColumn(headers, column) < 0);
  if (missing.length > 0) {
    throw contractError(
      `data contract failed: ${file}, sheet "${sheet}" is missing required column(s) ${missing.join(", ")}; columns found: ${listColumns(headers)}`,
      "fix the workbook's header row, or the profile's required_columns / header_row for this sheet",
    );
  }
  state.expectations.push({ rule: "required_columns", scope, success: true, failed: 0, total: required.length, message: `required columns present: ${required.join(", ")}` });
}

export async function loadDeclared(reader: WorkbookReader, source: SourceSpec, state: LoadState): Promise<number> {
  const file = reader.file;
  const specs = reader.sheetless ? source.sheets.slice(0, 1) : source.sheets;
  const missing = specs.filter((spec) => !spec.optional && !resolveSheet(reader, spec)).map((spec) => spec.name);
  if (missing.length > 0) {
    throw contractError(
      `data contract failed: ${file} has no sheet ${missing.map((m) => `"${m}"`).join(", ")} (source ${source.label}); sheets found: ${reader.sheetNames.join(", ") || "none"}`,
      "rename the sheet in the workbook, or fix the sheet names in the profile",
    );
  }
  const primary = specs[0]!;
  const joins = specs.slice(1);
  const joinedTo = [...new Set(joins.flatMap((spec) => [spec.join!.to, spec.join!.fallback_to ?? ""]).filter(Boolean).map(foldHeader))];
  const index = new JoinIndex(joinedTo);
  let rows = 0;

  for (const spec of specs) {
    const sheet = resolveSheet(reader, spec);
    if (!sheet) {
      state.notice("sheet_missing", `${basename(file)}: optional sheet "${spec.name}" is not in the workbook; skipped`);
      continue;
    }
    const scope = `source:${source.label}/${sheet}`;
    const started = performance.now();
    let expectations: SheetExpectations | undefined;
    let plan = {};
    const table = await readTable(reader, sheet, spec.header_row ?? 1, (headers) => {
      requireColumns(file, sheet, spec, headers, state, scope);
      plan = declaredPlan(spec, headers);
      expectations = new SheetExpectations(state.rules.sourceExpectations, scope, source, spec, headers, plan);
      return spec === primary ? primaryRows(spec, headers) : joinedRows(spec, headers);
    });
    const headers = table.headers ?? [];
    if (table.headers === undefined) {
      // An empty sheet: a contract failure when the profile requires columns, otherwise a notice.
      requireColumns(file, sheet, spec, [], state, scope);
      state.notice("sheet_empty", `${basename(file)}: sheet "${sheet}" is empty; nothing read from it`);
    }
    if (expectations) state.expectations.push(...expectations.finish());
    rows += table.dataRows;
    state.sources.push({ source: source.label, file, sheet, rows: table.dataRows, columns: headers, mapping: describePlan(plan, headers), seconds: (performance.now() - started) / 1000 });

    function primaryRows(spec: SheetSpec, headers: string[]): RowHandler {
      const keyColumn = spec.key ? findColumn(headers, spec.key) : -1;
      const indexColumns = joinedTo.map((column) => [column, headers.findIndex((h) => foldHeader(h) === column)] as const);
      const seen = new Set<string>();
      let dropped: string[][] | undefined;
      const readRow = rowReader(plan, spec.constants ?? {});
      return (cells, rowNumber) => {
        expectations!.check(cells, rowNumber);
        const key = keyColumn >= 0 ? (cells[keyColumn] ?? "").trim() : "";
        if (key !== "") {
          const folded = joinKey(key);
          if (seen.has(folded)) {
            if (!dropped) {
              dropped = [];
              state.duplicates.push({ table: `${source.key}-${sheet}`, key_column: headerName(headers, keyColumn), columns: headers, rows: dropped });
            }
            dropped.push(cells);
            return state.drop("duplicate_key");
          }
          seen.add(folded);
        }
        const values = readRow(cells);
        const name = values.scalars.organization_name;
        const rejected = state.rejectName(name);
        if (rejected) return state.drop(rejected);
        const record = newRecord(values, { source_dataset: source.label, source_record_id: `${source.key}:${key || name!.trim()}`, source_priority: source.priority, input_order: state.nextOrder() });
        const target = state.add(record);
        for (const [column, at] of indexColumns) if (at >= 0) index.put(column, cells[at] ?? "", target);
        state.settled();
      };
    }

    function joinedRows(spec: SheetSpec, headers: string[]): RowHandler {
      const join = spec.join!;
      const on = findColumn(headers, join.on);
      const fallbackOn = join.fallback_on ? findColumn(headers, join.fallback_on) : -1;
      const to = foldHeader(join.to);
      const fallbackTo = join.fallback_to ? foldHeader(join.fallback_to) : "";
      const readRow = rowReader(plan, spec.constants ?? {});
      return (cells, rowNumber) => {
        expectations!.check(cells, rowNumber);
        const key = on >= 0 ? (cells[on] ?? "") : "";
        const fallback = fallbackOn >= 0 ? (cells[fallbackOn] ?? "") : "";
        const values = readRow(cells);
        const target = index.find(to, key) ?? (fallbackTo ? index.find(fallbackTo, fallback) : undefined);
        if (target !== undefined) {
          state.join(target, values);
          return state.settled();
        }
        // A row whose organisation is not on the first sheet still names one: keep it as its own record.
        const name = values.scalars.organization_name;
        const rejected = state.rejectName(name);
        if (rejected) return state.drop(rejected === "empty_organization_name" ? "unmatched_join_row" : rejected);
        const record = newRecord(values, { source_dataset: source.label, source_record_id: `${source.key}:${key.trim() || name!.trim()}`, source_priority: source.priority, input_order: state.nextOrder() });
        const added = state.add(record);
        index.put(to, key, added);
        if (fallbackTo) index.put(fallbackTo, fallback, added);
        state.settled();
      };
    }
  }
  return rows;
}
