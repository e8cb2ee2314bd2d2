import t from 'tap'
import { bearer, buildTestApp, loadData } from '../helper.js'
import { SPEC_ORG, specEnrollmentsData } from '../factories.js'
import { API_CSP } from '../../src/plugins/security-headers.js'

const REPORT = '/api/v1/ondemand-courses/6363d3d399533fd52834c620/reports/enrollments'
const auth = bearer(SPEC_ORG.id, SPEC_ORG.apiKey)

t.test('every answer carries the security headers: reports, errors, unknown routes, liveness', async (t) => {
  const app = await buildTestApp(t, { RATE_LIMIT_MAX: 1 })
  loadData(app, specEnrollmentsData())
  const answers = {
    json: await app.inject({ url: REPORT, headers: auth }),
    limited: await app.inject({ url: `${REPORT}?output=csv`, headers: auth }),
    unauthorized: await app.inject({ url: REPORT, remoteAddress: '192.0.2.44' }),
    notFound: await app.inject({ url: '/nowhere' }),
    healthz: await app.inject({ url: '/healthz' })
  }
  t.same(Object.values(answers).map((r) => r.statusCode), [200, 429, 401, 404, 200])
  for (const [name, res] of Object.entries(answers)) {
    t.equal(res.headers['x-content-type-options'], 'nosniff', name)
    t.equal(res.headers['x-frame-options'], 'DENY', name)
    t.equal(res.headers['referrer-policy'], 'no-referrer', name)
    t.equal(res.headers['content-security-policy'], API_CSP, name)
    t.equal(res.headers['cache-control'], 'no-store', name)
  }
})

t.test('a streamed CSV report carries them too', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specEnrollmentsData())
  const res = await app.inject({ url: `${REPORT}?output=csv`, headers: auth })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['x-content-type-options'], 'nosniff')
  t.equal(res.headers['cache-control'], 'no-store')
})
