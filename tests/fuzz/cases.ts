/**
 * The fuzzer's inputs: valid seed files (workbooks in every input format, and CSVs) and seeded
 * mutations of them — bit flips, bytes set to values parsers care about, truncations, ranges
 * removed or duplicated, and pieces spliced in from another seed. For zipped formats half of the
 * mutations are made to one inflated part, re-zipped with true sizes and CRC (otherwise nearly
 * every case would stop at the CRC check and the XML scanner would never see them), and some
 * only make a header lie. Case `i` of seed `s` is always the same bytes, so any finding can be
 * replayed alone (`bun run fuzz --seed s --only i`).
 */
import { strToU8, unzipSync } from "fflate";
import { buildXlsx } from "../../bench/xlsx-writer.ts";
import { rng } from "../../bench/aviation-data.ts";
import { assembleZip } from "../support/zip-build.ts";

export interface FuzzCase {
  index: number;
  /** Suffix of the file (what the user's file would be named). */
  suffix: ".xlsx" | ".ods" | ".xls" | ".csv";
  /** How it was made, for the report. */
  how: string;
  bytes: Uint8Array;
}

interface Seed {
  suffix: FuzzCase["suffix"];
  bytes: Uint8Array;
}

const RICH_SHEET = `<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:E4"/><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>Company</t></is></c><c r="B1" t="inlineStr"><is><t>Email</t></is></c><c r="C1" t="inlineStr"><is><t>Phone</t></is></c><c r="D1" t="inlineStr"><is><t>Notes</t></is></c></row>
<row r="2" spans="1:4"><c r="A2" t="inlineStr"><is><r><t>Alpha</t></r><r><rPr><b/></rPr><t xml:space="preserve"> Aero &amp; Co</t></r><rPh><t>アルファ</t></rPh></is></c><c r="B2" t="str"><f>LOWER("A@B.CO")</f><v>a@b.co</v></c><c r="C2"><v>27821234567</v></c><c r="D2" t="inlineStr"><is><t><![CDATA[<raw> & text]]></t></is></c></row>
<row r="3"><c r="A3" t="inlineStr"><is><t>Béta Flight_x000D_</t></is></c><c r="C3" t="b"><v>1</v></c><c r="D3" t="e"><v>#N/A</v></c><c r="E3" s="1"><v>45000.5</v></c></row>
<!-- a comment --><row r="4"><c r="A4" t="inlineStr"><is><t>Gamma &#x263A; Air</t></is></c><c r="C4" t="n"><v>1.5E+3</v></c></row>
</sheetData></worksheet>`;

async function seeds(): Promise<Seed[]> {
  const XLSX = await import("xlsx");
  const rows = [["Company", "Email", "Phone", "Province"], ["Alpha Aero", "info@alpha.co.za", 27821234567, "Gauteng"], ["Beta Flight", "ops@beta.aero", "083 123 4567", "WC"], ["Gamma Air", "", 44000, "KZN"]];
  const shared = buildXlsx([
    { name: "Leads", rows, merges: ["A5:B5"], trailingEmptyRows: 2 },
    { name: "People", rows: [["Company", "Name"], ["Alpha Aero", "Jane Doe (CFI)"]] },
  ]);
  const rich = unzipSync(buildXlsx([{ name: "Rich", rows: [["x"]] }]));
  rich["xl/worksheets/sheet1.xml"] = strToU8(RICH_SHEET);
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), "Leads");
  const write = (bookType: "ods" | "biff8") => new Uint8Array(XLSX.write(book, { bookType, type: "buffer" }) as Buffer);
  const csv = rows.map((row) => row.map((cell) => `"${String(cell).replaceAll('"', '""')}"`).join(",")).join("\r\n");
  return [
    { suffix: ".xlsx", bytes: shared },
    { suffix: ".xlsx", bytes: assembleZip(Object.entries(rich).map(([name, data]) => ({ name, data }))) },
    { suffix: ".ods", bytes: write("ods") },
    { suffix: ".xls", bytes: write("biff8") },
    { suffix: ".csv", bytes: strToU8(`${csv}\r\n"multi\nline",;\t|,x\r\n`) },
    { suffix: ".csv", bytes: new Uint8Array([0xff, 0xfe, ...Buffer.from("Company;Phone\nAlpha Aero;082 123 4567\n", "utf16le")]) },
  ];
}

const INTERESTING = [0, 0xff, 0x7f, 0x80, 60, 62, 38, 34, 39, 47, 59, 10, 13, 0x50, 0x4b];

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

/** One byte-level mutation of `bytes` (with `other` to splice from). */
function mutateBytes(rnd: () => number, bytes: Uint8Array, other: Uint8Array): { bytes: Uint8Array; how: string } {
  const out = new Uint8Array(bytes);
  const at = Math.floor(rnd() * Math.max(1, out.length));
  switch (Math.floor(rnd() * 6)) {
    case 0: {
      const flips = 1 + Math.floor(rnd() * 8);
      for (let k = 0; k < flips; k++) {
        const p = Math.floor(rnd() * out.length);
        out[p]! ^= 1 << Math.floor(rnd() * 8);
      }
      return { bytes: out, how: `${flips} bit flip(s)` };
    }
    case 1: {
      for (let k = 0; k < 1 + Math.floor(rnd() * 4); k++) out[Math.floor(rnd() * out.length)] = pick(rnd, INTERESTING);
      return { bytes: out, how: "bytes set to delimiters, NUL, 0xff" };
    }
    case 2:
      return { bytes: bytes.subarray(0, at), how: `truncated at ${at}` };
    case 3: {
      const length = Math.floor(rnd() * Math.min(256, bytes.length - at + 1));
      return { bytes: Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + length)]), how: `${length} bytes removed at ${at}` };
    }
    case 4: {
      const length = Math.floor(rnd() * Math.min(512, bytes.length - at + 1));
      const piece = bytes.subarray(at, at + length);
      return { bytes: Buffer.concat([bytes.subarray(0, at), piece, piece, bytes.subarray(at + length)]), how: `${length} bytes repeated at ${at}` };
    }
    default: {
      const from = Math.floor(rnd() * other.length);
      const piece = other.subarray(from, from + Math.floor(rnd() * 1024));
      return { bytes: Buffer.concat([bytes.subarray(0, at), piece, bytes.subarray(at + Math.floor(rnd() * 64))]), how: `${piece.length} bytes of another file spliced in at ${at}` };
    }
  }
}

/** A mutation inside one part of a zip, re-zipped truthfully, or a header made to lie. */
/** fflate trusts declared sizes (it allocates them): parts that claim more are left out here. */
const openParts = (bytes: Uint8Array) => unzipSync(bytes, { filter: (file) => file.originalSize <= 1 << 24 && file.size <= 1 << 24 });

function mutateZip(rnd: () => number, bytes: Uint8Array, other: Uint8Array): { bytes: Uint8Array; how: string } {
  const parts = openParts(bytes);
  const names = Object.keys(parts);
  const xml = names.filter((name) => name.endsWith(".xml") || name.endsWith(".rels"));
  const target = pick(rnd, xml.length && rnd() < 0.8 ? xml : names);
  if (rnd() < 0.15) {
    const lie = rnd() < 0.5 ? { declaredSize: Math.floor(rnd() * 2 ** 32) } : { declaredCrc: Math.floor(rnd() * 2 ** 32) };
    return { bytes: assembleZip(names.map((name) => ({ name, data: parts[name]!, ...(name === target ? lie : {}) }))), how: `${target}: header lies ${JSON.stringify(lie)}` };
  }
  const otherParts = (() => {
    try {
      return Object.values(openParts(other));
    } catch {
      return [other];
    }
  })();
  const changed = mutateBytes(rnd, parts[target]!, pick(rnd, otherParts));
  const method = rnd() < 0.1 ? 0 : 8;
  return { bytes: assembleZip(names.map((name) => ({ name, data: name === target ? changed.bytes : parts[name]!, method }))), how: `${target}: ${changed.how}` };
}

let cached: Seed[] | undefined;

/** Case `index` of run `seed`. */
export async function fuzzCase(seed: number, index: number): Promise<FuzzCase> {
  cached ??= await seeds();
  const rnd = rng((seed * 0x9e3779b1) ^ (index * 0x85ebca77));
  const base = pick(rnd, cached);
  const other = pick(rnd, cached).bytes;
  let bytes = base.bytes;
  const hows: string[] = [];
  const rounds = 1 + Math.floor(rnd() * 3);
  for (let round = 0; round < rounds; round++) {
    const zipped = (base.suffix === ".xlsx" || base.suffix === ".ods") && bytes[0] === 0x50 && rnd() < 0.5;
    let next: { bytes: Uint8Array; how: string };
    try {
      next = zipped ? mutateZip(rnd, bytes, other) : mutateBytes(rnd, bytes, other);
    } catch {
      next = mutateBytes(rnd, bytes, other); // no longer a zip fflate can open: mutate the bytes
    }
    bytes = next.bytes;
    hows.push(next.how);
  }
  return { index, suffix: base.suffix, how: `${base.suffix} seed, ${hows.join("; ")}`, bytes };
}
