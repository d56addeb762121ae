/** Builds what every answer needs, once, from the command's resolved flags. */
import type { Context } from "./api.ts";
import { profileNames, type DashboardSettings, type Env } from "./data.ts";
import { Folders } from "./paths.ts";
import { TableCache } from "./tables.ts";

export interface ContextInput {
  distDirs: string[];
  roots: string[];
  settings: DashboardSettings;
  env: Env;
  allowRun: boolean;
  searchPath: string[];
}

export function createContext(input: ContextInput): Context {
  const dists = new Folders(input.distDirs);
  return {
    dists,
    roots: new Folders([...input.distDirs, ...input.roots]),
    tables: new TableCache(),
    settings: input.settings,
    env: input.env,
    allowRun: input.allowRun,
    profiles: () => profileNames(input.searchPath),
  };
}
