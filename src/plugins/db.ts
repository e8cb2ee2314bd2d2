// The database: one writer connection (migrations, seeding, fixture loads), a pool of read-only
// connections for the report streams, and the Prisma client for the relational reads that are not hot.
import fp from 'fastify-plugin'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaClient } from '../generated/prisma/client.js'
import { applyMigrations } from '../db/migrate.js'
import { ReaderPool, openWriter, type Sqlite } from '../db/sqlite.js'

export interface DbOptions {
  /** Path of the SQLite file (from DATABASE_URL). */
  file: string
}

export interface Database {
  file: string
  writer: Sqlite
  readers: ReaderPool
  prisma: PrismaClient
  /**
   * Increases whenever the data changes through this process or another one (seed CLI, another server):
   * caches keyed by it can never serve stale reports.
   */
  version: () => number
  /** Marks a change made through this process's writer. */
  touch: () => void
}

declare module 'fastify' {
  interface FastifyInstance { db: Database }
}

export default fp<DbOptions>(async function dbPlugin (app, options) {
  const writer = openWriter(options.file)
  applyMigrations(writer)
  const readers = new ReaderPool(options.file)
  const prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${options.file}` }) })

  // PRAGMA data_version changes when another connection commits; local writes bump `localVersion`.
  const dataVersion = writer.prepare('PRAGMA data_version').pluck()
  let localVersion = 0
  const db: Database = {
    file: options.file,
    writer,
    readers,
    prisma,
    version: () => (dataVersion.get() as number) * 1_000_000 + localVersion,
    touch: () => { localVersion++ }
  }
  app.decorate('db', db)
  app.addHook('onClose', async () => {
    await prisma.$disconnect()
    readers.close()
    // Fold the WAL back into the main file so a stopped server leaves one self-contained database.
    writer.pragma('wal_checkpoint(TRUNCATE)')
    writer.close()
  })
}, { name: 'db' })
