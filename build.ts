#!/usr/bin/env bun
/**
 * Builds the single executable: `bun run build.ts` -> dist/hotpass for this machine;
 * `bun run build.ts --target bun-linux-arm64` (repeatable, or `--all`) cross-builds
 * dist/hotpass-linux-arm64 and friends; `--outdir DIR` writes elsewhere. Minified, with bytecode and ESM (bytecode without
 * `--format=esm` produces a binary that builds fine but cannot run, so the host build is run once
 * before it counts as built).
 */
import { $ } from "bun";
import { rmSync, statSync } from "node:fs";
import { join } from "node:path";

const ALL_TARGETS = [
  "bun-linux-x64",
  "bun-linux-arm64",
  "bun-darwin-x64",
  "bun-darwin-arm64",
  "bun-windows-x64",
] as const;

// ssh2 tries the optional native `cpu-features` addon; it must stay out of the bundle so the
// binary falls back to ssh2's pure-JS path on machines where the addon was never built.
const EXTERNAL = ["cpu-features"];

let outdir = "dist";

/**
 * The commit being built, for `hotpass --version`: 12 hex digits of HEAD, `-dirty` when tracked
 * files differ from it, `unknown` outside a git checkout.
 */
async function buildCommit(): Promise<string> {
  const head = await $`git rev-parse HEAD`.nothrow().quiet();
  if (head.exitCode !== 0) return "unknown";
  const status = await $`git status --porcelain --untracked-files=no`.nothrow().quiet();
  const dirty = status.exitCode !== 0 || status.stdout.toString().trim() !== "";
  return `${head.stdout.toString().trim().slice(0, 12)}${dirty ? "-dirty" : ""}`;
}

const commit = await buildCommit();

function outputName(target: string | undefined): string {
  if (!target) return `${outdir}/hotpass`;
  const name = `${outdir}/hotpass-${target.replace(/^bun-/, "")}`;
  return target.includes("windows") ? `${name}.exe` : name;
}

async function build(target: string | undefined): Promise<string> {
  const outfile = outputName(target);
  // --splitting keeps each lazily imported command in its own chunk inside the executable, so
  // `--version` does not load every command's code: 29 ms -> 9 ms median start-up here.
  // Identifiers are not minified and the source map is embedded, so a `--debug` stack trace names
  // the real functions and files (src/pipeline/load/index.ts:23); measured: no change to
  // `--version` or `--help` start-up, about 3 MiB more binary.
  const flags = ["--compile", "--minify-syntax", "--minify-whitespace", "--bytecode", "--format=esm", "--splitting", "--sourcemap=linked"];
  // Inlined as a constant, so `--version` costs nothing extra at start-up.
  flags.push(`--define=HOTPASS_BUILD_COMMIT=${JSON.stringify(commit)}`);
  if (target) flags.push(`--target=${target}`);
  for (const name of EXTERNAL) flags.push(`--external=${name}`);
  // The worker thread's entry is a second entry point; inside the binary it is found by its path
  // under src/ (src/pipeline/threads.ts).
  await $`bun build ${flags} ./src/cli.ts ./src/pipeline/worker.ts --outfile ${outfile}`.quiet();
  // The maps are inside the executable; the copies the bundler leaves beside it are not needed.
  rmSync(`${outfile}.map`, { force: true });
  for (const map of new Bun.Glob("*.js.map").scanSync(outdir)) rmSync(join(outdir, map), { force: true });
  return outfile;
}

async function verify(outfile: string): Promise<void> {
  const result = await $`${outfile} --version`.env({}).nothrow().quiet();
  const version = (await Bun.file("package.json").json()).version as string;
  if (result.exitCode !== 0 || result.stdout.toString().trim() !== `${version} (commit ${commit})`) {
    console.error(`build: ${outfile} does not run (exit ${result.exitCode}): ${result.stderr.toString().trim()}`);
    process.exit(1);
  }
}

function size(path: string): string {
  return `${(statSync(path).size / (1024 * 1024)).toFixed(1)} MiB`;
}

const argv = process.argv.slice(2);
const targets: (string | undefined)[] = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--all") targets.push(...ALL_TARGETS);
  else if (argv[i] === "--target") targets.push(argv[++i]);
  else if (argv[i]?.startsWith("--target=")) targets.push(argv[i]!.slice("--target=".length));
  else if (argv[i] === "--outdir") outdir = argv[++i] ?? outdir;
  else {
    console.error(`build: unknown argument ${argv[i]}; use --target bun-<os>-<arch> or --all`);
    process.exit(2);
  }
}
if (targets.length === 0) targets.push(undefined);

for (const target of targets) {
  const started = performance.now();
  const outfile = await build(target);
  if (!target) await verify(outfile);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`built ${outfile} (${size(outfile)}) in ${seconds} s`);
}
