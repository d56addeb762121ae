#!/usr/bin/env bun
/**
 * What zip bombs cost the binary: wall time and peak RSS of `refine` on
 *   - a 1.1 MB workbook whose headers declare 4 KiB but which inflates to 1,100 MiB (stopped by
 *     the default 1,024 MiB guard once the inflated bytes cross it), and
 *   - a workbook of 100 MiB of inflated white space whose headers tell the truth (read whole), and
 *   - the same with 1,000 MiB (under the default limit, so read whole: the cost per byte at scale).
 * Each binary runs under a memory ceiling and a time bound, so a slow one is reported, not waited
 * for. Several binaries are run side by side, in turn, `--runs` times each.
 *
 *   bun run bench/bombs.ts [--binary dist/hotpass] [--binary other/hotpass ...] [--runs 3]
 *                          [--ceiling-mib 6144] [--timeout-s 120] [--no-large]
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hotpassBounded } from "../tests/support/bounded.ts";
import { whitespaceBomb } from "../tests/support/zip-build.ts";

const argv = process.argv.slice(2);
const all = (flag: string) => argv.flatMap((token, i) => (token === flag && argv[i + 1] ? [argv[i + 1]!] : []));
const one = (flag: string, fallback: string) => all(flag)[0] ?? fallback;
const binaries = all("--binary").length ? all("--binary") : ["dist/hotpass"];
const runs = Number(one("--runs", "1"));
const ceilingMiB = Number(one("--ceiling-mib", "6144"));
const timeoutMs = Number(one("--timeout-s", "120")) * 1000;

const root = mkdtempSync(join(tmpdir(), "hotpass-bombs-"));
const cases = [
  { name: "lying bomb: declares 4 KiB, inflates to 1,100 MiB", bytes: whitespaceBomb(1100, 4096) },
  { name: "honest 100 MiB of white space", bytes: whitespaceBomb(100) },
  ...(argv.includes("--no-large") ? [] : [{ name: "honest 1,000 MiB of white space", bytes: whitespaceBomb(1000) }]),
];
try {
  for (const [i, c] of cases.entries()) {
    const dir = join(root, `case-${i}`);
    mkdirSync(dir);
    writeFileSync(join(dir, "book.xlsx"), c.bytes);
    console.log(`${c.name} (${(c.bytes.length / 1e6).toFixed(2)} MB on disk)`);
    for (let run = 0; run < runs; run++) {
      for (const binary of binaries) {
        const out = join(root, `out-${i}-${run}`);
        const result = await hotpassBounded(["refine", "--input-dir", dir, "--output-path", join(out, "refined.xlsx"), "--profile", "generic"], {
          binary,
          ceilingMiB,
          timeoutMs,
        });
        const outcome = result.killed ? `KILLED (${result.killed})` : `exit ${result.code}`;
        const line = result.stderr.trim().split("\n").find((l) => l.includes("error:")) ?? "";
        console.log(`  ${binary}: ${(result.ms / 1000).toFixed(2)} s, peak RSS ${result.peakMiB} MiB, ${outcome}  ${line.slice(0, 140)}`);
        rmSync(out, { recursive: true, force: true });
      }
    }
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
