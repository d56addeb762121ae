#!/usr/bin/env bun
/**
 * Enrichment throughput: `bun run bench/enrich.ts [rows]` writes a synthetic refined table
 * (csv and xlsx, default 20,000 rows) plus a lookup table for a quarter of the names, runs the
 * compiled binary offline on each, and prints wall time and peak memory (median of 3 runs).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SSOT_COLUMNS, type CellValue } from "../src/pipeline/types.ts";
import { writeTable } from "../src/formats/index.ts";

const rows = Number(process.argv[2] ?? 20_000);
const binary = resolve(import.meta.dir, "../dist/hotpass");
const dir = mkdtempSync(join(tmpdir(), "hotpass-bench-enrich-"));
const PHONES = ["+27115550100", "+27215550100", "+27315550100", "+27821234567", null];
const ADDRESSES = ["Hangar 4, Rand Airport, Germiston", "Cape Town International", null, "Plot 7, Bloemfontein", null];

try {
  const data: CellValue[][] = [];
  for (let i = 0; i < rows; i++) {
    const values: Partial<Record<string, CellValue>> = {
      organization_name: `Organisation ${i}`,
      organization_slug: `organisation-${i}`,
      contact_primary_email: i % 3 === 0 ? `ops@org${i}.co.za` : i % 3 === 1 ? `pilot${i}@gmail.com` : null,
      contact_primary_phone: PHONES[i % PHONES.length]!,
      address_primary: ADDRESSES[i % ADDRESSES.length]!,
      data_quality_score: 0.4,
      selection_provenance: JSON.stringify({ organization_name: { value: `Organisation ${i}`, source_dataset: "bench" } }),
    };
    data.push(SSOT_COLUMNS.map((c) => values[c] ?? null));
  }
  mkdirSync(join(dir, ".hotpass", "lookups"), { recursive: true });
  const lookup = ["name,website,status"];
  for (let i = 0; i < rows; i += 4) lookup.push(`Organisation ${i},https://lookup${i}.example,Active`);
  writeFileSync(join(dir, ".hotpass", "lookups", "organizations.csv"), lookup.join("\n"));

  for (const format of ["csv", "xlsx"]) {
    await writeTable(join(dir, `refined.${format}`), SSOT_COLUMNS, data);
    const times: number[] = [];
    const memory: number[] = [];
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      const proc = Bun.spawn([binary, "enrich", "--input", `refined.${format}`, "--output", `enriched.${format}`], {
        cwd: dir,
        env: { ...process.env, HOME: dir, XDG_CACHE_HOME: dir, HOTPASS_DISABLE_LINEAGE: "1", OTEL_SDK_DISABLED: "true" },
        stdout: "ignore",
        stderr: "pipe",
      });
      const code = await proc.exited;
      if (code !== 0) throw new Error(`enrich failed: ${await new Response(proc.stderr).text()}`);
      times.push((performance.now() - started) / 1000);
      // maxRSS is reported in bytes.
      memory.push((proc.resourceUsage()?.maxRSS ?? 0) / (1024 * 1024));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
    console.log(
      `enrich ${rows.toLocaleString("en")} rows ${format} -> ${format}: ${median(times).toFixed(2)} s, ` +
        `${Math.round(rows / median(times)).toLocaleString("en")} rows/s, peak ${median(memory).toFixed(0)} MiB`,
    );
  }
} finally {
  if (process.env.HOTPASS_BENCH_KEEP) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
