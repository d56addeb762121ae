/**
 * Bad CSV files, profiles, `tunnels.json`, lineage logs and enrich inputs, each built by code.
 */
import { readdirSync, readFileSync, symlinkSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { strToU8 } from "fflate";
import { whitespaceBomb, workbookFrom, workbookParts } from "../support/zip-build.ts";
import { GOOD_ROWS, refineArgs, sheetXml, write, type BadCase, type Outcome } from "./_case.ts";

const GOOD_CSV = "Company,Phone\r\nAlpha Aero,0821234567\r\nBeta Flight,0831234567\r\n";

function csvRefused(dir: string, bytes: string | Uint8Array, line: RegExp, ...extra: string[]): Outcome {
  write(dir, "in/leads.csv", bytes);
  return { args: refineArgs(...extra), code: 2, line, names: "leads.csv" };
}

function profileRefused(dir: string, name: string, text: string, line: RegExp, names = name): Outcome {
  write(dir, name, text);
  write(dir, "in/leads.csv", GOOD_CSV);
  return { args: ["refine", "--input-dir", "in", "--output-path", "out/refined.xlsx", "--profile", `./${name}`], code: 2, line, names };
}

/** `hotpass net status` with `text` as the user's tunnels.json: moved aside, warned about, kept. */
function tunnels(dir: string, text: string): Outcome {
  const store = write(dir, "home/config/tunnels.json", text);
  return {
    args: ["net", "status"],
    code: 0,
    line: /tunnels\.json was not valid; moved it to .*tunnels\.json\.corrupt-.* and started a new one/,
    names: "tunnels.json",
    changes: ["home"],
    after: (caseDir) => {
      const kept = readdirSync(join(caseDir, "home/config")).find((name) => name.startsWith("tunnels.json.corrupt-"));
      if (!kept || readFileSync(join(caseDir, "home/config", kept), "utf8") !== text) throw new Error(`the bad ${store} was not kept byte for byte`);
    },
  };
}

function lineageRefused(dir: string, text: string | undefined, line: RegExp): Outcome {
  if (text !== undefined) write(dir, "events.jsonl", text);
  return { args: ["lineage", "runs", "--lineage-file", "events.jsonl"], code: 2, line, names: "events.jsonl" };
}

function enrichRefused(dir: string, name: string, bytes: string | Uint8Array, line: RegExp): Outcome {
  write(dir, name, bytes);
  mkdirSync(join(dir, "out"));
  return { args: ["enrich", "--input", name, "--output", "out/enriched.xlsx"], code: 2, line, names: name };
}

const BOOK = (rows: string) => {
  const parts = workbookParts();
  parts["xl/worksheets/sheet1.xml"] = strToU8(sheetXml(rows));
  return workbookFrom(parts);
};

export const otherCases: BadCase[] = [
  { family: "csv", name: "a CSV with NUL bytes (a binary file named .csv)", build: (dir) => csvRefused(dir, "Company,Phone\nAl\0pha,1\n", /leads\.csv: not a text file \(it contains NUL characters\)/) },
  { family: "csv", name: "a workbook named .csv", build: (dir) => csvRefused(dir, BOOK(GOOD_ROWS), /leads\.csv: not a text file/) },
  { family: "csv", name: "a CSV larger than --max-uncompressed-mb", build: (dir) => csvRefused(dir, GOOD_CSV, /leads\.csv: the CSV file is larger than the limit/, "--max-uncompressed-mb", "0.00001") },
  {
    family: "csv",
    name: "a UTF-16 CSV with a byte-order mark",
    build: (dir) => {
      write(dir, "in/leads.csv", new Uint8Array([0xff, 0xfe, ...Buffer.from(GOOD_CSV, "utf16le")]));
      return {
        args: ["refine", "--input-dir", "in", "--output-path", "out/refined.csv", "--profile", "generic"],
        code: 0,
        line: /refined 2 organisations/,
        names: "refined.csv",
        changes: ["out"],
        after: (caseDir) => {
          const table = readFileSync(join(caseDir, "out/refined.csv"), "utf8");
          if (table.includes("\0") || !table.includes("Alpha Aero") || !table.includes("+27821234567")) throw new Error(`UTF-16 read wrongly:\n${table.slice(0, 400)}`);
        },
      };
    },
  },
  { family: "profile", name: "a profile that is not valid YAML", build: (dir) => profileRefused(dir, "team.yaml", "name: team\nsources: [\n", /cannot parse profile .*team\.yaml/) },
  { family: "profile", name: "a profile that is not valid JSON", build: (dir) => profileRefused(dir, "team.json", '{"name": ', /cannot parse profile .*team\.json/) },
  { family: "profile", name: "a profile with a wrong type", build: (dir) => profileRefused(dir, "team.yaml", "name: team\nsources: 5\n", /invalid profile .*team\.yaml/) },
  { family: "profile", name: "a profile with an unknown key", build: (dir) => profileRefused(dir, "team.yaml", "name: team\nbogus: 1\n", /invalid profile .*team\.yaml/) },
  {
    family: "profile",
    name: "a YAML alias bomb in a profile",
    build: (dir) => {
      const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${"bcdefghi"[i]}: &${"bcdefghi"[i]} [${Array(10).fill(`*${"abcdefgh"[i]}`).join(", ")}]`)];
      return profileRefused(dir, "team.yaml", `name: team\n${levels.join("\n")}\n`, /cannot parse profile .*team\.yaml: Excessive alias count/);
    },
  },
  {
    family: "profile",
    name: "a backtracking pattern in a profile (`^(a+)+$` against 300 rows of `aaa…!`)",
    build: (dir) => {
      write(dir, "team.yaml", "name: team\nplaceholder_names: ['^(a+)+$']\ncolumn_synonyms: { organization_name: [company] }\n");
      write(dir, "in/leads.csv", `Company\n${Array.from({ length: 300 }, (_, i) => `${"a".repeat(40)}!${i}`).join("\n")}\n`);
      // Matched in linear time (RE2 semantics): the run takes well under a second, not minutes.
      return { args: ["refine", "--input-dir", "in", "--output-path", "out/refined.csv", "--profile", "./team.yaml"], code: 0, line: /refined 300 organisations/, names: "refined.csv", changes: ["out"], timeoutMs: 20_000 };
    },
  },
  { family: "tunnels.json", name: "a tunnels.json that is not JSON", build: (dir) => tunnels(dir, "{not json") },
  { family: "tunnels.json", name: "a tunnels.json of the wrong shape", build: (dir) => tunnels(dir, JSON.stringify({ version: 1, sessions: [{ label: 5, pid: "x" }] })) },
  { family: "tunnels.json", name: "a tunnels.json of 50,000 nested arrays", build: (dir) => tunnels(dir, `${"[".repeat(50_000)}${"]".repeat(50_000)}`) },
  { family: "lineage log", name: "a --lineage-file that does not exist", build: (dir) => lineageRefused(dir, undefined, /events\.jsonl: no such file/) },
  { family: "lineage log", name: "a lineage log with no OpenLineage events in it", build: (dir) => lineageRefused(dir, "garbage\n{\"eventType\": 5}\nmore garbage\n", /events\.jsonl: no OpenLineage run event in it \(line 1 is not one\)/) },
  {
    family: "lineage log",
    name: "a lineage log that is a folder",
    build: (dir) => {
      mkdirSync(join(dir, "events.jsonl"));
      return lineageRefused(dir, undefined, /events\.jsonl: it is a folder/);
    },
  },
  { family: "enrich input", name: "an enrich input whose zip headers lie (a bomb)", build: (dir) => enrichRefused(dir, "refined.xlsx", whitespaceBomb(64, 4096), /refined\.xlsx: the workbook is corrupt or truncated \(the part xl\/worksheets\/sheet1\.xml inflates past/) },
  { family: "enrich input", name: "an enrich input with a cell past XFD", build: (dir) => enrichRefused(dir, "refined.xlsx", BOOK(GOOD_ROWS.replace('r="B2"', 'r="ZZZZZZZ2"')), /refined\.xlsx: sheet "Sheet1" goes past what the reader accepts/) },
  { family: "enrich input", name: "an enrich input with malformed sheet XML", build: (dir) => enrichRefused(dir, "refined.xlsx", BOOK(GOOD_ROWS.replace("</row>", "<<&&</row>")), /refined\.xlsx: sheet "Sheet1" is damaged: a stray '<'/) },
  { family: "enrich input", name: "an enrich input CSV with NUL bytes", build: (dir) => enrichRefused(dir, "refined.csv", "organization_name\nAl\0pha\n", /refined\.csv: not a text file/) },
  { family: "enrich input", name: "an enrich input that is not a refined table", build: (dir) => enrichRefused(dir, "refined.csv", GOOD_CSV, /refined\.csv.*missing|not a refined/i) },
  {
    family: "enrich input",
    name: "an enrich --output that is the input through a symbolic link",
    build: (dir) => {
      write(dir, "refined.csv", GOOD_CSV);
      symlinkSync(join(dir, "refined.csv"), join(dir, "link.csv"));
      return { args: ["enrich", "--input", "refined.csv", "--output", "link.csv"], code: 2, line: /--output link\.csv is the input file refined\.csv/, names: "link.csv" };
    },
  },
];
