/**
 * CONTRACT: find and validate a profile. `nameOrPath` is a bundled or searched name (`aviation`)
 * or a file path; `searchPaths` are searched in order before the bundled profiles. Unknown
 * profiles, unknown keys and wrong types are usage errors (exit 2) naming the file, the key path
 * and what was expected.
 */
import { HotpassError } from "../errors.ts";
import type { Profile } from "./types.ts";

export async function loadProfile(_nameOrPath: string | undefined, _searchPaths: string[]): Promise<Profile> {
  throw new HotpassError("the profile loader is not built yet");
}
