/**
 * The shapes of the JSON answers, shared by the server and the page. Types only, importing
 * nothing of the server, so the browser bundle and its type check stay clear of it.
 */

/** passed; warning: completed with failed expectations; failed: strict failure or a FAIL in the lineage log; broken: unreadable report. */
export type RunStatus = "passed" | "warning" | "failed" | "broken";

/** What made the run: a refine, an enrich, or a `hotpass qa` check of a table. */
export type RunCommand = "refine" | "enrich" | "qa";

export interface FileLink {
  name: string;
  /** `/files/<folder index>/<path inside it>`, or undefined when the file is outside the folders. */
  href?: string;
}

export interface RunRow {
  /** `<folder index>/<report path inside it>`: the run's address in the dashboard. */
  key: string;
  command: RunCommand;
  time: string;
  runId: string;
  profile: string;
  status: RunStatus;
  records?: number;
  qualityMean?: number;
  invalid?: number;
  expectations?: { passed: number; failed: number };
  durationSeconds?: number;
  files: FileLink[];
  report: FileLink;
  error?: string;
}

export interface RunAnswer {
  row: RunRow;
  /** The report as written (a refine's quality report or an enrich report); absent when broken. */
  report?: Record<string, unknown>;
  error?: string;
  /** Links for the contract notices the report names, in its order. */
  notices: FileLink[];
  /** Whether the run's output table can be opened on the Table page. */
  table?: FileLink;
}

export interface LineageAnswer {
  source: string;
  note?: string;
  /** The run as the lineage source knows it, when asked about a run. */
  run?: { runId: string; state: string; startedAt?: string; endedAt?: string; inputs: string[]; outputs: string[]; traceId?: string };
  edges: { from: string; to: string }[];
  focus: string[];
  depth: number;
}

export interface RefineOptionsAnswer {
  enabled: boolean;
  profiles: string[];
  inputs: { value: string; label: string }[];
  dists: { value: number; label: string }[];
}


/** Whether a run's page offers "Check with hotpass qa" (with --allow-run, for a run with a table). */
export interface QaOptionsAnswer {
  enabled: boolean;
  /** The run's profile, which the check uses. */
  profile?: string;
  /** Why the check cannot run on this run (shown instead of the button). */
  problem?: string;
}

/** What the page sends: the run (never a path) and the mode. */
export interface QaForm {
  key: string;
  qaMode: "default" | "strict";
}

export interface QaCheckLine {
  scope: string;
  rule: string;
  column?: string;
  failed: number;
  total: number;
  message: string;
  samples: { row: number; value: string }[];
}

/** A finished check, as `hotpass qa` would summarise it. */
export interface QaAnswer {
  runId: string;
  /** The table as qa read it (its full path, as the CLI prints it). */
  table: string;
  profile: string;
  qaMode: "default" | "strict";
  rows: number;
  invalid: number;
  qualityMean: number;
  expectations: { passed: number; failed: number };
  contract: { passed: number; failed: number; broken: boolean };
  /** The failed checks (contract first), at most QA_FAILURES_SHOWN. */
  failures: QaCheckLine[];
  failuresTotal: number;
  /** What `hotpass qa` would exit with: 0, or 2 (contract broken, or a failure in strict mode). */
  exitCode: 0 | 2;
  reportPath: string;
  report: FileLink;
  /** The check as a run in the dashboard (it lands in Runs), when its report is in a dist folder. */
  runKey?: string;
}
