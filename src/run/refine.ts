/**
 * A refine run as every surface starts it: the request (what the caller asked for, as typed
 * values) is resolved once into the pipeline's options — profile loaded, paths made absolute,
 * every value checked with the same messages the CLI prints — and run inside `withRun`.
 *
 * @example
 * const result = await runRefine({ inputDir: "data", outputPath: "dist/refined.xlsx", profile: "aviation" });
 * console.log(result.qualityScoreMean, result.reportPath);
 */
import { randomUUID } from "node:crypto";
import { dirname, resolve } from "node:path";
import { usageError } from "../errors.ts";
import type { QaMode, RefineOptions, RefineResult, ReportFormat } from "../pipeline/types.ts";
import type { Profile } from "../profiles/types.ts";
import type { LineageInputs } from "../telemetry/lineage/config.ts";
import type { TelemetryInputs } from "../telemetry/options.ts";
import type { RunControl } from "./control.ts";
import { DEFAULT_MEMORY_BUDGET_MB } from "../pipeline/spill/plan.ts";
import { libraryIo, type RunIo } from "./io.ts";
import { withRun } from "./lifecycle.ts";

export interface RefineRequest {
  /** Folder of workbooks (default `./data`). */
  inputDir?: string;
  /** The refined table; its suffix picks the format (default `dist/refined.xlsx`). */
  outputPath?: string;
  /** A profile name (searched in `profileSearchPath`, then bundled), a profile file, or a loaded profile. */
  profile?: string | Profile;
  profileSearchPath?: string[];
  /** Default: a fresh UUID. Letters, digits, `.`, `_` and `-` (it names a folder). */
  runId?: string;
  /** Reports, contract notices and archives (default: the output's folder). */
  distDir?: string;
  /** Default phone region (default: the profile's, else ZA). */
  countryCode?: string;
  qaMode?: QaMode;
  archive?: boolean;
  reportPath?: string;
  reportFormats?: ReportFormat[];
  /** Zip-bomb guard in MiB (default 1024). */
  maxUncompressedMb?: number;
  /** Above this (estimated, in MiB) the records go to disk, partitioned (default 1024). */
  memoryBudgetMb?: number;
  telemetry?: TelemetryInputs;
  lineage?: LineageInputs;
  /** Relative paths resolve against this folder (default: the working folder). */
  cwd?: string;
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const DEFAULT_MAX_UNCOMPRESSED_MB = 1024;

/** The library entry: refine as the CLI does it, reporting to `control` instead of the console. */
export function runRefine(request: RefineRequest, control: RunControl = {}): Promise<RefineResult> {
  return refine(request, libraryIo(control));
}

/** Refine for any surface (the CLI passes its console renderer and the process's signal). */
export async function refine(request: RefineRequest, io: RunIo): Promise<RefineResult> {
  const options = await refineOptions(request);
  const { runPipeline } = await import("../pipeline/run.ts");
  return withRun(
    {
      command: "refine",
      runId: options.runId,
      profile: options.profile,
      telemetry: request.telemetry ?? {},
      lineage: { command: "refine", inputs: request.lineage ?? {}, distDir: options.distDir },
      ...io,
    },
    (run) => runPipeline(options, run),
  );
}

/** Resolves and checks a request (usage errors, exit 2, name the flag the CLI calls it by). */
export async function refineOptions(request: RefineRequest): Promise<RefineOptions> {
  const cwd = request.cwd ?? process.cwd();
  const { loadProfile } = await import("../profiles/loader.ts");
  const profile =
    typeof request.profile === "object" ? request.profile : await loadProfile(request.profile, request.profileSearchPath ?? []);
  const outputPath = resolve(cwd, request.outputPath ?? "dist/refined.xlsx");
  const runId = request.runId ?? randomUUID();
  if (!RUN_ID.test(runId)) throw usageError(`invalid --run-id '${runId}'`, "use letters, digits, '.', '_' and '-' (it names a folder)");
  const countryCode = (request.countryCode ?? profile.country_code ?? "ZA").toUpperCase();
  const { isSupportedCountry } = await import("libphonenumber-js/max");
  if (!isSupportedCountry(countryCode)) throw usageError(`unknown --country-code '${countryCode}'`, "give an ISO 3166 two-letter region such as ZA, GB or US");
  const budgetMb = request.memoryBudgetMb ?? DEFAULT_MEMORY_BUDGET_MB;
  if (!Number.isFinite(budgetMb) || budgetMb <= 0) throw usageError(`invalid --memory-budget-mb '${budgetMb}'`, "give a positive number of MiB, e.g. 1024");
  const maxMb = request.maxUncompressedMb ?? DEFAULT_MAX_UNCOMPRESSED_MB;
  if (!Number.isFinite(maxMb) || maxMb <= 0) throw usageError(`invalid --max-uncompressed-mb '${maxMb}'`, "give a positive number of MiB, e.g. 2048");
  return {
    inputDir: resolve(cwd, request.inputDir ?? "./data"),
    outputPath,
    profile,
    runId,
    distDir: resolve(cwd, request.distDir ?? dirname(outputPath)),
    distDirGiven: request.distDir !== undefined,
    countryCode,
    qaMode: request.qaMode ?? "default",
    archive: request.archive ?? false,
    ...(request.reportPath ? { reportPath: resolve(cwd, request.reportPath) } : {}),
    reportFormats: request.reportFormats ?? [],
    maxUncompressedBytes: Math.round(maxMb * 1024 * 1024),
    memoryBudgetBytes: Math.round(budgetMb * 1024 * 1024),
  };
}
