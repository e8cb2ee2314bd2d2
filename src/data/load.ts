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

/** Writes records, reporting progress; shared by the synchronous and the batched load. */
function recordWriter (db: Sqlite, options: LoadOptions): { writer: DataWriter, write: (record: DataRecord) => void } {
  const writer = new DataWriter(db)
  const every = options.progressEvery ?? 10_000
  return {
    writer,
    write (record) {
      writer.write(record)
      if (record.kind === 'enrollment' && writer.counts.enrollments % every === 0) options.onProgress?.(writer.counts)
    }
  }
}

/** Runs `work` (synchronous or not) with a page cache big enough to keep index inserts in memory. */
function withBulkCache<T> (db: Sqlite, work: () => T): T {
  const cacheSize = db.pragma('cache_size', { simple: true }) as number
  const restore = (): void => { db.pragma(`cache_size = ${cacheSize}`) }
  db.pragma(`cache_size = ${BULK_CACHE_KIB}`)
  let result: T
  try { result = work() } catch (error) { restore(); throw error }
  if (result instanceof Promise) return result.finally(restore) as T
  restore()
  return result
}

export function loadRecords (db: Sqlite, records: Iterable<DataRecord>, options: LoadOptions = {}): WriteCounts {
  const { writer, write } = recordWriter(db, options)
  withBulkCache(db, () => db.transaction(() => {
    if (options.replace === true) clearAllData(db)
    for (const record of records) write(record)
  })())
  options.onProgress?.(writer.counts)
  return writer.counts
}

/**
 * The same from batches that arrive asynchronously (a generator worker): one transaction held open
 * across the awaits. Only for a connection nothing else uses meanwhile, such as the seed CLI's.
 */
export async function loadRecordBatches (db: Sqlite, batches: AsyncIterable<DataRecord[]>, options: LoadOptions = {}): Promise<WriteCounts> {
  const { writer, write } = recordWriter(db, options)
  await withBulkCache(db, async () => {
    db.exec('BEGIN IMMEDIATE')
    try {
      if (options.replace === true) clearAllData(db)
      for await (const batch of batches) for (const record of batch) write(record)
      db.exec('COMMIT')
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK')
      throw error
    }
  })
  options.onProgress?.(writer.counts)
  return writer.counts
}
