/**
 * The dashboard page: a hash router over five pages (#/, #/run/KEY, #/table/KEY, #/lineage,
 * #/ops, #/refine). Hash routes work the same served and from file:// in a static export.
 */
import { exported } from "./api.ts";
import { clear, el } from "./dom.ts";
import { renderLineage } from "./pages/lineage.ts";
import { renderOps } from "./pages/ops.ts";
import { renderRefine } from "./pages/refine.ts";
import { renderRun } from "./pages/run.ts";
import { renderRuns } from "./pages/runs.ts";
import { renderTable } from "./pages/table.ts";

export type Cleanup = () => void;
type Page = (main: HTMLElement, rest: string, params: URLSearchParams) => Promise<Cleanup | void>;

const routes: [RegExp, Page, string][] = [
  [/^\/run\/(.+)$/, renderRun, "Run"],
  [/^\/table\/(.+)$/, renderTable, "Table"],
  [/^\/lineage$/, renderLineage, "Lineage"],
  [/^\/ops$/, renderOps, "Operations"],
  [/^\/refine$/, renderRefine, "Run a refine"],
  [/^\/?$/, renderRuns, "Runs"],
];

let cleanup: Cleanup | void;

async function route(): Promise<void> {
  const main = document.getElementById("main")!;
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path = "/", query = ""] = hash.split("?");
  cleanup?.();
  cleanup = undefined;
  clear(main);
  for (const a of document.querySelectorAll("nav a")) {
    const href = a.getAttribute("href")!.slice(1);
    if (href === (path.startsWith("/run") || path.startsWith("/table") ? "/" : path)) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  const match = routes.find(([pattern]) => pattern.test(path));
  if (!match) {
    main.appendChild(el("h1", {}, "Not found"));
    return;
  }
  const [pattern, page, title] = match;
  document.title = `${title} · Hotpass dashboard`;
  try {
    cleanup = await page(main, decodeURIComponent(pattern.exec(path)![1] ?? ""), new URLSearchParams(query));
  } catch (error) {
    main.appendChild(el("p", { role: "alert", class: "error" }, `Could not show this page: ${(error as Error).message}`));
  }
  main.setAttribute("aria-busy", "false");
}

if (exported) document.getElementById("nav-refine")?.remove();
window.addEventListener("hashchange", () => void route());
void route();
