/**
 * Bad `.xlsx`, `.xls` and `.ods` files, each built by code from a valid workbook with one thing
 * wrong, read by `refine`.
 */
import { strToU8, unzipSync, zipSync } from "fflate";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { deflateChunks, filler, whitespaceBomb, workbookFrom, workbookParts, type RawEntry, assembleZip } from "../support/zip-build.ts";
import { encryptedWorkbook } from "../support/workbooks.ts";
import { fuzzCase } from "../fuzz/cases.ts";
import { GOOD_ROWS, refineArgs, sheetXml, textCell, write, type BadCase, type Outcome } from "./_case.ts";

const SHEET = "xl/worksheets/sheet1.xml";

/** A workbook whose one sheet is `xml` (and whose other parts are valid). */
function book(xml: string | Uint8Array, overrides: Record<string, Partial<RawEntry>> = {}): Uint8Array {
  const parts = workbookParts();
  parts[SHEET] = typeof xml === "string" ? strToU8(xml) : xml;
  return workbookFrom(parts, overrides);
}

/** `refine` of in/book.xlsx expected to fail with exit 2 and a line matching `line`. */
function refused(dir: string, bytes: Uint8Array, line: RegExp, name = "book.xlsx", ...extra: string[]): Outcome {
  write(dir, `in/${name}`, bytes);
  return { args: refineArgs(...extra), code: 2, line, names: name };
}

const damaged = (detail: RegExp | string) => new RegExp(`book\\.xlsx: sheet "Sheet1" is damaged: ${typeof detail === "string" ? detail : detail.source}`);

export const workbookCases: BadCase[] = [
  { family: "xlsx", name: "a stray `<<&&` in a sheet", build: (dir) => refused(dir, book(sheetXml(GOOD_ROWS.replace("</row>", "<<&&</row>"))), damaged("a stray '<'.*row 1\\)")) },
  { family: "xlsx", name: "a stray `&` in a cell value", build: (dir) => refused(dir, book(sheetXml(GOOD_ROWS.replace("Alpha Aero", "Alpha & Aero"))), damaged("a stray '&'.*cell A2\\)")) },
  { family: "xlsx", name: "mismatched tags", build: (dir) => refused(dir, book(sheetXml(GOOD_ROWS.replace("</v></c></row><row r=\"3\">", "</c></v></row><row r=\"3\">"))), damaged("an end tag </c> that does not match the element opened at byte \\d+ \\(byte \\d+ of xl/worksheets/sheet1.xml, cell B2\\)")) },
  { family: "xlsx", name: "a sheet cut off mid-row", build: (dir) => { const xml = sheetXml(GOOD_ROWS); return refused(dir, book(xml.slice(0, xml.indexOf("Beta"))), damaged("cut off: 6 element\\(s\\) not closed \\(byte \\d+ of xl/worksheets/sheet1.xml, cell A3\\)")); } },
  { family: "xlsx", name: "elements left open at the end of a sheet", build: (dir) => refused(dir, book(sheetXml(GOOD_ROWS).replace("</sheetData></worksheet>", "")), damaged("cut off: 2 element")) },
  { family: "xlsx", name: "a sheet cut off inside a tag", build: (dir) => { const xml = sheetXml(GOOD_ROWS); return refused(dir, book(xml.slice(0, xml.lastIndexOf("<c r=") + 6)), damaged("cut off inside a tag")); } },
  { family: "xlsx", name: "a reference to an undefined entity", build: (dir) => refused(dir, book(sheetXml(GOOD_ROWS.replace("Alpha Aero", "Alpha &nbsp; Aero"))), damaged("a reference to an undefined entity")) },
  { family: "xlsx", name: "a DOCTYPE with an external entity (XXE)", build: (dir) => refused(dir, book(sheetXml(GOOD_ROWS.replace("Alpha Aero", "&xxe;")).replace("<worksheet", '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><worksheet')), damaged("a DOCTYPE declaration")) },
  {
    family: "xlsx",
    name: "nested entities (billion laughs)",
    build: (dir) => {
      const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join("");
      return refused(dir, book(sheetXml(GOOD_ROWS.replace("Alpha Aero", "&l9;")).replace("<worksheet", `<!DOCTYPE w [<!ENTITY l0 "lol">${entities}]><worksheet`)), damaged("a DOCTYPE declaration"));
    },
  },
  { family: "xlsx", name: "elements nested thousands deep", build: (dir) => refused(dir, book(sheetXml(`${"<x>".repeat(5000)}${"</x>".repeat(5000)}${GOOD_ROWS}`)), /book\.xlsx: sheet "Sheet1" goes past what the reader accepts: elements nested more than 256 deep/) },
  { family: "xlsx", name: "a sheet part encoded as UTF-16", build: (dir) => refused(dir, book(new Uint8Array([0xff, 0xfe, ...Buffer.from(sheetXml(GOOD_ROWS), "utf16le")])), damaged("the part is UTF-16 encoded")) },
  { family: "xlsx", name: "a cell reference past column XFD (`ZZZZZZZ1`)", build: (dir) => refused(dir, book(sheetXml(GOOD_ROWS.replace('r="B2"', 'r="ZZZZZZZ2"'))), /goes past what the reader accepts: the cell reference "ZZZZZZZ2" is past Excel's last column XFD/) },
  { family: "xlsx", name: "a cell reference one past XFD (`XFE2`)", build: (dir) => refused(dir, book(sheetXml(GOOD_ROWS.replace('r="B2"', 'r="XFE2"'))), /the cell reference "XFE2" is past Excel's last column XFD/) },
  { family: "xlsx", name: "a row past 1,048,576", build: (dir) => refused(dir, book(sheetXml(GOOD_ROWS.replace('<row r="3">', '<row r="1048577">'))), /row 1,048,577 is past Excel's last row 1,048,576/) },
  { family: "xlsx", name: "a malformed cell reference", build: (dir) => refused(dir, book(sheetXml(GOOD_ROWS.replace('r="B2"', 'r="2B"'))), damaged('a malformed cell reference "2B"')) },
  {
    family: "xlsx",
    name: "a value in column XFD of every row (a sparse sheet)",
    build: (dir) => {
      const rows = Array.from({ length: 5000 }, (_, i) => `<row r="${i + 2}">${textCell(`A${i + 2}`, "Org")}<c r="XFD${i + 2}"><v>1</v></c></row>`).join("");
      return refused(dir, book(sheetXml(`<row r="1">${textCell("A1", "Company")}</row>${rows}`)), /more than 67,108,864 empty cells between values/);
    },
  },
  { family: "xlsx", name: "a cell value over 4 MiB", build: (dir) => refused(dir, book(sheetXml(GOOD_ROWS.replace("Alpha Aero", "n".repeat(5 * 1024 * 1024)))), /the value of cell A2 is longer than 4 MiB of XML/) },
  { family: "xlsx", name: "an unknown cell type", build: (dir) => refused(dir, book(sheetXml(GOOD_ROWS.replace('<c r="B2">', '<c r="B2" t="zz">'))), damaged('an unknown cell type t="zz"')) },
  {
    family: "xlsx",
    name: "a shared-string index past the table",
    build: (dir) => refused(dir, book(sheetXml(GOOD_ROWS.replace('<c r="B2"><v>27821234567</v>', '<c r="B2" t="s"><v>999</v>'))), damaged("a cell refers to shared string 999, but the workbook has 2")),
  },
  {
    family: "xlsx",
    name: "malformed shared strings",
    build: (dir) => {
      const parts = workbookParts();
      parts["xl/sharedStrings.xml"] = strToU8('<sst xmlns="x"><si><t>Company</t></si><si><t>Alpha</si></sst>');
      return refused(dir, workbookFrom(parts), /book\.xlsx: the shared strings table is damaged: an end tag <\/si> that does not match/);
    },
  },
  {
    family: "xlsx",
    name: "malformed workbook.xml",
    build: (dir) => {
      const parts = workbookParts();
      parts["xl/workbook.xml"] = strToU8('<workbook><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"></sheets></workbook>');
      return refused(dir, workbookFrom(parts), /book\.xlsx: the part xl\/workbook\.xml is damaged/);
    },
  },
  {
    family: "xlsx",
    name: "a zip without xl/workbook.xml",
    build: (dir) => {
      const parts = workbookParts();
      delete parts["xl/workbook.xml"];
      return refused(dir, workbookFrom(parts), /book\.xlsx: this zip archive is not an Excel workbook \(it has no xl\/workbook\.xml\)/);
    },
  },
  { family: "xlsx", name: "a truncated zip", build: (dir) => { const bytes = book(sheetXml(GOOD_ROWS)); return refused(dir, bytes.subarray(0, Math.floor(bytes.length / 2)), /book\.xlsx: the workbook is corrupt or truncated/); } },
  { family: "xlsx", name: "a part failing its CRC-32", build: (dir) => refused(dir, book(sheetXml(GOOD_ROWS), { [SHEET]: { declaredCrc: 12345 } }), /book\.xlsx: the workbook is corrupt or truncated \(the part xl\/worksheets\/sheet1\.xml fails its CRC-32 check\)/) },
  { family: "xlsx", name: "a part shorter than its declared size", build: (dir) => refused(dir, book(sheetXml(GOOD_ROWS), { [SHEET]: { declaredSize: 100_000 } }), /inflates to \d+ bytes, not the 100000 its header declares/) },
  {
    family: "xlsx",
    name: "two parts with one name",
    build: (dir) => {
      const parts = workbookParts();
      const entries = Object.entries(parts).map(([name, data]) => ({ name, data }));
      return refused(dir, assembleZip([...entries, { name: SHEET, data: strToU8(sheetXml(GOOD_ROWS)) }]), /the archive holds two parts named "xl\/worksheets\/sheet1\.xml"/);
    },
  },
  { family: "xlsx", name: "an unsupported compression method", build: (dir) => refused(dir, book(sheetXml(GOOD_ROWS), { [SHEET]: { method: 12 } }), /uses unsupported compression method 12/) },
  { family: "xlsx", name: "a text file named .xlsx", build: (dir) => refused(dir, strToU8("Company,Phone\nAlpha,1\n"), /book\.xlsx: not a \.xlsx workbook \(it starts with "Company,Phone\?Alpha,1\?"/) },
  { family: "xlsx", name: "an empty file named .xlsx", build: (dir) => refused(dir, new Uint8Array(0), /book\.xlsx: not a \.xlsx workbook \(it is empty/) },
  {
    family: "xlsx",
    name: "a password-protected workbook",
    build: async (dir) => {
      mkdirSync(join(dir, "in"), { recursive: true });
      await encryptedWorkbook(join(dir, "in"), "book.xlsx");
      return { args: refineArgs(), code: 2, line: /book\.xlsx: the workbook is encrypted \(password-protected\)/, names: "book.xlsx" };
    },
  },
  {
    family: "xlsx",
    name: "a zip bomb whose headers lie (declares 4 KiB, inflates to 64 MiB)",
    build: (dir) => refused(dir, whitespaceBomb(64, 4096), /the part xl\/worksheets\/sheet1\.xml inflates past the 4096 bytes its header declares \(a zip bomb, or damage\)/),
  },
  {
    family: "xlsx",
    name: "a zip bomb whose headers tell the truth, above --max-uncompressed-mb",
    build: (dir) => ({
      ...refused(dir, whitespaceBomb(24), /book\.xlsx: refusing to read: its parts declare 24 MiB uncompressed, above the limit of 4 MiB/, "book.xlsx", "--max-uncompressed-mb", "4"),
      after: (_dir, result) => {
        // The hint's limit is enough for the workbook (item 10): it names at least its real size.
        if (!result.stderr.includes("--max-uncompressed-mb 25")) throw new Error(`hint does not suggest 25 MiB: ${result.stderr}`);
      },
    }),
  },
  {
    family: "xlsx",
    name: "a 100 MiB sheet of white space (cost per byte stays small)",
    build: (dir) => {
      const sheet = deflateChunks(filler(100 * 1024 * 1024, 32, sheetXml(GOOD_ROWS).replace("</sheetData></worksheet>", ""), "</sheetData></worksheet>"));
      const entries: RawEntry[] = Object.entries(workbookParts()).map(([name, data]) => (name === SHEET ? { name, deflated: sheet } : { name, data }));
      write(dir, "in/book.xlsx", assembleZip(entries));
      // Valid, so it is read: two organisations; bounded time and memory is the point.
      return { args: refineArgs(), code: 0, line: /refined 2 organisations/, names: "refined.xlsx", changes: ["out"], ceilingMiB: 400 };
    },
  },
  // .xls: SheetJS reads it in memory, after the size check.
  // Found by the fuzzer (`bun run fuzz --seed 424242 --only 16708`): handed a Uint8Array instead of
  // a Buffer, SheetJS's OLE reader followed this file's looping sector chain past 24 GiB.
  { family: "xls", name: "an .xls whose sector chain loops (3.9 KB)", build: async (dir) => refused(dir, (await fuzzCase(424242, 16708)).bytes, /book\.xls: the workbook is corrupt or truncated \(its records or sectors do not hold together\)/, "book.xls") },
  // Also found by the fuzzer (`bun run fuzz --seed 7 --only 9909`): SheetJS's parse of it grows without end.
  { family: "xls", name: "an .xls whose parse grows without bound (4 KB)", build: async (dir) => refused(dir, (await fuzzCase(7, 9909)).bytes, /book\.xls: the workbook is damaged or more than the \.xls\/\.ods reader can take \(reading it needed more than 128 MiB\)/, "book.xls") },
  { family: "xls", name: "an OLE file that is not a workbook", build: (dir) => refused(dir, new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Uint8Array(600).fill(7)]), /book\.xls: the workbook is corrupt or truncated/, "book.xls") },
  {
    family: "xls",
    name: "a truncated .xls",
    build: async (dir) => {
      const XLSX = await import("xlsx");
      const workbook = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([["Company"], ...Array.from({ length: 300 }, (_, i) => [`Org ${i}`])]), "S");
      const bytes = new Uint8Array(XLSX.write(workbook, { bookType: "biff8", type: "buffer" }) as Buffer);
      return refused(dir, bytes.subarray(0, Math.floor(bytes.length * 0.6)), /book\.xls: the workbook is corrupt or truncated/, "book.xls");
    },
  },
  {
    family: "xls",
    name: "an .xls larger than the in-memory reader holds (64 MiB)",
    build: (dir) => {
      const bytes = new Uint8Array(65 * 1024 * 1024);
      bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
      return refused(dir, bytes, /book\.xls: larger than 64 MiB, more than the \.xls reader holds in memory/, "book.xls");
    },
  },
  // .ods: checked (parts inflated and counted, repetitions counted) before SheetJS sees it.
  {
    family: "ods",
    name: "an .ods repeating one cell 16,384 × 100,000 times",
    build: async (dir) => refused(dir, await odsWith((content) => content.replace("<table:table-row>", '<table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row><table:table-row>')), /book\.ods: the sheets ask for more than the \.ods reader accepts: more than 4,000,000 cells with a value/, "book.ods"),
  },
  {
    family: "ods",
    name: "an .ods with a value past row 1,048,576",
    build: async (dir) => refused(dir, await odsWith((content) => content.replace("<table:table-row>", '<table:table-row table:number-rows-repeated="1048576"><table:table-cell/></table:table-row><table:table-row>')), /a value in row 1,048,57\d, past Excel's last row/, "book.ods"),
  },
  { family: "ods", name: "malformed content.xml in an .ods", build: async (dir) => refused(dir, await odsWith((content) => content.replace("</table:table-row>", "</table:table-cell>")), /book\.ods: the workbook is damaged: an end tag <\/table:table-cell> that does not match/, "book.ods") },
  {
    family: "ods",
    name: "an .ods without content.xml",
    build: async (dir) => {
      const parts = unzipSync(await odsBytes());
      delete parts["content.xml"];
      return refused(dir, zipSync(parts), /book\.ods: this zip archive is not an OpenDocument spreadsheet/, "book.ods");
    },
  },
  {
    family: "ods",
    name: "an .ods zip bomb whose headers lie",
    build: async (dir) => {
      const parts = unzipSync(await odsBytes());
      const entries: RawEntry[] = Object.entries(parts).map(([name, data]) => (name === "content.xml" ? { name, deflated: deflateChunks(filler(32 * 1024 * 1024, 32, "<a>", "</a>")), declaredSize: 2048 } : { name, data }));
      return refused(dir, assembleZip(entries), /book\.ods: the workbook is corrupt or truncated \(the part content\.xml inflates past the 2048 bytes/, "book.ods");
    },
  },
];

async function odsBytes(): Promise<Uint8Array> {
  const XLSX = await import("xlsx");
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([["Company"], ["Alpha Aero"]]), "S");
  return new Uint8Array(XLSX.write(workbook, { bookType: "ods", type: "buffer" }) as Buffer);
}

async function odsWith(change: (content: string) => string): Promise<Uint8Array> {
  const parts = unzipSync(await odsBytes());
  parts["content.xml"] = strToU8(change(new TextDecoder().decode(parts["content.xml"])));
  return zipSync(parts);
}
