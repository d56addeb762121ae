/**
 * Shared helpers for the deployment recipe tests: the recipe folder, YAML readers, and a local
 * "release" server holding what the release workflow publishes (built by build.ts and summed by
 * the workflow's own checksum step), so the CI recipes can download from it.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { ROOT } from "../support/binary.ts";

export const DEPLOY = join(ROOT, "deploy");

export type Yaml = Record<string, any>;

export function readYaml(path: string): Yaml {
  return parse(readFileSync(path, "utf8")) as Yaml;
}

export function readYamlDocuments(path: string): Yaml[] {
  return parseAllDocuments(readFileSync(path, "utf8")).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors.map((e) => e.message).join("; ")}`);
    return doc.toJS() as Yaml;
  });
}

export interface ShellResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a recipe's shell script with bash (errexit and pipefail, as GitHub's `shell: bash` does). */
export async function bash(script: string, options: { cwd: string; env: Record<string, string | undefined>; shell?: string[] }): Promise<ShellResult> {
  const env = Object.fromEntries(Object.entries(options.env).filter((e): e is [string, string] => e[1] !== undefined));
  const proc = Bun.spawn([...(options.shell ?? ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c"]), script], {
    cwd: options.cwd,
    env,
    stdout: "pipe",
    stderr: "pipe",
    timeout: 120_000,
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr };
}

export interface ReleaseServer {
  /** Stands in for https://github.com/<owner>/<repo>/releases/download/<tag> */
  url: string;
  dir: string;
  requests: string[];
  stop(): Promise<void>;
}

/**
 * What the release workflow publishes for linux-x64: build.ts's binary for that target (the
 * workflow builds every target with --all; one is enough to check names and sums) and the
 * SHA256SUMS written by the workflow's own checksum step.
 */
export async function startReleaseServer(dir: string): Promise<ReleaseServer> {
  const dist = join(dir, "dist");
  mkdirSync(dist, { recursive: true });
  const build = Bun.spawnSync(["bun", "run", "build.ts", "--target", "bun-linux-x64", "--outdir", dist], { cwd: ROOT, stderr: "pipe" });
  if (build.exitCode !== 0) throw new Error(`build.ts failed: ${build.stderr}`);
  const release = readYaml(join(ROOT, ".github/workflows/release.yml"));
  const checksums = (release.jobs.release.steps as Yaml[]).find((step) => step.id === "checksums")!;
  const summed = await bash(checksums.run, { cwd: dist, env: { PATH: process.env.PATH } });
  if (summed.code !== 0) throw new Error(`the checksum step failed: ${summed.stderr}`);
  const requests: string[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(request) {
      const name = decodeURIComponent(new URL(request.url).pathname.split("/").pop() ?? "");
      requests.push(name);
      const file = Bun.file(join(dist, name));
      return file.size > 0 && !name.includes("..") ? new Response(file) : new Response("not found", { status: 404 });
    },
  });
  return { url: `http://127.0.0.1:${server.port}/releases/download/v0`, dir: dist, requests, stop: async () => void (await server.stop(true)) };
}
