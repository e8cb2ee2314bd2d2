// The process entry point: read the environment, build the app, seed an empty database, listen, and
// close gracefully on SIGTERM/SIGINT (in-flight requests finish, the database is closed).
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import { seedIfEmpty } from './data/demo.js'
import { loggerOptions } from './logger.js'

async function main (): Promise<void> {
  const config = loadConfig(process.env)
  const app = await buildApp({
    env: process.env,
    logger: loggerOptions(config.LOG_LEVEL)
  })
  const seeded = await seedIfEmpty(app)
  if (seeded !== undefined) {
    app.log.info({ seeded: seeded.counts }, seeded.source === 'demo data' ? 'empty database: seeded the demo data' : `empty database: loaded the ${seeded.source}`)
  }

  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err !== undefined) app.log.error({ err }, 'closing after an error')
    else app.log.info({ signal }, 'closing: finishing in-flight requests')
    await app.close()
  })

  const address = await app.listen({ host: config.HOST, port: config.PORT })
  const course = app.db.writer.prepare('SELECT id FROM courses WHERE organization_id = ? ORDER BY created_at, id LIMIT 1')
    .pluck().get(config.DEMO_ORG_ID) as string | undefined
  const base = address.replace('0.0.0.0', '127.0.0.1').replace('[::]', '[::1]')
  app.log.info({ orgId: config.DEMO_ORG_ID, apiKey: config.DEMO_API_KEY }, 'demo credentials')
  app.log.info(`try: curl -H "Authorization: Bearer ${config.DEMO_ORG_ID}:${config.DEMO_API_KEY}" ` +
    `"${base}/api/v1/ondemand-courses/${course ?? '<course_id>'}/reports/enrollments?output=json"`)
  app.log.info(`API reference: ${base}/docs (OpenAPI: ${base}/api/v1/openapi.json); admin API ${config.ADMIN_API === 'on' ? `on at ${base}/__admin` : 'off'}`)
}

main().catch((error: unknown) => {
  // A bad setting or an invalid SEED_FIXTURE is the operator's to fix: its message says what, no stack needed.
  console.error(error instanceof ConfigError || (error as Error).name === 'FixtureError' ? (error as Error).message : error)
  process.exit(1)
})
