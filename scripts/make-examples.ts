#!/usr/bin/env bun
/**
 * Writes the README's example workbooks: 60 synthetic organisations in the three aviation
 * layouts, into examples/data/ (generated, not committed).
 *
 *   bun run scripts/make-examples.ts [--orgs 60] [--out examples/data]
 */
import { resolve } from "node:path";
import { generateAviationWorkbooks } from "../bench/generate.ts";

const argv = process.argv.slice(2);
const value = (flag: string) => {
  const at = argv.indexOf(flag);
  return at >= 0 ? argv[at + 1] : undefined;
};
const out = resolve(import.meta.dir, "..", value("--out") ?? "examples/data");
const result = await generateAviationWorkbooks({ orgs: Number(value("--orgs") ?? 60), out, seed: 2025 });
console.log(`wrote ${result.files.length} example workbooks (${result.sourceRows} source rows) to ${out}`);
