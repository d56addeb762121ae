#!/usr/bin/env bun
/**
 * The hotpass executable. `--version` answers before anything else is loaded; every command is
 * imported only when it runs, and heavy libraries only inside the command that needs them.
 */
import { VERSION, VERSION_LINE } from "./version.ts";

const argv = process.argv.slice(2);

if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
  // console.log, not process.stdout: creating Node's stdout stream costs ~18 ms of start-up in Bun.
  console.log(VERSION_LINE);
} else {
  const { runCli } = await import("./cli/main.ts");
  const { lazy } = await import("./cli/command.ts");
  const code = await runCli(
    {
      meta: { name: "hotpass", version: VERSION, description: "Refine messy spreadsheets into one governed table, observably" },
      subCommands: {
        refine: lazy(() => import("./commands/refine.ts")),
        enrich: lazy(() => import("./commands/enrich.ts")),
        "explain-provenance": lazy(() => import("./commands/explain-provenance.ts")),
        dashboard: lazy(() => import("./commands/dashboard.ts")),
        lineage: lazy(() => import("./commands/lineage.ts")),
        net: lazy(() => import("./commands/net.ts")),
        mcp: lazy(() => import("./commands/mcp.ts")),
        doctor: lazy(() => import("./commands/doctor.ts")),
        profile: lazy(() => import("./commands/profile.ts")),
        init: lazy(() => import("./commands/init.ts")),
        qa: lazy(() => import("./commands/qa.ts")),
      },
    },
    argv,
  );
  process.exitCode = code;
}
