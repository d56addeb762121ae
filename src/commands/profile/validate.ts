/**
 * `hotpass profile validate FILE|NAME [--profile-search-path DIR]... [--json]`: exit 0 when the
 * profile is valid, 2 with the same messages refine would print when it is not.
 */
import { defineHotpassCommand } from "../../cli/command.ts";
import { EXIT_USAGE, HotpassError } from "../../errors.ts";
import { profileArgs } from "../_args.ts";

export default defineHotpassCommand({
  meta: { name: "validate", description: "Check a profile file or name: exit 0 when valid, 2 with every problem and its key path" },
  args: {
    profile: { type: "positional", description: "a profile file, or a name searched in --profile-search-path and then among the bundled profiles" },
    "profile-search-path": profileArgs["profile-search-path"],
    json: { type: "boolean", description: "print the verdict as JSON (problems as a list)" },
    debug: { type: "boolean", description: "show stack traces" },
  },
  async run({ args }) {
    const { validateProfile } = await import("../../profiles/index.ts");
    const verdict = await validateProfile(args.profile, args.profileSearchPath);
    if (args.json) {
      const { valid, origin } = verdict;
      const detail = verdict.valid
        ? { name: verdict.profile.name, display_name: verdict.profile.display_name, sources: verdict.profile.sources.length, problems: [] }
        : { problems: verdict.problems };
      console.log(JSON.stringify({ valid, origin: origin ?? null, ...detail }, null, 2));
      return verdict.valid ? 0 : 2;
    }
    if (!verdict.valid) throw new HotpassError(verdict.message, { exitCode: EXIT_USAGE, hint: verdict.hint, details: verdict.details });
    const { profile } = verdict;
    const sources = profile.sources.length === 1 ? "1 source" : `${profile.sources.length} sources`;
    console.log(`valid: ${profile.origin} (${profile.name}: ${profile.display_name}; ${sources})`);
    return 0;
  },
});
