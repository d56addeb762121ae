/**
 * `hotpass mcp` as a standard MCP client meets it: the handshake, what each role is offered, that
 * no argument widens a role, that the start-up flags fail clearly, and that stdout carries the
 * protocol and nothing else.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import Ajv from "ajv";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { BINARY, hotpass, tempDir } from "../support/binary.ts";
import { connect, isolatedEnv, textOf, type Session } from "./support.ts";

const READ_TOOLS = [
  "hotpass_explain_provenance",
  "hotpass_quality_report",
  "hotpass_list_runs",
  "hotpass_lineage_show",
  "hotpass_lineage_graph",
  "hotpass_list_profiles",
  "hotpass_validate_profile",
  "hotpass_doctor",
  "hotpass_net_status",
];
const RUN_TOOLS = ["hotpass_refine", "hotpass_enrich", "hotpass_qa"];

let work: { path: string; cleanup: () => void };
let env: Record<string, string>;
beforeAll(() => {
  work = tempDir("hotpass-mcp-protocol-");
  env = isolatedEnv(work.path);
});
afterAll(() => work.cleanup());

async function session(args: string[]): Promise<Session> {
  return connect(args, { cwd: work.path, env });
}

describe("initialize", () => {
  test("negotiates the client's protocol version and announces tools and resources", async () => {
    const s = await session([]);
    try {
      expect(s.client.getServerVersion()).toMatchObject({ name: "hotpass", version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
      expect(s.client.getServerCapabilities()).toMatchObject({ tools: {}, resources: {} });
      expect(s.client.getInstructions()).toContain("observer");
    } finally {
      await s.close();
    }
  });

  test("answers an older protocol version with that version, and an unknown one with its latest", async () => {
    const handshake = async (version: string) => {
      const proc = Bun.spawn([BINARY, "mcp"], { cwd: work.path, env, stdin: "pipe", stdout: "pipe", stderr: "pipe" });
      proc.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: version, capabilities: {}, clientInfo: { name: "t", version: "1" } } })}\n`);
      proc.stdin.end();
      const out = await new Response(proc.stdout).text();
      await proc.exited;
      return JSON.parse(out.split("\n")[0]!).result.protocolVersion as string;
    };
    expect(await handshake("2024-11-05")).toBe("2024-11-05");
    expect(await handshake("1999-01-01")).toBe(LATEST_PROTOCOL_VERSION);
  });
});

describe("tools/list per role", () => {
  const names = async (args: string[]) => {
    const s = await session(args);
    try {
      return (await s.tools()).map((t) => t.name).sort();
    } finally {
      await s.close();
    }
  };

  test("observer (the default) sees the read tools only", async () => {
    expect(await names([])).toEqual([...READ_TOOLS].sort());
    expect(await names(["--role", "observer"])).toEqual([...READ_TOOLS].sort());
  });

  test("operator and admin also see refine, enrich and qa", async () => {
    expect(await names(["--role", "operator"])).toEqual([...READ_TOOLS, ...RUN_TOOLS].sort());
    expect(await names(["--role", "admin"])).toEqual([...READ_TOOLS, ...RUN_TOOLS].sort());
  });

  test("every tool has a title, a description, valid input and output schemas and all four annotations", async () => {
    const s = await session(["--role", "admin"]);
    try {
      const ajv = new Ajv({ strict: false });
      for (const tool of await s.tools()) {
        expect(tool.title?.length).toBeGreaterThan(5);
        expect(tool.description!.length).toBeGreaterThan(60);
        expect(ajv.validateSchema(tool.inputSchema)).toBe(true);
        expect(ajv.validateSchema(tool.outputSchema!)).toBe(true);
        expect(tool.inputSchema.additionalProperties).toBe(false);
        for (const hint of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const) {
          expect(typeof tool.annotations?.[hint]).toBe("boolean");
        }
      }
    } finally {
      await s.close();
    }
  });

  test("annotations say what each tool does: reads are read-only, refine overwrites, enrich reaches out only for admin", async () => {
    const annotations = async (role: string) => {
      const s = await session(["--role", role]);
      try {
        return Object.fromEntries((await s.tools()).map((t) => [t.name, t.annotations]));
      } finally {
        await s.close();
      }
    };
    const operator = await annotations("operator");
    const admin = await annotations("admin");
    for (const name of READ_TOOLS) expect(operator[name]).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(operator.hotpass_doctor!.openWorldHint).toBe(true); // it asks the collector, Marquez and bastions
    expect(operator.hotpass_refine).toMatchObject({ readOnlyHint: false, destructiveHint: true, openWorldHint: false });
    expect(operator.hotpass_enrich).toMatchObject({ readOnlyHint: false, openWorldHint: false });
    expect(operator.hotpass_qa).toMatchObject({ readOnlyHint: false, destructiveHint: true, openWorldHint: false }); // it replaces its report
    expect(admin.hotpass_enrich).toMatchObject({ readOnlyHint: false, openWorldHint: true });
    expect(operator.hotpass_lineage_show!.openWorldHint).toBe(true); // it may ask a Marquez server
  });
});

describe("a role cannot be escalated", () => {
  test("an observer calling refine is refused with a result saying why, and nothing is written", async () => {
    const s = await session(["--role", "observer"]);
    try {
      const result = await s.call("hotpass_refine", { input_dir: ".", output_path: "out.csv" });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("hotpass_refine needs the operator role; this server runs as observer (--role observer)");
      expect(textOf(result)).toContain("the role is fixed when the server starts");
    } finally {
      await s.close();
    }
  });

  test("no argument, _meta field or unknown tool name changes what the role may do", async () => {
    const s = await session(["--role", "operator"]);
    try {
      const asked = await s.call("hotpass_enrich", { input: "x.csv", output: "y.csv", allow_network: true });
      expect(asked.isError).toBe(true);
      expect(textOf(asked)).toContain("allow_network needs the admin role; this server runs as operator (--role operator)");
      const extra = await s.call("hotpass_list_runs", { role: "admin" });
      expect(extra.isError).toBe(true);
      expect(textOf(extra)).toContain("invalid arguments for hotpass_list_runs");
      const meta = (await s.client.callTool({ name: "hotpass_enrich", arguments: { input: "x.csv", output: "y.csv", allow_network: true }, _meta: { role: "admin" } })) as { isError?: boolean };
      expect(meta.isError).toBe(true);
      const unknown = await s.call("hotpass_admin_shell", {});
      expect(unknown.isError).toBe(true);
      expect(textOf(unknown)).toContain("unknown tool 'hotpass_admin_shell'");
    } finally {
      await s.close();
    }
  });

  test("a policy file fixes the role and the roots; --role cannot contradict it", async () => {
    const policy = join(work.path, "policy.yaml");
    writeFileSync(policy, "role: operator\nroots: [.]\n");
    const s = await session(["--policy", policy]);
    try {
      expect((await s.tools()).map((t) => t.name)).toContain("hotpass_refine");
      const refused = await s.call("hotpass_enrich", { input: "a.csv", output: "b.csv", allow_network: true });
      expect(textOf(refused)).toContain(`this server runs as operator (the policy file ${policy})`);
    } finally {
      await s.close();
    }
    const clash = await hotpass(["mcp", "--policy", policy, "--role", "admin"], { cwd: work.path, env, stdin: "" });
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain(`hotpass: error: --role admin contradicts the policy file ${policy} (role: operator)`);
    expect(clash.stdout).toBe("");
  });
});

describe("start-up mistakes exit 2 with one clear line on stderr", () => {
  test.each([
    [["--role", "root"], "'--role' got 'root'; expected one of: observer, operator, admin"],
    [["--root", "no-such-folder"], "hotpass: error: --root no-such-folder: no such folder"],
    [["--policy", "missing.yaml"], "hotpass: error: policy file not found"],
  ])("hotpass mcp %p", async (args, message) => {
    const result = await hotpass(["mcp", ...args], { cwd: work.path, env, stdin: "" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe("");
  });

  test("a policy with an unknown key or role is refused naming it", async () => {
    const bad = join(work.path, "bad-policy.yaml");
    writeFileSync(bad, "role: superuser\n");
    let result = await hotpass(["mcp", "--policy", bad], { cwd: work.path, env, stdin: "" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown role 'superuser'");
    writeFileSync(bad, "role: admin\nallow_everything: true\n");
    result = await hotpass(["mcp", "--policy", bad], { cwd: work.path, env, stdin: "" });
    expect(result.stderr).toContain("unknown key 'allow_everything'");
  });
});
