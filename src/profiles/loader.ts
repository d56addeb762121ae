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
import { extname, join, resolve } from "node:path";
import { usageError } from "../errors.ts";
import { BUNDLED_PROFILES, VALIDATED_BUNDLED_PROFILES } from "./bundled/index.ts";
import { InvalidProfileError } from "./invalid.ts";
import type { Profile } from "./types.ts";

/** In the order a name is tried within one folder. */
const EXTENSIONS = [".yaml", ".yml", ".json", ".toml"];
export const DEFAULT_PROFILE = "generic";

/** A profile `--profile NAME` can reach: a file on the search path or a bundled profile. */
export interface ProfileCandidate {
  name: string;
  /** The file's path, or `bundled:<name>`. */
  origin: string;
}

function looksLikePath(value: string): boolean {
  return value.includes("/") || value.includes("\\") || EXTENSIONS.includes(extname(value).toLowerCase());
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/**
 * Every profile on the search path and in the bundle, in the order names are resolved: folder by
 * folder, within a folder by extension order, the bundled ones last. The first of a name wins.
 */
export function profileCandidates(searchPaths: readonly string[]): ProfileCandidate[] {
  const found: ProfileCandidate[] = [];
  for (const dir of searchPaths) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    const files = readdirSync(dir).sort();
    for (const extension of EXTENSIONS) {
      for (const file of files) {
        if (!file.endsWith(extension) || file.length === extension.length) continue;
        const path = join(dir, file);
        if (isFile(path)) found.push({ name: file.slice(0, -extension.length), origin: path });
      }
    }
  }
  for (const name of Object.keys(BUNDLED_PROFILES).sort()) found.push({ name, origin: `bundled:${name}` });
  return found;
}

/** Every profile name visible from the search paths and the bundle, for the "unknown" message. */
export function availableProfiles(searchPaths: readonly string[]): string[] {
  return [...new Set(profileCandidates(searchPaths).map((candidate) => candidate.name))].sort();
}

async function parseDocument(text: string, origin: string, extension: string): Promise<unknown> {
  try {
    if (extension === ".json") return JSON.parse(text);
    if (extension === ".toml") return (await import("smol-toml")).parse(text);
    const { parse } = await import("yaml");
    return parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const detail = (error as Error).message.split("\n")[0];
    const syntax = extension.slice(1).toUpperCase();
    throw new InvalidProfileError(origin, [`${syntax} syntax: ${detail}`], `cannot parse profile ${origin}: ${detail}`, `fix the ${syntax} syntax of the profile`);
  }
}

/** zod is loaded with the first profile, not at start-up. */
async function validated(document: unknown, origin: string): Promise<Profile> {
  const { parseProfile } = await import("./parse.ts");
  return parseProfile(document, origin);
}

async function loadFile(path: string): Promise<Profile> {
  const absolute = resolve(path);
  if (!isFile(absolute)) {
    throw usageError(`profile file not found: ${path}`, "pass an existing profile file, or a profile name such as aviation");
  }
  const extension = extname(absolute).toLowerCase();
  if (!EXTENSIONS.includes(extension)) {
    throw usageError(`profile ${path}: unsupported file type ${extension || "(none)"}`, "use a .yaml, .yml, .json or .toml profile");
  }
  const text = await Bun.file(absolute).text();
  return validated(await parseDocument(text, absolute, extension), absolute);
}

export async function loadProfile(nameOrPath: string | undefined, searchPaths: readonly string[]): Promise<Profile> {
  const wanted = nameOrPath?.trim() || DEFAULT_PROFILE;
  if (looksLikePath(wanted)) return loadFile(wanted);
  for (const dir of searchPaths) {
    for (const extension of EXTENSIONS) {
      const candidate = join(dir, `${wanted}${extension}`);
      if (existsSync(candidate)) return loadFile(candidate);
    }
  }
  // Validated when the binary was built (bundled/validated.ts); each caller gets its own copy.
  const bundled = VALIDATED_BUNDLED_PROFILES[wanted];
  if (bundled !== undefined) return structuredClone(bundled);
  const searched = searchPaths.length > 0 ? ` in ${searchPaths.join(", ")} or` : "";
  throw usageError(
    `unknown profile '${wanted}': not found${searched} among the bundled profiles. Profiles found: ${availableProfiles(searchPaths).join(", ")}`,
    "pass --profile with one of those names, --profile-search-path DIR holding NAME.yaml, or a path to a profile file",
  );
}
