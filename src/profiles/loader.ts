/**
 * Finds, parses and validates a profile. `nameOrPath` is a name (`aviation`), searched as
 * NAME.yaml/.yml/.json/.toml in each of `searchPaths` in order and then among the bundled
 * profiles, or a path to a profile file. No name means the bundled `generic` profile. Unknown
 * profiles, unreadable files, parse errors, unknown keys and wrong types are usage errors (exit 2)
 * naming the file, the key path and what was expected.
 *
 * @example
 * const profile = await loadProfile("aviation", ["./profiles"]);
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, extname, join, resolve } from "node:path";
import { usageError } from "../errors.ts";
import { BUNDLED_PROFILES } from "./bundled/index.ts";
import { validateProfile } from "./schema.ts";
import type { Profile } from "./types.ts";

const EXTENSIONS = [".yaml", ".yml", ".json", ".toml"];
export const DEFAULT_PROFILE = "generic";

function looksLikePath(value: string): boolean {
  return value.includes("/") || value.includes("\\") || EXTENSIONS.includes(extname(value).toLowerCase());
}

async function parseDocument(text: string, origin: string, extension: string): Promise<unknown> {
  try {
    if (extension === ".json") return JSON.parse(text);
    if (extension === ".toml") return (await import("smol-toml")).parse(text);
    const { parse } = await import("yaml");
    return parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const detail = (error as Error).message.split("\n")[0];
    throw usageError(`cannot parse profile ${origin}: ${detail}`, `fix the ${extension.slice(1).toUpperCase()} syntax of the profile`);
  }
}

async function loadFile(path: string): Promise<Profile> {
  const absolute = resolve(path);
  if (!existsSync(absolute) || !statSync(absolute).isFile()) {
    throw usageError(`profile file not found: ${path}`, "pass an existing profile file, or a profile name such as aviation");
  }
  const extension = extname(absolute).toLowerCase();
  if (!EXTENSIONS.includes(extension)) {
    throw usageError(`profile ${path}: unsupported file type ${extension || "(none)"}`, "use a .yaml, .yml, .json or .toml profile");
  }
  const text = await Bun.file(absolute).text();
  return validateProfile(await parseDocument(text, absolute, extension), absolute);
}

/** Every profile name visible from the search paths and the bundle, for the "unknown" message. */
export function availableProfiles(searchPaths: string[]): string[] {
  const names = new Set<string>();
  for (const dir of searchPaths) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir)) {
      const extension = extname(file).toLowerCase();
      if (EXTENSIONS.includes(extension)) names.add(basename(file, extname(file)));
    }
  }
  for (const name of Object.keys(BUNDLED_PROFILES)) names.add(name);
  return [...names].sort();
}

export async function loadProfile(nameOrPath: string | undefined, searchPaths: string[]): Promise<Profile> {
  const wanted = nameOrPath?.trim() || DEFAULT_PROFILE;
  if (looksLikePath(wanted)) return loadFile(wanted);
  for (const dir of searchPaths) {
    for (const extension of EXTENSIONS) {
      const candidate = join(dir, `${wanted}${extension}`);
      if (existsSync(candidate)) return loadFile(candidate);
    }
  }
  const bundled = BUNDLED_PROFILES[wanted];
  if (bundled !== undefined) return validateProfile(await parseDocument(bundled, `bundled:${wanted}`, ".yaml"), `bundled:${wanted}`);
  const searched = searchPaths.length > 0 ? ` in ${searchPaths.join(", ")} or` : "";
  throw usageError(
    `unknown profile '${wanted}': not found${searched} among the bundled profiles. Profiles found: ${availableProfiles(searchPaths).join(", ")}`,
    "pass --profile with one of those names, --profile-search-path DIR holding NAME.yaml, or a path to a profile file",
  );
}
