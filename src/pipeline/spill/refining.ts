/**
 * The records of a run that spilled (store.ts), between load and write: normalised and
 * aggregated one partition at a time (stages.ts), checked as they are aggregated, and merged in
 * output order for the writers (merge.ts).
 */
import type { Refining, StageContext } from "../refining.ts";
import { MemoryGuard } from "./memory.ts";
import { MergedRows, rowNumbers } from "./merge.ts";
import { aggregatePartitions, normalisePartitions, type AggregatedPartitions, type Spilled } from "./stages.ts";

export function onDisk(spilled: Spilled, context: StageContext): Refining {
  const { store } = spilled;
  let records = spilled.records;
  let aggregated: AggregatedPartitions | undefined;
  return {
    async normalise() {
      records = await normalisePartitions(spilled, context.countryCode, context.onNormalised, context.signal);
      return records;
    },
    async aggregate() {
      aggregated = await aggregatePartitions(spilled, {
        countryCode: context.countryCode,
        profile: context.profile,
        maxPriority: Math.max(spilled.maxPriority, ...context.profile.sources.map((source) => source.priority)),
        bus: context.bus,
        signal: context.signal,
        records,
      });
      // The partitions are judged on two threads at once: their time stays in this stage.
      return { organisations: aggregated.organisations, conflicts: aggregated.conflicts, checkSeconds: 0 };
    },
    async expectations() {
      // The rules were judged as the partitions were aggregated; the sampled rows get their
      // numbers in the merged table from the partitions' keys.
      const { stats } = aggregated!;
      const numbers = await rowNumbers(store, stats.sampleKeys());
      return { stats, ...stats.finish((key) => numbers.get(key) ?? 0) };
    },
    rows: () => new MergedRows(store, aggregated!.organisations, (column) => aggregated!.stats.columnType(column), new MemoryGuard(spilled.budgetBytes)),
  };
}
