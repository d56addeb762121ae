/**
 * Streams `.xlsx` / `.xlsm` sheets: each sheet's XML is inflated in small chunks and scanned for
 * complete `<row>` elements as it arrives, so memory holds the shared strings and one chunk, not
 * the sheet. The scan relies on what well-formed OOXML guarantees (text never contains a raw `<`,
 * so `</row>` in a chunk always closes a row). Only the sheets asked for are inflated.
 */
import { corruptError, ZipArchive } from "./zip.ts";
import { decodeXml, plainNumber } from "./cells.ts";
import type { RowHandler, WorkbookReader } from "./reader.ts";
import { usageError } from "../../errors.ts";

function attribute(attrs: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs);
  return match ? decodeXml(match[1]!) : undefined;
}

/** Feeds decoded text to `onUnits` in pieces that end right after a `closing` tag. */
async function streamUnits(zip: ZipArchive, part: string, closing: string, onUnits: (text: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = "";
  await zip.read(part, (chunk) => {
    buffer += decoder.decode(chunk, { stream: true });
    const cut = buffer.lastIndexOf(closing);
    if (cut < 0) return;
    const end = cut + closing.length;
    onUnits(buffer.slice(0, end));
    buffer = buffer.slice(end);
  });
  buffer += decoder.decode();
  if (buffer.length > 0) onUnits(buffer);
}

/** The text of a `<si>` or inline `<is>`: every `<t>` run, phonetic hints (`<rPh>`) left out. */
function richText(xml: string): string {
  const body = xml.includes("<rPh") ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, "") : xml;
  let out = "";
  const re = /<t\b[^>]*?(?:\/>|>([\s\S]*?)<\/t>)/g;
  for (let m = re.exec(body); m; m = re.exec(body)) out += m[1] ?? "";
  return decodeXml(out);
}

async function readSharedStrings(zip: ZipArchive, part: string | undefined): Promise<string[]> {
  const strings: string[] = [];
  if (!part || !zip.has(part)) return strings;
  await streamUnits(zip, part, "</si>", (text) => {
    let p = text.indexOf("<si");
    while (p >= 0) {
      const close = text.indexOf("</si>", p);
      if (close < 0) break;
      const open = text.indexOf(">", p);
      // `<si/>` is an empty string entry.
      strings.push(text[open - 1] === "/" && open < close ? "" : richText(text.slice(open + 1, close)));
      p = text.indexOf("<si", close);
    }
  });
  return strings;
}

const ROW_NUMBER = /(?:^|\s)r="(\d+)"/;

function isNameEnd(code: number): boolean {
  // space, tab, newline, carriage return, `>` and `/`: what may follow an element's name.
  return code === 32 || code === 62 || code === 47 || code === 9 || code === 10 || code === 13;
}

/** An attribute's value within a start tag's attribute text (`attrs` is short: a cell's). */
function attributeOf(attrs: string, name: string): string | undefined {
  let at = attrs.indexOf(` ${name}="`);
  if (at < 0) {
    // Attributes separated by tabs or newlines: rare, so the slow path is fine.
    const match = new RegExp(`(?:^|\\s)${name}="`).exec(attrs);
    if (!match) return undefined;
    at = match.index + match[0].length - name.length - 3;
  }
  const start = at + name.length + 3;
  return attrs.slice(start, attrs.indexOf('"', start));
}

/** `A12` -> 0-based column 0; undefined when the reference has no letters. */
function referenceColumn(ref: string | undefined): number | undefined {
  if (!ref) return undefined;
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return i === 0 ? undefined : n - 1;
}

function cellValue(xml: string, attrs: string, bodyStart: number, bodyEnd: number, shared: string[]): string {
  const t = attrs.includes("t=") ? attributeOf(attrs, "t") : undefined;
  if (t === "inlineStr") return richText(xml.slice(bodyStart, bodyEnd));
  const open = xml.indexOf("<v>", bodyStart);
  if (open < 0 || open >= bodyEnd) return "";
  const v = xml.slice(open + 3, xml.indexOf("</v>", open));
  switch (t) {
    case "s":
      return shared[Number(v)] ?? "";
    case "str":
    case "d":
      return decodeXml(v);
    case "b":
      return v === "1" ? "TRUE" : "FALSE";
    case "e":
      return "";
    default:
      return plainNumber(v);
  }
}

/** Parses the cells of the row whose content spans [start, end) of `xml`. */
function parseRow(xml: string, start: number, end: number, shared: string[]): string[] {
  const cells: string[] = [];
  let next = 0;
  let p = xml.indexOf("<c", start);
  while (p >= 0 && p < end) {
    if (!isNameEnd(xml.charCodeAt(p + 2))) {
      p = xml.indexOf("<c", p + 2);
      continue;
    }
    const tagEnd = xml.indexOf(">", p);
    if (tagEnd < 0 || tagEnd >= end) break;
    const selfClosing = xml.charCodeAt(tagEnd - 1) === 47;
    const attrs = xml.slice(p + 2, selfClosing ? tagEnd - 1 : tagEnd);
    const col = referenceColumn(attributeOf(attrs, "r")) ?? next;
    next = col + 1;
    if (selfClosing) {
      p = xml.indexOf("<c", tagEnd);
      continue;
    }
    const close = xml.indexOf("</c>", tagEnd);
    if (close < 0 || close > end) break;
    const value = cellValue(xml, attrs, tagEnd + 1, close, shared);
    if (value !== "") {
      while (cells.length < col) cells.push("");
      cells[col] = value;
    }
    p = xml.indexOf("<c", close + 4);
  }
  return cells;
}

function resolveTarget(base: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = base.split("/").slice(0, -1);
  for (const segment of target.split("/")) {
    if (segment === "..") parts.pop();
    else if (segment !== ".") parts.push(segment);
  }
  return parts.join("/");
}

async function relationships(zip: ZipArchive, part: string): Promise<Map<string, { type: string; target: string }>> {
  const relsPart = resolveTarget(part, `_rels/${part.split("/").pop()}.rels`);
  const out = new Map<string, { type: string; target: string }>();
  if (!zip.has(relsPart)) return out;
  for (const m of (await zip.readText(relsPart)).matchAll(/<Relationship\b([^>]*)>/g)) {
    const id = attribute(m[1]!, "Id");
    const target = attribute(m[1]!, "Target");
    if (id && target) out.set(id, { type: attribute(m[1]!, "Type") ?? "", target: resolveTarget(part, target) });
  }
  return out;
}

export class XlsxReader implements WorkbookReader {
  readonly sheetNames: string[] = [];
  private readonly sheetParts = new Map<string, string>();
  private sharedPart: string | undefined;
  private shared: string[] | undefined;

  private constructor(
    private readonly zip: ZipArchive,
    readonly file: string,
  ) {}

  static async open(zip: ZipArchive, file: string): Promise<XlsxReader> {
    const reader = new XlsxReader(zip, file);
    const root = [...(await relationships(zip, "")).values()].find((rel) => rel.type.endsWith("/officeDocument"));
    const workbookPart = root?.target ?? "xl/workbook.xml";
    if (!zip.has(workbookPart)) {
      throw usageError(
        `${file}: this zip archive is not an Excel workbook (it has no ${workbookPart})`,
        "save it from a spreadsheet program as .xlsx, or remove it from the input folder",
      );
    }
    const rels = await relationships(zip, workbookPart);
    const workbook = await zip.readText(workbookPart);
    for (const m of workbook.matchAll(/<sheet\b([^>]*)>/g)) {
      const name = attribute(m[1]!, "name");
      const id = /(?:^|\s)r:id="([^"]*)"/.exec(m[1]!)?.[1] ?? /(?:^|\s)\w+:id="([^"]*)"/.exec(m[1]!)?.[1];
      const target = id ? rels.get(id)?.target : undefined;
      if (name === undefined || !target) continue;
      reader.sheetNames.push(name);
      reader.sheetParts.set(name, target);
    }
    reader.sharedPart = [...rels.values()].find((rel) => rel.type.endsWith("/sharedStrings"))?.target;
    return reader;
  }

  async readSheet(name: string, onRow: RowHandler): Promise<void> {
    const part = this.sheetParts.get(name);
    if (!part) throw corruptError(this.file, `the sheet ${name} is listed but has no part`);
    this.shared ??= await readSharedStrings(this.zip, this.sharedPart);
    const shared = this.shared;
    let rowNumber = 0;
    await streamUnits(this.zip, part, "</row>", (text) => {
      let p = text.indexOf("<row");
      while (p >= 0) {
        if (!isNameEnd(text.charCodeAt(p + 4))) {
          p = text.indexOf("<row", p + 4);
          continue;
        }
        const tagEnd = text.indexOf(">", p);
        if (tagEnd < 0) return;
        const r = ROW_NUMBER.exec(text.slice(p + 4, tagEnd))?.[1];
        rowNumber = r ? Number(r) : rowNumber + 1;
        if (text.charCodeAt(tagEnd - 1) === 47) {
          p = text.indexOf("<row", tagEnd);
          continue;
        }
        const close = text.indexOf("</row>", tagEnd);
        if (close < 0) return;
        const cells = parseRow(text, tagEnd + 1, close, shared);
        if (cells.length > 0) onRow(cells, rowNumber);
        p = text.indexOf("<row", close + 6);
      }
    });
  }
}
