/**
 * A small, fast `.xlsx` writer for generated test data: sheet XML is built as strings (shared
 * strings table, cell references, a date style, merged cells) and zipped with fflate. It writes
 * 190,000 rows in a few seconds where an in-memory spreadsheet library takes far longer and far
 * more memory. Not for the product's styled output (that is the writer stage's job).
 */
import { strToU8, zipSync, type Zippable } from "fflate";

/** A cell: text, a number, an Excel serial date (shown as a date), or empty. */
export type Cell = string | number | { date: number } | null | undefined;

export interface SheetInput {
  name: string;
  rows: Cell[][];
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

function sheetXml(sheet: SheetInput, shared: SharedStrings): string {
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>',
  ];
  let width = 1;
  sheet.rows.forEach((row, r) => {
    const n = r + 1;
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
    parts.push(`<row r="${n}">${cells}</row>`);
  });
  for (let i = 1; i <= (sheet.trailingEmptyRows ?? 0); i++) {
    const n = sheet.rows.length + i;
    parts.push(`<row r="${n}"><c r="A${n}" s="2"/><c r="${letters(width - 1)}${n}" s="2"/></row>`);
  }
  parts.push("</sheetData>");
  if (sheet.merges?.length) parts.push(`<mergeCells count="${sheet.merges.length}">${sheet.merges.map((ref) => `<mergeCell ref="${ref}"/>`).join("")}</mergeCells>`);
  parts.push("</worksheet>");
  return parts.join("");
}

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`;

/** Builds a complete `.xlsx` file's bytes from sheets of plain values. */
export function buildXlsx(sheets: SheetInput[], level: 0 | 1 | 6 = 1): Uint8Array {
  const shared = new SharedStrings();
  const files: Zippable = {};
  sheets.forEach((sheet, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(sheet, shared));
  });
  const sheetEntries = sheets.map((sheet, i) => `<sheet name="${escapeXml(sheet.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("");
  const sheetRels = sheets
    .map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
    .join("");
  const n = sheets.length;
  files["[Content_Types].xml"] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join("")}<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
  );
  files["_rels/.rels"] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  files["xl/workbook.xml"] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheetEntries}</sheets></workbook>`,
  );
  files["xl/_rels/workbook.xml.rels"] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheetRels}<Relationship Id="rId${n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId${n + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
  );
  files["xl/sharedStrings.xml"] = strToU8(shared.xml());
  files["xl/styles.xml"] = strToU8(STYLES);
  return zipSync(files, { level });
}
