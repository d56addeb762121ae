/**
 * The first lines of a profile `hotpass init` writes: the schema editors use to complete and check
 * it (the YAML language server reads `yaml-language-server: $schema=`).
 */
export const PROFILE_SCHEMA_URL = "https://raw.githubusercontent.com/hotpass/hotpass/main/schemas/profile.schema.json";

export function schemaHeader(_profilePath: string): string[] {
  return [`yaml-language-server: $schema=${PROFILE_SCHEMA_URL}`, "Written by hotpass init. Guesses that need a look are marked CHECK."];
}
