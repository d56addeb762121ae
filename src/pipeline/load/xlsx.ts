/**
 * Streams `.xlsx` / `.xlsm` sheets: the workbook's structure (sheet names, parts, relationships)
 * is read here; each sheet's XML is inflated in chunks and scanned row by row as it arrives
 * (`sheet-xml.ts`), so memory holds the shared strings and one chunk, not the sheet. Only the
 * sheets asked for are inflated.
 */
import { corruptError, ZipArchive } from "./zip.ts";
import { decodeXml } from "./cells.ts";
import { scanRows, scanSharedStrings, streamElements } from "./sheet-xml.ts";
import type { RowHandler, WorkbookReader } from "./reader.ts";
import { usageError } from "../../errors.ts";

function attribute(attrs: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs);
  return match ? decodeXml(match[1]!) : undefined;
}

async function readSharedStrings(zip: ZipArchive, part: string | undefined): Promise<string[]> {
  const strings: string[] = [];
  if (part && zip.has(part)) await streamElements(zip, part, "</si>", (bytes) => scanSharedStrings(bytes, strings));
  return strings;
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
    await streamElements(this.zip, part, "</row>", (bytes) => {
      rowNumber = scanRows(bytes, shared, rowNumber, onRow);
    });
  }
}
