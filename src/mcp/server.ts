/**
 * The MCP server over stdio, on the official SDK: `initialize` (protocol version and capabilities
 * negotiated by the SDK), the tools of `dispatch.ts`, the resources of `resources.ts`, progress
 * and cancellation per call. stdout carries the protocol and nothing else; every log line of the
 * server and of the runs it starts goes to stderr.
 *
 * @example
 * const done = await serveStdio({ role: "observer", roleOrigin: "--role observer", roots, settings, debug: false });
 * await done; // stdin closed: the client went away
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import {
  CallToolRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { VERSION } from "../version.ts";
import type { Role } from "./access.ts";
import { TableCache } from "./cache.ts";
import { callTool, listTools } from "./dispatch.ts";
import { readTable, type ServerSettings } from "./library.ts";
import { listResources, readResource, ResourceNotFound, TEMPLATES } from "./resources.ts";
import type { Roots } from "./roots.ts";
import type { ToolContext } from "./tool.ts";
import { TOOLS } from "./tools/index.ts";

export interface ServerConfig {
  role: Role;
  roleOrigin: string;
  roots: Roots;
  settings: ServerSettings;
  /** Write each failure's stack to stderr. */
  debug: boolean;
  /** Aborted when the process is told to stop (the CLI's SIGINT/SIGTERM): running calls are cancelled. */
  stop?: AbortSignal;
}

export function createServer(config: ServerConfig): { server: Server; running: Set<Promise<unknown>> } {
  const server = new Server(
    { name: "hotpass", title: "Hotpass", version: VERSION },
    {
      capabilities: { tools: { listChanged: false }, resources: { listChanged: false, subscribe: false } },
      instructions:
        `Hotpass refines messy spreadsheets into one governed table with a quality report and provenance. ` +
        `This server runs as ${config.role}; paths are relative to ${config.roots.folders[0]} and must stay inside ${config.roots.folders.join(", ")}. ` +
        `Start with hotpass_list_runs or hotpass_list_profiles.`,
    },
  );
  const tables = new TableCache(readTable);
  const debug = (error: unknown): void => {
    if (config.debug) process.stderr.write(`hotpass mcp: ${error instanceof Error && error.stack ? error.stack : String(error)}\n`);
  };

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listTools(TOOLS, config.role) }));
  const running = new Set<Promise<unknown>>();
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    const token = request.params._meta?.progressToken;
    const context: ToolContext = {
      role: config.role,
      roleOrigin: config.roleOrigin,
      roots: config.roots,
      settings: config.settings,
      tables,
      signal: config.stop ? AbortSignal.any([extra.signal, config.stop]) : extra.signal,
      progress: (percent, message) => {
        if (token === undefined || extra.signal.aborted) return;
        extra
          .sendNotification({ method: "notifications/progress", params: { progressToken: token, progress: percent, total: 100, message } })
          .catch(debug);
      },
    };
    const call = callTool(TOOLS, request.params.name, request.params.arguments, context, debug);
    running.add(call);
    void call.finally(() => running.delete(call));
    return call;
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: await listResources(config.roots, config.settings.env) }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: [...TEMPLATES] }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    try {
      return { contents: [await readResource(request.params.uri, config.roots, config.settings.env)] };
    } catch (error) {
      debug(error);
      if (error instanceof ResourceNotFound) throw error;
      throw new ResourceNotFound(`cannot read ${request.params.uri}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  return { server, running };
}

/** Serves on stdin/stdout; the returned promise settles when the client closes stdin. */
/**
 * Serves on stdin/stdout; the returned promise settles when the client closes stdin, or when
 * `config.stop` is aborted and the calls it cancelled have cleaned up.
 */
export async function serveStdio(config: ServerConfig): Promise<Promise<void>> {
  const { server, running } = createServer(config);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve;
    // The SDK's transport does not notice a closed stdin; the client going away ends the server.
    process.stdin.once("end", () => void server.close().finally(resolve));
    config.stop?.addEventListener("abort", () => void Promise.allSettled([...running]).then(() => server.close()).finally(resolve), { once: true });
  });
  await server.connect(transport);
  return closed;
}
