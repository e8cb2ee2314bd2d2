import t from 'tap'
import { bearer, buildTestApp, loadData } from '../helper.js'
import { SPEC_ORG, specEnrollmentsData } from '../factories.js'

const URL = '/api/v1/ondemand-courses/6363d3d399533fd52834c620/reports/enrollments'

t.test('the negotiation matrix, end to end', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specEnrollmentsData())
  const auth = bearer(SPEC_ORG.id, SPEC_ORG.apiKey)
  const cases: Array<[string, Record<string, string>, number, RegExp]> = [
    ['', {}, 200, /^application\/json/],
    ['?output=csv', {}, 200, /^text\/csv/],
    ['?output=json', { accept: 'text/csv' }, 200, /^application\/json/],
    ['', { accept: 'text/csv' }, 200, /^text\/csv/],
    ['', { accept: 'text/csv;q=0.2, application/json;q=0.8' }, 200, /^application\/json/],
    ['', { accept: '*/*' }, 200, /^application\/json/],
    ['', { accept: 'text/html' }, 406, /^application\/json/],
    ['?output=xml', {}, 422, /^application\/json/],
    ['?output=xml', { accept: 'text/csv' }, 422, /^application\/json/],
    ['?output=json&output=csv', {}, 422, /^application\/json/]
  ]
  for (const [query, headers, status, type] of cases) {
    const res = await app.inject({ url: URL + query, headers: { ...auth, ...headers } })
    const label = `${query || '(no output)'} ${JSON.stringify(headers)}`
    t.equal(res.statusCode, status, label)
    t.match(res.headers['content-type'], type, label)
    if (status === 200) t.equal(res.headers.vary, 'Accept', label)
  }
})

t.test('406 and 422 bodies', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specEnrollmentsData())
  const auth = bearer(SPEC_ORG.id, SPEC_ORG.apiKey)
  const notAcceptable = await app.inject({ url: URL, headers: { ...auth, accept: 'application/xml' } })
  t.same(notAcceptable.json(), {
    result: 'failure',
    error: { type: 'NotAcceptable', message: 'This resource can be represented as application/json or text/csv only' }
  })
  const invalid = await app.inject({ url: URL + '?output=xml', headers: auth })
  t.same(invalid.json(), {
    result: 'failure',
    error: {
      type: 'RequestValidationError',
      message: 'The request is not valid',
      errors: [{ location: 'query', param: 'output', msg: 'must be equal to one of the allowed values' }]
    }
  })
  const missing = await app.inject({ url: '/api/v1/ondemand-courses/nope/reports/enrollments?output=xml', headers: auth })
  t.equal(missing.statusCode, 422, 'parameters are validated before the course is looked up')
  const unauthenticated = await app.inject({ url: URL + '?output=xml' })
  t.equal(unauthenticated.statusCode, 401, 'credentials are checked before anything else')
})
