/**
 * Contract notices: duplicate primary keys that the loader dropped (first row kept) are written
 * to `<dist>/contract-notices/<run-id>/<table>-duplicates.csv` so a data owner can fix the source.
 */
import { join } from "node:path";
import type { DuplicateKeys } from "../types.ts";
import type { AtomicBatch } from "./atomic.ts";
import { rowSource, writeCsvFile } from "../../formats/index.ts";

export interface ContractNotice {
  table: string;
  dropped_rows: number;
  path: string;
}

export async function stageContractNotices(batch: AtomicBatch, distDir: string, runId: string, duplicates: DuplicateKeys[]): Promise<ContractNotice[]> {
  const notices: ContractNotice[] = [];
  for (const duplicate of duplicates) {
    if (duplicate.rows.length === 0) continue;
    const safeTable = duplicate.table.replace(/[^\w.-]+/g, "_");
    const path = join(distDir, "contract-notices", runId, `${safeTable}-duplicates.csv`);
    await writeCsvFile(batch.stage(path), duplicate.columns, rowSource(duplicate.rows));
    notices.push({ table: duplicate.table, dropped_rows: duplicate.rows.length, path });
  }
  return notices;
}
