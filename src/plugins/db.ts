// The database: one writer connection (migrations, seeding, fixture loads), a pool of read-only
// connections for the report streams, and the Prisma client for the relational reads that are not hot.
import fp from 'fastify-plugin'
import type { PrismaClient } from '../generated/prisma/client.js'
import { applyMigrations } from '../db/migrate.js'
import { ReaderPool, openReader, openWriter, type Sqlite } from '../db/sqlite.js'

export interface DbOptions {
  /** Path of the SQLite file (from DATABASE_URL). */
  file: string
}

export interface Database {
  file: string
  writer: Sqlite
  readers: ReaderPool
  /** The Prisma client, loaded and connected on first use (loading it is a tenth of the start-up time). */
  prisma: () => Promise<PrismaClient>
  /**
   * Changes whenever any connection commits, in this process or another (seed CLI, a fixture-loading
   * worker): caches keyed by it can never serve stale reports.
   */
  version: () => number
  /** Moves the version explicitly (belt and braces after a write; commits move it anyway). */
  touch: () => void
}

declare module 'fastify' {
  interface FastifyInstance { db: Database }
}

export default fp<DbOptions>(async function dbPlugin (app, options) {
  const writer = openWriter(options.file)
  applyMigrations(writer)
  const readers = new ReaderPool(options.file)
  let prisma: Promise<PrismaClient> | undefined
  const loadPrisma = async (): Promise<PrismaClient> => {
    const [{ PrismaClient }, { PrismaBetterSQLite3 }] = await Promise.all([
      import('../generated/prisma/client.js'), import('@prisma/adapter-better-sqlite3')
    ])
    return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${options.file}` }) })
  }

  // PRAGMA data_version changes when a connection other than the one asking commits, so a connection
  // that never writes sees every commit, the writer's included.
  const probe = openReader(options.file)
  const dataVersion = probe.prepare('PRAGMA data_version').pluck()
  let localVersion = 0
  const db: Database = {
    file: options.file,
    writer,
    readers,
    prisma: async () => await (prisma ??= loadPrisma()),
    version: () => (dataVersion.get() as number) * 1_000_000 + localVersion,
    touch: () => { localVersion++ }
  }
  app.decorate('db', db)
  app.addHook('onClose', async () => {
    if (prisma !== undefined) await (await prisma).$disconnect()
    const stuck = await readers.closeWhenReturned()
    if (stuck > 0) app.log.warn({ stuck }, 'closing with report connections still borrowed')
    probe.close()
    // Fold the WAL back into the main file so a stopped server leaves one self-contained database.
    writer.pragma('wal_checkpoint(TRUNCATE)')
    writer.close()
  })
}, { name: 'db' })
