/**
 * One SSH link to the bastion (ssh2, pure JS), verified against known_hosts, kept alive with
 * keepalives, and re-established with backoff when it drops. Forwards ask the link for a channel;
 * while the link is down they wait (up to `outageWaitMs`) instead of failing at once, so the local
 * listeners can stay up through a bastion restart.
 */
import { EventEmitter } from "node:events";
import type { Client, ClientChannel, ClientErrorExtensions } from "ssh2";
import { HotpassError, usageError } from "../errors.ts";
import { authMethods, type AuthMaterial } from "./auth.ts";
import {
  appendKnownHost,
  entriesFor,
  fingerprint,
  hostToken,
  keyTypeOf,
  preferredHostKeyAlgorithms,
  readKnownHosts,
  verifyHostKey,
  type HostKeyVerdict,
} from "./known-hosts.ts";

export interface LinkOptions {
  host: string;
  port: number;
  user: string;
  auth: AuthMaterial;
  /** known_hosts files consulted, in order. */
  knownHosts: string[];
  /** When set, an unknown host key is accepted on the first connection and recorded here. */
  acceptNewInto?: string;
  keepaliveMs: number;
  /** How long a new local connection waits for a dropped link to come back. */
  outageWaitMs?: number;
  log: (level: "info" | "warn" | "error", message: string) => void;
}

export type LinkState = "idle" | "connected" | "reconnecting" | "closed";

export const HOST_KEY_ALGORITHMS = [
  "ssh-ed25519",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "rsa-sha2-512",
  "rsa-sha2-256",
  "ssh-rsa",
];
const BACKOFF_MS = [250, 500, 1000, 2000, 4000, 8000, 15000];

/** Events: "down" (link lost), "up" (re-established; `reconnects` counts them). */
export class SshLink extends EventEmitter {
  state: LinkState = "idle";
  reconnects = 0;
  private client?: Client;
  private waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];

  constructor(private readonly options: LinkOptions) {
    super();
  }

  /** The first connection: errors here are the ones `net up` reports to the user. */
  async connect(): Promise<void> {
    this.client = await this.open(true);
    this.state = "connected";
  }

  /** A direct-tcpip channel to `host:port` as seen from the bastion. */
  async channel(host: string, port: number, sourcePort: number): Promise<ClientChannel> {
    if (this.state === "reconnecting" || this.state === "idle") await this.waitForLink();
    const client = this.client;
    if (!client || this.state !== "connected") throw new HotpassError("the SSH link is closed");
    return new Promise((resolve, reject) => {
      client.forwardOut("127.0.0.1", sourcePort, host, port, (error, channel) => {
        if (error) reject(remoteRefused(host, port, this.options.host, error));
        else resolve(channel);
      });
    });
  }

  close(): void {
    this.state = "closed";
    for (const waiter of this.waiters.splice(0)) waiter.reject(new HotpassError("the tunnel is shutting down"));
    this.client?.end();
  }

  private waitForLink(): Promise<void> {
    const waitMs = this.options.outageWaitMs ?? 30_000;
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new HotpassError(`the SSH link to ${this.options.host} is down (reconnecting)`));
      }, waitMs);
      this.waiters.push(waiter);
    });
  }

  private lost(): void {
    if (this.state === "closed" || this.state === "reconnecting") return;
    this.state = "reconnecting";
    this.client = undefined;
    this.options.log("warn", `link to ${this.options.host}:${this.options.port} lost; reconnecting`);
    this.emit("down");
    void this.reconnectLoop();
  }

  private async reconnectLoop(): Promise<void> {
    for (let attempt = 0; this.state === "reconnecting"; attempt++) {
      await Bun.sleep(BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]!);
      if (this.state !== "reconnecting") return;
      try {
        const client = await this.open(false);
        if ((this.state as LinkState) === "closed") {
          client.end();
          return;
        }
        this.client = client;
        this.state = "connected";
        this.reconnects++;
        this.options.log("info", `link re-established (reconnect ${this.reconnects})`);
        for (const waiter of this.waiters.splice(0)) waiter.resolve();
        this.emit("up");
      } catch (error) {
        this.options.log("warn", `reconnect attempt ${attempt + 1} failed: ${(error as Error).message}`);
      }
    }
  }

  private async open(first: boolean): Promise<Client> {
    const { Client } = await import("ssh2");
    const { host, port, user } = this.options;
    const entries = readKnownHosts(this.options.knownHosts);
    let verdict: HostKeyVerdict | undefined;
    let presented: Buffer | undefined;
    const client = new Client();
    return new Promise<Client>((resolve, reject) => {
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        client.end();
        reject(error);
      };
      client.once("ready", () => {
        settled = true;
        // Small requests must not wait for Nagle: forwarded traffic is often request/response.
        client.setNoDelay(true);
        resolve(client);
      });
      client.on("error", (error: Error & ClientErrorExtensions) => {
        if (!settled) fail(classify(error, this.options, verdict, presented));
        else this.options.log("warn", `SSH error: ${error.message}`);
      });
      client.on("close", () => {
        if (!settled) fail(new HotpassError(`the connection to ${host}:${port} closed during the handshake`));
        else if (this.client === client) this.lost();
      });
      client.connect({
        host,
        port,
        username: user,
        authHandler: authMethods(this.options.auth, user),
        keepaliveInterval: this.options.keepaliveMs,
        keepaliveCountMax: 3,
        readyTimeout: 20_000,
        algorithms: {
          serverHostKey: preferredHostKeyAlgorithms(entriesFor(entries, host, port), HOST_KEY_ALGORITHMS) as never,
        },
        hostVerifier: (key: Buffer) => {
          presented = Buffer.from(key);
          verdict = verifyHostKey(entries, host, port, presented);
          if (verdict.status === "known") return true;
          if (verdict.status === "unknown" && first && this.options.acceptNewInto) {
            appendKnownHost(this.options.acceptNewInto, host, port, presented);
            this.options.log("info", `recorded new host key ${fingerprint(presented)} for ${hostToken(host, port)} in ${this.options.acceptNewInto}`);
            return true;
          }
          return false;
        },
      });
    });
  }
}

function classify(
  error: Error & ClientErrorExtensions & { code?: string },
  options: LinkOptions,
  verdict: HostKeyVerdict | undefined,
  presented: Buffer | undefined,
): HotpassError {
  const where = `${options.host}:${options.port}`;
  if (verdict && verdict.status !== "known" && presented && /verification failed|Host denied/i.test(error.message)) {
    return hostKeyError(verdict, options, presented);
  }
  if (error.level === "client-authentication") {
    return new HotpassError(`authentication failed for ${options.user}@${where}: the server accepted none of ${options.auth.describe.join(", ")}`, {
      hint: "check --user and --identity, and that the key is in the server's authorized_keys",
    });
  }
  if (error.level === "client-timeout") {
    return new HotpassError(`cannot reach ${where}: no SSH handshake within 20 s`, { hint: "check --host and --port" });
  }
  if (error.level === "client-socket" || error.code) {
    return new HotpassError(`cannot reach ${where}: ${error.code ?? error.message}`, {
      hint: "check --host and --port, and that the bastion accepts SSH from here",
    });
  }
  return new HotpassError(`SSH to ${where} failed: ${error.message}`);
}

function hostKeyError(verdict: HostKeyVerdict, options: LinkOptions, presented: Buffer): HotpassError {
  const token = hostToken(options.host, options.port);
  const offered = `${keyTypeOf(presented)} ${fingerprint(presented)}`;
  if (verdict.status === "changed") {
    const expected = verdict.expected.map((e) => `${e.keyType} ${fingerprint(e.key)} (${e.file}:${e.line})`).join("; ");
    return new HotpassError(
      `HOST KEY CHANGED for ${token}: the server offered ${offered} but known_hosts has ${expected}. Refusing to connect`,
      { hint: "this may be an attack; if the bastion was really re-keyed, remove the old line from known_hosts" },
    );
  }
  if (verdict.status === "revoked") {
    return new HotpassError(`the host key ${offered} of ${token} is marked @revoked in ${verdict.entry.file}`);
  }
  return usageError(
    `unknown host ${token}: its key ${offered} is not in ${options.knownHosts.join(" or ")}`,
    "verify the fingerprint with the bastion's operator, then pass --accept-new to record it",
  );
}

function remoteRefused(host: string, port: number, bastion: string, error: Error): HotpassError {
  const reason = error.message.replace(/^\(SSH\) /, "");
  return new HotpassError(`remote port refused: ${host}:${port} (as seen from ${bastion}): ${reason}`, {
    hint: "check the remote host and port, and that the bastion allows TCP forwarding",
  });
}
