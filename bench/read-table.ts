#!/usr/bin/env bun
/**
 * Reading a refined output back (what enrich, explain-provenance, the dashboard and the MCP
 * server do): refines N generated organisations once per output format with the compiled binary
 * (cached in bench/.data/refined-<N>/), then times `readTable` and `scanTable` on each file in a
 * fresh process and prints wall time, peak RSS (/usr/bin/time) and peak RSS over the file's size.
 * `--sheetjs` adds SheetJS's read of the `.xlsx` (the reader `readTable` used before) for
 * comparison. Run `bun run build.ts` first.
 *
 *   bun run bench/read-table.ts                 # 100,000 organisations, every format
 *   bun run bench/read-table.ts 10000 --sheetjs --runs 3
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { OUTPUT_SUFFIXES, readTable, scanTable, type Cell } from "../src/formats/index.ts";
import { generateAviationWorkbooks } from "./generate.ts";

const root = resolve(import.meta.dir, "..");
const argv = process.argv.slice(2);

if (argv[0] === "--child") {
  // One measurement in this process: `--child <mode> <file>`; prints rows and seconds.
  const [, mode, file] = argv as [string, "read" | "scan" | "sheetjs", string];
  const started = performance.now();
  let rows = 0;
  if (mode === "read") rows = (await readTable(file)).rows.length;
  else if (mode === "scan") rows = (await scanTable(file, () => {})).rowCount;
  else {
    const XLSX = await import("xlsx");
    const book = XLSX.read(readFileSync(file), { type: "buffer", dense: true, cellDates: false });
    const grid = XLSX.utils.sheet_to_json<Cell[]>(book.Sheets["Refined Data"]!, { header: 1, raw: true, defval: null, blankrows: false });
    rows = grid.length - 1;
  }
  console.log(`${rows} ${((performance.now() - started) / 1000).toFixed(3)}`);
  process.exit(0);
}

const take = (flag: string) => {
  const i = argv.indexOf(flag);
  return i < 0 ? undefined : argv.splice(i, 2)[1];
};
const runs = Number(take("--runs") ?? 1);
const withSheetJs = argv.includes("--sheetjs") ? (argv.splice(argv.indexOf("--sheetjs"), 1), true) : false;
const orgs = Number(argv[0] ?? 100_000);

async function refinedFiles(): Promise<string[]> {
  const dir = join(root, "bench", ".data", `refined-${orgs}`);
  const inputs = join(root, "bench", ".data", String(orgs));
  if (!existsSync(join(inputs, ".generated.json"))) {
    const result = await generateAviationWorkbooks({ orgs, out: inputs, seed: 7 });
    writeFileSync(join(inputs, ".generated.json"), JSON.stringify({ sourceRows: result.sourceRows }));
  }
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const suffix of OUTPUT_SUFFIXES) {
    const file = join(dir, `refined${suffix}`);
    if (!existsSync(file)) {
      const proc = Bun.spawnSync([join(root, "dist", "hotpass"), "refine", "--profile", "aviation", "--input-dir", inputs, "--output-path", file], {
        stdout: "ignore",
        stderr: "pipe",
        env: { ...process.env, HOTPASS_DISABLE_LINEAGE: "1", OTEL_SDK_DISABLED: "true", NO_COLOR: "1" },
      });
      if (proc.exitCode !== 0) throw new Error(`refine failed: ${proc.stderr.toString()}`);
    }
    files.push(file);
  }
  return files;
}

function measure(mode: string, file: string): { seconds: number; peakMiB: number; rows: number } {
  const proc = Bun.spawnSync(["/usr/bin/time", "-f", "%M", process.execPath, import.meta.path, "--child", mode, file], { stdout: "pipe", stderr: "pipe" });
  if (proc.exitCode !== 0) throw new Error(`${mode} ${file} failed: ${proc.stderr.toString()}`);
  const [rows, seconds] = proc.stdout.toString().trim().split(" ").map(Number);
  const peakKiB = Number(proc.stderr.toString().trim().split("\n").at(-1));
  return { seconds: seconds!, peakMiB: peakKiB / 1024, rows: rows! };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

for (const file of await refinedFiles()) {
  const sizeMiB = statSync(file).size / (1024 * 1024);
  const modes = ["read", "scan", ...(withSheetJs && file.endsWith(".xlsx") ? ["sheetjs"] : [])];
  for (const mode of modes) {
    const results = Array.from({ length: runs }, () => measure(mode, file));
    const seconds = median(results.map((r) => r.seconds));
    const peak = median(results.map((r) => r.peakMiB));
    const load = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
    console.log(
      `${mode === "sheetjs" ? "SheetJS read" : mode === "read" ? "readTable" : "scanTable"} ${file.split("/").pop()} ` +
        `(${sizeMiB.toFixed(1)} MiB, ${results[0]!.rows.toLocaleString("en")} rows): ${seconds.toFixed(2)} s, ` +
        `peak RSS ${peak.toFixed(0)} MiB = ${(peak / sizeMiB).toFixed(1)}x the file${runs > 1 ? ` (median of ${runs})` : ""}; load average ${load}`,
    );
  }
}
