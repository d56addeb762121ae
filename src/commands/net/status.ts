import { defineHotpassCommand } from "../../cli/command.ts";
import { tunnelsFile } from "../../net/paths.ts";
import { isAlive, TunnelStore, type TunnelSession } from "../../net/store.ts";
import { loggingArgs, telemetryArgs } from "../_args.ts";
import { forwardLines, instrumented } from "./_common.ts";

function uptime(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, "0")}m` : m > 0 ? `${m}m${String(s).padStart(2, "0")}s` : `${s}s`;
}

function describe(session: TunnelSession, alive: boolean, now: number) {
  const up = alive ? Math.max(0, Math.round((now - Date.parse(session.created_at)) / 1000)) : null;
  return { ...session, alive, stale: !alive, uptime_seconds: up, reconnects: session.reconnects ?? 0 };
}

export default defineHotpassCommand({
  meta: { name: "status", description: "List tunnels: forwards, PID, alive, uptime, reconnects" },
  args: {
    json: { type: "boolean", description: "print {path, sessions:[...]} as JSON on stdout" },
    prune: { type: "boolean", description: "remove entries whose process is gone" },
    ...loggingArgs,
    ...telemetryArgs,
  },
  run: ({ args, given, signal }) =>
    instrumented(args, given, signal, async (logger) => {
      const store = new TunnelStore(tunnelsFile(), (message) => logger.warn(message));
      const doc = await store.read();
      const now = Date.now();
      const rows = doc.sessions.map((s) => describe(s, isAlive(s), now));
      if (args.prune && rows.some((r) => r.stale)) await store.prune();
      const pruned = args.prune === true;

      if (args.json) {
        console.log(JSON.stringify({ path: store.path, sessions: rows, pruned: pruned ? rows.filter((r) => r.stale).map((r) => r.label) : [] }, null, 2));
        return 0;
      }
      if (rows.length === 0) {
        console.log("no tunnels");
        return 0;
      }
      for (const row of rows) {
        const state = row.stale ? (pruned ? "stale (pruned)" : "stale (process gone; 'net status --prune' or the next up/down removes it)") : row.state === "reconnecting" ? "alive, reconnecting" : "alive";
        console.log(`${row.label}  ${row.user}@${row.host}:${row.port}  PID ${row.pid}  ${state}`);
        console.log(`  created ${row.created_at}${row.uptime_seconds === null ? "" : `, up ${uptime(row.uptime_seconds)}`}, reconnects ${row.reconnects}`);
        for (const line of forwardLines(row)) console.log(line);
      }
      return 0;
    }),
});
