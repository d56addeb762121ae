/**
 * Where `net` keeps its files: tunnels.json under the config folder (HOTPASS_CONFIG_DIR, else
 * $XDG_CONFIG_HOME/hotpass, else ~/.config/hotpass) and one log per tunnel under the state folder
 * ($XDG_STATE_HOME/hotpass/tunnels, else ~/.local/state/hotpass/tunnels).
 */
import { homedir } from "node:os";
import { join, resolve } from "node:path";

type Env = Record<string, string | undefined>;

function home(env: Env): string {
  return env.HOME || homedir();
}

export function configDir(env: Env = process.env): string {
  if (env.HOTPASS_CONFIG_DIR) return resolve(env.HOTPASS_CONFIG_DIR);
  const base = env.XDG_CONFIG_HOME || join(home(env), ".config");
  return resolve(base, "hotpass");
}

export function tunnelsFile(env: Env = process.env): string {
  return join(configDir(env), "tunnels.json");
}

export function tunnelLogDir(env: Env = process.env): string {
  const base = env.XDG_STATE_HOME || join(home(env), ".local", "state");
  return resolve(base, "hotpass", "tunnels");
}

export function sshDir(env: Env = process.env): string {
  return join(home(env), ".ssh");
}
