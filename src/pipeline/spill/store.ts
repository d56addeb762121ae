/**
 * Where a run that does not fit its memory budget keeps its records: a hidden folder in the dist
 * folder (the same disk as the outputs; a system temp folder may be memory), named for its owner
 * as every temporary of a run is (write/atomic.ts), so the next run removes it when a killed run
 * left it behind. Records are split into partitions by a hash of their organisation slug, so every
 * row of one organisation is in one partition and partitions can be aggregated one at a time.
 *
 *   raw/<producer>-<p>   records as loaded
 *   run/<p>              output rows, in order     key/<p>    their places in the output order
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { temporaryName } from "../write/atomic.ts";
import { LineWriter } from "./lines.ts";

export type Stage = "raw" | "run" | "key";

export class SpillStore {
  private constructor(
    readonly dir: string,
    readonly partitions: number,
  ) {}

  static create(parent: string, partitions: number): SpillStore {
    const dir = join(parent, temporaryName("hotpass-spill"));
    for (const stage of ["raw", "run", "key"] satisfies Stage[]) mkdirSync(join(dir, stage), { recursive: true });
    return new SpillStore(dir, partitions);
  }

  /** The store another thread created (the worker's view of it). */
  static open(dir: string, partitions: number): SpillStore {
    return new SpillStore(dir, partitions);
  }

  /** The partition of an organisation (the same slug always lands in the same one). */
  partitionOf(slug: string): number {
    return Number(Bun.hash(slug) % BigInt(this.partitions));
  }

  path(stage: Stage, partition: number, producer = ""): string {
    return join(this.dir, stage, producer ? `${producer}-${partition}` : String(partition));
  }

  /** Appends lines to the partitions of one stage (files opened as first needed). */
  writers(stage: Stage, producer = ""): PartitionWriters {
    return new PartitionWriters((p) => this.path(stage, p, producer));
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** What each partition's writer buffers while a load writes to all of them (128 x 128 KiB at most). */
const PARTITION_FLUSH_BYTES = 128 << 10;

export class PartitionWriters {
  private readonly open = new Map<number, LineWriter>();

  constructor(private readonly pathOf: (partition: number) => string) {}

  add(partition: number, line: string): void {
    let writer = this.open.get(partition);
    if (!writer) {
      writer = new LineWriter(this.pathOf(partition), PARTITION_FLUSH_BYTES);
      this.open.set(partition, writer);
    }
    writer.add(line);
  }

  close(): void {
    for (const writer of this.open.values()) writer.close();
    this.open.clear();
  }
}
