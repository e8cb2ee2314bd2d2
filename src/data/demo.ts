// The demo data set: what a fresh server seeds, and what a reset restores.
import type { FastifyInstance } from 'fastify'
import { utcMidnight } from '../clock.js'
import type { Config } from '../config.js'
import { generateDemoData, type SeedOptions } from './generate.js'
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
export function seedDemoData (app: FastifyInstance): WriteCounts {
  const options = demoSeedOptions(app.config, utcMidnight(app.clock.now()))
  const counts = loadRecords(app.db.writer, generateDemoData(options), { replace: true })
  app.db.touch()
  return counts
}

export function seedDemoDataIfEmpty (app: FastifyInstance): WriteCounts | undefined {
  return isEmpty(app.db.writer) ? seedDemoData(app) : undefined
}
