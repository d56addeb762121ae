/**
 * A small, fast `.xlsx` writer for generated test data: sheet XML is built as strings (shared
 * strings table, cell references, a date style, merged cells) and zipped with the runtime's zlib. It writes
 * 190,000 rows in a few seconds where an in-memory spreadsheet library takes far longer and far
 * more memory. Not for the product's styled output (that is the writer stage's job).
 */
import { deflateRawSync } from "node:zlib";

const strToU8 = (text: string): Uint8Array => Buffer.from(text, "utf8");

/** A cell: text, a number, an Excel serial date (shown as a date), or empty. */
export type Cell = string | number | { date: number } | null | undefined;

export interface SheetInput {
  name: string;
  /** The rows, header first; any iterable, so a generator can stream them without an array. */
  rows: Iterable<Cell[]>;
  /** Ranges to merge, e.g. "A1:F1". */
  merges?: string[];
  /** Rows of formatted but empty cells after the data (what real files drag along). */
  trailingEmptyRows?: number;
}

const LETTERS: string[] = [];
function letters(index: number): string {
  let cached = LETTERS[index];
  if (cached === undefined) {
    let n = index + 1;
    cached = "";
    while (n > 0) {
      const rem = (n - 1) % 26;
      cached = String.fromCharCode(65 + rem) + cached;
      n = Math.floor((n - 1) / 26);
    }
    LETTERS[index] = cached;
  }
  return cached;
}

function escapeXml(text: string): string {
  return /[&<>"]/.test(text) ? text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;") : text;
}

class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly list: string[] = [];
  count = 0;

  id(text: string): number {
    this.count++;
    let id = this.index.get(text);
    if (id === undefined) {
      id = this.list.length;
      this.index.set(text, id);
      this.list.push(text);
    }
    return id;
  }

  xml(): string {
    const items = this.list.map((text) => `<si><t${/^\s|\s$/.test(text) ? ' xml:space="preserve"' : ""}>${escapeXml(text)}</t></si>`);
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.count}" uniqueCount="${this.list.length}">${items.join("")}</sst>`;
  }
}

/** Collects text in ~1 MiB pieces encoded as they fill, so no giant string is ever built. */
class ByteSink {
  private readonly pieces: Buffer[] = [];
  private text: string[] = [];
  private length = 0;

  push(piece: string): void {
    this.text.push(piece);
    this.length += piece.length;
    if (this.length > 1 << 20) this.flush();
  }

  private flush(): void {
    this.pieces.push(Buffer.from(this.text.join(""), "utf8"));
    this.text = [];
    this.length = 0;
  }

  bytes(): Buffer {
    this.flush();
    return Buffer.concat(this.pieces);
  }
}

function sheetXml(sheet: SheetInput, shared: SharedStrings): { bytes: Buffer; rows: number } {
  const out = new ByteSink();
  out.push(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>',
  );
  let width = 1;
  let n = 0;
  for (const row of sheet.rows) {
    n++;
    let cells = "";
    for (let c = 0; c < row.length; c++) {
      const value = row[c];
      if (value === null || value === undefined || value === "") continue;
      const ref = `${letters(c)}${n}`;
      if (typeof value === "number") cells += `<c r="${ref}"><v>${value}</v></c>`;
      else if (typeof value === "string") cells += `<c r="${ref}" t="s"><v>${shared.id(value)}</v></c>`;
      else cells += `<c r="${ref}" s="1"><v>${value.date}</v></c>`;
    }
    width = Math.max(width, row.length);
    out.push(`<row r="${n}">${cells}</row>`);
  }
  const rows = n;
  for (let i = 1; i <= (sheet.trailingEmptyRows ?? 0); i++) {
    const r = rows + i;
    out.push(`<row r="${r}"><c r="A${r}" s="2"/><c r="${letters(width - 1)}${r}" s="2"/></row>`);
  }
  out.push("</sheetData>");
  if (sheet.merges?.length) out.push(`<mergeCells count="${sheet.merges.length}">${sheet.merges.map((ref) => `<mergeCell ref="${ref}"/>`).join("")}</mergeCells>`);
  out.push("</worksheet>");
  return { bytes: out.bytes(), rows };
}

interface DeflatedPart {
  compressed: Uint8Array;
  crc: number;
  size: number;
}

/** Compresses a part at once, so its uncompressed bytes can be let go. */
function deflatePart(data: Uint8Array, level: number): DeflatedPart {
  return { compressed: deflateRawSync(data, { level }), crc: Bun.hash.crc32(data), size: data.length };
}

/** A zip of deflated parts: local headers, data, central directory. */
function zipParts(parts: { name: string; part: DeflatedPart }[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { name, part } of parts) {
    const nameBytes = Buffer.from(name, "utf8");
    const { compressed, crc, size } = part;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(compressed.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, nameBytes);
    chunks.push(local, nameBytes, compressed);
    offset += local.length + nameBytes.length + compressed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directory, end]);
}

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`;

/** Builds a complete `.xlsx` file's bytes from sheets of plain values. */
export function buildXlsx(sheets: SheetInput[], level: 0 | 1 | 6 = 1): Uint8Array {
  return buildXlsxCounting(sheets, level).bytes;
}

/** `buildXlsx`, also returning how many rows (header included) each sheet had. */
export function buildXlsxCounting(sheets: SheetInput[], level: 0 | 1 | 6 = 1): { bytes: Uint8Array; rows: Record<string, number> } {
  const shared = new SharedStrings();
  const files: Record<string, DeflatedPart> = {};
  const part = (text: string) => deflatePart(strToU8(text), level);
  const counts: Record<string, number> = {};
  sheets.forEach((sheet, i) => {
    const { bytes, rows } = sheetXml(sheet, shared);
    files[`xl/worksheets/sheet${i + 1}.xml`] = deflatePart(bytes, level);
    counts[sheet.name] = rows;
  });
  const sheetEntries = sheets.map((sheet, i) => `<sheet name="${escapeXml(sheet.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("");
  const sheetRels = sheets
    .map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
    .join("");
  const n = sheets.length;
  files["[Content_Types].xml"] = part(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join("")}<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
  );
  files["_rels/.rels"] = part(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  files["xl/workbook.xml"] = part(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheetEntries}</sheets></workbook>`,
  );
  files["xl/_rels/workbook.xml.rels"] = part(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheetRels}<Relationship Id="rId${n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId${n + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
  );
  files["xl/sharedStrings.xml"] = part(shared.xml());
  files["xl/styles.xml"] = part(STYLES);
  // Excel expects [Content_Types].xml first.
  const order = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml"];
  const names = [...order, ...Object.keys(files).filter((name) => !order.includes(name))];
  return { bytes: zipParts(names.map((name) => ({ name, part: files[name]! }))), rows: counts };
}
