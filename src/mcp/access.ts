/**
 * Who the MCP server lets do what. The role is fixed when the server starts (`--role`, or the
 * `role:` of a `--policy` file) and never taken from a call:
 *
 * - observer: read-only (reports, provenance, runs, lineage, profiles, tunnel status);
 * - operator: also refine and enrich, offline;
 * - admin: also enrich with network research.
 *
 * A policy file (YAML or JSON) holds `role:` and optionally `roots:` (folders, relative to the
 * file), so the person who sets the server up, not the agent, decides what it may do.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { usageError } from "../errors.ts";

export const ROLES = ["observer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** True when `role` includes everything `needed` may do. */
export function allows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export interface Access {
  role: Role;
  /** Root folders from the policy file (absolute), before the --root flags. */
  roots: string[];
  /** Where the role came from, for the refusal messages ("--role observer", "policy FILE"). */
  origin: string;
}

/** The role and roots from the command line; a usage error (exit 2) when they contradict. */
export async function resolveAccess(input: { role?: string; policy?: string; cwd?: string }): Promise<Access> {
  const cwd = input.cwd ?? process.cwd();
  if (input.policy === undefined) {
    const role = input.role ?? "observer";
    return { role: roleOf(role, "--role"), roots: [], origin: input.role === undefined ? "the default role observer" : `--role ${role}` };
  }
  const path = resolve(cwd, input.policy);
  const policy = await readPolicy(path);
  if (input.role !== undefined && input.role !== policy.role) {
    throw usageError(`--role ${input.role} contradicts the policy file ${input.policy} (role: ${policy.role})`, "give only one of --role and --policy");
  }
  return { role: policy.role, roots: policy.roots.map((root) => resolve(dirname(path), root)), origin: `the policy file ${input.policy}` };
}

function roleOf(value: unknown, where: string): Role {
  if (typeof value === "string" && (ROLES as readonly string[]).includes(value)) return value as Role;
  throw usageError(`${where}: unknown role '${String(value)}'`, `use one of ${ROLES.join(", ")}`);
}

async function readPolicy(path: string): Promise<{ role: Role; roots: string[] }> {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw usageError(`policy file not found: ${path}`, "give a YAML or JSON file with role: observer|operator|admin");
  }
  let document: unknown;
  try {
    const text = await Bun.file(path).text();
    document = path.endsWith(".json") ? JSON.parse(text) : (await import("yaml")).parse(text);
  } catch (error) {
    throw usageError(`cannot parse policy file ${path}: ${(error as Error).message.split("\n")[0]}`, "fix its YAML or JSON syntax");
  }
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    throw usageError(`policy file ${path}: expected a mapping with role: and roots:`, "e.g. role: operator");
  }
  const { role, roots = [], ...rest } = document as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw usageError(`policy file ${path}: unknown key ${unknown.map((k) => `'${k}'`).join(", ")}`, "a policy holds role: and roots: only");
  if (role === undefined) throw usageError(`policy file ${path}: role: is missing`, `set role: to one of ${ROLES.join(", ")}`);
  if (!Array.isArray(roots) || roots.some((root) => typeof root !== "string" || root === "")) {
    throw usageError(`policy file ${path}: roots: must be a list of folders`, "e.g. roots: [data, dist]");
  }
  return { role: roleOf(role, `policy file ${path}: role:`), roots: roots as string[] };
}
