/**
 * The credentials a tunnel offers, in the documented order: the `--identity` key when given;
 * otherwise the SSH agent (SSH_AUTH_SOCK) and then the default keys in ~/.ssh. Keys are parsed
 * here (OpenSSH or PEM), so a wrong passphrase is reported before any connection is made.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { AuthMethod, ParsedKey } from "ssh2";
import { HotpassError, usageError } from "../errors.ts";
import { sshDir } from "./paths.ts";

export interface AuthMaterial {
  keys: { path: string; key: ParsedKey }[];
  agent?: string;
  /** What was tried, for the "authentication failed" message. */
  describe: string[];
}

const DEFAULT_KEYS = ["id_ed25519", "id_ecdsa", "id_rsa"];

type KeyParse = { key: ParsedKey } | { encrypted: true } | { error: string };

async function parseKeyFile(path: string, passphrase: string | undefined): Promise<KeyParse> {
  const { utils } = await import("ssh2");
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (error) {
    return { error: (error as Error).message };
  }
  const parsed = utils.parseKey(data, passphrase);
  if (parsed instanceof Error) {
    if (/encrypted/i.test(parsed.message) && /passphrase|no passphrase/i.test(parsed.message) && !passphrase) {
      return { encrypted: true };
    }
    return { error: parsed.message };
  }
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key?.isPrivateKey()) return { error: "not a private key" };
  return { key };
}

/** Whether the key file needs a passphrase (used before deciding to prompt). */
export async function keyNeedsPassphrase(path: string): Promise<boolean> {
  return "encrypted" in (await parseKeyFile(path, undefined));
}

/**
 * Loads the identity (or the agent and default keys). `passphrase` comes from
 * HOTPASS_SSH_PASSPHRASE or the prompt; it is held in memory only.
 */
export async function loadAuth(
  options: { identity?: string; passphrase?: string },
  env: Record<string, string | undefined> = process.env,
): Promise<AuthMaterial> {
  if (options.identity) {
    const path = options.identity;
    if (!existsSync(path)) throw usageError(`identity file not found: ${path}`, "pass an existing private key with --identity");
    const result = await parseKeyFile(path, options.passphrase);
    if ("encrypted" in result) {
      throw usageError(`the key ${path} is encrypted and no passphrase was given`, "set HOTPASS_SSH_PASSPHRASE or run on a terminal to be asked");
    }
    if ("error" in result) {
      const wrong = options.passphrase !== undefined && /passphrase|decrypt|bad/i.test(result.error);
      throw usageError(
        wrong ? `wrong passphrase for the key ${path}` : `cannot read the key ${path}: ${result.error}`,
        wrong ? "check HOTPASS_SSH_PASSPHRASE" : "--identity takes an OpenSSH or PEM private key",
      );
    }
    return { keys: [{ path, key: result.key }], describe: [`key ${path}`] };
  }
  const material: AuthMaterial = { keys: [], describe: [] };
  if (env.SSH_AUTH_SOCK) {
    material.agent = env.SSH_AUTH_SOCK;
    material.describe.push("the SSH agent");
  }
  for (const name of DEFAULT_KEYS) {
    const path = join(sshDir(env), name);
    if (!existsSync(path)) continue;
    const result = await parseKeyFile(path, options.passphrase);
    if ("key" in result) {
      material.keys.push({ path, key: result.key });
      material.describe.push(`key ${path}`);
    }
  }
  if (!material.agent && material.keys.length === 0) {
    throw new HotpassError("no SSH credentials: no --identity, no SSH agent (SSH_AUTH_SOCK) and no usable key in ~/.ssh", {
      exitCode: 2,
      hint: "pass --identity FILE",
    });
  }
  return material;
}

/** A fresh ssh2 authHandler list (ssh2 consumes it as it goes, so one per connection). */
export function authMethods(material: AuthMaterial, username: string): AuthMethod[] {
  const methods: AuthMethod[] = [];
  if (material.agent) methods.push({ type: "agent", username, agent: material.agent } as AuthMethod);
  for (const { key } of material.keys) methods.push({ type: "publickey", username, key } as AuthMethod);
  return methods;
}
