/**
 * `initProject`: a working project folder — a profile (inferred from workbooks with `from`),
 * `data/`, `dist/`, `.hotpass/lookups/`, and a README section on what to run next. Refuses a
 * non-empty folder unless `force`; even then no existing file is overwritten (a profile name that
 * is taken gets a suffix; the README gains or updates only its own section). The profile written
 * is validated with the project's own validator before it is kept, and its JSON Schema is written
 * beside it for editors.
 *
 * @example
 * const result = await initProject({ dir: "leads", from: "exports" });
 * console.log(result.profilePath, result.next);
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve, sep } from "node:path";
import { HotpassError, usageError } from "../../errors.ts";
import { validateProfile } from "../../profiles/index.ts";
import { profileYaml } from "./emit.ts";
import { inferProfile, type Comment, type InferredProfile, type ProfileDocument } from "./infer.ts";
import { nextSteps, readmeSection, withSection } from "./readme.ts";
import { schemaHeader, writeSchema } from "./schema.ts";

export interface InitOptions {
  /** The project folder (created when missing). */
  dir: string;
  /** Infer the profile from the workbooks in this folder. */
  from?: string;
  /** Write into a non-empty folder (never overwriting a file). */
  force?: boolean;
  /** Profile name (default: the folder's name). */
  name?: string;
  maxUncompressedBytes?: number;
  cwd?: string;
}

export interface InitResult {
  dir: string;
  profilePath: string;
  readmePath: string;
  /** Every file and folder created, relative to `dir`. */
  created: string[];
  /** What the inference found (with `from`). */
  inferred?: Pick<InferredProfile, "sources" | "unused" | "uncertain">;
  /** The commands to run next, as printed in the README. */
  next: string[];
}

export async function initProject(options: InitOptions): Promise<InitResult> {
  const cwd = options.cwd ?? process.cwd();
  const dir = resolve(cwd, options.dir);
  refuseUnlessEmpty(dir, options.force === true);
  const name = profileName(options.name ?? basename(dir));
  const from = options.from === undefined ? undefined : resolve(cwd, options.from);

  const inferred = from ? await inferProfile(from, { name, maxUncompressedBytes: options.maxUncompressedBytes }) : undefined;
  const { document, comments } = inferred ?? starterProfile(name);

  const created: string[] = [];
  const folder = (path: string) => {
    if (!existsSync(join(dir, path))) {
      mkdirSync(join(dir, path), { recursive: true });
      created.push(`${path}/`);
    }
  };
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  for (const path of ["data", "dist", join(".hotpass", "lookups"), "profiles"]) folder(path);

  const profilePath = freePath(join(dir, "profiles"), name, ".yaml");
  await writeValidated(profilePath, profileYaml(document, comments, schemaHeader()));
  created.push(relative(dir, profilePath));
  const schema = await writeSchema(join(dir, "profiles"));
  if (schema) created.push(relative(dir, schema));

  const lookupsNote = join(dir, ".hotpass", "lookups", "README.md");
  if (!existsSync(lookupsNote)) {
    writeFileSync(lookupsNote, "Put `organizations.csv` (or `.xlsx`, `.json`) here: `hotpass enrich` fills empty cells from it by exact organisation name.\nColumns such as `organization_name, website, province, contact_email` are recognised by name.\n");
    created.push(relative(dir, lookupsNote));
  }

  const shown = (path: string) => {
    const rel = relative(dir, path);
    return rel === "" ? "." : rel.startsWith(`..${sep}`) || rel === ".." ? path : rel;
  };
  const inputDir = from ? shown(from) : "data";
  const steps = { profile: relative(dir, profilePath), inputDir, uncertain: inferred?.uncertain, inferredFrom: from ? inputDir : undefined };
  const readmePath = join(dir, "README.md");
  const hadReadme = existsSync(readmePath);
  writeAtomic(readmePath, withSection(hadReadme ? readFileSync(readmePath, "utf8") : undefined, readmeSection(steps)));
  if (!hadReadme) created.push("README.md");

  return {
    dir,
    profilePath,
    readmePath,
    created,
    inferred: inferred && { sources: inferred.sources, unused: inferred.unused, uncertain: inferred.uncertain },
    next: nextSteps(steps),
  };
}

function refuseUnlessEmpty(dir: string, force: boolean): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw usageError(`${dir} is a file, not a folder`, "choose a folder for the project");
  const entries = readdirSync(dir).sort();
  if (entries.length > 0 && !force) {
    throw usageError(
      `${dir} is not empty (${entries.slice(0, 5).join(", ")}${entries.length > 5 ? ", …" : ""})`,
      "choose an empty or new folder, or pass --force to add the project files to it (no existing file is overwritten)",
    );
  }
}

function profileName(text: string): string {
  const slug = text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return slug || "project";
}

/** `<dir>/<name><suffix>`, or `<name>-2<suffix>`, ... when taken. */
function freePath(dir: string, name: string, suffix: string): string {
  let path = join(dir, `${name}${suffix}`);
  for (let n = 2; existsSync(path); n++) path = join(dir, `${name}-${n}${suffix}`);
  return path;
}

/** Writes beside the target, validates it as the loader will, and only then renames it into place. */
async function writeValidated(path: string, text: string): Promise<void> {
  const temp = join(resolve(path, ".."), `.${basename(path, ".yaml")}.init-${process.pid}.yaml`);
  writeFileSync(temp, text);
  const verdict = await validateProfile(temp, []);
  if (!verdict.valid) {
    rmSync(temp, { force: true });
    throw new HotpassError(`the profile inferred for ${path} does not validate: ${verdict.problems.join("; ")}`, {
      hint: "this is a bug in hotpass init; start from 'hotpass init' without --from and edit the profile by hand",
    });
  }
  renameSync(temp, path);
}

function writeAtomic(path: string, text: string): void {
  const temp = `${path}.init-${process.pid}`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

/** Without workbooks to infer from: synonyms only, and where sources go. */
function starterProfile(name: string): { document: ProfileDocument; comments: Comment[] } {
  const document: ProfileDocument = {
    name,
    display_name: name,
    country_code: "ZA",
    fuzzy_threshold: 0.85,
    sources: [],
    column_synonyms: {
      organization_name: ["organisation name", "organization name", "company", "company name", "account name"],
      website: ["website", "web", "url"],
      contact_email: ["email", "e-mail", "email address"],
      contact_phone: ["phone", "telephone", "mobile", "cell"],
    },
  };
  const comments: Comment[] = [
    { path: ["country_code"], text: "default region for phone numbers" },
    {
      path: ["sources"],
      before: true,
      text: "one entry per workbook family, e.g.\n   - label: CRM export\n     key: crm\n     pattern: \"CRM*\"\n     priority: 2\n     sheets:\n       - name: Accounts\n         columns: { organization_name: Account Name, website: Web }\n or run 'hotpass init --from DATA_DIR --force .' to infer them from your workbooks",
    },
    { path: ["column_synonyms"], before: true, text: "how headers of workbooks no source claims map to fields (case, spaces and punctuation ignored)" },
  ];
  return { document, comments };
}
