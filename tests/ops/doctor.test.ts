/**
 * `hotpass doctor` through the binary: the profile and folder checks, and the OTLP and lineage
 * checks against the suite's OTLP receiver (decoding protobuf) and Marquez-like server, each up,
 * down, on a wrong path, a wrong port and black-holed, with the right PASS / WARN / FAIL and exit.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateAviationWorkbooks } from "../../bench/generate.ts";
import { hotpass, tempDir } from "../support/binary.ts";
import { startMarquez, type MarquezServer } from "../support/marquez.ts";
import { startOtlpReceiver, type OtlpReceiver } from "../support/otlp-receiver.ts";
import { doctor, isolatedEnv } from "./doctor-support.ts";

let tmp: ReturnType<typeof tempDir>;
let work: string;
let receiver: OtlpReceiver;
let refused: OtlpReceiver;
let blackhole: OtlpReceiver;
let marquez: MarquezServer;
let env: Record<string, string | undefined>;

beforeAll(async () => {
  tmp = tempDir();
  work = join(tmp.path, "work");
  await generateAviationWorkbooks({ orgs: 20, out: join(work, "data"), seed: 8 });
  [receiver, refused, blackhole, marquez] = await Promise.all([startOtlpReceiver(), startOtlpReceiver("refuse"), startOtlpReceiver("blackhole"), startMarquez()]);
  env = isolatedEnv(tmp.path);
});
afterAll(async () => {
  await Promise.all([receiver.stop(), refused.stop(), blackhole.stop(), marquez.stop()]);
  tmp.cleanup();
});

const run = (args: string[], extraEnv: Record<string, string | undefined> = {}) => doctor(args, { cwd: work, env: { ...env, ...extraEnv } });
const otlp = (endpoint: string, ...more: string[]) => ["--telemetry-exporter", "otlp", "--telemetry-otlp-endpoint", endpoint, ...more];

describe("hotpass doctor: profile and folders", () => {
  test("a ready set-up: every check passes, one line each, exit 0", async () => {
    const result = await hotpass(["doctor", "--profile", "aviation", ...otlp(receiver.url), "--lineage-url", marquez.url, "--observability"], { cwd: work, env });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines.at(-1)).toMatch(/^doctor: \d+ passed, 0 warning\(s\), 0 failed$/);
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^PASS  \S/);
    for (const name of ["profile", "input", "source reachout", "source contact", "source sacaa", "output and dist", "otlp traces", "otlp metrics", "lineage", "lineage spool", "tunnels"]) {
      expect(lines.some((line) => line.startsWith(`PASS  ${name} `))).toBe(true);
    }
    expect(marquez.problems).toEqual([]);
  });

  test("a profile that does not validate fails with its key path; an unknown one lists what exists", async () => {
    const bad = join(tmp.path, "bad.yaml");
    writeFileSync(bad, "name: bad\nsources:\n  - label: X\n    key: x\n    pattern: 'X*'\n    sheets: [{ name: S, header_row: two }]\n");
    const result = await run(["--profile", bad]);
    expect(result.code).toBe(1);
    expect(result.byName("profile")).toMatchObject({ status: "fail" });
    expect(result.byName("profile").message).toContain("header_row");
    const unknown = await run(["--profile", "nosuch"]);
    expect(unknown.byName("profile").status).toBe("fail");
    expect(unknown.byName("profile").message).toContain("nosuch");
    expect(unknown.byName("profile").message).toContain("aviation");
  });

  test("input: a missing folder fails; unclaimed files and a source with no file are warnings (exit 0)", async () => {
    const missing = await run(["--profile", "aviation", "--input-dir", "nowhere"]);
    expect(missing.code).toBe(1);
    expect(missing.byName("input")).toMatchObject({ status: "fail", message: `input folder not found: ${join(work, "nowhere")}` });

    const partial = join(tmp.path, "partial");
    mkdirSync(partial);
    await generateAviationWorkbooks({ orgs: 5, out: partial, seed: 9 });
    const sacaa = Bun.spawnSync(["sh", "-c", `rm "${partial}"/SACAA*`]);
    expect(sacaa.exitCode).toBe(0);
    writeFileSync(join(partial, "partners.csv"), "Company,Phone\nAcme,0821234567\n");
    const result = await run(["--profile", "aviation", "--input-dir", partial]);
    expect(result.code).toBe(0);
    expect(result.byName("input").status).toBe("warn");
    expect(result.byName("input").message).toContain("partners.csv");
    expect(result.byName("source sacaa")).toMatchObject({ status: "warn", message: "SACAA Cleaned: no file matches SACAA*" });
    expect(result.byName("source reachout").status).toBe("pass");
  });

  test("an output folder under a file fails; separate dist folders get their own line", async () => {
    const file = join(tmp.path, "a-file");
    writeFileSync(file, "x");
    const result = await run(["--output-path", join(file, "out", "refined.xlsx"), "--dist-dir", join(tmp.path, "dist2")]);
    expect(result.code).toBe(1);
    expect(result.byName("output")).toMatchObject({ status: "fail", message: `${file} is a file, not a folder` });
    expect(result.byName("dist").status).toBe("pass");
    expect(result.byName("dist").message).toMatch(/will be created .* is writable; [\d.]+ GiB free$/);
  });
});

describe("hotpass doctor: the OTLP endpoints get a real empty export", () => {
  test("up: both answer; the receiver decoded two empty protobuf exports carrying the header, which is never printed", async () => {
    const before = receiver.requests.length;
    const result = await run(otlp(receiver.url, "--telemetry-otlp-header", "authorization=Bearer doctor-secret-1"));
    expect(result.byName("otlp traces")).toMatchObject({ status: "pass", message: `${receiver.url}/v1/traces accepted an empty OTLP export (HTTP 200)` });
    expect(result.byName("otlp metrics").status).toBe("pass");
    const seen = receiver.requests.slice(before);
    expect(seen.map((r) => r.path).sort()).toEqual(["/v1/metrics", "/v1/traces"]);
    for (const request of seen) {
      expect(request.contentType).toBe("application/x-protobuf");
      expect(request.headers.authorization).toBe("Bearer doctor-secret-1");
    }
    expect(receiver.undecodable).toEqual([]);
    expect(result.stdout + result.stderr).not.toContain("doctor-secret-1");
  });

  test("down: connection refused is a failure saying to start the collector", async () => {
    const result = await run(otlp(refused.url));
    expect(result.code).toBe(1);
    expect(result.byName("otlp traces")).toMatchObject({ status: "fail", message: `${refused.url}/v1/traces: connection refused` });
    expect(result.byName("otlp traces").fix).toContain("start the collector");
  });

  test("wrong path: the traces endpoint 404s and the fix names /v1/traces; the metrics path (from the origin) passes", async () => {
    const result = await run(otlp(`${receiver.url}/v1/trace`));
    expect(result.byName("otlp traces")).toMatchObject({ status: "fail", message: `${receiver.url}/v1/trace: HTTP 404, no OTLP receiver at /v1/trace` });
    expect(result.byName("otlp traces").fix).toContain("/v1/traces");
    expect(result.byName("otlp metrics").status).toBe("pass");
  });

  test("wrong port: another HTTP server (Marquez) there fails; the gRPC port 4317 gets the OTLP/HTTP hint", async () => {
    const result = await run(otlp(marquez.url));
    expect(result.byName("otlp traces").status).toBe("fail");
    expect(result.byName("otlp traces").message).toMatch(/HTTP 40[45], no OTLP receiver at \/v1\/traces$/);
    const grpc = await run(otlp("http://127.0.0.1:4317"));
    expect(grpc.byName("otlp settings").status).toBe("warn");
    expect(grpc.byName("otlp traces").status).toBe("fail");
    expect(grpc.byName("otlp traces").fix).toContain("listens on 4318");
  });

  test("black-holed: no answer within the run's own export timeout", async () => {
    const result = await run(otlp(blackhole.url, "--telemetry-otlp-timeout", "1"));
    expect(result.byName("otlp traces")).toMatchObject({ status: "fail", message: `${blackhole.url}/v1/traces: no answer within 1 s` });
    expect(result.ms).toBeLessThan(15_000);
  });

  test("nothing configured: telemetry off passes; OTEL_EXPORTER_OTLP_ENDPOINT alone is checked as a run would use it", async () => {
    expect((await run([])).byName("otlp").status).toBe("pass");
    const fromEnv = await run([], { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    expect(fromEnv.byName("otlp traces").status).toBe("pass");
  });
});

describe("hotpass doctor: the lineage endpoint answers Marquez's API", () => {
  test("up: PASS; the same endpoint with lineage off is a warning; the API key is never printed", async () => {
    const on = await run(["--lineage-url", marquez.url], { OPENLINEAGE_API_KEY: "doctor-secret-2" });
    expect(on.byName("lineage")).toMatchObject({ status: "pass" });
    expect(on.byName("lineage").message).toMatch(/^Marquez answers at .*\/api\/v1 \(\d+ namespace\(s\)\)$/);
    expect(on.stdout + on.stderr).not.toContain("doctor-secret-2");
    const off = await run([], { OPENLINEAGE_URL: marquez.url });
    expect(off.byName("lineage").status).toBe("warn");
    expect(off.byName("lineage").fix).toContain("--observability");
    expect(marquez.problems).toEqual([]);
  });

  test("down, wrong path, wrong port and black-holed all fail", async () => {
    const down = await run(["--lineage-url", refused.url]);
    expect(down.byName("lineage")).toMatchObject({ status: "fail" });
    expect(down.byName("lineage").message).toContain("connection refused");
    const path = await run(["--lineage-url", `${marquez.url}/marquez`]);
    expect(path.byName("lineage").message).toContain("HTTP 404, no Marquez API there");
    const port = await run(["--lineage-url", receiver.url]);
    expect(port.byName("lineage").status).toBe("fail");
    const hole = await run(["--lineage-url", blackhole.url], { HOTPASS_LINEAGE_TIMEOUT: "1" });
    expect(hole.byName("lineage").message).toContain("no answer within 1 s");
    for (const result of [down, path, port, hole]) expect(result.code).toBe(1);
  });

  test("events spooled by a run whose Marquez was down show as a backlog to replay", async () => {
    const spooled = await hotpass(["refine", "--profile", "aviation", "--output-path", "dist/spool.xlsx", "--lineage-url", refused.url], { cwd: work, env });
    expect(spooled.code).toBe(0);
    const result = await run(["--lineage-url", marquez.url]);
    expect(result.byName("lineage spool")).toMatchObject({ status: "warn" });
    expect(result.byName("lineage spool").message).toMatch(/^2 event\(s\) waiting in .*lineage-spool\.jsonl$/);
    expect(result.byName("lineage spool").fix).toContain("hotpass lineage replay");
    expect(result.code).toBe(0);
  });
});
