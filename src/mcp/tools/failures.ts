/**
 * Failed expectations as the MCP tools answer them (the quality report's and a qa check's): the
 * first FAILURES_SHOWN, each with what an agent needs to act on it, in one schema.
 */
import { z } from "zod";

export const FAILURES_SHOWN = 20;

export const failureSchema = z.object({
  rule: z.string(),
  scope: z.string(),
  column: z.string().optional(),
  failed: z.number(),
  total: z.number(),
  message: z.string(),
});

interface Failure {
  rule: string;
  scope: string;
  column?: string;
  failed: number;
  total: number;
  message: string;
}

/** The first FAILURES_SHOWN failures, with only the fields of `failureSchema`. */
export function firstFailures(failures: readonly Failure[]): z.infer<typeof failureSchema>[] {
  return failures.slice(0, FAILURES_SHOWN).map((f) => ({
    rule: f.rule,
    scope: f.scope,
    ...(f.column === undefined ? {} : { column: f.column }),
    failed: f.failed,
    total: f.total,
    message: f.message,
  }));
}
