import { defineHotpassCommand } from "../../cli/command.ts";
import { HotpassError, usageError } from "../../errors.ts";
import { inspectArgs, print, queryOf, withTelemetry } from "./_common.ts";

export default defineHotpassCommand({
  meta: { name: "replay", description: "Send the spooled events in order; remove each one only once it was accepted" },
  args: inspectArgs,
  run: ({ args, given, signal }) =>
    withTelemetry(args, given, signal, async (logger) => {
      const { statePaths } = await import("../../telemetry/lineage/config.ts");
      const { spoolSize } = await import("../../telemetry/lineage/spool.ts");
      const paths = statePaths(process.env);
      const waiting = spoolSize(paths);
      const json = args.json === true;
      if (waiting === 0) {
        if (json) print(JSON.stringify({ spool: paths.spool, sent: 0, rejected: 0, remaining: 0 }));
        else logger.info(`lineage: nothing to replay (${paths.spool} is empty)`);
        return 0;
      }
      const { resolveSource } = await import("../../telemetry/lineage/inspect/queries.ts");
      const { endpoint, note } = await resolveSource(queryOf(args));
      if (!endpoint) {
        throw usageError(
          `${waiting} spooled event${waiting === 1 ? "" : "s"} but nowhere to send them`,
          "set OPENLINEAGE_URL or pass --lineage-url (or open a hotpass net tunnel with a marquez forward)",
        );
      }
      if (note) logger.info(note, "lineage.source");
      const { drainSpool } = await import("../../telemetry/lineage/delivery.ts");
      const result = await drainSpool(endpoint, paths);
      const summary = { spool: paths.spool, endpoint: endpoint.lineageUrl, sent: result.sent, rejected: result.rejected.length, remaining: result.remaining, stopped: result.stopped };
      if (json) print(JSON.stringify(summary));
      else {
        logger.info(`lineage: sent ${result.sent} of ${waiting} spooled event${waiting === 1 ? "" : "s"} to ${endpoint.lineageUrl}`);
      }
      if (result.rejected.length > 0) {
        logger.warn(`lineage: ${result.rejected.length} rejected as invalid (HTTP ${result.rejected[0]!.status}); kept in ${paths.rejected}, not retried`);
      }
      if (result.remaining > 0) {
        throw new HotpassError(`${result.remaining} event${result.remaining === 1 ? "" : "s"} still spooled in ${paths.spool}: ${result.stopped}`, {
          hint: "run 'hotpass lineage replay' again once Marquez answers",
        });
      }
      return 0;
    }),
});
