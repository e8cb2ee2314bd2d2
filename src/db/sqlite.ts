// Raw better-sqlite3 connections. Prisma owns the data model and the migrations; the report hot paths and
// bulk writers use these connections directly on the same file (see README, "Data access").
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'

export type Sqlite = Database.Database

/** `file:./data/x.db` → `./data/x.db` (relative to the working directory, like the Prisma adapter). */
export function databasePathFromUrl (url: string): string {
  if (!url.startsWith('file:')) throw new Error(`DATABASE_URL must be a file: URL, got ${url}`)
  const rest = url.slice('file:'.length).split('?')[0]
  if (rest === '') throw new Error('DATABASE_URL names no file')
  return rest
}

export function openWriter (file: string): Sqlite {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  return db
}

/** Read-only connections can never write, so a report request cannot change the data by construction. */
export function openReader (file: string): Sqlite {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  db.pragma('busy_timeout = 5000')
  return db
}

/**
 * A small pool of read-only connections. better-sqlite3 allows one open iterator per connection, and a
 * streamed report keeps its iterator open across event-loop turns, so each report borrows its own.
 * Statements are prepared once per connection and cached on it.
 */
export class ReaderPool {
  private readonly idle: PooledReader[] = []
  private readonly all = new Set<PooledReader>()
  constructor (private readonly file: string, private readonly maxIdle = 4) {}

  acquire (): PooledReader {
    const reader = this.idle.pop() ?? new PooledReader(openReader(this.file))
    this.all.add(reader)
    return reader
  }

  /**
   * A connection inside a read transaction: everything read through it until `release` comes from one
   * snapshot, so a report's course lookup, exercise list and cursor agree even if a load commits meanwhile.
   */
  acquireSnapshot (): PooledReader {
    const reader = this.acquire()
    try {
      reader.db.exec('BEGIN')
    } catch (error) {
      this.release(reader)
      throw error
    }
    return reader
  }

  release (reader: PooledReader): void {
    if (!this.all.has(reader)) return
    if (reader.db.open && reader.db.inTransaction) {
      // Fails while a cursor is still open on the connection (an iterator nobody closed); such a
      // connection can be neither ended nor closed, so it leaves the pool for the garbage collector.
      try { reader.db.exec('ROLLBACK') } catch { this.all.delete(reader); return }
    }
    if (this.idle.length < this.maxIdle && reader.db.open) this.idle.push(reader)
    else { this.all.delete(reader); reader.close() }
  }

  /** Runs `fn` with a borrowed connection and gives it back, for queries that finish synchronously. */
  with<T> (fn: (reader: PooledReader) => T): T {
    const reader = this.acquire()
    try { return fn(reader) } finally { this.release(reader) }
  }

  close (): void {
    for (const reader of this.all) reader.close()
    this.all.clear()
    this.idle.length = 0
  }
}

export class PooledReader {
  private readonly statements = new Map<string, Database.Statement>()
  constructor (readonly db: Sqlite) {}

  statement (sql: string): Database.Statement {
    let stmt = this.statements.get(sql)
    if (stmt === undefined) {
      stmt = this.db.prepare(sql)
      this.statements.set(sql, stmt)
    }
    return stmt
  }

  close (): void {
    if (this.db.open) this.db.close()
  }
}
