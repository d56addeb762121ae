/**
 * Holding one tunnel: bind the local listeners (127.0.0.1 only), open and verify the SSH link,
 * check every remote target answers, record the session in tunnels.json, then pipe each local
 * connection through its own direct-tcpip channel until stopped. Used by the detached holder
 * process and by `net up --foreground` alike.
 */
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { HotpassError } from "../errors.ts";
import { loadAuth } from "./auth.ts";
import { TunnelLog } from "./log.ts";
import { tunnelLogDir, tunnelsFile } from "./paths.ts";
import { processStartTime } from "./process.ts";
import type { TunnelSpec } from "./spec.ts";
import { SshLink } from "./ssh.ts";
import { isAlive, TunnelStore, type TunnelForward, type TunnelSession } from "./store.ts";

export interface OpenTunnel {
  session: TunnelSession;
  moved: { name: string; from: number; to: number }[];
  log: TunnelLog;
  /** Closes listeners and the link and removes the entry; idempotent. */
  stop(): Promise<void>;
}

type Env = Record<string, string | undefined>;

export async function openTunnel(spec: TunnelSpec, options: { env?: Env; echo?: (line: string) => void } = {}): Promise<OpenTunnel> {
  const env = options.env ?? process.env;
  const log = new TunnelLog(options.echo);
  const store = new TunnelStore(tunnelsFile(env), (message) => log.write("warn", message));
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  let link: SshLink | undefined;
  const cleanup = () => {
    for (const server of servers) server.close();
    for (const socket of sockets) socket.destroy();
    link?.close();
  };

  try {
    const auth = await loadAuth({ identity: spec.identity, passphrase: spec.passphrase }, env);
    const forwards: TunnelForward[] = [];
    const moved: OpenTunnel["moved"] = [];
    for (const wanted of spec.forwards) {
      const { server, port } = await listen(wanted, spec.autoPort);
      servers.push(server);
      forwards.push({ ...wanted, local_port: port });
      if (wanted.local_port !== 0 && port !== wanted.local_port) moved.push({ name: wanted.name, from: wanted.local_port, to: port });
    }

    link = new SshLink({
      host: spec.host,
      port: spec.port,
      user: spec.user,
      auth,
      knownHosts: spec.knownHosts,
      acceptNewInto: spec.acceptNewInto,
      keepaliveMs: spec.keepaliveMs,
      log: (level, message) => log.write(level, message),
    });
    await link.connect();
    log.write("info", `authenticated to ${spec.user}@${spec.host}:${spec.port}`);
    for (const forward of forwards) {
      const probe = await link.channel(forward.remote_host, forward.remote_port, 0);
      probe.close();
    }

    const activeLink = link;
    forwards.forEach((forward, index) => {
      servers[index]!.on("connection", (socket: Socket) => pipeThrough(socket, forward, activeLink, sockets, log));
    });

    const session = await register(store, spec, forwards, env);
    log.attach(session.log_path);
    for (const f of forwards) log.write("info", `forward ${f.name}: 127.0.0.1:${f.local_port} -> ${f.remote_host}:${f.remote_port}`);

    const mark = (state: "connected" | "reconnecting") =>
      store
        .update((doc) => {
          const mine = doc.sessions.find((s) => s.pid === session.pid && s.pid_start_time === session.pid_start_time);
          if (mine) Object.assign(mine, { state, reconnects: activeLink.reconnects, ...(state === "connected" ? { connected_at: new Date().toISOString() } : {}) });
        })
        .catch((error) => log.write("warn", `could not update ${store.path}: ${(error as Error).message}`));
    activeLink.on("down", () => void mark("reconnecting"));
    activeLink.on("up", () => void mark("connected"));

    let stopped: Promise<void> | undefined;
    const stop = () =>
      (stopped ??= (async () => {
        cleanup();
        await store
          .update((doc) => {
            doc.sessions = doc.sessions.filter((s) => !(s.pid === session.pid && s.pid_start_time === session.pid_start_time));
          })
          .catch((error) => log.write("warn", `could not remove the entry: ${(error as Error).message}`));
        log.write("info", "tunnel closed");
        log.close();
      })());
    return { session, moved, log, stop };
  } catch (error) {
    cleanup();
    log.write("error", (error as Error).message);
    throw error;
  }
}

function pipeThrough(socket: Socket, forward: TunnelForward, link: SshLink, sockets: Set<Socket>, log: TunnelLog): void {
  sockets.add(socket);
  socket.setNoDelay(true);
  socket.pause();
  socket.on("close", () => sockets.delete(socket));
  socket.on("error", () => socket.destroy());
  link.channel(forward.remote_host, forward.remote_port, socket.remotePort ?? 0).then(
    (channel) => {
      if (socket.destroyed) {
        channel.close();
        return;
      }
      channel.on("error", () => socket.destroy());
      channel.on("close", () => socket.destroy());
      socket.on("close", () => channel.close());
      socket.pipe(channel);
      channel.pipe(socket);
      socket.resume();
    },
    (error: Error) => {
      log.write("warn", `${forward.name}: ${error.message}`);
      socket.destroy();
    },
  );
}

const AUTO_PORT_TRIES = 100;

async function listen(forward: TunnelForward, autoPort: boolean): Promise<{ server: Server; port: number }> {
  const first = forward.local_port;
  const last = first === 0 ? 0 : autoPort ? Math.min(65535, first + AUTO_PORT_TRIES) : first;
  for (let port = first; port <= last; port++) {
    const server = createServer({ noDelay: true, pauseOnConnect: false });
    const bound = await new Promise<boolean>((resolve, reject) => {
      server.once("error", (error: NodeJS.ErrnoException) => (error.code === "EADDRINUSE" ? resolve(false) : reject(error)));
      server.listen({ port, host: "127.0.0.1", exclusive: true }, () => resolve(true));
    }).catch((error: NodeJS.ErrnoException) => {
      throw new HotpassError(`cannot listen on 127.0.0.1:${port} for ${forward.name}: ${error.code ?? error.message}`);
    });
    if (bound) return { server, port: (server.address() as { port: number }).port };
    server.close();
  }
  if (!autoPort) {
    throw new HotpassError(`local port ${first} is busy (needed for ${forward.name})`, {
      hint: "free the port, choose another with --forward, or drop --no-auto-port to take the next free one",
    });
  }
  throw new HotpassError(`no free local port in ${first}-${last} for ${forward.name}`);
}

async function register(store: TunnelStore, spec: TunnelSpec, forwards: TunnelForward[], env: Env): Promise<TunnelSession> {
  return store.update((doc) => {
    doc.sessions = doc.sessions.filter(isAlive);
    const taken = new Set(doc.sessions.map((s) => s.label));
    let label = spec.label;
    if (label && taken.has(label)) {
      throw new HotpassError(`a tunnel labelled '${label}' is already running`, {
        exitCode: 2,
        hint: `choose another --label, or 'hotpass net down --label ${label}' first`,
      });
    }
    if (!label) {
      label = spec.host;
      for (let n = 2; taken.has(label); n++) label = `${spec.host}-${n}`;
    }
    const session: TunnelSession = {
      label,
      host: spec.host,
      port: spec.port,
      user: spec.user,
      forwards,
      pid: process.pid,
      pid_start_time: processStartTime(process.pid) ?? "",
      created_at: new Date().toISOString(),
      log_path: join(tunnelLogDir(env), `${label.replace(/[^A-Za-z0-9._-]/g, "_")}.log`),
      reconnects: 0,
      state: "connected",
      connected_at: new Date().toISOString(),
    };
    doc.sessions.push(session);
    return session;
  });
}
