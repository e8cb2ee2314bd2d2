import t from 'tap'
import { bearer, buildTestApp, loadData } from '../helper.js'
import { SPEC_ORG, specEnrollmentsData } from '../factories.js'
import { parseOrigins } from '../../src/plugins/cors.js'

const REPORT = '/api/v1/ondemand-courses/6363d3d399533fd52834c620/reports/enrollments'
const DASHBOARD = 'https://dashboard.example.com'
const auth = bearer(SPEC_ORG.id, SPEC_ORG.apiKey)

t.test('off by default: no CORS headers, and a preflight is an unknown route', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specEnrollmentsData())
  const res = await app.inject({ url: REPORT, headers: { ...auth, origin: DASHBOARD } })
  t.equal(res.statusCode, 200)
  t.notOk(res.headers['access-control-allow-origin'])
  const preflight = await app.inject({
    method: 'OPTIONS', url: REPORT, headers: { origin: DASHBOARD, 'access-control-request-method': 'GET' }
  })
  t.equal(preflight.statusCode, 404)
  t.equal(preflight.json().result, 'failure')
  t.notOk(preflight.headers['access-control-allow-origin'])
})

t.test('an allowed origin: the preflight is answered without credentials, before auth and rate limiting', async (t) => {
  const app = await buildTestApp(t, { CORS_ORIGINS: `${DASHBOARD}, https://other.example`, RATE_LIMIT_MAX: 1 })
  loadData(app, specEnrollmentsData())
  for (let i = 0; i < 3; i++) {
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: REPORT,
      headers: { origin: DASHBOARD, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' }
    })
    t.equal(preflight.statusCode, 204)
    t.equal(preflight.headers['access-control-allow-origin'], DASHBOARD)
    t.match(preflight.headers['access-control-allow-methods'], /GET/)
    t.match(String(preflight.headers['access-control-allow-headers']).toLowerCase(), /authorization/)
    t.equal(preflight.headers['access-control-max-age'], '600')
    t.match(preflight.headers.vary, /Origin/)
    t.notOk(preflight.headers['x-ratelimit-limit'], 'preflights are not counted')
  }
})

t.test('an allowed origin: answers (errors and 429 included) expose the rate-limit headers and the attachment name', async (t) => {
  const app = await buildTestApp(t, { CORS_ORIGINS: DASHBOARD, RATE_LIMIT_MAX: 1 })
  loadData(app, specEnrollmentsData())
  const ok = await app.inject({ url: `${REPORT}?output=csv`, headers: { ...auth, origin: DASHBOARD } })
  t.equal(ok.statusCode, 200)
  t.equal(ok.headers['access-control-allow-origin'], DASHBOARD)
  const exposed = String(ok.headers['access-control-expose-headers'])
  for (const name of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after', 'content-disposition']) {
    t.match(exposed, name)
  }
  const limited = await app.inject({ url: REPORT, headers: { ...auth, origin: DASHBOARD } })
  t.equal(limited.statusCode, 429)
  t.equal(limited.headers['access-control-allow-origin'], DASHBOARD, 'a browser can read the 429')
  const unauthorized = await app.inject({ url: REPORT, headers: { origin: DASHBOARD }, remoteAddress: '192.0.2.1' })
  t.equal(unauthorized.statusCode, 401)
  t.equal(unauthorized.headers['access-control-allow-origin'], DASHBOARD)
})

t.test('an origin not in the list gets no allow-origin header (the browser refuses)', async (t) => {
  const app = await buildTestApp(t, { CORS_ORIGINS: DASHBOARD })
  loadData(app, specEnrollmentsData())
  const res = await app.inject({ url: REPORT, headers: { ...auth, origin: 'https://evil.example' } })
  t.equal(res.statusCode, 200)
  t.notOk(res.headers['access-control-allow-origin'])
  const preflight = await app.inject({
    method: 'OPTIONS', url: REPORT, headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' }
  })
  t.notOk(preflight.headers['access-control-allow-origin'])
})

t.test('`*` allows any origin', async (t) => {
  const app = await buildTestApp(t, { CORS_ORIGINS: '*' })
  loadData(app, specEnrollmentsData())
  const res = await app.inject({ url: REPORT, headers: { ...auth, origin: 'https://anything.example' } })
  t.equal(res.headers['access-control-allow-origin'], '*')
})

t.test('with FAULTS=on the fault header may be sent cross-origin', async (t) => {
  const app = await buildTestApp(t, { CORS_ORIGINS: DASHBOARD, FAULTS: 'on' })
  const preflight = await app.inject({
    method: 'OPTIONS', url: REPORT, headers: { origin: DASHBOARD, 'access-control-request-method': 'GET' }
  })
  t.match(String(preflight.headers['access-control-allow-headers']), /x-strigo-fault/)
})

t.test('parseOrigins: comma list, blanks and trailing slashes ignored', async (t) => {
  t.same(parseOrigins(''), [])
  t.same(parseOrigins('  , '), [])
  t.same(parseOrigins('https://a.example/, http://localhost:5173'), ['https://a.example', 'http://localhost:5173'])
})
