// buildApp(): the whole service as a ready Fastify instance that never listens. The server and the tests
// both call it; configuration, logger and clock come in as options rather than from globals.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Clock } from './clock.js'
import { loadConfig, type Config } from './config.js'
import { databasePathFromUrl } from './db/sqlite.js'
import { ReportCache } from './lib/report-cache.js'
import dbPlugin from './plugins/db.js'
import authPlugin from './plugins/auth.js'
import errorsPlugin, { clientErrorHandler, frameworkErrors } from './plugins/errors.js'
import jsonBodyPlugin from './plugins/json-body.js'
import securityHeadersPlugin from './plugins/security-headers.js'
import corsPlugin from './plugins/cors.js'
import rateLimitPlugin from './plugins/rate-limit.js'
import faultsPlugin from './plugins/faults.js'
import journalPlugin from './admin/journal.js'
import adminApi, { ADMIN_PREFIX } from './admin/index.js'
import docsPlugin from './docs/index.js'
import courses from './courses/route.js'
import enrollmentsReport from './reports/enrollments/route.js'
import exercisesReport from './reports/exercises/route.js'
import userActivityReport from './reports/user-activity/route.js'
import { HealthSchema } from './schemas/common.js'
import { FAILURES } from './schemas/responses.js'

export interface BuildAppOptions {
  /** Settings over the defaults (and over `env`, when given). */
  config?: Partial<Config>
  /** Environment to read settings from; defaults to none, so tests never depend on the shell. */
  env?: Record<string, string | undefined>
  logger?: FastifyServerOptions['logger']
  /** Overrides FROZEN_NOW; a test may pass its own clock and move it. */
  clock?: Clock
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    clock: Clock
    /** Small reports rendered whole, valid for one data version (see lib/report-cache.ts). */
    reportCache: ReportCache
  }
}

export const API_PREFIX = '/api/v1'

export async function buildApp (options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const config = loadConfig(options.env ?? {}, options.config)
  const app = Fastify({
    logger: options.logger ?? false,
    // Slow clients cannot pin connections (settings: README, "Hardening"). Node checks the headers and
    // request deadlines every `connectionsCheckingInterval`, 30 s by default: far too coarse for a 10 s limit.
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    connectionTimeout: config.CONNECTION_TIMEOUT_MS,
    keepAliveTimeout: config.KEEP_ALIVE_TIMEOUT_MS,
    http: {
      headersTimeout: config.HEADERS_TIMEOUT_MS,
      requestTimeout: config.REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: Math.min(1000, Math.ceil(config.HEADERS_TIMEOUT_MS / 4)),
      // A request without Host gets a 400 in the envelope (plugins/errors.ts), not Node's empty one.
      requireHostHeader: false
    },
    bodyLimit: config.BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: 256 },
    // Requests arriving while the server drains get a 503 in the envelope (plugins/errors.ts) instead.
    return503OnClosing: false,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', useDefaults: true } },
    clientErrorHandler,
    frameworkErrors
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.decorate('config', config)
  app.decorate('clock', options.clock ?? new Clock(config.FROZEN_NOW))
  app.decorate('reportCache', new ReportCache())

  await app.register(errorsPlugin)
  await app.register(jsonBodyPlugin)
  await app.register(securityHeadersPlugin)
  await app.register(corsPlugin)
  await app.register(dbPlugin, { file: databasePathFromUrl(config.DATABASE_URL) })
  await app.register(authPlugin)
  await app.register(rateLimitPlugin)
  await app.register(faultsPlugin)
  await app.register(journalPlugin, { apiPrefix: API_PREFIX, exclude: [`${API_PREFIX}/openapi.json`] })
  // Before the routes: the OpenAPI document is collected from them as they are declared.
  await app.register(docsPlugin, { apiPrefix: API_PREFIX })

  // Unauthenticated liveness, for container health checks: the process is up and the database answers.
  app.get('/healthz', async () => {
    app.db.readers.with((reader) => reader.statement('SELECT 1').get())
    return { status: 'ok' }
  })

  await app.register(async (api) => {
    // Every route of the API, whoever adds it: counted by the rate limiter (also when it then fails), open
    // to fault injection, and authenticated. The order is the real API's: the limiter answers first.
    api.addHook('onRequest', api.rateLimit.onRequest)
    api.addHook('onRequest', api.faults.onRequest)
    api.addHook('onSend', api.faults.onSend)
    api.addHook('onRequest', api.requireOrganization)
    // The API reads JSON bodies only: any other Content-Type is a 415, not a string for the schema to reject.
    api.removeContentTypeParser('text/plain')
    api.get('/health', {
      schema: {
        tags: ['health'],
        operationId: 'health',
        summary: 'Health check (validates the credentials, as the real API does)',
        response: { 200: HealthSchema, 401: FAILURES[401] }
      }
    }, async () => ({ status: 'ok' as const, message: 'Healthy' as const }))
    await api.register(courses)
    await api.register(enrollmentsReport)
    await api.register(exercisesReport)
    await api.register(userActivityReport)
  }, { prefix: API_PREFIX })

  // Off unless ADMIN_API=on: then /__admin exists, guarded by ADMIN_TOKEN (see README, "Admin API").
  if (config.ADMIN_API === 'on') await app.register(adminApi, { prefix: ADMIN_PREFIX })

  await app.ready()
  return app
}
