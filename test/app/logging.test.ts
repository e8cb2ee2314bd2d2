// Secrets never reach the logs, at any level, whatever happens to the request.
import t from 'tap'
import path from 'node:path'
import { Writable } from 'node:stream'
import { buildApp } from '../../src/app.js'
import { loggerOptions } from '../../src/logger.js'
import { loadData, TEST_NOW } from '../helper.js'
import { SPEC_ORG, specEnrollmentsData } from '../factories.js'

const REPORT = '/api/v1/ondemand-courses/6363d3d399533fd52834c620/reports/enrollments'
const ADMIN_TOKEN = 'adm_secret_token_5f1e9c'

function capture (): { stream: Writable, lines: string[] } {
  const lines: string[] = []
  const stream = new Writable({ write (chunk: Buffer, _encoding, done) { lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)); done() } })
  return { stream, lines }
}

t.test('API keys and the admin token are never logged, even at trace level and on failures (admin API included)', async (t) => {
  const { stream, lines } = capture()
  const dir = t.testdir({})
  const app = await buildApp({
    config: { DATABASE_URL: `file:${path.join(dir, 'test.db')}`, FROZEN_NOW: TEST_NOW, FAULTS: 'on', RATE_LIMIT_MAX: 5, ADMIN_API: 'on', ADMIN_TOKEN },
    logger: loggerOptions('trace', stream)
  })
  t.teardown(() => app.close())
  loadData(app, specEnrollmentsData())
  const valid = `Bearer ${SPEC_ORG.id}:${SPEC_ORG.apiKey}`
  const wrongKey = 'sk_wrong_key_not_to_be_logged_81d2'
  const requests = [
    { url: REPORT, headers: { authorization: valid, 'x-admin-token': ADMIN_TOKEN } },
    { url: `${REPORT}?output=csv`, headers: { authorization: valid } },
    { url: REPORT, headers: { authorization: `Bearer ${SPEC_ORG.id}:${wrongKey}` } },
    { url: REPORT, headers: { authorization: valid, 'x-strigo-fault': 'status=500' } },
    { url: REPORT, headers: { authorization: valid, 'x-strigo-fault': 'bogus' } },
    { url: '/api/v1/nowhere', headers: { authorization: valid, 'x-admin-token': ADMIN_TOKEN } },
    { url: REPORT, headers: { authorization: valid } },
    { url: REPORT, headers: { authorization: valid } },
    { url: '/__admin/summary', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
    { url: '/__admin/summary', headers: { 'x-admin-token': ADMIN_TOKEN } },
    { url: '/__admin/summary', headers: { 'x-admin-token': `${ADMIN_TOKEN}-wrong` } }
  ]
  const statuses = []
  for (const request of requests) statuses.push((await app.inject(request)).statusCode)
  t.same(statuses, [200, 200, 401, 500, 422, 404, 200, 429, 200, 200, 401], 'successes, failures, a fault, rate limiting and the admin API were all logged')
  // Anything that logs a request's headers gets them censored.
  // (Under `req` Fastify's serializer keeps no headers at all; under other names the redaction catches them.)
  app.log.info({ req: { headers: { authorization: valid } } }, 'req logged by mistake')
  app.log.info({ request: { headers: { authorization: valid, 'x-admin-token': ADMIN_TOKEN } } }, 'headers logged by mistake')
  app.log.info({ headers: { authorization: valid } }, 'bare headers logged by mistake')

  t.ok(lines.length > 20, `${lines.length} log lines`)
  for (const secret of [SPEC_ORG.apiKey, wrongKey, ADMIN_TOKEN]) {
    t.notOk(lines.some((line) => line.includes(secret)), `${secret.slice(0, 6)}… appears in no log line`)
  }
  const mistaken = lines.map((l) => JSON.parse(l)).filter((l) => /by mistake/.test(l.msg))
  t.equal(mistaken.length, 3)
  t.equal(mistaken[1].request.headers.authorization, '[redacted]')
  t.equal(mistaken[1].request.headers['x-admin-token'], '[redacted]')
  t.equal(mistaken[2].headers.authorization, '[redacted]')
  t.ok(lines.some((l) => /"statusCode":500/.test(l)), 'the 500 was logged')
})
