/**
 * How pages get their data. Served, it is the server's JSON API. In a static export (the page
 * carries `<meta name="hotpass-export">`), the same answers were written as script files next to
 * the page (a file:// page cannot fetch), and the table is paged in the browser by the same query
 * code the server runs.
 */
import { explainCells } from "../../enrich/explain-row.ts";
import { exportFile } from "../export-keys.ts";
import { parseQuery, queryTable, rowsSource, TableIndex, type Cell } from "../table-query.ts";

declare global {
  interface Window {
    hotpassData?: (key: string, value: unknown) => void;
  }
}

export const exported = document.querySelector('meta[name="hotpass-export"]') !== null;

const waiting = new Map<string, (value: unknown) => void>();
const loaded = new Map<string, Promise<unknown>>();
window.hotpassData = (key, value) => waiting.get(key)?.(value);

function fromExport<T>(key: string): Promise<T> {
  let promise = loaded.get(key);
  if (!promise) {
    promise = new Promise((resolve, reject) => {
      waiting.set(key, resolve);
      const script = document.createElement("script");
      script.src = exportFile(key);
      script.onerror = () => reject(new Error("not part of this export"));
      document.head.appendChild(script);
    });
    loaded.set(key, promise);
  }
  return promise as Promise<T>;
}

const tables = new Map<string, Promise<{ index: TableIndex; dataset: string; total: number }>>();

function exportedTable(key: string) {
  let table = tables.get(key);
  if (!table) {
    table = fromExport<{ columns: string[]; rows: Cell[][]; total: number; dataset: string }>(`/api/table-data?key=${encodeURIComponent(key)}`).then((d) => ({
      index: new TableIndex(rowsSource({ columns: d.columns, rows: d.rows })),
      dataset: d.dataset,
      total: d.total,
    }));
    tables.set(key, table);
  }
  return table;
}

export async function get<T>(path: string): Promise<T> {
  if (exported) {
    const url = new URL(path, "http://export.invalid");
    const key = url.searchParams.get("key") ?? "";
    if (url.pathname === "/api/table") {
      const t = await exportedTable(key);
      return { ...queryTable(t.index, parseQuery(url.searchParams)), exportedOf: t.total } as T;
    }
    if (url.pathname === "/api/row") {
      const t = await exportedTable(key);
      const index = Number(url.searchParams.get("index"));
      if (!Number.isInteger(index) || index < 0 || index >= t.index.source.rowCount) throw new Error("no such row");
      return explainCells(t.dataset, t.index.columns, t.index.source.row(index)) as T;
    }
    return fromExport<T>(path);
  }
  const response = await fetch(path, { headers: { accept: "application/json" } });
  const body = (await response.json().catch(() => ({ error: `HTTP ${response.status}` }))) as T & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
  return body;
}

export async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const answer = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new Error(answer.error ?? `HTTP ${response.status}`);
  return answer;
}

/** Server-sent events; nothing in an export (there is no server to tell it). */
export function listen(path: string, handlers: Record<string, (data: unknown) => void>): () => void {
  if (exported) return () => {};
  const source = new EventSource(path);
  for (const [name, handler] of Object.entries(handlers)) source.addEventListener(name, (e) => handler(JSON.parse((e as MessageEvent).data)));
  return () => source.close();
}
