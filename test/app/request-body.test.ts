// Request bodies on the API's POST route: too large is a 413, not JSON is a 415, both in the envelope.
import t from 'tap'
import { bearer, buildTestApp, loadData } from '../helper.js'
import { SPEC_ORG, specEnrollmentsData } from '../factories.js'

const auth = bearer(SPEC_ORG.id, SPEC_ORG.apiKey)
const POST_URL = '/api/v1/ondemand-courses/6363d3d399533fd52834c620/reports/user-activity'

t.test('a body over the limit is a 413 in the envelope (default limit 1 MiB)', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specEnrollmentsData())
  t.equal(app.config.BODY_LIMIT_BYTES, 1024 * 1024)
  const res = await app.inject({ method: 'POST', url: POST_URL, headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify({ from: 'x'.repeat(1024 * 1024) }) })
  t.equal(res.statusCode, 413)
  t.equal(res.headers['content-type'], 'application/json; charset=utf-8')
  t.same(res.json(), { result: 'failure', error: { type: 'PayloadTooLarge', message: 'The request body is too large' } })
})

t.test('BODY_LIMIT_BYTES sets the limit', async (t) => {
  const app = await buildTestApp(t, { BODY_LIMIT_BYTES: 2048 })
  loadData(app, specEnrollmentsData())
  const res = await app.inject({ method: 'POST', url: POST_URL, headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify({ from: 'x'.repeat(3000) }) })
  t.equal(res.statusCode, 413)
  t.equal(res.json().error.type, 'PayloadTooLarge')
})

t.test('a body that is not JSON is a 415 in the envelope', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specEnrollmentsData())
  for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'image/png']) {
    const res = await app.inject({ method: 'POST', url: POST_URL, headers: { ...auth, 'content-type': type }, payload: '{"from":"2024-01-01"}' })
    t.equal(res.statusCode, 415, type)
    t.same(res.json(), { result: 'failure', error: { type: 'UnsupportedMediaType', message: 'Content-Type must be application/json' } }, type)
  }
  const json = await app.inject({ method: 'POST', url: POST_URL, headers: { ...auth, 'content-type': 'application/json' }, payload: '{"from":"2024-01-01"}' })
  t.equal(json.statusCode, 200, 'the same body as JSON is fine')
})
