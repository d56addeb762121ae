/**
 * `tools/list` and `tools/call` for the role the server started with. A tool the role may not
 * call is not listed, and calling it anyway is refused with a result that says why. Arguments are
 * checked against the tool's schema before it runs; every failure (bad arguments, a path outside
 * the roots, an unknown run, a broken file) is a result with `isError: true` carrying the same
 * message and hint the CLI prints, never a protocol error and never a stack trace.
 */
import { z } from "zod";
import { isHotpassError } from "../errors.ts";
import { allows, type Role } from "./access.ts";
import type { Tool, ToolContext } from "./tool.ts";

export interface ListedTool {
  name: string;
  title: string;
  description: string;
  inputSchema: { type: "object"; [key: string]: unknown };
  outputSchema: { type: "object"; [key: string]: unknown };
  annotations: { title: string } & ReturnType<Tool["annotations"]>;
}

export interface CallResult {
  [key: string]: unknown;
  content: { type: "text"; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** JSON Schema draft-07, the dialect MCP clients validate with. */
function jsonSchema(schema: z.ZodType, io: "input" | "output"): { type: "object"; [key: string]: unknown } {
  const { $schema: _, ...body } = z.toJSONSchema(schema, { target: "draft-7", io, unrepresentable: "any" }) as Record<string, unknown>;
  return { ...body, type: "object" };
}

export function listTools(tools: readonly Tool[], role: Role): ListedTool[] {
  return tools
    .filter((tool) => allows(role, tool.role))
    .map((tool) => ({
      name: tool.name,
      title: tool.title,
      description: tool.description(role),
      inputSchema: jsonSchema(tool.input, "input"),
      outputSchema: jsonSchema(tool.output, "output"),
      annotations: { title: tool.title, ...tool.annotations(role) },
    }));
}

/** The CLI's two lines (`hotpass: error: ...`, `hotpass: hint: ...`) as a tool error result. */
export function failure(message: string, hint?: string): CallResult {
  const text = `hotpass: error: ${message}${hint ? `\nhotpass: hint: ${hint}` : ""}`;
  return { content: [{ type: "text", text }], isError: true };
}

export async function callTool(
  tools: readonly Tool[],
  name: string,
  args: unknown,
  context: ToolContext,
  debug: (error: unknown) => void,
): Promise<CallResult> {
  const tool = tools.find((t) => t.name === name);
  if (!tool) {
    return failure(`unknown tool '${name}'`, `the tools this server offers are listed by tools/list`);
  }
  if (!allows(context.role, tool.role)) {
    return failure(
      `${name} needs the ${tool.role} role; this server runs as ${context.role} (${context.roleOrigin})`,
      `the role is fixed when the server starts: it cannot be changed by a call (start it with --role ${tool.role} to allow ${name})`,
    );
  }
  const parsed = tool.input.safeParse(args ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "arguments"}: ${issue.message}`);
    return failure(`invalid arguments for ${name}: ${problems.join("; ")}`, "see the tool's inputSchema in tools/list");
  }
  try {
    const answer = await tool.run(parsed.data, context);
    return { content: [{ type: "text", text: answer.text }], structuredContent: answer.structured as Record<string, unknown> };
  } catch (error) {
    debug(error);
    if (isHotpassError(error)) return failure(error.message, error.hint);
    const message = error instanceof Error ? error.message : String(error);
    return failure(message, "the server's --debug flag writes where it failed to its standard error");
  }
}
