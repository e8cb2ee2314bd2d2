// Applies the committed Prisma migrations (prisma/migrations/*/migration.sql) at start-up without spawning
// the Prisma CLI: same files, same order, same `_prisma_migrations` bookkeeping (sha256 checksum), so
// `prisma migrate deploy` and `prisma migrate status` agree with what the server did. Starting the CLI
// would cost more than the whole start-up budget.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Sqlite } from './sqlite.js'

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url))

interface Migration { name: string, sql: string, checksum: string }

export function listMigrations (dir = MIGRATIONS_DIR): Migration[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8')
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') }
    })
}

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`

/** Applies the pending migrations, each in its own transaction; returns the names applied. */
export function applyMigrations (db: Sqlite, dir = MIGRATIONS_DIR): string[] {
  db.exec(BOOKKEEPING)
  const applied = new Map<string, string>()
  for (const row of db.prepare(
    'SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL'
  ).all() as Array<{ migration_name: string, checksum: string }>) {
    applied.set(row.migration_name, row.checksum)
  }
  const done: string[] = []
  for (const migration of listMigrations(dir)) {
    const checksum = applied.get(migration.name)
    if (checksum !== undefined) {
      if (checksum !== migration.checksum) {
        throw new Error(`Migration ${migration.name} was changed after it was applied (checksum mismatch)`)
      }
      continue
    }
    const startedAt = prismaTimestamp()
    db.transaction(() => {
      db.exec(migration.sql)
      db.prepare(`INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count, started_at)
        VALUES (?, ?, ?, ?, 1, ?)`).run(crypto.randomUUID(), migration.checksum, prismaTimestamp(), migration.name, startedAt)
    })()
    done.push(migration.name)
  }
  return done
}

/** The timestamp text Prisma's SQLite adapter writes into its bookkeeping table. */
function prismaTimestamp (): string {
  return new Date().toISOString().replace('Z', '+00:00')
}
