import t from 'tap'
import { bearer, buildTestApp, loadData } from '../helper.js'
import { OTHER_ORG, SPEC_ORG, organization, specEnrollmentsData } from '../factories.js'

const URL = '/api/v1/ondemand-courses/6363d3d399533fd52834c620/reports/enrollments'
const UNAUTHORIZED = '{"result":"failure","error":{"type":"Unauthorized","message":"Unauthorized"}}'

t.test('every kind of bad credential gets one identical 401', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, [...specEnrollmentsData(), organization(OTHER_ORG)])
  const cases: Array<[string, Record<string, string>]> = [
    ['no header', {}],
    ['empty header', { authorization: '' }],
    ['wrong scheme', { authorization: `Basic ${SPEC_ORG.id}:${SPEC_ORG.apiKey}` }],
    ['no colon', { authorization: `Bearer ${SPEC_ORG.id}${SPEC_ORG.apiKey}` }],
    ['empty key', { authorization: `Bearer ${SPEC_ORG.id}:` }],
    ['empty org', { authorization: `Bearer :${SPEC_ORG.apiKey}` }],
    ['unknown organisation', bearer('nobody', SPEC_ORG.apiKey)],
    ['wrong key', bearer(SPEC_ORG.id, SPEC_ORG.apiKey + 'x')],
    ['key of another organisation', bearer(SPEC_ORG.id, OTHER_ORG.apiKey)],
    ['key prefix only', bearer(SPEC_ORG.id, SPEC_ORG.apiKey.slice(0, -1))],
    ['trailing junk', { authorization: `Bearer ${SPEC_ORG.id}:${SPEC_ORG.apiKey} extra` }]
  ]
  for (const [label, headers] of cases) {
    const res = await app.inject({ url: URL, headers })
    t.equal(res.statusCode, 401, label)
    t.equal(res.body, UNAUTHORIZED, label)
    t.equal(res.headers['content-type'], 'application/json; charset=utf-8', label)
  }
})

t.test('valid credentials: the scheme is case-insensitive, the key is split at the first colon', async (t) => {
  const app = await buildTestApp(t)
  const colonKey = { id: 'colon-org', apiKey: 'part1:part2' }
  loadData(app, [...specEnrollmentsData(), organization(colonKey)])
  t.equal((await app.inject({ url: URL, headers: { authorization: `bearer ${SPEC_ORG.id}:${SPEC_ORG.apiKey}` } })).statusCode, 200)
  const health = await app.inject({ url: '/api/v1/health', headers: bearer(colonKey.id, colonKey.apiKey) })
  t.equal(health.statusCode, 200, 'a key may itself contain colons')
})

t.test('credentials stop working as soon as the data no longer holds them', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specEnrollmentsData())
  const headers = bearer(SPEC_ORG.id, SPEC_ORG.apiKey)
  t.equal((await app.inject({ url: '/api/v1/health', headers })).statusCode, 200)
  loadData(app, [organization(OTHER_ORG)])
  t.equal((await app.inject({ url: '/api/v1/health', headers })).statusCode, 401, 'no stale cached authentication')
})

t.test('API keys are stored as SHA-256 digests, never in clear', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specEnrollmentsData())
  const stored = app.db.writer.prepare('SELECT key_hash FROM api_keys').pluck().all() as string[]
  t.equal(stored.length, 1)
  t.match(stored[0], /^[0-9a-f]{64}$/)
  t.not(stored[0].includes(SPEC_ORG.apiKey), true)
})

t.test('GET /api/v1/health validates the credentials, as the real API does', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specEnrollmentsData())
  const ok = await app.inject({ url: '/api/v1/health', headers: bearer(SPEC_ORG.id, SPEC_ORG.apiKey) })
  t.equal(ok.statusCode, 200)
  t.equal(ok.body, '{"status":"ok","message":"Healthy"}')
  const denied = await app.inject({ url: '/api/v1/health' })
  t.equal(denied.statusCode, 401)
  t.equal(denied.body, UNAUTHORIZED)
  const live = await app.inject({ url: '/healthz' })
  t.equal(live.statusCode, 200, 'the liveness route needs no credentials')
  t.same(live.json(), { status: 'ok' })
})
