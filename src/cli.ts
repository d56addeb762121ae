#!/usr/bin/env bun
/**
 * The hotpass executable. `--version` answers before anything else is loaded; every command is
 * imported only when it runs, and heavy libraries only inside the command that needs them.
 */
import { VERSION_LINE } from "./version.ts";

const argv = process.argv.slice(2);

if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
  // console.log, not process.stdout: creating Node's stdout stream costs ~18 ms of start-up in Bun.
  console.log(VERSION_LINE);
} else {
  const [{ runCli }, { root }] = await Promise.all([import("./cli/main.ts"), import("./commands/index.ts")]);
  process.exitCode = await runCli(root, argv);
}
