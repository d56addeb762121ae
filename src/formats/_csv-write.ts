/**
 * The one CSV writer: the .csv output (RFC 4180, UTF-8, header row) and its CSVW metadata sidecar
 * `<name>-metadata.json` (W3C "Metadata Vocabulary for Tabular Data"), which tells a consumer the
 * column names and types.
 *
 * CSV injection: text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
 * a tab or a carriage return) is prefixed with a single quote, as the OWASP CSV-injection guidance
 * advises. Text that is only a signed number (an E.164 phone `+27821234567`, `-12.5`) is left alone:
 * a spreadsheet reads it as a number, never as a formula, and a quote would corrupt the data.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { basename } from "node:path";
import { ByteChunk, CHUNK_BYTES } from "../pipeline/write/bytes.ts";
import { columnDatatype } from "./_cells.ts";
import type { Cell, RowSource } from "./types.ts";

const FORMULA_START = /^[=+\-@\t\r]/;
const SIGNED_NUMBER = /^[+-]\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\n\r]/;

/** True when a spreadsheet would treat `text` as a formula. */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text) && !SIGNED_NUMBER.test(text);
}

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "number" ? String(value) : value;
  if (typeof value === "string" && looksLikeFormula(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Writes the CSV to `path` through one reused byte buffer: one string for the whole table (or
 * strings per line) cost over a GiB of memory at 100,000 rows.
 */
export async function writeCsvFile(path: string, columns: readonly string[], rows: RowSource): Promise<void> {
  const fd = openSync(path, "w");
  const sink = (data: Uint8Array) => {
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written, data.length - written);
  };
  try {
    const out = new ByteChunk();
    out.put(`${columns.map((name) => csvCell(name)).join(",")}\r\n`);
    const json = rows.jsonColumn;
    const jsonAt = json?.column ?? -1;
    for (let r = 0; r < rows.length; r++) {
      const row = json ? json.otherCells(r) : rows.row(r);
      for (let i = 0; i < columns.length; i++) {
        if (i > 0) out.raw(COMMA);
        if (i === jsonAt) {
          putJsonField(out, json!.bytes(r));
          continue;
        }
        const value = row[i] ?? null;
        if (value === null) continue;
        if (typeof value === "number") {
          out.put(String(value));
          continue;
        }
        const quoted = NEEDS_QUOTES.test(value);
        if (quoted) out.raw(QUOTE);
        if (looksLikeFormula(value)) out.raw(APOSTROPHE);
        if (quoted) {
          out.putDoublingQuotes(value);
          out.raw(QUOTE);
        } else out.put(value);
      }
      out.raw(CRLF);
      if (out.length >= CHUNK_BYTES) await out.flushTo(sink);
    }
    await out.flushTo(sink);
  } finally {
    closeSync(fd);
  }
}

/**
 * A JSON cell's UTF-8 as csvCell would write its text. JSON text starts with no formula character
 * (it is an object) and holds no raw line break, so only `"` and `,` decide the quoting.
 */
function putJsonField(out: ByteChunk, text: Uint8Array): void {
  if (!text.includes(0x22) && !text.includes(0x2c)) return out.raw(text);
  out.raw(QUOTE);
  out.rawDoublingQuotes(text);
  out.raw(QUOTE);
}

const COMMA = new Uint8Array([0x2c]);
const QUOTE = new Uint8Array([0x22]);
const APOSTROPHE = new Uint8Array([0x27]);
const CRLF = new Uint8Array([0x0d, 0x0a]);

export function csvwMetadata(csvPath: string, columns: readonly string[], rows: RowSource): object {
  return {
    "@context": "http://www.w3.org/ns/csvw",
    url: basename(csvPath),
    "dc:creator": "hotpass",
    dialect: { header: true, encoding: "utf-8", delimiter: ",", lineTerminators: ["\r\n"] },
    tableSchema: {
      columns: columns.map((name, index) => ({
        name,
        titles: name,
        datatype: columnDatatype(rows, index),
        required: false,
      })),
    },
    notes: ["Text a spreadsheet would run as a formula is prefixed with a single quote (OWASP CSV injection)."],
  };
}

/** `refined.csv` -> `refined-metadata.json`. */
export function csvwPath(csvPath: string): string {
  return csvPath.replace(/\.csv$/i, "") + "-metadata.json";
}
