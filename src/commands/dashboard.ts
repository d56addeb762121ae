/**
 * `hotpass dashboard`: the control panel over dist/ (runs, run detail, tables with provenance,
 * lineage, operations), served by this binary on 127.0.0.1; `--export DIR` writes the same pages
 * as a static site instead. Thin: checks the flags, then hands over to src/dashboard/.
 */
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { defineHotpassCommand } from "../cli/command.ts";
import { usageError } from "../errors.ts";
import { lineageInputs, loggingArgs, observabilityArgs, telemetryInputs } from "./_args.ts";

export default defineHotpassCommand({
  meta: { name: "dashboard", description: "Serve the control panel over dist/ (runs, tables, lineage, operations), or --export it as a static site" },
  args: {
    "dist-dir": { type: "string", repeatable: true, valueHint: "dir", description: "folder of runs to show (repeatable, one per project; default dist)" },
    host: { type: "string", default: "127.0.0.1", valueHint: "address", description: "address to listen on; anything but loopback needs --token" },
    port: { type: "string", default: "8501", valueHint: "n", description: "port to listen on (0 picks a free one); the URL is printed" },
    open: { type: "boolean", description: "open the page in the default browser" },
    token: { type: "string", valueHint: "secret", description: "access token (or HOTPASS_DASHBOARD_TOKEN); required off loopback; never printed" },
    "allow-run": { type: "boolean", description: "let the page start refines (input folders inside --dist-dir / --root only) and run qa on a run's table" },
    root: { type: "string", repeatable: true, valueHint: "dir", description: "extra folder a refine from the page may read its input from (repeatable)" },
    "profile-search-path": { type: "string", repeatable: true, valueHint: "dir", description: "folder to search for profiles offered by the refine form (repeatable)" },
    export: { type: "string", valueHint: "dir", description: "write the pages as a static site to DIR (works from file://) and exit" },
    namespace: { type: "string", valueHint: "name", description: "lineage job namespace (default HOTPASS_LINEAGE_NAMESPACE or hotpass.local)" },
    ...observabilityArgs,
    ...loggingArgs,
  },
  async run({ args, given, signal }) {
    const folders = (flag: string, named: readonly string[], fallback: string[]) => {
      const paths = (named.length > 0 ? named : fallback).map((p) => resolve(p));
      for (const path of paths) {
        if (!existsSync(path) || !statSync(path).isDirectory()) throw usageError(`--${flag} ${path}: no such folder`, "pass a folder that exists (refine writes its reports to dist/ by default)");
      }
      return paths;
    };
    const distDirs = folders("dist-dir", args.distDir, ["dist"]);
    const roots = folders("root", args.root, []);
    const { createContext } = await import("../dashboard/context.ts");
    const settings = { telemetry: telemetryInputs(args, given), lineage: lineageInputs(args, given), namespace: args.namespace };
    const context = createContext({ distDirs, roots, settings, env: process.env, allowRun: args.allowRun === true, searchPath: args.profileSearchPath });

    const exportDir = args.export;
    if (exportDir) {
      const { exportSite } = await import("../dashboard/export.ts");
      const written = await exportSite(context, resolve(exportDir)).finally(() => context.tables.clear());
      console.error(`dashboard: wrote ${written.pages} runs as a static site to ${written.dir} (open ${written.dir}/index.html)`);
      return 0;
    }

    const host = args.host;
    const port = Number(args.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError(`--port must be 0-65535, got '${args.port}'`);
    const token = args.token ?? (process.env.HOTPASS_DASHBOARD_TOKEN || undefined);
    const { isLoopback } = await import("../dashboard/security.ts");
    if (!isLoopback(host) && !token) {
      throw usageError(`--host ${host} would serve the dashboard beyond this machine without a token`, "set HOTPASS_DASHBOARD_TOKEN (or pass --token), or keep the default --host 127.0.0.1");
    }
    const { startServer } = await import("../dashboard/server.ts");
    let server;
    try {
      server = await startServer({ host, port, ...(token ? { token } : {}), context, searchPath: args.profileSearchPath });
    } catch (error) {
      throw usageError(`cannot listen on ${host}:${port}: ${(error as Error).message}`, "pick another --port (0 picks a free one)");
    }
    const url = server.url.href;
    console.log(url);
    console.error(`dashboard: serving ${distDirs.join(", ")} at ${url}${token ? " (token required)" : ""}${context.allowRun ? "; refines from the page are on" : ""} — Ctrl+C stops it`);
    if (args.open) openBrowser(url);
    // Serves until Ctrl+C (or a TERM): the CLI entry aborts the signal, and the server stops cleanly.
    if (!signal.aborted) await new Promise((done) => signal.addEventListener("abort", done, { once: true }));
    await server.stop();
    console.error("dashboard: stopped");
    return 0;
  },
});

function openBrowser(url: string): void {
  const command = process.platform === "darwin" ? ["open", url] : process.platform === "win32" ? ["cmd", "/c", "start", "", url] : ["xdg-open", url];
  try {
    Bun.spawn(command, { stdio: ["ignore", "ignore", "ignore"] }).unref();
  } catch {
    console.error(`dashboard: could not open a browser (${command[0]} not found); open ${url} yourself`);
  }
}
