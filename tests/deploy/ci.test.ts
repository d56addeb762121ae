/**
 * deploy/ci/ and the release workflow: the YAML files parse, and the recipes' own shell steps run
 * here as a runner would run them: they download the binary from a local stand-in for the
 * release page (holding what the release workflow's build and checksum steps produce), check its
 * sum, refine a folder of workbooks in strict mode, and fail on a data-contract failure. The
 * Kubernetes CronJob's init script and container run the same way, with the OTLP and lineage
 * settings of its Secret pointed at the suite's OTLP receiver and Marquez-like server.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { generateAviationWorkbooks } from "../../bench/generate.ts";
import { ROOT, tempDir } from "../support/binary.ts";
import { startMarquez, type MarquezServer } from "../support/marquez.ts";
import { startOtlpReceiver, type OtlpReceiver } from "../support/otlp-receiver.ts";
import { writeXlsx } from "../support/workbooks.ts";
import { bash, DEPLOY, readYaml, readYamlDocuments, startReleaseServer, type ReleaseServer, type Yaml } from "./recipes.ts";

let tmp: ReturnType<typeof tempDir>;
let release: ReleaseServer;
let goodData: string;
let badData: string;

beforeAll(async () => {
  tmp = tempDir();
  release = await startReleaseServer(join(tmp.path, "release"));
  goodData = join(tmp.path, "good-data");
  await generateAviationWorkbooks({ orgs: 30, out: goodData, seed: 3 });
  badData = join(tmp.path, "bad-data");
  mkdirSync(badData);
  writeXlsx(badData, "SACAA Cleaned.xlsx", [{ name: "Cleaned", rows: [["Province", "Status"], ["Gauteng", "Active"]] }]);
}, 120_000);
afterAll(async () => {
  await release.stop();
  tmp.cleanup();
});

/** A checkout of a data repository: data/ holds the given workbooks. */
function checkout(name: string, data: string): string {
  const dir = join(tmp.path, name);
  cpSync(data, join(dir, "data"), { recursive: true });
  return dir;
}

const baseEnv = () => ({ PATH: process.env.PATH, HOME: join(tmp.path, "home"), HOTPASS_STATE_DIR: join(tmp.path, "state"), NO_COLOR: "1" });

describe("the release workflow", () => {
  test("on a tag it builds every target with build.ts --all and publishes the binaries with SHA256SUMS", () => {
    const workflow = readYaml(join(ROOT, ".github/workflows/release.yml"));
    expect(workflow.on.push.tags).toEqual(["v*"]);
    const steps = workflow.jobs.release.steps as Yaml[];
    expect(steps.find((s) => s.id === "build")!.run).toBe("bun run build.ts --all");
    expect(workflow.jobs.release.needs).toBe("test");
    expect(workflow.jobs.test.steps.at(-1).run).toBe("bash .ci/run");
    const publish = steps.at(-1)!.run as string;
    expect(publish).toContain("dist/hotpass-* dist/SHA256SUMS");
    // What the checksum step wrote for the linux-x64 build verifies with sha256sum -c.
    expect(readdirSync(release.dir).sort()).toEqual(["SHA256SUMS", "hotpass-linux-x64"]);
    const check = Bun.spawnSync(["sha256sum", "-c", "SHA256SUMS"], { cwd: release.dir });
    expect(check.stdout.toString().trim()).toBe("hotpass-linux-x64: OK");
  });
});

describe("deploy/ci/github-actions.yml", () => {
  const workflow = readYaml(join(DEPLOY, "ci", "github-actions.yml"));
  const steps = workflow.jobs.refine.steps as Yaml[];
  const step = (id: string) => steps.find((s) => s.id === id)!;
  // Unset secrets are empty strings on a runner.
  const workflowEnv = () => Object.fromEntries(Object.entries(workflow.env as Record<string, string>).map(([k, v]) => [k, v.startsWith("${{") ? "" : v]));

  async function job(name: string, data: string) {
    const repo = checkout(name, data);
    const githubPath = join(tmp.path, `${name}-github-path`);
    const env = { ...baseEnv(), ...workflowEnv(), HOTPASS_RELEASE_URL: release.url, RUNNER_TEMP: join(tmp.path, `${name}-runner`), GITHUB_PATH: githubPath, GITHUB_RUN_ID: "4242" };
    const download = await bash(step("download").run, { cwd: repo, env });
    expect(download.stderr).toBe("");
    expect(download.code).toBe(0);
    const path = `${readFileSync(githubPath, "utf8").trim()}:${env.PATH}`;
    const refine = await bash(step("refine").run, { cwd: repo, env: { ...env, PATH: path } });
    return { repo, download, refine, env: { ...env, PATH: path } };
  }

  test("downloads the released binary, checks its sum, refines in strict mode and keeps dist/ for upload", async () => {
    const { repo, download, refine } = await job("gh-good", goodData);
    expect(download.stdout).toContain("hotpass-linux-x64: OK");
    expect(download.stdout).toMatch(/^\S+ \(commit [0-9a-f]{12}(-dirty)?\)$/m);
    expect(release.requests).toContain("SHA256SUMS");
    expect(refine.code).toBe(0);
    for (const file of ["refined.xlsx", "refined-quality-report.json", "refine-log.jsonl"]) expect(existsSync(join(repo, "dist", file))).toBe(true);
    const summary = readFileSync(join(repo, "dist", "refine-log.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l)).at(-1);
    expect(summary.event).toBe("summary");
    const upload = steps.find((s) => String(s.uses).startsWith("actions/upload-artifact@"))!;
    expect(upload.if).toBe("always()");
    expect(upload.with.path).toBe("dist/");
  });

  test("a data-contract failure fails the job (exit 2) with an annotation pointing at the report", async () => {
    const { refine } = await job("gh-bad", badData);
    expect(refine.code).toBe(2);
    expect(refine.stdout).toContain("::error title=hotpass refine::data contract failed (exit 2)");
  });

  test("the dashboard's static export of the run lands in dist/ (uploaded with it)", async () => {
    const { repo, env } = await job("gh-dashboard", goodData);
    const exported = await bash(step("dashboard").run, { cwd: repo, env });
    expect(exported.code).toBe(0);
    expect(existsSync(join(repo, "dist", "dashboard", "index.html"))).toBe(true);
    expect(step("dashboard")["continue-on-error"]).toBe(true);
  });
});

describe("deploy/ci/gitlab-ci.yml", () => {
  const job = readYaml(join(DEPLOY, "ci", "gitlab-ci.yml")).refine as Yaml;

  /** before_script and script run in one shell, as the GitLab runner does; the image's apt-get install is skipped (curl is here). */
  async function run(name: string, data: string) {
    const repo = checkout(name, data);
    const lines = [...(job.before_script as string[]).filter((line) => !line.startsWith("apt-get")), ...(job.script as string[])];
    return { repo, result: await bash(lines.join("\n"), { cwd: repo, env: { ...baseEnv(), ...job.variables, HOTPASS_RELEASE_URL: release.url, CI_PROJECT_DIR: repo, CI_PIPELINE_ID: "77" } }) };
  }

  test("downloads the released binary, checks its sum and refines in strict mode; the dashboard export follows; dist/ is kept always", async () => {
    const { repo, result } = await run("gl-good", goodData);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("hotpass-linux-x64: OK");
    expect(existsSync(join(repo, "dist", "refined.xlsx"))).toBe(true);
    const after = await bash((job.after_script as string[]).join("\n"), { cwd: repo, env: { ...baseEnv(), CI_PROJECT_DIR: repo } });
    expect(after.code).toBe(0);
    expect(existsSync(join(repo, "dist", "dashboard", "index.html"))).toBe(true);
    expect(job.artifacts).toMatchObject({ when: "always", paths: ["dist/"] });
  });

  test("a data-contract failure fails the job with exit 2", async () => {
    const { result } = await run("gl-bad", badData);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("data contract failed");
  });
});

describe("deploy/ci/kubernetes-cronjob.yaml", () => {
  const docs = readYamlDocuments(join(DEPLOY, "ci", "kubernetes-cronjob.yaml"));
  const secret = docs.find((d) => d.kind === "Secret")!;
  const cronJob = docs.find((d) => d.kind === "CronJob")!;
  const pod = cronJob.spec.jobTemplate.spec.template.spec;
  let receiver: OtlpReceiver;
  let marquez: MarquezServer;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    marquez = await startMarquez();
  });
  afterAll(async () => {
    await receiver.stop();
    await marquez.stop();
  });

  test("the Secret's keys are settings the binary reads, and the container takes them all", () => {
    const sources = ["src/telemetry/options.ts", "src/telemetry/lineage/config.ts"].map((f) => readFileSync(join(ROOT, f), "utf8")).join("\n");
    for (const key of Object.keys(secret.stringData)) expect(sources).toContain(`env.${key}`);
    expect(pod.containers[0].envFrom).toEqual([{ secretRef: { name: secret.metadata.name } }]);
    expect(cronJob.spec.concurrencyPolicy).toBe("Forbid");
    const claim = docs.find((d) => d.kind === "PersistentVolumeClaim")!;
    expect(pod.volumes.find((v: Yaml) => v.persistentVolumeClaim)?.persistentVolumeClaim.claimName).toBe(claim.metadata.name);
  });

  test("the init container fetches and checks the binary; the job refines with the Secret's OTLP and lineage settings", async () => {
    const bin = join(tmp.path, "k8s-bin");
    const work = checkout("k8s-work", goodData);
    mkdirSync(bin);
    const init = pod.initContainers[0];
    const binMount = init.volumeMounts[0].mountPath as string;
    const initScript = (init.args[0] as string).replaceAll(binMount, bin);
    const initEnv = Object.fromEntries((init.env as Yaml[]).map((e) => [e.name, e.value]));
    const fetched = await bash(initScript, { cwd: tmp.path, env: { ...baseEnv(), ...initEnv, HOTPASS_RELEASE_URL: release.url }, shell: init.command });
    expect(fetched.stderr).toBe("");
    expect(fetched.code).toBe(0);

    const container = pod.containers[0];
    const workMount = container.volumeMounts.find((m: Yaml) => m.name === "work").mountPath as string;
    const local = (value: string) => value.replaceAll(binMount, bin).replaceAll(workMount, work);
    const secretEnv = { ...secret.stringData, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OPENLINEAGE_URL: marquez.url, OPENLINEAGE_API_KEY: "k8s-test-token" };
    const containerEnv = Object.fromEntries((container.env as Yaml[]).map((e) => [e.name, local(e.value)]));
    const proc = Bun.spawn([local(container.command[0]), ...container.args], {
      cwd: local(container.workingDir),
      env: { HOME: join(tmp.path, "k8s-home"), ...secretEnv, ...containerEnv },
      stdout: "pipe",
      stderr: "pipe",
    });
    const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout.trim().split("\n").map((l) => JSON.parse(l).event)).toContain("summary");

    const root = receiver.spans.find((span) => span.name === "hotpass.refine")!;
    expect(root.resource).toMatchObject({ "deploy.platform": "kubernetes", "k8s.cronjob.name": "hotpass-refine" });
    expect(marquez.problems).toEqual([]);
    expect(marquez.posts.map((p) => [p.status, p.authorization])).toEqual([
      [201, "Bearer k8s-test-token"],
      [201, "Bearer k8s-test-token"],
    ]);
    // The state folder (spool and event log) is on the job's volume, so the next run finds it.
    expect(existsSync(join(containerEnv.HOTPASS_STATE_DIR!, "lineage-events.jsonl"))).toBe(true);
    expect(containerEnv.HOTPASS_STATE_DIR!.startsWith(work)).toBe(true);
  });
});
