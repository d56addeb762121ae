import { afterEach, beforeEach, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { unzipSync } from "fflate";
import { writeArchive } from "../../src/pipeline/write/archive.ts";
import { AtomicBatch } from "../../src/pipeline/write/atomic.ts";
import { stageContractNotices } from "../../src/pipeline/write/notices.ts";
import { tempDir } from "../support/binary.ts";

let dir: { path: string; cleanup: () => void };
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

test("the archive holds the output, the reports and SHA256SUMS with full hashes", async () => {
  const output = join(dir.path, "refined.csv");
  const report = join(dir.path, "refined-quality-report.json");
  writeFileSync(output, "a,b\r\n1,2\r\n");
  writeFileSync(report, "{}\n");
  const path = await writeArchive(dir.path, output, [report], new Date(Date.UTC(2025, 1, 18, 10, 30, 5)));
  const outputHash = createHash("sha256").update(readFileSync(output)).digest("hex");
  expect(basename(path)).toBe(`refined-data-20250218T103005Z-${outputHash.slice(0, 12)}.zip`);
  const entries = unzipSync(new Uint8Array(readFileSync(path)));
  expect(Object.keys(entries).sort()).toEqual(["SHA256SUMS", "refined-quality-report.json", "refined.csv"]);
  expect(new TextDecoder().decode(entries["refined.csv"])).toBe("a,b\r\n1,2\r\n");
  const sums = new TextDecoder().decode(entries.SHA256SUMS);
  const reportHash = createHash("sha256").update(readFileSync(report)).digest("hex");
  expect(sums).toBe(`${outputHash}  refined.csv\n${reportHash}  refined-quality-report.json\n`);
});

test("duplicate keys become contract-notices/<run-id>/<table>-duplicates.csv", async () => {
  const batch = new AtomicBatch();
  const notices = await stageContractNotices(batch, dir.path, "run-7", [
    { table: "contact-Company_Cat", key_column: "C_ID", columns: ["C_ID", "Company"], rows: [["12", "Aero"], ["12", "=Aero2"]] },
    { table: "empty", key_column: "ID", columns: ["ID"], rows: [] },
  ]);
  batch.commit();
  const path = join(dir.path, "contract-notices", "run-7", "contact-Company_Cat-duplicates.csv");
  expect(notices).toEqual([{ table: "contact-Company_Cat", dropped_rows: 2, path }]);
  expect(readFileSync(path, "utf8")).toBe("C_ID,Company\r\n12,Aero\r\n12,'=Aero2\r\n");
});
