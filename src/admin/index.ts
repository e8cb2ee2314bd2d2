// The admin API for test harnesses, mounted under /__admin only when ADMIN_API=on. Every route requires
// the admin token (ADMIN_TOKEN), never an organisation's key, and answers in the public API's envelope.
// Data changes (fixtures, reset, per-organisation load and clear) run in a worker thread, one at a time,
// each in one transaction: requests keep being served from the previous data until the commit.
import crypto from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { utcMidnight } from '../clock.js'
import { demoSeedOptions } from '../data/demo.js'
import { emptyCounts } from '../data/writer.js'
import { ApiError } from '../errors.js'
import { failure } from '../plugins/errors.js'
import { dataSummary, organizationSummary, type FixtureFormat } from '../fixtures/load.js'
import type { FixtureProblem } from '../fixtures/validate.js'
import { DataJobs, JobFailed, JobRejected, type DataJob, type DataJobResult } from './data-jobs.js'
import faultsAdmin from './faults.js'
import {
  AdminFailureSchema, ClearResultSchema, ClockEnvelopeSchema, FreezeClockBodySchema, JournalClearedSchema, JournalQuerySchema,
  JournalSchema, LoadResultSchema, OrgIdParamsSchema, OrganizationEnvelopeSchema, SummarySchema
} from './schemas.js'

export const ADMIN_PREFIX = '/__admin'

export class AdminUnauthorized extends ApiError {
  constructor () { super(401, 'Unauthorized', 'The admin API requires the admin token (Authorization: Bearer <ADMIN_TOKEN> or x-admin-token)') }
}

export class OrganizationNotFound extends ApiError {
  constructor () { super(404, 'OrganizationNotFound', 'Organization not found') }
}

/** The token a request presents: `x-admin-token`, else `Authorization: Bearer <token>`. */
export function presentedAdminToken (request: Pick<FastifyRequest, 'headers'>): string | undefined {
  const header = request.headers['x-admin-token']
  if (typeof header === 'string' && header !== '') return header
  const match = /^Bearer +(\S+)$/i.exec(request.headers.authorization?.trim() ?? '')
  return match?.[1]
}

/** Constant-time comparison of equal-length digests, so neither length nor prefix leaks through timing. */
export function adminTokenMatches (presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false
  const a = crypto.createHash('sha256').update(presented).digest()
  const b = crypto.createHash('sha256').update(expected).digest()
  return crypto.timingSafeEqual(a, b)
}

const MEDIA_FORMATS: Record<string, FixtureFormat> = {
  'application/json': 'json',
  'application/yaml': 'yaml',
  'application/x-yaml': 'yaml',
  'text/yaml': 'yaml',
  'text/x-yaml': 'yaml'
}

const failures = {
  401: AdminFailureSchema,
  404: AdminFailureSchema,
  413: AdminFailureSchema,
  415: AdminFailureSchema,
  422: AdminFailureSchema,
  500: AdminFailureSchema
}

const adminApi: FastifyPluginAsyncTypebox = async (app) => {
  const token = app.config.ADMIN_TOKEN
  if (token === undefined) throw new Error('ADMIN_API=on requires ADMIN_TOKEN')
  const jobs = new DataJobs(app.db.file)
  app.addHook('onClose', async () => { await jobs.close() })
  app.addHook('onListen', async () => { jobs.warm() })

  app.addHook('onRequest', async (request) => {
    if (!adminTokenMatches(presentedAdminToken(request), token)) throw new AdminUnauthorized()
  })

  const clockView = () => ({ now: app.clock.now().toISOString(), frozen: app.clock.frozen })

  /** Runs a data job and answers: the result, or 422 with every fixture problem. */
  async function runJob (reply: FastifyReply, job: DataJob): Promise<FastifyReply> {
    const started = process.hrtime.bigint()
    let result: DataJobResult
    try {
      result = await jobs.run(job)
    } catch (error) {
      if (error instanceof JobRejected) return await invalidFixture(reply, error.problems)
      if (error instanceof JobFailed && error.code?.startsWith('SQLITE_CONSTRAINT') === true) {
        return await invalidFixture(reply, [{ path: '(root)', reason: `rejected by the database: ${error.message}` }])
      }
      throw error
    }
    app.db.touch()
    return await reply.send({ result: 'success' as const, data: { ...result, durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000 } })
  }

  async function invalidFixture (reply: FastifyReply, problems: FixtureProblem[]): Promise<FastifyReply> {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`
    return await reply.code(422).send(failure('InvalidFixture', `The fixture is invalid (${count}); nothing was loaded`,
      problems.map((p) => ({
        location: 'body' as const,
        param: p.path,
        msg: p.reason,
        ...(p.line !== undefined ? { line: p.line, column: p.column ?? 1 } : {})
      }))))
  }

  app.get('/summary', {
    schema: { hide: true, summary: 'Row counts per organisation, the clock and the journal', response: { 200: SummarySchema, ...failures } }
  }, async () => {
    const organizations = app.db.readers.with((reader) => dataSummary(reader.db))
    const totals = emptyCounts()
    for (const o of organizations) {
      totals.organizations++
      totals.courses += o.courses
      totals.exercises += o.exercises
      totals.enrollments += o.enrollments
      totals.results += o.results
      totals.sessions += o.sessions
    }
    return {
      result: 'success' as const,
      data: {
        organizations,
        totals,
        clock: clockView(),
        journal: { entries: app.journal.size, capacity: app.journal.capacity, lastSeq: app.journal.lastSeq }
      }
    }
  })

  app.post('/reset', {
    schema: { hide: true, summary: 'Replace all data with the demo seed (SEED, SEED_COURSES, SEED_ENROLLMENTS; dated by the clock)', response: { 200: LoadResultSchema, ...failures } }
  }, async (_request, reply) => runJob(reply, { kind: 'demo', options: demoSeedOptions(app.config, utcMidnight(app.clock.now())) }))

  // Fixture bodies: taken as raw bytes and handed to the worker, which parses them (JSON or YAML).
  await app.register(async (instance) => {
    const fixtures = instance.withTypeProvider<TypeBoxTypeProvider>()
    fixtures.removeAllContentTypeParsers()
    fixtures.addContentTypeParser(Object.keys(MEDIA_FORMATS), { parseAs: 'buffer' },
      (_request, body, done) => { done(null, body) })

    const fixtureJob = (request: FastifyRequest, organizationId?: string): DataJob => {
      const mediaType = (request.headers['content-type'] ?? 'application/json').split(';')[0].trim().toLowerCase()
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
      // A copy into a buffer of its own, so it can be transferred to the worker without touching a pool.
      const own = new Uint8Array(body.byteLength)
      own.set(body)
      return { kind: 'fixture', body: own, format: MEDIA_FORMATS[mediaType] ?? 'json', organizationId }
    }

    fixtures.put('/fixture', {
      bodyLimit: app.config.ADMIN_BODY_LIMIT_MB * 1024 * 1024,
      schema: { hide: true, summary: 'Replace all data with a fixture (JSON or YAML)', response: { 200: LoadResultSchema, ...failures } }
    }, async (request, reply) => runJob(reply, fixtureJob(request)))

    fixtures.put('/organizations/:org_id', {
      bodyLimit: app.config.ADMIN_BODY_LIMIT_MB * 1024 * 1024,
      schema: {
        hide: true,
        summary: 'Replace one organisation\'s data with a fixture declaring just that organisation',
        params: OrgIdParamsSchema,
        response: { 200: LoadResultSchema, ...failures }
      }
    }, async (request, reply) => runJob(reply, fixtureJob(request, request.params.org_id)))
  })

  app.get('/organizations/:org_id', {
    schema: { hide: true, summary: 'One organisation\'s row counts', params: OrgIdParamsSchema, response: { 200: OrganizationEnvelopeSchema, ...failures } }
  }, async (request) => {
    const summary = app.db.readers.with((reader) => organizationSummary(reader.db, request.params.org_id))
    if (summary === undefined) throw new OrganizationNotFound()
    return { result: 'success' as const, data: summary }
  })

  app.delete('/organizations/:org_id', {
    schema: { hide: true, summary: 'Remove one organisation with all its data (idempotent)', params: OrgIdParamsSchema, response: { 200: ClearResultSchema, ...failures } }
  }, async (request, reply) => runJob(reply, { kind: 'clear', organizationId: request.params.org_id }))

  app.get('/journal', {
    schema: { hide: true, summary: 'The last API requests, oldest first', querystring: JournalQuerySchema, response: { 200: JournalSchema, ...failures } }
  }, async (request) => {
    const { organization, ...filter } = request.query
    return { result: 'success' as const, data: app.journal.entries({ ...filter, organizationId: organization }) }
  })

  app.delete('/journal', {
    schema: { hide: true, summary: 'Forget the journal\'s entries', response: { 200: JournalClearedSchema, ...failures } }
  }, async () => ({ result: 'success' as const, data: { cleared: app.journal.clear() } }))

  app.get('/clock', {
    schema: { hide: true, summary: 'The server\'s "now", and whether it is frozen', response: { 200: ClockEnvelopeSchema, ...failures } }
  }, async () => ({ result: 'success' as const, data: clockView() }))

  app.put('/clock', {
    schema: { hide: true, summary: 'Freeze "now" at an instant', body: FreezeClockBodySchema, response: { 200: ClockEnvelopeSchema, ...failures } }
  }, async (request) => {
    app.clock.freeze(request.body.now)
    app.db.touch() // "now" feeds default report windows: nothing computed under the old clock may be reused
    return { result: 'success' as const, data: clockView() }
  })

  app.delete('/clock', {
    schema: { hide: true, summary: 'Let the clock run again', response: { 200: ClockEnvelopeSchema, ...failures } }
  }, async () => {
    app.clock.unfreeze()
    app.db.touch()
    return { result: 'success' as const, data: clockView() }
  })

  // The global fault rate (README, "Hardening"): GET, PUT, DELETE /__admin/faults.
  await app.register(faultsAdmin)
}

export default adminApi
