/**
 * What `net up` hands the tunnel holder (over the holder's stdin, never argv or the environment,
 * because it may carry the key passphrase), and what the holder reports back when ready.
 */
import type { TunnelForward, TunnelSession } from "./store.ts";

export interface TunnelSpec {
  /** Explicit --label; otherwise the holder picks the host name, then host-2, host-3, ... */
  label?: string;
  host: string;
  port: number;
  user: string;
  identity?: string;
  /** Held in memory by the holder only; never written anywhere. */
  passphrase?: string;
  /** Requested forwards; local_port 0 means "any free port". */
  forwards: TunnelForward[];
  autoPort: boolean;
  knownHosts: string[];
  acceptNewInto?: string;
  keepaliveMs: number;
}

export type HolderReport =
  | { ok: true; session: TunnelSession; moved: { name: string; from: number; to: number }[] }
  | { ok: false; message: string; hint?: string; exitCode: 1 | 2 };
