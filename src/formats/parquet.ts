/**
 * `.parquet`: read with hyparquet, written with hyparquet-writer (both imported lazily). A
 * column whose present values are all numbers is written DOUBLE; every other column UTF-8
 * STRING. Empty cells are nulls.
 */
import { columnDatatype, rowSource, toCell } from "./_cells.ts";
import type { Cell, Format, RowSource, TableFile, TableSink } from "./types.ts";

export async function parquetBytes(columns: readonly string[], source: RowSource): Promise<Uint8Array> {
  const { parquetWriteBuffer } = await import("hyparquet-writer");
  // Whole columns are needed: rows that can only be read in order are collected first (so a
  // .parquet output is held in memory, whatever the run's memory budget).
  const rows = source.sequential ? rowSource(Array.from({ length: source.length }, (_, i) => [...source.row(i)])) : source;
  const columnData = columns.map((name, index) => {
    const numeric = columnDatatype(rows, index) === "number";
    const data: (Cell | string)[] = new Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const value = rows.cell(r, index) ?? null;
      data[r] = value === null ? null : numeric ? value : String(value);
    }
    return { name, data, type: numeric ? ("DOUBLE" as const) : ("STRING" as const), nullable: true };
  });
  return new Uint8Array(parquetWriteBuffer({ columnData, createdBy: "hotpass" }));
}

async function readParquet(file: TableFile, _options: unknown, sink: TableSink): Promise<void> {
  const { parquetMetadata, parquetSchema, parquetRead } = await import("hyparquet");
  const bytes = await file.bytes();
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(buffer);
  const columns = parquetSchema(metadata).children.map((child) => child.element.name);
  sink.columns(columns);
  await parquetRead({
    file: buffer,
    metadata,
    rowFormat: "array",
    onComplete: (rows: unknown[][]) => {
      for (const row of rows) sink.row(columns.map((_, i) => toCell(row[i])));
    },
  });
}

export const parquet: Format = {
  name: "parquet",
  title: "Apache Parquet: all-numeric columns `DOUBLE`, the rest UTF-8 `STRING`, empty cells null",
  suffixes: [".parquet"],
  mediaType: "application/vnd.apache.parquet",
  textual: false,
  read: readParquet,
  async write(target, columns, rows) {
    await Bun.write(target.temp, await parquetBytes(columns, rows));
  },
};
