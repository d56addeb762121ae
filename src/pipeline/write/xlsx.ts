/**
 * The styled .xlsx output: sheet XML generated directly and streamed into the zip container
 * (zip.ts), because exceljs's streaming writer took ~15 s for 100,000 × 42 cells here and SheetJS
 * community edition writes no styles or frozen panes. Each sheet has a styled header row, a
 * frozen first row, an autofilter and column widths; score columns are filled green (>= 0.8),
 * amber (>= 0.6) or red. Text is always an inline string cell, so `=HYPERLINK(...)` is shown,
 * never evaluated. Excel holds at most 32,767 characters per cell; longer text is cut there (the
 * csv, json and parquet outputs keep it whole).
 */
import type { RowSource } from "../../formats/types.ts";
import { ByteChunk, CHUNK_BYTES, encoder } from "./bytes.ts";
import { workersAllowed } from "../threads.ts";
import { hasEdgeSpace } from "../../text/white-space.ts";
import { ZipFileWriter } from "./zip.ts";
import { usageError, type HotpassError } from "../../errors.ts";

export interface XlsxSheet {
  name: string;
  columns: readonly string[];
  rows: RowSource;
  /** Columns whose numeric cells are coloured green (>= 0.8), amber (>= 0.6) or red. */
  scoreColumns?: readonly string[];
}

/** Style ids in styles.xml's cellXfs. */
export const STYLE = { header: 1, green: 2, amber: 3, red: 4 } as const;
export const FILL_COLOURS = { header: "FF1F4E78", green: "FFC6EFCE", amber: "FFFFEB9C", red: "FFFFC7CE" } as const;
const MAX_CELL = 32_767;
const MIN_WIDTH = 10;
const MAX_WIDTH = 60;
/** Rows sampled for column widths: representative, and cheap on 100,000 rows. */
const WIDTH_SAMPLE = 500;
/** Excel's last row. */
const EXCEL_ROWS = 1_048_576;
/** What a sheet's XML may come to: under zip's 4 GiB without ZIP64, with room for a misjudged estimate. */
const MAX_SHEET_BYTES = 3.5 * 2 ** 30;

/** The style for a score: green at 0.8 and above, amber at 0.6 and above, red below. */
export function scoreStyle(score: number): number {
  return score >= 0.8 ? STYLE.green : score >= 0.6 ? STYLE.amber : STYLE.red;
}

/** Cells from which deflating on the worker thread pays back its start-up (~30 ms). */
const WORKER_CELLS = 200_000;

export async function writeXlsx(path: string, sheets: XlsxSheet[]): Promise<void> {
  const measured = sheets.map((sheet) => refuseOversized(sheet, measure(sheet)));
  const cells = sheets.reduce((sum, sheet) => sum + sheet.rows.length * sheet.columns.length, 0);
  const zip = new ZipFileWriter(path, { onWorker: cells >= WORKER_CELLS && workersAllowed() });
  try {
    const names = sheets.map((sheet, i) => sheetName(sheet.name, i));
    const part = async (name: string, xml: string) => {
      zip.beginEntry(name);
      await zip.write(xml);
      await zip.endEntry();
    };
    await part("[Content_Types].xml", contentTypes(sheets.length));
    await part("_rels/.rels", ROOT_RELS);
    await part("xl/workbook.xml", workbook(names, sheets));
    await part("xl/_rels/workbook.xml.rels", workbookRels(sheets.length));
    await part("xl/styles.xml", STYLES);
    for (const [i, sheet] of sheets.entries()) {
      zip.beginEntry(`xl/worksheets/sheet${i + 1}.xml`);
      await writeSheet(zip, sheet, measured[i]!.widths);
      await zip.endEntry();
    }
    zip.close();
  } catch (error) {
    zip.abandon();
    throw error;
  }
}

async function writeSheet(zip: ZipFileWriter, sheet: XlsxSheet, widths: readonly number[]): Promise<void> {
  const letters = sheet.columns.map((_, i) => columnLetters(i));
  const lastRef = `${letters.at(-1) ?? "A"}1`;
  await zip.write(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
      `<dimension ref="A1:${letters.at(-1) ?? "A"}${sheet.rows.length + 1}"/>` +
      `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>` +
      `<sheetFormatPr defaultRowHeight="15"/><cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join("")}</cols><sheetData>`,
  );
  await zip.write(`<row r="1">${sheet.columns.map((name, i) => textCell(`${letters[i]}1`, name, STYLE.header)).join("")}</row>`);
  const scored = new Set(sheet.scoreColumns ?? []);
  const isScore = sheet.columns.map((name) => scored.has(name));
  // Cells are encoded straight into one reused byte buffer from pre-encoded pieces: building
  // each cell as a string made the sheet's size in short-lived strings several times over, which
  // the collector let pile up to hundreds of MiB of RSS at 100,000 rows.
  const out = new ByteChunk();
  const refs = letters.map((letter) => bytes(`<c r="${letter}`));
  const styled = [0, 1, 2, 3, 4].map((style) => bytes(`" s="${style}"><v>`));
  const json = sheet.rows.jsonColumn;
  const jsonAt = json?.column ?? -1;
  for (let r = 0; r < sheet.rows.length; r++) {
    const values = json ? json.otherCells(r) : sheet.rows.row(r);
    const rowNumber = bytes(String(r + 2));
    out.raw(ROW_OPEN);
    out.raw(rowNumber);
    out.raw(TAG_END);
    for (let c = 0; c < letters.length; c++) {
      let value = values[c];
      if (c === jsonAt) {
        const text = json!.bytes(r);
        if (text.length > MAX_CELL && utf16Length(text) > MAX_CELL) value = decoder.decode(text); // cut below, as text
        else {
          // JSON text has no control characters and no white space at its ends: only & < > and U+FFFE/U+FFFF need work.
          if (text.length === 0) continue;
          out.raw(refs[c]!);
          out.raw(rowNumber);
          out.raw(INLINE_OPEN);
          putXmlBytes(out, text);
          out.raw(INLINE_CLOSE);
          continue;
        }
      }
      if (value === null || value === undefined || value === "") continue;
      if (typeof value === "number" && !Number.isFinite(value)) continue;
      out.raw(refs[c]!);
      out.raw(rowNumber);
      if (typeof value === "number") {
        out.raw(isScore[c] ? styled[scoreStyle(value)]! : NUMBER_OPEN);
        out.put(String(value));
        out.raw(NUMBER_CLOSE);
      } else {
        const text = value.length > MAX_CELL ? value.slice(0, MAX_CELL) : value;
        out.raw(edgeSpaceWritten(text) ? INLINE_OPEN_PRESERVE : INLINE_OPEN);
        out.putXmlText(text);
        out.raw(INLINE_CLOSE);
      }
    }
    out.raw(ROW_CLOSE);
    if (out.length >= CHUNK_BYTES) await out.flushTo((data) => zip.write(data));
  }
  out.put(`</sheetData><autoFilter ref="A1:${lastRef}"/></worksheet>`);
  await out.flushTo((data) => zip.write(data));
}

const bytes = (text: string) => encoder.encode(text);
const ROW_OPEN = bytes('<row r="');
const TAG_END = bytes('">');
const ROW_CLOSE = bytes("</row>");
const NUMBER_OPEN = bytes('"><v>');
const NUMBER_CLOSE = bytes("</v></c>");
const INLINE_OPEN = bytes('" t="inlineStr"><is><t>');
const INLINE_OPEN_PRESERVE = bytes('" t="inlineStr"><is><t xml:space="preserve">');
const INLINE_CLOSE = bytes("</t></is></c>");


function textCell(ref: string, text: string, style: number): string {
  const body = escapeXml(text.length > MAX_CELL ? text.slice(0, MAX_CELL) : text);
  // xml:space="preserve" only where it matters (edge white space); it is 20 bytes on every cell.
  const space = hasEdgeSpace(body) ? ' xml:space="preserve"' : "";
  return `<c r="${ref}"${style ? ` s="${style}"` : ""} t="inlineStr"><is><t${space}>${body}</t></is></c>`;
}

/**
 * Whether the cell `text` makes starts or ends with white space (it then keeps it with
 * xml:space="preserve"). Nearly every cell has a printable ASCII character at both ends, which
 * escaping neither drops nor turns into white space; only the others are escaped to be sure.
 */
function edgeSpaceWritten(text: string): boolean {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  if (first > 0x20 && first < 0x7f && last > 0x20 && last < 0x7f) return false;
  return hasEdgeSpace(escapeXml(text));
}

const XML_SPECIAL = /[&<>]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const XML_NEEDS_WORK = /[&<>\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

function escapeXml(text: string): string {
  if (!XML_NEEDS_WORK.test(text)) return text;
  // Control characters are not allowed in XML 1.0 at all; they are dropped.
  return text.replace(XML_SPECIAL, (ch) => (ch === "&" ? "&amp;" : ch === "<" ? "&lt;" : ch === ">" ? "&gt;" : ""));
}

const decoder = new TextDecoder();
const AMP = bytes("&amp;");
const LT = bytes("&lt;");
const GT = bytes("&gt;");

/**
 * UTF-8 JSON text into the sheet as escapeXml would write it: & < > escaped, U+FFFE and U+FFFF
 * dropped (JSON text has no control characters). Most text has none of them, which the native
 * scans find out faster than a loop over its bytes.
 */
function putXmlBytes(out: ByteChunk, text: Uint8Array): void {
  if (text.indexOf(0x26) < 0 && text.indexOf(0x3c) < 0 && text.indexOf(0x3e) < 0 && text.indexOf(0xef) < 0) return out.raw(text);
  let clean = 0;
  for (let i = 0; i < text.length; i++) {
    const b = text[i]!;
    const entity = b === 0x26 ? AMP : b === 0x3c ? LT : b === 0x3e ? GT : null;
    const forbidden = b === 0xef && text[i + 1] === 0xbf && (text[i + 2] === 0xbe || text[i + 2] === 0xbf);
    if (!entity && !forbidden) continue;
    out.raw(text.subarray(clean, i));
    if (entity) out.raw(entity);
    clean = entity ? i + 1 : i + 3;
    i = clean - 1;
  }
  out.raw(text.subarray(clean));
}

/** The length in UTF-16 code units of the text `utf8` encodes (what Excel's cell limit counts). */
function utf16Length(utf8: Uint8Array): number {
  let units = 0;
  for (let i = 0; i < utf8.length; i++) {
    const b = utf8[i]!;
    if ((b & 0xc0) !== 0x80) units += b >= 0xf0 ? 2 : 1;
  }
  return units;
}

export function columnLetters(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** What the first rows say about a sheet: each column's width, and the characters of text per row. */
interface Measured {
  widths: number[];
  charsPerRow: number;
}

/**
 * Reads the first WIDTH_SAMPLE rows once, whole: a refined row's provenance cell is rendered when
 * it is read, so reading the sample cell by cell, once for the widths and once for the size,
 * rendered it twice per row.
 */
function measure(sheet: XlsxSheet): Measured {
  const widest = sheet.columns.map((name) => name.length);
  const sample = Math.min(sheet.rows.length, WIDTH_SAMPLE);
  let chars = 0;
  for (let r = 0; r < sample; r++) {
    const values = sheet.rows.row(r);
    for (let c = 0; c < sheet.columns.length; c++) {
      const value = values[c];
      if (value === null || value === undefined) continue;
      const length = String(value).length;
      if (length > widest[c]!) widest[c] = length;
      // About 30 bytes of markup per cell around its text.
      if (length > 0) chars += length + 30;
    }
  }
  return { widths: widest.map((w) => Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + 2))), charsPerRow: sample ? chars / sample : 0 };
}

/**
 * A sheet holds at most 1,048,576 rows, header included. The zip container has no ZIP64 here, so
 * a sheet's XML must stay under 4 GiB (Excel itself struggles long before). Estimated from the
 * sampled rows: a table that would not fit is refused before anything is written, not after
 * minutes of work (a million wide rows came to more than 4 GiB); a misjudged one is still refused
 * by the zip writer at the end.
 */
function refuseOversized(sheet: XlsxSheet, measured: Measured): Measured {
  if (sheet.rows.length + 1 > EXCEL_ROWS) {
    throw usageError(`the ${sheet.name} sheet would have ${sheet.rows.length + 1} rows with its header; an .xlsx sheet holds at most ${EXCEL_ROWS}`, "write this table as .csv or .parquet (--output-path refined.csv), which have no such limit");
  }
  const estimated = measured.charsPerRow * sheet.rows.length;
  if (estimated > MAX_SHEET_BYTES) throw oversized(sheet.name, `about ${(estimated / 2 ** 30).toFixed(1)} GiB`);
  return measured;
}

/** The one message for a sheet too large for the container, estimated or found. */
function oversized(sheet: string, size: string): HotpassError {
  return usageError(
    `the ${sheet} sheet would be ${size} of XML, more than an .xlsx file holds here (4 GiB per sheet)`,
    "write this table as .csv or .parquet (--output-path refined.csv), which have no such limit",
  );
}

/** Excel's sheet-name rules: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(name: string, index: number): string {
  const cleaned = name.replace(/[:\\/?*[\]]/g, " ").slice(0, 31).trim();
  return cleaned || `Sheet${index + 1}`;
}

function contentTypes(sheetCount: number): string {
  const sheets = Array.from({ length: sheetCount }, (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${sheets}</Types>`;
}

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

function workbook(names: string[], sheets: XlsxSheet[]): string {
  const entries = names.map((name, i) => `<sheet name="${escapeXml(name).replaceAll('"', "&quot;")}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("");
  // The autofilter needs its hidden _FilterDatabase name for Excel to treat it as a real filter.
  const filters = names
    .map((name, i) => `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${escapeXml(name).replaceAll("'", "''")}'!$A$1:$${columnLetters(Math.max(0, sheets[i]!.columns.length - 1))}$1</definedName>`)
    .join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews><sheets>${entries}</sheets><definedNames>${filters}</definedNames></workbook>`;
}

function workbookRels(sheetCount: number): string {
  const sheets = Array.from({ length: sheetCount }, (_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets}<Relationship Id="rId${sheetCount + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;
}

const solid = (argb: string) => `<fill><patternFill patternType="solid"><fgColor rgb="${argb}"/><bgColor indexed="64"/></patternFill></fill>`;
const STYLES =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
  `<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/><family val="2"/></font></fonts>` +
  `<fills count="6"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>${solid(FILL_COLOURS.header)}${solid(FILL_COLOURS.green)}${solid(FILL_COLOURS.amber)}${solid(FILL_COLOURS.red)}</fills>` +
  `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
  `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
  `<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
  `<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>` +
  `<xf numFmtId="0" fontId="0" fillId="3" borderId="0" xfId="0" applyFill="1"/>` +
  `<xf numFmtId="0" fontId="0" fillId="4" borderId="0" xfId="0" applyFill="1"/>` +
  `<xf numFmtId="0" fontId="0" fillId="5" borderId="0" xfId="0" applyFill="1"/></cellXfs>` +
  `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;
