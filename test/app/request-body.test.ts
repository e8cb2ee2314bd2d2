// Request bodies: too large is a 413 in the envelope. The limit is checked while the body is read, before
// a route's handler, so the answer holds for any POST under the API.
import t from 'tap'
import { bearer, buildTestApp, loadData } from '../helper.js'
import { SPEC_ORG, specEnrollmentsData } from '../factories.js'

const auth = bearer(SPEC_ORG.id, SPEC_ORG.apiKey)
const POST_URL = '/api/v1/health'

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
  const res = await app.inject({ method: 'POST', url: POST_URL, headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify({ from: 'x'.repeat(3000) }) })
  t.equal(res.statusCode, 413)
  t.equal(res.json().error.type, 'PayloadTooLarge')
})
