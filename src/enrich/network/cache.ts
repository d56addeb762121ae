/**
 * The on-disk research cache: one JSON file under the cache folder, entries with the time they
 * were made and dropped once older than the TTL. A second run inside the TTL opens no socket for
 * what it already knows. A corrupt cache file is ignored (and rewritten), never fatal.
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface CacheEntry<T> {
  at: number;
  value: T;
}

export class ResearchCache {
  private readonly file: string;
  private entries: Record<string, CacheEntry<unknown>> = {};
  private dirty = false;

  private constructor(
    private readonly dir: string,
    private readonly ttlMs: number,
  ) {
    this.file = join(dir, "enrich-research.json");
  }

  static async open(dir: string, ttlSeconds: number): Promise<ResearchCache> {
    const cache = new ResearchCache(dir, ttlSeconds * 1000);
    try {
      const parsed = (await Bun.file(cache.file).json()) as { entries?: Record<string, CacheEntry<unknown>> };
      if (parsed && typeof parsed.entries === "object") cache.entries = parsed.entries;
    } catch {
      // no cache yet, or unreadable: start empty
    }
    return cache;
  }

  get<T>(key: string, now = Date.now()): CacheEntry<T> | undefined {
    const entry = this.entries[key] as CacheEntry<T> | undefined;
    if (!entry || typeof entry.at !== "number" || now - entry.at > this.ttlMs) return undefined;
    return entry;
  }

  set<T>(key: string, value: T, now = Date.now()): void {
    this.entries[key] = { at: now, value };
    this.dirty = true;
  }

  /** Writes atomically; expired entries are dropped on the way. A failure only loses the cache. */
  save(now = Date.now()): string | undefined {
    if (!this.dirty) return undefined;
    try {
      const live = Object.fromEntries(Object.entries(this.entries).filter(([, e]) => now - e.at <= this.ttlMs));
      mkdirSync(this.dir, { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ version: 1, entries: live }));
      renameSync(tmp, this.file);
      return undefined;
    } catch (error) {
      return `could not save the research cache ${this.file}: ${(error as Error).message}`;
    }
  }
}
