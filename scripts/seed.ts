// npm run seed -- [--seed N] [--courses N] [--enrollments N] [--exercises N] [--sessions N]
//                 [--reference ISO] [--reset]
// npm run seed -- --fixture FILE [--organization ORG_ID]
// Seeds the database named by DATABASE_URL with deterministic demo data (see README, "Seed data"), or
// replaces its data with a fixture file (README, "Use it in your tests").
import { parseArgs } from 'node:util'
import { utcMidnight } from '../src/clock.js'
import { loadConfig } from '../src/config.js'
import { applyMigrations } from '../src/db/migrate.js'
import { databasePathFromUrl, openWriter } from '../src/db/sqlite.js'
import { generateInWorker } from '../src/data/generate-parallel.js'
import { loadRecordBatches } from '../src/data/load.js'
import { progressReporter } from '../src/data/progress.js'
import { isEmpty, rowTotal } from '../src/data/writer.js'
import { loadFixtureFile } from '../src/fixtures/load.js'
import { FixtureError } from '../src/fixtures/validate.js'

const USAGE = `usage: npm run seed -- [--seed N] [--courses N] [--enrollments N] [--exercises N] [--sessions N] [--reference ISO] [--reset]
       npm run seed -- --fixture FILE [--organization ORG_ID]
  --seed N         generator seed (default: SEED, 42)
  --courses N      courses of the demo organisation (default: SEED_COURSES, 3); the second organisation always gets one
  --enrollments N  enrollments per course (default: SEED_ENROLLMENTS, 40)
  --exercises N    exercises per course (default: 2 to 10, varying by course)
  --sessions N     mean activity sessions per learner who started (default 5)
  --reference ISO  every generated date lies before this instant (default: today's UTC midnight, or FROZEN_NOW's)
  --reset          replace existing data (without it, a non-empty database is left alone)
  --fixture FILE   replace all data with this fixture (JSON, or YAML by a .yaml/.yml extension); an invalid
                   fixture is rejected with every problem listed, and the data stays as it was
  --organization ID  with --fixture: replace only this organisation (the fixture declares just it); the
                   other organisations' data stays`

function integer (name: string, value: string | undefined, fallback: number | undefined, min = 0): number | undefined {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer >= ${min}, got ${value}`)
  return n
}

class UsageError extends Error {}

async function main (): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      courses: { type: 'string' },
      enrollments: { type: 'string' },
      exercises: { type: 'string' },
      sessions: { type: 'string' },
      reference: { type: 'string' },
      reset: { type: 'boolean', default: false },
      fixture: { type: 'string' },
      organization: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false }
    },
    strict: true
  })
  if (values.help) { console.log(USAGE); return 0 }
  const config = loadConfig(process.env)
  if (values.organization !== undefined && values.fixture === undefined) throw new UsageError('--organization needs --fixture')
  if (values.fixture !== undefined) {
    const generatorOptions = (['seed', 'courses', 'enrollments', 'exercises', 'sessions', 'reference'] as const).filter((name) => values[name] !== undefined)
    if (generatorOptions.length > 0) throw new UsageError(`--fixture cannot be combined with ${generatorOptions.map((n) => `--${n}`).join(', ')}`)
    return seedFixture(databasePathFromUrl(config.DATABASE_URL), values.fixture, values.organization)
  }
  const reference = values.reference !== undefined
    ? new Date(values.reference)
    : utcMidnight(config.FROZEN_NOW !== undefined ? new Date(config.FROZEN_NOW) : new Date())
  if (Number.isNaN(reference.getTime())) throw new UsageError(`--reference must be an ISO-8601 date, got ${values.reference}`)
  const options = {
    seed: integer('seed', values.seed, config.SEED, -2147483648) as number,
    courses: integer('courses', values.courses, config.SEED_COURSES, 1) as number,
    enrollments: integer('enrollments', values.enrollments, config.SEED_ENROLLMENTS) as number,
    exercises: integer('exercises', values.exercises, undefined),
    sessions: integer('sessions', values.sessions, 5, 1) as number,
    reference,
    demoOrgId: config.DEMO_ORG_ID,
    demoApiKey: config.DEMO_API_KEY
  }

  const file = databasePathFromUrl(config.DATABASE_URL)
  const db = openWriter(file)
  try {
    applyMigrations(db)
    if (!values.reset && !isEmpty(db)) {
      console.error(`${file} already holds data: pass --reset to replace it`)
      return 1
    }
    const started = process.hrtime.bigint()
    // Generated in a worker thread while this thread inserts: two cores, one transaction.
    const counts = await loadRecordBatches(db, generateInWorker(options), {
      replace: true,
      onProgress: progressReporter(options.enrollments * options.courses + Math.min(options.enrollments, 12))
    })
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    console.log(`seeded ${file} in ${seconds.toFixed(2)} s (${Math.round(rowTotal(counts) / seconds).toLocaleString('en-US')} rows/s): ` +
      JSON.stringify(counts))
    console.log(`reference instant ${reference.toISOString()}; demo credentials ${options.demoOrgId}:${options.demoApiKey}`)
    db.pragma('wal_checkpoint(TRUNCATE)')
    return 0
  } finally {
    db.close()
  }
}

/** A fixture always replaces (all data, or the one organisation): it declares the whole scenario. */
function seedFixture (file: string, fixture: string, organizationId: string | undefined): number {
  const db = openWriter(file)
  try {
    applyMigrations(db)
    const started = process.hrtime.bigint()
    const { counts, organizations } = loadFixtureFile(db, fixture, { organizationId })
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    console.log(`loaded ${fixture} into ${file} in ${seconds.toFixed(2)} s, ${organizationId === undefined ? 'replacing all data' : `replacing organisation ${organizationId}`}: ` +
      JSON.stringify(counts))
    console.log(`organisations: ${organizations.join(', ')}`)
    db.pragma('wal_checkpoint(TRUNCATE)')
    return 0
  } catch (error) {
    if (error instanceof FixtureError) { console.error(error.message); return 1 }
    if ((error as { code?: string }).code === 'ENOENT') { console.error(`cannot read ${fixture}: no such file`); return 1 }
    throw error
  } finally {
    db.close()
  }
}

try {
  process.exitCode = await main()
} catch (error) {
  if (error instanceof UsageError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    console.error(`${(error as Error).message}\n${USAGE}`)
    process.exitCode = 2
  } else {
    throw error
  }
}
