/**
 * Asks an SSH server for its host key without logging in: the key exchange runs, the presented
 * key is compared with known_hosts, and the connection is dropped before any authentication.
 * `hotpass doctor` uses it to tell whether `net up` would trust the bastion.
 *
 * @example
 * const probe = await probeHostKey("bastion.example.com", 22, ["/home/me/.ssh/known_hosts"], { timeoutMs: 5000 });
 * if (probe.kind === "key" && probe.verdict.status === "known") console.log("trusted");
 */
import type { ClientErrorExtensions } from "ssh2";
import { entriesFor, preferredHostKeyAlgorithms, readKnownHosts, verifyHostKey, type HostKeyVerdict } from "./known-hosts.ts";
import { HOST_KEY_ALGORITHMS } from "./ssh.ts";

export type HostKeyProbe =
  | { kind: "key"; key: Buffer; verdict: HostKeyVerdict }
  | { kind: "unreachable"; reason: string };

export async function probeHostKey(
  host: string,
  port: number,
  knownHosts: readonly string[],
  options: { timeoutMs: number; user?: string },
): Promise<HostKeyProbe> {
  const { Client } = await import("ssh2");
  const entries = readKnownHosts(knownHosts);
  const client = new Client();
  return new Promise<HostKeyProbe>((resolve) => {
    let settled = false;
    const finish = (result: HostKeyProbe) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.end();
      client.destroy?.();
      resolve(result);
    };
    const seconds = options.timeoutMs / 1000;
    // ssh2's readyTimeout covers the handshake; this covers a server that never sends a banner.
    const timer = setTimeout(() => finish({ kind: "unreachable", reason: `no SSH handshake within ${seconds} s` }), options.timeoutMs + 250);
    client.on("error", (error: Error & ClientErrorExtensions & { code?: string }) => {
      if (error.level === "client-timeout") finish({ kind: "unreachable", reason: `no SSH handshake within ${seconds} s` });
      else if (error.code) finish({ kind: "unreachable", reason: describeCode(error.code) });
      else finish({ kind: "unreachable", reason: `it did not speak SSH (${error.message})` });
    });
    client.on("close", () => finish({ kind: "unreachable", reason: "the connection closed before the key exchange" }));
    client.connect({
      host,
      port,
      username: options.user ?? "hotpass",
      readyTimeout: options.timeoutMs,
      algorithms: { serverHostKey: preferredHostKeyAlgorithms(entriesFor(entries, host, port), HOST_KEY_ALGORITHMS) as never },
      hostVerifier: (key: Buffer) => {
        const presented = Buffer.from(key);
        finish({ kind: "key", key: presented, verdict: verifyHostKey(entries, host, port, presented) });
        return false; // never go on to authentication
      },
    });
  });
}

function describeCode(code: string): string {
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "the host name does not resolve";
  if (code === "ETIMEDOUT" || code === "EHOSTUNREACH" || code === "ENETUNREACH") return `unreachable (${code})`;
  return code;
}
