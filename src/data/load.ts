// Loads a stream of records in one transaction: all of it becomes visible at once, or nothing does.
import type { Sqlite } from '../db/sqlite.js'
import type { DataRecord } from './dataset.js'
import { DataWriter, clearAllData, type WriteCounts } from './writer.js'

export interface LoadOptions {
  /** Delete all existing data first (inside the same transaction). */
  replace?: boolean
  /** Called every `progressEvery` enrollments and once at the end. */
  onProgress?: (counts: WriteCounts) => void
  progressEvery?: number
}

/** Page cache during a bulk load, in KiB (negative, as SQLite takes it). */
const BULK_CACHE_KIB = -256 * 1024

export function loadRecords (db: Sqlite, records: Iterable<DataRecord>, options: LoadOptions = {}): WriteCounts {
  const writer = new DataWriter(db)
  const every = options.progressEvery ?? 10_000
  // Random ids make every index insert land on a random page: a big page cache keeps them in memory.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number
  db.pragma(`cache_size = ${BULK_CACHE_KIB}`)
  try {
    db.transaction(() => {
      if (options.replace === true) clearAllData(db)
      for (const record of records) {
        writer.write(record)
        if (record.kind === 'enrollment' && writer.counts.enrollments % every === 0) options.onProgress?.(writer.counts)
      }
    })()
  } finally {
    db.pragma(`cache_size = ${cacheSize}`)
  }
  options.onProgress?.(writer.counts)
  return writer.counts
}
