/**
 * The tunnel's log: timestamped lines appended to `<state>/hotpass/tunnels/<label>.log` (folder
 * 0700, file 0600). Lines written before the label is settled are kept and flushed on `attach`.
 * Messages are built by this module's callers from host names, ports and error texts only: no
 * passphrase or key material ever reaches it.
 */
import { appendFileSync, chmodSync, closeSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";

export class TunnelLog {
  private pending: string[] = [];
  private fd: number | undefined;
  path: string | undefined;

  constructor(private readonly echo?: (line: string) => void) {}

  write(level: "info" | "warn" | "error", message: string): void {
    const line = `${new Date().toISOString()} ${level.padEnd(5)} ${message}\n`;
    this.echo?.(line);
    if (this.fd === undefined) this.pending.push(line);
    else appendFileSync(this.fd, line);
  }

  attach(path: string): void {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    this.fd = openSync(path, "a", 0o600);
    chmodSync(path, 0o600);
    this.path = path;
    for (const line of this.pending.splice(0)) appendFileSync(this.fd, line);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
