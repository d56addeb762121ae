/**
 * Streams `.xlsx` / `.xlsm` sheets: the workbook's structure (sheet names, parts, relationships)
 * is read here; each sheet's XML is inflated in chunks and scanned row by row as it arrives
 * (`sheet-xml.ts`), so memory holds the shared strings and one chunk, not the sheet. Only the
 * sheets asked for are inflated. Every part read is checked as XML on the way: a damaged part is
 * refused naming the file, the sheet, the byte and the row where it breaks.
 */
import { usageError } from "../../errors.ts";
import { decodeXml } from "./cells.ts";
import { grouped, MAX_LISTED } from "./limits.ts";
import type { RowHandler, WorkbookReader } from "./reader.ts";
import { SharedStringsScanner, SheetScanner, type TypedRowHandler } from "./sheet-xml.ts";
import { XmlScanner, XmlSyntaxError } from "./xml-scan.ts";
import { corruptError, ZipArchive } from "./zip.ts";

/** The start tags of one kind (`sheet`, `Relationship`) in a small part, with their attributes. */
class StartTags extends XmlScanner {
  readonly found: Map<string, string>[] = [];

  constructor(private readonly wanted: string) {
    super();
  }

  protected open(b: Buffer, _nameStart: number, nameEnd: number, local: number): void {
    if (b.toString("latin1", local, nameEnd) !== this.wanted) return;
    if (this.found.length >= MAX_LISTED) this.fail(`more than ${grouped(MAX_LISTED)} <${this.wanted}> elements`, local);
    const attributes = new Map<string, string>();
    for (let k = 0; k < this.attrCount * 4; k += 4) {
      const name = b.toString("latin1", this.attrs[k]!, this.attrs[k + 1]!);
      attributes.set(name, decodeXml(b.toString("utf8", this.attrs[k + 2]!, this.attrs[k + 3]!)));
    }
    this.found.push(attributes);
  }

  protected close(): void {}
  protected text(): void {}
  protected cdata(): void {}
}

/** Feeds part `part` to `scanner`; a damaged part becomes one message naming what and where. */
async function scan(zip: ZipArchive, file: string, part: string, what: string, scanner: XmlScanner, where?: () => string): Promise<void> {
  try {
    await zip.read(part, (chunk) => scanner.feed(chunk));
    scanner.end();
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    const place = `byte ${grouped(error.offset)} of ${part}${where ? `, ${where()}` : ""}`;
    if (error.limit) {
      throw usageError(
        `${file}: ${what} goes past what the reader accepts: ${error.detail} (${place})`,
        "no spreadsheet program writes this (see 'Resource bounds' in the README); fix or remove the file",
      );
    }
    throw usageError(
      `${file}: ${what} is damaged: ${error.detail} (${place})`,
      "the XML inside the workbook is not well-formed: open it in a spreadsheet program and save it again, or remove it from the input folder",
    );
  }
}

async function startTags(zip: ZipArchive, file: string, part: string, wanted: string): Promise<Map<string, string>[]> {
  const scanner = new StartTags(wanted);
  await scan(zip, file, part, `the part ${part}`, scanner);
  return scanner.found;
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

async function relationships(zip: ZipArchive, file: string, part: string): Promise<Map<string, { type: string; target: string }>> {
  const relsPart = resolveTarget(part, `_rels/${part.split("/").pop()}.rels`);
  const out = new Map<string, { type: string; target: string }>();
  if (!zip.has(relsPart)) return out;
  for (const rel of await startTags(zip, file, relsPart, "Relationship")) {
    const id = rel.get("Id");
    const target = rel.get("Target");
    if (id && target) out.set(id, { type: rel.get("Type") ?? "", target: resolveTarget(part, target) });
  }
  return out;
}

/** A sheet's relationship id: `r:id`, whatever prefix the file gave the relationships namespace. */
function relationshipId(attributes: Map<string, string>): string | undefined {
  const id = attributes.get("r:id");
  if (id !== undefined) return id;
  for (const [name, value] of attributes) if (name.endsWith(":id")) return value;
  return undefined;
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
    const root = [...(await relationships(zip, file, "")).values()].find((rel) => rel.type.endsWith("/officeDocument"));
    const workbookPart = root?.target ?? "xl/workbook.xml";
    if (!zip.has(workbookPart)) {
      throw usageError(
        `${file}: this zip archive is not an Excel workbook (it has no ${workbookPart})`,
        "save it from a spreadsheet program as .xlsx, or remove it from the input folder",
      );
    }
    const rels = await relationships(zip, file, workbookPart);
    for (const sheet of await startTags(zip, file, workbookPart, "sheet")) {
      const name = sheet.get("name");
      const id = relationshipId(sheet);
      const target = id ? rels.get(id)?.target : undefined;
      if (name === undefined || !target) continue;
      reader.sheetNames.push(name);
      reader.sheetParts.set(name, target);
    }
    reader.sharedPart = [...rels.values()].find((rel) => rel.type.endsWith("/sharedStrings"))?.target;
    return reader;
  }

  async readSheet(name: string, onRow: RowHandler): Promise<void> {
    await this.scanSheet(name, onRow, false);
  }

  /** As `readSheet`, with number cells as numbers (for reading a table back). */
  async readSheetTyped(name: string, onRow: TypedRowHandler): Promise<void> {
    await this.scanSheet(name, onRow, true);
  }

  private async scanSheet(name: string, onRow: RowHandler | TypedRowHandler, typed: boolean): Promise<void> {
    const part = this.sheetParts.get(name);
    if (!part) throw corruptError(this.file, `the sheet ${name} is listed but has no part`);
    this.shared ??= await this.readSharedStrings();
    const scanner = new SheetScanner(this.shared, onRow, typed);
    await scan(this.zip, this.file, part, `sheet "${name}"`, scanner, () => scanner.where());
  }

  private async readSharedStrings(): Promise<string[]> {
    const part = this.sharedPart;
    if (!part || !this.zip.has(part)) return [];
    const scanner = new SharedStringsScanner();
    await scan(this.zip, this.file, part, "the shared strings table", scanner);
    return scanner.strings;
  }
}
