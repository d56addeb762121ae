/**
 * `--archive`: after a successful run, one zip in the dist folder holding the output, the quality
 * reports and a `SHA256SUMS` file (full hashes, `sha256sum -c` format), named
 * `refined-data-<UTC yyyymmddThhmmssZ>-<first 12 hex of the output's sha256>.zip`.
 */
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { AtomicBatch } from "./atomic.ts";

export function sha256(data: Uint8Array): string {
  return new Bun.CryptoHasher("sha256").update(data).digest("hex");
}

/** `20250218T103000Z` */
export function utcStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}

export async function writeArchive(distDir: string, outputPath: string, extraFiles: string[], now = new Date()): Promise<string> {
  const { zipSync } = await import("fflate");
  const entries: Record<string, Uint8Array> = {};
  const sums: string[] = [];
  for (const file of [outputPath, ...extraFiles]) {
    const data = new Uint8Array(readFileSync(file));
    entries[basename(file)] = data;
    sums.push(`${sha256(data)}  ${basename(file)}`);
  }
  entries.SHA256SUMS = new TextEncoder().encode(`${sums.join("\n")}\n`);
  const prefix = sums[0]!.slice(0, 12);
  const path = join(distDir, `refined-data-${utcStamp(now)}-${prefix}.zip`);
  const batch = new AtomicBatch();
  try {
    await batch.write(path, zipSync(entries, { level: 6 }));
    batch.commit();
  } catch (error) {
    batch.abort();
    throw error;
  }
  return path;
}
