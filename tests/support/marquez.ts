/**
 * A Marquez-like server for the lineage tests, on 127.0.0.1 with a port from the system.
 *
 * POST /api/v1/lineage validates every event (and each facet it carries) against the official
 * OpenLineage schemas and answers 400 with the problems when one is invalid; the read endpoints
 * `hotpass lineage` and `hotpass doctor` call answer bodies that are checked against Marquez's openapi.yml before
 * they are sent. It can be taken down (connections refused), brought back on the same port, or
 * told to answer every POST with a given status.
 */
import type { Server } from "bun";
import { randomUUID } from "node:crypto";
import { marquezResponseValidator, openLineageValidator } from "./schemas.ts";
import { runView, graphView, datasetVersionView, jobView, type StoredEvent } from "./marquez-views.ts";

export interface MarquezServer {
  url: string;
  port: number;
  /** Every event accepted, in arrival order. */
  events: StoredEvent[];
  /** Every POST seen (accepted, refused or failed on purpose). */
  posts: { status: number; body: unknown; authorization: string | null }[];
  /** Problems found in events or in our own responses (a test asserts this stays empty). */
  problems: string[];
  /** Answer every POST with this status instead of storing (undefined = normal). */
  failWith(status: number | undefined): void;
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

export async function startMarquez(): Promise<MarquezServer> {
  const validator = openLineageValidator();
  const responses = marquezResponseValidator();
  const events: StoredEvent[] = [];
  const posts: MarquezServer["posts"] = [];
  const problems: string[] = [];
  let forcedStatus: number | undefined;
  const versions = new Map<string, string>();
  const versionOf = (key: string) => versions.get(key) ?? (versions.set(key, randomUUID()), versions.get(key)!);

  const reply = (schema: string, body: unknown): Response => {
    const found = responses.problems(schema, body);
    if (found.length > 0) problems.push(...found.map((p) => `response ${p}`));
    return Response.json(body);
  };

  const handler = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const path = url.pathname;
    if (request.method === "POST" && path === "/api/v1/lineage") {
      const body: unknown = await request.json().catch(() => undefined);
      const authorization = request.headers.get("authorization");
      if (forcedStatus !== undefined) {
        posts.push({ status: forcedStatus, body, authorization });
        return new Response(forcedStatus >= 500 ? "unavailable" : "invalid event (test)", { status: forcedStatus });
      }
      const found = validator.problems(body);
      if (found.length > 0) {
        problems.push(...found);
        posts.push({ status: 400, body, authorization });
        return Response.json({ code: 400, message: found.join("; ") }, { status: 400 });
      }
      posts.push({ status: 201, body, authorization });
      events.push({ event: body as StoredEvent["event"], receivedAt: new Date().toISOString() });
      return new Response(null, { status: 201 });
    }
    if (request.method !== "GET") return new Response("method not allowed", { status: 405 });

    let m = path.match(/^\/api\/v1\/namespaces\/([^/]+)\/jobs\/([^/]+)\/runs$/);
    if (m) {
      const [ns, job] = [decodeURIComponent(m[1]!), decodeURIComponent(m[2]!)];
      const limit = Number(url.searchParams.get("limit") ?? 100);
      const ids = [...new Set(events.filter((e) => e.event.job.namespace === ns && e.event.job.name === job).map((e) => e.event.run.runId))];
      const runs = ids.map((id) => runView(events, id, versionOf)).sort((a, b) => String(b.startedAt).localeCompare(String(a.startedAt)));
      return reply("RunList", { runs: runs.slice(0, limit) });
    }
    m = path.match(/^\/api\/v1\/namespaces\/([^/]+)\/jobs$/);
    if (m) {
      const ns = decodeURIComponent(m[1]!);
      const names = [...new Set(events.filter((e) => e.event.job.namespace === ns).map((e) => e.event.job.name))];
      return reply("JobList", { jobs: names.map((name) => jobView(events, ns, name, versionOf)), totalCount: names.length });
    }
    m = path.match(/^\/api\/v1\/jobs\/runs\/([^/]+)$/);
    if (m) {
      const id = decodeURIComponent(m[1]!);
      if (!events.some((e) => e.event.run.runId === id)) return Response.json({ code: 404, message: `Run ${id} not found` }, { status: 404 });
      return reply("Run", runView(events, id, versionOf));
    }
    m = path.match(/^\/api\/v1\/namespaces\/([^/]+)\/datasets\/([^/]+)\/versions\/([^/]+)$/);
    if (m) {
      const [ns, name, version] = m.slice(1, 4).map((s) => decodeURIComponent(s!)) as [string, string, string];
      const view = datasetVersionView(events, ns, name, version, versions, versionOf);
      if (!view) return Response.json({ code: 404, message: "dataset version not found" }, { status: 404 });
      return reply("DatasetVersion", view);
    }
    if (path === "/api/v1/namespaces") {
      const names = [...new Set(["default", ...events.map((e) => e.event.job.namespace)])];
      const at = events[0]?.receivedAt ?? new Date().toISOString();
      return reply("NamespaceList", { namespaces: names.map((name) => ({ name, createdAt: at, updatedAt: at, ownerName: "anonymous", description: "" })) });
    }
    if (path === "/api/v1/events/lineage") {
      const after = Date.parse(url.searchParams.get("after") ?? "") || Number.NEGATIVE_INFINITY;
      const before = Date.parse(url.searchParams.get("before") ?? "") || Number.POSITIVE_INFINITY;
      const asc = url.searchParams.get("sortDirection") === "asc";
      const limit = Number(url.searchParams.get("limit") ?? 100);
      const inWindow = events
        .map((e) => e.event)
        .filter((e) => Date.parse(e.eventTime) >= after && Date.parse(e.eventTime) <= before)
        .sort((a, b) => (asc ? 1 : -1) * a.eventTime.localeCompare(b.eventTime));
      return reply("LineageEventList", { events: inWindow.slice(0, limit), totalCount: inWindow.length });
    }
    if (path === "/api/v1/lineage") {
      const nodeId = url.searchParams.get("nodeId") ?? "";
      const depth = Number(url.searchParams.get("depth") ?? 20);
      const graph = graphView(events, nodeId, depth, versionOf);
      if (!graph) return Response.json({ code: 404, message: `node ${nodeId} not found` }, { status: 404 });
      return reply("LineageGraph", graph);
    }
    return Response.json({ code: 404, message: `no route ${path}` }, { status: 404 });
  };

  let server: Server<undefined> | undefined = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: handler });
  const port = server.port!;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    events,
    posts,
    problems,
    failWith(status) {
      forcedStatus = status;
    },
    async down() {
      await server?.stop(true);
      server = undefined;
    },
    async up() {
      if (!server) server = Bun.serve({ hostname: "127.0.0.1", port, fetch: handler });
    },
    async stop() {
      await server?.stop(true);
      server = undefined;
    },
  };
}
