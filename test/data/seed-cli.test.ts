// `npm run seed`, run as a child process like a user would: generated in a worker thread, the data is the
// same as the in-process generator's, and a non-empty database is only replaced with --reset.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { applyMigrations } from '../../src/db/migrate.js'
import { openWriter, type Sqlite } from '../../src/db/sqlite.js'
import { generateDemoData } from '../../src/data/generate.js'
import { loadRecords } from '../../src/data/load.js'
import { DEFAULT_DEMO_API_KEY, DEFAULT_DEMO_ORG_ID } from '../../src/config.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const REFERENCE = '2026-02-01T00:00:00.000Z'

function seed (database: string, ...args: string[]): { status: number | null, stdout: string, stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/seed.ts'), ...args], {
    cwd: ROOT, env: { ...process.env, DATABASE_URL: `file:${database}` }, encoding: 'utf8'
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

function dump (db: Sqlite): string {
  return ['organizations', 'api_keys', 'courses', 'exercises', 'enrollments', 'exercise_results', 'activity_sessions']
    .map((table) => JSON.stringify(db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).raw().all()))
    .join('\n')
}

t.test('the CLI writes exactly what the generator makes, and refuses to overwrite without --reset', async (t) => {
  const dir = t.testdir({})
  const cliFile = path.join(dir, 'cli.db')
  const options = ['--seed', '11', '--courses', '2', '--enrollments', '700', '--exercises', '4', '--sessions', '3', '--reference', REFERENCE]
  const first = seed(cliFile, ...options)
  t.equal(first.status, 0, first.stderr)
  t.match(first.stdout, /seeded .* rows\/s\): \{"organizations":2,"courses":3,"exercises":12,"enrollments":1412,/)

  const expectedFile = path.join(dir, 'expected.db')
  const expected = openWriter(expectedFile)
  applyMigrations(expected)
  loadRecords(expected, generateDemoData({
    seed: 11, courses: 2, enrollments: 700, exercises: 4, sessions: 3, reference: new Date(REFERENCE),
    demoOrgId: DEFAULT_DEMO_ORG_ID, demoApiKey: DEFAULT_DEMO_API_KEY
  }))
  const cli = openWriter(cliFile)
  t.equal(dump(cli), dump(expected))
  cli.close()
  expected.close()

  const again = seed(cliFile, '--seed', '12')
  t.equal(again.status, 1)
  t.match(again.stderr, /already holds data: pass --reset to replace it/)
  const reset = seed(cliFile, '--seed', '12', '--courses', '1', '--enrollments', '3', '--reset')
  t.equal(reset.status, 0, reset.stderr)
  t.match(reset.stdout, /"courses":2,/)
})

t.test('bad options are a usage error', async (t) => {
  const dir = t.testdir({})
  const result = seed(path.join(dir, 'x.db'), '--enrollments', 'many')
  t.equal(result.status, 2)
  t.match(result.stderr, /--enrollments must be an integer/)
})
