/**
 * The MCP tests' client side: the SDK's own `Client` over its `StdioClientTransport`, spawning the
 * compiled `dist/hotpass mcp` as an MCP host would, plus an ajv check of every structured answer
 * against the output schema the server published.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import Ajv from "ajv";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { BINARY } from "../support/binary.ts";

export interface Session {
  client: Client;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  /** The tools as tools/list answered. */
  tools(): Promise<Tool[]>;
  /** Calls a tool; when it succeeded, checks its structuredContent against its output schema. */
  call(name: string, args?: Record<string, unknown>, options?: Parameters<Client["callTool"]>[2]): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** An isolated home for the server: state, config and cache folders inside `dir`. */
export function isolatedEnv(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  for (const name of Object.keys(env)) if (name.startsWith("OTEL_") || name.startsWith("OPENLINEAGE_")) delete env[name];
  return {
    ...env,
    NO_COLOR: "1",
    HOME: dir,
    XDG_STATE_HOME: join(dir, "state"),
    XDG_CONFIG_HOME: join(dir, "config"),
    HOTPASS_CONFIG_DIR: join(dir, "config", "hotpass"),
    HOTPASS_CACHE_DIR: join(dir, "cache"),
    ...extra,
  };
}

const ajv = new Ajv({ allErrors: true, strict: false });

export async function connect(args: string[], options: { cwd: string; env: Record<string, string> }): Promise<Session> {
  if (!existsSync(BINARY)) throw new Error(`${BINARY} is missing: run 'bun run build.ts' first`);
  const transport = new StdioClientTransport({ command: BINARY, args: ["mcp", ...args], cwd: options.cwd, env: options.env, stderr: "pipe" });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: "hotpass-tests", version: "1.0.0" });
  await client.connect(transport);
  let listed: Tool[] | undefined;
  const tools = async () => (listed ??= (await client.listTools()).tools);
  return {
    client,
    stderr: () => stderr,
    tools,
    async call(name, args = {}, requestOptions) {
      const result = (await client.callTool({ name, arguments: args }, undefined, requestOptions)) as CallToolResult;
      if (!result.isError) {
        const tool = (await tools()).find((t) => t.name === name);
        if (!tool?.outputSchema) throw new Error(`${name} has no output schema`);
        const validate = ajv.compile(tool.outputSchema);
        if (!validate(result.structuredContent)) throw new Error(`${name}: structuredContent does not match its output schema: ${ajv.errorsText(validate.errors)}`);
      }
      return result;
    },
    close: () => client.close(),
  };
}

/** The text of a result's first content block. */
export function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first && first.type === "text" ? first.text : "";
}
