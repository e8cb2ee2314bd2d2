import fs from 'node:fs'
import t from 'tap'
import { FIXTURE_SCHEMA_FILE, OPENAPI_FILE, serialise } from '../../scripts/openapi.js'
import { OpenApiValidator } from '../contract/openapi-validator.js'
import { buildTestApp } from '../helper.js'

const committed = JSON.parse(fs.readFileSync(OPENAPI_FILE, 'utf8'))
type Operation = { operationId: string, responses: Record<string, any>, requestBody?: any, security?: unknown, tags?: string[] }
const operations: Array<[string, string, Operation]> = Object.entries<Record<string, Operation>>(committed.paths)
  .flatMap(([path, item]) => Object.entries(item).map(([method, op]) => [method.toUpperCase(), path, op] as [string, string, Operation]))

t.test('openapi.json is current (run `npm run openapi` after changing a route schema)', async (t) => {
  const app = await buildTestApp(t)
  t.equal(fs.readFileSync(OPENAPI_FILE, 'utf8'), serialise(app.swagger()))
})

t.test('served at /api/v1/openapi.json without credentials, and not journalled', async (t) => {
  const app = await buildTestApp(t)
  const res = await app.inject({ url: '/api/v1/openapi.json' })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/json; charset=utf-8')
  t.same(res.json(), committed)
  t.same(app.journal.entries(), [])
})

t.test('the fixture JSON Schema is served at /schemas/fixture.schema.json', async (t) => {
  const app = await buildTestApp(t)
  const res = await app.inject({ url: '/schemas/fixture.schema.json' })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/schema+json; charset=utf-8')
  t.equal(serialise(res.json()), fs.readFileSync(FIXTURE_SCHEMA_FILE, 'utf8'))
})

t.test('OpenAPI 3.1, same-origin server first, the bearer ORG_ID:API_KEY scheme on every operation', async (t) => {
  t.equal(committed.openapi, '3.1.0')
  t.equal(committed.servers[0].url, '/', '"try it out" calls the server that serves the page')
  t.same(committed.components.securitySchemes.bearerAuth, {
    type: 'http', scheme: 'bearer', bearerFormat: 'ORG_ID:API_KEY', description: committed.components.securitySchemes.bearerAuth.description
  })
  t.same(committed.security, [{ bearerAuth: [] }])
  for (const [method, path, op] of operations) {
    t.equal(op.security, undefined, `${method} ${path} inherits the bearer requirement`)
    t.ok(op.responses['401'], `${method} ${path} documents 401`)
  }
})

t.test('the three reports, their media types and every failure they answer', async (t) => {
  const byId = Object.fromEntries(operations.map(([method, path, op]) => [op.operationId, { method, path, op }]))
  t.same(Object.keys(byId).sort(), ['getEnrollmentsReport', 'getExercisesReport', 'getOnDemandCourse', 'health', 'listOnDemandCourses', 'postUserActivityReport'])
  t.match(byId.getEnrollmentsReport, { method: 'GET', path: '/api/v1/ondemand-courses/{course_id}/reports/enrollments' })
  t.match(byId.getExercisesReport, { method: 'GET', path: '/api/v1/ondemand-courses/{course_id}/reports/exercises' })
  t.match(byId.postUserActivityReport, { method: 'POST', path: '/api/v1/ondemand-courses/{course_id}/reports/user-activity' })
  for (const id of ['getEnrollmentsReport', 'getExercisesReport']) {
    t.same(Object.keys(byId[id].op.responses['200'].content), ['application/json', 'text/csv'], `${id}: JSON and CSV`)
    t.same(Object.keys(byId[id].op.responses).sort(), ['200', '400', '401', '404', '406', '422', '429', '500', '503'])
    t.ok(byId[id].op.responses['200'].headers['Content-Disposition'])
  }
  t.same(Object.keys(byId.postUserActivityReport.op.responses['200'].content), ['application/json'], 'user activity: JSON only')
  t.same(Object.keys(byId.postUserActivityReport.op.responses).sort(), ['200', '400', '401', '404', '406', '413', '415', '422', '429', '500', '503'])
  t.equal(byId.postUserActivityReport.op.requestBody.required, false, 'the body may be absent')
  t.same(committed.components.schemas.ExercisesReportRow.patternProperties['^exercise[1-9][0-9]*_result$'].enum, ['success', 'failure', null])
})

t.test('every failure is the envelope, by reference; no admin, docs or liveness route is documented', async (t) => {
  t.match(committed.components.schemas.FailureEnvelope, {
    type: 'object',
    required: ['result', 'error'],
    properties: { result: { const: 'failure' }, error: { required: ['type', 'message'] } }
  })
  for (const [method, path, op] of operations) {
    for (const [status, response] of Object.entries<any>(op.responses)) {
      if (Number(status) < 400) continue
      const envelope = { 'application/json': { schema: { $ref: '#/components/schemas/FailureEnvelope' } } }
      // A 429 may also be express-rate-limit's bare message (RATE_LIMIT_BODY=text).
      const expected = status === '429'
        ? { ...envelope, 'text/plain': { schema: { type: 'string', const: 'Too many requests, please try again later.' } } }
        : envelope
      t.same(response.content, expected, `${method} ${path} ${status}`)
      if (status === '429') t.same(Object.keys(response.headers).sort(), ['retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'])
    }
  }
  t.same(Object.keys(committed.paths).filter((p) => !p.startsWith('/api/v1/') || p.endsWith('openapi.json')), [])
})

t.test('every schema in the document compiles under a strict JSON Schema 2020-12 validator', async (t) => {
  const validator = new OpenApiValidator(committed)
  let compiled = 0
  for (const [method, path, op] of operations) {
    for (const [status, response] of Object.entries<any>(op.responses)) {
      for (const mediaType of Object.keys(response.content ?? {})) {
        if (mediaType !== 'application/json') continue
        // An empty JSON object is wrong for every response: each schema must compile and reject it.
        const problems = validator.validate({ method, url: path, statusCode: Number(status), headers: { 'content-type': mediaType, vary: 'Accept' }, body: '{}' })
        t.not(problems.length, 0, `${method} ${path} ${status}`)
        compiled++
      }
    }
  }
  t.ok(compiled >= 40, `${compiled} response schemas`)
})
