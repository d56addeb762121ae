/**
 * The records of a run that spilled (store.ts), between load and write: normalised and
 * aggregated one partition at a time in the normalise stage (stages.ts), checked as they are
 * aggregated, combined in the aggregate stage, and merged in output order for the writers
 * (merge.ts).
 */
import type { Refining, StageContext } from "../refining.ts";
import { MemoryGuard } from "./memory.ts";
import { MergedRows, rowNumbers } from "./merge.ts";
import type { PartitionAggregate } from "./partition.ts";
import { combinePartitions, refinePartitions, type AggregatedPartitions, type Spilled } from "./stages.ts";

export function onDisk(spilled: Spilled, context: StageContext): Refining {
  const { store } = spilled;
  let parts: PartitionAggregate[] = [];
  let aggregated: AggregatedPartitions | undefined;
  return {
    // Each partition is aggregated as soon as it is normalised, while its records are in memory
    // (read from disk once, not once per stage): this stage does both, and aggregate combines.
    async normalise() {
      parts = await refinePartitions(spilled, context);
      return parts.reduce((sum, part) => sum + part.records, 0);
    },
    async aggregate() {
      aggregated = combinePartitions(parts, context.profile, context.bus);
      // The partitions were judged as they were aggregated: that time stays in normalise.
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
