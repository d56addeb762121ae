#!/usr/bin/env bun
/**
 * How close `hotpass init --from` comes to the bundled aviation profile on the example workbooks:
 * the sheets read, the field <- header pairs mapped, the joins (and their fallbacks), the first
 * sheet of each source and its key. Prints a table and the sentence the README quotes (a test
 * checks the README still says what this measures).
 *
 *   bun run scripts/init-vs-aviation.ts [--data DIR]   (default: the README's example set, generated)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateAviationWorkbooks } from "../bench/generate.ts";
import { claimFiles, discoverFiles } from "../src/pipeline/load/discover.ts";
import { findColumn, foldHeader } from "../src/pipeline/load/map.ts";
import { inferProfile } from "../src/ops/init/infer.ts";
import { analyseWorkbook } from "../src/ops/init/sheets.ts";
import { loadProfile } from "../src/profiles/loader.ts";
import type { SheetSpec, SourceSpec } from "../src/profiles/types.ts";

export interface Count {
  aviation: number;
  same: number;
}

export interface Comparison {
  sheets: Count & { extra: number };
  pairs: Count & { extra: number };
  joins: Count & { sameFallback: number };
  primaries: Count;
  keys: Count;
}

type Spellings = Record<string, string | string[]>;
const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

/** `field <- header` for every column a sheet spec reads in a sheet with these headers. */
function pairs(spec: { columns?: Spellings; combine?: Spellings }, headers: string[]): Set<string> {
  const out = new Set<string>();
  const name = (i: number) => foldHeader(headers[i] ?? "") || `#${i}`;
  for (const [field, spellings] of Object.entries(spec.columns ?? {})) {
    const found = list(spellings).map((s) => findColumn(headers, s)).find((i) => i >= 0);
    if (found !== undefined) out.add(`${field}<-${name(found)}`);
  }
  for (const [field, spellings] of Object.entries(spec.combine ?? {})) {
    for (const i of list(spellings).map((s) => findColumn(headers, s)).filter((i) => i >= 0)) out.add(`${field}<-${name(i)}`);
  }
  return out;
}

const same = (a?: string, b?: string) => (a === undefined && b === undefined) || (a !== undefined && b !== undefined && foldHeader(a) === foldHeader(b));

export async function compareWithAviation(dataDir: string): Promise<Comparison> {
  const aviation = await loadProfile("aviation", []);
  const inferred = (await inferProfile(dataDir, { name: "inferred" })).document.sources as unknown as SourceSpec[];
  const generic = await loadProfile("generic", []);
  const { files } = discoverFiles(dataDir);
  const byAviation = claimFiles(files, aviation.sources);
  const byInferred = claimFiles(files, inferred);
  const result: Comparison = {
    sheets: { aviation: 0, same: 0, extra: 0 },
    pairs: { aviation: 0, same: 0, extra: 0 },
    joins: { aviation: 0, same: 0, sameFallback: 0 },
    primaries: { aviation: 0, same: 0 },
    keys: { aviation: 0, same: 0 },
  };
  for (const file of files) {
    const a = byAviation.get(file);
    if (!a) continue;
    const i = byInferred.get(file);
    const analysis = await analyseWorkbook(file, generic, 1024 ** 3);
    const headersOf = (sheet: string) => analysis.sheets.find((s) => foldHeader(s.sheet) === foldHeader(sheet))?.headers ?? [];
    const find = (spec: SheetSpec) => (i?.sheets ?? []).find((s) => foldHeader(s.name) === foldHeader(spec.name));
    result.primaries.aviation++;
    if (i && foldHeader(i.sheets[0]!.name) === foldHeader(a.sheets[0]!.name)) result.primaries.same++;
    for (const spec of a.sheets) {
      const mine = find(spec);
      const headers = headersOf(spec.name);
      result.sheets.aviation++;
      if (mine) result.sheets.same++;
      const theirs = pairs(spec as unknown as { columns: Spellings; combine?: Spellings }, headers);
      const ours = mine ? pairs(mine as unknown as { columns: Spellings; combine?: Spellings }, headers) : new Set<string>();
      result.pairs.aviation += theirs.size;
      result.pairs.same += [...theirs].filter((p) => ours.has(p)).length;
      result.pairs.extra += [...ours].filter((p) => !theirs.has(p)).length;
      if (spec.key) {
        result.keys.aviation++;
        if (mine && same(mine.key, spec.key)) result.keys.same++;
      }
      if (spec.join) {
        result.joins.aviation++;
        if (mine?.join && same(mine.join.on, spec.join.on) && same(mine.join.to, spec.join.to)) {
          result.joins.same++;
          if (same(mine.join.fallback_on, spec.join.fallback_on) && same(mine.join.fallback_to, spec.join.fallback_to)) result.joins.sameFallback++;
        }
      }
    }
    result.sheets.extra += (i?.sheets ?? []).filter((s) => !a.sheets.some((spec) => foldHeader(spec.name) === foldHeader(s.name))).length;
  }
  return result;
}

/** The sentence the README quotes. */
export function describeComparison(c: Comparison): string {
  return (
    `it reads ${c.sheets.same} of the ${c.sheets.aviation} sheets the aviation profile reads (and ${c.sheets.extra} other), ` +
    `maps ${c.pairs.same} of its ${c.pairs.aviation} field ← header pairs the same way (plus ${c.pairs.extra} of its own), ` +
    `finds ${c.joins.same} of its ${c.joins.aviation} joins (${c.joins.sameFallback} with the same fallback), ` +
    `and picks the same first sheet in ${c.primaries.same} of ${c.primaries.aviation} sources and the same key in ${c.keys.same} of ${c.keys.aviation}`
  );
}

/** The README's example set: what `bun run scripts/make-examples.ts` writes. */
export async function exampleWorkbooks(dir: string): Promise<void> {
  await generateAviationWorkbooks({ orgs: 60, out: dir, seed: 2025 });
}

if (import.meta.main) {
  const at = process.argv.indexOf("--data");
  let data = at >= 0 ? process.argv[at + 1] : undefined;
  let scratch: string | undefined;
  if (!data) {
    scratch = mkdtempSync(join(tmpdir(), "hotpass-init-compare-"));
    data = join(scratch, "data");
    await exampleWorkbooks(data);
  }
  try {
    const c = await compareWithAviation(data);
    console.log(`sheets read           ${c.sheets.same}/${c.sheets.aviation} (+${c.sheets.extra} other)`);
    console.log(`field <- header pairs ${c.pairs.same}/${c.pairs.aviation} (+${c.pairs.extra} of its own)`);
    console.log(`joins                 ${c.joins.same}/${c.joins.aviation} (${c.joins.sameFallback} with the same fallback)`);
    console.log(`first sheet           ${c.primaries.same}/${c.primaries.aviation}`);
    console.log(`keys                  ${c.keys.same}/${c.keys.aviation}`);
    console.log(`\nREADME: ${describeComparison(c)}`);
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}
