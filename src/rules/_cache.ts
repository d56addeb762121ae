/**
 * A memo with an explicit bound, for pure rules whose inputs repeat (real files hold the same few
 * thousand phone numbers and dates many times). It lives as long as the process, so its size is
 * capped: when full it starts afresh, which on a hot path is cheaper than LRU bookkeeping and keeps
 * what a long-running process (the dashboard, the MCP server) retains to `limit` entries.
 * Private to src/rules/.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(readonly limit: number) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(key, value);
  }
}
