/**
 * `hotpass contracts emit [--format frictionless|jsonschema] [--profile ...] [--output FILE]`:
 * the contract as a schema document, on stdout or written atomically to FILE.
 */
import { defineHotpassCommand } from "../../cli/command.ts";
import { contractArgs, contractFor, FORMATS } from "./_common.ts";

export default defineHotpassCommand({
  meta: { name: "emit", description: "Print the refined table's contract as a Frictionless Table Schema or a JSON Schema" },
  args: {
    ...contractArgs,
    format: { type: "enum", options: FORMATS, default: "frictionless", description: "frictionless (Table Schema) or jsonschema (draft-07, the table as an array of rows)" },
    output: { type: "string", valueHint: "file", description: "write the schema to this file (atomically) instead of stdout" },
  },
  async run({ args }) {
    const { emitContract } = await import("../../contracts/index.ts");
    const text = `${JSON.stringify(emitContract(await contractFor(args), args.format), null, 2)}\n`;
    const { output } = args;
    if (!output) {
      process.stdout.write(text);
      return 0;
    }
    const { withAtomicBatch } = await import("../../pipeline/write/atomic.ts");
    await withAtomicBatch((batch) => batch.write(output, text));
    process.stderr.write(`wrote ${output}\n`);
    return 0;
  },
});
