/**
 * The browser app, bundled by Bun from `client/index.html` (its script and stylesheet) into the
 * executable. In the compiled binary the bundle's files are listed on the HTML import and read
 * from the executable's own file system; run from source, the same HTML is bundled on first use.
 * Either way the server serves the files itself, so every response carries its security headers.
 */
import page from "./client/index.html";

export interface Asset {
  /** URL path, e.g. `/chunk-1a2b3c.js` (`/` for the page itself). */
  path: string;
  type: string;
  body: Uint8Array;
}

interface BundleFile {
  path: string;
  loader: string;
  headers?: Record<string, string>;
}

const TYPES: Record<string, string> = { html: "text/html;charset=utf-8", js: "text/javascript;charset=utf-8", css: "text/css;charset=utf-8" };

let loaded: Promise<Map<string, Asset>> | undefined;

/** URL path -> asset, loaded once. */
export function assets(): Promise<Map<string, Asset>> {
  loaded ??= load();
  return loaded;
}

async function load(): Promise<Map<string, Asset>> {
  const bundle = page as unknown as { index?: string; files?: BundleFile[] };
  const map = new Map<string, Asset>();
  if (bundle.files && bundle.files.length > 0) {
    for (const file of bundle.files) {
      const name = file.path.slice(file.path.lastIndexOf("/") + 1);
      const path = file.path === bundle.index ? "/" : `/${name}`;
      const type = file.headers?.["content-type"] ?? TYPES[file.loader] ?? "application/octet-stream";
      map.set(path, { path, type, body: await Bun.file(file.path).bytes() });
    }
    return map;
  }
  // Running from source (`bun src/cli.ts dashboard`): bundle the same HTML now, minified.
  const result = await Bun.build({ entrypoints: [new URL("./client/index.html", import.meta.url).pathname], minify: true, target: "browser" });
  if (!result.success) throw new Error(`dashboard: the page did not bundle: ${result.logs.map(String).join("; ")}`);
  for (const output of result.outputs) {
    const name = output.path.replace(/^\.\//, "");
    const path = name.endsWith(".html") ? "/" : `/${name}`;
    const extension = name.slice(name.lastIndexOf(".") + 1);
    map.set(path, { path, type: TYPES[extension] ?? output.type, body: new Uint8Array(await output.arrayBuffer()) });
  }
  return map;
}
