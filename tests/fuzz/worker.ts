/**
 * The fuzzer's child process: reads cases `--from`..`--to` of `--seed` in-process, through the
 * same entry points the commands use (`openWorkbook` + every sheet, and `readTable`), and prints
 * one JSON line per case (`{"case": i, "ms": ..., "finding"?: ...}`) as soon as it is done, so the
 * parent (run.ts) knows which case hung or blew the memory ceiling when it has to kill this one.
 *
 * A case passes when it reads, or is refused with a HotpassError of exit 2 whose message names
 * the file. Anything else — another error (a crash), exit 1, a message that does not name the
 * file, a case slower than `--slow-ms` — is a finding.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isHotpassError } from "../../src/errors.ts";
import { openWorkbook, readTable } from "../../src/formats/index.ts";
import { fuzzCase } from "./cases.ts";

const argv = process.argv.slice(2);
const number = (flag: string, fallback: number) => {
  const at = argv.indexOf(flag);
  return at >= 0 ? Number(argv[at + 1]) : fallback;
};
const seed = number("--seed", 1);
const from = number("--from", 0);
const to = number("--to", 100);
const slowMs = number("--slow-ms", 5000);
const LIMIT = 64 * 1024 * 1024;

const dir = mkdtempSync(join(tmpdir(), "hotpass-fuzz-"));

// A reader that prints to the console breaks the one-clear-line rule: what it prints is a finding.
let printed: string[] = [];
console.error = console.warn = console.log = (...parts: unknown[]) => void printed.push(parts.map(String).join(" "));

async function read(file: string): Promise<number> {
  let rows = 0;
  const reader = await openWorkbook(file, LIMIT);
  for (const sheet of reader.sheetNames) await reader.readSheet(sheet, () => void rows++);
  const table = await readTable(file, { maxUncompressedBytes: LIMIT });
  return rows + table.rows.length;
}

try {
  for (let index = from; index < to; index++) {
    const fuzz = await fuzzCase(seed, index);
    const file = join(dir, `case-${index}${fuzz.suffix}`);
    writeFileSync(file, fuzz.bytes);
    const started = performance.now();
    let finding: string | undefined;
    let outcome = "read";
    try {
      await read(file);
    } catch (error) {
      outcome = isHotpassError(error) ? `refused: ${error.message.slice(error.message.indexOf(": ") + 2, error.message.indexOf(": ") + 60)}` : "crashed";
      if (!isHotpassError(error)) finding = `crash: ${error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error)}`;
      else if (error.exitCode !== 2) finding = `exit ${error.exitCode} (expected 2 for bad input): ${error.message}`;
      else if (!error.message.includes(file)) finding = `a message that does not name the file: ${error.message}`;
    }
    if (!finding && printed.length) finding = `printed to the console: ${printed.slice(0, 3).join(" | ")}`;
    printed = [];
    const ms = Math.round(performance.now() - started);
    if (!finding && ms > slowMs) finding = `slow: ${ms} ms`;
    rmSync(file, { force: true });
    process.stdout.write(`${JSON.stringify({ case: index, ms, outcome, ...(finding ? { finding, how: fuzz.how, size: fuzz.bytes.length } : {}) })}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
