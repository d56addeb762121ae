/**
 * The fuzzer in CI: a fixed seed and number of mutated workbooks and CSVs through the readers
 * in-process (in a child under a memory ceiling, hangs detected), and a sample of them through
 * the binary. Any crash, non-usage error, message not naming the file, console output from a
 * reader, hang or memory past the ceiling fails the test, with the line that replays the case.
 * More cases on demand: `bun run fuzz --cases N [--seed S]`.
 */
import { expect, test } from "bun:test";
import { fuzz, throughBinary } from "./run.ts";

const SEED = 20261201;
const CASES = 3000;
const THROUGH_BINARY = 8;

test(`${CASES} mutated inputs through the readers: no crash, hang, stray output or memory past the ceiling`, async () => {
  const report = await fuzz({ cases: CASES, seed: SEED, ceilingMiB: 400 });
  expect(report.findings).toEqual([]);
  expect(report.cases).toBe(CASES);
  // The mutations must reach the readers, not all stop at the first check.
  expect(report.read).toBeGreaterThan(CASES / 5);
  expect(report.refused).toBeGreaterThan(CASES / 5);
}, 120_000);

test(`${THROUGH_BINARY} of them through the binary: exit 0 or 2, one clear line, no stack trace`, async () => {
  const problems: string[] = [];
  for (let k = 0; k < THROUGH_BINARY; k++) {
    const index = Math.floor((k * CASES) / THROUGH_BINARY) + 3;
    const problem = await throughBinary(SEED, index);
    if (problem) problems.push(`case ${index}: ${problem} (bun run fuzz --seed ${SEED} --only ${index} --binary 1)`);
  }
  expect(problems).toEqual([]);
}, 120_000);
