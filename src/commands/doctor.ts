/**
 * `hotpass doctor`: is this set-up ready for a run? One line per check (PASS / WARN / FAIL and
 * what to do); exit 0 when nothing failed, 1 otherwise. Thin: the checks live in src/ops/doctor/.
 */
import { defineHotpassCommand } from "../cli/command.ts";
import { colourEnabled } from "../cli/colour.ts";
import { EXIT_RUNTIME } from "../errors.ts";
import { lineageInputs, profileArgs, observabilityArgs, telemetryInputs } from "./_args.ts";

export default defineHotpassCommand({
  meta: { name: "doctor", description: "Check the profile, folders, collector, Marquez, spool, tunnels and known_hosts before a run" },
  args: {
    "input-dir": { type: "string", default: "./data", valueHint: "dir", description: "the input folder a refine would read" },
    "output-path": { type: "string", default: "dist/refined.xlsx", valueHint: "file", description: "the output a refine would write (its folder is checked)" },
    "dist-dir": { type: "string", valueHint: "dir", description: "the dist folder a refine would write (default: the output's folder)" },
    bastion: { type: "string", valueHint: "host[:port]", description: "the SSH bastion whose key known_hosts must hold (default HOTPASS_NET_HOST)" },
    "known-hosts": { type: "string", repeatable: true, valueHint: "file", description: "also trust keys in FILE (repeatable), as net up does" },
    json: { type: "boolean", description: "print {checks:[{name,status,message,fix}], passed, warnings, failed} as JSON" },
    debug: { type: "boolean", description: "show stack traces" },
    ...profileArgs,
    ...observabilityArgs,
  },
  async run({ args, given }) {
    const { runDoctor, summarise } = await import("../ops/doctor/index.ts");
    const checks = await runDoctor({
      profile: args.profile,
      profileSearchPath: args.profileSearchPath,
      inputDir: args.inputDir,
      outputPath: args.outputPath,
      distDir: args.distDir,
      telemetry: telemetryInputs(args, given),
      lineage: lineageInputs(args, given),
      bastion: args.bastion,
      knownHosts: args.knownHosts,
    });
    const counts = summarise(checks);
    if (args.json) {
      console.log(JSON.stringify({ checks, ...counts }, null, 2));
    } else {
      const colour = colourEnabled(1);
      const paint = { pass: "\u001b[32mPASS\u001b[0m", warn: "\u001b[33mWARN\u001b[0m", fail: "\u001b[31mFAIL\u001b[0m" };
      const width = Math.max(...checks.map((c) => c.name.length));
      for (const check of checks) {
        const label = colour ? paint[check.status] : check.status.toUpperCase();
        console.log(`${label}  ${check.name.padEnd(width)}  ${check.message}${check.fix && check.status !== "pass" ? ` — ${check.fix}` : ""}`);
      }
      console.log(`doctor: ${counts.passed} passed, ${counts.warnings} warning(s), ${counts.failed} failed`);
    }
    return counts.failed > 0 ? EXIT_RUNTIME : 0;
  },
});
