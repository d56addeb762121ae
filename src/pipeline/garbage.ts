/**
 * Young-generation collections at a stage's steps. Nearly everything a refine makes is strings
 * (cells read, values cleaned, rows and provenance rendered), and a string's characters live
 * outside the JavaScript heap, so the collector feels little pressure from them and, sizing
 * itself by the machine's memory, lets a stage's short-lived garbage pile up long after it is
 * dead. So each stage asks for a young collection at its progress steps (every 10,000 rows
 * read, 10,000 records normalised, 5,000 organisations made, 10,000 rows written), which frees
 * it while it is still young and cheap to find. At 100,000 `aviation-dense` organisations the
 * peak went from 783–843 to 540–600 MiB at the same wall and CPU time (runs alternated), and at
 * 1,000,000 (spilled) from 863 to 705 MiB. Every 5,000 steps throughout gave 510–538 MiB but cost
 * 3–4 % more CPU. A full collection costs a pass over everything alive, so the stages keep to
 * young ones (run.ts does one full collection between normalise and aggregate). The CSV reader
 * collects the same way every 8 MiB of input (formats/_csv-read.ts).
 */

/** Rows written between collections (the other stages collect at their progress steps). */
export const COLLECT_EVERY_ROWS = 10_000;

/**
 * Below this resident size a collection has little to win (10,000 organisations peak at 170–190
 * MiB with or without them), and each costs the thread a pause, so small runs go as before.
 */
const WORTH_COLLECTING_BYTES = 256 * 2 ** 20;

/** A young-generation collection of the calling thread's heap (each thread has its own), once the process is large. */
export function collectYoungGarbage(): void {
  if (process.memoryUsage.rss() >= WORTH_COLLECTING_BYTES) Bun.gc(false);
}
