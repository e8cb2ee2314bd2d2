// The response validator the whole suite runs through (see test/helper.ts) must catch wrong responses:
// here it is fed real ones (accepted) and doctored ones (each rejected for the right reason).
import fs from 'node:fs'
import path from 'node:path'
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { OPENAPI_FILE } from '../../scripts/openapi.js'
import { loadFixtureFile } from '../../src/fixtures/load.js'
import { FIXTURES } from '../fixtures/files.js'
import { bearer, buildTestApp, checkResponsesAgainstOpenApi } from '../helper.js'
import { OpenApiValidator, parseCsv, type ObservedResponse } from './openapi-validator.js'

const validator = new OpenApiValidator(JSON.parse(fs.readFileSync(OPENAPI_FILE, 'utf8')))
const SPEC = bearer('spec-org', 'spec-api-key-0001')
const ENROLLMENTS = '/api/v1/ondemand-courses/6363d3d399533fd52834c620/reports/enrollments'
const EXERCISES = '/api/v1/ondemand-courses/eb917a943d6d0365784e8779/reports/exercises'
const USER_ACTIVITY = '/api/v1/ondemand-courses/6363d3d399533fd52834c620/reports/user-activity'

async function observed (app: FastifyInstance, method: 'GET' | 'POST', url: string, headers: Record<string, string> = SPEC, payload?: object): Promise<ObservedResponse> {
  const res = await app.inject({ method, url, headers, payload })
  return { method, url, statusCode: res.statusCode, headers: res.headers, body: res.body }
}

async function appWith (t: Parameters<typeof buildTestApp>[0], ...fixtures: string[]): Promise<FastifyInstance> {
  const app = await buildTestApp(t)
  for (const fixture of fixtures) loadFixtureFile(app.db.writer, path.join(FIXTURES, fixture), { organizationId: 'spec-org' })
  app.db.touch()
  return app
}

/** A JSON response with its body changed by `edit`. */
function doctored (response: ObservedResponse, edit: (body: any) => void): ObservedResponse {
  const body = JSON.parse(response.body)
  edit(body)
  return { ...response, body: JSON.stringify(body) }
}

t.test('real responses of every report, both formats, and failures are accepted', async (t) => {
  const app = await appWith(t, 'spec/exercises.json')
  const responses = [
    await observed(app, 'GET', `${EXERCISES}?output=json`),
    await observed(app, 'GET', `${EXERCISES}?output=csv`),
    await observed(app, 'GET', EXERCISES.replace('/exercises', '/enrollments')),
    await observed(app, 'GET', `${EXERCISES.replace('/exercises', '/enrollments')}?output=csv`),
    await observed(app, 'POST', EXERCISES.replace('/exercises', '/user-activity'), { ...SPEC, 'content-type': 'application/json' }, { from: '2023-01-01' }),
    await observed(app, 'GET', '/api/v1/ondemand'),
    await observed(app, 'GET', EXERCISES, {}),
    await observed(app, 'GET', EXERCISES.replace('eb917a943d6d0365784e8779', 'nope')),
    await observed(app, 'GET', `${EXERCISES}?output=xml`),
    await observed(app, 'GET', EXERCISES, { ...SPEC, accept: 'image/png' })
  ]
  t.same(responses.map((r) => r.statusCode), [200, 200, 200, 200, 200, 200, 401, 404, 422, 406])
  for (const response of responses) t.same(validator.validate(response), [], `${response.url} ${response.statusCode}`)
  t.same(validator.validate({ method: 'GET', url: '/__admin/summary', statusCode: 200, headers: {}, body: 'anything' }), [], 'undocumented paths are not checked')
})

t.test('JSON: wrong types, missing or extra keys, bad enum values, broken envelopes are caught', async (t) => {
  const app = await appWith(t, 'spec/exercises.json')
  const enrollments = await observed(app, 'GET', EXERCISES.replace('/exercises', '/enrollments'))
  const exercises = await observed(app, 'GET', EXERCISES)
  const notFound = await observed(app, 'GET', EXERCISES.replace('eb917a943d6d0365784e8779', 'nope'))
  const cases: Array<[string, ObservedResponse, RegExp]> = [
    ['a number as a string', doctored(enrollments, (b) => { b.data[0].exercises_finished = '2' }), /\/data\/0\/exercises_finished must be integer/],
    ['an undeclared key', doctored(enrollments, (b) => { b.data[0].password = 'x' }), /\/data\/0 must NOT have additional properties/],
    ['a missing key', doctored(enrollments, (b) => { delete b.data[0].status }), /\/data\/0 must have required property 'status'/],
    ['a bad status', doctored(enrollments, (b) => { b.data[0].status = 'done' }), /\/data\/0\/status must be equal to one of the allowed values/],
    ['a timestamp that is not one', doctored(enrollments, (b) => { b.data[0].enrolled_at = 'Monday' }), /\/data\/0\/enrolled_at must match format "date-time"/],
    ['the wrong envelope', doctored(enrollments, (b) => { b.result = 'ok' }), /\/result must be equal to constant/],
    ['an exercise result out of its enum (pattern properties are enforced)', doctored(exercises, (b) => { b.data[0].exercise1_result = 'passed' }), /\/data\/0\/exercise1_result must be equal to one of the allowed values/],
    ['an exercise title that is null', doctored(exercises, (b) => { b.data[0].exercise2_title = null }), /\/data\/0\/exercise2_title must be string/],
    ['a failure without its message', doctored(notFound, (b) => { delete b.error.message }), /\/error must have required property 'message'/],
    ['a body that is not JSON', { ...enrollments, body: '{"result":' }, /the body is not JSON/],
    ['an undocumented status', { ...notFound, statusCode: 418 }, /status not documented/],
    ['an undocumented media type', { ...enrollments, headers: { ...enrollments.headers, 'content-type': 'text/html' } }, /Content-Type text\/html not documented/],
    ['no Vary header on a report', { ...enrollments, headers: { ...enrollments.headers, vary: undefined } }, /header Vary missing/]
  ]
  for (const [name, response, expected] of cases) {
    const problems = validator.validate(response)
    t.match(problems.join('\n'), expected, name)
  }
})

t.test('user-activity: JSON only, and its sessions are checked', async (t) => {
  const app = await appWith(t, 'spec/user-activity.json')
  const report = await observed(app, 'POST', USER_ACTIVITY, { ...SPEC, 'content-type': 'application/json' }, { from: '2018-10-28T08:14:55.743Z', to: '2022-11-07T08:14:55.743Z' })
  t.same(validator.validate(report), [])
  t.match(validator.validate(doctored(report, (b) => { b.data[0].sessions[0].sessionDurationInSeconds = -1 })).join('\n'), /sessionDurationInSeconds must be >= 0/)
  t.match(validator.validate({ ...report, headers: { ...report.headers, 'content-type': 'text/csv' }, body: '"a"\n' }).join('\n'), /Content-Type text\/csv not documented/)
})

t.test('CSV: header columns against the JSON rows, row widths, quoting, line ends', async (t) => {
  const app = await appWith(t, 'spec/exercises-csv.json')
  const csv = await observed(app, 'GET', `${EXERCISES}?output=csv`)
  t.same(validator.validate(csv), [])
  const [header, row] = csv.body.split('\n')
  const cases: Array<[string, string, RegExp]> = [
    ['an unknown column', `${header},"grade"\n${row},1\n`, /column grade is not a field of the JSON rows/],
    ['a required column missing', `${header.replace('"email",', '')}\n${row.replace('"erlich@strigo.io",', '')}\n`, /column email missing/],
    ['an exercise column in the wrong style', `${header.replace('"exercise1_title"', '"exercise_1_title"')}\n${row}\n`, /column exercise_1_title is not a field/],
    ['a short row', `${header}\n${row.split(',').slice(0, -1).join(',')}\n`, /row 1 has 16 fields, the header 17/],
    ['unquoted header names', `${header.replaceAll('"', '')}\n${row}\n`, /the header names are not all quoted/],
    ['no final newline', `${header}\n${row}`, /the last line does not end with \\n/],
    ['a broken quote', `${header}\n"unterminated\n`, /an unterminated quoted field/]
  ]
  for (const [name, body, expected] of cases) t.match(validator.validate({ ...csv, body }).join('\n'), expected, name)
  t.match(validator.validate({ ...csv, headers: { ...csv.headers, 'content-disposition': undefined } }).join('\n'), /header Content-Disposition missing/)
})

t.test('the CSV reader follows RFC 4180', async (t) => {
  t.same(parseCsv('"a","b"\n"x, ""y""\nz",1\n,\n'), [['a', 'b'], ['x, "y"\nz', '1'], ['', '']])
  t.same(parseCsv(''), [])
})

t.test('the test helper fails the test that received a response off the document', async (t) => {
  const failures: string[] = []
  const document = JSON.parse(fs.readFileSync(OPENAPI_FILE, 'utf8'))
  const fakeApp = {
    swagger: () => document,
    inject: async () => ({ statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8', vary: 'Accept' }, body: '{"result":"success","data":[{"course_id":1}]}' })
  } as unknown as FastifyInstance
  checkResponsesAgainstOpenApi({ fail: (message: string) => { failures.push(message); return false } } as any, fakeApp)
  const res = await fakeApp.inject({ url: ENROLLMENTS })
  t.equal(res.statusCode, 200, 'the response is passed through')
  t.equal(failures.length, 1)
  t.match(failures[0], /^the response does not match the OpenAPI document:\nGET \/api\/v1\/ondemand-courses\/\{course_id\}\/reports\/enrollments → 200 \(application\/json\): \/data\/0 must have required property 'course_name'/)
})
