/**
 * `hotpass dashboard --export DIR`: the same pages as a static site (works from file:// and on
 * any static host, like Great Expectations' Data Docs). Each answer the pages ask for is written
 * as a small script next to the page (a file:// page cannot fetch JSON); tables are paged in the
 * browser by the server's own query code. Written to a temporary folder and renamed into place.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { usageError } from "../errors.ts";
import { columnsAnswer, lineageAnswer, opsAnswer, runAnswer, runsAnswer, tableData, type Context } from "./api.ts";
import { assets } from "./assets.ts";
import { EXPORT_DEPTHS, exportFile } from "./export-keys.ts";
import { CSP } from "./security.ts";

/** Rows of one table an export carries; a larger table says how many it holds. */
export const EXPORT_ROWS = 20_000;
const MARKER = ".hotpass-export";

export async function exportSite(ctx: Context, dir: string): Promise<{ dir: string; pages: number }> {
  if (existsSync(dir) && readdirSync(dir).length > 0 && !existsSync(join(dir, MARKER))) {
    throw usageError(`--export ${dir} is a folder that holds other files`, "give a new folder (or one a previous export wrote)");
  }
  const staging = join(dirname(dir), `.${basename(dir)}.tmp-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, "data"), { recursive: true });
  try {
    const data = new Map<string, unknown>();
    const keep = async (key: string, answer: () => Promise<unknown>) => {
      try {
        data.set(key, await answer());
      } catch {
        // Not exported: the page shows "not part of this export", as the server would show its error.
      }
    };
    const runs = await runsAnswer(ctx);
    data.set("/api/runs", runs);
    await keep("/api/ops", () => opsAnswer(ctx));
    data.set("/api/refine", { enabled: false, profiles: [], inputs: [], dists: [] });
    for (const run of runs.runs) {
      const key = encodeURIComponent(run.key);
      await keep(`/api/run?key=${key}`, () => runAnswer(ctx, run.key));
      await keep(`/api/columns?key=${key}`, () => columnsAnswer(ctx, run.key));
      await keep(`/api/table-data?key=${key}`, () => tableData(ctx, run.key, EXPORT_ROWS));
      if (run.runId && run.command !== "qa") for (const depth of EXPORT_DEPTHS) await keep(`/api/lineage?run=${encodeURIComponent(run.runId)}&depth=${depth}`, () => lineageAnswer(ctx, { runId: run.runId }, depth));
    }
    for (const [key, value] of data) writeFileSync(join(staging, exportFile(key)), `hotpassData(${JSON.stringify(key)}, ${JSON.stringify(value)});\n`);
    for (const asset of (await assets()).values()) {
      if (asset.path === "/") writeFileSync(join(staging, "index.html"), staticPage(new TextDecoder().decode(asset.body)));
      else writeFileSync(join(staging, asset.path.slice(1)), asset.body);
    }
    writeFileSync(join(staging, MARKER), "written by hotpass dashboard --export\n");
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
    return { dir, pages: runs.runs.length };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The served page, made to work from file://: module scripts are blocked there (an opaque
 * origin), so the bundle loads as a deferred classic script; asset paths become relative; the
 * policy the server sends as a header travels as a meta tag.
 */
function staticPage(html: string): string {
  return html
    .replace(/<script type="module" crossorigin src="\/([^"]+)"><\/script>/g, '<script defer src="./$1"></script>')
    .replace(/<link rel="stylesheet" crossorigin href="\/([^"]+)">/g, '<link rel="stylesheet" href="./$1">')
    .replace("<head>", `<head><meta http-equiv="Content-Security-Policy" content="${CSP.replace("connect-src 'self'", "connect-src 'none'").replace("; frame-ancestors 'none'", "")}"><meta name="hotpass-export" content="1">`);
}
