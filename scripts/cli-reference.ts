#!/usr/bin/env bun
/**
 * Prints the command reference generated from the command definitions, or with `--write`
 * replaces the README's copy between the `<!-- cli-reference -->` markers.
 *
 *   bun run scripts/cli-reference.ts [--write]
 */
import { resolve } from "node:path";
import { commandTree, REFERENCE_END, REFERENCE_START, referenceIn, renderReference } from "../src/cli/reference.ts";
import { root } from "../src/commands/index.ts";
import { SHARED_GROUPS } from "../src/commands/_args.ts";

const text = renderReference(await commandTree(root), SHARED_GROUPS);
if (!process.argv.includes("--write")) {
  process.stdout.write(text);
} else {
  const path = resolve(import.meta.dir, "..", "README.md");
  const readme = await Bun.file(path).text();
  if (referenceIn(readme) === undefined) {
    console.error(`README.md has no ${REFERENCE_START} ... ${REFERENCE_END} block to replace`);
    process.exit(1);
  }
  const start = readme.indexOf(REFERENCE_START) + REFERENCE_START.length;
  await Bun.write(path, `${readme.slice(0, start)}\n${text}${readme.slice(readme.indexOf(REFERENCE_END))}`);
  console.log("README.md: command reference updated");
}
