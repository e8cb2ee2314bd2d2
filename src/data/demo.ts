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

export async function seedDemoDataIfEmpty (app: FastifyInstance): Promise<WriteCounts | undefined> {
  return isEmpty(app.db.writer) ? await seedDemoData(app) : undefined
}
