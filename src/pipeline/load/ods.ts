/**
 * Checks an `.ods` before SheetJS parses it whole in memory. An OpenDocument sheet can say "this
 * row, 1,048,576 times" and "this cell, 16,384 times" in a few bytes, and an in-memory parser
 * builds every copy: a 1 KB file asked for 17 billion cells. So every part is inflated first
 * (counted against the zip-bomb limit), `content.xml` is walked with the checking tokenizer, and
 * the cells with a value are counted with their repetitions: past Excel's row or column limit, or
 * past MAX_IN_MEMORY_CELLS, the file is refused before SheetJS sees it.
 */
import { usageError } from "../../errors.ts";
import { grouped, MAX_COLUMNS, MAX_IN_MEMORY_BYTES, MAX_IN_MEMORY_CELLS, MAX_ROWS } from "./limits.ts";
import { XmlScanner, XmlSyntaxError } from "./xml-scan.ts";
import type { ZipArchive } from "./zip.ts";

function named(b: Buffer, start: number, end: number, name: string): boolean {
  if (end - start !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (b[start + i] !== name.charCodeAt(i)) return false;
  return true;
}

class RepeatCounter extends XmlScanner {
  cells = 0;
  private rows = 0;
  private rowRepeats = 1;
  private column = 0;
  private inRow = false;

  protected open(b: Buffer, _nameStart: number, nameEnd: number, local: number, selfClosing: boolean): void {
    if (named(b, local, nameEnd, "table")) this.rows = 0;
    else if (named(b, local, nameEnd, "table-row")) {
      this.rowRepeats = this.count(b, "number-rows-repeated", local);
      this.column = 0;
      this.inRow = !selfClosing;
      if (selfClosing) this.rows += this.rowRepeats;
    } else if (this.inRow && (named(b, local, nameEnd, "table-cell") || named(b, local, nameEnd, "covered-table-cell"))) {
      const repeats = this.count(b, "number-columns-repeated", local);
      const filled = !selfClosing || this.attributeByLocalName(b, "value-type") !== undefined;
      this.column += repeats;
      if (!filled) return;
      if (this.column > MAX_COLUMNS) this.refuse(`a value in column ${grouped(this.column)}, past Excel's last column XFD (${grouped(MAX_COLUMNS)})`, local);
      if (this.rows + this.rowRepeats > MAX_ROWS) this.refuse(`a value in row ${grouped(this.rows + this.rowRepeats)}, past Excel's last row ${grouped(MAX_ROWS)}`, local);
      this.cells += repeats * this.rowRepeats;
      if (this.cells > MAX_IN_MEMORY_CELLS) this.refuse(`more than ${grouped(MAX_IN_MEMORY_CELLS)} cells with a value, counting repeated rows and cells`, local);
    }
  }

  protected close(b: Buffer, _nameStart: number, nameEnd: number, local: number): void {
    if (named(b, local, nameEnd, "table-row")) {
      this.inRow = false;
      this.rows += this.rowRepeats;
    }
  }

  protected text(): void {}
  protected cdata(): void {}

  /** A repetition count attribute (1 when absent). */
  private count(b: Buffer, attribute: string, at: number): number {
    const range = this.attributeByLocalName(b, attribute);
    if (!range) return 1;
    let n = 0;
    for (let i = range[0]; i < range[1]; i++) {
      const d = b[i]! - 48;
      if (d < 0 || d > 9) this.fail(`${attribute} is not a number`, at);
      n = n * 10 + d;
      if (n > 1e9) this.refuse(`${attribute} of more than ${grouped(1e9)}`, at);
    }
    if (range[0] === range[1] || n === 0) this.fail(`${attribute} is not a positive number`, at);
    return n;
  }
}

/** Inflates every part of an `.ods` (counting bytes) and checks what its sheets ask for. */
export async function checkOds(zip: ZipArchive, file: string): Promise<void> {
  for (const name of zip.entries.keys()) {
    if (name !== "content.xml") {
      await zip.read(name, () => {});
      continue;
    }
    const counter = new RepeatCounter();
    let size = 0;
    try {
      await zip.read(name, (chunk) => {
        size += chunk.length;
        if (size > MAX_IN_MEMORY_BYTES) {
          throw usageError(
            `${file}: the sheets' XML inflates past ${MAX_IN_MEMORY_BYTES / 1024 / 1024} MiB, more than the .ods reader holds in memory`,
            "save it as .xlsx (read as a stream, without this limit), or split it",
          );
        }
        counter.feed(chunk);
      });
      counter.end();
    } catch (error) {
      if (!(error instanceof XmlSyntaxError)) throw error;
      const place = `byte ${grouped(error.offset)} of content.xml`;
      if (error.limit) throw usageError(`${file}: the sheets ask for more than the .ods reader accepts: ${error.detail} (${place})`, "save it as .xlsx, or remove it from the input folder");
      throw usageError(`${file}: the workbook is damaged: ${error.detail} (${place})`, "open it in a spreadsheet program and save it again, or remove it from the input folder");
    }
  }
  if (!zip.has("content.xml")) throw usageError(`${file}: this zip archive is not an OpenDocument spreadsheet (it has no content.xml)`, "save it from a spreadsheet program as .ods, or remove it from the input folder");
}
