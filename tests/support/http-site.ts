/**
 * A small website on 127.0.0.1 (port 0) that records every connection and request, for the
 * enrichment network tests: robots.txt, pages that answer HEAD or only GET, and a slow page.
 */
import http from "node:http";

export interface SiteRequest {
  method: string;
  path: string;
  at: number;
  userAgent: string;
}

export interface Site {
  url: string;
  connections: number;
  requests: SiteRequest[];
  close(): Promise<void>;
}

export interface SiteOptions {
  /** robots.txt body; 404 when absent. */
  robots?: string;
  /** Paths that refuse HEAD with 405 (GET works). */
  headRefused?: string[];
  /** Paths that answer 404. */
  missing?: string[];
  /** Paths that wait this long (ms) before answering. */
  slow?: Record<string, number>;
}

export async function startSite(options: SiteOptions = {}): Promise<Site> {
  const site = { connections: 0, requests: [] as SiteRequest[] };
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    site.requests.push({ method: req.method ?? "", path, at: Date.now(), userAgent: String(req.headers["user-agent"] ?? "") });
    const answer = (status: number, body = "") => {
      if (res.writableEnded || res.destroyed) return;
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (path === "/robots.txt") return options.robots === undefined ? answer(404) : answer(200, options.robots);
    if (options.missing?.includes(path)) return answer(404, "not here");
    if (req.method === "HEAD" && options.headRefused?.includes(path)) return answer(405);
    const delay = options.slow?.[path];
    if (delay) return void setTimeout(() => answer(200, "slow"), delay);
    answer(200, "<html>ok</html>");
  });
  const sockets = new Set<import("node:net").Socket>();
  server.on("connection", (socket) => {
    site.connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as import("node:net").AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return site.connections;
    },
    requests: site.requests,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
