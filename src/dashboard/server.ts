/**
 * `hotpass dashboard`'s HTTP server: the bundled page, the JSON answers, live updates (server-sent
 * events), file downloads from the dist folders, and refines and qa checks from the page when
 * allowed. Every response carries the security headers; every request passes the Host check and,
 * when a token is set, the token check. A failure in one answer is that answer's error, never the
 * server's.
 */
import { ApiError, columnsAnswer, doctorAnswer, lineageAnswer, opsAnswer, refineOptions, rowAnswer, runAnswer, runsAnswer, tableAnswer, type Context } from "./api.ts";
import { assets } from "./assets.ts";
import { runsFingerprint } from "./data.ts";
import { Jobs, type JobUpdate, type RefineForm } from "./jobs.ts";
import { decodeTail } from "./paths.ts";
import { QaChecks, qaOptions } from "./qa.ts";
import { COOKIE, hostAllowed, sameOrigin, TokenGate, withHeaders } from "./security.ts";
import { parseQuery } from "./table-query.ts";
import type { QaForm } from "./wire.ts";

export interface ServerOptions {
  host: string;
  port: number;
  token?: string;
  context: Context;
  searchPath: string[];
}

const json = (value: unknown, status = 200) => Response.json(value, { status });
const problem = (status: number, message: string) => json({ error: message }, status);

/** POST paths, named as the refusal names them ("running refines is off; ..."). */
const ACTIONS: Record<string, "refines" | "qa"> = { "/api/refine": "refines", "/api/qa": "qa" };

/** How often live pages are told about new runs (the folders are listed this often while a page listens). */
const LIVE_INTERVAL_MS = 1000;

export async function startServer(options: ServerOptions): Promise<{ url: URL; stop: () => Promise<void> }> {
  const { context } = options;
  const gate = new TokenGate(options.token);
  const jobs = new Jobs(context.dists, context.roots, context.profiles, context.settings, options.searchPath);
  const checks = new QaChecks(context, options.searchPath);
  const files = await assets();

  const handle = async (request: Request): Promise<Response> => {
    if (!hostAllowed(request, options.host)) return problem(403, "unexpected Host header");
    // The raw target, before any normalisation: traversal and encoded tricks are refused here.
    const target = rawTarget(request);
    if (target === undefined) return problem(400, "refused: the path is not allowed");
    const url = new URL(request.url);
    if (url.pathname === "/login" && request.method === "POST") return login(request, gate);
    if (!gate.allows(request)) return unauthorised(request);
    if (request.method !== "GET" && request.method !== "HEAD") {
      // The only two actions that change anything: both write into the dist folders.
      const action = request.method === "POST" ? ACTIONS[url.pathname] : undefined;
      if (!action) return problem(405, "method not allowed");
      if (!sameOrigin(request)) return problem(403, "refused: a state-changing request must come from this dashboard's own page");
      if (!context.allowRun) return problem(403, `running ${action} is off; start the dashboard with --allow-run`);
      let form: unknown;
      try {
        form = await request.json();
      } catch {
        return problem(400, "the request body must be JSON");
      }
      if (form === null || typeof form !== "object") return problem(400, "the request body must be a JSON object");
      if (action === "qa") return json(await checks.check(form as Partial<QaForm>, request.signal));
      const job = await jobs.start(form as Partial<RefineForm>);
      return "refused" in job ? problem(400, job.refused) : json({ id: job.id }, 202);
    }
    if (target.startsWith("/files/")) return download(context, target.slice("/files/".length));
    const p = url.searchParams;
    switch (url.pathname) {
      case "/api/runs":
        return json(await runsAnswer(context));
      case "/api/run":
        return json(await runAnswer(context, p.get("key") ?? ""));
      case "/api/table":
        return json(await tableAnswer(context, p.get("key") ?? "", parseQuery(p)));
      case "/api/columns":
        return json(await columnsAnswer(context, p.get("key") ?? ""));
      case "/api/row":
        return json(await rowAnswer(context, p.get("key") ?? "", Number(p.get("index"))));
      case "/api/lineage":
        return json(await lineageAnswer(context, { runId: p.get("run") ?? undefined, dataset: p.get("dataset") ?? undefined }, Number(p.get("depth") ?? "3")));
      case "/api/ops":
        return json(await opsAnswer(context));
      case "/api/doctor":
        return json(await doctorAnswer(context));
      case "/api/refine":
        return json(await refineOptions(context));
      case "/api/qa":
        return json(await qaOptions(context, p.get("key") ?? ""));
      case "/api/refine/events":
        return jobStream(jobs, p.get("id") ?? "", request.signal);
      case "/api/live":
        return liveRuns(context, request.signal);
    }
    const asset = files.get(url.pathname === "/index.html" ? "/" : url.pathname);
    if (asset) return new Response(asset.body, { headers: { "Content-Type": asset.type } });
    return problem(404, "not found");
  };

  const server = Bun.serve({
    hostname: options.host,
    port: options.port,
    // Event streams stay open; each sends a heartbeat well inside this.
    idleTimeout: 60,
    development: false,
    async fetch(request) {
      try {
        return withHeaders(await handle(request));
      } catch (error) {
        if (error instanceof ApiError) return withHeaders(problem(error.status, error.message));
        return withHeaders(problem(500, `the dashboard could not answer: ${(error as Error).message}`));
      }
    },
    error: () => withHeaders(problem(500, "the dashboard could not answer")),
  });
  return {
    url: server.url,
    stop: async () => {
      await server.stop(true);
      context.tables.clear();
    },
  };
}

/** The request target as the client sent it; undefined when it tries to climb out or hide. */
function rawTarget(request: Request): string | undefined {
  const full = request.url;
  const start = full.indexOf("/", full.indexOf("//") + 2);
  const raw = start < 0 ? "/" : full.slice(start).split(/[?#]/)[0]!;
  if (/\\|\u0000|%00|%2e|%2f|%5c/i.test(raw)) return undefined;
  if (raw.split("/").some((segment) => segment === ".." || segment === ".")) return undefined;
  return raw;
}

function download(context: Context, tail: string): Response {
  const slash = tail.indexOf("/");
  const index = Number(tail.slice(0, slash));
  const rel = slash > 0 ? decodeTail(tail.slice(slash + 1)) : undefined;
  const path = rel !== undefined && Number.isInteger(index) ? context.dists.resolve(index, rel) : undefined;
  if (!path) return problem(404, "no such file in the dist folders");
  const name = path.slice(path.lastIndexOf("/") + 1).replace(/[^\w.-]/g, "_");
  // Downloaded, never rendered here: an HTML report from dist/ must not run as this origin.
  return new Response(Bun.file(path), {
    headers: { "Content-Type": "application/octet-stream", "Content-Disposition": `attachment; filename="${name}"`, "Content-Security-Policy": "sandbox; default-src 'none'" },
  });
}

const LOGIN_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hotpass dashboard: sign in</title></head>
<body><main><h1>Hotpass dashboard</h1><p>This dashboard needs its access token (given with --token or HOTPASS_DASHBOARD_TOKEN).</p>
<form method="post" action="/login"><label for="token">Token</label> <input id="token" name="token" type="password" autocomplete="current-password" required> <button type="submit">Sign in</button></form></main></body></html>`;

function unauthorised(request: Request): Response {
  const wantsPage = (request.headers.get("accept") ?? "").includes("text/html");
  if (wantsPage) return new Response(LOGIN_PAGE, { status: 401, headers: { "Content-Type": "text/html;charset=utf-8", "WWW-Authenticate": 'Bearer realm="hotpass"' } });
  return new Response(JSON.stringify({ error: "a token is required" }), { status: 401, headers: { "Content-Type": "application/json", "WWW-Authenticate": 'Bearer realm="hotpass"' } });
}

async function login(request: Request, gate: TokenGate): Promise<Response> {
  if (!sameOrigin(request) && request.headers.get("origin") !== null) return problem(403, "refused: sign in from the dashboard's own page");
  const form = await request.formData().catch(() => undefined);
  const token = form?.get("token");
  if (typeof token !== "string" || !gate.matches(token)) return unauthorised(new Request(request.url, { headers: { accept: "text/html" } }));
  return new Response(null, { status: 303, headers: { Location: "/", "Set-Cookie": `${COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/` } });
}

function eventStream(start: (send: (event: string, data: unknown) => void, close: () => void) => () => void, signal: AbortSignal): Response {
  let stop = () => {};
  const stream = new ReadableStream<string>({
    start(controller) {
      let open = true;
      const send = (event: string, data: unknown) => {
        if (open) controller.enqueue(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      const close = () => {
        if (!open) return;
        open = false;
        stop();
        controller.close();
      };
      // Unref'd, as the live-runs poll below: a stream whose client vanished without the server
      // hearing of it must not keep a stopped dashboard's process alive.
      const heartbeat = setInterval(() => open && controller.enqueue(": keep-alive\n\n"), 20_000);
      heartbeat.unref();
      const cleanup = start(send, close);
      stop = () => {
        clearInterval(heartbeat);
        cleanup();
      };
      signal.addEventListener("abort", close);
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, { headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-store", "X-Accel-Buffering": "no" } });
}

/** Tells the page whenever the set of runs changes (a report appears, changes or goes). */
function liveRuns(context: Context, signal: AbortSignal): Response {
  return eventStream((send) => {
    let last = runsFingerprint(context.dists.real, context.env);
    send("ready", {});
    const timer = setInterval(() => {
      const now = runsFingerprint(context.dists.real, context.env);
      if (now !== last) {
        last = now;
        send("runs", {});
      }
    }, LIVE_INTERVAL_MS);
    timer.unref();
    return () => clearInterval(timer);
  }, signal);
}

function jobStream(jobs: Jobs, id: string, signal: AbortSignal): Response {
  const job = jobs.get(id);
  if (!job) return problem(404, "no such refine");
  return eventStream((send, close) => {
    const forward = (update: JobUpdate) => {
      send(update.kind, update);
      if (update.kind !== "event") close();
    };
    for (const update of job.updates) forward(update);
    if (job.state !== "running") return () => {};
    job.listeners.add(forward);
    return () => job.listeners.delete(forward);
  }, signal);
}
