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

export function loadRecords (db: Sqlite, records: Iterable<DataRecord>, options: LoadOptions = {}): WriteCounts {
  const writer = new DataWriter(db)
  const every = options.progressEvery ?? 10_000
  db.transaction(() => {
    if (options.replace === true) clearAllData(db)
    for (const record of records) {
      writer.write(record)
      if (record.kind === 'enrollment' && writer.counts.enrollments % every === 0) options.onProgress?.(writer.counts)
    }
  })()
  options.onProgress?.(writer.counts)
  return writer.counts
}
