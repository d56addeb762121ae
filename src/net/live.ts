/**
 * For other commands: where a live tunnel forwards a named service on this machine.
 *
 * @example
 * const port = liveForward("marquez"); // 5000 when `hotpass net up --marquez` is running
 * const url = port ? `http://127.0.0.1:${port}` : undefined;
 */
import { tunnelsFile } from "./paths.ts";
import { isAlive, peekTunnels, type TunnelForward, type TunnelSession } from "./store.ts";

export interface LiveForward {
  forward: TunnelForward;
  session: TunnelSession;
  /** `http://127.0.0.1:<local_port>` */
  url: string;
}

/**
 * The forward called `name` ("marquez", "prefect", "collector", or a --forward name) of the most
 * recently created tunnel whose holder is still running, or undefined. Synchronous and cheap: it
 * reads tunnels.json without locking and checks each holder's PID and start time.
 */
export function findLiveForward(name: string, env: Record<string, string | undefined> = process.env): LiveForward | undefined {
  const sessions = peekTunnels(tunnelsFile(env))
    .sessions.filter((s) => s.forwards.some((f) => f.name === name) && isAlive(s))
    .sort((a, b) => b.created_at.localeCompare(a.created_at));
  const session = sessions[0];
  const forward = session?.forwards.find((f) => f.name === name);
  if (!session || !forward) return undefined;
  return { forward, session, url: `http://127.0.0.1:${forward.local_port}` };
}

/** The local port of `findLiveForward(name)`, or undefined when no live tunnel forwards it. */
export function liveForward(name: string, env: Record<string, string | undefined> = process.env): number | undefined {
  return findLiveForward(name, env)?.forward.local_port;
}
