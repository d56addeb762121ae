import { defineHotpassCommand } from "../../cli/command.ts";
import { stopHolder } from "../../net/daemon.ts";
import { tunnelsFile } from "../../net/paths.ts";
import { isAlive, TunnelStore } from "../../net/store.ts";
import { instrumented, upArgs } from "./_common.ts";
import { startTunnel } from "./_start.ts";

/** Like `up`, but the tunnel lasts only as long as this command: Ctrl+C (or SIGTERM) takes it down. */
export default defineHotpassCommand({
  meta: { name: "lease", description: "Open a tunnel for as long as this command runs (Ctrl+C closes it)" },
  args: { ...upArgs },
  run: ({ args, given, signal }) =>
    instrumented(args, given, signal, async (logger) => {
      // The CLI entry watches for Ctrl+C from its start, so one pressed while the tunnel comes up
      // still takes it down once it is up.
      const started = await startTunnel(args, logger, { signal });
      if (!started) return 0;
      const { session } = started;
      if (!signal.aborted) console.log("leased until Ctrl+C");
      const ended = signal.aborted
        ? "signal"
        : await new Promise<"signal" | "holder-gone">((resolve) => {
            const watch = setInterval(() => {
              if (!isAlive(session)) {
                clearInterval(watch);
                resolve("holder-gone");
              }
            }, 500);
            signal.addEventListener(
              "abort",
              () => {
                clearInterval(watch);
                resolve("signal");
              },
              { once: true },
            );
          });
      if (ended === "holder-gone") {
        logger.error(`tunnel '${session.label}' stopped unexpectedly; see ${session.log_path}`);
        return 1;
      }
      await stopHolder(session, 5_000);
      await new TunnelStore(tunnelsFile(), (m) => logger.warn(m)).update((doc) => {
        doc.sessions = doc.sessions.filter((s) => !(s.pid === session.pid && s.pid_start_time === session.pid_start_time));
      });
      console.log(`tunnel '${session.label}' down`);
      return 0;
    }),
});
