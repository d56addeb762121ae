/**
 * `hotpass init [DIR] [--from DATA_DIR] [--force]`: a working project folder, with a profile
 * inferred from the workbooks in DATA_DIR. Thin: the work is in src/ops/init/.
 */
import { defineHotpassCommand } from "../cli/command.ts";

export default defineHotpassCommand({
  meta: { name: "init", description: "Create a project folder: a profile (inferred from your workbooks with --from), data/, dist/ and next steps" },
  args: {
    dir: { type: "positional", required: false, default: ".", description: "the project folder (default: the current folder)" },
    from: { type: "string", valueHint: "dir", description: "infer the profile from the workbooks in this folder" },
    force: { type: "boolean", description: "write into a non-empty folder (no existing file is overwritten)" },
    debug: { type: "boolean", description: "show stack traces" },
  },
  async run({ args }) {
    const { initProject } = await import("../ops/init/index.ts");
    const result = await initProject({ dir: args.dir ?? ".", from: args.from, force: args.force === true });
    console.log(`project ${result.dir}: created ${result.created.join(", ") || "nothing new"}`);
    if (result.inferred) {
      const { sources, unused, uncertain } = result.inferred;
      console.log(`inferred ${sources.length} source(s):`);
      for (const source of sources) {
        console.log(`  ${source.label} (${source.pattern}, ${source.files.length} file(s)): ${source.sheets.join(" + ")}${source.skipped.length ? `; not read: ${source.skipped.join(", ")}` : ""}`);
      }
      for (const file of unused) console.log(`  not used: ${file.file} (${file.reason})`);
      console.log(`${uncertain} guess(es) marked CHECK in ${result.profilePath}: read them, and set each source's priority`);
    }
    console.log("next:");
    for (const step of result.next) console.log(`  ${step}`);
    return 0;
  },
});
