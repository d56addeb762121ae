/**
 * The read tools about the set-up rather than the data: which profiles there are, whether a
 * profile file is valid, and which `hotpass net` tunnels are up.
 */
import { z } from "zod";
import { isHotpassError } from "../../errors.ts";
import { listProfiles, netStatus, validateProfile } from "../library.ts";
import { READ_ONLY, defineTool } from "../tool.ts";

const profileEntry = z.object({
  name: z.string(),
  origin: z.string().describe("bundled:<name>, or the profile file's path"),
  display_name: z.string(),
  country_code: z.string(),
  sources: z.number().int().describe("source sheets the profile declares"),
});

export const listProfilesTool = defineTool({
  name: "hotpass_list_profiles",
  title: "List profiles",
  description:
    "Lists the profiles hotpass_refine and hotpass_enrich accept by name: the bundled ones and those in the server's " +
    "--profile-search-path folders, with their display name, default country and number of declared sources.",
  role: "observer",
  input: z.strictObject({}),
  output: z.object({ profiles: z.array(profileEntry), problems: z.array(z.string()).describe("profiles found but not valid") }),
  annotations: READ_ONLY,
  async run(_args, context) {
    const { profiles, problems } = await listProfiles(context.settings.profileSearchPath);
    const lines = profiles.map((p) => `${p.name}  ${p.display_name}  ${p.country_code}  ${p.sources} sources  (${p.origin})`);
    return { structured: { profiles, problems }, text: [...lines, ...problems.map((p) => `invalid: ${p}`)].join("\n") };
  },
});

export const validateProfileTool = defineTool({
  name: "hotpass_validate_profile",
  title: "Validate a profile",
  description:
    "Checks a profile (a .yaml/.yml/.json/.toml file under the server's folders, or a profile name) against the profile " +
    "schema. Answers valid: true with what it declares, or valid: false with the message naming the key path and what was expected.",
  role: "observer",
  input: z.strictObject({
    profile: z.string().min(1).describe("a profile file path, or a name such as aviation"),
  }),
  output: z.object({
    valid: z.boolean(),
    profile: profileEntry.optional(),
    error: z.string().optional(),
    hint: z.string().optional(),
  }),
  annotations: READ_ONLY,
  async run(args, context) {
    const looksLikePath = /[\\/]|\.(ya?ml|json|toml)$/i.test(args.profile);
    const target = looksLikePath ? context.roots.resolve(args.profile, "profile", { exists: true }) : args.profile;
    try {
      const profile = await validateProfile(target, context.settings.profileSearchPath);
      return { structured: { valid: true, profile }, text: `${args.profile}: valid (${profile.name}, ${profile.sources} sources)` };
    } catch (error) {
      if (!isHotpassError(error)) throw error;
      const answer = { valid: false, error: error.message, ...(error.hint ? { hint: error.hint } : {}) };
      return { structured: answer, text: `${args.profile}: not valid: ${error.message}` };
    }
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
