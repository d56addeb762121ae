/** Every tool the server offers, in the order `tools/list` shows them (a role sees its share). */
import type { Tool } from "../tool.ts";
import { lineageGraphTool, lineageShowTool } from "./lineage.ts";
import { explainProvenanceTool, listRunsTool, qualityReportTool } from "./reports.ts";
import { enrichTool, qaTool, refineTool } from "./run.ts";
import { doctorTool, listProfilesTool, netStatusTool, validateProfileTool } from "./setup.ts";

export const TOOLS: readonly Tool[] = [
  refineTool,
  enrichTool,
  qaTool,
  explainProvenanceTool,
  qualityReportTool,
  listRunsTool,
  lineageShowTool,
  lineageGraphTool,
  listProfilesTool,
  validateProfileTool,
  doctorTool,
  netStatusTool,
];
