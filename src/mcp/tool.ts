/**
 * What an MCP tool of Hotpass is: a name, what an agent reads to choose it, zod schemas for its
 * arguments and its answer (published as JSON Schema), true annotations, the least role that may
 * call it, and a `run` that returns the structured answer plus a short text rendering.
 */
import type { z } from "zod";
import type { Role } from "./access.ts";
import type { TableCache } from "./cache.ts";
import type { ServerSettings } from "./library.ts";
import type { Roots } from "./roots.ts";

export interface Annotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export interface ToolContext {
  /** The server's role, fixed at start. */
  role: Role;
  /** "--role operator", "the policy file p.yaml": named in refusals. */
  roleOrigin: string;
  roots: Roots;
  settings: ServerSettings;
  tables: TableCache;
  /** Aborted when the client sends notifications/cancelled for this call. */
  signal: AbortSignal;
  /** Sends a progress notification when the client asked for them (no-op otherwise). */
  progress: (percent: number, message: string) => void;
}

export interface ToolAnswer<O> {
  structured: O;
  /** A few lines a person (or a client without structured content) can read. */
  text: string;
}

export interface ToolSpec<I extends z.ZodObject, O extends z.ZodObject> {
  name: string;
  title: string;
  /** Depends on the role where what the tool may do does (enrich's network). */
  description: string | ((role: Role) => string);
  role: Role;
  input: I;
  output: O;
  annotations: Annotations | ((role: Role) => Annotations);
  run(args: z.output<I>, context: ToolContext): Promise<ToolAnswer<z.input<O>>>;
}

/** A tool with its types erased, as the dispatcher holds them. */
export interface Tool {
  name: string;
  title: string;
  description: (role: Role) => string;
  role: Role;
  input: z.ZodObject;
  output: z.ZodObject;
  annotations: (role: Role) => Annotations;
  run(args: unknown, context: ToolContext): Promise<ToolAnswer<unknown>>;
}

export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(spec: ToolSpec<I, O>): Tool {
  const { description, annotations } = spec;
  return {
    name: spec.name,
    title: spec.title,
    role: spec.role,
    input: spec.input,
    output: spec.output,
    description: typeof description === "function" ? description : () => description,
    annotations: typeof annotations === "function" ? annotations : () => annotations,
    run: (args, context) => spec.run(args as z.output<I>, context),
  };
}

/** A tool that only reads local files. */
export const READ_ONLY: Annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
