/**
 * Refines started from the page (`--allow-run` only). The request names a profile, an input
 * folder and an output file name; the folder must be inside a --dist-dir or --root folder and the
 * output lands in a dist folder, so the run appears in Runs. Nothing else can be run: there is no
 * command, path or flag in the request beyond those three. One refine at a time.
 */
import { join } from "node:path";
import { runRefine, type DashboardSettings, type PipelineEvent } from "./data.ts";
import type { Folders } from "./paths.ts";

export interface RefineForm {
  profile: string;
  /** `<root index>/<folder inside it>` as offered by the form. */
  input: string;
  /** Which dist folder the output goes to. */
  dist: number;
  /** A plain file name with a table suffix. */
  output: string;
}

export interface JobUpdate {
  kind: "event" | "done" | "failed";
  name?: string;
  data?: unknown;
  message?: string;
}

export interface Job {
  id: string;
  state: "running" | "done" | "failed";
  updates: JobUpdate[];
  listeners: Set<(update: JobUpdate) => void>;
}

const OUTPUT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.(xlsx|csv|parquet|json)$/;
/** Progress events go to the page as they come; the rest of the stream is not needed there. */
const SHOWN = new Set(["pipeline.start", "load.file", "load.completed", "normalise.completed", "aggregate.progress", "aggregate.completed", "expectations.completed", "write.completed", "pipeline.completed", "warning"]);

export class Jobs {
  private readonly jobs = new Map<string, Job>();
  private running: Job | undefined;

  constructor(
    private readonly dists: Folders,
    private readonly roots: Folders,
    private readonly profiles: () => Promise<string[]>,
    private readonly settings: DashboardSettings,
    private readonly searchPath: string[],
  ) {}

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  /** Checks the form and starts the refine; returns the job, or the reason it was refused. */
  async start(form: Partial<RefineForm>): Promise<Job | { refused: string }> {
    if (this.running) return { refused: "a refine is already running; wait for it to finish" };
    if (typeof form.profile !== "string" || !(await this.profiles()).includes(form.profile)) return { refused: "choose one of the profiles offered" };
    if (typeof form.output !== "string" || !OUTPUT_NAME.test(form.output)) {
      return { refused: "the output name must be a plain file name ending in .xlsx, .csv, .parquet or .json" };
    }
    const distRoot = typeof form.dist === "number" ? this.dists.real[form.dist] : undefined;
    const input = typeof form.input === "string" ? this.inputFolder(form.input) : undefined;
    if (!input) return { refused: "the input folder must be one of the folders offered (inside a --dist-dir or --root folder)" };
    if (distRoot === undefined) return { refused: "choose one of the dist folders offered" };
    const job: Job = { id: crypto.randomUUID(), state: "running", updates: [], listeners: new Set() };
    this.jobs.set(job.id, job);
    this.running = job;
    const push = (update: JobUpdate) => {
      job.updates.push(update);
      for (const listener of job.listeners) listener(update);
    };
    const onEvent = (event: PipelineEvent) => {
      if (SHOWN.has(event.name)) push({ kind: "event", name: event.name, data: event.data });
    };
    runRefine({ inputDir: input, outputPath: join(distRoot, form.output), profile: form.profile, profileSearchPath: this.searchPath }, { onEvent, settings: this.settings })
      .then((result) => {
        job.state = "done";
        push({ kind: "done", data: { records: result.records, qualityMean: result.qualityScoreMean, expectationsPassed: result.expectationsPassed, runId: result.runId } });
      })
      .catch((error: unknown) => {
        job.state = "failed";
        push({ kind: "failed", message: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => {
        this.running = undefined;
      });
    return job;
  }

  private inputFolder(value: string): string | undefined {
    const slash = value.indexOf("/");
    const index = Number(slash < 0 ? value : value.slice(0, slash));
    const rel = slash < 0 ? "" : value.slice(slash + 1);
    if (!Number.isInteger(index)) return undefined;
    if (rel === "") return this.roots.real[index];
    return this.roots.resolve(index, rel, "dir");
  }
}
