/**
 * A real OTLP/HTTP receiver on 127.0.0.1 (port 0) for tests: it accepts protobuf POSTs on
 * /v1/traces and /v1/metrics, decodes them with protobufjs against the OTLP message definitions
 * in otlp.proto, and keeps what arrived (with the request headers). It can also misbehave the
 * way real collectors do: refuse connections, accept and never answer, or answer 500 / 429.
 */
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import protobuf from "protobufjs";

const root = protobuf.loadSync(join(import.meta.dir, "otlp.proto"));
const TraceRequest = root.lookupType("otlp.ExportTraceServiceRequest");
const MetricsRequest = root.lookupType("otlp.ExportMetricsServiceRequest");

export type AttributeValue = string | number | boolean | AttributeValue[] | null;
export type AttributeMap = Record<string, AttributeValue>;

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  startNs: bigint;
  endNs: bigint;
  attributes: AttributeMap;
  events: { name: string; timeNs: bigint; attributes: AttributeMap }[];
  droppedEvents: number;
  status: { code: number; message: string };
  resource: AttributeMap;
}

export interface ReceivedPoint {
  attributes: AttributeMap;
  /** Sum and gauge points. */
  value?: number;
  /** Histogram points. */
  count?: number;
  sum?: number;
}

export interface ReceivedMetric {
  name: string;
  unit: string;
  kind: "sum" | "gauge" | "histogram";
  points: ReceivedPoint[];
  resource: AttributeMap;
}

export interface ReceivedRequest {
  path: string;
  headers: Record<string, string>;
  contentType: string;
}

export type ReceiverMode = "ok" | "refuse" | "blackhole" | "500" | "429";

export interface OtlpReceiver {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  requests: ReceivedRequest[];
  spans: ReceivedSpan[];
  metrics: ReceivedMetric[];
  /** Raw request bodies that failed to decode (must stay empty). */
  undecodable: string[];
  stop(): Promise<void>;
}

export async function startOtlpReceiver(mode: ReceiverMode = "ok"): Promise<OtlpReceiver> {
  if (mode === "refuse") return refusingReceiver();
  if (mode === "blackhole") return blackHoleReceiver();

  const received = emptyState();
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const path = new URL(request.url).pathname;
      received.requests.push({
        path,
        headers: Object.fromEntries(request.headers.entries()),
        contentType: request.headers.get("content-type") ?? "",
      });
      const body = new Uint8Array(await request.arrayBuffer());
      if (mode === "500") return new Response("collector exploded", { status: 500 });
      if (mode === "429") return new Response("slow down", { status: 429, headers: { "retry-after": "1" } });
      try {
        if (path === "/v1/traces") received.spans.push(...decodeTraces(body));
        else if (path === "/v1/metrics") received.metrics.push(...decodeMetrics(body));
        else return new Response("not found", { status: 404 });
      } catch (error) {
        received.undecodable.push(`${path}: ${error instanceof Error ? error.message : String(error)}`);
        return new Response("bad protobuf", { status: 400 });
      }
      return new Response(new Uint8Array(0), { headers: { "content-type": "application/x-protobuf" } });
    },
  });
  const port = server.port!;
  return { ...received, url: `http://127.0.0.1:${port}`, port, stop: async () => void (await server.stop(true)) };
}

/** A port that was just free: connecting to it is refused. */
async function refusingReceiver(): Promise<OtlpReceiver> {
  const server = createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { ...emptyState(), url: `http://127.0.0.1:${port}`, port, stop: async () => {} };
}

/** Accepts connections, reads everything, never answers. */
async function blackHoleReceiver(): Promise<OtlpReceiver> {
  const sockets = new Set<Socket>();
  const received = emptyState();
  const server = createServer((socket) => {
    sockets.add(socket);
    received.requests.push({ path: "(black hole)", headers: {}, contentType: "" });
    socket.on("data", () => {});
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  const port = await listen(server);
  return {
    ...received,
    url: `http://127.0.0.1:${port}`,
    port,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });
}

function emptyState() {
  return {
    requests: [] as ReceivedRequest[],
    spans: [] as ReceivedSpan[],
    metrics: [] as ReceivedMetric[],
    undecodable: [] as string[],
  };
}

// Decoded with `longs: String, bytes: Array` so 64-bit values and ids survive intact.
const CONVERT = { longs: String, bytes: Array, defaults: true, oneofs: true } as const;

type Decoded = Record<string, any>;

export function decodeTraces(body: Uint8Array): ReceivedSpan[] {
  const request = TraceRequest.toObject(TraceRequest.decode(body), CONVERT) as Decoded;
  const out: ReceivedSpan[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const resource = attributeMap(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const span of ss.spans ?? []) {
        out.push({
          traceId: hex(span.traceId),
          spanId: hex(span.spanId),
          parentSpanId: hex(span.parentSpanId),
          name: span.name,
          startNs: BigInt(span.startTimeUnixNano),
          endNs: BigInt(span.endTimeUnixNano),
          attributes: attributeMap(span.attributes),
          events: (span.events ?? []).map((event: Decoded) => ({
            name: event.name,
            timeNs: BigInt(event.timeUnixNano),
            attributes: attributeMap(event.attributes),
          })),
          droppedEvents: span.droppedEventsCount ?? 0,
          status: { code: span.status?.code ?? 0, message: span.status?.message ?? "" },
          resource,
        });
      }
    }
  }
  return out;
}

export function decodeMetrics(body: Uint8Array): ReceivedMetric[] {
  const request = MetricsRequest.toObject(MetricsRequest.decode(body), CONVERT) as Decoded;
  const out: ReceivedMetric[] = [];
  for (const rm of request.resourceMetrics ?? []) {
    const resource = attributeMap(rm.resource?.attributes);
    for (const sm of rm.scopeMetrics ?? []) {
      for (const metric of sm.metrics ?? []) {
        const kind = metric.data as "sum" | "gauge" | "histogram";
        const points = (metric[kind]?.dataPoints ?? []).map((point: Decoded): ReceivedPoint => {
          const attributes = attributeMap(point.attributes);
          if (kind === "histogram") return { attributes, count: Number(point.count), sum: point.sum };
          return { attributes, value: point.value === "asInt" ? Number(point.asInt) : point.asDouble };
        });
        out.push({ name: metric.name, unit: metric.unit, kind, points, resource });
      }
    }
  }
  return out;
}

function attributeMap(list: Decoded[] | undefined): AttributeMap {
  const out: AttributeMap = {};
  for (const kv of list ?? []) out[kv.key] = anyValue(kv.value);
  return out;
}

function anyValue(value: Decoded | undefined): AttributeValue {
  if (!value || !value.value) return null;
  switch (value.value) {
    case "stringValue":
      return value.stringValue;
    case "boolValue":
      return value.boolValue;
    case "intValue":
      return Number(value.intValue);
    case "doubleValue":
      return value.doubleValue;
    case "arrayValue":
      return (value.arrayValue.values ?? []).map(anyValue);
    default:
      return null;
  }
}

function hex(bytes: number[] | undefined): string {
  return Buffer.from(bytes ?? []).toString("hex");
}
