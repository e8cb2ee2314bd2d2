// The demo data set: what a fresh server seeds, and what a reset restores.
import type { FastifyInstance } from 'fastify'
import { utcMidnight } from '../clock.js'
import type { Config } from '../config.js'
import type { SeedOptions } from './generate.js'
import { loadRecords } from './load.js'
import { isEmpty, type WriteCounts } from './writer.js'

export function demoSeedOptions (config: Config, reference: Date): SeedOptions {
  return {
    seed: config.SEED,
    courses: config.SEED_COURSES,
    enrollments: config.SEED_ENROLLMENTS,
    sessions: 5,
    reference,
    demoOrgId: config.DEMO_ORG_ID,
    demoApiKey: config.DEMO_API_KEY
  }
}

/**
 * Replaces all data with the demo set, dated from today's UTC midnight (by the app's clock), so the
 * default user-activity window holds activity and two servers seeded the same day agree byte for byte.
 */
export async function seedDemoData (app: FastifyInstance): Promise<WriteCounts> {
  // The generator pulls in faker and its locales: loaded only when seeding, to keep start-up fast.
  const { generateDemoData } = await import('./generate.js')
  const options = demoSeedOptions(app.config, utcMidnight(app.clock.now()))
  const counts = loadRecords(app.db.writer, generateDemoData(options), { replace: true })
  app.db.touch()
  return counts
}

/**
 * What a server starting on an empty database holds: the SEED_FIXTURE file when one is set, else the
 * demo data. A database that holds anything is left alone. Returns what was written, if anything.
 */
export async function seedIfEmpty (app: FastifyInstance): Promise<{ source: string, counts: WriteCounts } | undefined> {
  if (!isEmpty(app.db.writer)) return undefined
  const fixture = app.config.SEED_FIXTURE
  if (fixture === undefined) return { source: 'demo data', counts: await seedDemoData(app) }
  const { loadFixtureFile } = await import('../fixtures/load.js')
  const { counts } = loadFixtureFile(app.db.writer, fixture)
  app.db.touch()
  return { source: `fixture ${fixture}`, counts }
}
