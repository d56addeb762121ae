/**
 * `hotpass mcp`: an MCP server on stdin/stdout for agents. Thin: resolves the role and the roots,
 * keeps stdout for the protocol alone, and serves until the client closes stdin.
 */
import { defineHotpassCommand } from "../cli/command.ts";
import { lineageInputs, loggingArgs, observabilityArgs, telemetryInputs } from "./_args.ts";

export default defineHotpassCommand({
  meta: { name: "mcp", description: "Serve Hotpass to agents over MCP (stdio): refine, enrich, reports, provenance, lineage" },
  args: {
    root: { type: "string", repeatable: true, valueHint: "dir", description: "folder the server may read and write (repeatable; default: the working folder)" },
    role: { type: "enum", options: ["observer", "operator", "admin"], description: "observer reads; operator also refines and enriches; admin also enriches with network (default observer)" },
    policy: { type: "string", valueHint: "file", description: "YAML/JSON file with role: and roots: (instead of --role)" },
    "profile-search-path": { type: "string", repeatable: true, valueHint: "dir", description: "folder to search for NAME.yaml profiles (repeatable)" },
    ...observabilityArgs,
    ...loggingArgs,
    "log-format": { ...loggingArgs["log-format"], description: "text lines, or one JSON object per line; always on stderr (stdout carries the protocol)" },
  },
  async run({ args, given, signal }) {
    // Anything printed with console.log would corrupt the protocol: it goes to stderr instead.
    console.log = console.info = console.debug = console.error;
    const { resolveAccess } = await import("../mcp/access.ts");
    const { Roots } = await import("../mcp/roots.ts");
    const access = await resolveAccess({ role: args.role, policy: args.policy });
    const roots = Roots.of([...access.roots, ...args.root]);
    const { resolve } = await import("node:path");
    const { serveStdio } = await import("../mcp/server.ts");
    const closed = await serveStdio({
      role: access.role,
      roleOrigin: access.origin,
      roots,
      settings: {
        telemetry: telemetryInputs(args, given),
        lineage: lineageInputs(args, given),
        logFormat: args.logFormat,
        debug: args.debug === true,
        env: process.env,
        profileSearchPath: args.profileSearchPath.map((dir) => resolve(dir)),
        home: roots.folders[0]!,
      },
      debug: args.debug === true,
      stop: signal,
    });
    await closed;
    return 0;
  },
});
