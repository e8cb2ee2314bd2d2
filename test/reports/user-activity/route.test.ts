import t from 'tap'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { TEST_NOW, bearer, buildTestApp, loadData } from '../../helper.js'
import { OTHER_ORG, SPEC_ORG, course, enrollment, organization } from '../../factories.js'
import type { DataRecord, SessionRecord } from '../../../src/data/dataset.js'
import { USER_ACTIVITY_JSON } from '../../spec-examples.js'

const COURSE_ID = '6363d3d399533fd52834c620'
const URL = `/api/v1/ondemand-courses/${COURSE_ID}/reports/user-activity`
const auth = bearer(SPEC_ORG.id, SPEC_ORG.apiKey)
const jsonHeaders = { ...auth, 'content-type': 'application/json' }

const SPEC_JSON = USER_ACTIVITY_JSON

// The spec's request body, as its curl example sends it (indented, from a heredoc).
const SPEC_REQUEST = `    {
      "from": "2018-10-28T08:14:55.743Z",
      "to": "2022-11-07T08:14:55.743Z"
    }
`

/** The records behind the spec's user-activity example. */
function specUserActivityData (): DataRecord[] {
  return [
    organization(SPEC_ORG),
    course({ id: COURSE_ID, organizationId: SPEC_ORG.id, name: 'My on demand course' }),
    enrollment({
      id: '63677b1f41cb30b50754d28e',
      courseId: COURSE_ID,
      email: 'monica@raviga.com',
      name: 'Monica Hall',
      workspaceId: 'gF29ttALksgieTfYh',
      status: 'started',
      enrolledAt: '2022-11-06T09:15:11.572Z',
      startedAt: '2022-11-06T09:15:32.425Z',
      sessions: [{ start: '2022-11-06T09:15:32.468Z', end: '2022-11-06T09:28:52.239Z' }]
    })
  ]
}

/** A course whose enrollments each have the given sessions (enrollment i is enrolled i seconds after 2020). */
function courseWithSessions (sessionsByEnrollment: Record<string, SessionRecord[]>, courseId = COURSE_ID): DataRecord[] {
  return [
    organization(SPEC_ORG),
    course({ id: courseId, organizationId: SPEC_ORG.id }),
    ...Object.entries(sessionsByEnrollment).map(([id, sessions], i) => enrollment({
      id,
      courseId,
      status: 'started',
      enrolledAt: new Date(Date.UTC(2020, 0, 1) + i * 1000).toISOString(),
      startedAt: new Date(Date.UTC(2020, 0, 1) + i * 1000 + 500).toISOString(),
      sessions
    }))
  ]
}

async function report (app: FastifyInstance, body?: unknown, options: InjectOptions = {}) {
  return await app.inject({
    method: 'POST',
    url: URL,
    headers: body === undefined ? auth : jsonHeaders,
    ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    ...options
  })
}

const validationError = (...errors: Array<{ param: string, msg: string, location?: string }>) => ({
  result: 'failure',
  error: {
    type: 'RequestValidationError',
    message: 'The request is not valid',
    errors: errors.map((e) => ({ location: e.location ?? 'body', param: e.param, msg: e.msg }))
  }
})

const DATE_MSG = 'must be an ISO-8601 date (2024-03-01) or date-time (2024-03-01T10:00:00.000Z)'
const STRING_MSG = `must be a string: an ISO-8601 date (2024-03-01) or date-time (2024-03-01T10:00:00.000Z)`
const BODY_MSG = 'must be a JSON object with the optional parameters from and to'

t.test('reproduces the spec example byte for byte, from the same records and the same window', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specUserActivityData())
  const res = await app.inject({
    method: 'POST',
    url: URL,
    headers: { ...auth, accept: 'application/json', 'content-type': 'application/json' },
    payload: SPEC_REQUEST
  })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/json; charset=utf-8')
  t.equal(res.headers.vary, 'Accept')
  t.equal(res.body, JSON.stringify(JSON.parse(SPEC_JSON)))
})

t.test('defaults: a missing body, an empty body and {} all give [now - 1 month, now] by the frozen clock', async (t) => {
  const app = await buildTestApp(t) // clock frozen at TEST_NOW, 2026-03-15T10:00:00.000Z
  loadData(app, courseWithSessions({
    inside: [{ start: '2026-03-01T10:00:00.000Z', end: '2026-03-01T11:00:00.000Z' }],
    before: [{ start: '2026-02-14T10:00:00.000Z', end: '2026-02-15T09:59:59.999Z' }],
    after: [{ start: '2026-03-15T10:00:00.000Z', end: '2026-03-15T11:00:00.000Z' }]
  }))
  const expected = { from: '2026-02-15T10:00:00.000Z', to: TEST_NOW }
  const variants: Array<[string, InjectOptions]> = [
    ['no body, no content type', { headers: auth }],
    ['empty JSON body', { headers: jsonHeaders, payload: '' }],
    ['whitespace JSON body', { headers: jsonHeaders, payload: ' \n' }],
    ['{}', { headers: jsonHeaders, payload: '{}' }],
    ['no body, ?output=json', { headers: auth, url: `${URL}?output=json` }]
  ]
  for (const [label, options] of variants) {
    const res = await app.inject({ method: 'POST', url: URL, ...options })
    t.equal(res.statusCode, 200, label)
    const data = res.json().data
    t.same(data.map((row: any) => row.enrollmentId), ['inside'], label)
    t.same({ from: data[0].from, to: data[0].to }, expected, label)
  }
})

t.test('defaults clamp at month ends (leap and common years), and follow the clock when it moves', async (t) => {
  const app = await buildTestApp(t, { FROZEN_NOW: '2024-03-31T12:00:00.000Z' })
  loadData(app, courseWithSessions({
    e1: [{ start: '2023-03-01T00:00:00.000Z', end: '2024-12-31T00:00:00.000Z' }] // spans every window below
  }))
  const windowOf = async () => {
    const row = (await report(app)).json().data[0]
    return { from: row.from, to: row.to }
  }
  t.same(await windowOf(), { from: '2024-02-29T12:00:00.000Z', to: '2024-03-31T12:00:00.000Z' }, 'leap year, from FROZEN_NOW')
  app.clock.freeze('2023-03-31T12:00:00.000Z')
  t.same(await windowOf(), { from: '2023-02-28T12:00:00.000Z', to: '2023-03-31T12:00:00.000Z' }, 'common year, clock moved at run time')
  app.clock.freeze('2024-12-31T23:59:59.999Z')
  t.same(await windowOf(), { from: '2024-11-30T23:59:59.999Z', to: '2024-12-31T23:59:59.999Z' }, '31 December gives 30 November')
})

t.test('only from: to is now', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, courseWithSessions({
    old: [{ start: '2025-01-01T00:00:00.000Z', end: '2025-01-01T01:00:00.000Z' }],
    recent: [{ start: '2025-06-01T00:00:00.000Z', end: '2025-06-01T01:00:00.000Z' }]
  }))
  const res = await report(app, { from: '2025-03-01' })
  t.equal(res.statusCode, 200)
  const data = res.json().data
  t.same(data.map((row: any) => [row.enrollmentId, row.from, row.to]), [['recent', '2025-03-01T00:00:00.000Z', TEST_NOW]])
})

t.test('only to: from is one calendar month before it', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, courseWithSessions({
    feb: [{ start: '2025-02-28T12:00:00.000Z', end: '2025-02-28T13:00:00.000Z' }],
    early: [{ start: '2025-02-27T12:00:00.000Z', end: '2025-02-27T13:00:00.000Z' }]
  }))
  const res = await report(app, { to: '2025-03-31T00:00:00+00:00' })
  t.equal(res.statusCode, 200)
  t.same(res.json().data.map((row: any) => [row.enrollmentId, row.from, row.to]), [
    ['feb', '2025-02-28T00:00:00.000Z', '2025-03-31T00:00:00.000Z']
  ])
})

t.test('dates with an offset and date-only values are read as documented', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, courseWithSessions({ e1: [{ start: '2024-03-01T00:30:00.000Z', end: '2024-03-01T01:00:00.000Z' }] }))
  const row = (await report(app, { from: '2024-03-01', to: '2024-03-01T03:00:00+02:00' })).json().data[0]
  t.same([row.from, row.to], ['2024-03-01T00:00:00.000Z', '2024-03-01T01:00:00.000Z'])
})

t.test('from later than to is a 422 on from', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specUserActivityData())
  const res = await report(app, { from: '2022-11-07T08:14:55.744Z', to: '2022-11-07T08:14:55.743Z' })
  t.equal(res.statusCode, 422)
  t.same(res.json(), validationError({ param: 'from', msg: 'must not be later than to (2022-11-07T08:14:55.743Z)' }))
  const future = await report(app, { from: '2027-01-01' })
  t.same(future.json(), validationError({ param: 'from', msg: `must not be later than to (${TEST_NOW}, the time of the request)` }))
  const equal = await report(app, { from: '2022-11-06T09:20:00Z', to: '2022-11-06T09:20:00Z' })
  t.equal(equal.statusCode, 200, 'from equal to to is allowed: the sessions in progress at that instant')
  t.equal(equal.json().data.length, 1)
})

t.test('every invalid input is a 422 naming the parameter, never a 500', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specUserActivityData())
  const cases: Array<[string, string, object]> = [
    ['unparsable from', '{"from":"last tuesday"}', validationError({ param: 'from', msg: DATE_MSG })],
    ['impossible date', '{"to":"2023-02-29"}', validationError({ param: 'to', msg: DATE_MSG })],
    ['empty string', '{"from":""}', validationError({ param: 'from', msg: DATE_MSG })],
    ['number', '{"from":1541405695743}', validationError({ param: 'from', msg: STRING_MSG })],
    ['boolean', '{"to":true}', validationError({ param: 'to', msg: STRING_MSG })],
    ['null value', '{"from":null}', validationError({ param: 'from', msg: STRING_MSG })],
    ['array value', '{"from":["2024-01-01"]}', validationError({ param: 'from', msg: STRING_MSG })],
    ['object value', '{"to":{"date":"2024-01-01"}}', validationError({ param: 'to', msg: STRING_MSG })],
    ['both invalid', '{"from":5,"to":"x"}', validationError({ param: 'from', msg: STRING_MSG }, { param: 'to', msg: DATE_MSG })],
    ['unknown key', '{"form":"2024-01-01"}', validationError({ param: 'form', msg: 'is not a parameter of this report (from, to)' })],
    ['array body', '[]', validationError({ param: 'body', msg: BODY_MSG })],
    ['array of objects', '[{"from":"2024-01-01"}]', validationError({ param: 'body', msg: BODY_MSG })],
    ['number body', '42', validationError({ param: 'body', msg: BODY_MSG })],
    ['string body', '"2024-01-01"', validationError({ param: 'body', msg: BODY_MSG })],
    ['null body', 'null', validationError({ param: 'body', msg: BODY_MSG })],
    ['boolean body', 'false', validationError({ param: 'body', msg: BODY_MSG })],
    ['malformed JSON', '{"from": "2024-01-01"', validationError({ param: 'body', msg: 'must be valid JSON' })],
    ['trailing garbage', '{} x', validationError({ param: 'body', msg: 'must be valid JSON' })],
    ['prototype poisoning', '{"__proto__":{"from":"2024-01-01"}}', validationError({ param: 'body', msg: 'must be valid JSON' })]
  ]
  for (const [label, payload, expected] of cases) {
    const res = await report(app, payload)
    t.equal(res.statusCode, 422, label)
    t.equal(res.headers['content-type'], 'application/json; charset=utf-8', label)
    t.same(res.json(), expected, label)
  }
  const output = await report(app, undefined, { url: `${URL}?output=csv` })
  t.equal(output.statusCode, 422, '?output=csv: this report is JSON only')
  t.same(output.json(), validationError({ location: 'query', param: 'output', msg: 'must be equal to one of the allowed values' }))
})

t.test('a body that is not JSON is a 415 in the envelope', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specUserActivityData())
  const expected = { result: 'failure', error: { type: 'UnsupportedMediaType', message: 'Content-Type must be application/json' } }
  const cases: Array<[string, InjectOptions]> = [
    ['text/plain', { headers: { ...auth, 'content-type': 'text/plain' }, payload: '{"from":"2024-01-01"}' }],
    ['form', { headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'from=2024-01-01' }],
    ['csv', { headers: { ...auth, 'content-type': 'text/csv' }, payload: 'from\n2024-01-01\n' }],
    ['no content type', { headers: { ...auth, 'content-length': '2' }, payload: Buffer.from('{}') }]
  ]
  for (const [label, options] of cases) {
    const res = await app.inject({ method: 'POST', url: URL, ...options })
    t.equal(res.statusCode, 415, label)
    t.same(res.json(), expected, label)
  }
  const charset = await report(app, undefined, {
    headers: { ...auth, 'content-type': 'application/json; charset=utf-8' },
    payload: SPEC_REQUEST
  })
  t.equal(charset.statusCode, 200, 'application/json with a charset is JSON')
})

t.test('boundaries: a session touching the window edge is out, one spanning it is in, whole', async (t) => {
  const app = await buildTestApp(t)
  const from = '2024-01-10T00:00:00.000Z'
  const to = '2024-01-20T00:00:00.000Z'
  loadData(app, courseWithSessions({
    endsAtFrom: [{ start: '2024-01-09T23:00:00.000Z', end: from }],
    startsAtTo: [{ start: to, end: '2024-01-20T01:00:00.000Z' }],
    endsJustAfterFrom: [{ start: '2024-01-09T23:00:00.000Z', end: '2024-01-10T00:00:00.001Z' }],
    startsJustBeforeTo: [{ start: '2024-01-19T23:59:59.999Z', end: '2024-01-20T01:00:00.000Z' }],
    spansWindow: [{ start: '2024-01-01T00:00:00.000Z', end: '2024-01-31T00:00:00.000Z' }],
    mixed: [
      { start: '2024-01-15T00:00:00.000Z', end: '2024-01-15T00:30:00.000Z' },
      { start: '2024-01-05T00:00:00.000Z', end: '2024-01-05T00:30:00.000Z' },
      { start: '2024-01-25T00:00:00.000Z', end: '2024-01-25T00:30:00.000Z' },
      { start: '2024-01-11T00:00:00.000Z', end: '2024-01-11T00:10:00.000Z' }
    ],
    none: []
  }))
  const res = await report(app, { from, to })
  t.equal(res.statusCode, 200)
  const data = res.json().data
  t.same(data.map((row: any) => row.enrollmentId), ['endsJustAfterFrom', 'startsJustBeforeTo', 'spansWindow', 'mixed'],
    'touching sessions and enrollments without activity in the window are left out; enrollment order kept')
  t.same(data[0].sessions, [{ sessionStartTime: '2024-01-09T23:00:00.000Z', sessionEndTime: '2024-01-10T00:00:00.001Z', sessionDurationInSeconds: 3600.001 }],
    'not clipped to the window')
  t.same(data[2].sessions, [{ sessionStartTime: '2024-01-01T00:00:00.000Z', sessionEndTime: '2024-01-31T00:00:00.000Z', sessionDurationInSeconds: 2_592_000 }])
  t.same(data[3].sessions.map((s: any) => s.sessionStartTime), ['2024-01-11T00:00:00.000Z', '2024-01-15T00:00:00.000Z'],
    'only the overlapping sessions, sorted by start')
  t.equal(data[3].totalSessionTime, 2400)
})

t.test('durations and totals: seconds with millisecond precision, totals exact', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, courseWithSessions({
    e1: [
      { start: '2024-01-02T09:15:32.468Z', end: '2024-01-02T09:28:52.239Z' }, // 799.771
      { start: '2024-01-03T00:00:00.000Z', end: '2024-01-03T00:00:00.100Z' }, // 0.1
      { start: '2024-01-04T00:00:00.000Z', end: '2024-01-04T00:00:00.200Z' } // 0.2
    ],
    e2: [
      { start: '2024-01-02T00:00:00.000Z', end: '2024-01-02T00:00:00.700Z' }, // 0.7
      { start: '2024-01-03T00:00:00.000Z', end: '2024-01-03T00:00:00.100Z' } // 0.1
    ],
    e3: [{ start: '2024-01-02T00:00:00.000Z', end: '2024-01-02T00:00:00.000Z' }], // zero length, inside
    e4: [{ start: '2024-01-02T00:00:00.000Z', end: '2024-01-02T03:25:45.001Z' }] // 12345.001
  }))
  const res = await report(app, { from: '2024-01-01', to: '2024-02-01' })
  // Checked on the text: a float residue such as 800.0710000000001 would show here.
  t.match(res.body, '"sessionDurationInSeconds":799.771}')
  t.match(res.body, '"sessionDurationInSeconds":0.1}')
  t.match(res.body, '"enrollmentId":"e1"')
  const totals = [...res.body.matchAll(/"enrollmentId":"(\w+)".*?"totalSessionTime":([^,]+),/g)].map((m) => [m[1], m[2]])
  t.same(totals, [['e1', '800.071'], ['e2', '0.8'], ['e3', '0'], ['e4', '12345.001']])
})

t.test('an enrollment that has sessions but no start time shows startedAt null', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, [
    organization(SPEC_ORG),
    course({ id: COURSE_ID, organizationId: SPEC_ORG.id }),
    enrollment({ id: 'e1', courseId: COURSE_ID, sessions: [{ start: '2024-01-02T00:00:00.000Z', end: '2024-01-02T00:01:00.000Z' }] })
  ])
  const row = (await report(app, { from: '2024-01-01', to: '2024-02-01' })).json().data[0]
  t.equal(row.startedAt, null)
  t.equal(row.status, 'enrolled')
})

t.test('a course without activity in the window: an empty list', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specUserActivityData())
  const res = await report(app) // the default window (2026) holds none of the 2022 activity
  t.equal(res.statusCode, 200)
  t.equal(res.body, '{"result":"success","data":[]}')
})

t.test('authentication, 404 and isolation between organisations', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, [
    ...specUserActivityData(),
    organization(OTHER_ORG),
    course({ id: 'theirs', organizationId: OTHER_ORG.id }),
    enrollment({ id: 'their-learner', courseId: 'theirs', sessions: [{ start: '2026-03-01T00:00:00.000Z', end: '2026-03-01T01:00:00.000Z' }] })
  ])
  const unauthorized = { result: 'failure', error: { type: 'Unauthorized', message: 'Unauthorized' } }
  for (const headers of [{}, { authorization: `Bearer ${SPEC_ORG.id}:wrong-key-000` }, bearer(OTHER_ORG.id, SPEC_ORG.apiKey)]) {
    const res = await app.inject({ method: 'POST', url: URL, headers: { ...headers, 'content-type': 'application/json' }, payload: '{' })
    t.equal(res.statusCode, 401, 'credentials are checked before the body')
    t.same(res.json(), unauthorized)
  }
  const theirs = await app.inject({ method: 'POST', url: '/api/v1/ondemand-courses/theirs/reports/user-activity', headers: auth })
  const missing = await app.inject({ method: 'POST', url: '/api/v1/ondemand-courses/nope/reports/user-activity', headers: auth })
  t.equal(theirs.statusCode, 404)
  t.equal(theirs.body, missing.body, 'another organisation\'s course is indistinguishable from a missing one')
  t.same(theirs.json(), { result: 'failure', error: { type: 'CourseNotFound', message: 'Course not found' } })
  const mine = await app.inject({ method: 'POST', url: URL, headers: bearer(OTHER_ORG.id, OTHER_ORG.apiKey) })
  t.equal(mine.statusCode, 404, 'and the other way round')
  const own = await app.inject({ method: 'POST', url: '/api/v1/ondemand-courses/theirs/reports/user-activity', headers: bearer(OTHER_ORG.id, OTHER_ORG.apiKey) })
  t.same(own.json().data.map((row: any) => row.enrollmentId), ['their-learner'])
  const invalidOnMissing = await app.inject({
    method: 'POST', url: '/api/v1/ondemand-courses/nope/reports/user-activity', headers: jsonHeaders, payload: '[]'
  })
  t.equal(invalidOnMissing.statusCode, 422, 'parameters are validated before the course is looked up')
})

t.test('JSON only: an Accept of only text/csv is a 406', async (t) => {
  const app = await buildTestApp(t)
  loadData(app, specUserActivityData())
  const csvOnly = await report(app, undefined, { headers: { ...auth, accept: 'text/csv' } })
  t.equal(csvOnly.statusCode, 406)
  t.same(csvOnly.json(), { result: 'failure', error: { type: 'NotAcceptable', message: 'This resource can be represented as application/json only' } })
  for (const accept of ['text/csv, application/json;q=0.1', '*/*', 'application/*', 'application/json']) {
    const res = await report(app, undefined, { headers: { ...auth, accept } })
    t.equal(res.statusCode, 200, accept)
    t.equal(res.headers['content-type'], 'application/json; charset=utf-8', accept)
  }
})

t.test('a large course streams: chunked, every enrollment and session present, in order', async (t) => {
  const app = await buildTestApp(t)
  const count = 3000
  loadData(app, (function * (): Generator<DataRecord> {
    yield organization(SPEC_ORG)
    yield course({ id: 'big', organizationId: SPEC_ORG.id })
    for (let i = 0; i < count; i++) {
      const base = Date.UTC(2026, 2, 1) + i * 60_000
      yield enrollment({
        id: `e${String(i).padStart(5, '0')}`,
        courseId: 'big',
        status: 'started',
        enrolledAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
        startedAt: new Date(Date.UTC(2026, 0, 1) + i * 1000 + 1).toISOString(),
        // Inserted latest first: the report sorts them.
        sessions: [2, 1, 0].map((k) => ({ start: new Date(base + k * 3_600_000).toISOString(), end: new Date(base + k * 3_600_000 + 1001).toISOString() }))
      })
    }
  })())
  const res = await app.inject({ method: 'POST', url: '/api/v1/ondemand-courses/big/reports/user-activity', headers: auth })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-length'], undefined, 'no content-length: streamed')
  t.equal(res.headers['transfer-encoding'], 'chunked')
  const data = res.json().data
  t.equal(data.length, count)
  t.same(data.map((row: any) => row.enrollmentId), Array.from({ length: count }, (_, i) => `e${String(i).padStart(5, '0')}`))
  t.ok(data.every((row: any) => row.sessions.length === 3 && row.totalSessionTime === 3.003 &&
    row.sessions[0].sessionStartTime < row.sessions[1].sessionStartTime &&
    row.sessions[1].sessionStartTime < row.sessions[2].sessionStartTime), 'three sessions each, by start, totals exact')
})
