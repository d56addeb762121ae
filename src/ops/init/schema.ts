/**
 * The profile's JSON Schema beside the profile `hotpass init` writes, and the first line that
 * points editors at it (the YAML language server reads `yaml-language-server: $schema=`, relative
 * to the profile file). The schema is the binary's own (`hotpass profile schema`), so it matches the
 * validator that will read the profile.
 */
import { existsSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { profileJsonSchema } from "../../profiles/index.ts";

export const SCHEMA_FILE = "profile.schema.json";

export function schemaHeader(): string[] {
  return [`yaml-language-server: $schema=./${SCHEMA_FILE}`, "Written by hotpass init. Guesses that need a look are marked CHECK."];
}

/** Writes the schema into `folder` unless a file of that name is there already; returns its path when written. */
export async function writeSchema(folder: string): Promise<string | undefined> {
  const path = join(folder, SCHEMA_FILE);
  if (existsSync(path)) return undefined;
  const temp = `${path}.init-${process.pid}`;
  writeFileSync(temp, `${JSON.stringify(await profileJsonSchema(), null, 2)}\n`);
  renameSync(temp, path);
  return path;
}
