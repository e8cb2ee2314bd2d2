import path from 'node:path'
import { execFileSync } from 'node:child_process'
import t from 'tap'
import { applyMigrations, listMigrations } from '../../src/db/migrate.js'
import { openWriter } from '../../src/db/sqlite.js'

t.test('the server applies the committed migrations once, and Prisma agrees they are applied', async (t) => {
  const file = path.join(t.testdir({}), 'm.db')
  const db = openWriter(file)
  t.teardown(() => db.close())
  const names = listMigrations().map((m) => m.name)
  t.ok(names.length > 0)
  t.same(applyMigrations(db), names, 'all applied on a fresh file')
  t.same(applyMigrations(db), [], 'nothing pending the second time')
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()
  t.match(tables, ['_prisma_migrations', 'activity_sessions', 'api_keys', 'courses', 'enrollments', 'exercise_results', 'exercises', 'organizations'])
  db.pragma('wal_checkpoint(TRUNCATE)')
  // Prisma's own CLI reads the bookkeeping and the checksums the server wrote.
  const status = execFileSync(path.resolve('node_modules/.bin/prisma'), ['migrate', 'status'], {
    env: { ...process.env, DATABASE_URL: `file:${file}` }, encoding: 'utf8'
  })
  t.match(status, /Database schema is up to date/)
})

t.test('a migration edited after it was applied is refused', async (t) => {
  const root = t.testdir({ migrations: { '20200101000000_first': { 'migration.sql': 'CREATE TABLE a (id INTEGER);\n' } } })
  const dir = path.join(root, 'migrations')
  const db = openWriter(path.join(root, 'x.db'))
  t.teardown(() => db.close())
  applyMigrations(db, dir)
  db.prepare('UPDATE _prisma_migrations SET checksum = ?').run('0'.repeat(64))
  t.throws(() => applyMigrations(db, dir), /changed after it was applied/)
})
