// Hostile input, property-based: whatever a client puts in the method, path, query, headers and body, the
// answer is a 200 for a valid request or a 4xx in the failure envelope; never a 5xx, never a hang, never a
// polluted prototype. Every route under /api/v1 is in ROUTES; the requests go through `inject`, so
// thousands of cases take seconds. (Bytes that never reach a route: raw-http.test.ts.)
import t from 'tap'
import fc from 'fast-check'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { bearer, buildTestApp, loadData } from '../helper.js'
import { OTHER_ORG, SPEC_ORG, course, enrollment, organization, specEnrollmentsData } from '../factories.js'

const COURSE = '6363d3d399533fd52834c620'
const OTHER_COURSE = 'c-other'
const VALID_AUTH = bearer(SPEC_ORG.id, SPEC_ORG.apiKey).authorization
const RUNS = Number(process.env.HOSTILE_RUNS ?? 1500)

interface Route { method: 'GET' | 'POST', path: (courseId: string) => string }
/** Every route of the API. */
const ROUTES: Route[] = [
  { method: 'GET', path: () => '/api/v1/health' },
  { method: 'GET', path: () => '/api/v1/ondemand' },
  { method: 'GET', path: (id) => `/api/v1/ondemand/${id}` },
  { method: 'GET', path: (id) => `/api/v1/ondemand-courses/${id}/reports/enrollments` },
  { method: 'GET', path: (id) => `/api/v1/ondemand-courses/${id}/reports/exercises` },
  { method: 'POST', path: (id) => `/api/v1/ondemand-courses/${id}/reports/user-activity` }
]

async function app (t: Tap): Promise<FastifyInstance> {
  const instance = await buildTestApp(t)
  loadData(instance, [
    ...specEnrollmentsData(),
    organization(OTHER_ORG),
    course({ id: OTHER_COURSE, organizationId: OTHER_ORG.id, exercises: [{ id: 'ox', title: 'T', type: 'question' }] }),
    enrollment({ id: 'other-e1', courseId: OTHER_COURSE })
  ])
  return instance
}
type Tap = Parameters<typeof buildTestApp>[0]

// ---- arbitraries --------------------------------------------------------------------------------------

/** A header value as it can arrive on the wire: visible ASCII plus raw latin-1 bytes (i.e. not UTF-8). */
const headerText = (maxLength: number): fc.Arbitrary<string> => fc.string({
  unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff })).map((c) => String.fromCharCode(c)),
  maxLength
})

const authorization = fc.oneof(
  { weight: 6, arbitrary: fc.constant(VALID_AUTH) },
  fc.constant(undefined),
  headerText(80),
  headerText(80).map((s) => `Bearer ${s}`),
  headerText(40).map((s) => `Bearer ${SPEC_ORG.id}:${s}`),
  headerText(40).map((s) => `Bearer ${s}:${SPEC_ORG.apiKey}`),
  fc.constantFrom('Bearer', 'Bearer ', 'Bearer :', `Bearer ${SPEC_ORG.id}:`, `Basic ${Buffer.from('a:b').toString('base64')}`,
    `bearer ${SPEC_ORG.id}:${SPEC_ORG.apiKey}`, `Bearer  ${SPEC_ORG.id}:${SPEC_ORG.apiKey} trailing`, 'Bearer __proto__:constructor',
    bearer(OTHER_ORG.id, OTHER_ORG.apiKey).authorization),
  fc.integer({ min: 1000, max: 20_000 }).map((n) => `Bearer ${SPEC_ORG.id}:${'k'.repeat(n)}`)
)

const accept = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('application/json', 'text/csv', '*/*', 'text/*', 'application/xml', 'text/csv;q=0', 'text/csv;q=2, application/json;q=abc',
    ',,,', ';;;', '*/*;q=-1', 'text/csv;q=0.5, application/json;q=0.5', '/', 'text/'),
  headerText(60)
)

const UNSAFE_IDS = ['..', '.', '%2e%2e', '%2F', '%00', '%', '%E0%A4%A', '%zz', '%C0%AF', '%FF%FE', '__proto__', 'constructor', 'prototype',
  'null', 'undefined', '0', '-1', '1e400', '9'.repeat(400), 'a'.repeat(257), encodeURIComponent('😀'), encodeURIComponent('é'),
  `${COURSE}%20`, COURSE.toUpperCase(), `${COURSE}.csv`, `${COURSE}/`, `${COURSE}//`, `${COURSE}?`, `${COURSE}#x`]

const courseId = fc.oneof(
  { weight: 4, arbitrary: fc.constant(COURSE) },
  fc.constant(OTHER_COURSE),
  fc.constantFrom(...UNSAFE_IDS),
  fc.string({ maxLength: 60 }).map(encodeURIComponent),
  fc.string({ unit: 'binary', maxLength: 60 }).map((s) => encodeURIComponent(s)),
  fc.string({ unit: fc.constantFrom('%', 'A', '0', 'f', 'Z', '/', '.'), maxLength: 20 })
)

const queryKey = fc.oneof(
  fc.constantFrom('output', 'output', 'output[]', 'output[0]', '__proto__', '__proto__[output]', 'constructor', 'constructor[prototype][polluted]',
    'prototype', 'from', 'to', 'toString', 'hasOwnProperty', ''),
  fc.string({ maxLength: 20 }).map(encodeURIComponent)
)
const queryValue = fc.oneof(
  fc.constantFrom('json', 'csv', 'JSON', 'xml', '', 'json,csv', '1', 'true', 'null', '%', '%zz', '1e400', '2024-13-45', 'polluted'),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.integer({ min: 1000, max: 9000 }).map((n) => 'x'.repeat(n))
)
const query = fc.array(fc.tuple(queryKey, queryValue), { maxLength: 5 })
  .map((pairs) => pairs.length === 0 ? '' : '?' + pairs.map(([k, v]) => `${k}=${v}`).join('&'))

const deepJson = fc.integer({ min: 1, max: 20_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth))
const window = fc.record({
  from: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.constantFrom('2024-01-01', '2024-02-30', 'yesterday', '', '2024-01-01T00:00:00+14:00')),
  to: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.constantFrom('2026-03-15T10:00:00.000Z', '-271821-04-20T00:00:00.000Z', '+275760-09-13T00:00:00.000Z'))
}, { requiredKeys: [] })
const body = fc.oneof(
  fc.constant(undefined),
  { weight: 3, arbitrary: window.map((w) => JSON.stringify(w)) },
  fc.json(),
  deepJson,
  fc.constantFrom('{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '{"from":"2024-02-30T25:61:00Z"}',
    '{"from":1e400,"to":-1e400}', '{"from":["2024-01-01"],"to":{"$gt":""}}', '{"from":null}', '[]', '""', 'null', '{', '{"a":', '\u0000',
    '{"from":"' + 'x'.repeat(5000) + '"}', '9'.repeat(1000)),
  fc.string({ unit: 'binary', maxLength: 200 })
)
const contentType = fc.constantFrom(undefined, 'application/json', 'application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/jsonx', 'APPLICATION/JSON', '')

const request = fc.record({
  route: fc.constantFrom(...ROUTES),
  method: fc.oneof({ weight: 12, arbitrary: fc.constant('route') }, fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS')),
  courseId,
  suffix: fc.oneof({ weight: 8, arbitrary: fc.constant('') }, fc.constantFrom('/', '//', '/extra', '%2F', '/..', '?')),
  query,
  authorization,
  accept,
  body,
  contentType,
  extraHeaders: fc.dictionary(fc.constantFrom('x-forwarded-for', 'content-encoding', 'transfer-encoding-x', 'origin', 'if-none-match', 'range', 'cookie'),
    headerText(60), { maxKeys: 3 })
})

// ---- the property ---------------------------------------------------------------------------------------

type Case = typeof request extends fc.Arbitrary<infer T> ? T : never

function toInject (c: Case): InjectOptions {
  const method = (c.method === 'route' ? c.route.method : c.method) as InjectOptions['method']
  const headers: Record<string, string> = { ...c.extraHeaders }
  if (c.authorization !== undefined) headers.authorization = c.authorization
  if (c.accept !== undefined) headers.accept = c.accept
  if (c.contentType !== undefined) headers['content-type'] = c.contentType
  const hasBody = c.body !== undefined && method !== 'GET' && method !== 'HEAD'
  return { method, url: c.route.path(c.courseId) + c.suffix + c.query, headers, ...(hasBody ? { payload: c.body } : {}) }
}

const HANG_MS = 5000
async function injectWithin (instance: FastifyInstance, options: InjectOptions): Promise<Awaited<ReturnType<FastifyInstance['inject']>>> {
  let timer: NodeJS.Timeout | undefined
  const hang = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${HANG_MS} ms`)), HANG_MS) })
  try { return await Promise.race([instance.inject(options), hang]) } finally { clearTimeout(timer) }
}

function checkAnswer (options: InjectOptions, res: Awaited<ReturnType<FastifyInstance['inject']>>): void {
  const where = `${String(options.method)} ${String(options.url).slice(0, 120)} → ${res.statusCode}`
  if (res.statusCode >= 500) throw new Error(`5xx: ${where} ${res.body.slice(0, 200)}`)
  if (res.statusCode !== 200 && res.statusCode !== 204 && (res.statusCode < 400 || res.statusCode >= 500)) throw new Error(`unexpected status: ${where}`)
  if (options.method === 'HEAD' || res.statusCode === 204) return
  const type = String(res.headers['content-type'])
  if (res.statusCode === 200) {
    if (type.startsWith('text/csv')) return
    const parsed = type.startsWith('application/json') ? JSON.parse(res.body) : undefined
    // The health check answers like the real API: {"status":"ok","message":"Healthy"}, not an envelope.
    if (parsed?.result !== 'success' && parsed?.status !== 'ok') throw new Error(`200 not a success answer: ${where}`)
    return
  }
  if (type !== 'application/json; charset=utf-8') throw new Error(`failure not JSON: ${where} ${type}`)
  const envelope = JSON.parse(res.body)
  if (envelope.result !== 'failure' || typeof envelope.error?.type !== 'string' || typeof envelope.error?.message !== 'string') {
    throw new Error(`not the failure envelope: ${where} ${res.body.slice(0, 200)}`)
  }
  if (/at .+\.(ts|js):\d+|SELECT |sqlite/i.test(res.body)) throw new Error(`internals leaked: ${where} ${res.body.slice(0, 200)}`)
}

const prototypeKeys = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort()

t.test(`${RUNS} hostile requests over every API route: 200 or a 4xx envelope, never a 5xx or a hang`, async (t) => {
  const instance = await app(t)
  const before = prototypeKeys()
  const statuses = new Map<number, number>()
  await fc.assert(fc.asyncProperty(request, async (c) => {
    const options = toInject(c)
    const res = await injectWithin(instance, options)
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
    checkAnswer(options, res)
  }), { numRuns: RUNS })
  t.same(prototypeKeys(), before, 'Object.prototype unchanged')
  t.equal(({} as Record<string, unknown>).polluted, undefined)
  t.comment(`statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`)
  // The generator must reach the interesting answers, or the property proves little.
  for (const status of [200, 401, 404]) t.ok((statuses.get(status) ?? 0) > 0, `some ${status}s`)
})

t.test('valid credentials and a valid course: any Accept and output give 200, 406 or 422, and the data is the same', async (t) => {
  const instance = await app(t)
  const reference = JSON.parse((await instance.inject({ url: ROUTES[3].path(COURSE), headers: { authorization: VALID_AUTH } })).body)
  await fc.assert(fc.asyncProperty(accept, fc.option(queryValue, { nil: undefined }), async (acceptHeader, output) => {
    const url = ROUTES[3].path(COURSE) + (output === undefined ? '' : `?output=${output}`)
    const headers: Record<string, string> = { authorization: VALID_AUTH }
    if (acceptHeader !== undefined) headers.accept = acceptHeader
    const res = await injectWithin(instance, { url, headers })
    checkAnswer({ method: 'GET', url }, res)
    if (![200, 406, 422].includes(res.statusCode)) throw new Error(`${res.statusCode} for Accept ${acceptHeader} output ${output}`)
    if (res.statusCode === 200 && String(res.headers['content-type']).startsWith('application/json')) {
      t.same(JSON.parse(res.body), reference)
    }
  }), { numRuns: Math.ceil(RUNS / 3) })
})

t.test('any Authorization other than the valid one is the one identical 401', async (t) => {
  const instance = await app(t)
  const canonical = (await instance.inject({ url: ROUTES[3].path(COURSE) })).body
  await fc.assert(fc.asyncProperty(authorization.filter((a) => a !== VALID_AUTH && a !== bearer(OTHER_ORG.id, OTHER_ORG.apiKey).authorization &&
    a !== `bearer ${SPEC_ORG.id}:${SPEC_ORG.apiKey}`), async (value) => {
    const res = await injectWithin(instance, { url: ROUTES[3].path(COURSE), headers: value === undefined ? {} : { authorization: value } })
    if (res.statusCode !== 401 || res.body !== canonical) throw new Error(`${JSON.stringify(value).slice(0, 80)} → ${res.statusCode} ${res.body}`)
  }), { numRuns: Math.ceil(RUNS / 3) })
  t.pass()
})

t.test('user activity: any body and Content-Type with valid credentials give 200, 413, 415 or 422', async (t) => {
  const instance = await app(t)
  const url = ROUTES[5].path(COURSE)
  const seen = new Map<number, number>()
  await fc.assert(fc.asyncProperty(body, contentType, accept, async (payload, type, acceptHeader) => {
    const headers: Record<string, string> = { authorization: VALID_AUTH }
    if (type !== undefined) headers['content-type'] = type
    if (acceptHeader !== undefined) headers.accept = acceptHeader
    const options: InjectOptions = { method: 'POST', url, headers, ...(payload !== undefined ? { payload } : {}) }
    const res = await injectWithin(instance, options)
    seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1)
    checkAnswer(options, res)
    if (![200, 406, 413, 415, 422].includes(res.statusCode)) throw new Error(`${res.statusCode} for ${type} ${String(payload).slice(0, 80)}`)
  }), { numRuns: Math.ceil(RUNS / 2) })
  t.comment(`statuses: ${JSON.stringify(Object.fromEntries(seen))}`)
  for (const status of [200, 415, 422]) t.ok((seen.get(status) ?? 0) > 0, `some ${status}s`)
})
