/**
 * Every command of the executable, as lazy loaders (start-up imports only the command that
 * runs). Adding a command is one file in this folder and one line here. The CLI contract test
 * walks this table, so the README's reference is checked against what the binary accepts.
 */
import { lazy, type HotpassCommand } from "../cli/command.ts";
import { VERSION } from "../version.ts";

export const root: HotpassCommand = {
  meta: { name: "hotpass", version: VERSION, description: "Refine messy spreadsheets into one governed table, observably" },
  subCommands: {
    refine: lazy(() => import("./refine.ts")),
    enrich: lazy(() => import("./enrich.ts")),
    "explain-provenance": lazy(() => import("./explain-provenance.ts")),
    dashboard: lazy(() => import("./dashboard.ts")),
    lineage: lazy(() => import("./lineage.ts")),
    net: lazy(() => import("./net.ts")),
    mcp: lazy(() => import("./mcp.ts")),
    doctor: lazy(() => import("./doctor.ts")),
    profile: lazy(() => import("./profile.ts")),
    init: lazy(() => import("./init.ts")),
    qa: lazy(() => import("./qa.ts")),
    contracts: lazy(() => import("./contracts.ts")),
  },
};
