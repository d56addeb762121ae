/**
 * `hotpass explain-provenance --dataset FILE --row-id SLUG [--json]`: every provenance value
 * recorded for one organisation, from refine and from enrichment.
 */
import { defineHotpassCommand } from "../cli/command.ts";

export default defineHotpassCommand({
  meta: { name: "explain-provenance", description: "Show where every value of one organisation came from" },
  args: {
    dataset: { type: "string", required: true, valueHint: "file", description: "refined or enriched table (.xlsx, .csv, .parquet, .json)" },
    "row-id": { type: "string", required: true, valueHint: "slug", description: "the organisation's organization_slug" },
    json: { type: "boolean", description: "print one JSON object instead of text" },
    debug: { type: "boolean", description: "show stack traces" },
  },
  async run({ args }) {
    const { explainProvenance, renderExplanation } = await import("../enrich/explain.ts");
    const explanation = await explainProvenance(args.dataset, args.rowId);
    console.log(args.json ? JSON.stringify(explanation, null, 2) : renderExplanation(explanation));
    return 0;
  },
});
