#!/usr/bin/env bun
/**
 * Tunnel throughput and latency: the same local OpenSSH server, the same targets, three paths —
 * direct, through `hotpass net up` (ssh2 in the compiled binary) and through OpenSSH's own
 * `ssh -N -L`. Measures MiB/s for a bulk download (256 MiB per round, 5 rounds) and the median
 * round trip of 1,000 small request/response exchanges per path, on one kept-open connection and
 * with a new connection each time. Run `bun run build.ts` first. Usage: bun run bench/net.ts [MiB] [requests]
 */
import { spawn } from "node:child_process";
import { connect, createServer, type Socket } from "node:net";
import { join } from "node:path";
import { BINARY, tempDir } from "../tests/support/binary.ts";
import { freePort, startSshd } from "../tests/support/sshd.ts";

const MIB = Number(process.argv[2] ?? 256);
const REQUESTS = Number(process.argv[3] ?? 1000);
const BULK = MIB * 1024 * 1024;
/** Each round moves BULK bytes and REQUESTS / ROUNDS requests per path. */
const ROUNDS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Sends BULK bytes to whoever connects, then closes. */
function bulkSource() {
  const chunk = Buffer.alloc(1024 * 1024, 0x5a);
  return createServer((socket) => {
    socket.on("error", () => {});
    let sent = 0;
    const pump = () => {
      while (sent < BULK) {
        sent += chunk.length;
        if (!socket.write(chunk)) return void socket.once("drain", pump);
      }
      socket.end();
    };
    pump();
  });
}

/** Answers every 64-byte request with 64 bytes (a tiny request/response protocol). */
function echoServer() {
  return createServer((socket) => {
    socket.setNoDelay(true);
    socket.on("error", () => {});
    socket.on("data", (data) => socket.write(data));
  });
}

async function listen(server: ReturnType<typeof createServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

async function download(port: number): Promise<number> {
  const started = performance.now();
  const received = await new Promise<number>((resolve, reject) => {
    let bytes = 0;
    const socket = connect(port, "127.0.0.1");
    socket.on("data", (data) => (bytes += data.length));
    socket.on("end", () => resolve(bytes));
    socket.on("error", reject);
  });
  if (received !== BULK) throw new Error(`received ${received} of ${BULK} bytes through port ${port}`);
  return (BULK / (1024 * 1024)) / ((performance.now() - started) / 1000);
}

function roundTrip(socket: Socket, payload: Buffer): Promise<void> {
  return new Promise((resolve) => {
    let got = 0;
    const onData = (data: Buffer) => {
      got += data.length;
      if (got >= payload.length) {
        socket.off("data", onData);
        resolve();
      }
    };
    socket.on("data", onData);
    socket.write(payload);
  });
}

async function latencyKeptOpen(port: number, count: number): Promise<number> {
  const socket = connect(port, "127.0.0.1");
  socket.setNoDelay(true);
  await new Promise((resolve) => socket.once("connect", resolve));
  const payload = Buffer.alloc(64, 0x61);
  for (let i = 0; i < 50; i++) await roundTrip(socket, payload); // warm-up
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await roundTrip(socket, payload);
    times.push(performance.now() - started);
  }
  socket.destroy();
  return median(times);
}

async function latencyNewConnection(port: number, count: number, spacingMs = 0): Promise<number> {
  const payload = Buffer.alloc(64, 0x62);
  const times: number[] = [];
  for (let i = 0; i < count + 5; i++) {
    const started = performance.now();
    const socket = connect(port, "127.0.0.1");
    socket.setNoDelay(true);
    await new Promise((resolve) => socket.once("connect", resolve));
    await roundTrip(socket, payload);
    times.push(performance.now() - started);
    socket.destroy();
    if (spacingMs > 0) await Bun.sleep(spacingMs);
  }
  return median(times.slice(5));
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, "127.0.0.1");
      s.once("connect", () => (s.destroy(), resolve(true)));
      s.once("error", () => resolve(false));
    });
    if (ok) return;
    await Bun.sleep(25);
  }
  throw new Error(`nothing listens on ${port}`);
}

const scratch = tempDir("hotpass-bench-net-");
const sshd = await startSshd(join(scratch.path, "sshd"));
const source = bulkSource();
const echo = echoServer();
const sourcePort = await listen(source);
const echoPort = await listen(echo);
const env = {
  ...process.env,
  HOME: join(scratch.path, "home"),
  HOTPASS_CONFIG_DIR: join(scratch.path, "config"),
  XDG_STATE_HOME: join(scratch.path, "state"),
  SSH_AUTH_SOCK: "",
};

const up = Bun.spawnSync(
  [BINARY, "net", "up", "--host", "127.0.0.1", "--port", String(sshd.port), "--user", sshd.user, "--identity", sshd.clientKey,
    "--known-hosts", sshd.knownHosts, "--label", "bench", "--forward", `bulk=0:127.0.0.1:${sourcePort}`, "--forward", `echo=0:127.0.0.1:${echoPort}`],
  { env, stdout: "pipe", stderr: "pipe" },
);
if (up.exitCode !== 0) throw new Error(`net up failed: ${up.stderr}`);
const session = (await Bun.file(join(env.HOTPASS_CONFIG_DIR, "tunnels.json")).json()).sessions[0];
const hotpassBulk = session.forwards[0].local_port as number;
const hotpassEcho = session.forwards[1].local_port as number;

/** OpenSSH's client forwarding both targets; `cipher` pins the cipher (default: OpenSSH's choice). */
async function openssh(cipher?: string) {
  const bulk = await freePort();
  const echoLocal = await freePort();
  const child = spawn("ssh", [
    "-N", "-p", String(sshd.port), "-i", sshd.clientKey, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
    "-o", `UserKnownHostsFile=${sshd.knownHosts}`, "-o", "ExitOnForwardFailure=yes", "-F", "/dev/null",
    ...(cipher ? ["-c", cipher] : []),
    "-L", `127.0.0.1:${bulk}:127.0.0.1:${sourcePort}`, "-L", `127.0.0.1:${echoLocal}:127.0.0.1:${echoPort}`,
    `${sshd.user}@127.0.0.1`,
  ], { stdio: "ignore" });
  await waitForPort(bulk);
  return { child, ports: [bulk, echoLocal] as const };
}
// OpenSSH's default cipher is chacha20-poly1305; ssh2 negotiates aes128-gcm (AES-NI through the
// runtime's crypto), so the same cipher is measured too for a like-for-like comparison.
const sshDefault = await openssh();
const sshGcm = await openssh("aes128-gcm@openssh.com");

try {
  console.log(`${MIB} MiB bulk, ${REQUESTS} requests of 64 bytes; sshd ${sshd.port} on 127.0.0.1`);
  const paths = {
    direct: [sourcePort, echoPort],
    "hotpass net": [hotpassBulk, hotpassEcho],
    "ssh -N -L": sshDefault.ports,
    "ssh -L (aes128-gcm)": sshGcm.ports,
  } as const;
  // Rounds interleave the paths so a busy machine slows them all alike; each figure is the median.
  const names = Object.keys(paths) as (keyof typeof paths)[];
  const samples = Object.fromEntries(names.map((n) => [n, { mibs: [] as number[], rtt: [] as number[], connect: [] as number[], spaced: [] as number[] }]));
  for (const name of names) await download(paths[name][0]); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of names) {
      const [bulk, echoP] = paths[name];
      samples[name]!.mibs.push(await download(bulk));
      samples[name]!.rtt.push(await latencyKeptOpen(echoP, REQUESTS / ROUNDS));
      samples[name]!.connect.push(await latencyNewConnection(echoP, REQUESTS / ROUNDS));
      samples[name]!.spaced.push(await latencyNewConnection(echoP, REQUESTS / ROUNDS / 5, 5));
    }
  }
  const results: Record<string, { mibs: number; rtt: number; connect: number; spaced: number }> = {};
  for (const name of names) {
    const s = samples[name]!;
    const r = (results[name] = { mibs: median(s.mibs), rtt: median(s.rtt), connect: median(s.connect), spaced: median(s.spaced) });
    console.log(
      `${name.padEnd(20)} ${r.mibs.toFixed(0).padStart(5)} MiB/s   round trip ${r.rtt.toFixed(3)} ms   ` +
        `new connection + round trip: back-to-back ${r.connect.toFixed(3)} ms, 5 ms apart ${r.spaced.toFixed(3)} ms`,
    );
  }
  const h = results["hotpass net"]!;
  const o = results["ssh -N -L"]!;
  const d = results.direct!;
  const g = results["ssh -L (aes128-gcm)"]!;
  console.log(`hotpass/openssh throughput: ${((h.mibs / o.mibs) * 100).toFixed(0)} % (same cipher: ${((h.mibs / g.mibs) * 100).toFixed(0)} %)`);
  console.log(`added median latency (kept-open): hotpass ${(h.rtt - d.rtt).toFixed(3)} ms, openssh ${(o.rtt - d.rtt).toFixed(3)} ms`);
  console.log(`added median latency (new connection, back-to-back): hotpass ${(h.connect - d.connect).toFixed(3)} ms, openssh ${(o.connect - d.connect).toFixed(3)} ms`);
  console.log(`added median latency (new connection, 5 ms apart): hotpass ${(h.spaced - d.spaced).toFixed(3)} ms, openssh ${(o.spaced - d.spaced).toFixed(3)} ms`);
} finally {
  sshDefault.child.kill("SIGTERM");
  sshGcm.child.kill("SIGTERM");
  Bun.spawnSync([BINARY, "net", "down", "--all"], { env });
  source.close();
  echo.close();
  await sshd.stop();
  scratch.cleanup();
}
