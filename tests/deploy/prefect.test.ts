/**
 * deploy/prefect/: Prefect cannot be installed here, so the flow is compiled (python3 -m
 * py_compile), its shape read with Python's own parser (the deployment's entrypoint and
 * parameters match the flow function), and the exact command it builds (from the same function
 * the flow calls) is run against the binary with the suite's OTLP receiver and Marquez-like
 * server: the flow run's attributes and the lineage parent must arrive.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { generateAviationWorkbooks } from "../../bench/generate.ts";
import { BINARY, ROOT, tempDir } from "../support/binary.ts";
import { startMarquez, type MarquezServer } from "../support/marquez.ts";
import { startOtlpReceiver, type OtlpReceiver } from "../support/otlp-receiver.ts";
import { bash, DEPLOY, readYaml, type Yaml } from "./recipes.ts";

const PREFECT = join(DEPLOY, "prefect");
let tmp: ReturnType<typeof tempDir>;

function python(script: string, input = ""): { code: number; stdout: string; stderr: string } {
  const result = Bun.spawnSync(["python3", "-c", script], {
    cwd: PREFECT,
    stdin: new Blob([input]),
    env: { ...process.env, PYTHONPYCACHEPREFIX: join(tmp.path, "pycache"), PYTHONDONTWRITEBYTECODE: "1" } as Record<string, string>,
    stderr: "pipe",
  });
  return { code: result.exitCode, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

const deployment = () => readYaml(join(PREFECT, "prefect.yaml")).deployments[0] as Yaml;

describe("deploy/prefect", () => {
  test("the flow and its command module compile", () => {
    const result = Bun.spawnSync(["python3", "-m", "py_compile", join(PREFECT, "flow.py"), join(PREFECT, "hotpass_command.py")], {
      env: { ...process.env, PYTHONPYCACHEPREFIX: join(tmp.path, "pycache") } as Record<string, string>,
      stderr: "pipe",
    });
    expect(result.stderr.toString()).toBe("");
    expect(result.exitCode).toBe(0);
  });

  test("prefect.yaml: a cron-scheduled deployment whose entrypoint and parameters are the flow's", () => {
    const dep = deployment();
    const [file, fn] = String(dep.entrypoint).split(":");
    expect(join(ROOT, file!)).toBe(join(PREFECT, "flow.py"));
    expect(dep.schedules[0].cron).toMatch(/^(\S+\s+){4}\S+$/);
    const shape = python(`
import ast, json
tree = ast.parse(open("flow.py").read())
fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == ${JSON.stringify(fn)})
decorators = [ast.unparse(d) for d in fn.decorator_list]
calls = sorted({ast.unparse(c.func) for c in ast.walk(fn) if isinstance(c, ast.Call)})
print(json.dumps({"params": [a.arg for a in fn.args.args], "decorators": decorators, "calls": calls}))
`);
    expect(shape.stderr).toBe("");
    const { params, decorators, calls } = JSON.parse(shape.stdout);
    expect(decorators.some((d: string) => d.startsWith("flow("))).toBe(true);
    expect(Object.keys(dep.parameters).sort()).toEqual([...params].sort());
    for (const call of ["refine_command", "ShellOperation", "parse_summary"]) expect(calls).toContain(call);
  });

  describe("the command the flow builds, run against the binary", () => {
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

    test("carries the flow run into telemetry and lineage, and its summary becomes the flow's result", async () => {
      const work = join(tmp.path, "work");
      await generateAviationWorkbooks({ orgs: 30, out: join(work, "data"), seed: 16 });
      mkdirSync(join(work, "dist"), { recursive: true });
      const flowRunId = crypto.randomUUID();
      const parameters = { ...deployment().parameters, binary: BINARY };
      const built = python(
        `
import json, sys
from hotpass_command import refine_command
p = json.load(sys.stdin)
command, env = refine_command(binary=p["binary"], profile=p["profile"], input_dir=p["input_dir"], output_path=p["output_path"],
    qa_mode=p["qa_mode"], flow_run_id=${JSON.stringify(flowRunId)}, flow_run_name="crimson-panda", flow_name="hotpass-refine")
print(json.dumps({"command": command, "env": env}))
`,
        JSON.stringify(parameters),
      );
      expect(built.stderr).toBe("");
      const { command, env } = JSON.parse(built.stdout) as { command: string; env: Record<string, string> };

      // As the worker would run it: the deployment's environment, with the collector and Marquez here.
      const run = await bash(command, {
        cwd: work,
        env: {
          PATH: process.env.PATH,
          HOME: join(tmp.path, "home"),
          HOTPASS_STATE_DIR: join(tmp.path, "state"),
          ...deployment().work_pool.job_variables.env,
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
          OPENLINEAGE_URL: marquez.url,
          ...env,
        },
      });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);

      const root = receiver.spans.find((span) => span.name === "hotpass.refine")!;
      expect(root.resource).toMatchObject({
        "deploy.refine": "true",
        "prefect.flow_run.id": flowRunId,
        "prefect.flow_run.name": "crimson-panda",
      });
      expect(receiver.metrics.length).toBeGreaterThan(0);
      expect(marquez.problems).toEqual([]);
      expect(marquez.events.map((e) => e.event.eventType)).toEqual(["START", "COMPLETE"]);
      for (const { event } of marquez.events) {
        expect((event.run.facets as Yaml).parent).toMatchObject({
          run: { runId: flowRunId },
          job: { namespace: "prefect", name: "hotpass-refine" },
        });
      }

      // The flow's result: parse_summary over the operation's output lines.
      const lines = run.stdout.trim().split("\n");
      const parsed = python(
        `
import json, sys
from hotpass_command import parse_summary
print(json.dumps(parse_summary(sys.stdin.read().splitlines())))
`,
        `some line on stderr\n${run.stdout}`,
      );
      expect(parsed.stderr).toBe("");
      const summary = JSON.parse(lines.findLast((line) => JSON.parse(line).event === "summary")!);
      expect(JSON.parse(parsed.stdout)).toEqual({ run_id: summary.run_id, trace_id: summary.trace_id, ...summary.data });
      expect(summary.run_id).toBe(marquez.events[0]!.event.run.runId);
      expect(summary.trace_id).toBe(root.traceId);
    });
  });
});
