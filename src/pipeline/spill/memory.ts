/**
 * Keeps a spilling run's resident memory near its budget. Reading workbooks and refining
 * partitions leave garbage (inflated XML, cell strings, buffers outside the heap) faster than the
 * collector's own pace frees it: without a push, a million organisations peaked at 1.7-2.4 GiB
 * with well under 1 GiB alive. So when the process's resident memory passes half the budget, the
 * thread stops for a full collection of its heap; when one frees too little (what is alive has
 * grown), the bar rises above what is left, so collections never come at every step. Each thread
 * keeps its own guard (a collection frees only the calling thread's heap).
 */
export class MemoryGuard {
  private bar: number;
  private readonly headroom: number;

  constructor(budgetBytes: number) {
    this.bar = budgetBytes / 2;
    this.headroom = budgetBytes / 16;
  }

  /** Called between steps (a batch of records spilled, a partition done). */
  check(): void {
    if (process.memoryUsage.rss() < this.bar) return;
    Bun.gc(true);
    this.bar = Math.max(this.bar, process.memoryUsage.rss() + this.headroom);
  }
}
