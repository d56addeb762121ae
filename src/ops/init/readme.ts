/** The README section `hotpass init` writes: what was made, and what to run next. */
export const SECTION_START = "<!-- hotpass:init -->";
export const SECTION_END = "<!-- /hotpass:init -->";

export interface NextSteps {
  profile: string;
  inputDir: string;
  /** How many guesses in the profile are marked CHECK (inferred profiles only). */
  uncertain?: number;
  inferredFrom?: string;
}

export function nextSteps({ profile, inputDir }: NextSteps): string[] {
  return [
    `hotpass doctor --profile ${profile} --input-dir ${inputDir}`,
    `hotpass refine --profile ${profile} --input-dir ${inputDir} --output-path dist/refined.xlsx`,
    `hotpass enrich --profile ${profile} --input dist/refined.xlsx --output dist/enriched.xlsx`,
    `hotpass qa dist/enriched.xlsx --profile ${profile} --qa-mode strict`,
  ];
}

export function readmeSection(steps: NextSteps): string {
  const [doctor, refine, enrich, qa] = nextSteps(steps);
  const origin = steps.inferredFrom
    ? `The profile \`${steps.profile}\` was inferred from the workbooks in \`${steps.inferredFrom}\`: ${steps.uncertain ?? 0} guess(es) in it are marked \`CHECK\` — read those first, and set each source's \`priority\` (higher wins a conflict).`
    : `The profile \`${steps.profile}\` is a starting point: add a source per workbook family (see the comments in it), or run \`hotpass init --from DATA_DIR --force .\` to infer one from your workbooks.`;
  return [
    SECTION_START,
    "## Hotpass: what to run next",
    "",
    origin,
    "",
    "1. Check the set-up (profile, folders, collector, Marquez):",
    "   ```sh",
    `   ${doctor}`,
    "   ```",
    "2. Refine the workbooks into one table (the quality report lands beside it in `dist/`):",
    "   ```sh",
    `   ${refine}`,
    "   ```",
    "3. Fill gaps offline (put a lookup table in `.hotpass/lookups/organizations.csv` first, if you have one):",
    "   ```sh",
    `   ${enrich}`,
    "   ```",
    "4. Check the final table against the profile's expectations, as a CI step would:",
    "   ```sh",
    `   ${qa}`,
    "   ```",
    SECTION_END,
    "",
  ].join("\n");
}

/** Puts the section into an existing README: replaces an earlier one, or appends it. */
export function withSection(existing: string | undefined, section: string): string {
  if (existing === undefined) return `# Hotpass project\n\n${section}`;
  const start = existing.indexOf(SECTION_START);
  const end = existing.indexOf(SECTION_END);
  if (start >= 0 && end > start) return `${existing.slice(0, start)}${section.trimEnd()}${existing.slice(end + SECTION_END.length)}`;
  return `${existing.replace(/\s*$/, "\n\n")}${section}`;
}
