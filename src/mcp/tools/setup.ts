/**
 * The read tools about the set-up rather than the data: which profiles there are, whether a
 * profile file is valid, whether a refine would find what it needs (doctor), and which
 * `hotpass net` tunnels are up.
 */
import { z } from "zod";
import { listProfiles, netStatus, runDoctor, validateProfile } from "../library.ts";
import { READ_ONLY, defineTool } from "../tool.ts";

const listing = z.object({
  name: z.string(),
  origin: z.string().describe("bundled:<name>, or the profile file's path"),
  display_name: z.string().optional().describe("absent when the profile does not load"),
  shadowed_by: z.string().optional().describe("the profile of the same name that a refine loads instead"),
  problem: z.string().optional().describe("why the profile does not load"),
});

export const listProfilesTool = defineTool({
  name: "hotpass_list_profiles",
  title: "List profiles",
  description:
    "Lists the profiles hotpass_refine and hotpass_enrich accept by name: those in the server's --profile-search-path " +
    "folders, then the bundled ones, each with its display name, or the problem that keeps it from loading.",
  role: "observer",
  input: z.strictObject({}),
  output: z.object({ profiles: z.array(listing) }),
  annotations: READ_ONLY,
  async run(_args, context) {
    const profiles = await listProfiles(context.settings.profileSearchPath);
    const lines = profiles.map(
      (p) => `${p.name}  ${p.display_name ?? "(invalid)"}  (${p.origin})${p.shadowed_by ? `  shadowed by ${p.shadowed_by}` : ""}${p.problem ? `: ${p.problem}` : ""}`,
    );
    return { structured: { profiles }, text: lines.join("\n") };
  },
});

export const validateProfileTool = defineTool({
  name: "hotpass_validate_profile",
  title: "Validate a profile",
  description:
    "Checks a profile (a .yaml/.yml/.json/.toml file under the server's folders, or a profile name) against the profile " +
    "schema. Answers valid: true with what it declares, or valid: false with one problem per line (key path: what was expected).",
  role: "observer",
  input: z.strictObject({
    profile: z.string().min(1).describe("a profile file path, or a name such as aviation"),
  }),
  output: z.object({
    valid: z.boolean(),
    origin: z.string().optional().describe("the file or bundled profile checked"),
    profile: z.object({ name: z.string(), display_name: z.string(), country_code: z.string(), sources: z.number().int() }).optional(),
    problems: z.array(z.string()).optional(),
    message: z.string().optional().describe("the whole message, as hotpass profile validate prints it"),
    hint: z.string().optional(),
  }),
  annotations: READ_ONLY,
  async run(args, context) {
    const looksLikePath = /[\\/]|\.(ya?ml|json|toml)$/i.test(args.profile);
    const target = looksLikePath ? context.roots.resolve(args.profile, "profile", { exists: true }) : args.profile;
    const verdict = await validateProfile(target, context.settings.profileSearchPath);
    if (verdict.valid) {
      const p = verdict.profile;
      const profile = { name: p.name, display_name: p.display_name, country_code: p.country_code, sources: p.sources.length };
      return { structured: { valid: true, origin: verdict.origin, profile }, text: `${args.profile}: valid (${p.name}, ${profile.sources} sources)` };
    }
    const { valid, origin, problems, message, hint } = verdict;
    return {
      structured: { valid, ...(origin ? { origin } : {}), problems, message, ...(hint ? { hint } : {}) },
      text: [`${args.profile}: not valid`, ...problems.map((problem) => `  ${problem}`)].join("\n"),
    };
  },
});

export const doctorTool = defineTool({
  name: "hotpass_doctor",
  title: "Check the set-up before a run",
  description:
    "Runs hotpass doctor's checks for a refine of input_dir into output_path: the profile, the input against the " +
    "profile's sources, that the output folders are writable with free space, the server's telemetry collector and " +
    "Marquez (as configured when the server started), the lineage spool, and the hotpass net tunnels. Each check " +
    "answers pass, warn or fail with what to do; a failed check is an answer, not an error.",
  role: "observer",
  input: z.strictObject({
    input_dir: z.string().min(1).default("data").describe("folder of workbooks a refine would read"),
    output_path: z.string().min(1).default("dist/refined.xlsx").describe("the table a refine would write"),
    dist_dir: z.string().min(1).optional().describe("folder for reports (default: the output's folder)"),
    profile: z.string().min(1).optional().describe("profile name or file; default generic"),
  }),
  output: z.object({
    checks: z.array(z.object({ name: z.string(), status: z.enum(["pass", "warn", "fail"]), message: z.string(), fix: z.string().optional() })),
    passed: z.number().int(),
    warnings: z.number().int(),
    failed: z.number().int(),
  }),
  // Reads only (the writability probe leaves nothing behind), but asks the configured collector,
  // Marquez and bastions, which are elsewhere.
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async run(args, context) {
    const { roots } = context;
    const inputDir = roots.resolve(args.input_dir, "input_dir");
    const outputPath = roots.resolve(args.output_path, "output_path");
    const distDir = args.dist_dir === undefined ? undefined : roots.resolve(args.dist_dir, "dist_dir");
    const profile = args.profile !== undefined && /[\\/]|\.(ya?ml|json|toml)$/i.test(args.profile) ? roots.resolve(args.profile, "profile", { exists: true }) : args.profile;
    const result = await runDoctor({ inputDir, outputPath, distDir, profile }, context.settings);
    const lines = result.checks.map((c) => `${c.status.padEnd(4)}  ${c.name}: ${c.message}${c.fix ? ` (${c.fix})` : ""}`);
    lines.push(`${result.passed} passed, ${result.warnings} warnings, ${result.failed} failed`);
    return { structured: result, text: lines.join("\n") };
  },
});

export const netStatusTool = defineTool({
  name: "hotpass_net_status",
  title: "Show hotpass net tunnels",
  description:
    "Lists the SSH tunnels `hotpass net up` holds on this machine (label, bastion, forwards with their local ports, PID, " +
    "alive or stale, reconnects). A live tunnel named marquez is where the lineage tools read from when no URL is configured.",
  role: "observer",
  input: z.strictObject({}),
  output: z.object({
    path: z.string().describe("the tunnels.json read"),
    tunnels: z.array(
      z.object({
        label: z.string(),
        host: z.string(),
        port: z.number(),
        user: z.string(),
        pid: z.number(),
        alive: z.boolean(),
        state: z.string(),
        created_at: z.string(),
        reconnects: z.number(),
        forwards: z.array(z.object({ name: z.string(), local_port: z.number(), remote_host: z.string(), remote_port: z.number() })),
      }),
    ),
  }),
  annotations: READ_ONLY,
  async run(_args, context) {
    const status = await netStatus(context.settings.env);
    const lines = status.tunnels.map(
      (t) => `${t.label}  ${t.user}@${t.host}:${t.port}  PID ${t.pid}  ${t.state}  ${t.forwards.map((f) => `${f.name} 127.0.0.1:${f.local_port}`).join(", ")}`,
    );
    return { structured: status, text: lines.length === 0 ? "no tunnels" : lines.join("\n") };
  },
});
