import { defineHotpassCommand } from "../../cli/command.ts";
import { usageError } from "../../errors.ts";
import { stopHolder } from "../../net/daemon.ts";
import { tunnelsFile } from "../../net/paths.ts";
import { TunnelStore } from "../../net/store.ts";
import { loggingArgs, telemetryArgs } from "../_args.ts";
import { instrumented } from "./_common.ts";

export default defineHotpassCommand({
  meta: { name: "down", description: "Close tunnels: SIGTERM, then SIGKILL after a grace period" },
  args: {
    label: { type: "string", valueHint: "name", description: "the tunnel to close (see 'hotpass net status')" },
    all: { type: "boolean", description: "close every tunnel" },
    grace: { type: "string", valueHint: "seconds", description: "wait this long after SIGTERM before SIGKILL (default 5)" },
    ...loggingArgs,
    ...telemetryArgs,
  },
  run: ({ args, given, signal }) =>
    instrumented(args, given, signal, async (logger) => {
      const label = args.label;
      const all = args.all === true;
      if (!label === !all) throw usageError("net down needs exactly one of --label NAME or --all");
      const grace = Number(args.grace ?? "5");
      if (!Number.isFinite(grace) || grace < 0) throw usageError("--grace must be a number of seconds");

      const store = new TunnelStore(tunnelsFile(), (message) => logger.warn(message));
      const stale = await store.prune();
      for (const s of stale) logger.info(`removed stale tunnel entry '${s.label}' (PID ${s.pid} is gone)`);
      const sessions = (await store.read()).sessions.filter((s) => all || s.label === label);
      if (sessions.length === 0) {
        if (all) {
          console.log("no tunnels running");
          return 0;
        }
        if (stale.some((s) => s.label === label)) {
          console.log(`tunnel '${label}' was not running; its stale entry was removed`);
          return 0;
        }
        throw usageError(`no tunnel labelled '${label}'`, "'hotpass net status' lists the running tunnels");
      }
      const outcomes = await Promise.all(sessions.map(async (s) => [s, await stopHolder(s, grace * 1000)] as const));
      await store.update((doc) => {
        doc.sessions = doc.sessions.filter((s) => !sessions.some((t) => t.pid === s.pid && t.pid_start_time === s.pid_start_time));
      });
      for (const [s, outcome] of outcomes) {
        const how = outcome === "killed" ? " (killed after the grace period)" : outcome === "stale" ? " (was already gone)" : "";
        console.log(`tunnel '${s.label}' down (PID ${s.pid})${how}`);
      }
      return 0;
    }),
});
