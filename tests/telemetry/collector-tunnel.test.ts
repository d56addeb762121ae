/**
 * `--telemetry-otlp-endpoint` may be omitted when a `hotpass net` collector tunnel is up: the
 * spans travel through the real SSH tunnel to the receiver, and one line says so.
 */
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { join } from "node:path";
import { tempDir } from "../support/binary.ts";
import { startOtlpReceiver, type OtlpReceiver } from "../support/otlp-receiver.ts";
import { startSshd, type Sshd } from "../support/sshd.ts";
import { killHolders, net, netEnv, upFlags, type NetEnv } from "../net/helpers.ts";

setDefaultTimeout(60_000);
let sshd: Sshd;
let receiver: OtlpReceiver;
let ne: NetEnv;
const scratch = tempDir("hotpass-collector-tunnel-");

beforeAll(async () => {
  sshd = await startSshd(join(scratch.path, "sshd"));
  receiver = await startOtlpReceiver("ok");
  ne = netEnv();
});

afterAll(async () => {
  killHolders(ne);
  ne.cleanup();
  await receiver.stop();
  await sshd.stop();
  scratch.cleanup();
});

test("with a live collector tunnel, otlp needs no endpoint and says which tunnel it uses", async () => {
  const up = await net(
    upFlags(sshd, ["--label", "ops", "--collector", "--collector-host", "127.0.0.1", "--collector-port", String(receiver.port)]),
    ne,
  );
  expect(up.code).toBe(0);

  const run = await net(["net", "status", "--telemetry-exporter", "otlp"], ne, {
    OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
  });
  expect(run.code).toBe(0);
  expect(run.stderr).toMatch(/no OTLP endpoint given: using the collector tunnel 'ops' at http:\/\/127\.0\.0\.1:\d+/);
  expect(receiver.undecodable).toEqual([]);
  expect(receiver.spans.map((span) => span.name)).toContain("hotpass.net");
});

test("without a tunnel and without an endpoint, nothing mentions a tunnel", async () => {
  const down = await net(["net", "down", "--all"], ne);
  expect(down.code).toBe(0);
  const run = await net(["net", "status", "--telemetry-exporter", "otlp", "--telemetry-otlp-timeout", "1"], ne, {
    OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
  });
  expect(run.code).toBe(0);
  expect(run.stderr).not.toContain("collector tunnel");
});
