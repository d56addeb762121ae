/**
 * Building the page without markup: every value from a report or a spreadsheet becomes a text
 * node (never innerHTML), and a link is made only for http(s) URLs or the dashboard's own paths.
 */
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") node.addEventListener(name.replace(/^on/, ""), value);
    else if (name === "href") setHref(node as HTMLAnchorElement, String(value));
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

export function append(node: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** Only the dashboard's own routes and files, or a web address; anything else is not a link. */
function setHref(anchor: HTMLAnchorElement, href: string): void {
  if (href.startsWith("#") || /^\/(files|api)\//.test(href) || isWebUrl(href)) anchor.setAttribute("href", href);
}

export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** A spreadsheet cell: text, or a link when (and only when) it is an http(s) address. */
export function cell(value: unknown): Node {
  const text = value === null || value === undefined ? "" : String(value);
  if (isWebUrl(text)) return el("a", { href: text, rel: "noopener noreferrer nofollow", target: "_blank" }, text);
  return document.createTextNode(text);
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

export function table(headers: string[], rows: Child[][], caption?: string): HTMLTableElement {
  return el(
    "table",
    {},
    caption ? el("caption", {}, caption) : null,
    el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.map((c) => el("td", {}, c))))),
  );
}

export const fmt = {
  num: (n: unknown, digits = 0) => (typeof n === "number" && Number.isFinite(n) ? n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "–"),
  score: (n: unknown) => (typeof n === "number" ? n.toFixed(4) : "–"),
  pct: (n: unknown) => (typeof n === "number" ? `${(n * 100).toFixed(1)}%` : "–"),
  secs: (n: unknown) => (typeof n === "number" ? `${n.toFixed(2)} s` : "–"),
  time: (iso: unknown) => (typeof iso === "string" && iso ? iso.replace("T", " ").replace(/\.\d+Z$/, "Z") : "–"),
};

export function section(title: string, ...children: Child[]): HTMLElement {
  return el("section", { "aria-label": title }, el("h2", {}, title), ...children);
}
