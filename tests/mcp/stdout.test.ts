/**
 * Every byte `hotpass mcp` writes to stdout is a JSON-RPC message, one per line, even while it
 * runs a refine with console telemetry, JSON logs and --debug on: the raw pipe is read here
 * directly (no SDK transport in between, so nothing could be skipped or repaired on the way).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { JSONRPCMessageSchema } from "@modelcontextprotocol/sdk/types.js";
import { join } from "node:path";
import { generateAviationWorkbooks } from "../../bench/generate.ts";
import { BINARY, tempDir } from "../support/binary.ts";
import { isolatedEnv } from "./support.ts";

let work: { path: string; cleanup: () => void };
beforeAll(async () => {
  work = tempDir("hotpass-mcp-stdout-");
  await generateAviationWorkbooks({ orgs: 60, out: join(work.path, "data"), seed: 5 });
});
afterAll(() => work.cleanup());

interface Raw {
  stdout: string;
  stderr: string;
  code: number;
}

/** Sends each request in turn, waiting for its answer; then closes stdin and collects everything. */
async function conversation(args: string[], requests: { method: string; params?: unknown }[]): Promise<Raw> {
  const proc = Bun.spawn([BINARY, "mcp", ...args], { cwd: work.path, env: isolatedEnv(work.path), stdin: "pipe", stdout: "pipe", stderr: "pipe" });
  const decoder = new TextDecoder();
  let stdout = "";
  const reader = proc.stdout.getReader();
  const answered = async (id: number) => {
    while (!stdout.split("\n").some((line) => line.includes(`"id":${id}`) && /"(result|error)"/.test(line))) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stdout closed before the answer to ${id}`);
      stdout += decoder.decode(value, { stream: true });
    }
  };
  const send = (message: unknown) => proc.stdin.write(`${JSON.stringify(message)}\n`);
  send({ jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } });
  await answered(0);
  send({ jsonrpc: "2.0", method: "notifications/initialized" });
  for (const [index, request] of requests.entries()) {
    send({ jsonrpc: "2.0", id: index + 1, ...request });
    await answered(index + 1);
  }
  proc.stdin.end();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    stdout += decoder.decode(value, { stream: true });
  }
  const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr, code };
}

function expectOnlyProtocol(stdout: string): void {
  expect(stdout.endsWith("\n")).toBe(true);
  const lines = stdout.slice(0, -1).split("\n");
  for (const line of lines) {
    let message: unknown;
    expect(() => (message = JSON.parse(line))).not.toThrow();
    const checked = JSONRPCMessageSchema.safeParse(message);
    if (!checked.success) throw new Error(`not a JSON-RPC message on stdout: ${line.slice(0, 200)}`);
  }
}

const work_ = () => [
  { method: "tools/list" },
  {
    method: "tools/call",
    params: { name: "hotpass_refine", arguments: { input_dir: "data", output_path: "out/refined.csv", profile: "aviation" }, _meta: { progressToken: "p1" } },
  },
  { method: "tools/call", params: { name: "hotpass_quality_report", arguments: { report_path: "/etc/passwd" } } },
  { method: "tools/call", params: { name: "hotpass_list_runs", arguments: {} } },
  { method: "resources/list" },
  { method: "resources/read", params: { uri: "hotpass://runs/nope/report" } },
  { method: "ping" },
];

describe("stdout carries only the protocol", () => {
  test("with --telemetry-exporter console and --debug", async () => {
    const raw = await conversation(["--role", "operator", "--telemetry-exporter", "console", "--debug"], work_());
    expectOnlyProtocol(raw.stdout);
    expect(raw.stdout).toContain('"method":"notifications/progress"');
    expect(raw.stdout).toContain("refined ");
    // The telemetry did run: its spans went to stderr.
    expect(raw.stderr).toContain("hotpass.refine");
    expect(raw.code).toBe(0);
  }, 120_000);

  test("with --log-format json, --debug and lineage on", async () => {
    const raw = await conversation(["--role", "operator", "--log-format", "json", "--debug", "--lineage-file", "lineage.jsonl"], work_());
    expectOnlyProtocol(raw.stdout);
    expect(raw.stderr).toMatch(/^\{"ts":/m); // the JSON log lines are there, on stderr
    expect(raw.code).toBe(0);
  }, 120_000);
});
