/**
 * Numbers the report does not carry (older reports) read from the run's table instead: the
 * quality score distribution in ten bands and each column's share of filled cells.
 */
import type { TableSource } from "./table-query.ts";

export interface ColumnsAnswer {
  histogram: { label: string; count: number }[];
  completeness: Record<string, number>;
}

export function columnFacts(data: TableSource): ColumnsAnswer {
  const bands = Array.from({ length: 10 }, (_, i) => ({ label: `${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}`, count: 0 }));
  const score = data.columns.indexOf("data_quality_score");
  const empty = new Array<number>(data.columns.length).fill(0);
  for (let row = 0; row < data.rowCount; row++) {
    for (let i = 0; i < data.columns.length; i++) if (data.empty(row, i)) empty[i]!++;
    const value = score < 0 ? Number.NaN : Number(data.cell(row, score) ?? Number.NaN);
    if (Number.isFinite(value)) bands[Math.min(9, Math.max(0, Math.floor(value * 10)))]!.count++;
  }
  const total = data.rowCount;
  return {
    histogram: bands,
    completeness: Object.fromEntries(data.columns.map((c, i) => [c, total ? Math.round(((total - empty[i]!) / total) * 10_000) / 10_000 : 0])),
  };
}
