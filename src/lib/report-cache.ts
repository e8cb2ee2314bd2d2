// Small reports, rendered whole, kept by request shape for as long as the data does not change. The data
// changes only through seeding, fixture loads and the admin API, all of which move the database's data
// version, and the whole cache is dropped the moment that version moves: a cached report is never stale.

export interface CachedReport {
  headers: Record<string, string>
  body: Buffer
}

export class ReportCache {
  private entries = new Map<string, CachedReport>()
  private version: number | undefined
  private bytes = 0

  constructor (private readonly maxEntries = 2000, private readonly maxBytes = 64 * 1024 * 1024) {}

  get (key: string, version: number): CachedReport | undefined {
    if (version !== this.version) { this.clear(); this.version = version; return undefined }
    const hit = this.entries.get(key)
    if (hit !== undefined) {
      // Least recently used goes first: re-insert on every hit.
      this.entries.delete(key)
      this.entries.set(key, hit)
    }
    return hit
  }

  set (key: string, version: number, report: CachedReport): void {
    if (version !== this.version) { this.clear(); this.version = version }
    if (report.body.length > this.maxBytes / 16) return
    const previous = this.entries.get(key)
    if (previous !== undefined) { this.bytes -= previous.body.length; this.entries.delete(key) }
    this.entries.set(key, report)
    this.bytes += report.body.length
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break
      this.entries.delete(oldest)
      this.bytes -= entry.body.length
    }
  }

  clear (): void {
    this.entries.clear()
    this.bytes = 0
  }

  get size (): number {
    return this.entries.size
  }
}
