/**
 * What the report and lineage need to know about the output, gathered row by row: every output
 * rule's result (judged by the one engine, src/rules/expectations.ts), the rows failing any rule,
 * empty cells per column, the quality-score distribution and which columns hold only numbers.
 * Gathered the same way whether the table is held in memory or streamed partition by partition
 * from disk (the spill path), and gatherings merge: so both paths report the same numbers.
 *
 * A failing row is remembered by its place in the output order (`OrderKey`: the sort key of its
 * name, then its first appearance in the input), because rows are gathered as aggregate makes
 * them, before they are sorted, and a partition does not know its rows' final row numbers: each
 * rule keeps the failures with the smallest keys, and `finish` turns those keys into row numbers.
 *
 * @example
 * const stats = new OutputStats(profile);
 * rows.forEach((row, i) => stats.add(row, { name: "", first: i }));
 * const { results, invalidRecords } = stats.finish((key) => key.first + 1);
 */
import type { Profile } from "../profiles/types.ts";
import { MAX_SAMPLES, RuleCheck, ruleResult, sampleText, type CompiledRule, type RuleValue } from "../rules/expectations.ts";
import type { ExpectationResult } from "./events.ts";
import { compileOutputRules } from "./expectations.ts";
import { compareKeys, type OrderKey } from "./order.ts";
import type { ScoreBucket } from "./report.ts";
import { COLUMN, SSOT_COLUMNS, type CellValue } from "./types.ts";


const BUCKETS = 10;
const PROVENANCE = COLUMN.selection_provenance;
const SCORE = COLUMN.data_quality_score;

/** A failing value and its row's place in the output order. */
type KeyedSample = { key: OrderKey; value: string };

/** An OutputStats as plain data, the rules in the profile's order. */
export interface PortableStats {
  rules: { total: number; failed: number; samples: KeyedSample[] }[];
  rows: number;
  invalid: number;
  empty: number[];
  kinds: number[];
  sum: number;
  min: number;
  max: number;
  buckets: number[];
}

/** One rule's counts and sampled failures, keyed by place: what merges across partitions. */
interface Tally {
  compiled: CompiledRule;
  /** The rule's column in the row, or -1 when the output has no such column. */
  at: number;
  /** Counts the cells judged and failed (its own samples, first seen, are not used). */
  check: RuleCheck;
  /** The failures with the smallest keys, at most MAX_SAMPLES, in key order. */
  samples: KeyedSample[];
  /** Counts merged in from other partitions (their samples go into `samples`). */
  merged: { total: number; failed: number };
}

export class OutputStats {
  private readonly tallies: Tally[];
  private rows = 0;
  private invalid = 0;
  private readonly empty = new Array<number>(SSOT_COLUMNS.length).fill(0);
  /** Per column: 1 a number was seen, 2 something else was, 3 both. */
  private readonly kinds = new Array<number>(SSOT_COLUMNS.length).fill(0);
  private sum = 0;
  private min = Infinity;
  private max = -Infinity;
  private readonly buckets = new Array<number>(BUCKETS).fill(0);
  /** Milliseconds spent in `add`: the expectations stage's share of an aggregate that gathers. */
  private spent = 0;

  constructor(profile: Profile) {
    this.tallies = compileOutputRules(profile).map((compiled) => ({
      compiled,
      at: (SSOT_COLUMNS as readonly string[]).indexOf(compiled.rule.column),
      check: new RuleCheck(compiled, "output"),
      samples: [],
      merged: { total: 0, failed: 0 },
    }));
  }

  /**
   * One output row, at place `key`. `provenance` renders its `selection_provenance` cell when the
   * row holds none (aggregate leaves it to be rendered at write time): only a rule naming that
   * column reads it, and it is never empty (every row has a chosen name).
   */
  add(row: readonly CellValue[], key: OrderKey, provenance?: () => string): void {
    const started = performance.now();
    let failedAny = false;
    for (const tally of this.tallies) {
      if (tally.at < 0) continue;
      const cell = tally.at === PROVENANCE && provenance ? provenance() : row[tally.at];
      if (tally.check.check(cell, 0)) continue;
      failedAny = true;
      keepSample(tally.samples, key, cell);
    }
    this.rows++;
    if (failedAny) this.invalid++;
    for (let c = 0; c < row.length; c++) {
      const cell = c === PROVENANCE && provenance ? "{}" : row[c];
      if (cell === null || cell === undefined || cell === "") this.empty[c]!++;
      else this.kinds[c]! |= typeof cell === "number" ? 1 : 2;
    }
    const score = Number(row[SCORE] ?? 0);
    this.sum += score;
    if (score < this.min) this.min = score;
    if (score > this.max) this.max = score;
    this.buckets[Math.min(BUCKETS - 1, Math.max(0, Math.floor(score * BUCKETS + 1e-9)))]!++;
    this.spent += performance.now() - started;
  }

  /** Seconds spent gathering rows on this thread (not those merged in). */
  get secondsSpent(): number {
    return this.spent / 1000;
  }

  /** Adds what `other` gathered over another part of the same output. */
  merge(other: OutputStats | PortableStats): void {
    const theirs = other instanceof OutputStats ? other.toPortable() : other;
    this.tallies.forEach((tally, i) => {
      const rule = theirs.rules[i]!;
      tally.merged.total += rule.total;
      tally.merged.failed += rule.failed;
      for (const sample of rule.samples) keepSample(tally.samples, sample.key, sample.value);
    });
    this.rows += theirs.rows;
    this.invalid += theirs.invalid;
    for (let c = 0; c < this.empty.length; c++) {
      this.empty[c]! += theirs.empty[c]!;
      this.kinds[c]! |= theirs.kinds[c]!;
    }
    this.sum += theirs.sum;
    this.min = Math.min(this.min, theirs.min);
    this.max = Math.max(this.max, theirs.max);
    theirs.buckets.forEach((n, i) => (this.buckets[i]! += n));
  }

  /** What was gathered, as plain data (to cross from a worker thread). */
  toPortable(): PortableStats {
    return {
      rules: this.tallies.map((_, i) => this.portable(i)),
      rows: this.rows,
      invalid: this.invalid,
      empty: [...this.empty],
      kinds: [...this.kinds],
      sum: this.sum,
      min: this.min,
      max: this.max,
      buckets: [...this.buckets],
    };
  }

  /** Rule `i`'s counts and samples by key, its own and those merged in. */
  private portable(i: number): PortableStats["rules"][number] {
    const tally = this.tallies[i]!;
    const own = tally.check.result();
    return { total: own.total + tally.merged.total, failed: own.failed + tally.merged.failed, samples: [...tally.samples] };
  }

  /** The places of every rule's sampled failures, for whoever finds their row numbers. */
  sampleKeys(): OrderKey[] {
    return this.tallies.flatMap((_, i) => this.portable(i).samples.map((sample) => sample.key));
  }

  /** The rule results (sampled rows numbered by `rowOf`) and the count of rows failing any rule. */
  finish(rowOf: (key: OrderKey) => number): { results: ExpectationResult[]; invalidRecords: number } {
    const results = this.tallies.map((tally, i): ExpectationResult => {
      const { rule } = tally.compiled;
      if (tally.at < 0 && this.rows > 0) {
        return { rule: rule.rule, scope: "output", column: rule.column, success: false, failed: 0, total: 0, mostly: rule.mostly ?? 1, message: `column ${rule.column} not found in output`, samples: [] };
      }
      const { total, failed, samples } = this.portable(i);
      return ruleResult(rule, "output", total, failed, samples.map((sample) => ({ row: rowOf(sample.key), value: sample.value })));
    });
    return { results, invalidRecords: this.invalid };
  }

  get rowCount(): number {
    return this.rows;
  }

  nullCounts(): Record<string, number> {
    return Object.fromEntries(SSOT_COLUMNS.map((column, i) => [column, this.empty[i]!]));
  }

  /** "number" when every present cell of the column is a number (and one is), else "string". */
  columnType(index: number): "number" | "string" {
    return this.kinds[index] === 1 ? "number" : "string";
  }

  /** The report's `data_quality_distribution`. */
  distribution(): { mean: number; min: number; max: number; histogram: ScoreBucket[] } {
    const histogram = this.buckets.map((count, i) => ({ from: i / BUCKETS, to: (i + 1) / BUCKETS, count }));
    if (this.rows === 0) return { mean: 0, min: 0, max: 0, histogram };
    return { mean: Math.round((this.sum / this.rows) * 10_000) / 10_000, min: this.min, max: this.max, histogram };
  }
}

/**
 * Puts a failure into `samples` (sorted by key, at most MAX_SAMPLES) if it is among the smallest.
 * Rows mostly arrive in key order, where this is one comparison. (A merged sample is text that
 * `sampleText` already shortened, which it leaves as it is.)
 */
function keepSample(samples: KeyedSample[], key: OrderKey, cell: RuleValue): void {
  const full = samples.length >= MAX_SAMPLES;
  if (full && compareKeys(key, samples[samples.length - 1]!.key) >= 0) return;
  let at = samples.length;
  while (at > 0 && compareKeys(key, samples[at - 1]!.key) < 0) at--;
  samples.splice(at, 0, { key, value: sampleText(cell) });
  if (full) samples.pop();
}

/** Every output rule over a table held in memory (cells in SSOT column order), in row order. */
export function checkOutput(rows: readonly (readonly CellValue[])[], profile: Profile): { results: ExpectationResult[]; invalidRecords: number; stats: OutputStats } {
  const stats = new OutputStats(profile);
  rows.forEach((row, i) => stats.add(row, { name: "", first: i }));
  return { ...stats.finish((key) => key.first + 1), stats };
}
